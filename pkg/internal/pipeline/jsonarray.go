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
	plan := s.cfg.Plan
	in := &plan.Inputs[i]
	w := s.w
	w.input(i)
	maxRec := int(reader.MaxRecordBytes())
	var (
		off   int64 // offset of data[0] in the input's text
		line  = int64(1)
		count int64 // objects read
		state = inPrefix
	)
	err := s.cfg.stream(ctx, i, func(data []byte, rerr error) (int, bool, error) {
		atEOF := rerr != nil
		pos := 0
		if state == inPrefix {
			n := int(min(int64(len(data)), in.Start-off))
			line += int64(bytes.Count(data[:n], []byte{'\n'}))
			pos = n
			if off+int64(n) < in.Start {
				off += int64(n)
				if atEOF {
					return 0, false, errUnsure
				}
				return n, false, nil
			}
			state = inElement
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
		for {
			p := jsonscan.Space(data, pos)
			line += int64(bytes.Count(data[pos:p], []byte{'\n'}))
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
				st, end := w.sc.Object(data[pos:])
				if st == jsonscan.OK {
					for k, c := range w.slots {
						w.rows.Set(c, w.sc.Values[k])
					}
				} else {
					if end = jsonscan.Skip(data[pos:]); end < 0 {
						return more(pos)
					}
					if _, err := w.fb.Line(w.rows, line, data[pos:pos+end]); err != nil {
						return 0, false, err
					}
				}
				if end > maxRec {
					return 0, false, errUnsure
				}
				if err := w.take(i, line, off+int64(pos)); err != nil {
					return 0, false, err
				}
				line += int64(bytes.Count(data[pos:pos+end], []byte{'\n'}))
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
