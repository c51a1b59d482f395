package main

import (
	"context"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/npskit/nps/pkg/breakdown"
	"github.com/npskit/nps/pkg/engine"
	"github.com/npskit/nps/pkg/render"
	"github.com/npskit/nps/pkg/usererr"
)

// app is what every command gets from the root: the streams, and whether
// a command's run began (errors before that are cobra's: usage errors).
type app struct {
	streams
	started bool
}

// base is the part of every command's options that they all share: where
// the command runs, its input files, and the input and output flags.
type base struct {
	ctx   context.Context
	app   *app
	files []string
	input inputFlags
	out   outputFlags

	progress *showProgress // nil unless the progress display is on
}

// runE is a command's RunE: it records the context and the files in the
// options, then hands them to runF (a test's) or run. The options are
// complete by then: every flag value was parsed when it was set.
func runE[T any](b *base, opts *T, runF, run func(*T) error) func(*cobra.Command, []string) error {
	return func(cmd *cobra.Command, files []string) error {
		b.app.started = true
		b.ctx, b.files = cmd.Context(), files
		if runF != nil {
			return runF(opts)
		}
		if err := b.checkStdin(); err != nil {
			return err
		}
		if err := b.checkOutput(); err != nil {
			return err
		}
		b.startProgress()
		defer b.stopProgress()
		return run(opts)
	}
}

// checkStdin refuses to wait on a terminal: with no FILE and nothing piped
// in, a user would otherwise see nps hang.
func (b *base) checkStdin() error {
	if !b.app.inTerminal || b.input.db != "" {
		return nil
	}
	for _, f := range b.files {
		if f != "-" {
			continue
		}
		return usererr.Usagef("give a FILE, or pipe the data in: nps score < responses.csv", "standard input is a terminal")
	}
	if len(b.files) == 0 {
		return usererr.Usagef("give a FILE, or pipe the data in: nps score < responses.csv", "no input file")
	}
	return nil
}

// style is how the output looks: colour only when --color always, or when
// it is auto and stdout is a terminal that can show colour and NO_COLOR is
// unset.
func (b *base) style() render.Style {
	color := b.out.color == colorAlways
	if b.out.color == colorAuto {
		color = b.app.isTerminal && b.out.file == "" && b.app.getenv("NO_COLOR") == "" && b.app.getenv("TERM") != "dumb"
	}
	return render.Style{Color: color && !b.out.noColor, Width: tableWidth(b.app.width, b.app.getenv)}
}

// query is the engine query over files with the input flags and, unless
// nil, the filters.
func (b *base) query(files []string, filter *filterFlags, groupings ...engine.Grouping) (engine.Query, error) {
	read := b.input.readOptions()
	read.Progress = b.counter()
	if filter != nil {
		if err := filter.apply(&read); err != nil {
			return engine.Query{}, err
		}
	}
	db, err := b.input.database(files, b.app.getenv)
	if err != nil {
		return engine.Query{}, err
	}
	return engine.Query{Files: files, Stdin: b.app.in, Read: read, Groupings: groupings, General: b.slowPath(), Database: db}, nil
}

// tally runs one pass over files that fills groupings, and prints its
// warnings.
func (b *base) tally(files []string, filter *filterFlags, groupings ...engine.Grouping) (*engine.Result, error) {
	q, err := b.query(files, filter, groupings...)
	if err != nil {
		return nil, err
	}
	return b.runQuery(q)
}

// runQuery runs q and prints its warnings.
func (b *base) runQuery(q engine.Query) (*engine.Result, error) {
	res, err := engine.Run(b.ctx, q)
	if res != nil {
		b.warn(res.Warnings)
	}
	return res, b.explainEmpty(q, res, err)
}

// tallyGroups runs one pass over the files grouped as the grouping flags
// say: the pass's result, the grouping, and its groups.
func (b *base) tallyGroups(filter *filterFlags, group *groupFlags) (*engine.Result, engine.Grouping, *breakdown.Grouper, error) {
	g := group.grouping()
	res, err := b.tally(b.files, filter, g)
	if err != nil {
		return nil, g, nil, err
	}
	return res, g, res.Groupings[0], nil
}

// slowPath reports whether NPS_SLOW_PATH is set: the general reader then
// does every pass (for comparisons and benchmarks).
func (b *base) slowPath() bool {
	return b.app.getenv("NPS_SLOW_PATH") != ""
}

// warn prints warnings unless -q.
func (b *base) warn(lines []string) {
	if b.out.quiet || len(lines) == 0 {
		return
	}
	b.stopProgress()
	for _, l := range lines {
		fmt.Fprintf(b.app.err, "nps: warning: %s\n", strings.TrimSpace(l))
	}
}
