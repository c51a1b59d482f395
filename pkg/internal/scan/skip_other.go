//go:build !amd64

package scan

// Elsewhere the Go loops of skipFields, indexQuote and Count do all the
// work.

func skip16(data *byte, p, n, k int, comma byte) (pos, rem, st int) { return p, k, 0 }

func quote16(data *byte, p, n int) (pos int, found, nl bool) { return p, false, false }

func skip32(data *byte, p, n, k int, comma byte) (pos, rem, st int) { return p, k, 0 }

func quote32(data *byte, p, n int) (pos int, found, nl bool) { return p, false, false }

func count32(data *byte, n int) (quotes, newlines int, nul, high bool) { return 0, 0, false, false }

func classify64(data *byte, blocks int, comma byte, out *uint64, st *[4]uint64) (done int, bad uint64) {
	return 0, 0
}
