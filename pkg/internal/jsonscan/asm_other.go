//go:build !amd64

package jsonscan

// Elsewhere masksGo does all the work.

func masks16(b *byte, m *uint64, n int) {}

func masks32(b *byte, m *uint64, n int) {}

func members(b *byte, n, i int, seq *pattern, nseq, p int, mask *uint64, lo, words int, spans *span, nspans int, ends *int, nends int) (ni, np int, end bool, lines int) {
	return i, p, false, 0
}
