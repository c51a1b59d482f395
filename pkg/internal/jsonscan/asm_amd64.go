package jsonscan

// masks16 (SSE2) and masks32 (AVX2) are stopMasks in asm_amd64.s.

//go:noescape
func masks16(b *byte, m *uint64, n int)

//go:noescape
func masks32(b *byte, m *uint64, n int)

// members is runGo's loop, and with ends linesGo's, in asm_amd64.s.
//
//go:noescape
func members(b *byte, n, i int, seq *pattern, nseq, p int, mask *uint64, lo, words int, spans *span, nspans int, ends *int, nends int) (ni, np int, end bool, lines int)
