// Command mkxlsx writes the .xlsx fixtures of testdata/exports: a Microsoft
// Forms export (dates as real date cells) and a workbook whose responses are
// on its second sheet. Run from the repository root:
//
//	go run ./testdata/exports/mkxlsx
//
// The values are written here by hand; the expected results are in
// cmd/nps/testdata/script/exports_xlsx.txtar.
package main

import (
	"log"
	"time"

	"github.com/xuri/excelize/v2"
)

func main() {
	msForms()
	twoSheets()
}

func check(err error) {
	if err != nil {
		log.Fatal(err)
	}
}

// msForms: Microsoft Forms "Open in Excel" layout: ID, Start time,
// Completion time, Email, Name, then one column per question.
func msForms() {
	f := excelize.NewFile()
	sh := "Sheet1"
	check(f.SetSheetRow(sh, "A1", &[]any{"ID", "Start time", "Completion time", "Email", "Name",
		"How likely are you to recommend Contoso to a friend or colleague?", "Department", "Any other comments?"}))
	dateStyle, err := f.NewStyle(&excelize.Style{NumFmt: 22}) // m/d/yy h:mm
	check(err)
	rows := []struct {
		start, end time.Time
		score      any
		dept       string
		comment    string
	}{
		{t(2025, 1, 31, 23, 50), t(2025, 1, 31, 23, 58), 10, "Sales", "Great"},
		{t(2025, 2, 1, 9, 0), t(2025, 2, 1, 9, 5), 7, "Sales", ""},
		{t(2025, 2, 2, 10, 0), t(2025, 2, 2, 10, 2), 2, "Support", "=1+1"},
		{t(2025, 2, 3, 11, 0), t(2025, 2, 3, 11, 1), nil, "Support", ""},
		{t(2025, 3, 1, 8, 0), t(2025, 3, 1, 8, 3), 9, "Support", ""},
		{t(2025, 3, 2, 8, 0), t(2025, 3, 2, 8, 4), 9, "Sales", ""},
	}
	for i, r := range rows {
		row := i + 2
		cell := func(col string) string { return col + itoa(row) }
		check(f.SetCellValue(sh, cell("A"), i+1))
		check(f.SetCellValue(sh, cell("B"), r.start))
		check(f.SetCellValue(sh, cell("C"), r.end))
		check(f.SetCellStyle(sh, cell("B"), cell("C"), dateStyle))
		check(f.SetCellValue(sh, cell("D"), "anonymous"))
		if r.score != nil {
			check(f.SetCellValue(sh, cell("F"), r.score))
		}
		check(f.SetCellValue(sh, cell("G"), r.dept))
		if r.comment != "" {
			check(f.SetCellStr(sh, cell("H"), r.comment))
		}
	}
	check(f.SaveAs("testdata/exports/microsoft-forms.xlsx"))
}

// twoSheets: a "Notes" sheet first, the responses on "Responses".
func twoSheets() {
	f := excelize.NewFile()
	check(f.SetSheetName("Sheet1", "Notes"))
	check(f.SetCellStr("Notes", "A1", "Exported for the Q2 review"))
	_, err := f.NewSheet("Responses")
	check(err)
	check(f.SetSheetRow("Responses", "A1", &[]any{"respondent", "country", "nps"}))
	for i, r := range [][]any{{"u1", "DE", 10}, {"u2", "DE", 0}, {"u3", "FR", 9}, {"u4", "FR", "N/A"}, {"u5", "FR", 8}} {
		check(f.SetSheetRow("Responses", "A"+itoa(i+2), &r))
	}
	check(f.SaveAs("testdata/exports/two-sheets.xlsx"))
}

func t(y, m, d, hh, mm int) time.Time { return time.Date(y, time.Month(m), d, hh, mm, 0, 0, time.UTC) }

func itoa(i int) string {
	if i < 10 {
		return string(rune('0' + i))
	}
	return itoa(i/10) + string(rune('0'+i%10))
}
