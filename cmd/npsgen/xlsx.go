package main

import (
	"bytes"
	"encoding/csv"
	"io"
	"strconv"
	"time"

	"github.com/xuri/excelize/v2"
)

// generateXLSX writes the CSV export of cfg as a workbook of one sheet:
// submitted_at as date cells, scores as numbers, the rest as text.
func generateXLSX(w io.Writer, cfg config) error {
	cfg.format = "csv"
	var b bytes.Buffer
	if err := generate(&b, cfg); err != nil {
		return err
	}
	f := excelize.NewFile()
	defer f.Close()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		return err
	}
	date, err := f.NewStyle(&excelize.Style{NumFmt: 22}) // m/d/yy h:mm
	if err != nil {
		return err
	}
	r := csv.NewReader(&b)
	for i := 1; ; i++ {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return err
		}
		row := make([]any, len(rec))
		for k, v := range rec {
			row[k] = v
		}
		if i > 1 {
			at, err := time.Parse(time.RFC3339, rec[1])
			if err != nil {
				return err
			}
			row[1] = excelize.Cell{StyleID: date, Value: at}
			if s, err := strconv.Atoi(rec[6]); err == nil {
				row[6] = s
			}
		}
		cell, err := excelize.CoordinatesToCellName(1, i)
		if err != nil {
			return err
		}
		if err := sw.SetRow(cell, row); err != nil {
			return err
		}
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	return f.Write(w)
}
