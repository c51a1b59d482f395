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
