package intern

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// TestPrefetch: Prefetch changes nothing, counts keys in the table and not
// keys out of it, and takes any number of keys (runs and a rest).
func TestPrefetch(t *testing.T) {
	tab := New(40)
	var in, out []string
	for i := range 3000 {
		k := fmt.Sprintf("user%d@example.com", i)
		if i%3 == 0 {
			out = append(out, k)
			continue
		}
		in = append(in, k)
		_, p, _ := tab.Intern(k)
		p[0] = byte(i)
	}
	hashes := func(keys []string) []uint64 {
		hs := make([]uint64, len(keys))
		for i, k := range keys {
			hs[i] = Hash(k)
		}
		return hs
	}
	if n := New(0).Prefetch(in, hashes(in)); n != 0 {
		t.Fatalf("an empty table: %d keys found", n)
	}
	if n := tab.Prefetch(out, hashes(out)); n != 0 {
		t.Fatalf("%d of %d keys not in the table found", n, len(out))
	}
	// At most 3/4 full, most keys are in their first slot.
	if n := tab.Prefetch(in, hashes(in)); n > len(in) || n < len(in)/2 {
		t.Fatalf("%d of %d keys in the table found", n, len(in))
	}
	if tab.Len() != len(in) {
		t.Fatalf("Len %d, want %d", tab.Len(), len(in))
	}
	for i, k := range in {
		if id := tab.Lookup(k); id != i || tab.Key(id) != k {
			t.Fatalf("key %q: id %d, want %d", k, id, i)
		}
	}
}

// benchBatch is how many lookups benchLookups prefetches together.
const benchBatch = 32

// benchLookups looks the keys of benchKeys up again in a table of them, in
// batches of benchBatch, with (BenchmarkPrefetched) or without Prefetch.
func benchLookups(b *testing.B, prefetch bool) {
	keys := benchKeys()
	tab := New(40)
	hs := make([]uint64, len(keys))
	for i, k := range keys {
		hs[i] = Hash(k)
		tab.InternHash(k, hs[i])
	}
	// Another scattered order than the one they were added in, the keys
	// copied in that order: side by side, as a batch holds them.
	order := make([]string, len(keys))
	oh := make([]uint64, len(keys))
	for i := range keys {
		j := i * 104729 % len(keys)
		order[i], oh[i] = strings.Clone(keys[j]), hs[j]
	}
	b.ResetTimer()
	for b.Loop() {
		for i := 0; i < len(order); i += benchBatch {
			ks, h := order[i:i+benchBatch], oh[i:i+benchBatch]
			if prefetch {
				tab.Prefetch(ks, h)
			}
			for j, k := range ks {
				_, p, _ := tab.InternHash(k, h[j])
				p[0]++
			}
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(order)), "ns/key")
}

func BenchmarkLookups(b *testing.B)    { benchLookups(b, false) }
func BenchmarkPrefetched(b *testing.B) { benchLookups(b, true) }

// TestSharder: every row is in the run of its hash's top bits, once, in
// input order, for batches empty, small and larger than the shards, with
// the scratch reused; the keys handed over are the keyed rows' only.
func TestSharder(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	for _, bits := range []int{1, 3, 6} {
		s := Sharder{Bits: bits}
		for _, n := range []int{0, 1, 7, 100, 5000, 3} {
			hs := make([]uint64, n)
			for i := range hs {
				hs[i] = r.Uint64()
			}
			keyed := func(i int) bool { return i%5 != 0 }
			seen := map[int]bool{}
			s.Each(n, func(i int) (uint64, string, bool) {
				return hs[i], fmt.Sprint(i), keyed(i)
			}, func(k int, rows []int32, keys []string, khs []uint64) {
				var want, wantKeys []string
				var wantHs []uint64
				for i, h := range hs {
					if int(h>>(64-bits)) == k {
						want = append(want, fmt.Sprint(i))
						if keyed(i) {
							wantKeys, wantHs = append(wantKeys, fmt.Sprint(i)), append(wantHs, h)
						}
					}
				}
				var got []string
				for _, i := range rows {
					got = append(got, fmt.Sprint(i))
					seen[int(i)] = true
				}
				if !slices.Equal(got, want) || !slices.Equal(keys, wantKeys) || !slices.Equal(khs, wantHs) {
					t.Fatalf("n %d, bits %d, shard %d: rows %v keys %v, want %v keys %v", n, bits, k, got, keys, want, wantKeys)
				}
			})
			if len(seen) != n {
				t.Fatalf("n %d, bits %d: %d rows put", n, bits, len(seen))
			}
		}
	}
}
