package render

import "io"

// jsonlWriter writes a report's lines, or streams rows, as one compact JSON
// object per line.
type jsonlWriter struct{}

func (jsonlWriter) report(w io.Writer, m *Model, _ Style) error {
	var b jsonBuf
	for _, l := range m.lines {
		b.object(l)
		b.WriteByte('\n')
	}
	_, err := w.Write(b.Bytes())
	return err
}

func (jsonlWriter) rows(w io.Writer, header []string, _ Style) (RowWriter, error) {
	return newJSONRows(w, header, false), nil
}
