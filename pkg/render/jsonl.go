package render

import "io"

// jsonlWriter writes a report's lines, or streams rows, as one compact JSON
// object per line.
type jsonlWriter struct{}

func (jsonlWriter) report(w io.Writer, m *Model, _ Style) error {
	b := jsonBuf{out: w}
	for l := range m.eachLine() {
		b.object(l)
		b.WriteByte('\n')
		if err := b.flush(64 << 10); err != nil {
			return err
		}
	}
	return b.flush(0)
}

func (jsonlWriter) rows(w io.Writer, header []string, _ Style) (RowWriter, error) {
	return newJSONRows(w, header, false), nil
}
