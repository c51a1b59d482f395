package render

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// csvWriter writes CSV (comma) or TSV (tab): UTF-8 without BOM, LF line
// ends, every cell (header too) neutralised against formula injection. A
// report is its records' header and a line per record; rows stream.
//
// Lines are encoded as encoding/csv encodes them (UseCRLF false; a cell
// quoted when it holds the separator, a quote, a CR or LF, is `\.`, or
// starts with a space), into bytes, numbers appended without strings:
// a report of a million groups writes a million lines
// (TestCSVMatchesEncodingCSV, FuzzCSVLine).
type csvWriter struct {
	comma rune
}

func (c csvWriter) report(w io.Writer, m *Model, _ Style) error {
	rw, err := c.start(w, m.records.header)
	if err != nil {
		return err
	}
	if m.many != nil && m.many.batches != nil {
		for b, err := range m.many.batches(rw.newEncoder) {
			if err != nil {
				return err
			}
			if _, err := rw.w.Write(b); err != nil {
				return err
			}
		}
		return rw.Flush()
	}
	for r := range m.recordRows() {
		if err := rw.record(r); err != nil {
			return err
		}
	}
	return rw.Flush()
}

func (c csvWriter) rows(w io.Writer, header []string, _ Style) (RowWriter, error) {
	return c.start(w, header)
}

// start writes the header and returns the writer of the rows under it.
func (c csvWriter) start(w io.Writer, header []string) (*csvRows, error) {
	rw := &csvRows{w: bufio.NewWriterSize(w, 64<<10), comma: byte(c.comma), n: len(header)}
	if err := rw.write(header); err != nil {
		return nil, err
	}
	return rw, nil
}

// csvRows streams CSV or TSV; every cell is sanitised.
type csvRows struct {
	w     *bufio.Writer
	comma byte // ',' or '\t'
	n     int
	line  []byte
	kept  encodings // of shared values
}

func (r *csvRows) write(cells []string) error {
	r.line = csvLine{r.comma}.cells(r.line[:0], cells)
	return r.end()
}

// record writes a record's cells: a field is a cell, an object field (a
// group key) a cell per member. Numbers are written in full, exactly as
// JSON writes them, and NaN as an empty cell.
func (r *csvRows) record(o object) error {
	var err error
	if r.line, err = r.appendCells(r.line[:0], o, true); err != nil {
		return err
	}
	return r.end()
}

// newEncoder returns a rowEncoder for the records of r's report, with
// shared values' encodings of its own (one per goroutine).
func (r *csvRows) newEncoder() rowEncoder {
	e := &csvRows{comma: r.comma, n: r.n}
	return func(b []byte, o object) ([]byte, error) {
		b, err := e.appendCells(b, o, true)
		return append(b, '\n'), err
	}
}

func (r *csvRows) appendCells(b []byte, o object, first bool) ([]byte, error) {
	for i := range o {
		f := &o[i] // a field is 100 bytes: not copied for each cell
		if k := f.val.kind; k == objectKind || k == sharedKind {
			// cells of their own; a shared value's kept with the
			// separator before them, so only when not first
			keep := k == sharedKind && !first
			if keep {
				if enc, ok := r.kept.get(&f.val, 0); ok {
					b = append(b, enc...)
					continue
				}
			}
			start := len(b)
			var err error
			if b, err = r.appendCells(b, f.val.obj, first); err != nil {
				return nil, err
			}
			if keep {
				r.kept.keep(&f.val, 0, b[start:])
			}
			first = first && len(f.val.obj) == 0
			continue
		}
		if !first {
			b = append(b, r.comma)
		}
		first = false
		switch v := &f.val; v.kind {
		case textKind:
			b = csvLine{r.comma}.text(b, v.text)
		case countKind: // digits: never neutralised or quoted
			b = strconv.AppendInt(b, v.count, 10)
		case numberKind: // a plain decimal: never neutralised or quoted
			b = appendFloat(b, v.num)
		case boolKind:
			b = strconv.AppendBool(b, v.yes)
		case listKind:
			return nil, fmt.Errorf("render: field %q is a list, which has no CSV cell", f.name)
		}
	}
	return b, nil
}

// csvLine encodes text cells for a separator (',' or '\t'); it holds no
// state, so one value serves any number of goroutines.
type csvLine struct{ comma byte }

// cells appends the cells, separated, without the line end.
func (l csvLine) cells(b []byte, cells []string) []byte {
	for i, c := range cells {
		if i > 0 {
			b = append(b, l.comma)
		}
		b = l.text(b, c)
	}
	return b
}

// text appends a text cell, neutralised and quoted as needed.
func (l csvLine) text(b []byte, s string) []byte {
	s = sanitizeCSV(s)
	if !l.needsQuotes(s) {
		return append(b, s...)
	}
	b = append(b, '"')
	for {
		i := strings.IndexByte(s, '"')
		if i < 0 {
			break
		}
		b = append(b, s[:i+1]...) // through the quote, which is doubled
		b = append(b, '"')
		s = s[i+1:]
	}
	b = append(b, s...)
	return append(b, '"')
}

// needsQuotes is encoding/csv's rule for a separator below utf8.RuneSelf.
func (l csvLine) needsQuotes(s string) bool {
	if s == "" {
		return false
	}
	if s == `\.` {
		return true
	}
	if c := s[0]; c < utf8.RuneSelf {
		if c == ' ' || '\t' <= c && c <= '\r' { // unicode.IsSpace below RuneSelf
			return true
		}
	} else if r, _ := utf8.DecodeRuneInString(s); unicode.IsSpace(r) {
		return true
	}
	// Eight bytes at a time (SWAR): most cells are long comments that
	// need no quotes, and the byte loop was the writer's largest cost. A
	// cell's last eight bytes are read as one word, overlapping the word
	// before. One test finds the bytes 0x08-0x0F, which holds CR, LF and
	// a tab separator; the byte loop decides the rare word that has
	// another of them. Whether a word has a zero byte is all it asks, so
	// (x-lsb)&^x&msb serves, one step shorter than vector.ZeroBytes, which
	// marks exactly which bytes are zero (2.7% more instructions writing
	// classify rows, callgrind).
	if len(s) < 8 {
		return l.special(s)
	}
	last := len(s) - 8
	for i := 0; ; i += 8 {
		i = min(i, last)
		w := uint64(s[i]) | uint64(s[i+1])<<8 | uint64(s[i+2])<<16 | uint64(s[i+3])<<24 |
			uint64(s[i+4])<<32 | uint64(s[i+5])<<40 | uint64(s[i+6])<<48 | uint64(s[i+7])<<56
		q, c, r := w^('"'*lsb8), w^(uint64(l.comma)*lsb8), (w|0x07*lsb8)^(0x0f*lsb8)
		if ((q-lsb8)&^q|(c-lsb8)&^c)&msb8 != 0 {
			return true
		}
		if (r-lsb8)&^r&msb8 != 0 && l.special(s[i:i+8]) {
			return true
		}
		if i == last {
			return false
		}
	}
}

// special reports whether s holds a quote, the separator, CR or LF.
func (l csvLine) special(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c > '"' { // letters and digits: only a comma separator is above
			if c == l.comma {
				return true
			}
			continue
		}
		if c == '\n' || c == '\r' || c == '"' || c == l.comma {
			return true
		}
	}
	return false
}

const lsb8, msb8 = 0x0101010101010101, 0x8080808080808080

// end writes the line.
func (r *csvRows) end() error {
	r.line = append(r.line, '\n')
	_, err := r.w.Write(r.line)
	return err
}

func (r *csvRows) Write(cells []string) error {
	cells, err := fit(cells, r.n)
	if err != nil {
		return err
	}
	return r.write(cells)
}

func (r *csvRows) Flush() error {
	return r.w.Flush()
}
