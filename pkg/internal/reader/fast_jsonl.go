package reader

// The JSON Lines side of the fast path (see fast.go). pkg/pipeline reads
// JSON Lines with the byte-level extractor of pkg/jsonscan and hands every
// line it cannot take (nested objects, unknown keys, escapes in keys,
// invalid JSON, ...) to JSONLLines.Line, which is the general JSON Lines
// decoder's logic for one line (jsonlDecoder.nextObject, jsonRecords.next).
// Keys first seen after the lookahead are counted as the general decoder
// counts them, per input, and become the same end-of-input warning.

import (
	"bytes"
	"encoding/json"
	"io"
	"slices"

	"github.com/npskit/nps/pkg/usererr"
)

// jsonlInput describes the JSON Lines input s for the fast path. Its keys
// (the columns the general decoder learnt from the first objects) are
// JSONLKeys; Fields index them.
func (p *FastPlan) jsonlInput(s *source) (FastInput, string) {
	in := s.info
	if in.Encoding != "utf-8" && in.Encoding != "utf-8 (BOM)" {
		return FastInput{}, in.Encoding + " input"
	}
	fi := FastInput{Name: s.name, Stream: s.again(), Gzip: in.Gzip, BOM: in.Encoding == "utf-8 (BOM)", JSONL: in.Format == "jsonl",
		Width: len(in.Columns), Fields: s.fieldsOf(p.Cols)}
	if in.Format == "json" {
		// An array: read again from its first byte where the extractor is
		// unsure (JSONRest), so only from a file.
		switch {
		case s.stream != nil:
			return FastInput{}, "JSON from a stream"
		case s.jsonStart < 0:
			return FastInput{}, "JSON other than a top-level array"
		}
		fi.JSON, fi.Start = true, s.jsonStart
	}
	return fi, ""
}

// jsonlMixed reports why the plan cannot be followed when JSON inputs
// (JSON Lines, JSON arrays) are mixed with CSV (the pipeline reads either
// kind, not both).
func (p *FastPlan) jsonlMixed() string {
	n := 0
	for _, in := range p.Inputs {
		if in.JSONL || in.JSON {
			n++
		}
	}
	if n > 0 && n < len(p.Inputs) {
		return "JSON mixed with other formats"
	}
	return ""
}

// JSONLKeys are the keys (columns) of JSON Lines input i, in the order of
// its header: FastInput.Fields index them.
func (p *FastPlan) JSONLKeys(i int) []string {
	return p.r.readerState.srcs[i].jcols.scanKeys()
}

// JSONLIgnored counts the values under keys first seen after the lookahead,
// for the general decoder's warning.
type JSONLIgnored struct {
	n    int64
	keys []string // the first distinct keys, in input order (up to 6)
}

const ignoredKept = 6 // 5 named in the warning, one more for ", ..."

func (g *JSONLIgnored) add(k string) {
	g.n++
	if len(g.keys) < ignoredKept && !slices.Contains(g.keys, k) {
		g.keys = append(g.keys, k)
	}
}

// Merge adds o, which comes after g in input order.
func (g *JSONLIgnored) Merge(o JSONLIgnored) {
	g.n += o.n
	for _, k := range o.keys {
		if len(g.keys) < ignoredKept && !slices.Contains(g.keys, k) {
			g.keys = append(g.keys, k)
		}
	}
}

// warning is the general decoder's end-of-input warning for input name.
func (g *JSONLIgnored) warning(name string) []string {
	j := jsonRecords{name: name, nIgnore: int(g.n), ignSet: map[string]bool{}}
	for _, k := range g.keys {
		j.ignSet[k] = true
	}
	j.ignored = g.keys[:min(len(g.keys), 5)]
	return j.endWarnings()
}

// JSONLLines reads the lines of JSON Lines input i that the extractor
// leaves, as the general decoder does. One per worker and input.
type JSONLLines struct {
	name string
	keys *jsonColumns // key -> header index
	col  []int        // header index -> Reader column wanted, or -1
	cols []int        // the wanted Reader columns this input has
	kvs  []kv
	ign  JSONLIgnored
}

// JSONLLines returns the line reader of JSON Lines input i.
func (p *FastPlan) JSONLLines(i int) *JSONLLines {
	in := &p.Inputs[i]
	keys := p.JSONLKeys(i)
	l := &JSONLLines{name: in.Name, keys: p.r.readerState.srcs[i].jcols, col: make([]int, len(keys))}
	for j := range keys {
		l.col[j] = -1
	}
	for k, f := range in.Fields {
		if f >= 0 {
			l.col[f] = p.Cols[k]
			l.cols = append(l.cols, p.Cols[k])
		}
	}
	return l
}

// Line sets the wanted fields of rows from line b (without its '\n'),
// line number ln, as the general decoder reads it: blank is true for a
// line of white space (skipped), err is the general decoder's error for
// the line.
func (l *JSONLLines) Line(rows *FastRows, ln int64, b []byte) (blank bool, err error) {
	t := bytes.TrimSpace(b)
	if len(t) == 0 {
		return true, nil
	}
	// As jsonlDecoder.nextObject.
	if !json.Valid(t) {
		var raw json.RawMessage
		msg := "invalid JSON"
		if err := json.Unmarshal(t, &raw); err != nil {
			msg += ": " + err.Error()
		}
		return false, usererr.Newf(usererr.Data, l.name, ln, "each line must hold one complete JSON object", "%s", msg)
	}
	if t[0] != '{' {
		return false, usererr.Newf(usererr.Data, l.name, ln, "each line must hold one JSON object (one response)",
			"expected a response object, found %s", describe(t))
	}
	// As jsonRecords.next.
	f := rows.fields
	for _, c := range l.cols {
		f[c] = ""
	}
	l.kvs = flatten(t, l.kvs[:0])
	for k := range l.kvs {
		p := &l.kvs[k]
		if j, ok := l.keys.column(p); ok {
			if c := l.col[j]; c >= 0 {
				f[c] = p.v
			}
		} else if p.v != "" {
			l.ign.add(p.k)
		}
	}
	clear(l.kvs) // drop the strings
	return false, nil
}

// JSONRest reads JSON array input i with the general JSON decoder, for
// where the extractor is unsure: r is the input's text from its first byte
// (after a BOM); the first skip objects, read already, are passed over.
// Its errors are the general reader's, on the same lines.
type JSONRest struct {
	d *jsonDecoder
}

// JSONRest opens the rest of JSON array input i (see JSONRest).
func (p *FastPlan) JSONRest(i int, r io.Reader, skip int64) (*JSONRest, error) {
	lc := &lineCounter{r: tagReader{r}}
	d := &jsonDecoder{lc: lc, dec: json.NewDecoder(lc)}
	d.name = p.Inputs[i].Name
	if err := d.start(nil, false); err != nil {
		return nil, err
	}
	for range skip {
		if _, _, err := d.nextObject(); err != nil {
			return nil, err
		}
	}
	return &JSONRest{d: d}, nil
}

// Next reads the next object into the wanted fields of rows, as l (the
// input's JSONLLines) reads a line: it returns the object's line and
// offset, or io.EOF after the last one (the rest of the input checked as
// the general decoder checks it), or the general decoder's error.
func (j *JSONRest) Next(rows *FastRows, l *JSONLLines) (line, off int64, err error) {
	raw, line, err := j.d.nextObject()
	if err != nil {
		return 0, 0, err
	}
	_, err = l.Line(rows, line, raw)
	return line, j.d.lastOff, err
}

// CutIgnored returns the ignored values counted since the last call.
func (l *JSONLLines) CutIgnored() JSONLIgnored {
	g := l.ign
	l.ign = JSONLIgnored{}
	return g
}

// FinishJSONL is Finish for JSON Lines inputs: ign holds, per input, the
// ignored values of the whole input, which become the general decoder's
// end-of-input warnings.
func (p *FastPlan) FinishJSONL(parts []Counts, ign []JSONLIgnored, rows *FastRows) error {
	st := &p.r.readerState
	for i := range ign {
		if ign[i].n > 0 {
			st.endWarns = append(st.endWarns, ign[i].warning(p.Inputs[i].Name)...)
		}
	}
	return p.Finish(parts, rows)
}
