package inflate

import (
	"bytes"
	"compress/flate"
	"errors"
	"io"
	"math/rand/v2"
	"slices"
	"testing"
	"testing/iotest"
)

// RFC 1951 3.2.5, written out here rather than taken from the code.
var (
	lengthBase  = [...]int{3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258}
	lengthExtra = [...]uint{0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0}
	distBase    = [...]int{1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577}
	distExtra   = [...]uint{0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13}
)

// bitWriter writes DEFLATE bits, first bit lowest.
type bitWriter struct {
	out []byte
	acc uint64
	n   uint
}

func (w *bitWriter) bits(v int, n uint) {
	w.acc |= uint64(v) << w.n
	for w.n += n; w.n >= 8; w.n -= 8 {
		w.out = append(w.out, byte(w.acc))
		w.acc >>= 8
	}
}

// code writes a Huffman codeword, sent most significant bit first.
func (w *bitWriter) code(c int, n uint) {
	for i := int(n) - 1; i >= 0; i-- {
		w.bits(c>>i&1, 1)
	}
}

func (w *bitWriter) bytes() []byte {
	if w.n > 0 {
		w.bits(0, 8-w.n)
	}
	return w.out
}

// fixedSym writes a litlen symbol of the fixed code (RFC 1951 3.2.6).
func (w *bitWriter) fixedSym(s int) {
	switch {
	case s < 144:
		w.code(0x30+s, 8)
	case s < 256:
		w.code(0x190+s-144, 9)
	case s < 280:
		w.code(s-256, 7)
	default:
		w.code(0xc0+s-280, 8)
	}
}

func (w *bitWriter) match(length, dist int) {
	i := len(lengthBase) - 1
	for lengthBase[i] > length {
		i--
	}
	w.fixedSym(257 + i)
	w.bits(length-lengthBase[i], lengthExtra[i])
	j := len(distBase) - 1
	for distBase[j] > dist {
		j--
	}
	w.code(j, 5)
	w.bits(dist-distBase[j], distExtra[j])
}

// fixedStream is one final fixed-code block: random literals for
// history, then a match of every length at each of many offsets.
func fixedStream() []byte {
	var w bitWriter
	w.bits(1, 1)
	w.bits(1, 2)
	rng := rand.New(rand.NewPCG(1, 2))
	for range 33000 {
		w.fixedSym(rng.IntN(256))
	}
	for _, dist := range []int{1, 2, 3, 4, 5, 6, 7, 8, 9, 15, 16, 17, 24, 31, 32, 33, 258, 259, 24577, 32767, 32768} {
		for length := 3; length <= 258; length++ {
			w.match(length, dist)
			w.fixedSym(rng.IntN(256))
		}
	}
	w.fixedSym(256)
	return w.bytes()
}

// stdInflate decodes with compress/flate, the oracle.
func stdInflate(data []byte) ([]byte, error) {
	return io.ReadAll(flate.NewReader(bytes.NewReader(data)))
}

var scratch decoder // reused: a fuzz run allocates less

func ourInflate(r io.Reader) ([]byte, error) {
	scratch.init(r)
	return io.ReadAll(&scratch)
}

func corpus(n int) []byte {
	var b []byte
	rng := rand.New(rand.NewPCG(3, 4))
	words := []string{"promoter", "score", "9", "10", ",", "\n", "user@example.com", "great", "slow"}
	for len(b) < n {
		b = append(b, words[rng.IntN(len(words))]...)
		if rng.IntN(50) == 0 {
			b = append(b, byte(rng.IntN(256)))
		}
	}
	return b
}

var writers = map[int]*flate.Writer{}

func deflated(b []byte, level int) []byte {
	var z bytes.Buffer
	w := writers[level]
	if w == nil {
		w, _ = flate.NewWriter(&z, level)
		writers[level] = w
	}
	w.Reset(&z)
	w.Write(b)
	w.Close()
	return z.Bytes()
}

// TestInflate: streams of every block type, read whole, a byte at a
// time (the careful loop, input refills) and in odd-sized pieces, against
// compress/flate.
func TestInflate(t *testing.T) {
	text := corpus(700 << 10) // past the output buffer: the window wraps
	cases := []struct {
		name string
		data []byte
	}{
		{"stored", deflated(text, flate.NoCompression)},
		{"huffman only", deflated(text, flate.HuffmanOnly)},
		{"level 1", deflated(text, 1)},
		{"level 6", deflated(text, 6)},
		{"level 9", deflated(text, 9)},
		{"fixed, every length and offset", fixedStream()},
		{"empty", deflated(nil, 6)},
		{"short", deflated([]byte("abc"), 6)},
	}
	for _, c := range cases {
		want, err := stdInflate(c.data)
		if err != nil {
			t.Fatalf("%s: compress/flate: %v", c.name, err)
		}
		for _, r := range []struct {
			how string
			r   io.Reader
		}{
			{"whole", bytes.NewReader(c.data)},
			{"byte at a time", iotest.OneByteReader(bytes.NewReader(c.data))},
			{"half", iotest.HalfReader(bytes.NewReader(c.data))},
		} {
			got, err := ourInflate(r.r)
			if err != nil {
				t.Errorf("%s, %s: %v", c.name, r.how, err)
			} else if !bytes.Equal(got, want) {
				t.Errorf("%s, %s: %d bytes differ from compress/flate's %d", c.name, r.how, len(got), len(want))
			}
		}
	}
}

// TestInflateTruncated: every cut of a stream is an unexpected EOF, never
// short output without an error.
func TestInflateTruncated(t *testing.T) {
	for _, data := range [][]byte{deflated(corpus(5000), 6), deflated(corpus(3000), 0), fixedStream()[:3000]} {
		full := len(data)
		if _, err := stdInflate(data); err != nil {
			full = len(data) + 1 // fixedStream cut: every length is short
		}
		for n := range min(full, len(data)) {
			if _, err := ourInflate(bytes.NewReader(data[:n])); err != io.ErrUnexpectedEOF {
				t.Fatalf("cut at %d of %d: %v, want unexpected EOF", n, len(data), err)
			}
		}
	}
}

// TestInflateCorrupt: invalid streams are CorruptInputErrors, as
// compress/flate finds them.
func TestInflateCorrupt(t *testing.T) {
	fixed := func(f func(w *bitWriter)) []byte {
		var w bitWriter
		w.bits(1, 1)
		w.bits(1, 2)
		f(&w)
		return w.bytes()
	}
	// fixedLong puts the fault where the fast loop finds it: after
	// history, with input after it.
	fixedLong := func(f func(w *bitWriter)) []byte {
		return fixed(func(w *bitWriter) {
			for i := range 100 {
				w.fixedSym('a' + i%26)
			}
			f(w)
			for range 100 {
				w.fixedSym('z')
			}
			w.fixedSym(256)
		})
	}
	dynamic := func(hlit, hdist, hclen int, lens []int) []byte {
		var w bitWriter
		w.bits(1, 1)
		w.bits(2, 2)
		w.bits(hlit-257, 5)
		w.bits(hdist-1, 5)
		w.bits(hclen-4, 4)
		for _, l := range lens {
			w.bits(l, 3)
		}
		w.bits(0, 32)
		return w.bytes()
	}
	// coded is a dynamic block of the given code lengths, each sent
	// as a 4-bit codeword of a complete code length code, then body.
	coded := func(lit, dist []int, body func(w *bitWriter)) []byte {
		var w bitWriter
		w.bits(1, 1)
		w.bits(2, 2)
		w.bits(len(lit)-257, 5)
		w.bits(len(dist)-1, 5)
		w.bits(19-4, 4)
		for _, s := range []int{16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15} {
			if s < 16 {
				w.bits(4, 3)
			} else {
				w.bits(0, 3) // no repeats
			}
		}
		for _, l := range append(slices.Clone(lit), dist...) {
			w.code(l, 4) // the canonical codeword of length symbol l is l
		}
		body(&w)
		return w.bytes()
	}
	lengths := func(n int, set map[int]int) []int {
		l := make([]int, n)
		for s, v := range set {
			l[s] = v
		}
		return l
	}
	// complete codes of 287 and 31 symbols: 225 of 8 bits and 62 of 9,
	// one of 4 bits and 30 of 5.
	lit287, dist31 := make([]int, 287), make([]int, 31)
	for i := range lit287 {
		lit287[i] = 8
		if i >= 225 {
			lit287[i] = 9
		}
	}
	for i := range dist31 {
		dist31[i] = 5
	}
	dist31[0] = 4
	noBody := func(*bitWriter) {}
	cases := []struct {
		name string
		data []byte
	}{
		{"block type 3", []byte{0x07, 0, 0, 0}},
		{"stored length complement", []byte{0x01, 5, 0, 0xfa, 0xfe, 'a', 'b', 'c', 'd', 'e'}},
		{"offset before the start", fixed(func(w *bitWriter) { w.match(3, 1) })},
		{"offset past the history", fixed(func(w *bitWriter) { w.fixedSym('a'); w.match(3, 2) })},
		{"fixed symbol 286", fixed(func(w *bitWriter) { w.fixedSym('a'); w.fixedSym(286); w.code(0, 5); w.fixedSym(256) })},
		{"fixed symbol 287", fixed(func(w *bitWriter) { w.fixedSym('a'); w.fixedSym(287); w.code(0, 5); w.fixedSym(256) })},
		{"fixed offset 30", fixed(func(w *bitWriter) { w.fixedSym('a'); w.fixedSym(257); w.code(30, 5) })},
		{"fast: offset past the history", fixedLong(func(w *bitWriter) { w.match(3, 101) })},
		{"fast: fixed symbol 286", fixedLong(func(w *bitWriter) { w.fixedSym(286); w.code(0, 5) })},
		{"fast: fixed offset 31", fixedLong(func(w *bitWriter) { w.fixedSym(257); w.code(31, 5) })},
		{"too many litlen codes", coded(lit287, []int{1}, noBody)},
		{"too many offset codes", coded(lengths(257, map[int]int{'a': 1, 256: 1}), dist31, noBody)},
		// 'a' 1 bit (0), end of block 2 (10): a quarter of the code unused
		{"incomplete litlen code", coded(lengths(257, map[int]int{'a': 1, 256: 2}), []int{1}, func(w *bitWriter) {
			w.code(0, 1)
			w.code(2, 2)
		})},
		{"repeat before any length", dynamic(257, 1, 4, []int{1, 0, 0, 0})},
		{"incomplete code length code", dynamic(257, 1, 4, []int{2, 0, 0, 0})},
		{"oversubscribed code length code", dynamic(257, 1, 4, []int{1, 1, 1, 0})},
	}
	for _, c := range cases {
		_, errStd := stdInflate(c.data)
		var ce flate.CorruptInputError
		if !errors.As(errStd, &ce) {
			t.Fatalf("%s: compress/flate: %v; the case is not corrupt", c.name, errStd)
		}
		_, err := ourInflate(bytes.NewReader(c.data))
		if !errors.As(err, &ce) {
			t.Errorf("%s: %v, want corrupt input", c.name, err)
		}
	}
}

// completeCode gives the symbols of want their lengths and fills the
// rest of a code of n symbols, greedily, to make it complete.
func completeCode(n int, want map[int]int) []int {
	lens := make([]int, n)
	room := 1 << 15 // in units of a 15-bit codeword
	for s, l := range want {
		lens[s] = l
		room -= 1 << (15 - l)
	}
	for s := range lens {
		if lens[s] != 0 || room == 0 {
			continue
		}
		l := 1
		for 1<<(15-l) > room {
			l++
		}
		lens[s] = l
		room -= 1 << (15 - l)
	}
	return lens
}

// canonical is RFC 1951 3.2.2's codewords of the lengths.
func canonical(lens []int) []int {
	var count, next [16]int
	for _, l := range lens {
		count[l]++
	}
	count[0] = 0
	code := 0
	for l := 1; l < 16; l++ {
		code = (code + count[l-1]) << 1
		next[l] = code
	}
	codes := make([]int, len(lens))
	for s, l := range lens {
		if l > 0 {
			codes[s] = next[l]
			next[l]++
		}
	}
	return codes
}

// TestInflateLongCodes: the fast loop's worst cases, two 11-bit literals
// and a 15-bit length code with 5 extra bits, then a 15-bit offset code
// with 12 (a subtable) or an 11-bit length code and an 8-bit offset code
// with 13: more bits than one refill holds.
func TestInflateLongCodes(t *testing.T) {
	lit := completeCode(286, map[int]int{'a': 11, 'b': 11, 256: 15, 283: 11, 284: 15})
	dist := completeCode(30, map[int]int{27: 15, 29: 8})
	litCode, distCode := canonical(lit), canonical(dist)
	var w bitWriter
	w.bits(1, 1)
	w.bits(2, 2)
	w.bits(286-257, 5)
	w.bits(30-1, 5)
	w.bits(19-4, 4)
	for _, s := range []int{16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15} {
		if s < 16 {
			w.bits(4, 3)
		} else {
			w.bits(0, 3)
		}
	}
	for _, l := range append(slices.Clone(lit), dist...) {
		w.code(l, 4)
	}
	for i := range 17000 {
		s := 'a' + i%2
		w.code(litCode[s], uint(lit[s]))
	}
	for _, m := range []struct{ lsym, lbits, dsym, dbits, dmod int }{
		{284, 5, 27, 12, 4096}, // length 227+, offset 12289+
		{283, 5, 29, 13, 8000}, // length 195+, offset 24577+
	} {
		for i := range 200 {
			w.code(litCode['a'], 11)
			w.code(litCode['b'], 11)
			w.code(litCode[m.lsym], uint(lit[m.lsym]))
			w.bits(i%(1<<m.lbits), uint(m.lbits))
			w.code(distCode[m.dsym], uint(dist[m.dsym]))
			w.bits(i*37%m.dmod, uint(m.dbits))
		}
	}
	w.code(litCode[256], uint(lit[256]))
	data := w.bytes()
	want, err := stdInflate(data)
	if err != nil {
		t.Fatal(err)
	}
	got, err := ourInflate(bytes.NewReader(data))
	if err != nil || !bytes.Equal(got, want) {
		t.Errorf("%d bytes, %v; compress/flate %d", len(got), err, len(want))
	}
}
