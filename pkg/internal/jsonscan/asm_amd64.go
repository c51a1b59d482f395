package jsonscan

import "golang.org/x/sys/cpu"

// masks16 (SSE2) and masks32 (AVX2) are stopMasks in asm_amd64.s.

//go:noescape
func masks16(b *byte, m *uint64, n int)

//go:noescape
func masks32(b *byte, m *uint64, n int)

// bestSIMD is the widest search this CPU has. SSE2 is part of the amd64
// baseline; AVX2 needs the CPU and the operating system (cpu checks that
// it saves the YMM registers).
var bestSIMD = func() int {
	if cpu.X86.HasAVX2 {
		return simdAVX2
	}
	return simdSSE2
}()

// members is runGo's loop in asm_amd64.s.
//
//go:noescape
func members(b *byte, n, i int, seq *pattern, nseq, p int, mask *uint64, lo, words int, spans *span, nspans int) (ni, np int, end bool)
