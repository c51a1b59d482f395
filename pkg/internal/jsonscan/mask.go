package jsonscan

import (
	"encoding/binary"
	"math/bits"
)

// Stop masks: bit k of word w is set when byte 64w+k of the text being
// scanned stops a run of plain string bytes ('"', '\\', a control
// character). The scanner fills them ahead of its position, a few words at
// a time, and finds the end of a string from them instead of looking at
// its bytes one by one.

// The mask searches: simd is the widest the CPU has (bestSIMD); the tests
// set each level in turn.
const (
	simdNone = iota // Go only (SWAR)
	simdSSE2        // 16 bytes at a time (masks16)
	simdAVX2        // 32 bytes at a time (masks32)
)

var simd = bestSIMD

// fillWords is how many words fill sets at most: 256 bytes, about one line
// of an export.
const fillWords = 4

// stopMasks sets m[k] to the stop mask of b[64k:64k+64] for k from 0, up to
// and including the first word that holds a '\n' (the end of a JSON Lines
// line) and at most len(m) words; len(b) >= 64*len(m) > 0. It returns the
// number of words set.
func stopMasks(b []byte, m []uint64) int {
	if len(b) < 64*len(m) || len(m) == 0 {
		panic("jsonscan: stopMasks past its text")
	}
	switch simd {
	case simdAVX2:
		return masks32(&b[0], &m[0], len(m))
	case simdSSE2:
		return masks16(&b[0], &m[0], len(m))
	}
	return masksGo(b, m)
}

// masksGo is stopMasks eight bytes at a time.
func masksGo(b []byte, m []uint64) int {
	const (
		lsb  = 0x0101010101010101
		low7 = 0x7f7f7f7f7f7f7f7f
	)
	for k := range m {
		var mask, nl uint64
		w := b[64*k : 64*k+64]
		for j := 0; j < 64; j += 8 {
			x := binary.LittleEndian.Uint64(w[j : j+8])
			// The high bit of each byte: set for a zero byte of x^c, or
			// (x&low7 + 0x60) | x leaves it clear for a byte below 0x20.
			st := zeroBytes(x^(lsb*'"')) | zeroBytes(x^(lsb*'\\')) | ^(x&low7+lsb*0x60|x)&(lsb<<7)
			nl |= zeroBytes(x ^ (lsb * '\n'))
			mask |= highBits(st) << j
		}
		m[k] = mask
		if nl != 0 {
			return k + 1
		}
	}
	return len(m)
}

// zeroBytes sets the high bit of each zero byte of x, exactly.
func zeroBytes(x uint64) uint64 {
	const low7 = 0x7f7f7f7f7f7f7f7f
	return ^((x&low7 + low7) | x | low7)
}

// highBits gathers the high bits of the bytes of x (the others clear)
// into its low byte, byte k to bit k.
func highBits(x uint64) uint64 {
	return (x >> 7) * 0x0102040810204080 >> 56
}

// stop returns the index of the first byte at or after i in b that stops a
// run of plain string bytes, or an index at or past len(b) when none does.
func (s *Scanner) stop(b []byte, i int) int {
	if w := i >> 6; w < s.words {
		if m := s.mask[w] >> (uint(i) & 63); m != 0 {
			return i + bits.TrailingZeros64(m)
		}
	}
	return s.stopOn(b, i)
}

// stopOn is stop past the first word, filling masks as it goes.
func (s *Scanner) stopOn(b []byte, i int) int {
	for {
		w := i >> 6
		for w >= s.words {
			if !s.fill(b) {
				return len(b)
			}
		}
		if m := s.mask[w] >> (uint(i) & 63); m != 0 {
			return i + bits.TrailingZeros64(m)
		}
		i = (w + 1) << 6
	}
}

// fill sets the next masks of b; false when they cover b already. The
// last bytes of b (fewer than 64) are masked as a word padded with zero
// bytes, which stop runs, past len(b).
func (s *Scanner) fill(b []byte) bool {
	at, w := s.words<<6, s.words
	if at >= len(b) {
		return false
	}
	if len(s.mask) < w+fillWords {
		s.mask = append(s.mask, make([]uint64, w+fillWords-len(s.mask))...)
	}
	n := min((len(b)-at)>>6, fillWords)
	if n == 0 {
		var pad [64]byte
		copy(pad[:], b[at:])
		b, at, n = pad[:], 0, 1
	}
	s.words += stopMasks(b[at:at+n<<6], s.mask[w:w+n])
	return true
}

// next returns the index of the first stop at or after i in the first
// two words of mask from i's, or -1 when they are not set or hold none.
func next(mask []uint64, i int) int {
	w := uint(i) >> 6
	if w >= uint(len(mask)) {
		return -1
	}
	if m := mask[w] >> (uint(i) & 63); m != 0 {
		return i + bits.TrailingZeros64(m)
	}
	if w+1 < uint(len(mask)) && mask[w+1] != 0 {
		return int(w+1)<<6 + bits.TrailingZeros64(mask[w+1])
	}
	return -1
}
