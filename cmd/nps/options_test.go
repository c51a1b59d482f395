package main

import (
	"bytes"
	"io"
	"math"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/spf13/cobra"

	"github.com/npskit/nps/pkg/dates"
	"github.com/npskit/nps/pkg/engine"
	"github.com/npskit/nps/pkg/nps"
	"github.com/npskit/nps/pkg/period"
	"github.com/npskit/nps/pkg/render"
	"github.com/npskit/nps/pkg/survey"
)

// parse runs a command line through the root with the command's run seam:
// it returns the options the command would run with, or the exit status
// and message of the error. No file is read.
func parse[T any](t *testing.T, newCmd func(*app, func(*T) error) *cobra.Command, env map[string]string, args ...string) (*T, int, string) {
	t.Helper()
	var errb bytes.Buffer
	a := &app{streams: streams{in: strings.NewReader(""), out: io.Discard, err: &errb, getenv: func(k string) string { return env[k] }}}
	var got *T
	cmd := newCmd(a, func(o *T) error { got = o; return nil })
	root := newRootCmd(a)
	for _, c := range root.Commands() {
		if c.Name() == cmd.Name() {
			root.RemoveCommand(c)
		}
	}
	root.AddCommand(cmd)
	root.SetArgs(args)
	err := root.Execute()
	if err != nil {
		return nil, exitCode(err, a.started), err.Error()
	}
	return got, 0, ""
}

// parseCase is one command line and what it must give: want applied to
// the built-in defaults, or a usage error whose message holds wantErr.
type parseCase[T any] struct {
	args    string
	want    func(*T)
	wantErr string
}

func runParseCases[T any](t *testing.T, newCmd func(*app, func(*T) error) *cobra.Command, defaults func() *T, base func(*T) *base, cases []parseCase[T]) {
	t.Chdir(t.TempDir()) // no .nps.yaml above
	for _, c := range cases {
		t.Run(c.args, func(t *testing.T) {
			got, code, msg := parse(t, newCmd, nil, strings.Fields(c.args)...)
			if c.wantErr != "" {
				if code != 2 || !strings.Contains(msg, c.wantErr) {
					t.Fatalf("status %d, error %q; want 2 and %q", code, msg, c.wantErr)
				}
				return
			}
			if code != 0 {
				t.Fatalf("status %d: %s", code, msg)
			}
			want := defaults()
			c.want(want)
			b := base(got)
			b.ctx, b.app = nil, nil
			if len(b.files) == 0 {
				b.files = nil // cobra passes no arguments as an empty slice
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("options\n got %+v\nwant %+v", *got, *want)
			}
		})
	}
}

func ptr[T any](v T) *T { return &v }

// The built-in defaults, spelled out as the help and the SPEC state them.
var (
	defaultInput = inputFlags{loc: time.UTC}
	// SPEC §6's bands, written out here.
	specBands    = nps.Bands{{From: math.Inf(-1), Name: "needs improvement"}, {From: 0, Name: "good"}, {From: 30, Name: "great"}, {From: 70, Name: "excellent"}}
	defaultStats = statsFlags{confidence: 0.95, method: nps.AdjustedWald, minN: 30, bands: specBands}
)

func TestParseScore(t *testing.T) {
	defaults := func() *scoreOptions {
		return &scoreOptions{base: base{input: defaultInput}, stats: defaultStats, order: engine.ByKey}
	}
	runParseCases(t, newScoreCmd, defaults, func(o *scoreOptions) *base { return &o.base }, []parseCase[scoreOptions]{
		{args: "score", want: func(o *scoreOptions) {}},
		{args: "score a.csv b.csv --by region,plan --period quarter --sort nps", want: func(o *scoreOptions) {
			o.files = []string{"a.csv", "b.csv"}
			o.group = groupFlags{by: []string{"region", "plan"}, unit: period.Quarter}
			o.order = engine.ByNPS
		}},
		{args: "score --by region --by plan --sort n", want: func(o *scoreOptions) {
			o.group.by = []string{"region", "plan"}
			o.order = engine.ByN
		}},
		{args: "score --where region=EMEA --where plan!=Free --since 2025-01-01 --until 2025-03-31 --latest-per email --strict", want: func(o *scoreOptions) {
			o.filter = filterFlags{where: []string{"region=EMEA", "plan!=Free"}, since: "2025-01-01", until: "2025-03-31", latestPer: "email", strict: true}
		}},
		{args: "score --confidence 0.9 --ci-method wald --min-n 5 --weight-col w", want: func(o *scoreOptions) {
			o.stats = statsFlags{confidence: 0.9, method: nps.Wald, minN: 5, bands: specBands}
			o.input.weightCol = "w"
		}},
		{args: "score --ci-method score --min-n 0", want: func(o *scoreOptions) {
			o.stats.method, o.stats.minN = nps.ScoreInterval, 0
		}},
		{args: "score --input-format csv --delimiter ; --encoding utf-16le --header-rows 3 --sheet 2 --scale 1-11 --score-col Q1 --date-col d --date-format day-first", want: func(o *scoreOptions) {
			o.input = inputFlags{format: "csv", delimiter: ";", encoding: "utf-16le", headerRows: 3, sheet: "2", scale: survey.Scale1To11,
				scoreCol: "Q1", dateCol: "d", dateFormat: dates.Format{Order: dates.DayFirst}, loc: time.UTC}
		}},
		{args: "score -f json -o out.json -q --color never --no-color", want: func(o *scoreOptions) {
			o.out = outputFlags{format: ptr(render.JSON), file: "out.json", quiet: true, color: colorNever, noColor: true}
		}},
		{args: "score --format md --color always", want: func(o *scoreOptions) {
			o.out = outputFlags{format: ptr(render.Markdown), color: colorAlways}
		}},
		{args: "score --fail-under 30", want: func(o *scoreOptions) { o.failUnder = threshold{true, 30} }},
		{args: "score --fail-under -12.5", want: func(o *scoreOptions) { o.failUnder = threshold{true, -12.5} }},

		{args: "score --fail-under NaN", wantErr: "--fail-under NaN is not a number; give the lowest acceptable NPS"},
		{args: "score --fail-under abc", wantErr: `--fail-under "abc" is not a number`},
		{args: "score --confidence NaN", wantErr: "--confidence NaN is not a level between 0 and 1; use a level such as 0.9"},
		{args: "score --confidence 95", wantErr: "--confidence 95 is not a level between 0 and 1"},
		{args: "score --header-rows 0", wantErr: "--header-rows 0 is not a number of rows of 1 or more"},
		{args: "score --min-n -1", wantErr: "--min-n -1 is not a count of 0 or more"},
		{args: "score --min-n abc", wantErr: `--min-n "abc" is not a count of 0 or more`},
		{args: "score --period fortnight", wantErr: `--period "fortnight" is not a period; use day, week, month, quarter or year`},
		{args: "score --ci-method bayes", wantErr: `--ci-method "bayes" is not an interval method; use adjusted-wald, wald or score`},
		{args: "score --sort size", wantErr: `--sort "size" is not a sort order; use key, nps or n`},
		{args: "score -f xml", wantErr: `--format "xml" is not an output format; use table, csv, tsv, json, jsonl, markdown, html or svg`},
		{args: "score --color sometimes", wantErr: `--color "sometimes" is not a colour mode; use auto, always or never`},
		{args: "score --tz Mars/Olympus", wantErr: `--tz "Mars/Olympus" is not a time zone`},
		{args: "score --strict=maybe", wantErr: `--strict "maybe" is not true or false`},
		{args: "score --by", wantErr: "--by needs a value"},
		{args: "score --perod month", wantErr: "unknown flag: --perod; did you mean --period?"},
		{args: "score --frobnicate", wantErr: "unknown flag: --frobnicate; see 'nps score --help'"},
		{args: "score -x", wantErr: "unknown shorthand flag: 'x' in -x"},
	})
}

func TestParseTimeZone(t *testing.T) {
	t.Chdir(t.TempDir())
	got, code, msg := parse(t, newScoreCmd, nil, "score", "--tz", "Europe/Berlin")
	if code != 0 || got.input.loc.String() != "Europe/Berlin" {
		t.Fatalf("status %d (%s), zone %v; want Europe/Berlin", code, msg, got.input.loc)
	}
}

func TestParseTrend(t *testing.T) {
	defaults := func() *trendOptions {
		return &trendOptions{base: base{input: defaultInput}, stats: defaultStats, group: groupFlags{unit: period.Month}, rolling: 1}
	}
	runParseCases(t, newTrendCmd, defaults, func(o *trendOptions) *base { return &o.base }, []parseCase[trendOptions]{
		{args: "trend f.csv", want: func(o *trendOptions) { o.files = []string{"f.csv"} }},
		{args: "trend --period week --rolling 4 --height 10 --width 60 --ci --by region", want: func(o *trendOptions) {
			o.group = groupFlags{by: []string{"region"}, unit: period.Week}
			o.rolling, o.height, o.width, o.showCI = 4, 10, 60, true
		}},
		{args: "trend --fail-under 0", want: func(o *trendOptions) { o.failUnder = threshold{true, 0} }},
		{args: "trend --rolling 0", wantErr: "--rolling 0 is not a number of periods of 1 or more; use 1 (no smoothing) or more"},
		{args: "trend --height x", wantErr: `--height "x" is not a whole number`},
		{args: "trend --sort nps", wantErr: "trend has no --sort flag (only score has it)"},
	})
}

func TestParseCompare(t *testing.T) {
	defaults := func() *compareOptions {
		return &compareOptions{base: base{input: defaultInput}, stats: defaultStats}
	}
	runParseCases(t, newCompareCmd, defaults, func(o *compareOptions) *base { return &o.base }, []parseCase[compareOptions]{
		{args: "compare a.csv b.csv", want: func(o *compareOptions) { o.files = []string{"a.csv", "b.csv"} }},
		{args: "compare --by region --a EMEA --b APAC --min-n 10", want: func(o *compareOptions) {
			o.group.by = []string{"region"}
			o.sideA, o.sideB, o.stats.minN = "EMEA", "APAC", 10
		}},
		{args: "compare --period quarter --a 2025-Q1 --b 2025-Q3 --ci-method wald", want: func(o *compareOptions) {
			o.group.unit = period.Quarter
			o.sideA, o.sideB, o.stats.method = "2025-Q1", "2025-Q3", nps.Wald
		}},
		{args: "compare --sort nps", wantErr: "compare has no --sort flag"},
		{args: "compare --fail-under 10", wantErr: "compare has no --fail-under flag"},
	})
}

func TestParseDist(t *testing.T) {
	defaults := func() *distOptions {
		return &distOptions{base: base{input: defaultInput}, stats: defaultStats}
	}
	runParseCases(t, newDistCmd, defaults, func(o *distOptions) *base { return &o.base }, []parseCase[distOptions]{
		{args: "dist --where region=EMEA -f json --fail-under 0 --weight-col w", want: func(o *distOptions) {
			o.filter.where = []string{"region=EMEA"}
			o.out.format = ptr(render.JSON)
			o.failUnder = threshold{true, 0}
			o.input.weightCol = "w"
		}},
		{args: "dist --by region", wantErr: "dist has no --by flag (only "},
		{args: "dist --period month", wantErr: "dist has no --period flag"},
		{args: "dist --sort nps", wantErr: "dist has no --sort flag"},
	})
}

func TestParseClassify(t *testing.T) {
	defaults := func() *classifyOptions { return &classifyOptions{base: base{input: defaultInput}} }
	runParseCases(t, newClassifyCmd, defaults, func(o *classifyOptions) *base { return &o.base }, []parseCase[classifyOptions]{
		{args: "classify f.csv", want: func(o *classifyOptions) { o.files = []string{"f.csv"} }},
		{args: "classify --only promoters,passives -f jsonl", want: func(o *classifyOptions) {
			o.only = &nps.CategorySet{nps.Passive: true, nps.Promoter: true}
			o.out.format = ptr(render.JSONL)
		}},
		{args: "classify --only Detractor --where plan=Pro", want: func(o *classifyOptions) {
			o.only = &nps.CategorySet{nps.Detractor: true}
			o.filter.where = []string{"plan=Pro"}
		}},
		{args: "classify --only fans", wantErr: `--only "fans" is not a list of categories`},
		{args: "classify --sort nps", wantErr: "classify has no --sort flag"},
		{args: "classify --ci-method wald", wantErr: "classify has no --ci-method flag"},
		{args: "classify --min-n 3", wantErr: "classify has no --min-n flag"},
		{args: "classify --by region", wantErr: "classify has no --by flag"},
		{args: "classify --weight-col w", wantErr: "classify has no --weight-col flag"},
	})
}

func TestParseSampleSize(t *testing.T) {
	defaults := func() *sampleSizeOptions {
		return &sampleSizeOptions{base: base{input: defaultInput}, stats: statsFlags{confidence: 0.95, method: nps.AdjustedWald}, margin: 5}
	}
	runParseCases(t, newSampleSizeCmd, defaults, func(o *sampleSizeOptions) *base { return &o.base }, []parseCase[sampleSizeOptions]{
		{args: "sample-size --margin 10 --by region --confidence 0.99", want: func(o *sampleSizeOptions) {
			o.margin, o.group.by, o.stats.confidence = 10, []string{"region"}, 0.99
		}},
		{args: "sample-size --margin 0", wantErr: "--margin 0 is not a usable margin; use a number of NPS points above 0"},
		{args: "sample-size --margin NaN", wantErr: "--margin NaN is not a usable margin"},
		{args: "sample-size --min-n 10", wantErr: "sample-size has no --min-n flag"},
	})
}

func TestParseInspect(t *testing.T) {
	defaults := func() *inspectOptions { return &inspectOptions{base{input: defaultInput}} }
	runParseCases(t, newInspectCmd, defaults, func(o *inspectOptions) *base { return &o.base }, []parseCase[inspectOptions]{
		{args: "inspect x.xlsx --sheet Responses --id-col email --comment-col why --weight-col w -f json", want: func(o *inspectOptions) {
			o.files = []string{"x.xlsx"}
			o.input.sheet, o.input.idCol, o.input.commentCol, o.input.weightCol = "Responses", "email", "why", "w"
			o.out.format = ptr(render.JSON)
		}},
		{args: "inspect --ci-method wald", wantErr: "inspect has no --ci-method flag"},
		{args: "inspect --where a=b", wantErr: "inspect has no --where flag"},
		{args: "inspect --strict", wantErr: "inspect has no --strict flag"},
	})
}
