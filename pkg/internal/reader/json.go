package reader

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/npskit/nps/pkg/survey"
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

// kv is one flattened key and its value. k is the dot path the column is
// named by; id tells apart the paths that share a dot path ({"a":{"b":1}}
// and {"a.b":2} are both "a.b"): it is "" when no key along the path holds
// a '.', which makes k unambiguous, and else the keys joined by NUL bytes
// after a leading NUL.
type kv struct{ k, v, id string }

// ident is the path's identity: its dot path, or id when a key holds a '.'.
func (p *kv) ident() string {
	if p.id != "" {
		return p.id
	}
	return p.k
}

// pathText shows the path of identity id as its keys in quotes, joined by
// dots: "a"."b" or "a.b".
func pathText(id string) string {
	keys := strings.Split(id, ".")
	if strings.HasPrefix(id, "\x00") {
		keys = strings.Split(id[1:], "\x00")
	}
	for i, k := range keys {
		keys[i] = strconv.Quote(k)
	}
	return strings.Join(keys, ".")
}

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
	*jsonColumns
	warns   []string
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
	j.jsonColumns = newJSONColumns()
	for len(j.buf) < lookahead {
		raw, line, err := j.nextObj()
		if err == io.EOF {
			j.done = true
			break
		}
		if err != nil {
			return err
		}
		j.buf = append(j.buf, bufObj{line, j.learnObject(raw, line)})
	}
	j.fields = make([]string, len(j.hdr))
	return nil
}

// learnObject flattens one of the first objects, on line, and learns its
// columns and what it says about the vendor and the score.
func (j *jsonRecords) learnObject(raw []byte, line int64) []kv {
	kvs := flatten(raw, nil)
	j.learn(raw, kvs)
	for i := range kvs {
		if first, name := j.add(&kvs[i]); name != "" {
			j.warns = append(j.warns, fmt.Sprintf("%s: the keys %s and %s (line %d) both flatten to %q; the second is column %q",
				displayName(j.name), pathText(first), pathText(kvs[i].ident()), line, kvs[i].k, name))
		}
	}
	return kvs
}

// jsonColumns names the columns of flattened JSON objects: a column per
// dot path, in first-seen order.
type jsonColumns struct {
	hdr    []string
	keyIdx map[string]int // dot path -> column
	// renamed maps the identity (kv.ident) of a path whose dot path an
	// earlier, different path named to a column of its own, "path_2":
	// keys that collide after flattening stay apart. nil when none do.
	renamed map[string]int
	owner   map[string]string // column name -> identity of its path
}

func newJSONColumns() *jsonColumns {
	return &jsonColumns{keyIdx: map[string]int{}, owner: map[string]string{}}
}

// add adds the column of p unless it has one. For a path whose dot path
// an earlier, different path named, it returns that path's identity and
// the name of the new column ("" otherwise).
func (c *jsonColumns) add(p *kv) (first, renamed string) {
	id := p.ident()
	if _, ok := c.renamed[id]; ok {
		return "", ""
	}
	first, ok := c.owner[p.k]
	if !ok {
		c.owner[p.k] = id
		c.keyIdx[p.k] = len(c.hdr)
		c.hdr = append(c.hdr, p.k)
		return "", ""
	}
	if first == id {
		return "", ""
	}
	var name string
	for n := 2; ; n++ {
		name = fmt.Sprintf("%s_%d", p.k, n)
		if _, taken := c.owner[name]; !taken {
			break
		}
	}
	if c.renamed == nil {
		c.renamed = map[string]int{}
	}
	c.owner[name] = id
	c.renamed[id] = len(c.hdr)
	c.hdr = append(c.hdr, name)
	return first, name
}

// column returns the column of p, if it has one.
func (c *jsonColumns) column(p *kv) (int, bool) {
	if c.renamed != nil {
		if i, ok := c.renamed[p.ident()]; ok {
			return i, true
		}
		if c.owner[p.k] != p.ident() {
			return 0, false
		}
	}
	i, ok := c.keyIdx[p.k]
	return i, ok
}

// scanKeys are the column names as the fast path's key scanner (pkg/jsonscan)
// matches them against a line's top-level keys. When paths collide, a
// top-level key "a.b" is not simply column "a.b": every name with a '.' is
// then made unmatchable, so that the lines with such keys are read by
// column.
func (c *jsonColumns) scanKeys() []string {
	if c.renamed == nil {
		return c.hdr
	}
	keys := slices.Clone(c.hdr)
	for i, name := range keys {
		if strings.IndexByte(name, '.') >= 0 {
			keys[i] = "\x00" + name
		}
	}
	return keys
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

func (j *jsonRecords) openWarnings() []string { return j.warns }

// misfit is false: JSON strings are decoded as UTF-8 as encoding/json does.
func (j *jsonRecords) misfit() bool  { return false }
func (j *jsonRecords) hasRows() bool { return len(j.buf) > 0 }

func (j *jsonRecords) endWarnings() []string {
	if j.nIgnore == 0 {
		return nil
	}
	more := ""
	if len(j.ignored) < len(j.ignSet) {
		more = ", ..."
	}
	return []string{fmt.Sprintf("%s: %d values under keys first seen after the first %d responses were ignored (%s%s); list the records with those keys first, or convert to CSV",
		displayName(j.name), j.nIgnore, lookahead, usererr.Clean(strings.Join(j.ignored, ", ")), more)}
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
	for k := range kvs {
		p := &kvs[k]
		if i, ok := j.column(p); ok {
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
		out = append(out, kv{k: name, v: answerValue(a[typ])})
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
	opt     *survey.Options
	inspect bool // nps inspect: a long array without a score column may still be the one
	lc      *lineCounter
	dec     *json.Decoder
	single  []byte // the whole input is one object
	wrapped bool   // the array is a member of an object
	// The array of responses: its first objects, read while choosing it,
	// are served first; then, when it was not read whole, the rest of it
	// from the stream.
	chosen    *jsonArray
	queue     []rawObj
	streaming bool
	arrays    []*jsonArray // the arrays of objects met, for messages
	// elemStart is the offset where the elements of a top-level array start
	// (the byte after its '['), -1 otherwise: the fast path reads only those.
	elemStart int64
	lastOff   int64 // where the object nextObject returned last starts
}

// jsonArray is an array of objects that a JSON object holds under a key:
// a candidate to be the array of responses.
type jsonArray struct {
	key  string
	line int64    // of its first object
	rank int      // arrayRank
	objs []rawObj // its first objects (up to lookahead), while it may be chosen
	cols []string // the columns of its first objects
	all  bool     // objs and err are the whole array
	err  error    // an element among the first that is not an object
}

type rawObj struct {
	raw  []byte
	line int64
}

// An array of responses is chosen by rank: one whose objects hold a score
// column (the one --score-col names, or one detection finds) outranks one
// under a conventional name, which outranks any other.
const (
	rankScore = 2
	rankName  = 1
)

// conventionalKey reports whether key is a name exports give the array of
// responses under.
func conventionalKey(key string) bool {
	switch strings.ToLower(strings.TrimSpace(key)) {
	case "responses", "data", "items", "results", "answers":
		return true
	}
	return false
}

func newJSONDecoder(name string, r io.Reader, peek []byte, complete bool, opt *survey.Options, inspect bool) (*jsonDecoder, error) {
	lc := &lineCounter{r: r}
	d := &jsonDecoder{lc: lc, dec: json.NewDecoder(lc), opt: opt, inspect: inspect, elemStart: -1}
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
		// io.EOF for the end of the responses, and a truncated array
		// would be read as a complete one.
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

// start finds the array of responses: the top-level array, or the best
// ranked array of objects among the members of a top-level object. Arrays
// that fit in the lookahead are held while the others are looked at; the
// first longer one with a score column is read from the stream unless a
// held one ranks higher, and longer ones without (which cannot be held to
// come back to) are passed over, except by inspect. Arrays that rank alike
// make the input ambiguous: a usage error that lists them (found at the
// end of the input when the tie comes after an array read from the
// stream).
func (d *jsonDecoder) start(peek []byte, complete bool) error {
	tok, err := d.token()
	if err != nil {
		return err
	}
	switch tok {
	case json.Delim('['):
		d.streaming = true
		d.elemStart = d.dec.InputOffset()
		return nil
	case json.Delim('{'):
	default:
		return usererr.Newf(usererr.Data, d.name, d.lc.lineAt(0), "give an array of response objects, or an object holding one",
			"the JSON holds a single %s, not responses", describeToken(tok))
	}
	d.wrapped = true
	var best, passed *jsonArray
	tie := false
	for d.dec.More() {
		a, err := d.member()
		if err != nil || a == nil {
			if err != nil {
				return err
			}
			continue
		}
		switch {
		case a.all && (best == nil || a.rank > best.rank):
			if best != nil {
				best.objs = nil
			}
			best, tie = a, false
			continue
		case a.all && a.rank == best.rank:
			tie = true
		case a.all:
		case a.rank < rankScore && !d.inspect:
			// A long array without a score column: metadata, most
			// likely, and it cannot be held to come back to.
			if passed == nil {
				passed = a
			}
		case best != nil && a.rank == best.rank:
			return d.ambiguous(a.rank)
		case best == nil || a.rank > best.rank:
			d.chosen, d.queue, d.streaming = a, a.objs, true
			return nil
		}
		a.objs = nil
		if !a.all {
			if err := d.skipRest(1); err != nil {
				return err
			}
		}
	}
	if best != nil {
		if tie {
			return d.ambiguous(best.rank)
		}
		d.chosen, d.queue = best, best.objs
		if _, err := d.token(); err != nil { // }
			return err
		}
		return d.end()
	}
	if passed != nil {
		return usererr.Newf(usererr.Usage, d.name, passed.line, "name the score key with --score-col KEY; keys are: "+listColumns(passed.cols),
			"no score column found in the array %q", passed.key)
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

// member reads the next member of the top-level object: for an array of
// objects, its first objects (nil for any other value, which is skipped).
func (d *jsonDecoder) member() (*jsonArray, error) {
	key, err := d.token()
	if err != nil {
		return nil, err
	}
	tok, err := d.token()
	if err != nil {
		return nil, err
	}
	switch tok {
	case json.Delim('['):
		k, _ := key.(string)
		return d.readArray(k)
	case json.Delim('{'):
		return nil, d.skipRest(1)
	}
	return nil, nil
}

// readArray reads the first objects (up to lookahead) of the array under
// key whose '[' was just read. It returns nil, having skipped the array,
// when the array is empty or its first element is not an object.
func (d *jsonDecoder) readArray(key string) (*jsonArray, error) {
	a := &jsonArray{key: key}
	for len(a.objs) < lookahead && d.dec.More() {
		raw, off, err := d.decodeRaw()
		if err != nil {
			return nil, err
		}
		line := d.lc.lineAt(off)
		if raw[0] != '{' {
			if len(a.objs) == 0 {
				return nil, d.skipRest(1)
			}
			a.err = usererr.Newf(usererr.Data, d.name, line, "each element of the array must be an object (one response)",
				"expected a response object, found %s", describe(raw))
			if err := d.skipRest(1); err != nil {
				return nil, err
			}
			a.all = true
			break
		}
		a.objs = append(a.objs, rawObj{raw, line})
	}
	if len(a.objs) == 0 {
		_, err := d.token() // ]
		return nil, err
	}
	if a.err == nil && !d.dec.More() {
		if _, err := d.token(); err != nil { // ]
			return nil, err
		}
		a.all = true
	}
	a.line = a.objs[0].line
	a.rank = d.arrayRank(a)
	d.arrays = append(d.arrays, a)
	return a, nil
}

// arrayRank ranks an array by its key and the columns of its first objects.
func (d *jsonDecoder) arrayRank(a *jsonArray) int {
	j := &jsonRecords{name: d.name, jsonColumns: newJSONColumns()}
	for _, o := range a.objs {
		j.learnObject(o.raw, o.line)
	}
	meta, _, _ := j.meta()
	a.cols = j.hdr
	r := 0
	if hasScoreColumn(j.hdr, meta, d.opt) {
		r += rankScore
	}
	if conventionalKey(a.key) {
		r += rankName
	}
	return r
}

// ambiguous is the error for arrays of objects that rank as high as rank
// (the arrays met so far that rank lower were rightly passed over).
func (d *jsonDecoder) ambiguous(rank int) error {
	var list []string
	first := ""
	for _, a := range d.arrays {
		if a.rank >= rank {
			list = append(list, fmt.Sprintf("%q (line %d)", a.key, a.line))
			if first == "" {
				first = a.key
			}
		}
	}
	hint := "extract the one to read first, e.g. jq '" + jqPath(first) + "' " + displayName(d.name) + " > responses.json"
	if rank >= rankScore && d.opt.ScoreCol == "" {
		hint = "name the score key with --score-col if only one of them has it, or " + hint
	}
	return usererr.Newf(usererr.Usage, d.name, 0, hint, "the JSON holds several arrays that could be the responses: %s", strings.Join(list, ", "))
}

// jqPath is the jq filter for the member key of the top-level object.
func jqPath(key string) string {
	plain := key != "" && !(key[0] >= '0' && key[0] <= '9')
	for _, c := range key {
		if !(c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
			plain = false
		}
	}
	if plain {
		return "." + key
	}
	return ".[" + strconv.Quote(key) + "]"
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
	if len(d.queue) > 0 {
		o := d.queue[0]
		d.queue[0] = rawObj{}
		d.queue = d.queue[1:]
		return o.raw, o.line, nil
	}
	if d.chosen != nil && d.chosen.err != nil {
		err := d.chosen.err
		d.chosen.err = nil
		d.streaming = false
		return nil, 0, err
	}
	if !d.streaming {
		return nil, 0, io.EOF
	}
	if !d.dec.More() {
		d.streaming = false
		if _, err := d.token(); err != nil { // ]
			return nil, 0, err
		}
		if d.wrapped {
			if err := d.restOfObject(); err != nil {
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

// restOfObject reads the members after the array read from the stream: an
// array of objects among them that ranks as high makes the input
// ambiguous.
func (d *jsonDecoder) restOfObject() error {
	for d.dec.More() {
		a, err := d.member()
		if err != nil {
			return err
		}
		if a == nil {
			continue
		}
		a.objs = nil
		if !a.all {
			if err := d.skipRest(1); err != nil {
				return err
			}
		}
		if a.rank >= d.chosen.rank {
			return d.ambiguous(d.chosen.rank)
		}
	}
	_, err := d.token() // }
	return err
}

// ---- flattening ----

// flatten appends the key/value pairs of the valid JSON object raw to out:
// nested objects become dot paths, arrays their compact JSON text, strings
// their value, numbers and booleans their text, null "".
func flatten(raw []byte, out []kv) []kv {
	return flattenObj(raw, "", "", 0, out)
}

// flattenObj flattens the object b whose keys are under prefix (its dot
// path and a '.'); idPrefix is the identity of b's path and NUL when a key
// along it holds a '.', else "" (see kv).
func flattenObj(b []byte, prefix, idPrefix string, depth int, out []kv) []kv {
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
		name := unquote(b[i:e])
		key := prefix + name
		id := ""
		switch {
		case idPrefix != "":
			id = idPrefix + name
		case strings.IndexByte(name, '.') >= 0:
			id = "\x00" + strings.ReplaceAll(prefix, ".", "\x00") + name
		}
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
				sub := ""
				if id != "" {
					sub = id + "\x00"
				}
				out = flattenObj(v, key+".", sub, depth+1, out)
				if len(out) == n {
					out = append(out, kv{key, "", id}) // {} keeps its column
				}
			} else {
				out = append(out, kv{key, compact(v), id})
			}
		case '[':
			if depth == 0 && key == "answers" {
				if kvs, ok := typeformAnswers(v, out, nil); ok {
					out = kvs
					continue
				}
			}
			out = append(out, kv{key, compact(v), id})
		case '"':
			out = append(out, kv{key, unquote(v), id})
		case 'n':
			out = append(out, kv{key, "", id})
		default:
			out = append(out, kv{key, string(v), id})
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
