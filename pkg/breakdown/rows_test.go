package breakdown

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"

	"github.com/npskit/nps/pkg/period"
)

// TestRowsModeMatchesHashing makes the same groups with rows mode on and
// off (hashing alone, as before rows mode) and compares every group: keys
// of one to three values, with and without a period, shared by several
// rows or not, some longer than rows mode keeps (maxRowKey), AddN rows and
// blank and invalid counts among the rows, counts past uint8 and uint16,
// and workers' Groupers merged by Absorb and by Merge; folds at reads only
// or during the pass as well; runs merged whole or in halves.
func TestRowsModeMatchesHashing(t *testing.T) {
	defer func(s, f, m int, on bool) { splitAt, foldAt, mergeHalvesAt, rowsModeOn = s, f, m, on }(splitAt, foldAt, mergeHalvesAt, rowsModeOn)
	splitAt, mergeHalvesAt = 50, 100
	long := strings.Repeat("L", maxRowKey)
	for _, tc := range []struct {
		nSeg     int
		unit     period.Unit
		distinct int // keys drawn from
		foldAt   int
	}{
		{1, period.None, 1 << 30, 1 << 20}, // a group per row
		{1, period.None, 1 << 30, 40},
		{1, period.None, 300, 40}, // keys come round again: back to hashing
		{2, period.Month, 500, 64},
		{3, period.None, 2000, 1 << 20},
		{0, period.Day, 400, 16},
	} {
		for seed := range uint64(4) {
			name := fmt.Sprintf("%d segments, unit %v, %d keys, fold at %d, seed %d", tc.nSeg, tc.unit, tc.distinct, tc.foldAt, seed)
			foldAt = tc.foldAt
			make := func(on bool) *Grouper {
				rowsModeOn = on
				rnd := rand.New(rand.NewPCG(seed, 7))
				workers := make([]*Grouper, 3)
				for w := range workers {
					g := NewGrouper(tc.nSeg, tc.unit, false)
					workers[w] = g
					for range 400 + rnd.IntN(800) {
						segs := make([]string, tc.nSeg)
						for i := range segs {
							switch k := rnd.IntN(tc.distinct); {
							case k%97 == 1:
								segs[i] = long + fmt.Sprint(k%3)
							case k%50 == 2:
								segs[i] = ""
							default:
								segs[i] = fmt.Sprint("R", k%(tc.distinct/(i+1)+1))
							}
						}
						p := period.Period{Unit: tc.unit, Ord: int32(rnd.IntN(40) - 20)}
						switch score := rnd.IntN(11); rnd.IntN(50) {
						case 0:
							g.AddN(segs, p, score, 300, 0, 0)
						case 1:
							g.AddBlank(segs, p, 2)
						case 2:
							g.AddInvalid(segs, p, 1)
						case 3:
							for range 70000 / 64 {
								g.AddN(segs, p, 10, 64, 0, 0)
							}
						default:
							g.Add(segs, p, score, 0)
						}
					}
				}
				g := workers[0]
				g.Absorb(workers[1])
				g.Merge(workers[2])
				return g
			}
			want, got := make(false), make(true)
			if got.rows == nil && tc.nSeg > 0 {
				t.Fatalf("%s: rows mode never entered", name)
			}
			if want.rows != nil {
				t.Fatalf("%s: rows mode entered while off", name)
			}
			if got.Len() != want.Len() || got.Overall() != want.Overall() {
				t.Fatalf("%s: %d groups, overall %+v; want %d, %+v", name, got.Len(), got.Overall(), want.Len(), want.Overall())
			}
			g, w := got.Groups(), want.Groups()
			for i := range w {
				if !reflect.DeepEqual(g[i], w[i]) {
					t.Fatalf("%s: group %d is %+v, want %+v", name, i, g[i], w[i])
				}
			}
		}
	}
}

// TestOrderOfKeysAlikeInFront orders keys that share their first 8 bytes
// and more (e-mail addresses, padded account numbers, zero bytes, values
// that are prefixes of each other, equal first values with a second that
// decides), in long runs of equal prefixes that are sorted 8 bytes further
// at a time (sortTies): by hashing and in rows mode, Groups must come in
// Key.Compare's order.
func TestOrderOfKeysAlikeInFront(t *testing.T) {
	defer func(s int, on bool) { splitAt, rowsModeOn = s, on }(splitAt, rowsModeOn)
	splitAt = 64
	rnd := rand.New(rand.NewPCG(3, 3))
	var keys [][2]string
	for i := range 3000 {
		var k string
		switch i % 6 {
		case 0:
			k = fmt.Sprintf("user%d@example.com", rnd.IntN(100000))
		case 1:
			k = fmt.Sprintf("ACC-%012d", rnd.IntN(5000))
		case 2:
			k = "ACC-000000000" + strings.Repeat("\x00", rnd.IntN(4)) + fmt.Sprint(rnd.IntN(3))
		case 3:
			k = strings.Repeat("x", 8+rnd.IntN(60)) // prefixes of each other, past every depth
		case 4:
			k = "same-first-value"
		default:
			k = fmt.Sprintf("user%d", rnd.IntN(300))
		}
		keys = append(keys, [2]string{k, fmt.Sprint(rnd.IntN(50))})
	}
	for _, on := range []bool{false, true} {
		rowsModeOn = on
		g := NewGrouper(2, period.None, false)
		for _, k := range keys {
			g.Add(k[:], period.Period{}, 9, 0)
		}
		groups := g.Groups()
		if on && g.rows == nil {
			t.Fatal("rows mode never entered")
		}
		for i := 1; i < len(groups); i++ {
			if groups[i-1].Key.Compare(groups[i].Key) >= 0 {
				t.Fatalf("rows mode %v: group %d %q before %d %q", on, i-1, groups[i-1].Key.Segments, i, groups[i].Key.Segments)
			}
		}
	}
}

// TestRowsModeHugeKey: a key longer than an arena chunk (2 MiB) goes to
// the tables, and a fold gives it a chunk of its own; it keeps its counts
// and its place among the others.
func TestRowsModeHugeKey(t *testing.T) {
	defer func(s int) { splitAt = s }(splitAt)
	splitAt = 16
	huge := strings.Repeat("h", 2<<20)
	g := NewGrouper(1, period.None, false)
	for i := range 100 {
		g.Add([]string{fmt.Sprint("k", i)}, period.Period{}, 5, 0)
		if i == 50 || i == 70 {
			g.Add([]string{huge}, period.Period{}, 9, 0)
		}
	}
	if g.rows == nil {
		t.Fatal("rows mode not entered")
	}
	groups := g.Groups()
	if len(groups) != 101 || len(g.rows.chunks) < 2 {
		t.Fatalf("%d groups, want 101; %d chunks, want a second for the huge key", len(groups), len(g.rows.chunks))
	}
	for i, gr := range groups {
		if gr.Key.Segments[0] == huge {
			if gr.Tally.Count[9] != 2 || i != 0 { // "h…" before every "k…"
				t.Fatalf("huge key: place %d, counts %v", i, gr.Tally.Count)
			}
			return
		}
	}
	t.Fatal("huge key lost")
}
