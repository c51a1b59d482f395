//go:build !amd64

package scan

func skip16(data *byte, p, end, k int, comma byte) (pos, rem, st int) { return p, k, 0 }

const haveSkip16 = false
