package engine

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"reflect"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/npskit/nps/pkg/breakdown"
	"github.com/npskit/nps/pkg/nps"
	"github.com/npskit/nps/pkg/period"
	"github.com/npskit/nps/pkg/render"
)

// TestEachResultOrder checks the orders on groups counted by hand:
// a (9, 9: NPS 100, n 2), b (0: NPS -100, n 1), c (9, 0, 7: NPS 0, n 3),
// d (7, 8: NPS 0, n 2), e (10: NPS 100, n 1).
func TestEachResultOrder(t *testing.T) {
	g := breakdown.NewGrouper(1, period.None, false)
	for _, r := range []struct {
		key   string
		score int
	}{{"c", 9}, {"a", 9}, {"b", 0}, {"d", 7}, {"c", 0}, {"e", 10}, {"a", 9}, {"c", 7}, {"d", 8}} {
		g.Add([]string{r.key}, period.Period{}, r.score, 0)
	}
	for _, tc := range []struct {
		order Order
		want  string
	}{
		{ByKey, "a b c d e"},
		{ByNPS, "a e c d b"}, // ties (a, e; c, d) in key order
		{ByN, "c a d b e"},
	} {
		var keys []string
		for r := range EachResult(g, nps.DefaultOptions(), tc.order) {
			keys = append(keys, r.Key[0])
		}
		if got := strings.Join(keys, " "); got != tc.want {
			t.Errorf("order %d: got %s, want %s", tc.order, got, tc.want)
		}
	}
}

// TestEachResultMatchesResults compares the two ways of listing results
// on the same groups: many ties, two segments and a period, weighted
// and unweighted.
func TestEachResultMatchesResults(t *testing.T) {
	for _, weighted := range []bool{false, true} {
		g := breakdown.NewGrouper(2, period.Month, weighted)
		rnd := uint64(1)
		next := func(n uint64) uint64 {
			rnd = rnd*6364136223846793005 + 1442695040888963407
			return rnd >> 33 % n
		}
		for range 3000 {
			segs := []string{string(rune('a' + next(7))), string(rune('p' + next(5)))}
			w := float64(next(3)) // 0, 1 or 2
			g.Add(segs, period.Period{Unit: period.Month, Ord: int32(next(6)) - 2}, int(next(11)), w)
		}
		opt := nps.DefaultOptions()
		for _, o := range []Order{ByKey, ByNPS, ByN} {
			want := Results(g.Groups(), opt, o)
			got := slices.Collect(EachResult(g, opt, o))
			if len(got) != g.Len() || !reflect.DeepEqual(got, want) {
				t.Errorf("weighted %v, order %d: EachResult and Results differ", weighted, o)
			}
		}
	}
}

// TestEachResultManyGroups lists enough groups for workers to compute
// results ahead (several batches, a last one short), and checks them
// against Results in order, on one core and on several; stopping early
// must leave no worker behind.
func TestEachResultManyGroups(t *testing.T) {
	g := breakdown.NewGrouper(1, period.Quarter, false)
	for i := range 9*resultBatch + 17 {
		g.Add([]string{strconv.Itoa(i % 3001)}, period.Period{Unit: period.Quarter, Ord: int32(i % 3)}, i%11, 0)
	}
	opt := nps.DefaultOptions()
	want := Results(g.Groups(), opt, ByKey)
	if len(want) <= 4*resultBatch {
		t.Fatalf("only %d groups: too few for workers", len(want))
	}
	for _, procs := range []int{1, 2, 3} {
		old := runtime.GOMAXPROCS(procs)
		got := slices.Collect(EachResult(g, opt, ByKey))
		if !reflect.DeepEqual(got, want) {
			t.Errorf("GOMAXPROCS %d: EachResult differs from Results", procs)
		}
		before := runtime.NumGoroutine()
		k := 0
		for r := range EachResult(g, opt, ByKey) {
			if !reflect.DeepEqual(r, want[k]) {
				t.Fatalf("GOMAXPROCS %d: result %d differs", procs, k)
			}
			if k++; k == 2*resultBatch+5 {
				break
			}
		}
		noneLeft(t, before, fmt.Sprintf("GOMAXPROCS %d, stopped early", procs))
		runtime.GOMAXPROCS(old)
	}
}

// noneLeft checks that no more goroutines run than before: a worker has
// returned once its sequence does, but its goroutine may take a moment
// more to end.
func noneLeft(t *testing.T, before int, what string) {
	t.Helper()
	after := runtime.NumGoroutine()
	for deadline := time.Now().Add(5 * time.Second); after > before && time.Now().Before(deadline); after = runtime.NumGoroutine() {
		time.Sleep(time.Millisecond)
	}
	if after > before {
		t.Errorf("%s: %d goroutines after, %d before", what, after, before)
	}
}

// TestEachEncoded encodes many groups' results on every core and checks
// the bytes against encoding EachResult's results one by one, on one core
// and on several; an encoder's error is yielded once and ends the
// sequence, and stopping early (or on the error) leaves no worker behind.
func TestEachEncoded(t *testing.T) {
	g := breakdown.NewGrouper(1, period.Quarter, false)
	for i := range 9*resultBatch + 17 {
		g.Add([]string{strconv.Itoa(i % 3001)}, period.Period{Unit: period.Quarter, Ord: int32(i % 3)}, i%11, 0)
	}
	opt := nps.DefaultOptions()
	line := func(b []byte, r GroupResult) []byte {
		return fmt.Appendf(b, "%s %s %d %v %v\n", r.Key[0], r.Key[1], r.Result.N, r.Result.NPS, r.Result.CILow)
	}
	var want []byte
	for r := range EachResult(g, opt, ByNPS) {
		want = line(want, r)
	}
	encoder := func(failAt int) func() func([]byte, *GroupResult) ([]byte, error) {
		return func() func([]byte, *GroupResult) ([]byte, error) {
			return func(b []byte, r *GroupResult) ([]byte, error) {
				if r.Key[0] == strconv.Itoa(failAt) {
					return nil, errors.New("failed")
				}
				return line(b, *r), nil
			}
		}
	}
	for _, procs := range []int{1, 2, 3} {
		old := runtime.GOMAXPROCS(procs)
		var got []byte
		for b, err := range EachEncoded(g, opt, ByNPS, encoder(-1)) {
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, b...)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("GOMAXPROCS %d: EachEncoded's bytes differ from EachResult's results encoded", procs)
		}
		before := runtime.NumGoroutine()
		errs, batches := 0, 0
		for _, err := range EachEncoded(g, opt, ByKey, encoder(2500)) {
			if err != nil {
				errs++
				continue
			}
			batches++
		}
		if errs != 1 || batches == 0 {
			t.Errorf("GOMAXPROCS %d: %d errors after %d batches, want 1 after some", procs, errs, batches)
		}
		for range EachEncoded(g, opt, ByKey, encoder(-1)) {
			break
		}
		noneLeft(t, before, fmt.Sprintf("GOMAXPROCS %d, stopped", procs))
		runtime.GOMAXPROCS(old)
	}
}

// BenchmarkEachResultMany lists the results of 500,000 groups of one
// response each, added in an order unlike the keys' (as response ids
// are): one op lists them all. cpu-ms/op is the CPU time of all cores,
// steadier than the time elapsed on a busy machine.
func BenchmarkEachResultMany(b *testing.B) {
	g := respondentGrouper(500_000)
	opt := nps.DefaultOptions()
	var cpu time.Duration
	for b.Loop() {
		c := cpuTime()
		n := 0
		for range EachResult(g, opt, ByKey) {
			n++
		}
		if n != 500_000 {
			b.Fatalf("%d results", n)
		}
		cpu += cpuTime() - c
	}
	b.ReportMetric(float64(cpu.Milliseconds())/float64(b.N), "cpu-ms/op")
}

// BenchmarkWriteManyCSV is the output phase of `score --by response_id -f
// csv` as cmd/nps wires it: one op sorts 500,000 groups, makes their
// results on the workers and writes them as CSV to io.Discard on the
// caller. BenchmarkEachResultMany leaves the writing out; in a real run
// the writer, which also fills the stdout spool, sets the pace (it waited
// 32-69 ms of a 0.62-0.75 s phase on 3M groups).
func BenchmarkWriteManyCSV(b *testing.B) {
	g := respondentGrouper(500_000)
	opt := nps.DefaultOptions()
	overall := g.Overall()
	for b.Loop() {
		rep := &render.ScoreReport{KeyNames: []string{"response_id"}, Overall: overall.Result(opt)}
		rep.Each = func(yield func(render.GroupResult) bool) {
			for r := range EachResult(g, opt, ByKey) {
				if !yield(render.GroupResult(r)) {
					return
				}
			}
		}
		if err := render.Write(io.Discard, render.CSV, render.Score(rep), render.Style{}); err != nil {
			b.Fatal(err)
		}
	}
}

// respondentGrouper groups n responses by a respondent id each, added out
// of key order, their scores 0-10 in turn.
func respondentGrouper(n int) *breakdown.Grouper {
	g := breakdown.NewGrouper(1, period.None, false)
	for i := range n {
		g.Add([]string{"R" + strconv.Itoa(i*7919%n)}, period.Period{}, i%11, 0)
	}
	return g
}

// cpuTime is the CPU time the process has used, on all cores.
func cpuTime() time.Duration {
	var u syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &u)
	return time.Duration(u.Utime.Nano() + u.Stime.Nano())
}
