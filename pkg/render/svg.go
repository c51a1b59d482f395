package render

import (
	"io"

	"github.com/npskit/nps/pkg/usererr"
)

// svgWriter writes a report's first chart alone, as an SVG document (for
// slides): `nps trend -f svg`, `nps dist -f svg`.
type svgWriter struct{}

func (svgWriter) report(w io.Writer, m *Model, _ Style) error {
	for _, b := range m.blocks {
		if c, ok := b.(*chart); ok {
			var buf svgBuf
			writeSVG(&buf, c, "chart", true)
			_, err := io.WriteString(w, buf.String())
			return err
		}
	}
	return usererr.Usagef("use -f svg with trend or dist, or -f html for a page", "this report has no chart to write as SVG")
}

func (svgWriter) rows(io.Writer, []string, Style) (RowWriter, error) {
	return nil, usererr.Usagef("use -f csv, or -f html for a page", "rows of responses have no chart to write as SVG")
}
