package scan

import (
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
