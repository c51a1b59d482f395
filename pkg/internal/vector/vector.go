// Package vector holds what the byte searches of the CSV scanner
// (pkg/internal/scan) and the JSON scanner (pkg/internal/jsonscan) share:
// how wide they may go on this CPU (one choice, made and tested once for
// both) and the eight-bytes-at-a-time step of their Go loops (ZeroBytes).
package vector

// The levels, narrowest first.
const (
	None = iota // Go loops only
	SSE2        // 16 bytes at a time: part of the amd64 baseline
	AVX2        // 32 bytes at a time
)
