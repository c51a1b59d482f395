package followup

import (
	"fmt"
	"math/rand/v2"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/npskit/nps/pkg/nps"
)

func TestParseDue(t *testing.T) {
	d, err := ParseDue("promoter=3w, Detractors=1d")
	if err != nil || d != (Due{1, 7, 21}) {
		t.Errorf("ParseDue = %v, %v", d, err)
	}
	if d, err := ParseDue(DefaultDue.String()); err != nil || d != (Due{2, 7, 14}) {
		t.Errorf("default round trip %v %v", d, err)
	}
	for _, bad := range []string{"detractors", "detractors=2", "fans=2d", "detractors=-1d", "detractors=xd", "all=2d"} {
		if _, err := ParseDue(bad); err == nil {
			t.Errorf("ParseDue(%q): no error", bad)
		}
	}
}

func TestReadActions(t *testing.T) {
	a, err := ReadActions(strings.NewReader("action,category\nCall back,detractor\n,passives\n"), "a.csv")
	if err != nil || a[nps.Detractor] != "Call back" || a[nps.Passive] != DefaultActions[nps.Passive] || a[nps.Promoter] != DefaultActions[nps.Promoter] {
		t.Errorf("ReadActions = %q, %v", a, err)
	}
	if a, err := ReadActions(strings.NewReader("category\taction\npromoters\tSay thanks\n"), "a.tsv"); err != nil || a[nps.Promoter] != "Say thanks" {
		t.Errorf("TSV: %q, %v", a, err)
	}
	if _, err := ReadActions(strings.NewReader("category,action\nfans,x\n"), "a.csv"); err == nil || !strings.HasPrefix(err.Error(), "a.csv:2: ") {
		t.Errorf("bad category: %v", err)
	}
}

func TestReadDone(t *testing.T) {
	for _, c := range []struct{ in, idCol, want string }{
		{"respondent,category\nA,detractor\nB,passive\n", "id", "A B"},
		{"\ufeffcustomer;x\n", "customer", ""},
		{"customer,x\n C ,1\n,2\n", "customer", "C"},
		{"ids\nD\nE\n", "customer", "D E"},
	} {
		got, err := ReadDone(strings.NewReader(c.in), "done.csv", c.idCol)
		if err != nil {
			t.Errorf("%q: %v", c.in, err)
			continue
		}
		for _, id := range strings.Fields(c.want) {
			if !got[id] {
				t.Errorf("%q: %q not done (%v)", c.in, id, got)
			}
		}
		if len(got) != len(strings.Fields(c.want)) {
			t.Errorf("%q: %v", c.in, got)
		}
	}
	if _, err := ReadDone(strings.NewReader("a,b\n1,2\n"), "done.csv", "id"); err == nil {
		t.Error("no id column: no error")
	}
}

func TestList(t *testing.T) {
	day := func(d int) time.Time { return time.Date(2025, 3, d, 15, 0, 0, 0, time.UTC) }
	l := NewList(DefaultDue)
	l.Add("a", 9, day(1), 1, []string{"a", "first"})
	l.Add("a", 2, day(5), 2, []string{"a", "latest"}) // a: detractor, due 03-07
	l.Add("b", 0, day(4), 3, []string{"b"})           // due 03-06
	l.Add("c", 7, day(1), 4, []string{"c"})           // passive, due 03-08
	l.Add("d", 10, day(2), 5, []string{"d"})          // promoter, due 03-16
	l.Add("a", 10, day(3), 6, []string{"a", "older"}) // earlier than a's latest: ignored
	l.Add("", 1, day(1), 8, []string{"anonymous 2"})  // its own respondent, due 03-03
	l.Add("", 1, day(1), 7, []string{"anonymous"})    // added later, earlier in the input
	l.Add("c", 3, day(1), 0, []string{"c", "tie"})    // c's date, earlier in the input: ignored
	var got []string
	for it := range l.Worklist(map[string]bool{"d": true}, nps.CategorySet{true, true, true}).All() {
		got = append(got, it.Respondent+":"+it.Category.String()+":"+it.Due.Format("01-02")+":"+it.Fields[len(it.Fields)-1])
	}
	want := ":detractor:03-03:anonymous :detractor:03-03:anonymous 2 b:detractor:03-06:b a:detractor:03-07:latest c:passive:03-08:c"
	if strings.Join(got, " ") != want {
		t.Errorf("items\n%s\nwant\n%s", strings.Join(got, " "), want)
	}
	if n := l.Worklist(nil, nps.CategorySet{nps.Promoter: true}).Len(); n != 1 {
		t.Errorf("promoters only: %d", n)
	}
	b := l.Batch()
	b.Add("e", 3, day(9), 9, nil)
	l.Reset()
	if n := l.Worklist(nil, nps.CategorySet{true, true, true}).Len(); n != 0 {
		t.Errorf("after Reset: %d items", n)
	}
	b.Add("f", 3, day(9), 10, nil) // a batch goes on after a Reset
	if n := l.Worklist(nil, nps.CategorySet{true, true, true}).Len(); n != 1 {
		t.Errorf("a batch's response after Reset: %d items", n)
	}
}

// TestListMatchesMap: the worklist of List is the one a map of each
// respondent's latest response gives (the simple way, in input order,
// sorted stably), on random responses added by four goroutines in a
// shuffled order: repeated ids, equal times (the later in the input
// wins), blank ids, dates in two zones, fields of every length (empty,
// none, longer than an arena chunk) that grow and shrink as a
// respondent's later responses replace the earlier; most by batches that
// Worklist empties. Items read by
// several goroutines at once are the same, and so is the worklist sorted
// on one to five cores.
func TestListMatchesMap(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	zones := []*time.Location{time.UTC, time.FixedZone("east", 5*3600+1800)}
	due := Due{nps.Detractor: 1, nps.Passive: 3, nps.Promoter: 30}
	l := NewList(due)
	type resp struct {
		id     string
		score  int
		at     time.Time
		fields []string
		seq    int
	}
	latest := map[string]resp{}
	var anon, input []resp
	for i := range 20000 {
		id := fmt.Sprintf("  u%d ", r.IntN(3000))
		if r.IntN(20) == 0 {
			id = " "
		}
		at := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(r.IntN(90*24)) * time.Hour).In(zones[r.IntN(2)])
		fields := make([]string, r.IntN(4))
		for k := range fields {
			fields[k] = strings.Repeat(string(rune('a'+r.IntN(26))), r.IntN(300))
		}
		if i == 777 {
			fields = []string{strings.Repeat("x", 3<<20)} // longer than a chunk
		}
		rp := resp{strings.TrimSpace(id), r.IntN(11), at, fields, i}
		input = append(input, resp{id, rp.score, at, fields, i})
		if rp.id == "" {
			anon = append(anon, rp)
		} else if old, ok := latest[rp.id]; !ok || !at.Before(old.at) {
			latest[rp.id] = rp
		}
	}
	r.Shuffle(len(input), func(i, j int) { input[i], input[j] = input[j], input[i] })
	var wg sync.WaitGroup
	for k := range 4 {
		wg.Go(func() {
			add := l.Add // one goroutine adds one at a time, the others by the batch
			if k > 0 {
				add = l.Batch().Add
			}
			for _, rp := range input[k*len(input)/4 : (k+1)*len(input)/4] {
				add(rp.id, rp.score, rp.at, int64(rp.seq), rp.fields)
			}
		})
	}
	wg.Wait()
	all := anon
	for _, rp := range latest {
		all = append(all, rp)
	}
	done := map[string]bool{"u1": true, "u2": true, "": true}
	keep := nps.CategorySet{nps.Detractor: true, nps.Promoter: true}
	var want []string
	dueOf := func(rp resp) time.Time {
		y, m, d := rp.at.Date()
		return time.Date(y, m, d+due[nps.Classify(rp.score)], 0, 0, 0, 0, rp.at.Location())
	}
	sort.SliceStable(all, func(i, j int) bool {
		a, b := all[i], all[j]
		if ca, cb := nps.Classify(a.score), nps.Classify(b.score); ca != cb {
			return ca < cb
		}
		if c := dueOf(a).Compare(dueOf(b)); c != 0 {
			return c < 0
		}
		if c := a.at.Compare(b.at); c != 0 {
			return c < 0
		}
		return a.seq < b.seq
	})
	line := func(id string, c nps.Category, score int, at, due time.Time, fields []string) string {
		return fmt.Sprintf("%s|%s|%d|%s|%s|%q", id, c, score, at.Format(time.RFC3339Nano), due.Format(time.RFC3339), fields)
	}
	for _, rp := range all {
		if rp.id != "" && done[rp.id] || !keep.Has(nps.Classify(rp.score)) {
			continue
		}
		want = append(want, line(rp.id, nps.Classify(rp.score), rp.score, rp.at, dueOf(rp), rp.fields))
	}
	for _, procs := range []int{1, 2, 3, 5} { // the worklist is sorted in runs, merged in pairs
		old := runtime.GOMAXPROCS(procs)
		var got []string
		wl := l.Worklist(done, keep)
		runtime.GOMAXPROCS(old)
		for it := range wl.All() {
			got = append(got, line(it.Respondent, it.Category, it.Score, it.Date, it.Due, it.Fields))
		}
		par := make([]string, wl.Len())
		for k := range 3 {
			wg.Go(func() {
				var fields []string
				for i := k; i < wl.Len(); i += 3 {
					it := wl.Item(i, fields[:0])
					par[i], fields = line(it.Respondent, it.Category, it.Score, it.Date, it.Due, it.Fields), it.Fields
				}
			})
		}
		wg.Wait()
		if !slices.Equal(par, got) {
			t.Error("items read by three goroutines differ from All's")
		}
		if len(got) != len(want) {
			t.Fatalf("%d cores: %d items, want %d", procs, len(got), len(want))
		}
		for i := range want {
			if got[i] != want[i] {
				t.Fatalf("%d cores: item %d:\n got %.300s\nwant %.300s", procs, i, got[i], want[i])
			}
		}
	}
}
