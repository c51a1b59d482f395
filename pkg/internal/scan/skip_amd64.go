package scan

// skip16, quote16 (SSE2) and skip32, quote32, count32 (AVX2) are in
// skip_amd64.s.

//go:noescape
func skip16(data *byte, p, n, k int, comma byte) (pos, rem, st int)

//go:noescape
func quote16(data *byte, p, n int) (pos int, found, nl bool)

//go:noescape
func skip32(data *byte, p, n, k int, comma byte) (pos, rem, st int)

//go:noescape
func quote32(data *byte, p, n int) (pos int, found, nl bool)

//go:noescape
func count32(data *byte, n int) (quotes, newlines int, nul, high bool)

//go:noescape
func classify64(data *byte, blocks int, comma byte, out *uint64, st *[4]uint64) (done int, bad uint64)
