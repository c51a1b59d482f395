package pipeline

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/npskit/nps/pkg/breakdown"
	"github.com/npskit/nps/pkg/internal/exportdata"
	"github.com/npskit/nps/pkg/internal/reader"
	"github.com/npskit/nps/pkg/period"
	"github.com/npskit/nps/pkg/survey"
)

// exportOrdered is exportdata.CSV with dates in time order over 639 days, as
// cmd/npsgen writes them (consecutive rows mostly share the day).
func exportOrdered(n int) []byte {
	regions := []string{"EMEA", "NA", "APAC", "LATAM"}
	plans := []string{"Free", "Pro", "Enterprise"}
	start := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	b := []byte("response_id,submitted_at,email,region,plan,channel,score,comment\n")
	for i := 0; i < n; i++ {
		at := start.Add(time.Duration(int64(i)*639*86400/int64(n)+int64(i%3600)) * time.Second)
		b = fmt.Appendf(b, "R%d,%s,user%d@example.com,%s,%s,web,%d,\"Fine, but the reports are slow\"\n",
			i, at.Format(time.RFC3339), i%7919, regions[i*7%4], plans[i%3], i%11)
	}
	return b
}

var (
	orderedOnce sync.Once
	orderedPath string
	benchOnce   sync.Once
	benchPath   string
	benchSize   int64
)

// benchDirs hold the benchmarks' files (about 46 MB), shared by the
// benchmarks of a run and removed when it ends (TestMain).
var benchDirs []string

// benchDir makes a directory for benchmark files.
func benchDir(b *testing.B) string {
	dir, err := os.MkdirTemp("", "nps-bench")
	if err != nil {
		b.Fatal(err)
	}
	benchDirs = append(benchDirs, dir)
	return dir
}

func TestMain(m *testing.M) {
	code := m.Run()
	for _, dir := range benchDirs {
		os.RemoveAll(dir)
	}
	os.Exit(code)
}

func benchPipeline(b *testing.B, by []string, unit period.Unit, workers int) {
	benchFile(b, by, unit, workers, false)
}

func benchFile(b *testing.B, by []string, unit period.Unit, workers int, ordered bool) {
	if ordered && os.Getenv("NPS_BENCH_FILE") == "" {
		orderedOnce.Do(func() {
			orderedPath = filepath.Join(benchDir(b), "ordered.csv")
			if err := os.WriteFile(orderedPath, exportOrdered(500000), 0o644); err != nil {
				b.Fatal(err)
			}
		})
	}
	benchOnce.Do(func() {
		benchPath = filepath.Join(benchDir(b), "export.csv")
		data := exportdata.CSV(500000)
		benchSize = int64(len(data))
		if err := os.WriteFile(benchPath, data, 0o644); err != nil {
			b.Fatal(err)
		}
	})
	path := benchPath
	b.SetBytes(benchSize)
	if f := os.Getenv("NPS_BENCH_FILE"); f != "" && ordered {
		// A real export instead (profiles of bench/run.sh's files).
		orderedPath = f
	}
	if ordered {
		path = orderedPath
		fi, err := os.Stat(path)
		if err != nil {
			b.Fatal(err)
		}
		b.SetBytes(fi.Size())
	}
	benchRun(b, path, survey.Options{NeedDate: unit != period.None, LatestPer: benchLatest}, by, unit, workers)
}

// benchLatest is the --latest-per column of BenchmarkPipelineLatest.
var benchLatest string

// benchRun reads path with the fast path (with NPS_BENCH_GENERAL set, the
// general reader, for before/after comparisons with benchstat).
func benchRun(b *testing.B, path string, opt survey.Options, by []string, unit period.Unit, workers int) {
	if os.Getenv("NPS_BENCH_GENERAL") != "" {
		for b.Loop() {
			if o := general([]string{path}, nil, opt, by, unit); o.err != "" {
				b.Fatal(o.err)
			}
		}
		return
	}
	for b.Loop() {
		r, err := reader.Open([]string{path}, nil, opt)
		if err != nil {
			b.Fatal(err)
		}
		var idx []int
		for _, c := range by {
			i, _ := r.Column(c)
			idx = append(idx, i)
		}
		plan, why := r.FastPlan(idx)
		if plan == nil {
			b.Fatal(why)
		}
		set, err := Run(context.Background(), Config{Plan: plan, Groupings: []breakdown.Spec{{Cols: idx, Unit: unit}}, Workers: workers})
		if err != nil {
			b.Fatal(err)
		}
		if o := set.Groupers()[0].Overall(); o.N() == 0 {
			b.Fatal("no scores")
		}
		r.Close()
	}
}

// BenchmarkPipelineScore is nps score on one core.
func BenchmarkPipelineScore(b *testing.B) { benchPipeline(b, nil, period.None, 1) }

// BenchmarkPipelineGrouped is nps score --by region --period month on one core.
func BenchmarkPipelineGrouped(b *testing.B) {
	benchPipeline(b, []string{"region"}, period.Month, 1)
}

// BenchmarkPipelineGroupedParallel is the grouped pass with a worker per core.
func BenchmarkPipelineGroupedParallel(b *testing.B) {
	benchPipeline(b, []string{"region"}, period.Month, 0)
}

// BenchmarkPipelineScoreParallel is nps score with a worker per core.
func BenchmarkPipelineScoreParallel(b *testing.B) { benchPipeline(b, nil, period.None, 0) }

// BenchmarkPipelineGroupedOrdered is the parallel grouped pass over an
// export in time order (every row has a quoted comment, as in issue 6).
func BenchmarkPipelineGroupedOrdered(b *testing.B) {
	benchFile(b, []string{"region"}, period.Month, 0, true)
}

// BenchmarkPipelineLatest is nps score --latest-per email, in parallel,
// over the ordered export (7,919 respondents; NPS_BENCH_FILE=e3.csv, from
// npsgen -respondents 2000000, for 1.5M). NPS_BENCH_GENERAL=1 runs the
// general reader: the only way before the fast path took --latest-per.
func BenchmarkPipelineLatest(b *testing.B) {
	benchLatest = "email"
	defer func() { benchLatest = "" }()
	benchFile(b, nil, period.None, 0, true)
}

// BenchmarkPipelineScoreOrdered is nps score, in parallel, over the same.
func BenchmarkPipelineScoreOrdered(b *testing.B) { benchFile(b, nil, period.None, 0, true) }
