// Package progress counts the bytes a pass reads, for a progress display
// (cmd/nps draws it). The readers report through one counter
// (survey.Options.Progress): Count wraps an input so that each Read adds
// its byte count (a block of 64 KiB or more at a time, never a row), and
// the parallel pass adds each chunk once it is tallied. The display polls
// the counter on its own goroutine, so the reading loops pay one atomic add
// per block and nothing else.
package progress

import (
	"io"
	"sync/atomic"
)

// Count returns r adding the bytes read through it to n; r itself when n
// is nil.
func Count(r io.Reader, n *atomic.Int64) io.Reader {
	if n == nil {
		return r
	}
	return &counted{r, n}
}

type counted struct {
	r io.Reader
	n *atomic.Int64
}

func (c *counted) Read(p []byte) (int, error) {
	k, err := c.r.Read(p)
	c.n.Add(int64(k))
	return k, err
}

// Under is the reader under a counting reader (to seek a file without
// reading it), else r.
func Under(r io.Reader) io.Reader {
	if c, ok := r.(*counted); ok {
		return c.r
	}
	return r
}
