package reader

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/npskit/nps/pkg/usererr"
)

// lookahead is how many JSON objects are read ahead to learn the columns.
const lookahead = 1000

// maxFlattenDepth bounds the nesting of objects flattened to dot paths;
// deeper objects are kept as their compact JSON text.
const maxFlattenDepth = 64

// lineCounter counts the newlines read through it so that a byte offset of
// the decoded stream can be turned into a line number. Offsets must be asked
// in increasing order; memory holds only the newlines read ahead.
type lineCounter struct {
	r    io.Reader
	off  int64   // bytes read so far
	base int64   // newlines before nl[head]
	nl   []int64 // offsets of newlines read; nl[:head] are passed
	head int
	mark int64 // offset of the decoder's position after the last value or token
}

func (c *lineCounter) Read(p []byte) (int, error) {
	left := maxRecordBytes - (c.off - c.mark)
	if left < 0 {
		return 0, errRecordTooLong
	}
	if int64(len(p)) > left+1 {
		p = p[:left+1] // never read far past the cap
	}
	n, err := c.r.Read(p)
	if c.head > 0 && c.head >= len(c.nl)/2 {
		c.nl = append(c.nl[:0], c.nl[c.head:]...)
		c.head = 0
	}
	b := p[:n]
	for i := 0; ; {
		j := bytes.IndexByte(b[i:], '\n')
		if j < 0 {
			break
		}
		c.nl = append(c.nl, c.off+int64(i+j))
		i += j + 1
	}
	c.off += int64(n)
	return n, err
}

// lineAt returns the 1-based line of the byte at offset off. Offsets must
// not decrease from one call to the next.
func (c *lineCounter) lineAt(off int64) int64 {
	for c.head < len(c.nl) && c.nl[c.head] < off {
		c.head++
		c.base++
	}
	return c.base + 1
}

type kv struct{ k, v string }

type bufObj struct {
	line int64
	kvs  []kv
}

// jsonRecords turns a stream of JSON objects into records: it reads up to
// lookahead objects to learn the columns (the union of their flattened keys
// in first-seen order) and ignores keys first seen later.
type jsonRecords struct {
	name    string
	nextObj func() ([]byte, int64, error) // raw object or io.EOF
	hdr     []string
	keyIdx  map[string]int
	buf     []bufObj
	bufPos  int
	fields  []string
	kvs     []kv
	ignored []string
	nIgnore int
	ignSet  map[string]bool
	done    bool
	hints   map[string]int // score ranks from Typeform field types
	vendor  string
}

func (j *jsonRecords) init() error {
	j.keyIdx = map[string]int{}
	for len(j.buf) < lookahead {
		raw, line, err := j.nextObj()
		if err == io.EOF {
			j.done = true
			break
		}
		if err != nil {
			return err
		}
		kvs := flatten(raw, nil)
		j.learn(raw, kvs)
		for _, p := range kvs {
			if _, ok := j.keyIdx[p.k]; !ok {
				j.keyIdx[p.k] = len(j.hdr)
				j.hdr = append(j.hdr, p.k)
			}
		}
		j.buf = append(j.buf, bufObj{line, kvs})
	}
	j.fields = make([]string, len(j.hdr))
	return nil
}

func (j *jsonRecords) header() []string { return j.hdr }

func (j *jsonRecords) meta() ([]colMeta, string, int) {
	m := make([]colMeta, len(j.hdr))
	for k, r := range j.hints {
		if i, ok := j.keyIdx[k]; ok {
			m[i].hint = r
		}
	}
	return m, j.vendor, 0
}

func (j *jsonRecords) openWarnings() []string { return nil }
func (j *jsonRecords) hasRows() bool          { return len(j.buf) > 0 }

func (j *jsonRecords) endWarnings() []string {
	if j.nIgnore == 0 {
		return nil
	}
	more := ""
	if len(j.ignored) < len(j.ignSet) {
		more = ", ..."
	}
	return []string{fmt.Sprintf("%s: %d values under keys first seen after the first %d responses were ignored (%s%s); list the records with those keys first, or convert to CSV",
		displayName(j.name), j.nIgnore, lookahead, strings.Join(j.ignored, ", "), more)}
}

func (j *jsonRecords) next() ([]string, int64, error) {
	for i := range j.fields {
		j.fields[i] = ""
	}
	var kvs []kv
	var line int64
	if j.bufPos < len(j.buf) {
		b := &j.buf[j.bufPos]
		kvs, line = b.kvs, b.line
		b.kvs = nil
		j.bufPos++
		if j.bufPos == len(j.buf) {
			j.buf, j.bufPos = nil, 0
		}
	} else {
		if j.done {
			return nil, 0, io.EOF
		}
		raw, l, err := j.nextObj()
		if err == io.EOF {
			j.done = true
			return nil, 0, io.EOF
		}
		if err != nil {
			return nil, 0, err
		}
		j.kvs = flatten(raw, j.kvs[:0])
		kvs, line = j.kvs, l
	}
	for _, p := range kvs {
		if i, ok := j.keyIdx[p.k]; ok {
			j.fields[i] = p.v
		} else if p.v != "" {
			j.nIgnore++
			if j.ignSet == nil {
				j.ignSet = map[string]bool{}
			}
			if !j.ignSet[p.k] {
				if len(j.ignSet) < 1000 {
					j.ignSet[p.k] = true
				}
				if len(j.ignored) < 5 {
					j.ignored = append(j.ignored, p.k)
				}
			}
		}
	}
	return j.fields, line, nil
}

// learn notes what the first objects say about the vendor and the score:
// Typeform answers carry their field type ("nps", "opinion_scale").
func (j *jsonRecords) learn(raw []byte, kvs []kv) {
	if j.hints == nil {
		j.hints = map[string]int{}
	}
	i := skipWS(raw, 0)
	if i < len(raw) && raw[i] == '{' && bytes.Contains(raw, []byte(`"answers"`)) {
		var obj struct {
			Answers json.RawMessage `json:"answers"`
		}
		if json.Unmarshal(raw, &obj) == nil && len(obj.Answers) > 0 && obj.Answers[0] == '[' {
			if _, ok := typeformAnswers(obj.Answers, nil, j.hints); ok {
				j.vendor = "typeform"
			}
		}
	}
	if j.vendor == "" {
		has := map[string]bool{}
		for _, p := range kvs {
			if k, _, _ := strings.Cut(p.k, "."); k != "" {
				has[k] = true
			}
		}
		if has["score"] && has["person_properties"] || has["score"] && has["survey_type"] && has["permalink"] {
			j.vendor = "delighted"
		}
	}
}

// typeformAnswers flattens a Typeform Responses API "answers" array: each
// answer becomes a column named by its field's ref (else its id) holding the
// value under the answer's type (number, text, choice.label, choices.labels,
// boolean, email, date, ...). ok is false when v is not such an array, and
// the caller keeps it as JSON text. hints, when not nil, receives the score
// rank of answers whose field type is "nps" or "opinion_scale".
func typeformAnswers(v []byte, out []kv, hints map[string]int) ([]kv, bool) {
	var answers []map[string]json.RawMessage
	if json.Unmarshal(v, &answers) != nil || len(answers) == 0 {
		return out, false
	}
	n := len(out)
	for _, a := range answers {
		var field struct{ ID, Ref, Type string }
		var typ string
		if a == nil || json.Unmarshal(a["field"], &field) != nil || json.Unmarshal(a["type"], &typ) != nil {
			return out[:n], false
		}
		name := field.Ref
		if name == "" {
			name = field.ID
		}
		if name == "" {
			return out[:n], false
		}
		if hints != nil {
			switch field.Type {
			case "nps":
				hints[name] = rankNPSField
			case "opinion_scale":
				hints[name] = rankScaleField
			}
		}
		out = append(out, kv{name, answerValue(a[typ])})
	}
	return out, true
}

// answerValue is the text of one Typeform answer value: a string, number or
// boolean as is; a choice its label (or "other"); several choices their
// labels joined with ", "; anything else its compact JSON.
func answerValue(raw json.RawMessage) string {
	t := bytes.TrimSpace(raw)
	if len(t) == 0 || t[0] == 'n' {
		return ""
	}
	switch t[0] {
	case '"':
		return unquote(t)
	case '{':
		var c struct {
			Label  *string  `json:"label"`
			Labels []string `json:"labels"`
			Other  *string  `json:"other"`
			Amount *string  `json:"amount"`
		}
		if json.Unmarshal(t, &c) == nil {
			switch {
			case c.Label != nil:
				return *c.Label
			case c.Labels != nil || c.Other != nil:
				l := c.Labels
				if c.Other != nil {
					l = append(l, *c.Other)
				}
				return strings.Join(l, ", ")
			case c.Amount != nil:
				return *c.Amount
			}
		}
		return compact(t)
	case '[':
		return compact(t)
	}
	return string(t)
}

// ---- JSON (array or wrapped array) ----

type jsonDecoder struct {
	jsonRecords
	lc      *lineCounter
	dec     *json.Decoder
	pending []byte // first element, read while looking for the array
	pendLn  int64
	single  []byte // the whole input is one object
	state   int    // 0 in array, 1 finished
	wrapped bool
	// elemStart is the offset where the array's elements start (its first
	// element, or the byte after its '['), -1 when the input is one object.
	elemStart int64
	lastOff   int64 // where the object nextObject returned last starts
}

func newJSONDecoder(name string, r io.Reader, peek []byte, complete bool) (*jsonDecoder, error) {
	lc := &lineCounter{r: r}
	d := &jsonDecoder{lc: lc, dec: json.NewDecoder(lc)}
	d.name = name
	d.nextObj = d.nextObject
	if err := d.start(peek, complete); err != nil {
		return nil, err
	}
	if err := d.init(); err != nil {
		return nil, err
	}
	return d, nil
}

func (d *jsonDecoder) errAt(off int64, err error) error {
	if errors.Is(err, errRecordTooLong) {
		// The record starts after the separators that follow the last
		// value read.
		start := d.dec.InputOffset()
		var b [1]byte
		for br := d.dec.Buffered(); ; start++ {
			if n, _ := br.Read(b[:]); n == 0 || !strings.ContainsRune(" \t\r\n,:[{", rune(b[0])) {
				break
			}
		}
		return tooLong(d.name, d.lc.lineAt(max(start, 0)))
	}
	if e, ok := streamError(d.name, 0, err); ok {
		return e
	}
	var se *json.SyntaxError
	switch {
	case errors.As(err, &se):
		return &usererr.Error{Kind: usererr.Data, File: d.name, Line: d.lc.lineAt(max(off, 0)), Err: err,
			Msg: "invalid JSON: " + se.Error(), Hint: "fix the file or export it again"}
	case errors.Is(err, io.ErrUnexpectedEOF), err == io.EOF:
		// Wrapped as io.ErrUnexpectedEOF, never io.EOF: callers take
		// errors.Is(err, io.EOF) for the end of the responses.
		return &usererr.Error{Kind: usererr.Data, File: d.name, Line: d.lc.lineAt(max(d.lc.off-1, 0)), Err: io.ErrUnexpectedEOF,
			Msg: "the JSON ends early (truncated file?)", Hint: "export or download it again"}
	}
	return &usererr.Error{Kind: usererr.Data, File: d.name, Line: d.lc.lineAt(max(off, 0)), Err: err,
		Msg: "invalid JSON: " + err.Error(), Hint: "fix the file or export it again"}
}

func (d *jsonDecoder) token() (json.Token, error) {
	t, err := d.dec.Token()
	if err != nil {
		if errors.Is(err, errRecordTooLong) {
			return nil, d.errAt(0, err)
		}
		return nil, d.errAt(d.syntaxOffset(), err)
	}
	d.lc.mark = d.dec.InputOffset()
	return t, nil
}

// decodeRaw reads one value; it returns it and the offset where it starts.
func (d *jsonDecoder) decodeRaw() (json.RawMessage, int64, error) {
	var raw json.RawMessage
	if err := d.dec.Decode(&raw); err != nil {
		if errors.Is(err, errRecordTooLong) {
			return nil, 0, d.errAt(0, err)
		}
		return nil, 0, d.errAt(d.syntaxOffset(), err)
	}
	d.lc.mark = d.dec.InputOffset()
	return raw, d.dec.InputOffset() - int64(len(raw)), nil
}

// syntaxOffset returns the offset of a syntax error the decoder just met.
// The decoder's own SyntaxError.Offset is not an offset into the stream, so
// the unread rest of its buffer (which starts at the value that failed) is
// scanned again by a fresh decoder.
func (d *jsonDecoder) syntaxOffset() int64 {
	base := d.dec.InputOffset()
	rest, _ := io.ReadAll(d.dec.Buffered())
	var raw json.RawMessage
	var se *json.SyntaxError
	if err := json.NewDecoder(bytes.NewReader(rest)).Decode(&raw); errors.As(err, &se) && se.Offset > 0 {
		return base + se.Offset - 1
	}
	return base
}

func describeToken(t json.Token) string {
	switch t.(type) {
	case string:
		return "string"
	case bool:
		return "boolean"
	case nil:
		return "null"
	case json.Delim:
		return "delimiter"
	}
	return "number"
}

func describe(raw []byte) string {
	if len(raw) == 0 {
		return "nothing"
	}
	switch raw[0] {
	case '[':
		return "an array"
	case '"':
		return "a string"
	case 'n':
		return "null"
	case 't', 'f':
		return "a boolean"
	case '{':
		return "an object"
	}
	return "a number"
}

// start positions the decoder inside the array of responses.
func (d *jsonDecoder) start(peek []byte, complete bool) error {
	tok, err := d.token()
	if err != nil {
		return err
	}
	switch tok {
	case json.Delim('['):
		d.elemStart = d.dec.InputOffset()
		return nil
	case json.Delim('{'):
	default:
		return usererr.Newf(usererr.Data, d.name, d.lc.lineAt(0), "give an array of response objects, or an object holding one",
			"the JSON holds a single %s, not responses", describeToken(tok))
	}
	d.wrapped = true
	for d.dec.More() {
		if _, err := d.token(); err != nil { // key
			return err
		}
		tok, err := d.token()
		if err != nil {
			return err
		}
		switch tok {
		case json.Delim('['):
			if !d.dec.More() {
				if _, err := d.token(); err != nil { // ]
					return err
				}
				continue
			}
			raw, off, err := d.decodeRaw()
			if err != nil {
				return err
			}
			if raw[0] == '{' {
				d.pending, d.pendLn, d.elemStart = raw, d.lc.lineAt(off), off
				return nil
			}
			if err := d.skipRest(1); err != nil {
				return err
			}
		case json.Delim('{'):
			if err := d.skipRest(1); err != nil {
				return err
			}
		}
	}
	// No array of objects: the object itself is one response when it is
	// small enough to have been seen whole.
	if complete {
		if t := bytes.TrimSpace(peek); json.Valid(t) && t[0] == '{' {
			d.single, d.elemStart = append([]byte(nil), t...), -1
			if _, err := d.token(); err != nil { // }
				return err
			}
			return d.end()
		}
	}
	return usererr.Newf(usererr.Data, d.name, 0, "give an array of response objects, or an object holding one (e.g. under \"responses\")",
		"no array of responses found in the JSON object")
}

// skipRest skips tokens until depth open delimiters are closed.
func (d *jsonDecoder) skipRest(depth int) error {
	for depth > 0 {
		if d.dec.More() {
			// Values are decoded whole (bounded by the scanner's depth
			// limit); keys come as tokens.
			t, err := d.token()
			if err != nil {
				return err
			}
			if dl, ok := t.(json.Delim); ok && (dl == '[' || dl == '{') {
				depth++
			}
			continue
		}
		if _, err := d.token(); err != nil { // closing delimiter
			return err
		}
		depth--
	}
	return nil
}

// end checks that nothing but white space follows the value.
func (d *jsonDecoder) end() error {
	d.state = 1
	if _, err := d.dec.Token(); err != io.EOF {
		if err == nil {
			return usererr.Newf(usererr.Data, d.name, d.lc.lineAt(d.dec.InputOffset()), "keep one JSON value per file, or use JSON Lines (.jsonl)", "unexpected data after the end of the JSON")
		}
		return d.errAt(d.syntaxOffset(), err)
	}
	return nil
}

func (d *jsonDecoder) nextObject() ([]byte, int64, error) {
	if d.single != nil {
		s := d.single
		d.single = nil
		return s, 1, nil
	}
	if d.pending != nil {
		p := d.pending
		d.pending = nil
		return p, d.pendLn, nil
	}
	if d.state == 1 {
		return nil, 0, io.EOF
	}
	if !d.dec.More() {
		if _, err := d.token(); err != nil { // ]
			return nil, 0, err
		}
		if d.wrapped {
			if err := d.skipRest(1); err != nil {
				return nil, 0, err
			}
		}
		if err := d.end(); err != nil {
			return nil, 0, err
		}
		return nil, 0, io.EOF
	}
	raw, off, err := d.decodeRaw()
	if err != nil {
		return nil, 0, err
	}
	d.lastOff = off
	line := d.lc.lineAt(off)
	if raw[0] != '{' {
		return nil, 0, usererr.Newf(usererr.Data, d.name, line, "each element of the array must be an object (one response)",
			"expected a response object, found %s", describe(raw))
	}
	return raw, line, nil
}

// ---- JSON Lines ----

type jsonlDecoder struct {
	jsonRecords
	br      *bufio.Reader
	line    int64
	lineBuf []byte
}

func newJSONLDecoder(name string, r *bufio.Reader) (*jsonlDecoder, error) {
	d := &jsonlDecoder{br: r}
	d.name = name
	d.nextObj = d.nextObject
	if err := d.init(); err != nil {
		return nil, err
	}
	if len(d.buf) == 0 {
		return nil, emptyFile(name)
	}
	return d, nil
}

func (d *jsonlDecoder) readLine() ([]byte, error) {
	d.lineBuf = d.lineBuf[:0]
	for {
		s, err := d.br.ReadSlice('\n')
		if err == bufio.ErrBufferFull {
			d.lineBuf = append(d.lineBuf, s...)
			if int64(len(d.lineBuf)) > maxRecordBytes {
				return nil, errRecordTooLong
			}
			continue
		}
		if len(d.lineBuf) > 0 {
			d.lineBuf = append(d.lineBuf, s...)
			s = d.lineBuf
		}
		if err == io.EOF && len(s) > 0 {
			err = nil
		}
		return s, err
	}
}

func (d *jsonlDecoder) nextObject() ([]byte, int64, error) {
	for {
		s, err := d.readLine()
		if err != nil {
			if err == io.EOF {
				return nil, 0, io.EOF
			}
			if err == errRecordTooLong {
				return nil, 0, tooLong(d.name, d.line+1)
			}
			if e, ok := streamError(d.name, d.line+1, err); ok {
				return nil, 0, e
			}
			return nil, 0, &usererr.Error{Kind: usererr.Data, File: d.name, Line: d.line + 1, Err: err, Msg: "cannot read: " + err.Error(), Hint: "check the file and try again"}
		}
		d.line++
		t := bytes.TrimSpace(s)
		if len(t) == 0 {
			continue
		}
		if !json.Valid(t) {
			var raw json.RawMessage
			msg := "invalid JSON"
			if err := json.Unmarshal(t, &raw); err != nil {
				msg += ": " + err.Error()
			}
			return nil, 0, usererr.Newf(usererr.Data, d.name, d.line, "each line must hold one complete JSON object", "%s", msg)
		}
		if t[0] != '{' {
			return nil, 0, usererr.Newf(usererr.Data, d.name, d.line, "each line must hold one JSON object (one response)",
				"expected a response object, found %s", describe(t))
		}
		return t, d.line, nil
	}
}

// ---- flattening ----

// flatten appends the key/value pairs of the valid JSON object raw to out:
// nested objects become dot paths, arrays their compact JSON text, strings
// their value, numbers and booleans their text, null "".
func flatten(raw []byte, out []kv) []kv {
	return flattenObj(raw, "", 0, out)
}

func flattenObj(b []byte, prefix string, depth int, out []kv) []kv {
	i := skipWS(b, 0)
	if i >= len(b) || b[i] != '{' {
		return out
	}
	i++
	for {
		i = skipWS(b, i)
		if i >= len(b) || b[i] == '}' {
			return out
		}
		if b[i] == ',' {
			i++
			continue
		}
		if b[i] != '"' {
			return out // cannot happen for valid JSON
		}
		e := skipString(b, i)
		key := prefix + unquote(b[i:e])
		i = skipWS(b, e)
		if i < len(b) && b[i] == ':' {
			i++
		}
		i = skipWS(b, i)
		e = skipValue(b, i)
		v := b[i:e]
		i = e
		if len(v) == 0 {
			return out
		}
		switch v[0] {
		case '{':
			if depth < maxFlattenDepth {
				n := len(out)
				out = flattenObj(v, key+".", depth+1, out)
				if len(out) == n {
					out = append(out, kv{key, ""}) // {} keeps its column
				}
			} else {
				out = append(out, kv{key, compact(v)})
			}
		case '[':
			if depth == 0 && key == "answers" {
				if kvs, ok := typeformAnswers(v, out, nil); ok {
					out = kvs
					continue
				}
			}
			out = append(out, kv{key, compact(v)})
		case '"':
			out = append(out, kv{key, unquote(v)})
		case 'n':
			out = append(out, kv{key, ""})
		default:
			out = append(out, kv{key, string(v)})
		}
	}
}

func skipWS(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r') {
		i++
	}
	return i
}

// skipString returns the index after the string starting at b[i] == '"'.
func skipString(b []byte, i int) int {
	for i++; i < len(b); i++ {
		switch b[i] {
		case '\\':
			i++
		case '"':
			return i + 1
		}
	}
	return len(b)
}

// skipValue returns the index after the value starting at b[i].
func skipValue(b []byte, i int) int {
	if i >= len(b) {
		return i
	}
	switch b[i] {
	case '"':
		return skipString(b, i)
	case '{', '[':
		depth := 0
		for i < len(b) {
			switch b[i] {
			case '"':
				i = skipString(b, i)
				continue
			case '{', '[':
				depth++
			case '}', ']':
				depth--
				if depth == 0 {
					return i + 1
				}
			}
			i++
		}
		return len(b)
	}
	for i < len(b) {
		switch b[i] {
		case ',', '}', ']', ' ', '\t', '\n', '\r':
			return i
		}
		i++
	}
	return i
}

func unquote(s []byte) string {
	if len(s) >= 2 && bytes.IndexByte(s, '\\') < 0 {
		return string(s[1 : len(s)-1])
	}
	var v string
	if err := json.Unmarshal(s, &v); err != nil {
		return strings.Trim(string(s), `"`)
	}
	return v
}

func compact(v []byte) string {
	var b bytes.Buffer
	if err := json.Compact(&b, v); err != nil {
		return string(v)
	}
	return b.String()
}
