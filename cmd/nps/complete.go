package main

import (
	"context"
	"errors"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/npskit/nps/pkg/engine"
	"github.com/npskit/nps/pkg/survey"
)

// Shell completion of flag values: enumerated values from their lists,
// column names (and a column's values after --where COL=) from the files
// already on the command line, read with the input flags given so far.

// Completion reads no more than this of a file for a column's values.
const (
	completeMaxRows   = 100_000
	completeMaxValues = 200
)

// register adds a flag's completion; the flag is defined by the caller, so
// an error is a bug.
func register(cmd *cobra.Command, flag string, fn cobra.CompletionFunc) {
	if err := cmd.RegisterFlagCompletionFunc(flag, fn); err != nil {
		panic(err)
	}
}

// completeChoices completes a flag from a fixed list.
func completeChoices(cmd *cobra.Command, flag string, choices []string) {
	register(cmd, flag, cobra.FixedCompletions(choices, cobra.ShellCompDirectiveNoFileComp))
}

// completeChoiceList completes a comma list of fixed choices.
func completeChoiceList(cmd *cobra.Command, flag string, choices []string) {
	register(cmd, flag, func(_ *cobra.Command, _ []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
		return listCompletions(toComplete, choices), cobra.ShellCompDirectiveNoFileComp
	})
}

// listCompletions completes the last item of a comma list with the
// choices it does not hold yet.
func listCompletions(toComplete string, choices []string) []cobra.Completion {
	done, last := "", toComplete
	if i := strings.LastIndexByte(toComplete, ','); i >= 0 {
		done, last = toComplete[:i+1], toComplete[i+1:]
	}
	have := strings.Split(done, ",")
	var out []cobra.Completion
	for _, c := range choices {
		if strings.HasPrefix(c, last) && !slices.Contains(have, c) {
			out = append(out, done+c)
		}
	}
	return out
}

// completeColumns completes flags that name one column.
func (in *inputFlags) completeColumns(cmd *cobra.Command, flags ...string) {
	for _, flag := range flags {
		register(cmd, flag, func(_ *cobra.Command, files []string, _ string) ([]cobra.Completion, cobra.ShellCompDirective) {
			return in.columns(files), cobra.ShellCompDirectiveNoFileComp
		})
	}
}

// completeColumnList completes a flag that takes a comma list of columns.
func (in *inputFlags) completeColumnList(cmd *cobra.Command, flag string) {
	register(cmd, flag, func(_ *cobra.Command, files []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
		return listCompletions(toComplete, in.columns(files)), cobra.ShellCompDirectiveNoFileComp
	})
}

// completeWhere completes --where: a column name and "=", then the
// column's values.
func (in *inputFlags) completeWhere(cmd *cobra.Command) {
	register(cmd, "where", func(_ *cobra.Command, files []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
		i := strings.IndexByte(toComplete, '=')
		if i < 0 {
			var out []cobra.Completion
			for _, c := range in.columns(files) {
				out = append(out, c+"=")
			}
			return out, cobra.ShellCompDirectiveNoFileComp | cobra.ShellCompDirectiveNoSpace
		}
		col := strings.TrimSuffix(toComplete[:i], "!")
		var out []cobra.Completion
		for _, v := range in.values(files, col) {
			out = append(out, toComplete[:i+1]+v)
		}
		return out, cobra.ShellCompDirectiveNoFileComp
	})
}

// columns are the column names of files, or none when no file is named
// (standard input cannot be read twice) or they cannot be read.
func (in *inputFlags) columns(files []string) []string {
	if len(files) == 0 || slices.Contains(files, "-") {
		return nil
	}
	q := engine.Query{Files: files, Read: in.readOptions()}
	if r, err := engine.OpenRows(q); err == nil {
		defer r.Close()
		return r.Columns()
	}
	// Opening needs a score column; inspect lists the columns without one,
	// which is when --score-col is wanted.
	rep, err := engine.Inspect(q)
	if err != nil {
		return nil
	}
	var cols []string
	for _, c := range rep.Columns {
		cols = append(cols, c.Name)
	}
	return cols
}

// errEnough stops reading values.
var errEnough = errors.New("enough values")

// values are the distinct non-empty values of a column in the first rows
// of files, sorted.
func (in *inputFlags) values(files []string, col string) []string {
	if len(files) == 0 || slices.Contains(files, "-") {
		return nil
	}
	rows, err := engine.OpenRows(engine.Query{Files: files, Read: in.readOptions()})
	if err != nil {
		return nil
	}
	defer rows.Close()
	i := slices.Index(rows.Columns(), col)
	if i < 0 {
		return nil
	}
	seen := map[string]bool{}
	var out []string
	n := 0
	_, _ = rows.Each(context.Background(), func(r *survey.Response) error { // errEnough, or the end
		if v := strings.TrimSpace(r.Fields[i]); v != "" && !seen[v] {
			seen[v] = true
			out = append(out, v)
		}
		if n++; n >= completeMaxRows || len(out) >= completeMaxValues {
			return errEnough
		}
		return nil
	})
	slices.Sort(out)
	return out
}
