// Package scan is a byte-level RFC 4180 record scanner for the hot path of
// the aggregate commands. It reads records out of byte slices that the
// caller fills (file chunks read with ReadAt, or blocks of a stream),
// reading each byte once: runs of fields not asked for and quoted fields
// thirty-two bytes at a time (AVX2, skip_amd64.s; sixteen with SSE2 on
// older CPUs), short fields eight at a time in Go; with two fields or
// more asked for, records are read from bitmaps of 8 KiB windows instead,
// which classify every byte 64 at a time (bitmap.go). It hands out only
// the fields the caller asked for, as sub-slices of the input (no copy)
// unless a quoted field holds escaped quotes or CRLF line ends.
//
// It accepts exactly what encoding/csv accepts when configured as
// pkg/survey reads CSV (Comma set, LazyQuotes false, FieldsPerRecord -1,
// no Comment, no TrimLeadingSpace), and yields the same field values and the
// same record line numbers:
//
//   - a record ends at a newline outside quotes; "\r\n" counts as "\n", and a
//     single trailing "\r" at the end of the input is dropped;
//   - empty lines ("\n", "\r\n") are skipped but counted;
//   - a field that starts with '"' is quoted: it ends at the next '"' that is
//     not doubled and must be followed by the delimiter, a line end or the
//     end of the input; inside, "" is one quote and "\r\n" is "\n";
//   - an unquoted field may not contain '"'.
//
// A record that breaks these rules stops the scanner with ErrSyntax; the
// caller then asks encoding/csv for the exact error, starting at Start and
// Line (see survey.FastPlan.RecordError). The tests compare the scanner with
// encoding/csv on tricky inputs, at every split point, and by fuzzing.
package scan

import (
	"bytes"
	"encoding/binary"
	"errors"
	"math/bits"
	"unsafe"

	"github.com/npskit/nps/pkg/internal/vector"
)

// ErrSyntax means the record at Start is not valid CSV.
var ErrSyntax = errors.New("scan: invalid CSV record")

// ErrIncomplete means the data ended inside a record and more input was
// promised (atEOF false): the record at Start needs more bytes.
var ErrIncomplete = errors.New("scan: incomplete record")

// Scanner reads records out of a byte slice. The zero value is not usable;
// call New.
type Scanner struct {
	comma byte
	slot  []int32 // field index -> slot, -1 for fields not asked for

	// Fields holds the asked-for fields of the current record by slot; a
	// field the record does not have is nil. The slices point into the data
	// (or into a scratch buffer for unescaped values) and are valid until
	// the next Reset.
	Fields [][]byte
	// NFields is the number of fields of the current record.
	NFields int
	// Start and End are the byte offsets of the current record in the data
	// (End is after its line end); after Next returns false, Start is where
	// the unread rest begins (the first byte after the last record).
	Start, End int
	// Line is the line on which the current record starts (after Next
	// returns false: the line at Start).
	Line int64
	// Err is why Next returned false: nil at the end of the data,
	// ErrIncomplete, or ErrSyntax.
	Err error

	data    []byte
	pos     int
	line    int64
	atEOF   bool
	scratch []byte
	// run[f] is, for a field f not asked for, the number of fields from f
	// on that are not asked for before the next one that is (0 for asked
	// fields).
	run []int16
	// asked are the fields asked for, in field order, with their slots.
	asked []field
	bm    bitmaps // the bitmap path (bitmap.go)
}

type field struct{ field, slot int32 }

// New returns a scanner for the delimiter comma that extracts the fields
// at the given 0-based indices into Fields[0], Fields[1], ... in that
// order. An index may be given only once.
func New(comma byte, fields []int) *Scanner {
	n := 0
	for _, f := range fields {
		n = max(n, f+1)
	}
	s := &Scanner{comma: comma, slot: make([]int32, n), Fields: make([][]byte, len(fields))}
	for i := range s.slot {
		s.slot[i] = -1
	}
	for k, f := range fields {
		s.slot[f] = int32(k)
	}
	for f, k := range s.slot {
		if k >= 0 {
			s.asked = append(s.asked, field{int32(f), k})
		}
	}
	s.run = make([]int16, n)
	for f := n - 1; f >= 0; f-- {
		if s.slot[f] < 0 {
			s.run[f] = 1
			if f+1 < n {
				s.run[f] += s.run[f+1]
			}
		}
	}
	return s
}

// Reset starts scanning data, whose first byte is at the start of a record
// (or of empty lines before one) on line line. atEOF says that the data
// ends where the input ends; otherwise a record that is not terminated by a
// line end inside data is incomplete.
func (s *Scanner) Reset(data []byte, line int64, atEOF bool) {
	s.data, s.pos, s.line, s.atEOF = data, 0, line, atEOF
	s.Start, s.End, s.Line, s.Err = 0, 0, line, nil
	s.scratch = s.scratch[:0]
	s.bm.off, s.bm.base, s.bm.end = len(s.asked) < bitmapFields, 0, 0
}

// Data returns the bytes of the current record (with its line end).
func (s *Scanner) Data() []byte { return s.data[s.Start:s.End] }

// Pos returns the offset after the last record read and the line there.
func (s *Scanner) Pos() (int, int64) { return s.pos, s.line }

// Next reads the next record. It returns false at the end of the data
// (Err nil), or when the next record is incomplete or invalid (Err set;
// Start and Line then locate the record, after any empty lines before it).
func (s *Scanner) Next() bool {
	if !s.bm.off && s.nextBitmap() {
		return true
	}
	data := s.data
	n := len(data)
	p := s.pos
	line := s.line
	// Skip empty lines.
	for {
		if p >= n {
			s.pos, s.line = p, line
			s.Start, s.Line, s.Err = p, line, nil
			return false
		}
		c := data[p]
		if c == '\n' {
			p++
			line++
			continue
		}
		if c == '\r' {
			if p+1 < n {
				if data[p+1] == '\n' {
					p += 2
					line++
					continue
				}
			} else if s.atEOF {
				p++ // a lone "\r" at the end of the input is dropped
				continue
			} else {
				return s.stop(p, line, ErrIncomplete)
			}
		}
		break
	}
	start, startLine := p, line
	s.scratch = s.scratch[:0]
	// Each step reads field f, which starts at p; the searches stop at a
	// line end themselves, so the record's bytes are read once. Fields are
	// set as the record is read; those beyond its last field are cleared
	// at the end (not all up front: that is a call per record).
	comma := s.comma
	commas := uint64(comma) * lsb
	slots := s.slot
	f := 0
	for {
		if p < n && data[p] == '"' {
			// Quoted field: find the closing quote, noting line ends.
			q := p + 1
			esc, multi := false, false
			for {
				i, nl := indexQuote(data, q)
				multi = multi || nl
				if i < 0 {
					if s.atEOF {
						return s.stop(start, startLine, ErrSyntax)
					}
					return s.stop(start, startLine, ErrIncomplete)
				}
				q = i + 1
				if q < n && data[q] == '"' {
					esc = true
					q++
					continue
				}
				break
			}
			// The closing quote is at q-1.
			if multi {
				line += int64(bytes.Count(data[p:q-1], nl))
			}
			if f < len(slots) {
				if k := slots[f]; k >= 0 {
					v := data[p+1 : q-1]
					if esc || multi {
						v = s.unescape(v, multi)
					}
					s.Fields[k] = v
				}
			}
			f++
			// What follows the closing quote.
			if q == n {
				if !s.atEOF {
					return s.stop(start, startLine, ErrIncomplete)
				}
				s.End = n
				break
			}
			c := data[q]
			if c == comma {
				p = q + 1
				continue
			}
			if c == '\n' {
				s.End = q + 1
				break
			}
			if c == '\r' {
				if q+1 < n {
					if data[q+1] == '\n' {
						s.End = q + 2
						break
					}
				} else if s.atEOF {
					s.End = n
					break
				} else {
					return s.stop(start, startLine, ErrIncomplete)
				}
			}
			return s.stop(start, startLine, ErrSyntax)
		}
		if f < len(slots) {
			if k := int(s.run[f]); k > 0 {
				// k fields not asked for: skip them in one go when they
				// are unquoted and the record does not end among them,
				// or skip those before a quoted field among them (the
				// loop reads that one next; it does not search again).
				e, rem, st := skipFields(data, p, k, commas)
				if st == 1 || opensField(data, e, st, k-rem, comma) {
					p = e
					f += k - rem
					continue
				}
			}
		} else if e, rem, st := skipFields(data, p, maxRun, commas); opensField(data, e, st, maxRun-rem, comma) {
			// After the last field asked for, a quoted field follows
			// unquoted ones: skip those.
			p = e
			f += maxRun - rem
			continue
		} else if st == 3 || st == 0 {
			// After the last field asked for, without quotes: count the
			// fields and take the line end.
			f += 1 + maxRun - rem
			if st == 3 {
				s.End = e + 1
			} else if s.atEOF {
				s.End = n
			} else {
				return s.stop(start, startLine, ErrIncomplete)
			}
			break
		}
		// Unquoted field: up to the next delimiter or line end; a quote
		// before it is a bare quote. Fields are short: eight bytes at a
		// time (SWAR) beats a call.
		e := p
		var stop byte // the byte that ended the field; 0 at the end of the data
		for e+8 <= n {
			w := binary.LittleEndian.Uint64(data[e:])
			x, y, z := w^commas, w^quotes, w^newlines
			t := (x-lsb)&^x&msb | (y-lsb)&^y&msb | (z-lsb)&^z&msb
			if t != 0 {
				// The lowest set bit of each mask is exact.
				e += bits.TrailingZeros64(t) >> 3
				stop = data[e]
				goto found
			}
			e += 8
		}
		for ; e < n; e++ {
			if c := data[e]; c == comma || c == '"' || c == '\n' {
				stop = c
				break
			}
		}
	found:
		if stop == '"' {
			return s.stop(start, startLine, ErrSyntax) // a bare quote
		}
		if stop == 0 && !s.atEOF {
			return s.stop(start, startLine, ErrIncomplete)
		}
		last := stop != comma
		if f < len(slots) {
			if k := slots[f]; k >= 0 {
				v := data[p:e]
				if last && len(v) > 0 && v[len(v)-1] == '\r' {
					v = v[:len(v)-1]
				}
				s.Fields[k] = v
			}
		}
		f++
		if last {
			if stop == '\n' {
				s.End = e + 1
			} else {
				s.End = n
			}
			break
		}
		p = e + 1
	}
	s.NFields = f
	if f < len(slots) {
		for k := f; k < len(slots); k++ {
			if j := slots[k]; j >= 0 {
				s.Fields[j] = nil
			}
		}
	}
	s.Start, s.Line = start, startLine
	s.pos = s.End
	s.line = line + 1
	if s.End == n && (n == 0 || data[n-1] != '\n') {
		s.line = line // no line end: at the end of the input
	}
	return true
}

var nl = []byte{'\n'}

// maxRun is a run of fields longer than any record: skipFields with it
// runs to the line end.
const maxRun = 1 << 30

// skipFields looks for the end of the k fields from p. st is 1 when they
// hold no quote and no line end: pos is the start of the next field. st is
// 2 when a quote comes first, 3 when a '\n' does: pos is where, rem how
// many delimiters were still to go. st is 0 when the data ends first (pos
// n, rem as for 3). It looks at eight bytes at a time (32 with AVX2 or 16
// with SSE2 for three fields or more) and counts the delimiters of each
// with exact byte masks.
func skipFields(data []byte, p, k int, commas uint64) (pos, rem, st int) {
	n := len(data)
	if k >= 3 && simd != simdNone && p+16 <= n {
		// For one or two fields the call costs more than it saves.
		var pos, rem, st int
		if simd == simdAVX2 && p+32 <= n {
			pos, rem, st = skip32(unsafe.SliceData(data), p, n, k, byte(commas))
		} else {
			pos, rem, st = skip16(unsafe.SliceData(data), p, n, k, byte(commas))
		}
		if st != 0 {
			return pos, rem, st
		}
		p, k = pos, rem
	}
	e := p
	for ; e+8 <= n; e += 8 {
		w := binary.LittleEndian.Uint64(data[e:])
		cm := vector.ZeroBytes(w ^ commas)
		qm, nm := vector.ZeroBytes(w^quotes), vector.ZeroBytes(w^newlines)
		if stop := qm | nm; stop != 0 {
			cm &= stop&-stop - 1 // the delimiters before the first stop
		}
		if c := bits.OnesCount64(cm); c >= k {
			for ; k > 1; k-- {
				cm &= cm - 1
			}
			return e + bits.TrailingZeros64(cm)>>3 + 1, 0, 1
		} else {
			k -= c
		}
		if stop := qm | nm; stop != 0 {
			i := bits.TrailingZeros64(stop)
			if nm>>i&1 != 0 {
				return e + i>>3, k, 3
			}
			return e + i>>3, k, 2
		}
	}
	comma := byte(commas)
	for ; e < n; e++ {
		switch data[e] {
		case comma:
			if k--; k == 0 {
				return e + 1, 0, 1
			}
		case '"':
			return e, k, 2
		case '\n':
			return e, k, 3
		}
	}
	return n, k, 0
}

// opensField reports whether skipFields, having passed skipped
// delimiters before stopping with st at e, stopped at a quote that opens a
// field: the fields before it are plain and may be skipped.
func opensField(data []byte, e, st, skipped int, comma byte) bool {
	return st == 2 && skipped > 0 && data[e-1] == comma
}

// indexQuote returns the index of the first '"' in data from p on (-1 if
// none) and whether a '\n' comes before it.
func indexQuote(data []byte, p int) (int, bool) {
	n := len(data)
	nl := false
	if simd != simdNone && p+16 <= n {
		var pos int
		var found, sawNL bool
		if simd == simdAVX2 && p+32 <= n {
			pos, found, sawNL = quote32(unsafe.SliceData(data), p, n)
		} else {
			pos, found, sawNL = quote16(unsafe.SliceData(data), p, n)
		}
		if found {
			return pos, sawNL
		}
		p, nl = pos, sawNL
	} else if simd == simdNone {
		i := bytes.IndexByte(data[p:], '"')
		end := n
		if i >= 0 {
			end = p + i
			i = end
		}
		return i, bytes.IndexByte(data[p:end], '\n') >= 0
	}
	for ; p < n; p++ {
		switch data[p] {
		case '"':
			return p, nl
		case '\n':
			nl = true
		}
	}
	return -1, nl
}

// The searches of skipFields and indexQuote: simd is the widest the CPU
// has (bestSIMD); the tests set each level in turn.
const (
	simdNone = vector.None // Go loops only
	simdSSE2 = vector.SSE2 // 16 bytes at a time (skip16, quote16)
	simdAVX2 = vector.AVX2 // 32 bytes at a time (skip32, quote32)
)

var bestSIMD = vector.Best

var simd = bestSIMD

const (
	lsb      = 0x0101010101010101
	msb      = 0x8080808080808080
	quotes   = '"' * lsb
	newlines = '\n' * lsb
)

func (s *Scanner) stop(start int, line int64, err error) bool {
	s.pos, s.line = start, line
	s.Start, s.Line, s.Err = start, line, err
	return false
}

// unescape turns "" into " and, in a field that spans lines, "\r\n" into
// "\n", into the scratch buffer.
func (s *Scanner) unescape(v []byte, multi bool) []byte {
	from := len(s.scratch)
	for i := 0; i < len(v); i++ {
		c := v[i]
		switch {
		case c == '"' && i+1 < len(v) && v[i+1] == '"':
			i++
		case c == '\r' && multi && i+1 < len(v) && v[i+1] == '\n':
			continue
		}
		s.scratch = append(s.scratch, c)
	}
	return s.scratch[from:len(s.scratch):len(s.scratch)]
}

// Field returns the current record's field i (0-based), whether or not it
// was asked for, by scanning the record again; ok is false when the record
// has fewer fields. It is slow and meant for rare checks (fields beyond the
// header).
func (s *Scanner) Field(i int) (v []byte, ok bool) {
	t := New(s.comma, []int{i})
	t.Reset(s.data[s.Start:s.End], s.Line, s.atEOF || s.End < len(s.data))
	if !t.Next() || t.NFields <= i {
		return nil, false
	}
	return t.Fields[0], true
}

// Tally is what one read of a chunk's bytes tells.
type Tally struct {
	Quotes, Newlines int
	NUL              bool // a NUL byte
	High             bool // a byte from 0x80 on: the bytes may not be UTF-8
}

// Count tallies b: with AVX2 in one pass, 32 bytes at a time (the chunks'
// pre-pass reads each byte once before the scanner does).
func Count(b []byte) Tally {
	var t Tally
	if simd == simdAVX2 {
		t.Quotes, t.Newlines, t.NUL, t.High = count32(unsafe.SliceData(b), len(b))
		b = b[len(b)&^31:]
	}
	t.Quotes += bytes.Count(b, quote)
	t.Newlines += bytes.Count(b, nl)
	t.NUL = t.NUL || bytes.IndexByte(b, 0) >= 0
	t.High = t.High || highBytes(b)
	return t
}

var quote = []byte{'"'}

// highBytes reports whether b holds a byte from 0x80 on.
func highBytes(b []byte) bool {
	var or uint64
	for ; len(b) >= 8; b = b[8:] {
		or |= binary.LittleEndian.Uint64(b)
	}
	for _, c := range b {
		or |= uint64(c)
	}
	return or&msb != 0
}

// NextStart returns the offset in b just after the first '\n' that lies
// outside quotes, where inQuote says whether b starts inside a quoted
// field (an odd number of quotes before it since a record boundary), and
// the number of newlines before that offset. ok is false when b holds no
// such newline. For valid CSV the offset is a record boundary: quotes come
// in pairs around quoted fields and as "" inside them, so at every newline
// the parity of the quotes since a boundary says whether it is quoted.
func NextStart(b []byte, inQuote bool) (off int, newlines int, ok bool) {
	p := 0
	for {
		if inQuote {
			i := bytes.IndexByte(b[p:], '"')
			if i < 0 {
				return 0, 0, false
			}
			p += i + 1
			inQuote = false
			continue
		}
		i := bytes.IndexAny(b[p:], "\"\n")
		if i < 0 {
			return 0, 0, false
		}
		p += i
		if b[p] == '"' {
			inQuote = true
			p++
			continue
		}
		off = p + 1
		return off, bytes.Count(b[:off], nl), true
	}
}
