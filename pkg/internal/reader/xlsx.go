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
