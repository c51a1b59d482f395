package render

import (
	"fmt"
	"io"
	"strings"
)

// Format is an output format.
type Format uint8

// The formats, as --format names them: table (the default), csv, tsv,
// json, jsonl, markdown, html (a self-contained page), svg (a report's
// chart alone) and tally (the mergeable tally, for score and trend).
const (
	Table Format = iota
	CSV
	TSV
	JSON
	JSONL
	Markdown
	HTML
	SVG
	Tally
)

// formats are the writers by Format, with the names --format takes, in
// the order errors list them. A new format is a file with its writer, and
// its constant above and its line here.
// blocks marks the writers of what a person reads (tables, charts): only
// they get a model's blocks made when the model makes them on demand.
var formats = [...]struct {
	name, alias string
	writer      writer
	blocks      bool
}{
	Table:    {"table", "", tableWriter{}, true},
	CSV:      {"csv", "", csvWriter{comma: ','}, false},
	TSV:      {"tsv", "", csvWriter{comma: '\t'}, false},
	JSON:     {"json", "", jsonWriter{}, false},
	JSONL:    {"jsonl", "", jsonlWriter{}, false},
	Markdown: {"markdown", "md", markdownWriter{}, true},
	HTML:     {"html", "", htmlWriter{}, true},
	SVG:      {"svg", "", svgWriter{}, true},
	Tally:    {"tally", "", tallyWriter{}, false},
}

// writer writes one format: a whole report, or a stream of rows.
type writer interface {
	report(w io.Writer, m *Model, st Style) error
	rows(w io.Writer, header []string, st Style) (RowWriter, error)
}

// writerFor is the writer of f.
func writerFor(f Format) (writer, error) {
	if int(f) < len(formats) {
		return formats[f].writer, nil
	}
	return nil, fmt.Errorf("unknown format %v", f)
}

// String returns the flag spelling of f.
func (f Format) String() string {
	if int(f) < len(formats) {
		return formats[f].name
	}
	return fmt.Sprintf("Format(%d)", f)
}

// ParseFormat parses a format name (table, csv, tsv, json, jsonl, markdown
// or md, html, svg, tally), in any case.
func ParseFormat(s string) (Format, error) {
	v := strings.ToLower(strings.TrimSpace(s))
	var names []string
	for f, w := range formats {
		if v == w.name || (v == w.alias && w.alias != "") {
			return Format(f), nil
		}
		n := w.name
		if w.alias != "" {
			n += " (" + w.alias + ")"
		}
		names = append(names, n)
	}
	last := len(names) - 1
	return 0, fmt.Errorf("unknown format %q; use %s or %s", s, strings.Join(names[:last], ", "), names[last])
}
