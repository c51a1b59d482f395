package scan

// The bitmap path of Next: for a window of the data it classifies every
// byte once (delimiter, quote, '\n', '\r'; 64 bytes a step, classify64 in
// skip_amd64.s with AVX2), works out from the parity of the quotes which
// delimiters and newlines are outside quoted fields, and checks the
// quoting rules on the masks. Records are then read by walking the bits
// of the separators: no byte is looked at again, except the asked-for
// fields'.
//
// It reads only ordinary records: ended by a '\n' inside the window, not
// empty, and from the window's start to their end free of anything the
// masks flag (a quote that opens a field anywhere but at its start, a
// closing quote not followed by a delimiter, '\r', '\n' or an escaped
// quote, a '\r' outside quotes not followed by '\n'). Everything else is
// left to the record path of Next, which is exact; after it met
// something flagged, the bitmap path stays off until the next Reset.

import (
	"bytes"
	"math/bits"
	"unsafe"
)

// bitmaps is the bitmap path's state: the masks of a window of the data.
type bitmaps struct {
	off   bool               // off until the next Reset
	base  int                // offset of the window's first byte (a record start)
	end   int                // offset after its last byte
	valid int                // records ending before valid may be read (the first flagged byte, or end)
	sep   []uint64           // per 64 bytes: delimiters and newlines outside quotes
	nl    []uint64           // per 64 bytes: newlines outside quotes (record ends)
	qnl   []uint64           // per 64 bytes: newlines inside quotes
	masks [3 * stride]uint64 // what sep, nl and qnl are in
	tail  [64]byte           // the window's last, partial 64 bytes
}

// bitmapFields is how many fields must be asked for for the bitmap path
// to be used. Instructions per record of the 3M-row export's first 275k
// records (callgrind of BenchmarkScanPaths with NPS_BENCH_FILE), record
// path against bitmap path: date and score 873 and 648, region and score
// 833 and 658, date, region and score 1293 and 776; the score alone 530
// and 530 (the record path skips the fields before it and the rest of the
// record in two SIMD searches), and nps score no faster either way, so
// the record path keeps it. The tests set it to 0 to use the bitmap path
// for every record, or out of reach to use none.
var bitmapFields = 2

// windowBlocks is the window in 64-byte blocks: 8 KiB, with its masks well
// inside the L1 cache. The tests make it smaller.
var windowBlocks = maxWindow

const maxWindow = 128

// stride is the distance of the masks' arrays in bitmaps.masks: each has
// two words after the window, kept zero, for the reads of walk.
const stride = maxWindow + 2

// window classifies the data from p (a record start) on.
func (s *Scanner) window(p int) {
	b := &s.bm
	data := s.data
	end := min(p+windowBlocks*64, len(data))
	nb := (end - p + 63) / 64
	full := (end - p) / 64
	b.base, b.end, b.valid = p, end, end
	st := [4]uint64{0, 1, 0, 0} // outside quotes, at a field start
	done, bad := classify(data[p:p+full*64], s.comma, b.masks[:], &st)
	if bad == 0 && full < nb {
		b.tail = [64]byte{}
		copy(b.tail[:], data[p+full*64:end])
		done, bad = classify(b.tail[:], s.comma, b.masks[full:], &st)
		done += full
	}
	if bad != 0 {
		b.valid = min(end, p+64*done+bits.TrailingZeros64(bad))
		nb = done + 1
	}
	m := b.masks[:]
	b.sep, b.nl, b.qnl = m[:nb+2], m[stride:stride+nb+2], m[2*stride:2*stride+nb+2]
	for _, a := range [][]uint64{b.sep, b.nl, b.qnl} {
		a[nb], a[nb+1] = 0, 0
	}
}

// prefixXor sets bit i of the result to the parity of bits 0..i of x.
func prefixXor(x uint64) uint64 {
	x ^= x << 1
	x ^= x << 2
	x ^= x << 4
	x ^= x << 8
	x ^= x << 16
	x ^= x << 32
	return x
}

// classify classifies data (a multiple of 64 bytes) 64 bytes a step:
// for block j it sets out[j] to its separators (delimiters and newlines
// outside quotes), out[stride+j] to its newlines outside quotes and
// out[2*stride+j] to those inside. st carries, from one call to the
// next, whether the data before ends inside quotes (all ones), at a field
// start, after a closing quote, and after a '\r' outside quotes (1 each).
// It stops at the first block with a byte that breaks the quoting rules:
// done is its index, bad the bits of such bytes; else done is the number
// of blocks and bad 0.
func classify(data []byte, comma byte, out []uint64, st *[4]uint64) (done int, bad uint64) {
	if len(data) == 0 {
		return 0, 0
	}
	if simd == simdAVX2 {
		return classify64(unsafe.SliceData(data), len(data)/64, comma, unsafe.SliceData(out), st)
	}
	return classifyGo(data, comma, out, st)
}

// classifyGo is classify in Go (classify64 in skip_amd64.s with AVX2).
func classifyGo(data []byte, comma byte, out []uint64, st *[4]uint64) (done int, bad uint64) {
	inq, fieldStart, afterClose, afterCR := st[0], st[1], st[2], st[3]
	defer func() { *st = [4]uint64{inq, fieldStart, afterClose, afterCR} }()
	for j := 0; j < len(data)/64; j++ {
		var q, c, n, r uint64
		for i, x := range data[64*j : 64*j+64] {
			bit := uint64(1) << i
			switch x {
			case '"':
				q |= bit
			case comma:
				c |= bit
			case '\n':
				n |= bit
			case '\r':
				r |= bit
			}
		}
		// Bit i of in is set from an opening quote up to the byte before
		// its closing quote: the parity of the quotes up to byte i.
		in := prefixXor(q) ^ inq
		inq = uint64(int64(in) >> 63)
		sep := (c | n) &^ in
		out[j], out[stride+j], out[2*stride+j] = sep, n&^in, n&in
		open, closing, rOut := q&in, q&^in, r&^in
		fs := sep<<1 | fieldStart
		ac := closing<<1 | afterClose
		acr := rOut<<1 | afterCR
		fieldStart, afterClose, afterCR = sep>>63, closing>>63, rOut>>63
		if bad := open&^(fs|ac) | ac&^(sep|r|open) | acr&^n; bad != 0 {
			return j, bad
		}
	}
	return len(data) / 64, 0
}

// nextBitmap reads the record at s.pos with the masks, as Next does, unless
// s.bm.off; it returns false when the record path must read it.
func (s *Scanner) nextBitmap() bool {
	b := &s.bm
	p := s.pos
	data := s.data
	if p >= len(data) || data[p] == '\n' || data[p] == '\r' {
		return false
	}
	if p < b.base || p >= b.end {
		s.window(p)
	}
	for {
		if s.walk(p) {
			return true
		}
		if b.valid < b.end {
			b.off = true // something flagged: the record path from here
			return false
		}
		if p == b.base || b.end == len(data) {
			return false // a record longer than a window, or unterminated
		}
		s.window(p)
	}
}

// walk reads the record at p from the window's masks; false when its end
// is not before b.valid. A record of up to 127 bytes is read from the 128
// bits of each mask from p on; a longer one by walkLong.
func (s *Scanner) walk(p int) bool {
	b := &s.bm
	rel := uint(p - b.base)
	j, i := rel/64, rel%64
	if j+3 > uint(len(b.nl)) {
		return false
	}
	lo, hi := bits128((*[3]uint64)(b.nl[j:]), i)
	var e uint // the record's end, from p
	switch {
	case lo != 0:
		e = uint(bits.TrailingZeros64(lo))
	case hi != 0:
		e = 64 + uint(bits.TrailingZeros64(hi))
	default:
		return s.walkLong(p)
	}
	if p+int(e) >= b.valid {
		return false
	}
	sepLo, sepHi := bits128((*[3]uint64)(b.sep[j:]), i)
	sepLo, sepHi = below(sepLo, sepHi, e)
	nf := 1 + bits.OnesCount64(sepLo) + bits.OnesCount64(sepHi)
	s.scratch = s.scratch[:0]
	data := s.data[p:]
	for _, x := range s.asked {
		g := int(x.field)
		if g >= nf {
			s.Fields[x.slot] = nil
			continue
		}
		// The field runs from after separator g-1 (or the start) to
		// separator g (or the end).
		from, to := fieldBits(sepLo, sepHi, g, e)
		v := data[from:to]
		if len(v) > 0 && (v[0] == '"' || v[len(v)-1] == '\r') {
			v = s.value(v, to == e)
		}
		s.Fields[x.slot] = v
	}
	s.NFields = nf
	line := s.line
	s.Start, s.End, s.Line = p, p+int(e)+1, line
	s.pos, s.line = s.End, line+1
	if q := (*[3]uint64)(b.qnl[j:]); q[0]|q[1]|q[2] != 0 {
		qLo, qHi := bits128(q, i)
		qLo, qHi = below(qLo, qHi, e)
		s.line += int64(bits.OnesCount64(qLo) + bits.OnesCount64(qHi))
	}
	return true
}

// bits128 returns the 128 bits of m from bit i (< 64) on.
func bits128(m *[3]uint64, i uint) (lo, hi uint64) {
	i &= 63
	// x<<(63-i)<<1 is x<<(64-i), and 0 for i 0.
	return m[0]>>i | m[1]<<(63-i)<<1, m[1]>>i | m[2]<<(63-i)<<1
}

// below keeps the bits of lo:hi below bit e.
func below(lo, hi uint64, e uint) (uint64, uint64) {
	if e < 64 {
		return lo & (1<<e - 1), 0
	}
	return lo, hi & (1<<(e-64) - 1)
}

// fieldBits returns where field g of a record starts and ends, given the
// record's separators before its end e as the bits of lo:hi, more than
// g-1 of them.
func fieldBits(lo, hi uint64, g int, e uint) (from, to uint) {
	w, base := lo, uint(0)
	if k := g - 1; k >= 0 {
		// The field starts after separator k.
		if c := bits.OnesCount64(lo); k >= c {
			w, base, k = hi, 64, k-c
		}
		for ; k > 0; k-- {
			w &= w - 1
		}
		from = base + uint(bits.TrailingZeros64(w)) + 1
		w &= w - 1
	}
	if w == 0 && base == 0 {
		w, base = hi, 64
	}
	// It ends at the next separator, or at e (no bit left: 128).
	return from, min(base+uint(bits.TrailingZeros64(w)), e)
}

// walkLong is walk for a record of 128 bytes or more: it finds the
// record's end, then goes straight to the asked-for fields, counting and
// skipping separators a word at a time.
func (s *Scanner) walkLong(p int) bool {
	b := &s.bm
	rel := p - b.base
	e := nthBit(b.nl, rel, 0)
	if e < 0 || b.base+e >= b.valid {
		return false
	}
	nf := 1 + ones(b.sep, rel, e)
	s.scratch = s.scratch[:0]
	data := s.data[b.base:]
	at, fi := rel, 0 // field fi starts at at
	for _, x := range s.asked {
		if int(x.field) >= nf {
			s.Fields[x.slot] = nil
			continue
		}
		if g := int(x.field); g > fi {
			at = nthBit(b.sep, at, g-fi-1) + 1
			fi = g
		}
		end := nthBit(b.sep, at, 0)
		s.Fields[x.slot] = s.value(data[at:end], end == e)
		at, fi = end+1, fi+1
	}
	s.NFields = nf
	line := s.line
	s.Start, s.End, s.Line = p, b.base+e+1, line
	s.pos, s.line = s.End, line+1+int64(ones(b.qnl, rel, e))
	return true
}

// nthBit returns the offset of the k-th (from 0) bit set in m at or after
// offset a, which lies in m, or -1 if there are not that many.
func nthBit(m []uint64, a, k int) int {
	j := uint(a) / 64
	w := m[j] &^ (1<<(uint(a)%64) - 1)
	for c := bits.OnesCount64(w); k >= c; c = bits.OnesCount64(w) {
		k -= c
		if j++; j >= uint(len(m)) {
			return -1
		}
		w = m[j]
	}
	for ; k > 0; k-- {
		w &= w - 1
	}
	return int(64*j) + bits.TrailingZeros64(w)
}

// ones counts the bits set in m from offset a to before offset e, which
// lies in m.
func ones(m []uint64, a, e int) int {
	ja, je := uint(a)/64, uint(e)/64
	c := -bits.OnesCount64(m[ja] & (1<<(uint(a)%64) - 1))
	for ; ja < je; ja++ {
		c += bits.OnesCount64(m[ja])
	}
	return c + bits.OnesCount64(m[je]&(1<<(uint(e)%64)-1))
}

// value is the field v (from its first byte to its delimiter or line end,
// the record's last when last), checked by the masks: quoted and ending
// with its closing quote, or unquoted; either followed by '\r' when last.
func (s *Scanner) value(v []byte, last bool) []byte {
	if last && len(v) > 0 && v[len(v)-1] == '\r' {
		v = v[:len(v)-1]
	}
	if len(v) == 0 || v[0] != '"' {
		return v
	}
	v = v[1 : len(v)-1]
	esc, multi := bytes.IndexByte(v, '"') >= 0, bytes.IndexByte(v, '\n') >= 0
	if esc || multi {
		v = s.unescape(v, multi)
	}
	return v
}
