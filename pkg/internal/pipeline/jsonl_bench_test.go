package pipeline

import (
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/npskit/nps/pkg/period"
	"github.com/npskit/nps/pkg/survey"
)

// jsonlBenchExport builds n lines shaped like cmd/npsgen -format jsonl.
func jsonlBenchExport(n int) []byte {
	regions := []string{"EMEA", "NA", "APAC", "LATAM"}
	plans := []string{"Free", "Pro", "Enterprise"}
	comments := []string{"", "Fine, but the reports are slow", "Too expensive for what it does",
		`Love the \"dashboards\" feature, use it daily`, `Support was great\nthanks`}
	var b []byte
	for i := 0; i < n; i++ {
		b = fmt.Appendf(b, `{"response_id":"R%d","submitted_at":"2025-%02d-%02dT%02d:%02d:05Z","email":"user%d@example.com","region":"%s","plan":"%s","channel":"web","score":%d,"comment":"%s"}`+"\n",
			i, i%12+1, i%28+1, i%24, i%60, i%7919, regions[i%4], plans[i%3], i%11, comments[i%len(comments)])
	}
	return b
}

var (
	jsonlBenchOnce sync.Once
	jsonlBenchPath string
	jsonlBenchSize int64
)

func benchJSONL(b *testing.B, by []string, unit period.Unit, workers int) {
	jsonlBenchOnce.Do(func() {
		jsonlBenchPath = filepath.Join(benchDir(b), "export.jsonl")
		data := jsonlBenchExport(500000)
		jsonlBenchSize = int64(len(data))
		if err := os.WriteFile(jsonlBenchPath, data, 0o644); err != nil {
			b.Fatal(err)
		}
	})
	b.SetBytes(jsonlBenchSize)
	benchRun(b, jsonlBenchPath, survey.Options{NeedDate: unit != period.None}, by, unit, workers)
}

// BenchmarkPipelineJSONLScore is nps score over JSON Lines on one core.
func BenchmarkPipelineJSONLScore(b *testing.B) { benchJSONL(b, nil, period.None, 1) }

// BenchmarkPipelineJSONLScoreParallel is the same with a worker per core.
func BenchmarkPipelineJSONLScoreParallel(b *testing.B) { benchJSONL(b, nil, period.None, 0) }

// BenchmarkPipelineJSONLGroupedParallel is nps score --by region --period
// month over JSON Lines with a worker per core.
func BenchmarkPipelineJSONLGroupedParallel(b *testing.B) {
	benchJSONL(b, []string{"region"}, period.Month, 0)
}

var (
	arrayBenchOnce sync.Once
	arrayBenchPath string
	arrayBenchSize int64
)

// BenchmarkPipelineJSONArray is nps score over a JSON array (the lines of
// the JSON Lines benchmark as its elements, one a line).
// NPS_BENCH_GENERAL=1 runs the general reader: the only way before.
func BenchmarkPipelineJSONArray(b *testing.B) {
	arrayBenchOnce.Do(func() {
		arrayBenchPath = filepath.Join(benchDir(b), "export.json")
		data := []byte(arrayOf(string(jsonlBenchExport(500000))))
		arrayBenchSize = int64(len(data))
		if err := os.WriteFile(arrayBenchPath, data, 0o644); err != nil {
			b.Fatal(err)
		}
	})
	b.SetBytes(arrayBenchSize)
	benchRun(b, arrayBenchPath, survey.Options{}, nil, period.None, 0)
}
