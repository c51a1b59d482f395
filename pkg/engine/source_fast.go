package engine

import (
	"bytes"
	"context"
	"io"

	"github.com/npskit/nps/pkg/breakdown"
	"github.com/npskit/nps/pkg/internal/pipeline"
	"github.com/npskit/nps/pkg/internal/reader"
)

// fastSource is the parallel fast path: byte-level scanners over chunks of
// plain CSV/TSV and JSON Lines.
type fastSource struct {
	plan     *reader.FastPlan
	specs    []breakdown.Spec
	weighted bool
	stdin    io.Reader // standard input from its first byte
}

func (s *fastSource) fill(ctx context.Context) (*breakdown.Set, error) {
	return pipeline.Run(ctx, pipeline.Config{
		Plan:      s.plan,
		Groupings: s.specs,
		Weighted:  s.weighted,
		Stdin:     s.stdin,
	})
}

// replay passes reads through and, while recording, keeps what it read.
type replay struct {
	r         io.Reader
	recording bool
	buf       []byte
}

func (p *replay) Read(b []byte) (int, error) {
	if p.r == nil {
		return 0, io.EOF
	}
	n, err := p.r.Read(b)
	if p.recording {
		p.buf = append(p.buf, b[:n]...)
	}
	return n, err
}

// again returns a reader of everything from the first byte.
func (p *replay) again() io.Reader {
	if p.r == nil {
		return bytes.NewReader(nil)
	}
	return io.MultiReader(bytes.NewReader(p.buf), p.r)
}
