package render

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
)

// csvWriter writes CSV (comma) or TSV (tab): UTF-8 without BOM, LF line
// ends, every cell (header too) neutralised against formula injection. A
// report is its records' header and a line per record; rows stream.
type csvWriter struct {
	comma rune
}

func (c csvWriter) report(w io.Writer, m *Model, _ Style) error {
	rw, err := c.start(w, m.records.header)
	if err != nil {
		return err
	}
	var cells []string
	for r := range m.recordRows() {
		if cells, err = appendCells(cells[:0], r); err != nil {
			return err
		}
		if err := rw.Write(cells); err != nil {
			return err
		}
	}
	return rw.Flush()
}

func (c csvWriter) rows(w io.Writer, header []string, _ Style) (RowWriter, error) {
	return c.start(w, header)
}

// start writes the header and returns the writer of the rows under it.
// Its encoding/csv writer is configured here, per writer, with no shared
// settings.
func (c csvWriter) start(w io.Writer, header []string) (*csvRows, error) {
	cw := csv.NewWriter(w)
	cw.Comma = c.comma
	cw.UseCRLF = false
	rw := &csvRows{w: cw, n: len(header)}
	if err := rw.write(header); err != nil {
		return nil, err
	}
	return rw, nil
}

// appendCells appends a record's cells: a field is a cell, an object field
// (a group key) a cell per member. Numbers are written in full, exactly as
// JSON writes them, and NaN as an empty cell.
func appendCells(cells []string, o object) ([]string, error) {
	for _, f := range o {
		v := f.val
		switch v.kind {
		case textKind:
			cells = append(cells, v.text)
		case countKind:
			cells = append(cells, strconv.FormatInt(v.count, 10))
		case numberKind:
			cells = append(cells, formatFloat(v.num))
		case boolKind:
			cells = append(cells, strconv.FormatBool(v.yes))
		case objectKind:
			var err error
			if cells, err = appendCells(cells, v.obj); err != nil {
				return nil, err
			}
		case listKind:
			return nil, fmt.Errorf("render: field %q is a list, which has no CSV cell", f.name)
		}
	}
	return cells, nil
}

// csvRows streams CSV or TSV; every cell is sanitised.
type csvRows struct {
	w   *csv.Writer
	n   int
	buf []string
}

func (r *csvRows) write(cells []string) error {
	r.buf = r.buf[:0]
	for _, c := range cells {
		r.buf = append(r.buf, sanitizeCSV(c))
	}
	return r.w.Write(r.buf)
}

func (r *csvRows) Write(cells []string) error {
	cells, err := fit(cells, r.n)
	if err != nil {
		return err
	}
	return r.write(cells)
}

func (r *csvRows) Flush() error {
	r.w.Flush()
	return r.w.Error()
}
