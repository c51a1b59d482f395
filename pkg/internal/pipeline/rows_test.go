package pipeline

import (
	"bytes"
	"cmp"
	"compress/gzip"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/npskit/nps/pkg/internal/exportdata"
	"github.com/npskit/nps/pkg/internal/reader"
	"github.com/npskit/nps/pkg/survey"
)

// listLine is the line of a response in these tests: everything the
// response says, so that the two paths must agree on all of it.
func listLine(b []byte, resp *survey.Response) ([]byte, error) {
	b = fmt.Appendf(b, "%s:%d %d %d %d %s", resp.File, resp.Line, resp.Status, resp.Score, resp.Count, resp.Time)
	for _, f := range resp.Fields {
		b = append(b, ' ')
		b = strconv.AppendQuote(b, f)
	}
	return append(b, '\n'), nil
}

// listRecord is listLine made from the record's bytes, split by
// encoding/csv, not the scanner: where List uses it, the record and its
// separator must be the response's, its fields the response's columns in
// order. It leaves every third record to listLine, so that the two take
// turns.
func listRecord(b, rec []byte, sep byte, resp *survey.Response) ([]byte, bool) {
	r := csv.NewReader(bytes.NewReader(rec))
	r.Comma, r.FieldsPerRecord = rune(sep), -1
	fields, err := r.Read()
	if len(rec)%3 == 0 || err != nil || len(fields) != len(resp.Fields) {
		return b, false
	}
	line, _ := listLine(nil, &survey.Response{File: resp.File, Line: resp.Line, Status: resp.Status, Score: resp.Score, Count: resp.Count, Time: resp.Time, Fields: fields})
	return append(b, line...), true
}

// listKeep leaves out the passives (as classify --only does), so that
// List fills in the fields of some responses only.
func listKeep(resp *survey.Response) bool {
	return resp.Status != survey.Valid || resp.Score < 7 || resp.Score > 8
}

// listed is what a listing pass reports: its lines, counts and warnings,
// or its error.
func listed(out []byte, r interface {
	Stats() survey.Stats
	Warnings() []string
}, err error) string {
	if err != nil {
		return "error: " + err.Error()
	}
	return fmt.Sprintf("%s%+v\n%s", out, r.Stats(), strings.Join(r.Warnings(), "\n"))
}

// listGeneral is the reference: the general reader's responses, in order.
func listGeneral(paths []string, stdin []byte, opt survey.Options) string {
	r, _, err := setup(paths, stdin, opt, nil)
	if err != nil {
		return listed(nil, nil, err)
	}
	defer r.Close()
	var out []byte
	for {
		resp, err := r.Next()
		if errors.Is(err, io.EOF) {
			return listed(out, r, nil)
		}
		if err != nil {
			return listed(nil, nil, err)
		}
		if listKeep(resp) {
			out, _ = listLine(out, resp)
		}
	}
}

// listFast is List over every column, with the row logic's columns
// scanned first (lazy) or every column of every row; ok is false when the
// inputs need the general reader. With each it is Each, whose responses
// are then put in input order.
func listFast(paths []string, stdin []byte, opt survey.Options, cfg Config, lazy, each bool) (string, bool) {
	r, _, err := setup(paths, stdin, opt, nil)
	if err != nil {
		return listed(nil, nil, err), true
	}
	defer r.Close()
	cols := make([]int, len(r.Columns()))
	for c := range cols {
		cols[c] = c
	}
	all, _ := r.FastPlan(cols)
	if all == nil {
		return "", false // not the fast path's input
	}
	if !CanList(all) {
		// --latest-per reads its input twice, and finds rows by their
		// line: files, no JSON array. Every other input is List's.
		if opt.LatestPer == "" || stdin == nil && opt.InputFormat != "json" {
			return "CanList refuses the input", true
		}
		return "", false
	}
	if lazy {
		cfg.Plan, _ = r.FastPlan(nil)
	}
	var out bytes.Buffer
	if each {
		lines, _, err := eachLines(cfg, all)
		if err != nil {
			return listed(nil, nil, err), true
		}
		return listed(lines, r, nil), true
	}
	err = List(context.Background(), cfg, Output{W: &out, All: all, Keep: listKeep,
		NewLine: func() LineFunc { return listLine }, NewRecord: func() RecordFunc { return listRecord }})
	if err != nil {
		return listed(nil, nil, err), true
	}
	return listed(out.Bytes(), r, nil), true
}

// eachLines runs Each and returns the lines of the responses it gave
// since the last Start, put in input order, and how many passes started.
func eachLines(cfg Config, all *reader.FastPlan) ([]byte, int, error) {
	type given struct {
		input int
		line  int64
		text  []byte
	}
	var (
		mu     sync.Mutex
		got    []given
		starts int
	)
	err := Each(context.Background(), cfg, Visit{All: all, Keep: listKeep,
		Start: func() { mu.Lock(); got, starts = got[:0], starts+1; mu.Unlock() },
		New: func() func(*survey.Response) error {
			return func(resp *survey.Response) error {
				text, _ := listLine(nil, resp)
				mu.Lock()
				got = append(got, given{resp.Input, resp.Line, text})
				mu.Unlock()
				return nil
			}
		}})
	slices.SortFunc(got, func(a, b given) int {
		return cmp.Or(cmp.Compare(a.input, b.input), cmp.Compare(a.line, b.line))
	})
	var out []byte
	for _, g := range got {
		out = append(out, g.text...)
	}
	return out, starts, err
}

// sameList checks that List gives the general reader's responses, from a
// file and from standard input, in every config.
func sameList(t *testing.T, data []byte, opt survey.Options, cfgs []Config) {
	t.Helper()
	for _, src := range fileAndStdin(t, data) {
		want := listGeneral(src.paths, src.stdin, opt)
		for _, cfg := range cfgs {
			lazies := []bool{true, false}
			if opt.InputFormat != "" {
				lazies = lazies[:1] // JSON has no lazy fill
			}
			for _, lazy := range lazies {
				for _, each := range []bool{false, true} {
					got, ok := listFast(src.paths, src.stdin, opt, cfg, lazy, each)
					if !ok {
						continue // the general reader's input
					}
					if got != want {
						t.Fatalf("input %.200q, %+v, config %+v (stdin %v, lazy %v, each %v):\nfast:\n%.2000s\ngeneral:\n%.2000s", data, opt, cfg, src.stdin != nil, lazy, each, got, want)
					}
				}
			}
		}
	}
}

func TestListMatchesGeneral(t *testing.T) {
	if _, ok := listFast(nil, []byte(inputs[0]), survey.Options{}, Config{}, true, false); !ok {
		t.Fatal("List does not take a plain CSV")
	}
	for _, in := range inputs {
		for _, q := range queries {
			sameList(t, []byte(in), q.opt, configs)
		}
	}
}

// TestListManyChunks: a export of several MB, read by two and three
// workers in chunks of the default size and smaller, lists its rows in
// input order.
func TestListManyChunks(t *testing.T) {
	data := exportdata.CSV(60000)
	if len(data) < 4<<20 {
		t.Fatalf("only %d bytes", len(data))
	}
	sameList(t, data, survey.Options{}, []Config{{Workers: 2}, {Workers: 3, ChunkSize: 100 << 10}, {Workers: 2, ChunkSize: 4096}})
	sameList(t, data, survey.Options{Since: time.Date(2024, 6, 1, 0, 0, 0, 0, time.UTC)}, []Config{{Workers: 2, ChunkSize: 64 << 10}})
}

// TestListJSON: JSON Lines and JSON arrays are listed as the general
// reader lists them, with every query: the inputs of the JSON
// differential tests, and an export of many chunks.
func TestListJSON(t *testing.T) {
	cfgs := []Config{{Sequential: true, BlockSize: 7}, {Workers: 2, ChunkSize: 5}, {Workers: 3, ChunkSize: 16}}
	for _, in := range jsonlInputs {
		for _, q := range queries {
			q.opt.InputFormat = "jsonl"
			sameList(t, []byte(in), q.opt, cfgs)
		}
	}
	for i, in := range jsonArrayInputs() {
		if i%2 != 0 || testing.Short() && i%8 != 0 {
			continue // a sample: the tallies' tests read every one
		}
		for _, q := range queries {
			q.opt.InputFormat = "json"
			sameList(t, []byte(in), q.opt, cfgs)
		}
	}
	data := jsonlExport(20000, 0)
	opt := survey.Options{InputFormat: "jsonl", LatestPer: "region", Since: time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC)}
	sameList(t, data, opt, []Config{{Workers: 2}, {Workers: 3, ChunkSize: 64 << 10}})
	opt.LatestPer = ""
	sameList(t, data, opt, []Config{{Workers: 3, ChunkSize: 64 << 10}})
}

// TestListMultiFileAndGzip: several inputs as one data set (columns
// matched by name, one gzipped, one with a header only).
func TestListMultiFileAndGzip(t *testing.T) {
	dir := t.TempDir()
	a, b, c, d, e := filepath.Join(dir, "a.csv"), filepath.Join(dir, "b.csv"), filepath.Join(dir, "c.csv.gz"), filepath.Join(dir, "d.csv"), filepath.Join(dir, "e.csv")
	os.WriteFile(a, []byte("score,region\n9,EMEA\n4,NA\n"), 0o644)
	os.WriteFile(b, []byte("region,score,extra\nNA,10,x\nAPAC,abc,y\n"), 0o644)
	os.WriteFile(e, exportdata.CSV(3000), 0o644)
	var z bytes.Buffer
	zw := gzip.NewWriter(&z)
	zw.Write(exportdata.CSV(500))
	zw.Close()
	os.WriteFile(c, z.Bytes(), 0o644)
	os.WriteFile(d, []byte("region,score\n"), 0o644)
	for _, paths := range [][]string{{a, b}, {a, c, d, e, b}, {e, a}, {c}} {
		want := listGeneral(paths, nil, survey.Options{})
		for _, cfg := range configs {
			for _, each := range []bool{false, true} {
				if got, ok := listFast(paths, nil, survey.Options{}, cfg, true, each); !ok || got != want {
					t.Fatalf("%q, config %+v (ok %v, each %v):\nfast:\n%.2000s\ngeneral:\n%.2000s", paths, cfg, ok, each, got, want)
				}
			}
		}
	}
}

// FuzzListMatchesGeneral: any bytes, read as CSV, JSON Lines or a JSON
// array (qi picks the query, then the format), listed by List or Each
// against the general reader.
func FuzzListMatchesGeneral(f *testing.F) {
	for _, in := range inputs {
		f.Add([]byte(in), uint8(0), uint8(5))
	}
	for _, in := range jsonlInputs {
		f.Add([]byte(in), uint8(len(queries)), uint8(5))
	}
	for _, in := range jsonArrayInputs()[:8] {
		f.Add([]byte(in), uint8(2*len(queries)), uint8(9))
	}
	f.Fuzz(func(t *testing.T, data []byte, qi, chunk uint8) {
		q := queries[int(qi)%len(queries)]
		q.opt.InputFormat = []string{"", "jsonl", "json"}[int(qi)/len(queries)%3]
		if len(data) > 4096 {
			return
		}
		path := filepath.Join(t.TempDir(), "in.csv")
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		want := listGeneral([]string{path}, nil, q.opt)
		for k, cfg := range []Config{{Sequential: true, BlockSize: int(chunk) + 1}, {Workers: 2, ChunkSize: int(chunk) + 1}} {
			got, ok := listFast([]string{path}, nil, q.opt, cfg, k == 0 || chunk%2 == 0, chunk%3 == 0)
			if !ok {
				return
			}
			if got != want {
				t.Fatalf("input %q, %+v, config %+v:\nfast:\n%s\ngeneral:\n%s", data, q.opt, cfg, got, want)
			}
		}
	})
}

// orderCheck is the writer of a lister under test: it records what is
// written and how many chunks were held at most (it runs under the
// lister's lock).
type orderCheck struct {
	l       *lister
	out     []byte
	maxHeld int
}

func (w *orderCheck) Write(p []byte) (int, error) {
	w.out = append(w.out, p...)
	w.maxHeld = max(w.maxHeld, len(w.l.pending))
	time.Sleep(50 * time.Microsecond) // a slow output: the workers get ahead
	return len(p), nil
}

// lister returns a lister of chunks of one byte for workers, writing to
// an orderCheck.
func testLister(workers int) (*lister, *orderCheck) {
	l := &lister{step: 1, workers: workers, ahead: int64(workers)}
	l.cond = sync.NewCond(&l.mu)
	w := &orderCheck{l: l}
	l.w = w
	l.start(0)
	return l, w
}

// TestDeliverInOrder: workers that finish chunks in any order write them
// in order, and hold no more than the chunks in flight plus the ones they
// may finish ahead.
func TestDeliverInOrder(t *testing.T) {
	const n, workers = 3000, 3
	l, w := testLister(workers)
	var next atomic.Int64
	var wg sync.WaitGroup
	for k := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rnd := rand.New(rand.NewPCG(uint64(k), 1))
			var buf []byte
			for {
				c := next.Add(1) - 1
				if c >= n {
					return
				}
				if rnd.IntN(4) == 0 {
					time.Sleep(time.Duration(rnd.IntN(200)) * time.Microsecond)
				}
				buf = l.deliver(c, append(buf, byte(c), byte(c>>8)), false)
			}
		}()
	}
	wg.Wait()
	for c := range n {
		if w.out[2*c] != byte(c) || w.out[2*c+1] != byte(c>>8) {
			t.Fatalf("chunk %d written out of order", c)
		}
	}
	if len(w.out) != 2*n {
		t.Fatalf("%d bytes written, want %d", len(w.out), 2*n)
	}
	if w.maxHeld > 2*workers {
		t.Errorf("%d chunks held, want %d at most", w.maxHeld, 2*workers)
	}
}

// TestDeliverMissingChunk: a chunk that is never delivered (its read
// failed) does not leave the workers ahead of it waiting for ever.
func TestDeliverMissingChunk(t *testing.T) {
	const workers = 2
	l, _ := testLister(workers)
	done := make(chan struct{})
	go func() {
		var wg sync.WaitGroup
		for k := range workers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for c := int64(1 + k); c < 40; c += workers { // chunk 0 never comes
					l.deliver(c, []byte{1}, false)
				}
			}()
		}
		wg.Wait()
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("workers still waiting")
	}
	if !l.failed {
		t.Error("the pass is not failed")
	}
}

// TestListResetRedo: rows whose first dates (ISO) leave the day/month order
// undecided are listed on every core when the writer can take its lines
// back; a late 25/04/2025 settles the order in one worker, and the pass,
// reset once, lists what the general reader lists. Without Reset they are
// listed in order from the start, and never reset.
func TestListResetRedo(t *testing.T) {
	for _, late := range []bool{false, true} {
		var b strings.Builder
		b.WriteString("date,score,region\n")
		for i := range 6000 {
			date := fmt.Sprintf("2025-%02d-%02d", i%12+1, i%28+1)
			if late && i >= 4000 {
				date = fmt.Sprintf("%02d/%02d/2025", i%12+1, i%12+1) // ambiguous: 03/03/2025
				if i == 5000 {
					date = "25/04/2025" // day first
				}
			}
			fmt.Fprintf(&b, "%s,%d,%s\n", date, i%11, []string{"EMEA", "APAC"}[i%2])
		}
		path := filepath.Join(t.TempDir(), "d.csv")
		if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
		opt := survey.Options{NeedDate: true, Since: time.Date(2025, 2, 1, 0, 0, 0, 0, time.UTC), Location: time.UTC}
		want := listGeneral([]string{path}, nil, opt)
		for _, withReset := range []bool{false, true} {
			r, _, err := setup([]string{path}, nil, opt, nil)
			if err != nil {
				t.Fatal(err)
			}
			cols := make([]int, len(r.Columns()))
			for c := range cols {
				cols[c] = c
			}
			all, _ := r.FastPlan(cols)
			var out bytes.Buffer
			resets := 0
			o := Output{W: &out, All: all, Keep: listKeep, NewLine: func() LineFunc { return listLine }}
			if withReset {
				o.Reset = func() error { resets++; out.Reset(); return nil }
			}
			err = List(context.Background(), Config{Workers: 2, ChunkSize: 4096}, o)
			got := listed(out.Bytes(), r, err)
			r.Close()
			if got != want {
				t.Fatalf("late %v, reset %v:\nfast:\n%.1500s\ngeneral:\n%.1500s", late, withReset, got, want)
			}
			if wantResets := 0; late && withReset && resets != 1 || !(late && withReset) && resets != wantResets {
				t.Errorf("late %v, reset %v: reset %d times", late, withReset, resets)
			}
		}
		// Each too runs in parallel first, and starts again in order when
		// the dates settle late.
		r, _, err := setup([]string{path}, nil, opt, nil)
		if err != nil {
			t.Fatal(err)
		}
		all, _ := r.FastPlan([]int{0, 1, 2})
		out, starts, err := eachLines(Config{Workers: 2, ChunkSize: 4096}, all)
		got := listed(out, r, err)
		r.Close()
		if got != want {
			t.Fatalf("Each, late %v:\nfast:\n%.1500s\ngeneral:\n%.1500s", late, got, want)
		}
		if wantStarts := map[bool]int{false: 1, true: 2}[late]; starts != wantStarts {
			t.Errorf("Each, late %v: %d passes, want %d", late, starts, wantStarts)
		}
	}
}
