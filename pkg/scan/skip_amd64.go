package scan

// skip16 is in skip_amd64.s.
//
//go:noescape
func skip16(data *byte, p, end, k int, comma byte) (pos, rem, st int)

const haveSkip16 = true
