package scan

import (
	"fmt"
	"math"
	"os"
	"testing"

	"github.com/npskit/nps/pkg/internal/exportdata"
)

func benchScan(b *testing.B, fields []int) {
	data := exportdata.CSV(100000)
	s := New(',', fields)
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		s.Reset(data, 1, true)
		n := 0
		for s.Next() {
			n++
		}
		if s.Err != nil || n != 100001 {
			b.Fatal(s.Err, n)
		}
	}
}

// BenchmarkScanScore extracts the score column only (nps score).
func BenchmarkScanScore(b *testing.B) { benchScan(b, []int{6}) }

// BenchmarkScanGrouped extracts date, region and score (--by region --period month).
func BenchmarkScanGrouped(b *testing.B) { benchScan(b, []int{1, 3, 6}) }

// BenchmarkCount is the chunk pre-pass (Count, one chunk's worth of rows).
func BenchmarkCount(b *testing.B) {
	data := exportdata.CSV(5000)
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		Count(data)
	}
}

// BenchmarkScanPaths reads each selection with the record path and with
// the bitmap path, for the choice of bitmapFields; NPS_BENCH_FILE=FILE
// reads a real export instead of the generated one.
func BenchmarkScanPaths(b *testing.B) {
	data := exportdata.CSV(100000)
	if f := os.Getenv("NPS_BENCH_FILE"); f != "" {
		var err error
		if data, err = os.ReadFile(f); err != nil {
			b.Fatal(err)
		}
	}
	for _, fields := range [][]int{{6}, {1, 6}, {3, 6}, {1, 3, 6}} {
		for _, path := range []struct {
			name   string
			fields int
		}{{"records", math.MaxInt}, {"bitmaps", 0}} {
			b.Run(fmt.Sprintf("%v/%s", fields, path.name), func(b *testing.B) {
				defer func(old int) { bitmapFields = old }(bitmapFields)
				bitmapFields = path.fields
				s := New(',', fields)
				b.SetBytes(int64(len(data)))
				for b.Loop() {
					s.Reset(data, 1, true)
					for s.Next() {
					}
					if s.Err != nil {
						b.Fatal(s.Err)
					}
				}
			})
		}
	}
}
