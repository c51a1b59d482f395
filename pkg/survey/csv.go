package survey

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/npskit/nps/pkg/usererr"
)

type csvDecoder struct {
	name  string
	cr    *csv.Reader
	hdr   []string
	warns []string

	peeked   []string // first data record, read at open
	peekLine int64
	lastLine int64 // line of the last record read
	hasPeek  bool
	done     bool
}

func newCSVDecoder(name string, r io.Reader, delim rune, headerRows int) (*csvDecoder, error) {
	cr := csv.NewReader(r)
	cr.Comma = delim
	cr.LazyQuotes = false
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	d := &csvDecoder{name: name, cr: cr}
	for i := 0; i < headerRows; i++ {
		rec, err := cr.Read()
		if err == io.EOF {
			if i == 0 {
				return nil, emptyFile(name)
			}
			return nil, noResponses(name)
		}
		if err != nil {
			return nil, d.mapErr(err)
		}
		if i == 0 {
			d.hdr, d.warns = uniqueHeader(name, rec)
		}
	}
	rec, line, err := d.read()
	switch {
	case err == io.EOF:
		d.done = true
	case err != nil:
		return nil, err
	default:
		d.peeked = append([]string(nil), rec...)
		d.peekLine, d.hasPeek = line, true
	}
	return d, nil
}

// uniqueHeader trims the names, names empty ones "column N" (1-based
// position) and renames duplicates "name_2", "name_3", ...
func uniqueHeader(file string, rec []string) ([]string, []string) {
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
		warns = append(warns, fmt.Sprintf("%s: duplicate column %q (column %d) renamed %q", displayName(file), h, i+1, nh))
	}
	return hdr, warns
}

func displayName(f string) string {
	if f == "-" {
		return "stdin"
	}
	return f
}

func (d *csvDecoder) header() []string       { return d.hdr }
func (d *csvDecoder) openWarnings() []string { return d.warns }
func (d *csvDecoder) endWarnings() []string  { return nil }
func (d *csvDecoder) hasRows() bool          { return d.hasPeek }

func (d *csvDecoder) next() ([]string, int64, error) {
	if d.hasPeek {
		d.hasPeek = false
		return d.peeked, d.peekLine, nil
	}
	if d.done {
		return nil, 0, io.EOF
	}
	rec, line, err := d.read()
	if err == io.EOF {
		d.done = true
	}
	return rec, line, err
}

func (d *csvDecoder) read() ([]string, int64, error) {
	rec, err := d.cr.Read()
	if err != nil {
		if err == io.EOF {
			return nil, 0, io.EOF
		}
		return nil, 0, d.mapErr(err)
	}
	line, _ := d.cr.FieldPos(0)
	d.lastLine = int64(line)
	if len(rec) > len(d.hdr) {
		for _, f := range rec[len(d.hdr):] {
			if strings.TrimSpace(f) != "" {
				return nil, 0, usererr.Newf(usererr.Data, d.name, int64(line),
					"check the delimiter (--delimiter) and the number of header rows (--header-rows)",
					"row has %d fields but the header has %d", len(rec), len(d.hdr))
			}
		}
		rec = rec[:len(d.hdr)]
	}
	return rec, int64(line), nil
}

func (d *csvDecoder) mapErr(err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
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
