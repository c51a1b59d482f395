package reader

import (
	"archive/zip"
	"bytes"
	"cmp"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"path"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"github.com/npskit/nps/pkg/dates"
	"github.com/npskit/nps/pkg/survey"
	"github.com/npskit/nps/pkg/usererr"
)

// maxXLSXBytes caps a workbook read from standard input or gzip, which has
// to be held in memory (a named file is read in place).
const maxXLSXBytes = 256 << 20

// xlsxOptions bound what excelize unpacks: parts above 16 MiB go to
// temporary files, and the whole workbook may unpack to at most 4 GiB.
var xlsxOptions = excelize.Options{UnzipSizeLimit: 4 << 30, UnzipXMLSizeLimit: 16 << 20}

// xlsxRows streams the rows of one sheet. excelize opens the workbook (the
// sheet list, the date system, the styles); the sheet's XML and the shared
// strings are read by the byte-level scanner below, since excelize's row
// iterator costs 66 µs a row and does not say which cells are dates
// (docs/decisions.md, issue 17). A number cell whose style has a date or
// time number format is a date cell, and its serial is turned into
// "YYYY-MM-DD hh:mm:ss" wall-clock text.
type xlsxRows struct {
	name      string
	sheet     *xmlScanner
	sst       []string
	dateStyle []bool // by style id: its number format shows a date or time
	date1904  bool
	line      int64
	rec       []string
}

func (s *source) openXLSX(r io.Reader, opt *survey.Options) error {
	if s.name != "-" && !s.info.Gzip {
		r = nil // a named file is read in place
	}
	x, sheets, index, err := openWorkbook(s.name, r, opt.Sheet, &s.closers)
	if err != nil {
		return err
	}
	s.info.Format, s.info.Sheet = "xlsx", sheets[index]
	s.info.Sheets = sheets
	d, err := newTableDecoder(s.name, x, opt.HeaderRows)
	if err != nil {
		var ue *usererr.Error
		if len(sheets) > 1 && errors.As(err, &ue) {
			ue.Hint += "; or choose another sheet with --sheet (sheets: " + listColumns(sheets) + ")"
		}
		return err
	}
	s.setDecoder(d)
	return nil
}

// openWorkbook opens the workbook in the file name, or in r when r is not
// nil, and the sheet --sheet picks (see pickSheet); it returns the rows of
// that sheet, the sheets and the sheet's index. What is to be closed is
// added to closers, also on an error.
func openWorkbook(name string, r io.Reader, sheet string, closers *[]io.Closer) (*xlsxRows, []string, int, error) {
	x := &xlsxRows{name: name}
	var f *excelize.File
	var zr *zip.Reader
	var err error
	if r == nil {
		if f, err = excelize.OpenFile(name, xlsxOptions); err == nil {
			var zf *zip.ReadCloser
			if zf, err = zip.OpenReader(name); err == nil {
				*closers = append(*closers, zf)
				zr = &zf.Reader
			}
		}
	} else {
		var b []byte
		if b, err = io.ReadAll(io.LimitReader(r, maxXLSXBytes+1)); err == nil && len(b) > maxXLSXBytes {
			return x, nil, 0, usererr.Newf(usererr.Data, name, 0, "give the workbook as a file rather than on standard input or gzipped",
				"a workbook on standard input or gzipped may be at most %d MiB", maxXLSXBytes>>20)
		}
		if err == nil {
			if f, err = excelize.OpenReader(bytes.NewReader(b), xlsxOptions); err == nil {
				zr, err = zip.NewReader(bytes.NewReader(b), int64(len(b)))
			}
		}
	}
	if f != nil {
		*closers = append(*closers, f)
	}
	if err != nil {
		if e, ok := streamError(name, 0, err); ok {
			return x, nil, 0, e
		}
		return x, nil, 0, usererr.Newf(usererr.Data, name, 0, "open and save it again in Excel, or export the survey as CSV",
			"not a readable .xlsx workbook (%s)", xlsxErrText(err))
	}
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		return x, nil, 0, usererr.Newf(usererr.Data, name, 0, "export the survey again", "the workbook has no sheets")
	}
	index, err := pickSheet(name, sheets, sheet)
	if err != nil {
		return x, nil, 0, err
	}
	x.dateStyle = dateStyles(f)
	if props, err := f.GetWorkbookProps(); err == nil && props.Date1904 != nil {
		x.date1904 = *props.Date1904
	}
	part, err := openPart(zr, sheetPath(zr, f.WorkBook.Sheets.Sheet[index].ID))
	if err != nil {
		return x, nil, 0, x.err(excelize.ErrSheetNotExist{SheetName: sheets[index]})
	}
	*closers = append(*closers, part)
	if x.sst, err = readSharedStrings(zr); err != nil {
		return x, nil, 0, x.err(err)
	}
	x.sheet = newXMLScanner(part, "sheetData", "row")
	return x, sheets, index, nil
}

// pickSheet returns the index of the sheet --sheet names: its name, the
// same name in another case or spacing, or its number from 1; the first
// sheet without --sheet.
func pickSheet(name string, sheets []string, want string) (int, error) {
	if want == "" {
		return 0, nil
	}
	if i := slices.Index(sheets, want); i >= 0 {
		return i, nil
	}
	if i := slices.IndexFunc(sheets, func(sh string) bool {
		return strings.EqualFold(strings.TrimSpace(sh), strings.TrimSpace(want))
	}); i >= 0 {
		return i, nil
	}
	if n, err := strconv.Atoi(want); err == nil && n >= 1 && n <= len(sheets) {
		return n - 1, nil
	}
	return 0, &usererr.Error{Kind: usererr.Usage, File: name, Msg: fmt.Sprintf("no sheet %q", want),
		Hint: "the sheets are: " + listColumns(sheets) + " (--sheet takes a name or a number from 1)"}
}

func xlsxErrText(err error) string {
	t := err.Error()
	if len(t) > 120 {
		t = t[:120] + "..."
	}
	return strings.Join(strings.Fields(t), " ")
}

func (x *xlsxRows) err(err error) error {
	return usererr.Newf(usererr.Data, x.name, x.line, "open and save it again in Excel, or export the survey as CSV",
		"cannot read the workbook (%s)", xlsxErrText(err))
}

// misfit is false: a workbook's text is always Unicode.
func (x *xlsxRows) misfit() bool { return false }

// read returns the next row that has a non-empty cell.
func (x *xlsxRows) read() ([]string, int64, error) {
	for {
		ok, err := x.sheet.next()
		if err != nil {
			return nil, 0, x.err(err)
		}
		if !ok {
			return nil, 0, io.EOF
		}
		x.line = int64(x.sheet.row)
		if len(x.sheet.cells) == 0 {
			continue
		}
		if int64(len(x.sheet.text)) > maxRecordBytes {
			return nil, 0, tooLong(x.name, x.line)
		}
		text := string(x.sheet.text) // one string a row, its cells slices of it
		x.rec = x.rec[:0]
		empty := true
		for _, c := range x.sheet.cells {
			v, err := x.value(&c, text)
			if err != nil {
				return nil, 0, x.err(err)
			}
			if v == "" && !c.formula {
				continue // as excelize: an empty cell does not widen the row
			}
			if c.col <= len(x.rec) {
				return nil, 0, x.err(fmt.Errorf("cell %s after column %s", cellName(c.col, x.sheet.row), columnName(len(x.rec))))
			}
			for len(x.rec) < c.col-1 {
				x.rec = append(x.rec, "")
			}
			if strings.IndexByte(v, 0) >= 0 {
				return nil, 0, nulError(x.name, x.line)
			}
			if strings.TrimSpace(v) != "" {
				empty = false
			}
			x.rec = append(x.rec, v)
		}
		if !empty {
			return x.rec, x.line, nil
		}
	}
}

// value returns a cell's value as Excel shows it for reading: shared and
// inline strings as their text, booleans as TRUE and FALSE, date cells as
// wall-clock text, other numbers at Excel's 15 digits, formula results,
// errors (#N/A) and ISO dates (t="d") as stored.
func (x *xlsxRows) value(c *xmlCell, text string) (string, error) {
	v := text[c.v[0]:c.v[1]]
	switch c.typ {
	case cellShared:
		if v == "" {
			return "", nil
		}
		i, err := strconv.Atoi(strings.TrimSpace(v))
		if err != nil || i < 0 || i >= len(x.sst) {
			return "", fmt.Errorf("cell %s: no shared string %q", cellName(c.col, x.sheet.row), v)
		}
		return x.sst[i], nil
	case cellInline:
		if c.inline {
			return unescapeOOXML(text[c.is[0]:c.is[1]]), nil
		}
		return v, nil
	case cellBool:
		switch v {
		case "1":
			return "TRUE", nil
		case "0":
			return "FALSE", nil
		}
		return v, nil
	case cellNumber:
		if c.style < len(x.dateStyle) && x.dateStyle[c.style] {
			if t, ok := x.dateCell(v); ok {
				return t, nil
			}
		}
		return excelNumber(v), nil
	}
	return v, nil
}

// dateCell returns a date cell's serial as text the date parser reads as
// wall-clock time; ok is false when raw is not a serial of 1900-9999.
func (x *xlsxRows) dateCell(raw string) (string, bool) {
	serial, err := strconv.ParseFloat(strings.TrimSpace(raw), 64)
	if err != nil {
		return "", false
	}
	if x.date1904 {
		serial += 1462
	}
	t, ok := dates.ExcelSerial(serial, time.UTC, time.UTC)
	if !ok {
		return "", false
	}
	if t.Hour() == 0 && t.Minute() == 0 && t.Second() == 0 {
		return t.Format("2006-01-02"), true
	}
	return t.Format("2006-01-02 15:04:05"), true
}

// excelNumber returns a number cell's raw value as Excel shows it when the
// value holds more digits than Excel's 15 significant ones: the 17 digits
// a workbook stores for 7 computed as 0.7*10 are 7.0000000000000009, which
// Excel shows (and a person reads) as 7. Other values, text among them,
// are returned unchanged.
func excelNumber(v string) string {
	digits := 0
	for i := 0; i < len(v) && v[i] != 'e' && v[i] != 'E'; i++ {
		switch c := v[i]; {
		case c >= '0' && c <= '9':
			if digits > 0 || c != '0' {
				digits++
			}
		case c != '.' && c != '-' || c == '-' && i > 0:
			return v
		}
	}
	if digits <= 15 {
		return v
	}
	f, err := strconv.ParseFloat(v, 64)
	if err != nil || math.IsInf(f, 0) || math.Abs(f) >= 1e15 {
		return v
	}
	shown, _ := strconv.ParseFloat(strconv.FormatFloat(f, 'g', 15, 64), 64)
	return strconv.FormatFloat(shown, 'f', -1, 64)
}

// dateStyles says for each style id of the workbook whether its number
// format shows a date or time: a custom format code (looked up first, as
// excelize and Excel do) by its tokens, a built-in one by its id.
func dateStyles(f *excelize.File) []bool {
	if f.Styles == nil || f.Styles.CellXfs == nil {
		return nil
	}
	custom := map[int]string{}
	if f.Styles.NumFmts != nil {
		for _, nf := range f.Styles.NumFmts.NumFmt {
			if _, ok := custom[nf.NumFmtID]; !ok {
				custom[nf.NumFmtID] = cmp.Or(nf.FormatCode16, nf.FormatCode)
			}
		}
	}
	isDate := make([]bool, len(f.Styles.CellXfs.Xf))
	for i, xf := range f.Styles.CellXfs.Xf {
		id := 0
		if xf.NumFmtID != nil {
			id = *xf.NumFmtID
		}
		if code, ok := custom[id]; ok {
			isDate[i] = isDateFormat(code)
		} else {
			isDate[i] = isDateFormatID(id)
		}
	}
	return isDate
}

// isDateFormatID reports whether a built-in number format (ECMA-376
// 18.8.30) shows a date or time: 14-22 and 45-47 everywhere, 27-36 and
// 50-58 in East Asian locales, 71-81 in Thai.
func isDateFormatID(id int) bool {
	return id >= 14 && id <= 22 || id >= 27 && id <= 36 || id >= 45 && id <= 47 ||
		id >= 50 && id <= 58 || id >= 71 && id <= 81
}

// isDateFormat reports whether a number format code shows a date or time:
// it has a year, month, day, hour or second token (y m d h s, e and b for
// East Asian and Buddhist years) outside quoted text, escaped characters,
// padding and fill characters and [color], [condition] and [$-locale]
// brackets; an elapsed time ([h], [mm], [ss]) counts. "General" and
// scientific exponents (0.0E+00) do not.
func isDateFormat(code string) bool {
	for i := 0; i < len(code); i++ {
		switch c := code[i] | 0x20; {
		case code[i] == '"':
			end := strings.IndexByte(code[i+1:], '"')
			if end < 0 {
				return false
			}
			i += end + 1
		case code[i] == '\\' || code[i] == '_' || code[i] == '*':
			i++ // the next character is shown as itself or is padding
		case code[i] == '[':
			end := strings.IndexByte(code[i+1:], ']')
			if end < 0 {
				return false
			}
			inner := strings.ToLower(code[i+1 : i+1+end])
			if inner != "" && strings.Trim(inner, "hms") == "" {
				return true
			}
			i += end + 1
		case c == 'g' && len(code)-i >= 7 && strings.EqualFold(code[i:i+7], "general"):
			i += 6
		case c == 'e' && i+1 < len(code) && (code[i+1] == '+' || code[i+1] == '-'):
			i++ // an exponent
		case c == 'y' || c == 'm' || c == 'd' || c == 'h' || c == 's' || c == 'e' || c == 'b':
			return true
		}
	}
	return false
}

// sheetPath returns the path in the package of the worksheet with the
// relationship id rid, as excelize resolves it: the workbook part is named
// by _rels/.rels, its relationships by _rels/NAME.rels beside it, and a
// target is relative to the workbook's folder unless it starts with "/".
func sheetPath(zr *zip.Reader, rid string) string {
	workbook := "xl/workbook.xml"
	for _, rel := range readRels(zr, "_rels/.rels") {
		if strings.HasSuffix(rel.Type, "/officeDocument") {
			workbook = strings.TrimPrefix(rel.Target, "/")
			break
		}
	}
	dir := path.Dir(workbook)
	for _, rel := range readRels(zr, path.Join(dir, "_rels", path.Base(workbook)+".rels")) {
		if rel.ID == rid {
			target := strings.ReplaceAll(rel.Target, "\\", "/")
			if strings.HasPrefix(target, "/") {
				return strings.TrimPrefix(path.Clean(target), "/")
			}
			return strings.TrimPrefix(path.Join(dir, target), "/")
		}
	}
	return ""
}

type xmlRel struct {
	ID     string `xml:"Id,attr"`
	Target string `xml:"Target,attr"`
	Type   string `xml:"Type,attr"`
}

// readRels returns the relationships of a .rels part (none when it is
// missing or unreadable: the caller then finds no part).
func readRels(zr *zip.Reader, name string) []xmlRel {
	rc, err := openPart(zr, name)
	if err != nil {
		return nil
	}
	defer rc.Close()
	var rels struct {
		Rel []xmlRel `xml:"Relationship"`
	}
	if xml.NewDecoder(io.LimitReader(rc, 16<<20)).Decode(&rels) != nil {
		return nil
	}
	return rels.Rel
}

// openPart opens the part of the package with the given name, matched as
// excelize does (a backslash is a slash) and without case.
func openPart(zr *zip.Reader, name string) (io.ReadCloser, error) {
	for _, zf := range zr.File {
		if name != "" && strings.EqualFold(strings.ReplaceAll(zf.Name, "\\", "/"), name) {
			return zf.Open()
		}
	}
	return nil, fs.ErrNotExist
}

// readSharedStrings reads xl/sharedStrings.xml (the path excelize reads),
// none when the workbook has no such part.
func readSharedStrings(zr *zip.Reader) ([]string, error) {
	rc, err := openPart(zr, "xl/sharedStrings.xml")
	if err != nil {
		return nil, nil
	}
	defer rc.Close()
	var sst []string
	sc := newXMLScanner(rc, "sst", "si")
	for {
		ok, err := sc.next()
		if err != nil {
			return nil, fmt.Errorf("shared strings: %w", err)
		}
		if !ok {
			return sst, nil
		}
		sst = append(sst, unescapeOOXML(string(sc.text)))
	}
}

// unescapeOOXML decodes the _xHHHH_ escapes a workbook writes for
// characters XML cannot hold (_x000D_ is a carriage return, _x005F_ an
// underscore), left to right as excelize does; a lone surrogate is dropped.
func unescapeOOXML(s string) string {
	if !strings.Contains(s, "_x") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if n, ok := ooxmlEscape(s[i:]); ok {
			if utf16.IsSurrogate(n) {
				n = -1
			}
			if n >= 0 {
				b.WriteRune(n)
			}
			i += 6
			continue
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// ooxmlEscape reads an _xHHHH_ escape at the start of s.
func ooxmlEscape(s string) (rune, bool) {
	if len(s) < 7 || s[0] != '_' || s[1] != 'x' || s[6] != '_' {
		return 0, false
	}
	n, err := strconv.ParseUint(s[2:6], 16, 16)
	if err != nil {
		return 0, false
	}
	return rune(n), true
}

// cellName is the A1 name of a cell; columnName of a column from 1.
func cellName(col, row int) string { return columnName(col) + strconv.Itoa(row) }

func columnName(col int) string {
	name, _ := excelize.ColumnNumberToName(max(col, 1))
	return name
}

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
