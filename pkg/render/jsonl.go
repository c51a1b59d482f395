package render

import "io"

// jsonlWriter writes a report's lines, or streams rows, as one compact JSON
// object per line.
type jsonlWriter struct{}

func (jsonlWriter) report(w io.Writer, m *Model, _ Style) error {
	b := jsonBuf{out: w}
	if m.many != nil && m.many.batches != nil {
		for enc, err := range m.many.batches(newJSONLEncoder) {
			if err != nil {
				return err
			}
			b.Write(enc)
			if err := b.flush(64 << 10); err != nil {
				return err
			}
		}
		return b.flush(0)
	}
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

// newJSONLEncoder returns a rowEncoder of JSON lines, with shared values'
// encodings of its own (one per goroutine).
func newJSONLEncoder() rowEncoder {
	var j jsonBuf
	return func(b []byte, o object) ([]byte, error) {
		j.Reset()
		j.object(o)
		j.WriteByte('\n')
		return append(b, j.Bytes()...), nil
	}
}
