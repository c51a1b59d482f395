package reader

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"
	"unicode/utf8"
)

// xmlScanner reads the items of a worksheet or shared-strings part: the
// rows of sheetData (their cells with r, s and t and the text of v and
// is) or the si of sst. It is a byte-level scanner of the XML subset these
// parts use (elements with any namespace prefix, attributes in either
// quote, entities, CDATA, comments and processing instructions; a DOCTYPE
// is refused): encoding/xml's token stream alone costs 25 µs a row. An
// item is parsed once it is whole in the buffer; one larger than the
// record limit is refused. Malformed XML is an error, never the end of
// the sheet.
type xmlScanner struct {
	r               io.Reader
	buf             []byte
	pos             int // buf[pos:] is unread
	eof             bool
	container, item string // sheetData and row, or sst and si
	inside, done    bool   // within the container; past it
	started         bool   // the byte-order mark has been looked at

	row   int // the item's row number (r, else one more than the last)
	cells []xmlCell
	text  []byte // the decoded text of the item, its cells' spans in it
	stack []xmlOpen
}

// xmlCell is one c element of a row: its column from 1, style id, type,
// whether it has a formula, and the spans of its v text and inline string.
type xmlCell struct {
	col, style int
	typ        byte
	formula    bool
	inline     bool   // has an is element
	v, is      [2]int // the last of each counts, as in excelize
}

// Cell types, from the t attribute (absent or unknown: a number).
const (
	cellNumber byte = iota
	cellShared
	cellInline
	cellBool
	cellOther // str (a formula's text), e (an error), d (an ISO date)
)

// xmlOpen is an open element of the item: what it is and where its
// qualified name is in the item's bytes (to match the end tag).
type xmlOpen struct {
	kind       byte
	name, size int
}

// Element kinds within an item; others are skipped with their content.
const (
	elemOther byte = iota
	elemRow
	elemCell
	elemValue   // v
	elemFormula // f
	elemInline  // is, and si
	elemRun     // r in an is or si
	elemText    // t in an is, si or r
)

var errShortXML = errors.New("short")

const maxXLSXRow = 1 << 20 // Excel's row limit; columns stop at XFD

func newXMLScanner(r io.Reader, container, item string) *xmlScanner {
	return &xmlScanner{r: r, buf: make([]byte, 0, 64<<10), container: container, item: item}
}

// fill reads more input after buf[pos:], growing the buffer when it holds
// only unread bytes; an item larger than the record limit is an error.
func (s *xmlScanner) fill() error {
	if s.eof {
		return errors.New("the XML ends inside an element")
	}
	n := copy(s.buf[:cap(s.buf)], s.buf[s.pos:])
	s.buf, s.pos = s.buf[:n], 0
	if n == cap(s.buf) {
		if int64(n) > maxRecordBytes+1<<20 {
			return fmt.Errorf("an element longer than %d MiB", maxRecordBytes>>20)
		}
		s.buf = append(make([]byte, 0, 2*n), s.buf...)
	}
	// A full buffer makes the item parsed again at most once per doubling.
	m, err := io.ReadFull(s.r, s.buf[n:cap(s.buf)])
	s.buf = s.buf[:n+m]
	if err == io.EOF || err == io.ErrUnexpectedEOF {
		s.eof = true
	} else if err != nil {
		return err
	}
	return nil
}

// next reads the next item; false at the end of the container.
func (s *xmlScanner) next() (bool, error) {
	for !s.done {
		if !s.started {
			if len(s.buf)-s.pos < 3 && !s.eof {
				if err := s.fill(); err != nil {
					return false, err
				}
				continue
			}
			s.started = true
			b := s.buf[s.pos:]
			if bytes.HasPrefix(b, []byte{0xEF, 0xBB, 0xBF}) {
				s.pos += 3
			} else if bytes.HasPrefix(b, []byte{0xFF, 0xFE}) || bytes.HasPrefix(b, []byte{0xFE, 0xFF}) {
				return false, errors.New("the XML is UTF-16")
			}
		}
		n, item, err := s.markup(s.buf[s.pos:])
		if err == errShortXML {
			if s.eof && len(s.buf) == s.pos && !s.inside {
				return false, nil // no container: nothing to read
			}
			if err := s.fill(); err != nil {
				return false, err
			}
			continue
		}
		if err != nil {
			return false, err
		}
		s.pos += n
		if item {
			return true, nil
		}
	}
	return false, nil
}

// markup reads the text and the one piece of markup at the start of b
// outside items, or a whole item; it returns the bytes read and whether an
// item was read.
func (s *xmlScanner) markup(b []byte) (int, bool, error) {
	i := bytes.IndexByte(b, '<')
	if i < 0 {
		i = len(b)
	}
	if i > 0 {
		return i, false, nil // text between elements
	}
	if len(b) == 0 {
		return 0, false, errShortXML
	}
	switch {
	case bytes.HasPrefix(b, []byte("<?")):
		return skipPast(b, "?>")
	case bytes.HasPrefix(b, []byte("<!--")):
		return skipPast(b, "-->")
	case bytes.HasPrefix(b, []byte("<![CDATA[")):
		return skipPast(b, "]]>")
	case bytes.HasPrefix(b, []byte("<!")):
		if len(b) < 9 {
			return 0, false, errShortXML
		}
		return 0, false, errors.New("a DOCTYPE or declaration in the XML")
	}
	t, err := scanTag(b)
	if err != nil {
		return 0, false, err
	}
	local := string(localName(t.name))
	switch {
	case t.end && local == s.container && s.inside:
		s.done = true
	case !t.end && local == s.container && !s.inside:
		s.inside, s.done = !t.selfClose, t.selfClose
	case !t.end && local == s.item && s.inside:
		last := s.row
		n, err := s.parseItem(b)
		if err == errShortXML {
			s.row = last // to be parsed again when more is read
		}
		return n, err == nil, err
	}
	return t.size, false, nil
}

// skipPast returns the bytes up to and including the first end in b.
func skipPast(b []byte, end string) (int, bool, error) {
	i := bytes.Index(b, []byte(end))
	if i < 0 {
		return 0, false, errShortXML
	}
	return i + len(end), false, nil
}

// xmlTag is a start or end tag: its qualified name, its attributes' bytes
// and its size.
type xmlTag struct {
	name, attrs    []byte
	end, selfClose bool
	size           int
}

// scanTag reads the tag at the start of b ('<').
func scanTag(b []byte) (xmlTag, error) {
	var t xmlTag
	i := 1
	if i < len(b) && b[i] == '/' {
		t.end = true
		i++
	}
	start := i
	for i < len(b) && nameByte[b[i]] == 0 {
		i++
	}
	if i == len(b) {
		return t, errShortXML
	}
	if nameByte[b[i]] == nameBad || b[i] == '=' {
		return t, errors.New("a malformed tag in the XML")
	}
	if i == start {
		return t, errors.New("a tag without a name in the XML")
	}
	t.name = b[start:i]
	attrs := i
	for {
		for i < len(b) && isXMLSpace(b[i]) {
			i++
		}
		if i == len(b) {
			return t, errShortXML
		}
		switch b[i] {
		case '>':
			t.attrs, t.size = b[attrs:i], i+1
			return t, nil
		case '/':
			if i+1 == len(b) {
				return t, errShortXML
			}
			if b[i+1] != '>' || t.end {
				return t, errors.New("a malformed tag in the XML")
			}
			t.attrs, t.size, t.selfClose = b[attrs:i], i+2, true
			return t, nil
		}
		if t.end {
			return t, errors.New("a malformed end tag in the XML")
		}
		_, _, n, err := nextAttr(b[i:])
		if err != nil {
			return t, err
		}
		i += n
	}
}

// nextAttr reads one name="value" (or 'value') at the start of b.
func nextAttr(b []byte) (name, value []byte, n int, err error) {
	i := 0
	for i < len(b) && nameByte[b[i]] == 0 {
		i++
	}
	if i < len(b) && b[i] != '=' && !isXMLSpace(b[i]) {
		return nil, nil, 0, errors.New("a malformed attribute in the XML")
	}
	name = b[:i]
	for i < len(b) && isXMLSpace(b[i]) {
		i++
	}
	if i == len(b) {
		return nil, nil, 0, errShortXML
	}
	if len(name) == 0 || b[i] != '=' {
		return nil, nil, 0, errors.New("a malformed attribute in the XML")
	}
	i++
	for i < len(b) && isXMLSpace(b[i]) {
		i++
	}
	if i == len(b) {
		return nil, nil, 0, errShortXML
	}
	q := b[i]
	if q != '"' && q != '\'' {
		return nil, nil, 0, errors.New("an attribute value without quotes in the XML")
	}
	end := bytes.IndexByte(b[i+1:], q)
	if end < 0 {
		return nil, nil, 0, errShortXML
	}
	value = b[i+1 : i+1+end]
	if bytes.IndexByte(value, '<') >= 0 {
		return nil, nil, 0, errors.New("a '<' in an attribute value in the XML")
	}
	return name, value, i + 2 + end, nil
}

func isXMLSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// nameByte sorts the bytes that may follow a name's first byte in a tag:
// 0 goes on with the name, nameEnd ends it (space, =, > and /), nameBad
// cannot be there (< and quotes). A table: this is the scanner's hottest
// loop.
var nameByte = func() (t [256]uint8) {
	for _, c := range " \t\r\n=>/" {
		t[c] = nameEnd
	}
	for _, c := range "<\"'" {
		t[c] = nameBad
	}
	return t
}()

const (
	nameEnd = 1 + iota
	nameBad
)

// localName is a qualified name without its namespace prefix.
func localName(name []byte) []byte {
	if i := bytes.IndexByte(name, ':'); i >= 0 {
		return name[i+1:]
	}
	return name
}

// parseItem parses the whole item (row or si) whose start tag is at the
// start of b, into s.row, s.cells and s.text; errShortXML when b ends
// before it does.
func (s *xmlScanner) parseItem(b []byte) (int, error) {
	s.cells, s.text, s.stack = s.cells[:0], s.text[:0], s.stack[:0]
	t, err := scanTag(b)
	if err != nil {
		return 0, err
	}
	kind := elemInline
	if s.item == "row" {
		kind = elemRow
		if err := s.rowNumber(t.attrs); err != nil {
			return 0, err
		}
	}
	if t.selfClose {
		return t.size, nil
	}
	s.stack = append(s.stack, xmlOpen{kind: kind, name: 1, size: len(t.name)})
	i := t.size
	for len(s.stack) > 0 {
		top := &s.stack[len(s.stack)-1]
		if top.kind == elemValue || top.kind == elemText {
			n, err := s.appendText(b[i:])
			if err != nil {
				return 0, err
			}
			i += n
		} else if j := bytes.IndexByte(b[i:], '<'); j < 0 {
			return 0, errShortXML
		} else {
			i += j
		}
		if i+1 >= len(b) {
			return 0, errShortXML
		}
		switch b[i+1] {
		case '?':
			n, _, err := skipPast(b[i:], "?>")
			if err != nil {
				return 0, err
			}
			i += n
			continue
		case '!':
			if len(b)-i < 4 {
				return 0, errShortXML
			}
			if !bytes.HasPrefix(b[i:], []byte("<!--")) && !bytes.HasPrefix(b[i:], []byte("<![CDATA[")) {
				if len(b)-i < 9 {
					return 0, errShortXML
				}
				return 0, errors.New("a declaration inside an element in the XML")
			}
			end := "-->"
			if b[i+2] == '[' {
				end = "]]>" // CDATA outside a value is skipped, as excelize does
			}
			n, _, err := skipPast(b[i:], end)
			if err != nil {
				return 0, err
			}
			i += n
			continue
		}
		t, err := scanTag(b[i:])
		if err != nil {
			return 0, err
		}
		if t.end {
			if !bytes.Equal(t.name, b[top.name:top.name+top.size]) {
				return 0, fmt.Errorf("<%s> closed by </%s> in the XML", b[top.name:top.name+top.size], t.name)
			}
			s.close(top.kind)
			s.stack = s.stack[:len(s.stack)-1]
			i += t.size
			continue
		}
		child := childKind(top.kind, localName(t.name))
		if child == elemCell {
			if err := s.openCell(t.attrs); err != nil {
				return 0, err
			}
		}
		s.open(child)
		if t.selfClose {
			s.close(child)
		} else {
			s.stack = append(s.stack, xmlOpen{kind: child, name: i + 1, size: len(t.name)})
		}
		i += t.size
	}
	return i, nil
}

// childKind is the kind of an element named local inside one of kind parent.
func childKind(parent byte, local []byte) byte {
	switch string(local) {
	case "c":
		if parent == elemRow {
			return elemCell
		}
	case "v":
		if parent == elemCell {
			return elemValue
		}
	case "f":
		if parent == elemCell {
			return elemFormula
		}
	case "is":
		if parent == elemCell {
			return elemInline
		}
	case "r":
		if parent == elemInline {
			return elemRun
		}
	case "t":
		if parent == elemInline || parent == elemRun {
			return elemText
		}
	}
	return elemOther // rPh (phonetic text) among them
}

// open and close mark where a cell's parts start and end in s.text.
func (s *xmlScanner) open(kind byte) {
	if len(s.cells) == 0 {
		return // in an si, the text is the item's
	}
	c := &s.cells[len(s.cells)-1]
	switch kind {
	case elemValue:
		c.v = [2]int{len(s.text), len(s.text)} // the last v counts, as in excelize
	case elemFormula:
		c.formula = true
	case elemInline:
		c.inline = true
		c.is = [2]int{len(s.text), len(s.text)}
	}
}

func (s *xmlScanner) close(kind byte) {
	if len(s.cells) == 0 {
		return
	}
	c := &s.cells[len(s.cells)-1]
	switch kind {
	case elemValue:
		c.v[1] = len(s.text)
	case elemInline:
		c.is[1] = len(s.text)
	}
}

// rowNumber sets s.row from a row's r attribute, else one more than the
// last; rows must come in order, as Excel writes them.
func (s *xmlScanner) rowNumber(attrs []byte) error {
	n := s.row + 1
	err := eachAttr(attrs, func(name, value []byte) error {
		if string(name) != "r" {
			return nil
		}
		r, err := strconv.Atoi(string(value))
		if err != nil || r <= s.row {
			return fmt.Errorf("row number %q after row %d", value, s.row)
		}
		n = r
		return nil
	})
	if err != nil {
		return err
	}
	if n > maxXLSXRow {
		return fmt.Errorf("row %d beyond Excel's %d", n, maxXLSXRow)
	}
	s.row = n
	return nil
}

// openCell starts a cell from its c element's attributes: its column from
// r (else one after the cell before it), its style id and type.
func (s *xmlScanner) openCell(attrs []byte) error {
	c := xmlCell{col: 1}
	if len(s.cells) > 0 {
		c.col = s.cells[len(s.cells)-1].col + 1
	}
	err := eachAttr(attrs, func(name, value []byte) error {
		switch string(name) {
		case "r":
			col, ok := cellColumn(value)
			if !ok {
				return fmt.Errorf("a cell named %q", value)
			}
			c.col = col
		case "s":
			st, err := strconv.Atoi(string(value))
			if err != nil || st < 0 {
				return fmt.Errorf("a cell with style %q", value)
			}
			c.style = st
		case "t":
			switch string(value) {
			case "s":
				c.typ = cellShared
			case "inlineStr":
				c.typ = cellInline
			case "b":
				c.typ = cellBool
			case "n":
				c.typ = cellNumber
			default:
				c.typ = cellOther
			}
		}
		return nil
	})
	s.cells = append(s.cells, c)
	return err
}

// cellColumn reads the column of an A1 cell name (letters, then a row
// number), up to Excel's last column XFD.
func cellColumn(name []byte) (int, bool) {
	col, i := 0, 0
	for ; i < len(name); i++ {
		c := name[i] | 0x20
		if c < 'a' || c > 'z' {
			break
		}
		col = col*26 + int(c-'a') + 1
		if col > 16384 {
			return 0, false
		}
	}
	if i == 0 || i == len(name) {
		return 0, false
	}
	for _, c := range name[i:] {
		if c < '0' || c > '9' {
			return 0, false
		}
	}
	return col, true
}

// eachAttr calls fn with each attribute of a tag, its value decoded.
func eachAttr(b []byte, fn func(name, value []byte) error) error {
	for {
		for len(b) > 0 && isXMLSpace(b[0]) {
			b = b[1:]
		}
		if len(b) == 0 {
			return nil
		}
		name, value, n, err := nextAttr(b)
		if err != nil {
			return err
		}
		if bytes.IndexByte(value, '&') >= 0 {
			var dec []byte
			if dec, err = appendUnescaped(nil, value); err != nil {
				return err
			}
			value = dec
		}
		if err := fn(name, value); err != nil {
			return err
		}
		b = b[n:]
	}
}

// appendText appends the text at the start of b, up to the next markup
// other than CDATA, to s.text: entities decoded and line ends normalised
// to \n as XML requires. It returns the bytes read.
func (s *xmlScanner) appendText(b []byte) (int, error) {
	i := 0
	for {
		j := bytes.IndexByte(b[i:], '<')
		if j < 0 {
			return 0, errShortXML
		}
		text := b[i : i+j]
		if bytes.IndexByte(text, '&') < 0 && bytes.IndexByte(text, '\r') < 0 {
			s.text = append(s.text, text...)
		} else {
			var err error
			if s.text, err = appendUnescaped(s.text, text); err != nil {
				return 0, err
			}
		}
		i += j
		if !bytes.HasPrefix(b[i:], []byte("<![CDATA[")) {
			if len(b)-i < 9 && bytes.HasPrefix([]byte("<![CDATA["), b[i:]) {
				return 0, errShortXML
			}
			return i, nil
		}
		end := bytes.Index(b[i+9:], []byte("]]>"))
		if end < 0 {
			return 0, errShortXML
		}
		s.text = appendNewlines(s.text, b[i+9:i+9+end])
		i += 9 + end + 3
	}
}

// appendUnescaped appends text with its entities (&amp; &lt; &gt; &quot;
// &apos; &#N; &#xH;) decoded and its line ends normalised.
func appendUnescaped(dst, text []byte) ([]byte, error) {
	for {
		amp := bytes.IndexByte(text, '&')
		if amp < 0 {
			return appendNewlines(dst, text), nil
		}
		dst = appendNewlines(dst, text[:amp])
		semi := bytes.IndexByte(text[amp:], ';')
		if semi < 0 {
			return dst, errors.New("an unterminated entity in the XML")
		}
		name := string(text[amp+1 : amp+semi])
		switch name {
		case "amp":
			dst = append(dst, '&')
		case "lt":
			dst = append(dst, '<')
		case "gt":
			dst = append(dst, '>')
		case "quot":
			dst = append(dst, '"')
		case "apos":
			dst = append(dst, '\'')
		default:
			r, ok := charRef(name)
			if !ok {
				return dst, fmt.Errorf("an unknown entity &%s; in the XML", name)
			}
			dst = utf8.AppendRune(dst, r)
		}
		text = text[amp+semi+1:]
	}
}

// charRef reads a character reference's name (#65, #x41).
func charRef(name string) (rune, bool) {
	if len(name) < 2 || name[0] != '#' {
		return 0, false
	}
	digits, base := name[1:], 10
	if digits[0] == 'x' {
		digits, base = digits[1:], 16
	}
	if digits == "" || digits[0] == '+' || digits[0] == '-' {
		return 0, false
	}
	n, err := strconv.ParseUint(digits, base, 32)
	r := rune(n)
	if err != nil || n == 0 || !utf8.ValidRune(r) {
		return 0, false
	}
	return r, true
}

// appendNewlines appends text with \r\n and a lone \r made \n.
func appendNewlines(dst, text []byte) []byte {
	for {
		cr := bytes.IndexByte(text, '\r')
		if cr < 0 {
			return append(dst, text...)
		}
		dst = append(append(dst, text[:cr]...), '\n')
		text = text[cr+1:]
		if len(text) > 0 && text[0] == '\n' {
			text = text[1:]
		}
	}
}
