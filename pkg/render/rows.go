package render

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode/utf8"
	"unsafe"
)

var errFlushed = errors.New("render: write after Flush")

// fit pads a row to n cells; a longer row is an error.
func fit(cells []string, n int) ([]string, error) {
	if len(cells) > n {
		return nil, fmt.Errorf("row has %d cells, header has %d", len(cells), n)
	}
	if len(cells) == n {
		return cells, nil
	}
	out := make([]string, n)
	copy(out, cells)
	return out, nil
}

// gridRows buffers rows for a table for people and renders them on Flush.
type gridRows struct {
	w      io.Writer
	header []string
	rows   [][]string
	render func(w io.Writer, g *grid) error
	done   bool
}

func (r *gridRows) Write(cells []string) error {
	if r.done {
		return errFlushed
	}
	cells, err := fit(cells, len(r.header))
	if err != nil {
		return err
	}
	r.rows = append(r.rows, slices.Clone(cells)) // the caller may reuse cells
	return nil
}

func (r *gridRows) Flush() error {
	if r.done {
		return nil
	}
	r.done = true
	g := textGrid(r.header, r.rows)
	r.rows = nil
	return r.render(r.w, g)
}

// csvEncoder is the LineEncoder of CSV and TSV (csvRows writes the same
// lines).
type csvEncoder struct {
	l      csvLine
	header []string
}

func (e *csvEncoder) Header(b []byte) []byte { return append(e.l.cells(b, e.header), '\n') }

func (e *csvEncoder) Line(b []byte, cells []string) ([]byte, error) {
	cells, err := fit(cells, len(e.header))
	if err != nil {
		return b, err
	}
	return append(e.l.cells(b, cells), '\n'), nil
}

// Record is RecordEncoder's. A field is copied as it is when Line would
// write the same bytes: unquoted, when it needs neither quotes nor
// neutralising (csvLine.text), which with no CR in the record (an
// unquoted field holds no separator, quote or LF) its first byte
// decides; quoted (quotes inside doubled, as the record was validated),
// when Line quotes its text too. A quoted text that needs no quotes is
// copied without them. Any first byte of a text that could make it quoted
// or neutralised refuses the record: a space or control byte, = + - @, a
// backslash (a cell \. is quoted) or a byte of a multibyte rune (a
// Unicode space is quoted). The record is appended in runs between the
// quotes it drops.
func (e *csvEncoder) Record(b, rec []byte, sep byte, last string) ([]byte, bool) {
	if sep != e.l.comma || bytes.IndexByte(rec, '\r') >= 0 {
		return b, false
	}
	stops := &unquotedStops[0]
	if sep == '\t' {
		stops = &unquotedStops[1]
	}
	start, from, n := len(b), 0, 2 // n: the record's first field and last
	for i := 0; ; n++ {
		if i < len(rec) && rec[i] == '"' {
			end, doubled := closingQuote(rec[i:])
			if end == 0 {
				return b[:start], false
			}
			text := rec[i+1 : i+end-1]
			if i += end; i < len(rec) && rec[i] != sep || len(text) > 0 && copiedStart[text[0]] {
				return b[:start], false
			}
			if !doubled && !e.l.needsQuotes(unsafe.String(unsafe.SliceData(text), len(text))) {
				b = append(append(b, rec[from:i-end]...), text...) // quoted needlessly: Line would not
				from = i
			}
		} else {
			if i < len(rec) && copiedStart[rec[i]] {
				return b[:start], false
			}
			for i < len(rec) && !stops[rec[i]] {
				i++
			}
			if i < len(rec) && rec[i] != sep { // a quote or LF
				return b[:start], false
			}
		}
		if i == len(rec) {
			break
		}
		i++ // the separator
	}
	if n != len(e.header) {
		return b[:start], false
	}
	b = append(b, rec[from:]...)
	return append(e.l.text(append(b, e.l.comma), last), '\n'), true
}

// unquotedStops are the bytes that end an unquoted field, or must not be
// in one, with a comma and with a tab separator.
var unquotedStops = func() (t [2][256]bool) {
	for k, sep := range []byte{',', '\t'} {
		t[k][sep], t[k]['"'], t[k]['\n'] = true, true, true
	}
	return t
}()

// closingQuote returns the length of the quoted field at the start of
// rec, through its closing quote, and whether a doubled quote is inside;
// 0 when it is not closed.
func closingQuote(rec []byte) (n int, doubled bool) {
	for k := 1; ; {
		q := bytes.IndexByte(rec[k:], '"')
		if q < 0 {
			return 0, false
		}
		k += q + 1
		if k < len(rec) && rec[k] == '"' {
			doubled = true
			k++
			continue
		}
		return k, doubled
	}
}

// copiedStart are the bytes a text Record copies must not start with.
var copiedStart = func() (t [256]bool) {
	for c := range 256 {
		t[c] = c <= ' ' || c >= utf8.RuneSelf || strings.IndexByte("=+-@\\\x7f", byte(c)) >= 0
	}
	return t
}()

// jsonlEncoder is the LineEncoder of JSON Lines (jsonRows writes the same
// lines).
type jsonlEncoder struct {
	keys []string
	b    jsonBuf
}

func (e *jsonlEncoder) Header(b []byte) []byte { return b }

func (e *jsonlEncoder) Line(b []byte, cells []string) ([]byte, error) {
	cells, err := fit(cells, len(e.keys))
	if err != nil {
		return b, err
	}
	e.b.row(e.keys, cells)
	return append(append(b, e.b.Bytes()...), '\n'), nil
}
