package render

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"iter"
	"math"
	"reflect"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/npskit/nps/pkg/nps"
)

// eachOf is rep with its groups yielded by Each instead of held in Groups.
func eachOf(rep *ScoreReport) *ScoreReport {
	out := *rep
	out.Each = slices.Values(rep.Groups)
	out.Groups = nil
	return &out
}

// batchesOf is eachOf with Batches as well, as engine.EachEncoded makes
// them: the groups in batches of size, each encoded on a goroutine of its
// own by an encoder of its own.
func batchesOf(rep *ScoreReport, size int) *ScoreReport {
	out, groups := eachOf(rep), rep.Groups
	out.Batches = func(newEncoder func() func([]byte, *GroupResult) ([]byte, error)) iter.Seq2[[]byte, error] {
		return func(yield func([]byte, error) bool) {
			for start := 0; start < len(groups); start += size {
				var b []byte
				var err error
				done := make(chan struct{})
				go func() {
					defer close(done)
					encode := newEncoder()
					for i := range groups[start:min(start+size, len(groups))] {
						if b, err = encode(b, &groups[start+i]); err != nil {
							return
						}
					}
				}()
				<-done
				if !yield(b, err) || err != nil {
					return
				}
			}
		}
	}
	return out
}

// TestScoreEachMatchesGroups writes the same report with its groups held
// and yielded one at a time, in every format: the output must not change.
func TestScoreEachMatchesGroups(t *testing.T) {
	weighted := scoreFixture()
	weighted.Overall.Weighted = true
	for i := range weighted.Groups {
		weighted.Groups[i].Result.Weighted = true
		weighted.Groups[i].Result.WeightTotal = float64(i) + 0.5
	}
	hostile := scoreFixture()
	hostile.Groups[1].Key = []string{"=SUM(A1)", "2025-Q1"}
	hostile.Groups[2].Key = []string{"a\x1b[31m\"b\"\u2028", "2025-Q2"}
	for name, rep := range map[string]*ScoreReport{"grouped": scoreFixture(), "weighted": weighted, "hostile": hostile} {
		for f := range formats {
			for _, st := range []Style{{}, {Width: 60}, {Width: 80, Color: true}} {
				if st != (Style{}) && Format(f) != Table {
					continue
				}
				var held, each, batches bytes.Buffer
				errHeld := Write(&held, Format(f), Score(rep), st)
				errEach := Write(&each, Format(f), Score(eachOf(rep)), st)
				errBatches := Write(&batches, Format(f), Score(batchesOf(rep, 2)), st)
				if Format(f) == SVG || Format(f) == Tally { // a score report has no chart or tally: the same error every way
					if errHeld == nil || errEach == nil || errHeld.Error() != errEach.Error() || errBatches == nil || errBatches.Error() != errHeld.Error() {
						t.Errorf("%s, %v: errors %v, %v, %v", name, Format(f), errHeld, errEach, errBatches)
					}
					continue
				}
				if errHeld != nil || errEach != nil || errBatches != nil {
					t.Fatalf("%s, %v: errors %v, %v, %v", name, Format(f), errHeld, errEach, errBatches)
				}
				if held.Len() == 0 || held.String() != each.String() {
					t.Errorf("%s, %v, %+v: held groups write\n%s\nEach writes\n%s", name, Format(f), st, held.String(), each.String())
				}
				if held.String() != batches.String() {
					t.Errorf("%s, %v, %+v: held groups write\n%s\nBatches write\n%s", name, Format(f), st, held.String(), batches.String())
				}
			}
		}
	}
}

// heapWatch discards what is written and notes the largest heap in use,
// looked at after every MiB.
type heapWatch struct {
	n, peak uint64
}

func (w *heapWatch) Write(p []byte) (int, error) {
	if w.n += uint64(len(p)); w.n >= 1<<20 {
		w.n = 0
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		w.peak = max(w.peak, m.HeapInuse)
	}
	return len(p), nil
}

// TestScoreTableEachHoldsNoRows: a table of 150,000 groups yielded by Each
// (score --by response_id on a terminal) is written without holding its
// rows: the heap stays under 64 MiB (held, the rows and their text took
// about 2 KB a group: 300 MB).
func TestScoreTableEachHoldsNoRows(t *testing.T) {
	if testing.Short() {
		t.Skip("writes 150,000 rows")
	}
	g := scoreFixture().Groups[0]
	rep := scoreFixture()
	rep.Groups = nil
	rep.Each = func(yield func(GroupResult) bool) {
		for i := range 150000 {
			g.Key = []string{fmt.Sprintf("R_%07d", i), "2025-Q1"}
			if !yield(g) {
				return
			}
		}
	}
	runtime.GC()
	w := &heapWatch{}
	if err := Write(w, Table, Score(rep), Style{Width: 80}); err != nil {
		t.Fatal(err)
	}
	if w.peak == 0 || w.peak > 64<<20 {
		t.Errorf("heap in use up to %d MiB while writing, want under 64 MiB", w.peak>>20)
	}
}

// TestJSONIndentMatchesStdlib compares the JSON writer, which indents as it
// writes, with encoding/json's Indent of the compact document.
func TestJSONIndentMatchesStdlib(t *testing.T) {
	models := map[string]*Model{
		"score":        Score(scoreFixture()),
		"score each":   Score(eachOf(scoreFixture())),
		"weighted":     Score(weightedFixture()),
		"no groups":    Score(&ScoreReport{KeyNames: []string{"region"}, Overall: result(0, 0, 0, 0, false)}),
		"trend":        Trend(trendFixture()),
		"segment":      Trend(segmentTrendFixture()),
		"dist":         Dist(distFixture()),
		"compare":      Compare(compareFixture()),
		"drivers":      Drivers(driversFixture(true)),
		"themes":       Themes(themesFixture()),
		"nested lists": {doc: object{{"a", list([]value{list(nil), nested(object{}), list([]value{count(1), text("x")})})}, {"b", nested(object{{"c", nested(object{})}})}}},
	}
	for name, m := range models {
		compact, err := m.doc.MarshalJSON()
		if err != nil {
			t.Fatal(err)
		}
		var want bytes.Buffer
		if err := json.Indent(&want, compact, "", "  "); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		want.WriteByte('\n')
		var got bytes.Buffer
		if err := Write(&got, JSON, m, Style{}); err != nil {
			t.Fatal(err)
		}
		if got.String() != want.String() {
			t.Errorf("%s: written\n%s\njson.Indent\n%s", name, got.String(), want.String())
		}
	}
}

// failAfter fails every write after the first n bytes.
type failAfter struct{ n int }

var errFull = errors.New("disk full")

func (w *failAfter) Write(p []byte) (int, error) {
	if len(p) > w.n {
		return 0, errFull
	}
	w.n -= len(p)
	return len(p), nil
}

// TestManyRowsWriteError: a long document is written in parts; a failed
// write is reported, not lost among the later parts.
func TestManyRowsWriteError(t *testing.T) {
	rep := scoreFixture()
	g := rep.Groups[1]
	g.Key = []string{strings.Repeat("k", 1000), "2025-Q1"}
	rep.Groups = nil
	for range 500 { // about 1 MB of JSON: parts of 64 KiB
		rep.Groups = append(rep.Groups, g)
	}
	for _, f := range []Format{JSON, JSONL, CSV} {
		if err := Write(&failAfter{n: 100 << 10}, f, Score(eachOf(rep)), Style{}); !errors.Is(err, errFull) {
			t.Errorf("%v: error %v, want %v", f, err, errFull)
		}
		if err := Write(&failAfter{n: 100 << 10}, f, Score(batchesOf(rep, 7)), Style{}); !errors.Is(err, errFull) {
			t.Errorf("%v, in batches: error %v, want %v", f, err, errFull)
		}
	}
}

// TestScoreEachSharesOnlyEqualResults writes, held and by Each, reports
// of many groups whose results repeat, weighted and not: pairs of results
// with the same counts (so the same slot of the memo) that differ in one
// field each, a 0 and a -0 among them, each pair written a, b, b, a; empty
// results; and more distinct results than the memo has slots. Each shares
// the repeated results' encodings; the output must be the held one, byte
// for byte.
func TestScoreEachSharesOnlyEqualResults(t *testing.T) {
	for _, weighted := range []bool{false, true} {
		base := result(1, 0, 0, 100, true)
		base.Weighted = weighted
		var pairs [][2]nps.Result
		v := reflect.ValueOf(&base).Elem()
		for i := range v.NumField() {
			if v.Type().Field(i).Name == "Weighted" { // the same for every result of a report
				continue
			}
			r := base
			f := reflect.ValueOf(&r).Elem().Field(i)
			switch f.Kind() {
			case reflect.Int64:
				f.SetInt(f.Int() + 1)
			case reflect.Float64:
				f.SetFloat(f.Float() + 0.25)
			case reflect.Bool:
				f.SetBool(!f.Bool())
			case reflect.String:
				f.SetString(f.String() + "!")
			default:
				t.Fatalf("Result field %s: add its kind here", v.Type().Field(i).Name)
			}
			pairs = append(pairs, [2]nps.Result{base, r})
		}
		zero, negZero := base, base
		zero.NPS, negZero.NPS = 0, math.Copysign(0, -1)
		pairs = append(pairs, [2]nps.Result{zero, negZero})
		var reports []*ScoreReport
		report := func(results ...nps.Result) {
			rep := &ScoreReport{KeyNames: []string{"response_id"}, Overall: base, Confidence: 0.95}
			for i, r := range results {
				rep.Groups = append(rep.Groups, GroupResult{Key: []string{fmt.Sprintf("R%d", i)}, Result: r})
			}
			reports = append(reports, rep)
		}
		for _, p := range pairs { // a report each: nothing else takes the pair's slot
			report(p[0], p[1], p[1], p[0], nps.Result{Weighted: weighted})
		}
		var many []nps.Result
		for i := range 8 * resultSlots { // distinct, and then again
			r := base
			r.N = int64(1000 + i%(4*resultSlots))
			many = append(many, r)
		}
		report(many...)
		for _, rep := range reports {
			for _, f := range []Format{CSV, TSV, JSON, JSONL} {
				var held bytes.Buffer
				if err := Write(&held, f, Score(rep), Style{}); err != nil {
					t.Fatal(err)
				}
				for _, byEach := range []*ScoreReport{eachOf(rep), batchesOf(rep, 3)} {
					var each bytes.Buffer
					if err := Write(&each, f, Score(byEach), Style{}); err != nil {
						t.Fatal(err)
					}
					if held.String() != each.String() {
						hl, el := strings.Split(held.String(), "\n"), strings.Split(each.String(), "\n")
						for i := range min(len(hl), len(el)) {
							if hl[i] != el[i] {
								t.Fatalf("weighted %v, %v, line %d: held groups write\n%s\nEach writes\n%s", weighted, f, i+1, hl[i], el[i])
							}
						}
						t.Fatalf("weighted %v, %v: %d lines held, %d by Each", weighted, f, len(hl), len(el))
					}
				}
			}
		}
	}
}
