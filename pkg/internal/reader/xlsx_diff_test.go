package reader

import (
	"archive/zip"
	"bytes"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"testing/iotest"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/npskit/nps/pkg/dates"
	"github.com/npskit/nps/pkg/survey"
)

// xlsxRow is a row as the xlsx decoder hands it on.
type xlsxRow struct {
	line   int64
	fields []string
}

// readTwoIterators reads a sheet the way the reader did before issue 17,
// the reference of the differential tests: excelize's raw and formatted
// row iterators side by side, a number shown as a date or time (by
// looksLikeDate) being a date cell.
func readTwoIterators(t *testing.T, path, sheet string) []xlsxRow {
	t.Helper()
	f, err := excelize.OpenFile(path, xlsxOptions)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	date1904 := false
	if props, err := f.GetWorkbookProps(); err == nil && props.Date1904 != nil {
		date1904 = *props.Date1904
	}
	raw, err := f.Rows(sheet)
	if err != nil {
		t.Fatal(err)
	}
	shownRows, err := f.Rows(sheet)
	if err != nil {
		t.Fatal(err)
	}
	var out []xlsxRow
	for line := int64(1); raw.Next(); line++ {
		shownRows.Next()
		vals, err := raw.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		shown, err := shownRows.Columns()
		if err != nil {
			t.Fatal(err)
		}
		var rec []string
		empty := true
		for i, v := range vals {
			if i < len(shown) && shown[i] != v {
				serial, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
				if date1904 {
					serial += 1462
				}
				if d, ok := dates.ExcelSerial(serial, time.UTC, time.UTC); err == nil && ok && looksLikeDate(shown[i]) {
					v = d.Format("2006-01-02 15:04:05")
					v = strings.TrimSuffix(v, " 00:00:00")
				} else {
					v = excelNumber(v)
				}
			}
			if strings.TrimSpace(v) != "" {
				empty = false
			}
			rec = append(rec, v)
		}
		if !empty {
			out = append(out, xlsxRow{line, rec})
		}
	}
	return out
}

// looksLikeDate reports whether a formatted number is a date or time rather
// than a number: it is not a number once grouping, currency and percent
// signs are removed, and it holds a date or time separator or a letter.
func looksLikeDate(s string) bool {
	s = strings.TrimSpace(s)
	if s == "" {
		return false
	}
	plain := strings.Map(func(r rune) rune {
		switch r {
		case ',', ' ', '%', '$', '€', '£', '¥', '\u00a0', '(', ')':
			return -1
		}
		return r
	}, s)
	if _, err := strconv.ParseFloat(plain, 64); err == nil {
		return false
	}
	if strings.ContainsAny(s, "Ee") && strings.ContainsAny(s, "+-") {
		if _, err := strconv.ParseFloat(strings.ReplaceAll(plain, "E+", "E"), 64); err == nil {
			return false // scientific notation
		}
	}
	return strings.ContainsAny(s, "/-.:") || strings.IndexFunc(s, func(r rune) bool {
		return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z'
	}) >= 0
}

func TestLooksLikeDate(t *testing.T) {
	for s, want := range map[string]bool{
		"1/31/25 15:09": true, "2025-01-31": true, "31.01.2025": true, "Jan-25": true, "15:09:03": true,
		"9": false, "1,234.50": false, "50%": false, "$12.00": false, "1.5E+10": false, "": false, "(12)": false,
	} {
		if got := looksLikeDate(s); got != want {
			t.Errorf("looksLikeDate(%q) = %v, want %v", s, got, want)
		}
	}
}

// readSheet reads a sheet with the reader under test.
func readSheet(t *testing.T, path, sheet string) ([]xlsxRow, error) {
	t.Helper()
	var closers []io.Closer
	defer func() {
		for _, c := range closers {
			c.Close()
		}
	}()
	x, _, _, err := openWorkbook(path, nil, sheet, &closers)
	if err != nil {
		return nil, err
	}
	var out []xlsxRow
	for {
		rec, line, err := x.read()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return out, err
		}
		out = append(out, xlsxRow{line, append([]string(nil), rec...)})
	}
}

// formatsWorkbook writes a workbook with numbers under date, time and
// number formats (built-in and custom), text, empty cells in the middle and
// columns beyond Z, in the 1900 or the 1904 date system.
func formatsWorkbook(t *testing.T, date1904 bool) string {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	sh := "Sheet1"
	if date1904 {
		if err := f.SetWorkbookProps(&excelize.WorkbookPropsOptions{Date1904: &date1904}); err != nil {
			t.Fatal(err)
		}
	}
	style := func(s excelize.Style) int {
		id, err := f.NewStyle(&s)
		if err != nil {
			t.Fatal(err)
		}
		return id
	}
	custom := func(code string) int { return style(excelize.Style{CustomNumFmt: &code}) }
	cols := []struct {
		name  string
		style int
		vals  []any
	}{
		{"short date", style(excelize.Style{NumFmt: 14}), []any{day(2025, 1, 31), day(1900, 1, 1), day(1900, 2, 28), day(1900, 3, 1), day(2099, 12, 31)}},
		{"date time", style(excelize.Style{NumFmt: 22}), []any{at(2025, 1, 31, 23, 59, 59), at(2024, 2, 29, 0, 0, 1), at(1999, 12, 31, 12, 30, 0), "", at(2025, 6, 1, 8, 0, 0)}},
		{"iso custom", custom("yyyy-mm-dd hh:mm:ss"), []any{at(2025, 3, 30, 1, 30, 0), day(2025, 10, 26), "", "", at(2000, 1, 1, 0, 0, 30)}},
		{"dotted custom", custom("dd.mm.yyyy"), []any{day(2025, 1, 2), day(2025, 12, 31), "", "", ""}},
		{"long custom", custom(`[$-409]mmmm d, yyyy;@`), []any{day(2025, 7, 4), "", "", "", ""}},
		{"time only", style(excelize.Style{NumFmt: 20}), []any{0.75, 0.5, 1.25, "", ""}},
		{"two decimals", style(excelize.Style{NumFmt: 2}), []any{9, 7.5, -3, 0, 10}},
		{"percent", style(excelize.Style{NumFmt: 9}), []any{0.5, 1, 0.125, "", ""}},
		{"thousands", style(excelize.Style{NumFmt: 3}), []any{1234, 9, 1234567, "", ""}},
		{"money", custom(`"$"#,##0.00`), []any{12, 0.5, "", "", ""}},
		{"red", custom(`[Red]0.0;[Blue]-0.0`), []any{3, -4, "", "", ""}},
		{"scientific", style(excelize.Style{NumFmt: 11}), []any{12345, 0.001, "", "", ""}},
		{"text", 0, []any{"hello", "a&b <c>", "line1\nline2", " padded ", "9"}},
		{"plain", 0, []any{7, 7.0000000000000009, 1e20, 0.1, -2}},
	}
	for c, col := range cols {
		colName, _ := excelize.ColumnNumberToName(c + 1)
		if c == len(cols)-1 {
			colName = "AB" // beyond Z, with empty columns before it
		}
		if err := f.SetCellValue(sh, colName+"1", col.name); err != nil {
			t.Fatal(err)
		}
		for r, v := range col.vals {
			cell := colName + strconv.Itoa(r+2)
			if v == "" {
				continue
			}
			if err := f.SetCellValue(sh, cell, v); err != nil {
				t.Fatal(err)
			}
			if col.style != 0 {
				if err := f.SetCellStyle(sh, cell, cell, col.style); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
	// Serials around Excel's fictitious 1900-02-29, as stored.
	date := style(excelize.Style{NumFmt: 14})
	for i, serial := range []string{"59", "60", "61", "1", "2958465.99999"} {
		cell := "B" + strconv.Itoa(i+10)
		if err := f.SetCellDefault(sh, cell, serial); err != nil {
			t.Fatal(err)
		}
		if err := f.SetCellStyle(sh, cell, cell, date); err != nil {
			t.Fatal(err)
		}
	}
	return saveWorkbook(t, f)
}

// saveWorkbook saves f in a temporary file and returns its path.
func saveWorkbook(t testing.TB, f *excelize.File) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "book.xlsx")
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	return path
}

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func at(y int, m time.Month, d, h, mi, s int) time.Time {
	return time.Date(y, m, d, h, mi, s, 0, time.UTC)
}

// TestXLSXMatchesTwoIterators: the reader reads every workbook of
// testdata, npsgen's shape and workbooks of many formats as the reader
// before issue 17 did.
func TestXLSXMatchesTwoIterators(t *testing.T) {
	type input struct{ path, sheet string }
	inputs := []input{
		{"../../../testdata/exports/microsoft-forms.xlsx", "Sheet1"},
		{formatsWorkbook(t, false), "Sheet1"},
		{formatsWorkbook(t, true), "Sheet1"},
		{streamWorkbook(t, 300), "Sheet1"},
		{patchWorkbook(t, handSheet, handStrings), "Sheet1"},
	}
	f, err := excelize.OpenFile("../../../testdata/exports/two-sheets.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	for _, sh := range f.GetSheetList() {
		inputs = append(inputs, input{"../../../testdata/exports/two-sheets.xlsx", sh})
	}
	f.Close()
	for _, in := range inputs {
		t.Run(filepath.Base(in.path)+"/"+in.sheet, func(t *testing.T) {
			want := readTwoIterators(t, in.path, in.sheet)
			got, err := readSheet(t, in.path, in.sheet)
			if err != nil {
				t.Fatal(err)
			}
			if len(want) == 0 {
				t.Fatal("the reference read no rows")
			}
			if !reflect.DeepEqual(got, want) {
				for i := range max(len(got), len(want)) {
					if i >= len(got) || i >= len(want) || !reflect.DeepEqual(got[i], want[i]) {
						t.Fatalf("row %d differs:\n got %q\nwant %q", i, at2(got, i), at2(want, i))
					}
				}
			}
		})
	}
}

func at2(rows []xlsxRow, i int) any {
	if i < len(rows) {
		return rows[i]
	}
	return "(none)"
}

// streamWorkbook writes n rows as npsgen does: excelize's stream writer,
// inline strings, dates under format 22, numbers.
func streamWorkbook(t testing.TB, n int) string {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		t.Fatal(err)
	}
	date, err := f.NewStyle(&excelize.Style{NumFmt: 22})
	if err != nil {
		t.Fatal(err)
	}
	if err := sw.SetRow("A1", []any{"response_id", "submitted_at", "email", "score", "comment", "region"}); err != nil {
		t.Fatal(err)
	}
	regions := []string{"EMEA", "NA", "APAC"}
	for i := range n {
		row := []any{i + 1, excelize.Cell{StyleID: date, Value: time.Date(2025, 1, 1, i%24, i%60, 0, 0, time.UTC).AddDate(0, 0, i%90)},
			"r" + strconv.Itoa(i%97) + "@example.com", i % 11, "comment <" + strconv.Itoa(i) + "> & more", regions[i%3]}
		if i%7 == 0 {
			row[4] = nil // an empty cell in the middle
		}
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		if err := sw.SetRow(cell, row); err != nil {
			t.Fatal(err)
		}
	}
	if err := sw.Flush(); err != nil {
		t.Fatal(err)
	}
	return saveWorkbook(t, f)
}

// handSheet is worksheet XML as other writers make it: a namespace prefix,
// rows and cells without r, sparse rows, shared, inline and rich strings
// with phonetic runs, entities, CDATA, comments, formulas with cached
// values, errors, ISO dates (t="d") and a number with a date style (1).
const handSheet = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:dimension ref="A1:D9"/>
<x:sheetData>
<x:row r="1"><x:c r="A1" t="s"><x:v>0</x:v></x:c><x:c t="s"><x:v>1</x:v></x:c><x:c t="inlineStr"><x:is><x:t>when</x:t></x:is></x:c><x:c t='s'><x:v> 2 </x:v></x:c></x:row>
<x:row><x:c><x:v>9</x:v></x:c><x:c t="inlineStr"><x:is><x:r><x:t>fish </x:t></x:r><x:r><x:rPr/><x:t xml:space="preserve">&amp; chips</x:t></x:r><x:rPh><x:t>ignored</x:t></x:rPh></x:is></x:c><x:c s="1"><x:v>45688.5</x:v></x:c><x:c t="s"><x:v>3</x:v></x:c></x:row>
<!-- a comment between rows -->
<x:row r="5" spans="1:4"><x:c r="A5"><x:f>1+2</x:f><x:v>3</x:v></x:c><x:c r="B5" t="str"><x:f>"a"&amp;"b"</x:f><x:v>ab</x:v></x:c><x:c r="C5" t="e"><x:v>#N/A</x:v></x:c><x:c r="D5" t="s"><x:v>4</x:v></x:c></x:row>
<x:row r="6"><x:c r="A6"><x:v>10</x:v></x:c><x:c r="B6" t="inlineStr"><x:is><x:t><![CDATA[<cdata> & text]]></x:t></x:is></x:c><x:c r="C6" t="d"><x:v>2025-02-01T10:00:00Z</x:v></x:c><x:c r="D6"/></x:row>
<x:row r="7"><x:c r="B7" t="inlineStr"><x:is><x:t>&#x41;&#66;&lt;&gt;&quot;&apos;</x:t></x:is></x:c><x:c r="D7"><x:v>6</x:v></x:c></x:row>
<x:row r="8"/>
<x:row r="9"><x:c r="A9" s="1"><x:v>60</x:v></x:c><x:c r="B9" t="inlineStr"><x:is><x:t>two&#13;&#10;lines</x:t></x:is></x:c><x:c r="C9"><x:f>A9</x:f></x:c><x:c r="D9" t="s"><x:v>5</x:v></x:c></x:row>
</x:sheetData><x:pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/></x:worksheet>`

const handStrings = `<?xml version="1.0" encoding="UTF-8"?>
<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="6" uniqueCount="6">
<si><t>score</t></si><si><t>comment</t></si><si><r><t>da</t></r><r><rPr><b/></rPr><t>te</t></r><rPh sb="0" eb="1"><t>x</t></rPh></si>
<si><t>Zürich_x000D_</t></si><si><t xml:space="preserve"> &lt;ok&gt; </t></si><si><t>a_x005F_x0041_b</t></si></sst>`

// patchWorkbook writes a workbook whose style 1 is a date format, with
// sheet as its first worksheet's XML and sst as its shared strings.
func patchWorkbook(t testing.TB, sheet, sst string) string {
	t.Helper()
	f := excelize.NewFile()
	if _, err := f.NewStyle(&excelize.Style{NumFmt: 14}); err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := f.Write(&b); err != nil {
		t.Fatal(err)
	}
	f.Close()
	zr, err := zip.NewReader(bytes.NewReader(b.Bytes()), int64(b.Len()))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	put := func(name, content string) {
		w, err := zw.Create(name)
		if err == nil {
			_, err = io.WriteString(w, content)
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	for _, zf := range zr.File {
		if zf.Name == "xl/worksheets/sheet1.xml" {
			put(zf.Name, sheet)
			continue
		}
		rc, err := zf.Open()
		if err != nil {
			t.Fatal(err)
		}
		content, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		put(zf.Name, string(content))
	}
	if sst != "" {
		put("xl/sharedStrings.xml", sst)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "hand.xlsx")
	if err := os.WriteFile(path, out.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestXLSXValues: values the reader before issue 17 got wrong or never
// saw, each written here by hand.
func TestXLSXValues(t *testing.T) {
	got, err := readSheet(t, patchWorkbook(t, handSheet, handStrings), "Sheet1")
	if err != nil {
		t.Fatal(err)
	}
	want := []xlsxRow{
		{1, []string{"score", "comment", "when", "date"}},
		{2, []string{"9", "fish & chips", "2025-01-31 12:00:00", "Zürich\r"}},
		{5, []string{"3", "ab", "#N/A", " <ok> "}},
		{6, []string{"10", "<cdata> & text", "2025-02-01T10:00:00Z"}},
		{7, []string{"", "AB<>\"'", "", "6"}},
		{9, []string{"1900-03-01", "two\r\nlines", "", "a_x0041_b"}},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("rows\n got %+v\nwant %+v", got, want)
	}
}

// TestXLSXFormatsAsExcel: numbers under formats whose shown text the
// reader before issue 17 took for a date are numbers; booleans are TRUE
// and FALSE; dates of the 1904 system are shifted.
func TestXLSXFormatsAsExcel(t *testing.T) {
	for _, date1904 := range []bool{false, true} {
		f := excelize.NewFile()
		if err := f.SetWorkbookProps(&excelize.WorkbookPropsOptions{Date1904: &date1904}); err != nil {
			t.Fatal(err)
		}
		sh := "Sheet1"
		cells := []struct {
			code string
			v    any
			want string
		}{
			{`0.00 "kg"`, 9, "9"},
			{`# ?/?`, 9.5, "9.5"},
			{`_(* #,##0_);_(* \(#,##0\);_(* "-"_);_(@_)`, 0, "0"},
			{`0 "days"`, 3, "3"},
			{`General`, 7, "7"},
			{``, true, "TRUE"},
			{``, false, "FALSE"},
			{`d/m/yyyy`, day(2025, 1, 31), "2025-01-31"},
			{`[h]:mm:ss`, 1.5, "1900-01-01 12:00:00"},
		}
		for i, c := range cells {
			cell := "A" + strconv.Itoa(i+1)
			if err := f.SetCellValue(sh, cell, c.v); err != nil {
				t.Fatal(err)
			}
			if c.code != "" {
				code := c.code
				id, err := f.NewStyle(&excelize.Style{CustomNumFmt: &code})
				if err != nil {
					t.Fatal(err)
				}
				if err := f.SetCellStyle(sh, cell, cell, id); err != nil {
					t.Fatal(err)
				}
			}
		}
		path := saveWorkbook(t, f)
		f.Close()
		got, err := readSheet(t, path, sh)
		if err != nil {
			t.Fatal(err)
		}
		for i, c := range cells {
			want := c.want
			if date1904 && strings.HasPrefix(want, "1900-01-01") {
				want = "1904-01-02" + strings.TrimPrefix(want, "1900-01-01")
			}
			if i >= len(got) || got[i].fields[0] != want {
				t.Errorf("1904 %v: %q under %q: got %v, want %q", date1904, c.v, c.code, at2(got, i), want)
			}
		}
	}
}

func TestIsDateFormat(t *testing.T) {
	for code, want := range map[string]bool{
		"yyyy-mm-dd": true, "d-mmm-yy": true, "h:mm AM/PM": true, "[h]:mm:ss": true, "[ss]": true, "mm:ss.0": true,
		`[$-409]mmmm d, yyyy;@`: true, "dd/mm/yyyy hh:mm": true, `yyyy"年"m"月"d"日"`: true, "[$-404]e/m/d": true,
		"General": false, "0.00": false, "0%": false, "0.00E+00": false, "##0.0e-0": false, "# ?/?": false, "@": false,
		`0.00 "kg"`: false, `0 "days"`: false, `[Red]0.0;[Blue]-0.0`: false, `#,##0 \m`: false, `0_m`: false,
		`"$"#,##0.00`: false, `[$€-407]#,##0.00`: false, `_(* #,##0_);_(* \(#,##0\);_(* "-"_);_(@_)`: false,
		`"unterminated`: false, `[unterminated`: false, "": false,
	} {
		if got := isDateFormat(code); got != want {
			t.Errorf("isDateFormat(%q) = %v, want %v", code, got, want)
		}
	}
}

// TestXLSXMalformed: a damaged sheet is an error naming the row, never a
// silent end of the sheet or a value in a wrong column.
func TestXLSXMalformed(t *testing.T) {
	row1 := `<row r="1"><c r="A1" t="inlineStr"><is><t>score</t></is></c></row>`
	sheet := func(data string) string {
		return `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>` + row1 + data
	}
	tests := []struct{ name, xml, sst, want string }{
		{"truncated", sheet(`<row r="2"><c r="A2"><v>9</v></c></row><row r="3"><c r="A3"><v>1`), "", "ends inside an element"},
		{"mismatched end", sheet(`<row r="2"><c r="A2"><v>9</c></row></sheetData></worksheet>`), "", "closed by </c>"},
		{"unknown entity", sheet(`<row r="2"><c r="A2" t="inlineStr"><is><t>&nbsp;</t></is></c></row></sheetData></worksheet>`), "", "unknown entity"},
		{"rows out of order", sheet(`<row r="3"><c r="A3"><v>9</v></c></row><row r="2"><c r="A2"><v>9</v></c></row></sheetData></worksheet>`), "", `row number "2" after row 3`},
		{"cells out of order", sheet(`<row r="2"><c r="B2"><v>9</v></c><c r="A2"><v>9</v></c></row></sheetData></worksheet>`), "", "cell A2 after column B"},
		{"bad cell name", sheet(`<row r="2"><c r="XFE2"><v>9</v></c></row></sheetData></worksheet>`), "", `a cell named "XFE2"`},
		{"no such shared string", sheet(`<row r="2"><c r="A2" t="s"><v>7</v></c></row></sheetData></worksheet>`), `<sst><si><t>a</t></si></sst>`, "no shared string"},
		{"bad shared strings", sheet(`</sheetData></worksheet>`), `<sst><si><t>a</si></sst>`, "shared strings"},
		{"doctype", `<!DOCTYPE x [<!ENTITY a "b">]><worksheet><sheetData>` + row1 + `</sheetData></worksheet>`, "", "DOCTYPE"},
		{"row too large", sheet(`<row r="2"><c r="A2" t="inlineStr"><is><t>` + strings.Repeat("x", int(maxRecordBytes)+2<<20) + `</t></is></c></row></sheetData></worksheet>`), "", "longer than"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := readSheet(t, patchWorkbook(t, tt.xml, tt.sst), "Sheet1")
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error %v, want one with %q", err, tt.want)
			}
		})
	}
}

// FuzzXLSXSheetXML: the scanner on any bytes never panics, and reads the
// same items (or fails the same way) with a buffer of 5 bytes to start
// with, which makes it parse items again after refills.
func FuzzXLSXSheetXML(f *testing.F) {
	f.Add([]byte(handSheet))
	f.Add([]byte(handStrings))
	f.Add([]byte(`<worksheet><sheetData><row><c><v>1</v></c></row></sheetData></worksheet>`))
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, kind := range [][2]string{{"sheetData", "row"}, {"sst", "si"}} {
			whole := scanAll(newXMLScanner(bytes.NewReader(data), kind[0], kind[1]))
			small := newXMLScanner(iotest.OneByteReader(bytes.NewReader(data)), kind[0], kind[1])
			small.buf = make([]byte, 0, 5)
			if pieces := scanAll(small); !reflect.DeepEqual(whole, pieces) {
				t.Fatalf("%s: whole %q\nin pieces %q", kind[1], whole, pieces)
			}
		}
	})
}

// scanAll lists what the scanner reads: per item, its row, its cells and
// text; then its error.
func scanAll(s *xmlScanner) []string {
	var out []string
	for i := 0; i < 1000; i++ {
		ok, err := s.next()
		if err != nil {
			return append(out, "error: "+err.Error())
		}
		if !ok {
			return out
		}
		out = append(out, strconv.Itoa(s.row)+" "+strconv.Quote(string(s.text)))
		for _, c := range s.cells {
			if c.v[1] > len(s.text) || c.is[1] > len(s.text) || c.v[0] > c.v[1] || c.is[0] > c.is[1] {
				panic("a span outside the text")
			}
			out = append(out, strconv.Itoa(c.col)+"/"+strconv.Itoa(c.style)+"/"+string('0'+c.typ)+" "+
				string(s.text[c.v[0]:c.v[1]])+"|"+string(s.text[c.is[0]:c.is[1]]))
		}
	}
	return append(out, "...")
}

// BenchmarkReadXLSX reads a 100k-row workbook of npsgen's shape held in memory.
func BenchmarkReadXLSX(b *testing.B) {
	data, err := os.ReadFile(streamWorkbook(b, 100000))
	if err != nil {
		b.Fatal(err)
	}
	benchRead(b, data, survey.Options{InputFormat: "xlsx"})
}
