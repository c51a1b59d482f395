package scan

// skip16 and quote16 are in skip_amd64.s.

//go:noescape
func skip16(data *byte, p, n, k int, comma byte) (pos, rem, st int)

//go:noescape
func quote16(data *byte, p, n int) (pos int, found, nl bool)

const haveSIMD = true
