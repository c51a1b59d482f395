package reader

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"

	"github.com/npskit/nps/pkg/usererr"
)

// maxRecordBytes caps the size of one record (CSV row, JSON object, JSON
// line): an export whose row is larger is refused with a clear error instead
// of being buffered whole. Excel caps a cell at 32,767 characters, so 8 MiB
// holds a row of more than 80 full cells of 3-byte characters. A variable so
// that tests can lower it.
var maxRecordBytes int64 = 8 << 20

// errRecordTooLong is returned by a capReader when a record outgrows
// maxRecordBytes.
var errRecordTooLong = errors.New("record too long")

// capReader counts the bytes read since the last reset and fails with
// errRecordTooLong once they pass the limit. The reader above it (the CSV
// reader's 4 KiB buffer) reads ahead a little, so the count is the record's
// size plus at most one buffer.
type capReader struct {
	r     io.Reader
	n     int64
	limit int64
}

func (c *capReader) Read(p []byte) (int, error) {
	if c.n > c.limit {
		return 0, errRecordTooLong
	}
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

func (c *capReader) reset() { c.n = 0 }

func tooLong(name string, line int64) error {
	return usererr.Newf(usererr.Data, name, line,
		"check the delimiter and the quotes (an unclosed quote swallows the rest of the file), or split the field",
		"a record longer than %d MiB", maxRecordBytes>>20)
}

// textMode says how the fields of a text input are checked against its
// encoding.
type textMode uint8

const (
	textAny  textMode = iota // decoded as a whole (UTF-16, --encoding windows-1252): nothing to check
	textUTF8                 // UTF-8: a field that is not UTF-8 is kept as it is, and its row is a misfit
	// text1252: detected Windows-1252, read field by field: a field that
	// is valid UTF-8 with characters beyond ASCII is kept (a misfit row),
	// any other is decoded from Windows-1252.
	text1252
)

// csvRows reads the raw records of a CSV/TSV stream.
type csvRows struct {
	name     string
	cr       *csv.Reader
	cap      *capReader
	lastLine int64 // line of the last record read
	lineBase int64 // lines before the first the CSV reader sees (a sep= line)
	mode     textMode
	odd      bool // the last record is a misfit (textMode)
}

func newCSVRows(name string, r io.Reader, delim rune, mode textMode) *csvRows {
	c := &capReader{r: r, limit: maxRecordBytes}
	cr := csv.NewReader(c)
	cr.Comma = delim
	cr.LazyQuotes = false
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	return &csvRows{name: name, cr: cr, cap: c, mode: mode}
}

func (d *csvRows) misfit() bool { return d.odd }

// fitText checks (and in text1252 mode decodes) the fields of rec.
func (d *csvRows) fitText(rec []string) {
	d.odd = false
	for i, f := range rec {
		switch {
		case d.mode == textAny:
			return
		case utf8.ValidString(f):
			if d.mode == text1252 && !ascii(f) {
				d.odd = true
			}
		case d.mode == textUTF8:
			d.odd = true
		default:
			rec[i], _ = charmap.Windows1252.NewDecoder().String(f)
		}
	}
}

func ascii(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// read returns the next record (reused by the next call) and its line.
func (d *csvRows) read() ([]string, int64, error) {
	rec, err := d.cr.Read()
	if err != nil {
		if err == io.EOF {
			return nil, 0, io.EOF
		}
		return nil, 0, d.mapErr(err)
	}
	d.cap.reset()
	line, _ := d.cr.FieldPos(0)
	d.lastLine = int64(line) + d.lineBase
	for i, f := range rec {
		if strings.IndexByte(f, 0) >= 0 {
			l, _ := d.cr.FieldPos(i)
			return nil, 0, nulError(d.name, int64(l)+d.lineBase)
		}
	}
	d.fitText(rec)
	return rec, d.lastLine, nil
}

func nulError(name string, line int64) error {
	return usererr.Newf(usererr.Data, name, line,
		"this is not a text export (a binary or damaged file, or UTF-16 without a byte-order mark: try --encoding utf-16le)",
		"NUL byte in the data")
}

// uniqueHeader trims the names, names empty ones "column N" (1-based
// position) and renames duplicates "name_2", "name_3", ..., noting the name
// a renamed column had in meta (one per name) so that role detection still
// sees it.
func uniqueHeader(file string, rec []string, meta []colMeta) ([]string, []string) {
	hdr := make([]string, len(rec))
	seen := make(map[string]bool, len(rec))
	for i, h := range rec {
		h = strings.TrimSpace(h)
		if h == "" {
			h = fmt.Sprintf("column %d", i+1)
		}
		hdr[i] = h
	}
	for _, h := range hdr {
		seen[h] = true
	}
	var warns []string
	first := make(map[string]bool, len(rec))
	for i, h := range hdr {
		if !first[h] {
			first[h] = true
			continue
		}
		n := 2
		for seen[fmt.Sprintf("%s_%d", h, n)] {
			n++
		}
		nh := fmt.Sprintf("%s_%d", h, n)
		seen[nh] = true
		hdr[i] = nh
		meta[i].dupOf = h
		warns = append(warns, fmt.Sprintf("%s: duplicate column %q (column %d) renamed %q", displayName(file), h, i+1, nh))
	}
	return hdr, warns
}

// displayName is a file name as warnings show it: "stdin" for "-", and
// control and invisible characters escaped (usererr.Clean).
func displayName(f string) string {
	if f == "-" {
		return "stdin"
	}
	return usererr.Clean(f)
}

func (d *csvRows) mapErr(err error) error {
	if errors.Is(err, errRecordTooLong) {
		return tooLong(d.name, d.lastLine+1)
	}
	var pe *csv.ParseError
	if errors.As(err, &pe) && d.lineBase > 0 {
		shifted := *pe
		shifted.StartLine += int(d.lineBase)
		shifted.Line += int(d.lineBase)
		pe = &shifted
		err = pe
	}
	if pe != nil {
		if errors.Is(pe.Err, errRecordTooLong) {
			return tooLong(d.name, int64(pe.StartLine))
		}
		if e, ok := streamError(d.name, int64(pe.StartLine), pe.Err); ok {
			return e
		}
		switch {
		case errors.Is(pe.Err, csv.ErrQuote) && pe.Line != pe.StartLine:
			return &usererr.Error{Kind: usererr.Data, File: d.name, Line: int64(pe.StartLine), Err: err,
				Msg:  fmt.Sprintf("unbalanced quote: the quoted field of this row is not closed properly (error found at line %d)", pe.Line),
				Hint: `enclose a field in double quotes only as a whole and double the quotes inside it ("")`}
		case errors.Is(pe.Err, csv.ErrQuote):
			return &usererr.Error{Kind: usererr.Data, File: d.name, Line: int64(pe.StartLine), Err: err,
				Msg:  fmt.Sprintf("unbalanced quote in column %d", pe.Column),
				Hint: `enclose a field in double quotes only as a whole and double the quotes inside it ("")`}
		case errors.Is(pe.Err, csv.ErrBareQuote):
			return &usererr.Error{Kind: usererr.Data, File: d.name, Line: int64(pe.Line), Err: err,
				Msg:  fmt.Sprintf(`stray " in an unquoted field (column %d)`, pe.Column),
				Hint: `quote the whole field and double the quote ("5"" screen"), or check --delimiter`}
		}
		return &usererr.Error{Kind: usererr.Data, File: d.name, Line: int64(pe.StartLine), Err: err,
			Msg: "cannot parse CSV: " + pe.Err.Error(), Hint: "check the file's format (--input-format, --delimiter)"}
	}
	if e, ok := streamError(d.name, d.lastLine+1, err); ok {
		return e
	}
	return &usererr.Error{Kind: usererr.Data, File: d.name, Line: d.lastLine + 1, Err: err, Msg: "cannot read: " + err.Error(), Hint: "check the file and try again"}
}
