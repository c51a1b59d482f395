// Package scan is a byte-level RFC 4180 record scanner for the hot path of
// the aggregate commands. It reads records out of byte slices that the
// caller fills (file chunks read with ReadAt, or blocks of a stream), finds
// record boundaries with bytes.IndexByte, and hands out only the fields the
// caller asked for, as sub-slices of the input (no copy) unless a quoted
// field holds escaped quotes or CRLF line ends.
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
	slot  []int8 // field index -> slot, -1 for fields not asked for

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
	run    []int16
	commaB [1]byte
}

// New returns a scanner for the delimiter comma that extracts the fields
// at the given 0-based indices into Fields[0], Fields[1], ... in that
// order. An index may be given only once.
func New(comma byte, fields []int) *Scanner {
	n := 0
	for _, f := range fields {
		n = max(n, f+1)
	}
	s := &Scanner{comma: comma, slot: make([]int8, n), Fields: make([][]byte, len(fields))}
	for i := range s.slot {
		s.slot[i] = -1
	}
	for k, f := range fields {
		s.slot[f] = int8(k)
	}
	s.commaB[0] = comma
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
}

// Data returns the bytes of the current record (with its line end).
func (s *Scanner) Data() []byte { return s.data[s.Start:s.End] }

// Pos returns the offset after the last record read and the line there.
func (s *Scanner) Pos() (int, int64) { return s.pos, s.line }

// Next reads the next record. It returns false at the end of the data
// (Err nil), or when the next record is incomplete or invalid (Err set;
// Start and Line then locate the record, after any empty lines before it).
func (s *Scanner) Next() bool {
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
	// Fields are set as the record is read; those beyond its last field
	// are cleared at the end (not all up front: that is a call per record).
	// lineEnd is the index of the '\n' that ends the current line, or n.
	lineEnd := bytes.IndexByte(data[p:], '\n')
	if lineEnd < 0 {
		if !s.atEOF {
			return s.stop(start, startLine, ErrIncomplete)
		}
		lineEnd = n
	} else {
		lineEnd += p
	}
	comma := s.comma
	commas := uint64(comma) * lsb
	slots := s.slot
	f := 0
	for {
		if p < lineEnd && data[p] == '"' {
			// Quoted field: find the closing quote.
			q := p + 1
			esc := false
			for {
				i := bytes.IndexByte(data[q:], '"')
				if i < 0 {
					if s.atEOF {
						return s.stop(start, startLine, ErrSyntax)
					}
					return s.stop(start, startLine, ErrIncomplete)
				}
				q += i + 1
				if q < n && data[q] == '"' {
					esc = true
					q++
					continue
				}
				break
			}
			// The closing quote is at q-1.
			multi := false
			if q-1 > lineEnd {
				// The field spans lines.
				multi = true
				line += int64(bytes.Count(data[lineEnd:q-1], nl))
				e := bytes.IndexByte(data[q:], '\n')
				if e < 0 {
					if !s.atEOF {
						return s.stop(start, startLine, ErrIncomplete)
					}
					lineEnd = n
				} else {
					lineEnd = q + e
				}
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
				// are unquoted and end before the line does.
				if e, ok := skipFields(data, p, lineEnd, k, commas); ok {
					p = e
					f += k
					continue
				}
			}
		} else if rest := data[p:lineEnd]; (len(rest) == 0 || rest[0] != '"') && bytes.IndexByte(rest, '"') < 0 {
			// After the last field asked for, without quotes: count the
			// fields and take the line end.
			f += 1 + bytes.Count(rest, s.commaB[:])
			if lineEnd < n {
				s.End = lineEnd + 1
			} else {
				s.End = n
			}
			break
		}
		// Unquoted field: up to the next delimiter or the line end; a quote
		// before it is a bare quote. Fields are short: eight bytes at a time
		// (SWAR) beats a call to bytes.IndexByte.
		e := p
		bare := false
		for e+8 <= lineEnd {
			w := binary.LittleEndian.Uint64(data[e:])
			x, y := w^commas, w^quotes
			tc := (x - lsb) &^ x & msb
			tq := (y - lsb) &^ y & msb
			if t := tc | tq; t != 0 {
				// The lowest set bit of each mask is exact; a quote
				// before the delimiter is a bare quote.
				bare = t&-t&tq != 0
				e += bits.TrailingZeros64(t) >> 3
				goto found
			}
			e += 8
		}
		for ; e < lineEnd; e++ {
			if c := data[e]; c == comma {
				break
			} else if c == '"' {
				bare = true
				break
			}
		}
	found:
		if bare {
			return s.stop(start, startLine, ErrSyntax) // a bare quote
		}
		last := e == lineEnd
		if f < len(slots) {
			if k := slots[f]; k >= 0 {
				v := data[p:e]
				if last && len(v) > 0 && v[len(v)-1] == '\r' && (e < n || s.atEOF) {
					v = v[:len(v)-1]
				}
				s.Fields[k] = v
			}
		}
		f++
		if last {
			if lineEnd < n {
				s.End = lineEnd + 1
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

// skipFields returns the start of the field k fields after the one at p
// when those k fields hold no quote and end before lineEnd; ok is false
// otherwise (the caller then reads them one by one). It looks at eight
// bytes at a time and counts the delimiters of each eight with exact byte
// masks.
func skipFields(data []byte, p, lineEnd, k int, commas uint64) (int, bool) {
	if haveSkip16 && k >= 3 && p+16 <= lineEnd {
		// Sixteen bytes at a time first (SSE2, skip_amd64.s; it reads
		// only data[p:lineEnd], and lineEnd <= len(data)); the eight-byte
		// loop below takes the rest, with the same rules. For one or two
		// fields the call costs more than it saves.
		pos, rem, st := skip16(unsafe.SliceData(data), p, lineEnd, k, byte(commas))
		switch st {
		case 1:
			return pos, true
		case 2:
			return 0, false
		}
		p, k = pos, rem
	}
	for e := p; e+8 <= lineEnd; e += 8 {
		w := binary.LittleEndian.Uint64(data[e:])
		cm, qm := zeroBytes(w^commas), zeroBytes(w^quotes)
		if c := bits.OnesCount64(cm); c >= k {
			for ; k > 1; k-- {
				cm &= cm - 1
			}
			low := cm & -cm
			if qm&(low-1) != 0 {
				return 0, false
			}
			return e + bits.TrailingZeros64(cm)>>3 + 1, true
		} else {
			k -= c
		}
		if qm != 0 {
			return 0, false
		}
	}
	return 0, false
}

// zeroBytes sets the high bit of each byte of x that is zero, exactly (the
// (x - lsb) &^ x form may also mark bytes after the first zero one).
func zeroBytes(x uint64) uint64 {
	const low7 = 0x7f7f7f7f7f7f7f7f
	return ^((x&low7 + low7) | x | low7)
}

const (
	lsb    = 0x0101010101010101
	msb    = 0x8080808080808080
	quotes = '"' * lsb
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

// Counts returns the number of '"' and '\n' bytes in b.
func Counts(b []byte) (quotes, newlines int) {
	return bytes.Count(b, []byte{'"'}), bytes.Count(b, nl)
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
