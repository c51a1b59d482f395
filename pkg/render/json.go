package render

import (
	"bufio"
	"bytes"
	"encoding/json"
	"io"
	"math"
	"strconv"
	"unicode/utf8"
)

// jsonWriter writes a report's document, indented by two spaces; rows
// stream as the elements of an array of objects keyed by the header.
type jsonWriter struct{}

func (jsonWriter) report(w io.Writer, m *Model, _ Style) error {
	if o, ok := m.doc.(object); ok { // written as it is made, indented on the way
		b := jsonBuf{indent: true, out: w}
		b.object(o)
		b.WriteByte('\n')
		return b.flush(0)
	}
	compact, err := m.doc.MarshalJSON()
	if err != nil {
		return err
	}
	var out bytes.Buffer
	out.Grow(len(compact) * 2)
	if err := json.Indent(&out, compact, "", "  "); err != nil {
		return err
	}
	out.WriteByte('\n')
	_, err = w.Write(out.Bytes())
	return err
}

func (jsonWriter) rows(w io.Writer, header []string, _ Style) (RowWriter, error) {
	return newJSONRows(w, header, true), nil
}

// jsonBuf writes JSON with keys in the order they are written; maps are
// never used for output, so key order is deterministic. It writes compact
// JSON, or with indent set the same indented as json.Indent with two
// spaces would; with out set, it hands out what it holds as lists fill it,
// so a document of millions of elements is never held whole.
type jsonBuf struct {
	bytes.Buffer
	first  []bool // per open object/array: no member written yet
	indent bool
	out    io.Writer
	err    error     // of out
	kept   encodings // of shared values
}

func (b *jsonBuf) open(c byte) {
	b.WriteByte(c)
	b.first = append(b.first, true)
}

func (b *jsonBuf) close(c byte) {
	n := len(b.first)
	if b.indent && !b.first[n-1] {
		b.newline(n - 1)
	}
	b.WriteByte(c)
	b.first = b.first[:n-1]
}

// sep writes the comma before every member but the first (and when
// indenting, the line break and indentation before every member).
func (b *jsonBuf) sep() {
	if n := len(b.first); n > 0 {
		if !b.first[n-1] {
			b.WriteByte(',')
		}
		b.first[n-1] = false
		if b.indent {
			b.newline(n)
		}
	}
}

func (b *jsonBuf) newline(depth int) {
	b.WriteByte('\n')
	for range depth {
		b.WriteString("  ")
	}
}

// key starts an object member.
func (b *jsonBuf) key(k string) {
	b.sep()
	b.str(k)
	b.WriteByte(':')
	if b.indent {
		b.WriteByte(' ')
	}
}

// flush writes what b holds to out once it holds at least min bytes.
func (b *jsonBuf) flush(min int) error {
	if b.out == nil || b.err != nil || b.Len() < min {
		return b.err
	}
	_, b.err = b.out.Write(b.Bytes())
	b.Reset()
	return b.err
}

// str writes a JSON string as encoding/json does, without escaping HTML
// characters (this is not for a web page). Most strings need no escape at
// all and are copied as they are; the others go through encoding/json,
// which also turns invalid UTF-8 into U+FFFD.
func (b *jsonBuf) str(s string) {
	if !needsEscape(s) {
		b.WriteByte('"')
		b.WriteString(s)
		b.WriteByte('"')
		return
	}
	enc := json.NewEncoder(&b.Buffer)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s) // a string always encodes
	b.Truncate(b.Len() - 1)
}

// needsEscape reports whether encoding/json would write s other than as it
// is between quotes: for a control character, a quote or a backslash, for
// invalid UTF-8, and for U+2028 and U+2029.
func needsEscape(s string) bool {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c < 0x20 || c == '"' || c == '\\' {
				return true
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if (r == utf8.RuneError && size == 1) || r == '\u2028' || r == '\u2029' {
			return true
		}
		i += size
	}
	return false
}

// num writes a float the way encoding/json does; NaN and ±Inf are null.
func (b *jsonBuf) num(x float64) {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		b.WriteString("null")
		return
	}
	out, _ := json.Marshal(x) // finite floats always encode
	b.Write(out)
}

// object writes o with its members in order.
func (b *jsonBuf) object(o object) {
	b.open('{')
	b.members(o)
	b.close('}')
}

// members writes o's fields as members of the object being written; a
// shared value's fields are members of it too.
func (b *jsonBuf) members(o object) {
	for i := range o {
		f := &o[i]
		if f.val.kind == sharedKind {
			b.shared(&f.val)
			continue
		}
		b.key(f.name)
		b.value(f.val)
	}
}

// shared writes the fields of v, a shared value, as members: after the
// first member, as the encoding kept for v at this depth.
func (b *jsonBuf) shared(v *value) {
	depth := len(b.first)
	if depth == 0 || b.first[depth-1] {
		b.members(v.obj)
		return
	}
	if enc, ok := b.kept.get(v, depth); ok {
		b.Write(enc)
		return
	}
	start := b.Len()
	b.members(v.obj)
	b.kept.keep(v, depth, b.Bytes()[start:])
}

func (b *jsonBuf) value(v value) {
	switch v.kind {
	case textKind:
		b.str(v.text)
	case countKind:
		b.WriteString(strconv.FormatInt(v.count, 10))
	case numberKind:
		b.num(v.num)
	case boolKind:
		b.WriteString(strconv.FormatBool(v.yes))
	case objectKind:
		b.object(v.obj)
	case listKind:
		b.open('[')
		for e := range v.elements() {
			b.sep()
			b.value(e)
			if b.flush(64<<10) != nil {
				return // the error is b.err, returned by the last flush
			}
		}
		b.close(']')
	}
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

func newJSONRows(w io.Writer, header []string, array bool) *jsonRows {
	return &jsonRows{w: bufio.NewWriter(w), keys: uniqueKeys(header), array: array}
}

func (r *jsonRows) Write(cells []string) error {
	if r.closed {
		return errFlushed
	}
	cells, err := fit(cells, len(r.keys))
	if err != nil {
		return err
	}
	r.b.row(r.keys, cells)
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

// row makes b hold one compact object: the cells keyed by keys.
func (b *jsonBuf) row(keys, cells []string) {
	b.Reset()
	b.first = b.first[:0]
	b.open('{')
	for i, k := range keys {
		b.key(k)
		b.str(cells[i])
	}
	b.close('}')
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
