// Package jsonscan finds the values of a few top-level keys in one line of
// JSON Lines without decoding the whole object.
//
// It handles the common shape of an export line: one flat object whose
// values are strings, numbers, booleans, null, or (for keys not asked for)
// arrays. The line is validated as strictly as encoding/json.Valid would;
// string values are decoded exactly as encoding/json decodes them, numbers
// keep their text (as json.Number), null gives an empty value. Anything
// else (a nested object, an array under a wanted key, a key that is not
// known, a key written with escapes, a syntax error, white space other
// than JSON's, a very deep array) gives Fallback: the caller then reads the
// line with the general decoder, so jsonscan never has to be right about
// the unusual, only about what it accepts.
//
// Speed: a string's end is found from bit masks of the bytes that can end
// a run of its plain bytes (mask.go: AVX2, SSE2 or Go), and the members of
// a line written as compactly as the line before, in the same order, are
// read by one loop (members in asm_amd64.s, runGo elsewhere).
package jsonscan

import (
	"bytes"
	"encoding/binary"
	"unicode/utf16"
	"unicode/utf8"
	"unsafe"
)

// Status is what a scan (LineAt, ObjectAt) found.
type Status int

const (
	// OK: a flat object; Value gives the wanted values.
	OK Status = iota
	// Blank: the line holds only spaces, tabs and carriage returns.
	Blank
	// Fallback: the line needs the general decoder.
	Fallback
)

// maxDepth bounds the nesting of skipped arrays; deeper ones fall back.
const maxDepth = 32

// Scanner extracts the values of chosen keys. Not safe for concurrent use.
type Scanner struct {
	keys  []key          // known keys
	index map[string]int // key -> position in keys
	pred  []int32        // per key position in the line: the known key seen there last time
	seq   []pattern      // per key position: the pattern of pred's key
	p     int            // keys seen so far on the line
	sp    *[256]bool     // the white space of the value being scanned
	loose bool           // the object was not all read by compact: it may hold white space
	path  []byte         // dot path of the object being scanned
	text  []byte         // what LineAt, ObjectAt and SkipAt read
	// The stop masks of text's words lo to lo+words-1 (mask.go); lo is
	// -1 before the text's first fill.
	mask      [windowWords]uint64
	lo, words int
	spans     []span // per slot: where its value is
	scratch   []byte // decoded strings
	runs      []span // per line Run read, per slot: where its value is
	dirty     int    // the spans of runs the last Run may have set
}

// span is where the value of a slot is: text[from:to], or
// scratch[^from:to] when from < 0; empty for null or a missing key.
type span struct{ from, to int }

// Value is, after a scan returned OK, the value of the key whose slot is
// slot: a string's decoded text, a number's or boolean's text, empty for
// null or a missing key. It points into the text or into the scanner's
// scratch space and stays valid until the next scan.
func (s *Scanner) Value(slot int) []byte {
	sp := s.spans[slot]
	if sp.from < 0 {
		return s.scratch[^sp.from:sp.to]
	}
	return s.text[sp.from:sp.to]
}

// key is a known key.
type key struct {
	name string
	slot int // its slot (see Value), -1 when its value is not wanted
	pat  pattern
}

// pattern is a key as compact JSON writes it, `"name":`, when that is
// short (maxPattern bytes at most) and name is plain (no '"', '\\' or control
// character: its first quote closes it): n is its length, lo and hi its
// first and next eight bytes, loMask and hiMask select them; slot is the
// key's. A key that has no pattern gets noPattern's, which matches only a
// NUL byte, never a member's quote.
type pattern struct {
	lo, hi, loMask, hiMask uint64
	n, slot                int
}

// New returns a scanner for objects whose keys are among known; slots[j]
// is the slot (see Value) of known[j], or -1 when its value is not wanted.
// A key not in known makes a line fall back. Slots run from 0 to n-1.
func New(known []string, slots []int) *Scanner {
	s := &Scanner{keys: make([]key, len(known)), index: make(map[string]int, len(known))}
	n := 0
	for j, k := range known {
		s.keys[j] = newKey(k, slots[j])
		if _, dup := s.index[k]; !dup {
			s.index[k] = j
		}
		n = max(n, slots[j]+1)
	}
	s.spans = make([]span, n)
	return s
}

var noPattern = pattern{loMask: 0xff}

// maxPattern is the longest pattern: members reads sixteen bytes for one,
// so that the value's first byte is among them.
const maxPattern = 15

func newKey(name string, slot int) key {
	k := key{name: name, slot: slot, pat: noPattern}
	k.pat.slot = slot
	for i := 0; i < len(name); i++ {
		if strStop[name[i]] {
			return k
		}
	}
	pat := `"` + name + `":`
	if len(pat) > maxPattern {
		return k
	}
	var w [16]byte
	copy(w[:], pat)
	k.pat = pattern{n: len(pat), slot: slot}
	k.pat.lo, k.pat.hi = binary.LittleEndian.Uint64(w[:]), binary.LittleEndian.Uint64(w[8:])
	for i := range len(pat) {
		if i < 8 {
			k.pat.loMask |= 0xff << (8 * i)
		} else {
			k.pat.hiMask |= 0xff << (8 * (i - 8))
		}
	}
	return k
}

// strStop marks the bytes that end a run of plain string bytes: the quote,
// the backslash, control characters.
var strStop = func() (t [256]bool) {
	for c := 0; c < 0x20; c++ {
		t[c] = true
	}
	t['"'], t['\\'] = true, true
	return
}()

var hexVal = func() (t [256]int8) {
	for i := range t {
		t[i] = -1
	}
	for c := '0'; c <= '9'; c++ {
		t[c] = int8(c - '0')
	}
	for c := 'a'; c <= 'f'; c++ {
		t[c] = int8(c - 'a' + 10)
		t[c-'a'+'A'] = int8(c - 'a' + 10)
	}
	return
}()

// lineSpace is JSON's white space on one line ('\n' ends the line);
// anySpace all of JSON's, for a value that spans lines.
var lineSpace, anySpace = spaces("\t\r "), spaces("\t\r\n ")

func spaces(set string) (t [256]bool) {
	for i := range len(set) {
		t[set[i]] = true
	}
	return
}

func ws(b []byte, i int, sp *[256]bool) int {
	for i < len(b) && sp[b[i]] {
		i++
	}
	return i
}

// str scans a string whose opening quote is b[i-1]. It returns the index of
// the closing quote, whether there are escapes, and false when the string
// is invalid or not closed in b.
func (s *Scanner) str(b []byte, i int) (int, bool, bool) {
	esc := false
	for {
		i = s.stop(b, i)
		if i >= len(b) || b[i] != '\\' {
			return i, esc, i < len(b) && b[i] == '"'
		}
		esc = true
		if i = escape(b, i); i < 0 {
			return 0, false, false
		}
	}
}

// escape validates the escape whose backslash is b[i]; it returns the
// index after it, or -1.
func escape(b []byte, i int) int {
	if i+1 >= len(b) {
		return -1
	}
	switch b[i+1] {
	case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
		return i + 2
	case 'u':
		if i+6 > len(b) || hexVal[b[i+2]]|hexVal[b[i+3]]|hexVal[b[i+4]]|hexVal[b[i+5]] < 0 {
			return -1
		}
		return i + 6
	}
	return -1
}

// number scans a JSON number at b[i]; it returns the index after it, or -1.
func number(b []byte, i int) int {
	if i < len(b) && b[i] == '-' {
		i++
	}
	if i >= len(b) {
		return -1
	}
	switch {
	case b[i] == '0':
		i++
	case b[i] >= '1' && b[i] <= '9':
		for i++; i < len(b) && b[i] >= '0' && b[i] <= '9'; i++ {
		}
	default:
		return -1
	}
	if i < len(b) && b[i] == '.' {
		i++
		if i >= len(b) || b[i] < '0' || b[i] > '9' {
			return -1
		}
		for i++; i < len(b) && b[i] >= '0' && b[i] <= '9'; i++ {
		}
	}
	if i < len(b) && (b[i] == 'e' || b[i] == 'E') {
		i++
		if i < len(b) && (b[i] == '+' || b[i] == '-') {
			i++
		}
		if i >= len(b) || b[i] < '0' || b[i] > '9' {
			return -1
		}
		for i++; i < len(b) && b[i] >= '0' && b[i] <= '9'; i++ {
		}
	}
	return i
}

func lit(b []byte, i int, w string) int {
	if len(b)-i >= len(w) && string(b[i:i+len(w)]) == w {
		return i + len(w)
	}
	return -1
}

// value skips (validates) any JSON value at b[i]; it returns the index after
// it, or -1 (invalid, not on this line, or nested deeper than maxDepth).
func (s *Scanner) value(b []byte, i, depth int, sp *[256]bool) int {
	if i >= len(b) {
		return -1
	}
	switch b[i] {
	case '"':
		e, _, ok := s.str(b, i+1)
		if !ok {
			return -1
		}
		return e + 1
	case 't':
		return lit(b, i, "true")
	case 'f':
		return lit(b, i, "false")
	case 'n':
		return lit(b, i, "null")
	case '[', '{':
		if depth >= maxDepth {
			return -1
		}
		obj := b[i] == '{'
		end := byte(']')
		if obj {
			end = '}'
		}
		i = ws(b, i+1, sp)
		if i < len(b) && b[i] == end {
			return i + 1
		}
		for {
			if obj {
				if i >= len(b) || b[i] != '"' {
					return -1
				}
				e, _, ok := s.str(b, i+1)
				if !ok {
					return -1
				}
				i = ws(b, e+1, sp)
				if i >= len(b) || b[i] != ':' {
					return -1
				}
				i = ws(b, i+1, sp)
			}
			if i = s.value(b, i, depth+1, sp); i < 0 {
				return -1
			}
			i = ws(b, i, sp)
			if i >= len(b) {
				return -1
			}
			if b[i] == end {
				return i + 1
			}
			if b[i] != ',' {
				return -1
			}
			i = ws(b, i+1, sp)
		}
	}
	return number(b, i)
}

// key returns the known key at position p of the line, or -1.
func (s *Scanner) key(p int, k []byte) int {
	if p < len(s.pred) {
		if j := s.pred[p]; string(k) == s.keys[j].name {
			return int(j)
		}
	}
	j, ok := s.index[string(k)]
	if !ok {
		return -1
	}
	for len(s.pred) <= p {
		s.pred = append(s.pred, 0)
		s.seq = append(s.seq, pattern{})
	}
	s.pred[p] = int32(j)
	s.seq[p] = s.keys[j].pat
	return j
}

// maxObjDepth bounds the nesting of objects flattened to dot paths;
// deeper ones fall back.
const maxObjDepth = 16

// Text sets the text that LineAt, ObjectAt and SkipAt read. The scanner
// keeps facts about its bytes from one call to the next: call Text again
// when they may have changed.
func (s *Scanner) Text(b []byte) {
	s.text = b
	s.lo, s.words = -1, 0 // (no masks yet)
}

// Line scans the line at the start of data: Text(data), LineAt(0).
func (s *Scanner) Line(data []byte) (Status, int) {
	s.Text(data)
	return s.LineAt(0)
}

// LineAt scans the line at index from of the text, which ends at the
// first '\n' after it or at the end of the text. For OK and Blank it also
// returns the index of that end; for Fallback the caller finds it.
func (s *Scanner) LineAt(from int) (Status, int) {
	b := s.text
	s.start()
	s.sp = &lineSpace
	i := from
	if i >= len(b) || b[i] != '{' { // (the usual line starts with it)
		if i = ws(b, i, &lineSpace); i >= len(b) || b[i] == '\n' {
			return Blank, i
		}
		if b[i] != '{' {
			return Fallback, 0
		}
	}
	if i = s.object(b, i+1, 0); i < 0 {
		return Fallback, 0
	}
	if i < len(b) && b[i] != '\n' {
		if i = ws(b, i, &lineSpace); i < len(b) && b[i] != '\n' {
			return Fallback, 0
		}
	}
	return OK, i
}

// Run reads lines from the one at index from of the text, at most
// len(ends), for as long as each is written as the line before it, so
// that compact's loop alone reads it: '{' at its start, its members as
// predicted and plain (see runGo), '}', then '\n' or the end of the text.
// ends[k] is the index of the k-th one's end, as LineAt gives it, and
// RunValue(k, slot) its values. It returns how many it read; the line
// after them is LineAt's to read.
func (s *Scanner) Run(from int, ends []int) int {
	b, ns := s.text, len(s.spans)
	if len(s.seq) == 0 {
		return 0
	}
	if len(s.runs) < len(ends)*ns {
		s.runs = make([]span, len(ends)*ns)
	}
	runs := s.runs[:len(ends)*ns]
	clear(runs[:s.dirty]) // (the slots a line leaves are empty)
	n := 0
	for n < len(ends) && from+1 < len(b) && b[from] == '{' && b[from+1] == '"' {
		// The masks' window from this line on; lines reads those after
		// it too, up to one it cannot read whole.
		s.ahead(from)
		k := s.lines(b, from+1, runs[n*ns:], ns, ends[n:])
		if k == 0 {
			break
		}
		n += k
		from = ends[n-1] + 1
	}
	s.dirty = min(n+1, len(ends)) * ns
	return n
}

// RunValue is Value for the k-th line the last Run read.
func (s *Scanner) RunValue(k, slot int) []byte {
	sp := s.runs[k*len(s.spans)+slot]
	return s.text[sp.from:sp.to]
}

// aheadBytes: Run moves the masks' window on when fewer bytes than this
// are left in it after a line's start, as the compact loop stops at its
// end; a line longer than that may still reach past it (then LineAt
// reads it).
const aheadBytes = 512

// ahead moves the masks' window on to the word of index from of the text
// when it ends within aheadBytes after from, before the end of the text.
func (s *Scanner) ahead(from int) {
	if end := (s.lo + s.words) << 6; end < from+aheadBytes && end < len(s.text) {
		s.fill(s.text, from>>6)
	}
}

// start sets the scanner up for a line or an object.
func (s *Scanner) start() {
	for k, sp := range s.spans {
		if sp != (span{}) { // (not clear, a call, for a slot or two)
			s.spans[k] = span{}
		}
	}
	s.scratch = s.scratch[:0]
	s.p = 0
	s.path = s.path[:0]
}

// Object scans the object at the start of b: Text(b), ObjectAt(0).
func (s *Scanner) Object(b []byte) (Status, int, int) {
	s.Text(b)
	return s.ObjectAt(0)
}

// ObjectAt scans the object at index from of the text (its '{'), which
// may span lines: '\n' is white space in it, as in a JSON array of
// objects. It returns OK, the index after the object's '}' and the number
// of '\n' in the object, or Fallback (also when the object does not end
// in the text).
func (s *Scanner) ObjectAt(from int) (Status, int, int) {
	b := s.text
	s.start()
	s.sp = &anySpace
	s.loose = false
	i := s.object(b, from+1, 0)
	if i < 0 {
		return Fallback, 0, 0
	}
	nl := 0
	if s.loose {
		nl = bytes.Count(b[from:i], newline)
	}
	return OK, i, nl
}

var newline = []byte{'\n'}

// Skip returns the index after the JSON value at the start of b: Text(b),
// SkipAt(0).
func (s *Scanner) Skip(b []byte) int {
	s.Text(b)
	return s.SkipAt(0)
}

// SkipAt returns the index after the JSON value at index from of the
// text, which may span lines, validated as json.Valid validates; -1 when
// it is invalid, does not end in the text, or nests deeper than this
// package follows.
func (s *Scanner) SkipAt(from int) int {
	return s.value(s.text, from, 0, &anySpace)
}

// Space returns the index of the first byte at or after i in b that is
// not JSON white space ('\n' included), and the number of '\n' before it.
func Space(b []byte, i int) (int, int) {
	nl := 0
	for ; i < len(b) && anySpace[b[i]]; i++ {
		if b[i] == '\n' {
			nl++
		}
	}
	return i, nl
}

// object scans the members of the object whose '{' is b[i-1], at the
// given depth; its keys are s.path (the object's dot path and a dot, empty
// at the top) followed by the key, as the general decoder flattens them.
// It returns the index after the '}', or -1 to fall back.
func (s *Scanner) object(b []byte, i, depth int) int {
	if i >= len(b) || b[i] != '"' {
		s.loose = true
		i = ws(b, i, s.sp)
	}
	if i < len(b) && b[i] == '}' {
		return i + 1
	}
	prefix := len(s.path)
	for {
		if depth == 0 {
			var end bool
			if i, end = s.compact(b, i); end {
				return i
			}
		}
		s.loose = true
		if i >= len(b) || b[i] != '"' {
			return -1
		}
		e, esc, ok := s.str(b, i+1)
		if !ok || esc {
			return -1
		}
		kb, ke := i+1, e // the key's bytes
		var j int
		if depth == 0 {
			j = s.key(s.p, b[kb:ke])
		} else {
			s.path = append(s.path[:prefix], b[kb:ke]...)
			j = s.lookup(s.path)
		}
		if i = ws(b, e+1, s.sp); i >= len(b) || b[i] != ':' {
			return -1
		}
		i++
		s.p++
		if i = ws(b, i, s.sp); i >= len(b) {
			return -1
		}
		if b[i] == '{' {
			// Flattened: the members are keys of their own (the key itself
			// only when the object is empty, with an empty value).
			if depth+1 >= maxObjDepth {
				return -1
			}
			s.path = append(append(s.path[:prefix], b[kb:ke]...), '.')
			n := s.p
			if i = s.object(b, i+1, depth+1); i < 0 {
				return -1
			}
			s.path = s.path[:prefix]
			if s.p == n && j >= 0 && s.keys[j].slot >= 0 {
				s.spans[s.keys[j].slot] = span{}
			}
		} else if i = s.member(b, i, j, depth); i < 0 {
			return -1
		}
		var end bool
		if i, end = s.after(b, i); end {
			return i
		}
	}
}

// after reads what follows a member's value at b[i]: it returns the index
// of the next member, or, with end, the index after the object's '}' (-1
// when neither follows).
func (s *Scanner) after(b []byte, i int) (int, bool) {
	s.loose = true
	i = ws(b, i, s.sp)
	if i >= len(b) {
		return -1, true
	}
	if b[i] == '}' {
		return i + 1, true
	}
	if b[i] != ',' {
		return -1, true
	}
	return ws(b, i+1, s.sp), false
}

// compact reads the members at b[i] of the top-level object for as long
// as they are written as compact JSON writes them, in the order of the
// line before ("key":value, the key the one predicted at its position),
// with strings, numbers or null as values. The plain ones (see runGo)
// are read by members (asm_amd64.s), or runGo, into spans; the others
// here, strings by stringValue. It returns the index of the first member it leaves to
// the general loop of object, or, with end, the index after the object's
// '}' (-1 to fall back).
func (s *Scanner) compact(b []byte, i int) (int, bool) {
	for s.p < len(s.seq) && i+16 <= len(b) {
		var end bool
		if i, s.p, end = s.run(b, i, s.p, s.spans); end || s.p >= len(s.seq) || i+16 > len(b) {
			return i, end
		}
		k := &s.seq[s.p]
		x, y := binary.LittleEndian.Uint64(b[i:]), binary.LittleEndian.Uint64(b[i+8:])
		if (x^k.lo)&k.loMask|(y^k.hi)&k.hiMask != 0 {
			return i, false
		}
		v := i + k.n // the value
		var e int    // and the index after it
		switch b[v] {
		case '"':
			e = s.stringValue(b, v, k.slot)
		case 'n':
			if e = lit(b, v, "null"); e >= 0 && k.slot >= 0 {
				s.spans[k.slot] = span{}
			}
		case '-', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9':
			if e = number(b, v); e >= 0 && k.slot >= 0 {
				s.spans[k.slot] = span{v, e}
			}
		default:
			return i, false
		}
		if e < 0 || e >= len(b) {
			return -1, true // (invalid, or the last bytes of b)
		}
		s.p++
		switch b[e] {
		case ',':
			i = e + 1
		case '}':
			return e + 1, true
		default:
			// White space, or invalid: the general loop goes on after the
			// value.
			return s.after(b, e)
		}
	}
	return i, false
}

// run reads compact's plain members at b[i], the p-th on, into spans,
// for as long as there are some, by members (asm_amd64.s) or runGo. It
// returns the index of the first member it leaves and its position, or,
// with end, the index after the object's '}' and the members' number.
func (s *Scanner) run(b []byte, i, p int, spans []span) (int, int, bool) {
	if simd == simdNone {
		return s.runGo(b, i, p, spans)
	}
	i, p, end, _ := members(&b[0], len(b), i, &s.seq[0], len(s.seq), p,
		&s.mask[0], s.lo, s.words, unsafe.SliceData(spans), len(spans), nil, 0)
	return i, p, end
}

// lines reads the lines from the one whose first member is b[i] for as
// long as run reads each whole, alone on its line: after its '}' comes
// '\n' or the end of b, and after that '\n' the next line's '{'. The k-th
// line's values go to spans[k*ns:], its end to ends[k]; it returns how
// many it read, at most len(ends), by members (asm_amd64.s) or linesGo.
func (s *Scanner) lines(b []byte, i int, spans []span, ns int, ends []int) int {
	if simd == simdNone {
		return s.linesGo(b, i, spans, ns, ends)
	}
	_, _, _, n := members(&b[0], len(b), i, &s.seq[0], len(s.seq), 0,
		&s.mask[0], s.lo, s.words, unsafe.SliceData(spans), ns, unsafe.SliceData(ends), len(ends))
	return n
}

// linesGo is lines in Go, as members does it.
func (s *Scanner) linesGo(b []byte, i int, spans []span, ns int, ends []int) int {
	n := 0
	for n < len(ends) {
		e, _, end := s.runGo(b, i, 0, spans[n*ns:n*ns+ns])
		if !end || e < len(b) && b[e] != '\n' {
			break
		}
		ends[n] = e
		n++
		if i = e + 2; i >= len(b) || b[i-1] != '{' {
			break
		}
	}
	return n
}

// runGo is run in Go, as members does it. Plain: a string whose end is in
// the masks' window, with no escapes unless its value is not wanted (then
// simple ones), an integer, null.
func (s *Scanner) runGo(b []byte, i, p int, spans []span) (int, int, bool) {
	seq, mask := s.seq, s.mask[:s.words]
	base := s.lo << 6 // the index of mask's first byte
	for ; p < len(seq) && i+16 <= len(b); p++ {
		k := &seq[p]
		x, y := binary.LittleEndian.Uint64(b[i:]), binary.LittleEndian.Uint64(b[i+8:])
		if (x^k.lo)&k.loMask|(y^k.hi)&k.hiMask != 0 {
			break
		}
		wanted := uint(k.slot) < uint(len(spans))
		v := i + k.n // the value
		var (
			val span // its span
			e   int  // the index after it
		)
		switch c := b[v]; {
		case c == '"':
			if e = closing(b, mask, base, v+1, !wanted); e >= 0 {
				val, e = span{v + 1, e}, e+1
			}
		case c-'1' <= 8:
			// (A fraction or an exponent fails the separator's check.)
			for e = v + 1; e < len(b) && b[e]-'0' <= 9; e++ {
			}
			if e >= len(b) {
				e = -1
			}
			val = span{v, e}
		case c == 'n' && v+4 <= len(b) && string(b[v:v+4]) == "null":
			e = v + 4
		default:
			e = -1
		}
		if e < 0 {
			break
		}
		if wanted {
			spans[k.slot] = val
		}
		if e >= len(b) {
			break
		}
		if b[e] != ',' {
			if b[e] != '}' {
				break
			}
			return e + 1, p + 1, true
		}
		i = e + 1
	}
	return i, p, false
}

// closing returns the index of the quote that closes the string whose
// body starts at b[i], found from mask (the masks of the window, its
// first byte b[base]); -1 when it is not in the window or an escape comes
// first, unless skipEsc, which skips simple escapes (not \u).
func closing(b []byte, mask []uint64, base, i int, skipEsc bool) int {
	for {
		e := next(mask, i-base) + base
		if e < base || e >= len(b) {
			return -1
		}
		if b[e] == '"' {
			return e
		}
		if b[e] != '\\' || !skipEsc {
			return -1
		}
		if i = escape(b, e); i != e+2 { // a simple escape, as members skips
			return -1
		}
	}
}

// member reads the value at b[i] (not an object) of known key j at the
// given depth into its slot; it returns the index after the value, or -1
// to fall back.
func (s *Scanner) member(b []byte, i, j, depth int) int {
	if j < 0 {
		return -1 // a key not known: the general decoder counts it
	}
	slot := s.keys[j].slot
	switch c := b[i]; c {
	case '"':
		return s.stringValue(b, i, slot)
	case 'n':
		if slot >= 0 {
			s.spans[slot] = span{}
		}
		return lit(b, i, "null")
	case '[':
		// The array's compact text; "answers" at the top may be a
		// Typeform answer list, flattened to columns.
		if slot >= 0 || depth == 0 && s.keys[j].name == "answers" {
			return -1
		}
		return s.value(b, i, 0, s.sp)
	}
	// Numbers, true, false: their text.
	var e int
	switch b[i] {
	case 't':
		e = lit(b, i, "true")
	case 'f':
		e = lit(b, i, "false")
	default:
		e = number(b, i)
	}
	if slot >= 0 && e >= 0 {
		s.spans[slot] = span{i, e}
	}
	return e
}

// lookup returns the known key k, or -1.
func (s *Scanner) lookup(k []byte) int {
	if j, ok := s.index[string(k)]; ok {
		return j
	}
	return -1
}

// stringValue reads the string at b[i] (its quote) into slot, unless that
// is -1: it returns the index after the string, or -1 when it is invalid
// or does not end in b.
func (s *Scanner) stringValue(b []byte, i, slot int) int {
	e, esc, ok := s.str(b, i+1)
	if !ok {
		return -1
	}
	if slot >= 0 {
		if esc {
			n := len(s.scratch)
			s.scratch = unescape(s.scratch, b[i+1:e])
			s.spans[slot] = span{^n, len(s.scratch)}
		} else {
			s.spans[slot] = span{i + 1, e}
		}
	}
	return e + 1
}

// unescape appends the decoded text of the valid string body s (between
// its quotes) to dst, as encoding/json decodes it: escapes, UTF-16
// surrogate pairs, and U+FFFD for lone surrogates and invalid UTF-8.
func unescape(dst, s []byte) []byte {
	for r := 0; r < len(s); {
		c := s[r]
		switch {
		case c == '\\':
			switch s[r+1] {
			case 'b':
				dst = append(dst, '\b')
			case 'f':
				dst = append(dst, '\f')
			case 'n':
				dst = append(dst, '\n')
			case 'r':
				dst = append(dst, '\r')
			case 't':
				dst = append(dst, '\t')
			case 'u':
				rr := u4(s[r+2:])
				r += 6
				if utf16.IsSurrogate(rr) {
					if r+6 <= len(s) && s[r] == '\\' && s[r+1] == 'u' {
						if dec := utf16.DecodeRune(rr, u4(s[r+2:])); dec != utf8.RuneError {
							r += 6
							dst = utf8.AppendRune(dst, dec)
							continue
						}
					}
					rr = utf8.RuneError
				}
				dst = utf8.AppendRune(dst, rr)
				continue
			default: // '"', '\\', '/'
				dst = append(dst, s[r+1])
			}
			r += 2
		case c < utf8.RuneSelf:
			dst = append(dst, c)
			r++
		default:
			rr, size := utf8.DecodeRune(s[r:])
			r += size
			dst = utf8.AppendRune(dst, rr)
		}
	}
	return dst
}

// u4 decodes the 4 hex digits at the start of s (known to be valid).
func u4(s []byte) rune {
	if len(s) < 4 {
		return -1
	}
	var r rune
	for _, c := range s[:4] {
		v := hexVal[c]
		if v < 0 {
			return -1
		}
		r = r<<4 | rune(v)
	}
	return r
}
