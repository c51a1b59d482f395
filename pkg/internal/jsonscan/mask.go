package jsonscan

import (
	"bytes"
	"encoding/binary"
	"math/bits"

	"github.com/npskit/nps/pkg/internal/vector"
)

// Stop masks: bit k of word w is set when byte 64w+k of the text being
// scanned stops a run of plain string bytes ('"', '\\', a control
// character). The scanner keeps them for a window of its text ahead of
// its position and finds the end of a string from them instead of looking
// at its bytes one by one.

// The mask searches: simd is the widest the CPU has (bestSIMD); the tests
// set each level in turn.
const (
	simdNone = vector.None // Go only (SWAR)
	simdSSE2 = vector.SSE2 // 16 bytes at a time (masks16)
	simdAVX2 = vector.AVX2 // 32 bytes at a time (masks32)
)

var bestSIMD = vector.Best

var simd = bestSIMD

// windowWords is how many words of masks the scanner keeps: 4 KiB of
// text, a window that moves on over the text as the scanner reads it. The
// first fill of a text sets firstWords, about a line: a text may be read
// for one line only (Line).
const (
	windowWords = 64
	firstWords  = 4
)

// stopMasks sets m[k] to the stop mask of b[64k:64k+64] for every k;
// len(b) >= 64*len(m) > 0.
func stopMasks(b []byte, m []uint64) {
	if len(b) < 64*len(m) || len(m) == 0 {
		panic("jsonscan: stopMasks past its text")
	}
	switch simd {
	case simdAVX2:
		masks32(&b[0], &m[0], len(m))
	case simdSSE2:
		masks16(&b[0], &m[0], len(m))
	default:
		masksGo(b, m)
	}
}

// masksGo is stopMasks eight bytes at a time.
func masksGo(b []byte, m []uint64) {
	const (
		lsb  = 0x0101010101010101
		low7 = 0x7f7f7f7f7f7f7f7f
	)
	for k := range m {
		var mask uint64
		w := b[64*k : 64*k+64]
		for j := 0; j < 64; j += 8 {
			x := binary.LittleEndian.Uint64(w[j : j+8])
			// The high bit of each byte: set for a zero byte of x^c, or
			// (x&low7 + 0x60) | x leaves it clear for a byte below 0x20.
			st := vector.ZeroBytes(x^(lsb*'"')) | vector.ZeroBytes(x^(lsb*'\\')) | ^(x&low7+lsb*0x60|x)&(lsb<<7)
			mask |= highBits(st) << j
		}
		m[k] = mask
	}
}

// highBits gathers the high bits of the bytes of x (the others clear)
// into its low byte, byte k to bit k.
func highBits(x uint64) uint64 {
	return (x >> 7) * 0x0102040810204080 >> 56
}

// stop returns the index of the first byte at or after i in b (the text)
// that stops a run of plain string bytes, or an index at or past len(b)
// when none does.
func (s *Scanner) stop(b []byte, i int) int {
	for {
		w := i >> 6
		if uint(w-s.lo) >= uint(s.words) && !s.fill(b, w) {
			return len(b)
		}
		if m := s.mask[w-s.lo] >> (uint(i) & 63); m != 0 {
			return i + bits.TrailingZeros64(m)
		}
		i = (w + 1) << 6
	}
}

// fill sets the masks of the words of b from w on, as many as the window
// holds (firstWords the first time); false when w is not in b. The last
// bytes of b (fewer than 64) are masked as a word padded with bytes that
// stop no run: every stop found is a byte of b.
func (s *Scanner) fill(b []byte, w int) bool {
	at := w << 6
	if w < 0 || at >= len(b) {
		return false
	}
	n := windowWords
	if s.lo < 0 {
		n = firstWords
	}
	s.lo = w
	s.words = min((len(b)-at)>>6, n)
	if s.words == 0 {
		pad := plainWord
		copy(pad[:], b[at:])
		b, at, s.words = pad[:], 0, 1
	}
	stopMasks(b[at:at+s.words<<6], s.mask[:s.words])
	return true
}

// plainWord is 64 bytes that stop no run: a text's last word padded.
var plainWord = [64]byte(bytes.Repeat([]byte{'x'}, 64))

// next returns the index of the first stop at or after i in the words of
// mask from i's, or -1 when there is none (or i's word is not in mask).
func next(mask []uint64, i int) int {
	w := uint(i) >> 6
	if w >= uint(len(mask)) {
		return -1
	}
	if m := mask[w] >> (uint(i) & 63); m != 0 {
		return i + bits.TrailingZeros64(m)
	}
	for w++; w < uint(len(mask)); w++ {
		if mask[w] != 0 {
			return int(w)<<6 + bits.TrailingZeros64(mask[w])
		}
	}
	return -1
}
