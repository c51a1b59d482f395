package render

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
)

func newRowWriter(w io.Writer, f Format, header []string, st Style) (RowWriter, error) {
	hdr := append([]string(nil), header...)
	switch f {
	case CSV, TSV:
		cw := newCSVWriter(w, f)
		rw := &csvRows{w: cw, n: len(hdr)}
		if err := rw.write(hdr); err != nil {
			return nil, err
		}
		return rw, nil
	case JSONL, JSON:
		return &jsonRows{w: bufio.NewWriter(w), keys: uniqueKeys(hdr), array: f == JSON}, nil
	case Table, Markdown:
		return &gridRows{w: w, header: hdr, md: f == Markdown, st: st}, nil
	}
	return nil, fmt.Errorf("unknown format %v", f)
}

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

// csvRows streams CSV or TSV; every cell (header too) is sanitised.
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

// uniqueKeys makes header names usable as JSON object keys: a repeated name
// gets "_2", "_3", ... so no value is lost to a duplicate key.
func uniqueKeys(header []string) []string {
	seen := map[string]bool{}
	out := make([]string, len(header))
	for i, h := range header {
		k := h
		for n := 2; seen[k]; n++ {
			k = h + "_" + strconv.Itoa(n)
		}
		seen[k] = true
		out[i] = k
	}
	return out
}

// jsonRows streams one object per row keyed by header: one compact object
// per line (JSON Lines), or the elements of an indented array (JSON).
type jsonRows struct {
	w      *bufio.Writer
	keys   []string
	array  bool
	rows   int
	closed bool
	b      jsonBuf
	ind    bytes.Buffer
}

var errFlushed = errors.New("render: write after Flush")

func (r *jsonRows) Write(cells []string) error {
	if r.closed {
		return errFlushed
	}
	cells, err := fit(cells, len(r.keys))
	if err != nil {
		return err
	}
	r.b.Reset()
	r.b.first = r.b.first[:0]
	r.b.open('{')
	for i, k := range r.keys {
		r.b.kstr(k, cells[i])
	}
	r.b.close('}')
	if !r.array {
		r.b.WriteByte('\n')
		_, err = r.w.Write(r.b.Bytes())
		return err
	}
	sep := ",\n  "
	if r.rows == 0 {
		sep = "[\n  "
	}
	r.rows++
	r.ind.Reset()
	if err := json.Indent(&r.ind, r.b.Bytes(), "  ", "  "); err != nil {
		return err
	}
	if _, err := r.w.WriteString(sep); err != nil {
		return err
	}
	_, err = r.w.Write(r.ind.Bytes())
	return err
}

func (r *jsonRows) Flush() error {
	if r.array && !r.closed {
		r.closed = true
		end := "\n]\n"
		if r.rows == 0 {
			end = "[]\n"
		}
		if _, err := r.w.WriteString(end); err != nil {
			return err
		}
	}
	return r.w.Flush()
}

// gridRows buffers rows for a table or Markdown and renders them on Flush.
type gridRows struct {
	w      io.Writer
	header []string
	rows   [][]cell
	md     bool
	st     Style
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
	row := make([]cell, len(cells))
	for i, c := range cells {
		row[i].text = sanitizeTerm(c)
	}
	r.rows = append(r.rows, row)
	return nil
}

func (r *gridRows) Flush() error {
	if r.done {
		return nil
	}
	r.done = true
	g := &grid{rows: r.rows}
	for _, h := range r.header {
		g.cols = append(g.cols, column{head: sanitizeTerm(h)})
	}
	r.rows = nil
	if r.md {
		return renderMarkdown(r.w, g)
	}
	return renderTerminal(r.w, g, r.st)
}
