package reader

import (
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"

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

// xlsxRows streams the rows of one sheet with excelize's row iterator. It
// runs two iterators side by side, one for the raw cell values and one for
// the formatted ones: a cell whose raw value is a number and whose formatted
// value reads as a date or time (not a number) is a date cell, and its
// serial is turned into "YYYY-MM-DD hh:mm:ss" wall-clock text.
type xlsxRows struct {
	name     string
	f        *excelize.File
	raw, fmt *excelize.Rows
	line     int64
	date1904 bool
	rec      []string
}

func (s *source) openXLSX(r io.Reader, opt *survey.Options) error {
	var f *excelize.File
	var err error
	if s.name != "-" && !s.info.Gzip {
		f, err = excelize.OpenFile(s.name, xlsxOptions)
	} else {
		lr := &io.LimitedReader{R: r, N: maxXLSXBytes + 1}
		f, err = excelize.OpenReader(lr, xlsxOptions)
		if err == nil && lr.N <= 0 {
			f.Close()
			return usererr.Newf(usererr.Data, s.name, 0, "give the workbook as a file rather than on standard input or gzipped",
				"a workbook on standard input or gzipped may be at most %d MiB", maxXLSXBytes>>20)
		}
	}
	if err != nil {
		if e, ok := streamError(s.name, 0, err); ok {
			return e
		}
		return usererr.Newf(usererr.Data, s.name, 0, "open and save it again in Excel, or export the survey as CSV",
			"not a readable .xlsx workbook (%s)", xlsxErrText(err))
	}
	s.closers = append(s.closers, f)
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		return usererr.Newf(usererr.Data, s.name, 0, "export the survey again", "the workbook has no sheets")
	}
	sheet := sheets[0]
	if opt.Sheet != "" {
		sheet = ""
		for _, sh := range sheets {
			if sh == opt.Sheet {
				sheet = sh
			}
		}
		if sheet == "" {
			for _, sh := range sheets {
				if strings.EqualFold(strings.TrimSpace(sh), strings.TrimSpace(opt.Sheet)) {
					sheet = sh
				}
			}
		}
		if n, err := strconv.Atoi(opt.Sheet); sheet == "" && err == nil && n >= 1 && n <= len(sheets) {
			sheet = sheets[n-1]
		}
		if sheet == "" {
			return &usererr.Error{Kind: usererr.Usage, File: s.name, Msg: fmt.Sprintf("no sheet %q", opt.Sheet),
				Hint: "the sheets are: " + listColumns(sheets) + " (--sheet takes a name or a number from 1)"}
		}
	}
	x := &xlsxRows{name: s.name, f: f}
	if props, err := f.GetWorkbookProps(); err == nil && props.Date1904 != nil {
		x.date1904 = *props.Date1904
	}
	if x.raw, err = f.Rows(sheet); err != nil {
		return x.err(err)
	}
	s.closers = append(s.closers, x.raw)
	if x.fmt, err = f.Rows(sheet); err != nil {
		return x.err(err)
	}
	s.closers = append(s.closers, x.fmt)
	s.info.Format, s.info.Sheet = "xlsx", sheet
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
		if !x.raw.Next() {
			if err := x.raw.Error(); err != nil {
				return nil, 0, x.err(err)
			}
			return nil, 0, io.EOF
		}
		x.fmt.Next()
		x.line++
		raw, err := x.raw.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			return nil, 0, x.err(err)
		}
		shown, err := x.fmt.Columns()
		if err != nil {
			return nil, 0, x.err(err)
		}
		x.rec = x.rec[:0]
		empty := true
		var size int64
		for i, v := range raw {
			if i < len(shown) && shown[i] != v {
				if t, ok := x.dateCell(v, shown[i]); ok {
					v = t
				} else {
					v = excelNumber(v)
				}
			}
			if strings.IndexByte(v, 0) >= 0 {
				return nil, 0, nulError(x.name, x.line)
			}
			size += int64(len(v))
			if strings.TrimSpace(v) != "" {
				empty = false
			}
			x.rec = append(x.rec, v)
		}
		if size > maxRecordBytes {
			return nil, 0, tooLong(x.name, x.line)
		}
		if !empty {
			return x.rec, x.line, nil
		}
	}
}

// dateCell reports whether a cell with the raw value raw shown as shown is
// a date, and returns it as text the date parser reads as wall-clock time.
func (x *xlsxRows) dateCell(raw, shown string) (string, bool) {
	serial, err := strconv.ParseFloat(strings.TrimSpace(raw), 64)
	if err != nil || !looksLikeDate(shown) {
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
