package engine

import (
	"context"
	"errors"
	"io"
	"time"

	"github.com/npskit/nps/pkg/breakdown"
	"github.com/npskit/nps/pkg/internal/reader"
	"github.com/npskit/nps/pkg/survey"
	"github.com/npskit/nps/pkg/usererr"
)

// generalSource reads with reader.Reader: any format, any layout.
type generalSource struct {
	r        *reader.Reader
	specs    []breakdown.Spec
	weighted bool
}

func (s *generalSource) fill(ctx context.Context) (*breakdown.Set, error) {
	set := breakdown.NewSet(s.specs, s.weighted)
	err := eachResponse(ctx, s.r, func(resp *survey.Response) error {
		var (
			y int
			m time.Month
			d int
		)
		if set.NeedsDate() {
			y, m, d = resp.Time.Date()
		}
		set.AddResponse(resp, y, m, d)
		return nil
	})
	return set, err
}

// checkInterval is how many rows pass between checks for Ctrl-C.
const checkInterval = 1 << 12

// eachResponse calls fn with every response r yields.
func eachResponse(ctx context.Context, r *reader.Reader, fn func(*survey.Response) error) error {
	for rows := 0; ; rows++ {
		if rows%checkInterval == 0 && ctx.Err() != nil {
			return usererr.Newf(usererr.Data, "", 0, "", "interrupted")
		}
		resp, err := r.Next()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
		if err := fn(resp); err != nil {
			return err
		}
	}
}
