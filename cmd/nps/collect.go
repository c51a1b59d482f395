package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/npskit/nps/pkg/breakdown"
	"github.com/npskit/nps/pkg/period"
	"github.com/npskit/nps/pkg/pipeline"
	"github.com/npskit/nps/pkg/survey"
	"github.com/npskit/nps/pkg/usererr"
)

// grouping says how a command groups responses.
type grouping struct {
	by   []string    // segment columns, in --by order
	unit period.Unit // period.None for no period
}

// keyNames are the group key names: the segment columns, then "period".
func (g grouping) keyNames() []string {
	names := append([]string(nil), g.by...)
	if g.unit != period.None {
		names = append(names, "period")
	}
	return names
}

// tallied is the outcome of one pass over the input.
type tallied struct {
	groups *breakdown.Grouper
	stats  survey.Stats
}

// checkInterval is how many rows pass between checks for Ctrl-C.
const checkInterval = 1 << 12

// collect reads every response of files and tallies the valid scores by g.
func (a *app) collect(ctx context.Context, files []string, g grouping) (*tallied, error) {
	opt, err := a.surveyOptions(g.unit != period.None)
	if err != nil {
		return nil, err
	}
	// What survey.Open reads of standard input is recorded, so that the
	// fast path can read it again from the first byte.
	stdin := &replay{r: a.in, recording: true}
	r, err := survey.Open(files, stdin, opt)
	stdin.recording = false
	if err != nil {
		return nil, err
	}
	defer r.Close()
	byIdx := make([]int, len(g.by))
	for i, name := range g.by {
		if byIdx[i], err = r.Column(name); err != nil {
			return nil, err
		}
	}
	if plan, _ := r.FastPlan(byIdx); plan != nil && !a.slowPath() {
		gr, err := pipeline.Run(ctx, pipeline.Config{
			Plan:     plan,
			By:       byIdx,
			Unit:     g.unit,
			Weighted: a.weightCol != "",
			Stdin:    stdin.again(),
		})
		if err != nil {
			return nil, err
		}
		return a.tallied(files, r, gr)
	}
	gr := breakdown.NewGrouper(len(g.by), g.unit, a.weightCol != "")
	segs := make([]string, len(g.by))
	var p period.Period
	for rows := 0; ; rows++ {
		if rows%checkInterval == 0 && ctx.Err() != nil {
			return nil, usererr.Newf(usererr.Data, "", 0, "", "interrupted")
		}
		resp, err := r.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, err
		}
		if resp.Status != survey.Valid {
			continue
		}
		for i, idx := range byIdx {
			segs[i] = resp.Fields[idx]
		}
		if g.unit != period.None {
			p = period.Of(resp.Time, g.unit)
		}
		gr.Add(segs, p, resp.Score, resp.Weight)
	}
	return a.tallied(files, r, gr)
}

// tallied finishes a pass: warnings, and the error for input without a
// valid score.
func (a *app) tallied(files []string, r *survey.Reader, gr *breakdown.Grouper) (*tallied, error) {
	st := r.Stats()
	a.warn(r.Warnings())
	if st.Valid == 0 {
		return nil, noScores(files, st)
	}
	return &tallied{groups: gr, stats: st}, nil
}

// slowPath reports whether NPS_SLOW_PATH is set: the general reader then
// does every pass (for comparisons and benchmarks).
func (a *app) slowPath() bool {
	return a.getenv != nil && a.getenv("NPS_SLOW_PATH") != ""
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

// noScores is the error for input without a single usable score.
func noScores(files []string, st survey.Stats) error {
	file := ""
	if len(files) == 1 {
		file = files[0]
	} else if len(files) == 0 {
		file = "-"
	}
	what := fmt.Sprintf("no valid score in %d rows (%d blank, %d invalid", st.Rows, st.Blank, st.Invalid)
	if st.Filtered > 0 {
		what += fmt.Sprintf(", %d filtered out", st.Filtered)
	}
	if st.BadDates > 0 {
		what += fmt.Sprintf(", %d without a readable date", st.BadDates)
	}
	what += ")"
	return usererr.Newf(usererr.Data, file, 0, "check --score-col and the filters", "%s", what)
}

// warn prints warnings unless -q.
func (a *app) warn(lines []string) {
	if a.quiet {
		return
	}
	for _, l := range lines {
		fmt.Fprintf(a.err, "nps: warning: %s\n", strings.TrimSpace(l))
	}
}
