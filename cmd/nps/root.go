package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"runtime/debug"
	"syscall"

	"github.com/spf13/cobra"

	"github.com/npskit/nps/pkg/usererr"
)

// streams are the process's standard streams, injected so that every command
// runs against buffers in tests.
type streams struct {
	in         io.Reader
	out        io.Writer
	err        io.Writer
	isTerminal bool // stdout is a terminal
	inTerminal bool // stdin is a terminal: reading it needs a FILE or a pipe
	getenv     func(string) string
}

//go:generate go test -run ^TestCLIReference$ -update .

// run executes one command line and returns the exit status. It is the one
// place where errors become exit codes and error lines.
func run(ctx context.Context, args []string, st streams) int {
	a := &app{streams: st}
	root := newRootCmd(a)
	root.SetArgs(args)
	err := root.ExecuteContext(ctx)
	code := exitCode(err, a.started)
	if code != 0 {
		fmt.Fprintf(st.err, "nps: %v\n", err)
	}
	return code
}

// exitCode maps an error to the exit status of SPEC section 7. Errors from
// cobra itself (unknown command, wrong argument count) arrive before any
// command started and are usage errors.
func exitCode(err error, started bool) int {
	switch {
	case err == nil:
		return 0
	case errors.Is(err, syscall.EPIPE):
		return 0 // the reader went away: not our failure
	case !started && !isUserErr(err):
		return int(usererr.Usage)
	}
	return int(usererr.KindOf(err))
}

func isUserErr(err error) bool {
	var e *usererr.Error
	return errors.As(err, &e)
}

func version() string {
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return "dev"
}

func newRootCmd(a *app) *cobra.Command {
	root := &cobra.Command{
		Use:   "nps",
		Short: "Net Promoter Score analysis of survey exports",
		Long: `nps reads survey exports (CSV, TSV, JSON, JSON Lines, Excel .xlsx, gzip;
Qualtrics, SurveyMonkey, Google and Microsoft Forms, Typeform and Delighted
exports load with no flags) and reports the Net Promoter Score with its
sample size and confidence interval: overall, by segment, by period, as a
trend, or as a comparison. 'nps inspect FILE' shows what was detected.

Promoters score 9-10, passives 7-8, detractors 0-6;
NPS = % promoters - % detractors, from -100 to +100.`,
		Version:       version(),
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.SetIn(a.in)
	root.SetOut(a.out)
	root.SetErr(a.err)
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error {
		return usererr.Usagef("see 'nps --help'", "%v", err)
	})
	root.CompletionOptions.HiddenDefaultCmd = false
	a.addGlobalFlags(root)
	root.AddCommand(
		newScoreCmd(a),
		newTrendCmd(a),
		newCompareCmd(a),
		newDistCmd(a),
		newClassifyCmd(a),
		newSampleSizeCmd(a),
		newInspectCmd(a),
		newSQLCmd(a),
	)
	return root
}
