package render

import (
	"errors"
	"fmt"
	"io"
	"slices"
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
