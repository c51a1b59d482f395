//go:build !amd64

package vector

// Best is the widest level this CPU has: elsewhere than on amd64, the Go
// loops.
const Best = None
