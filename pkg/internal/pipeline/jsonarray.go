package pipeline

// JSON arrays of response objects at the top level of the input
// (reader.FastInput.Start is where its elements start; an array under a
// key of an object, chosen among several, is the general reader's). The objects are read as JSON Lines' lines are, by
// pkg/jsonscan (Object: an object may span lines), with the general
// decoder's flattening for the objects it cannot take
// (reader.JSONLLines.Line). Anything else the extractor is unsure of, a
// value it cannot validate (nested deeper than it follows, or invalid), a
// separator that is not ',' or ']', bytes after the JSON, a truncated file, hands the rest
// of the input to the general decoder itself (reader.JSONRest), which
// reads the input again from its first byte and goes on after the objects
// already read: its rows and errors are the general reader's by
// construction. Read in the sequential mode (a reading goroutine beside
// the scan).

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"

	"github.com/npskit/nps/pkg/internal/jsonscan"
	"github.com/npskit/nps/pkg/internal/reader"
)

// arrayState is where the scan of an array is.
type arrayState int

const (
	inPrefix  arrayState = iota // before the elements
	inElement                   // an element comes next
	inAfter                     // ',' or ']' comes next
	inEnd                       // only white space may follow
)

// errUnsure hands the rest of an input to the general decoder.
var errUnsure = errors.New("pipeline: the general decoder reads the rest")

// array streams JSON array input i.
func (s *jseq) array(ctx context.Context, i int) error {
	return s.arrayFrom(ctx, i, s.cfg.Plan.Inputs[i].Start, 1, inPrefix, 0)
}

// arrayFrom streams JSON array input i from offset from of its text, on
// line, in state (inPrefix: from the first byte, up to the elements), count
// objects having been read before.
func (s *jseq) arrayFrom(ctx context.Context, i int, from, line int64, state arrayState, count int64) error {
	plan := s.cfg.Plan
	in := &plan.Inputs[i]
	w := s.w
	w.input(i)
	back := s.cfg.rewind()
	maxRec := int(reader.MaxRecordBytes())
	var off int64 // offset of data[0] in the input's text
	skip := in.Start
	if state != inPrefix {
		off, skip = from, from
	}
	err := s.cfg.streamAt(ctx, i, off, func(data []byte, rerr error) (int, bool, error) {
		atEOF := rerr != nil
		pos := 0
		if off < skip {
			n := int(min(int64(len(data)), skip-off))
			if state == inPrefix {
				line += int64(bytes.Count(data[:n], []byte{'\n'}))
			}
			pos = n
			if off+int64(n) < skip {
				off += int64(n)
				if atEOF {
					return 0, false, errUnsure
				}
				return n, false, nil
			}
			if state == inPrefix {
				state = inElement
			}
		}
		// more keeps the bytes from k for the next block, or gives up
		// when there is none or the value is over the record size limit.
		more := func(k int) (int, bool, error) {
			if atEOF || len(data)-k > maxRec {
				return 0, false, errUnsure
			}
			off += int64(k)
			return k, false, nil
		}
		w.sc.Text(data)
		for {
			p, nl := jsonscan.Space(data, pos)
			line += int64(nl)
			pos = p
			if pos == len(data) {
				if atEOF && state == inEnd && rerr == io.EOF {
					return 0, true, nil
				}
				return more(pos)
			}
			switch state {
			case inElement:
				if data[pos] != '{' {
					return 0, false, errUnsure
				}
				end, nl, err := w.element(data, pos, line)
				if end < 0 {
					return more(pos)
				}
				if err != nil {
					return 0, false, err
				}
				if end > maxRec {
					return 0, false, errUnsure
				}
				if err := w.take(i, line, off+int64(pos)); err != nil {
					return 0, false, err
				}
				line += int64(nl)
				pos += end
				count++
				state = inAfter
			case inAfter:
				switch data[pos] {
				case ',':
					state = inElement
				case ']':
					state = inEnd
				default:
					return 0, false, errUnsure
				}
				pos++
			case inEnd:
				return 0, false, errUnsure
			}
		}
	})
	if err == errSampled || s.done {
		return nil
	}
	if err != errUnsure {
		return err
	}
	if state == inPrefix {
		back() // the general decoder reads the input again from its first byte
	}
	return s.arrayRest(ctx, i, count)
}

// arrayRest reads JSON array input i with the general decoder, after the
// skip objects read already.
func (s *jseq) arrayRest(ctx context.Context, i int, skip int64) error {
	r, closeFn, err := s.cfg.openInput(i)
	if err != nil {
		return err
	}
	defer closeFn()
	rest, err := s.cfg.Plan.JSONRest(i, r, skip)
	if err != nil {
		return err
	}
	for n := 0; ; n++ {
		if n%checkInterval == 0 && ctx.Err() != nil {
			return interrupted()
		}
		line, off, err := rest.Next(s.w.rows, s.w.fb)
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		if err := s.w.take(i, line, off); err != nil {
			if err == errSampled {
				return nil
			}
			return err
		}
	}
}

// checkInterval is how many objects the general decoder reads between
// checks for Ctrl-C.
const checkInterval = 1 << 12

// The parallel mode of JSON arrays. A chunk cannot know where an element
// starts from its bytes alone; it guesses (speculates): at the first line
// start in it, after white space and a ',', an '{'. It reads the elements
// from there whose start is in the chunk, reading on to finish the last,
// and notes where the next element starts (or where the array ends). The
// guesses are then checked as a chain from the first element: each chunk
// that the chain reaches inside must have started exactly where the chunk
// before said the next element is, and every other chunk must have
// started nowhere. Any other outcome (an indented array, whose lines
// start inside elements; an array on one line; anything the extractor is
// unsure of) redoes the input in the sequential mode, which is exact by
// construction: the parallel pass is kept only when it read exactly the
// elements, in the chunks, that the sequential one would have.

// link is what a chunk of a JSON array found, for the chain check.
type link struct {
	claim   int64 // where its first element starts, -1 none
	next    int64 // where the element after its last starts, -1 when the array ended
	end     int64 // where the array's ']' is, when it ended in this chunk
	endLine int64
	objects int64
}

// arrayChunk reads the elements of JSON array input i that start in
// [a, b) of file f (see link); buf holds the bytes from a0 (a, or the byte
// before it) to b, baseLine is the line at a.
func (w *jworker) arrayChunk(f *os.File, buf []byte, a0, a, b, size int64, i int, baseLine int64, first bool) ([]byte, error, bool) {
	w.input(i)
	w.link = link{claim: -1, next: -1, end: -1}
	line := baseLine
	s := a - a0 // the chunk's start in buf
	if !first {
		nl := bytes.IndexByte(buf, '\n')
		if nl < 0 {
			return buf, nil, false // no line starts here
		}
		if int64(nl) >= a-a0 {
			line++ // the '\n' is in the chunk
		}
		s = int64(nl + 1)
	}
	// Reads on past b in growing steps, as JSON Lines chunks do; false at
	// the end of the file. The scanner reads buf, as it grows.
	w.sc.Text(buf)
	step := int64(4 << 10)
	more := func() bool {
		n := min(step, size-(a0+int64(len(buf))))
		step *= 2
		if n <= 0 {
			return false
		}
		old := len(buf)
		buf = append(buf, make([]byte, n)...)
		if _, err := f.ReadAt(buf[old:], a0+int64(old)); err != nil {
			buf = buf[:old]
			w.sc.Text(buf)
			return false
		}
		w.sc.Text(buf)
		return true
	}
	pos := int(s)
	// space moves pos to the first byte at or after from that is not white
	// space, reading on when there is none, and counts the lines.
	space := func(from int) {
		for {
			p, nl := jsonscan.Space(buf, from)
			if p < len(buf) || !more() {
				line += int64(nl)
				pos = p
				return
			}
		}
	}
	// The first chunk starts at the elements: white space, then '{'.
	// Another guesses: white space, maybe a ',', white space, '{'.
	space(pos)
	if !first && pos < len(buf) && buf[pos] == ',' {
		space(pos + 1)
	}
	if first && (pos >= len(buf) || buf[pos] != '{') {
		return buf, nil, true
	}
	if pos >= len(buf) || buf[pos] != '{' || a0+int64(pos) >= b {
		return buf, nil, false // claims nothing
	}
	w.link.claim = a0 + int64(pos)
	maxRec := int(reader.MaxRecordBytes())
	for {
		// An element at pos.
		end, nl, err := w.element(buf, pos, line)
		for end < 0 {
			if len(buf)-pos > maxRec || !more() {
				return buf, nil, true
			}
			end, nl, err = w.element(buf, pos, line)
		}
		if err != nil {
			return buf, nil, true
		}
		if end > maxRec {
			return buf, nil, true
		}
		if err := w.take(i, line, a0+int64(pos)-w.bom(i)); err != nil {
			return buf, err, false
		}
		w.link.objects++
		line += int64(nl)
		pos += end
		// ',' and the next element, or ']'.
		space(pos)
		if pos >= len(buf) {
			return buf, nil, true
		}
		switch buf[pos] {
		case ']':
			w.link.end, w.link.endLine = a0+int64(pos), line
			return buf, nil, false
		case ',':
		default:
			return buf, nil, true
		}
		space(pos + 1)
		if pos >= len(buf) || buf[pos] != '{' {
			return buf, nil, true
		}
		if a0+int64(pos) >= b {
			w.link.next = a0 + int64(pos)
			return buf, nil, false
		}
	}
}

// element reads the element (an object) at b[pos], on line, into the
// row's fields; b is the scanner's text. It returns the element's length
// and the number of '\n' in it, or -1 when it does not end in b or is not
// valid JSON (the general decoder's error, when it is valid but not what
// the fields can hold, comes with its length).
func (w *jworker) element(b []byte, pos int, line int64) (int, int, error) {
	st, end, nl := w.sc.ObjectAt(pos)
	if st == jsonscan.OK {
		for k, c := range w.slots {
			w.rows.Set(c, w.sc.Value(k))
		}
		return end - pos, nl, nil
	}
	if end = w.sc.SkipAt(pos); end < 0 {
		return -1, 0, nil
	}
	_, err := w.fb.Line(w.rows, line, b[pos:end])
	return end - pos, bytes.Count(b[pos:end], []byte{'\n'}), err
}

// bom is the number of bytes before input i's text in its file.
func (w *jworker) bom(i int) int64 {
	if w.plan.Inputs[i].BOM {
		return 3
	}
	return 0
}

// arrayChain checks the chunks' guesses of JSON array input i (see link),
// whose elements start at start, in chunks of cs bytes, and then the rest
// of the input after the array's ']' in the sequential mode. It returns
// errSequential when the guesses do not make the chain.
func (cfg *Config) arrayChain(ctx context.Context, i int, chunks []chunk, start, cs, size int64) error {
	expect, ended := start, false
	var end, endLine, objects int64
	for k := range chunks {
		c := &chunks[k]
		a := start + int64(k)*cs
		b := min(a+cs, size)
		l := c.link
		switch {
		case c.unclean || c.err != nil && !ended && expect < b:
			// The chain reaches an error or an unsure chunk: the
			// sequential mode tells what it is.
			return errSequential
		case ended || expect >= b:
			if l.claim >= 0 {
				return errSequential
			}
			continue
		case l.claim != expect && (k > 0 || l.claim < 0):
			// (The first chunk starts at the elements: its own first
			// element is where they start.)
			return errSequential
		}
		objects += l.objects
		if l.end >= 0 {
			ended, end, endLine = true, l.end, l.endLine
		} else {
			expect = l.next
		}
	}
	if !ended {
		return errSequential
	}
	// After the ']': the rest checked, or read by the general decoder.
	s := &jseq{cfg: cfg, w: newJWorker(cfg), ign: make([]reader.JSONLIgnored, len(cfg.Plan.Inputs))}
	s.w.take = func(int, int64, int64) error { return errSequential } // no element follows the array
	bom := int64(0)
	if cfg.Plan.Inputs[i].BOM {
		bom = 3
	}
	return s.arrayFrom(ctx, i, end-bom, endLine, inAfter, objects)
}
