package jsonscan

import (
	"bytes"
	"math/rand/v2"
	"slices"
	"testing"
	"unsafe"
)

var simdNames = []string{"go", "sse2", "avx2"}

// eachLevel runs test once per search level this CPU has.
func eachLevel(t *testing.T, test func(t *testing.T)) {
	t.Helper()
	defer func(old int) { simd = old }(simd)
	for level := simdNone; level <= bestSIMD; level++ {
		simd = level
		t.Run(simdNames[level], test)
	}
}

// refMasks is stopMasks byte by byte.
func refMasks(b []byte, words int) []uint64 {
	var m []uint64
	for k := range words {
		var w uint64
		for j, c := range b[64*k : 64*k+64] {
			if c == '"' || c == '\\' || c < 0x20 {
				w |= 1 << j
			}
		}
		m = append(m, w)
	}
	return m
}

func TestStopMasks(t *testing.T) {
	// Every byte value at every position, and random text dense in the
	// bytes that matter.
	var texts [][]byte
	for c := range 256 {
		for _, at := range []int{0, 7, 8, 31, 32, 63, 64, 100, 191} {
			b := bytes.Repeat([]byte{'a'}, 256)
			b[at] = byte(c)
			texts = append(texts, b)
		}
	}
	r := rand.New(rand.NewPCG(1, 2))
	alphabet := []byte("a\"\\\n\x00\x1f \x7f\x80\xff{}:,")
	for range 500 {
		b := make([]byte, 64*(1+r.IntN(6)))
		for i := range b {
			if r.IntN(8) == 0 {
				b[i] = alphabet[r.IntN(len(alphabet))]
			} else {
				b[i] = byte(r.IntN(256))
			}
		}
		texts = append(texts, b)
	}
	eachLevel(t, func(t *testing.T) {
		for _, b := range texts {
			words := len(b) / 64
			want := refMasks(b, words)
			got := make([]uint64, words)
			stopMasks(b, got)
			if !slices.Equal(got, want) {
				t.Fatalf("%q: masks %x, want %x", b, got, want)
			}
		}
	})
}

// TestStop checks stop, which fills the masks as it goes, on texts of
// every length up to 200 (the last, padded word too) from every start,
// and on one longer than the masks' window.
func TestStop(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	eachLevel(t, func(t *testing.T) {
		s := newTest()
		for n := range 200 {
			b := make([]byte, n)
			for i := range b {
				b[i] = "ab\"\\\n\t"[r.IntN(6)]
			}
			for i := range n + 1 {
				s.Text(b)
				got := min(s.stop(b, i), len(b))
				want := i
				for want < len(b) && !strStop[b[want]] {
					want++
				}
				if got != want {
					t.Fatalf("%q from %d: stop %d, want %d", b, i, got, want)
				}
			}
		}
		b := bytes.Repeat([]byte("abcdefgh"), 64*windowWords)
		b[len(b)-100] = '"'
		s.Text(b)
		for _, i := range []int{0, 64*windowWords - 3, len(b) - 200, 0} {
			if got := s.stop(b, i); got != len(b)-100 {
				t.Fatalf("stop from %d of a long text: %d, want %d", i, got, len(b)-100)
			}
		}
	})
}

// sameRun checks that members and runGo read the members of the object
// at b[i] (from its first) alike; s has learnt its key order.
func sameRun(t *testing.T, s *Scanner, b []byte, i int) {
	t.Helper()
	if bestSIMD == simdNone || len(s.seq) == 0 || i+16 > len(b) {
		return
	}
	s.Text(b)
	s.fill(b, 0)
	clear(s.spans)
	gi, gp, gend := s.runGo(b, i, 0, s.spans)
	gspans := slices.Clone(s.spans)
	clear(s.spans)
	ai, ap, aend, _ := members(&b[0], len(b), i, &s.seq[0], len(s.seq), 0,
		&s.mask[0], s.lo, s.words, unsafe.SliceData(s.spans), len(s.spans), nil, 0)
	if ai != gi || ap != gp || aend != gend || !slices.Equal(s.spans, gspans) {
		t.Fatalf("%q from %d: members %d %d %v %v, runGo %d %d %v %v", b, i, ai, ap, aend, s.spans, gi, gp, gend, gspans)
	}
	clear(s.spans) // (compact leaves them clear)
}

// sameLines checks that members and linesGo read the lines of b from the
// one at from alike (s has learnt its key order), in runs of up to max.
func sameLines(t *testing.T, s *Scanner, b []byte, from, max int) {
	t.Helper()
	if bestSIMD == simdNone || len(s.seq) == 0 || from+1 >= len(b) {
		return
	}
	s.Text(b)
	s.fill(b, 0)
	s.fill(b, from>>6) // (a whole window)
	ns := len(s.spans)
	gspans, aspans := make([]span, max*ns), make([]span, max*ns)
	gends, aends := make([]int, max), make([]int, max)
	gn := s.linesGo(b, from+1, gspans, ns, gends)
	_, _, _, an := members(&b[0], len(b), from+1, &s.seq[0], len(s.seq), 0,
		&s.mask[0], s.lo, s.words, unsafe.SliceData(aspans), ns, unsafe.SliceData(aends), max)
	if an != gn || !slices.Equal(aends, gends) || !slices.Equal(aspans, gspans) {
		t.Fatalf("%q from %d: members %d %v %v, linesGo %d %v %v", b, from, an, aends, aspans, gn, gends, gspans)
	}
}
