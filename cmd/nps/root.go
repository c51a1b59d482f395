package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"runtime/debug"
	"strconv"
	"syscall"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/npskit/nps/pkg/usererr"
)

// streams are the process's standard streams, injected so that every command
// runs against buffers in tests.
type streams struct {
	in          io.Reader
	out         io.Writer
	err         io.Writer
	isTerminal  bool // stdout is a terminal
	errTerminal bool // stderr is a terminal: progress is shown there
	width       int  // stdout's terminal width in columns; 0 when it is no terminal
	inTerminal  bool // stdin is a terminal: reading it needs a FILE or a pipe
	getenv      func(string) string
}

//go:generate go test -run ^TestGeneratedDocs$ -update .

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

// version names the build: the module version (a release, or the
// pseudo-version the go command stamps from version control), else the
// VCS revision and its time, else "dev".
func version() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return "dev"
	}
	return versionOf(bi)
}

func versionOf(bi *debug.BuildInfo) string {
	if v := bi.Main.Version; v != "" && v != "(devel)" {
		return v
	}
	vcs := map[string]string{}
	for _, s := range bi.Settings {
		vcs[s.Key] = s.Value
	}
	rev := vcs["vcs.revision"]
	if rev == "" {
		return "dev"
	}
	rev = rev[:min(12, len(rev))]
	if vcs["vcs.modified"] == "true" {
		rev += "+dirty"
	}
	if t := vcs["vcs.time"]; t != "" {
		rev += " (" + t + ")"
	}
	return rev
}

// newRootCmd is the nps command: what every command shares (help layout,
// flag errors, defaults from the config file and the environment,
// --version) and the subcommands.
func newRootCmd(a *app) *cobra.Command {
	var configFile string
	root := &cobra.Command{
		Use:   "nps",
		Short: "Net Promoter Score analysis of survey exports",
		Long: `nps reads survey exports (CSV, TSV, JSON, JSON Lines, Excel .xlsx, gzip;
Qualtrics, SurveyMonkey, Google and Microsoft Forms, Typeform and Delighted
exports load with no flags) and reports the Net Promoter Score with its
sample size and confidence interval: overall, by segment, by period, as a
trend, or as a comparison. 'nps inspect FILE' shows what was detected.

Promoters score 9-10, passives 7-8, detractors 0-6;
NPS = % promoters - % detractors, from -100 to +100.

Defaults for any flag come from .nps.yaml (in this directory or the nearest
parent that has one) and from NPS_<FLAG> environment variables.`,
		Version:       version(),
		SilenceUsage:  true,
		SilenceErrors: true,
		PersistentPreRunE: func(cmd *cobra.Command, _ []string) error {
			return applyDefaults(cmd, configFile, a.getenv)
		},
	}
	root.SetIn(a.in)
	root.SetOut(a.out)
	root.SetErr(a.err)
	root.SetUsageFunc(usage)
	root.SetFlagErrorFunc(flagError)
	root.CompletionOptions.HiddenDefaultCmd = false
	root.PersistentFlags().StringVar(&configFile, "config", "", "read flag defaults from `FILE` instead of .nps.yaml")
	root.AddCommand(
		newScoreCmd(a, nil),
		newTrendCmd(a, nil),
		newCompareCmd(a, nil),
		newDistCmd(a, nil),
		newClassifyCmd(a, nil),
		newSampleSizeCmd(a, nil),
		newInspectCmd(a, nil),
		newReportCmd(a, nil),
		newThemesCmd(a, nil),
		newDriversCmd(a, nil),
		newFollowupCmd(a, nil),
		newSQLCmd(a, nil),
	)
	root.InitDefaultCompletionCmd()
	for _, c := range root.Commands() {
		if c.Name() == "completion" {
			for _, sh := range c.Commands() {
				sh.Long = wrapLines(sh.Long, helpWidth) // cobra's text
			}
		}
	}
	return root
}

// flagError turns the flag parser's errors into usage errors in the tool's
// own words: what a refused value is not, the nearest flag for an unknown
// one.
func flagError(c *cobra.Command, err error) error {
	help := fmt.Sprintf("see '%s --help'", c.CommandPath())
	var invalid *pflag.InvalidValueError
	var missing *pflag.ValueRequiredError
	var unknown *pflag.NotExistError
	switch {
	case errors.As(err, &invalid):
		return valueError(invalid, help)
	case errors.As(err, &missing):
		return usererr.Usagef(help, "--%s needs a value", missing.GetFlag().Name)
	case errors.As(err, &unknown) && unknown.GetSpecifiedShortnames() == "":
		return unknownFlag(c, unknown.GetSpecifiedName(), help)
	}
	return usererr.Usagef(help, "%v", err)
}

// valueError says what a refused flag value is not, and what to do.
func valueError(e *pflag.InvalidValueError, help string) *usererr.Error {
	f, v := e.GetFlag(), e.GetValue()
	shown := strconv.Quote(v)
	if _, err := strconv.ParseFloat(v, 64); err == nil {
		shown = v
	}
	var bad *badValue
	if !errors.As(e, &bad) {
		bad = &badValue{"a valid value", help}
		switch f.Value.Type() {
		case "bool":
			bad.isNot = "true or false"
		case "int":
			bad.isNot = "a whole number"
		}
	}
	return usererr.Usagef(bad.hint, "--%s %s is not %s", f.Name, shown, bad.isNot)
}

// unknownFlag is the error for a flag c does not have: the nearest flag it
// has, or the commands that have it.
func unknownFlag(c *cobra.Command, name, help string) error {
	var have []string
	c.Flags().VisitAll(func(f *pflag.Flag) {
		if !f.Hidden {
			have = append(have, f.Name)
		}
	})
	if near := nearest(name, have); near != "" {
		return usererr.Usagef("did you mean --"+near+"?", "unknown flag: --%s", name)
	}
	var users []string
	for _, sub := range c.Root().Commands() {
		if sub != c && sub.Flags().Lookup(name) != nil {
			users = append(users, sub.Name())
		}
	}
	if len(users) > 0 {
		verb := "have"
		if len(users) == 1 {
			verb = "has"
		}
		return usererr.Usagef(help, "%s has no --%s flag (only %s %s it)", c.Name(), name, joinList(users, "and"), verb)
	}
	return usererr.Usagef(help, "unknown flag: --%s", name)
}
