package main

import (
	"context"
	"fmt"
	"strings"

	"github.com/npskit/nps/pkg/engine"
)

// query builds the engine query of a command from its files and flags.
func (a *app) query(files []string, groupings ...engine.Grouping) (engine.Query, error) {
	opt, err := a.surveyOptions()
	if err != nil {
		return engine.Query{}, err
	}
	return engine.Query{Files: files, Stdin: a.in, Read: opt, Groupings: groupings, General: a.slowPath()}, nil
}

// tally runs one pass that fills groupings and prints its warnings.
func (a *app) tally(ctx context.Context, files []string, groupings ...engine.Grouping) (*engine.Result, error) {
	q, err := a.query(files, groupings...)
	if err != nil {
		return nil, err
	}
	closeDB, err := a.openDB(ctx, &q)
	if err != nil {
		return nil, err
	}
	defer closeDB()
	res, err := engine.Run(ctx, q)
	if res != nil {
		a.warn(res.Warnings)
	}
	return res, err
}

// slowPath reports whether NPS_SLOW_PATH is set: the general reader then
// does every pass (for comparisons and benchmarks).
func (a *app) slowPath() bool {
	return a.getenv != nil && a.getenv("NPS_SLOW_PATH") != ""
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
