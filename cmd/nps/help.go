package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// helpWidth is the width help text fits in.
const helpWidth = 80

// The headings flags are grouped under in help, in order. A command's own
// flags come first, under "Flags"; the global ones last.
const (
	headingOwn        = "Flags"
	headingInput      = "Input flags"
	headingFilter     = "Filter flags"
	headingGrouping   = "Grouping flags"
	headingStatistics = "Statistics flags"
	headingOutput     = "Output flags"
	headingGlobal     = "Global flags"
)

var headings = []string{headingOwn, headingInput, headingFilter, headingGrouping, headingStatistics, headingOutput, headingGlobal}

// headingAnnotation is the flag annotation that names a flag's heading.
const headingAnnotation = "nps_heading"

// addGroup defines flags with define on cmd and files them under heading.
func addGroup(cmd *cobra.Command, heading string, define func(*pflag.FlagSet)) {
	g := pflag.NewFlagSet(heading, pflag.ContinueOnError)
	g.SortFlags = false
	define(g)
	cmd.Flags().SortFlags = false // help lists a group's flags as defined
	g.VisitAll(func(f *pflag.Flag) {
		if f.Annotations == nil {
			f.Annotations = map[string][]string{}
		}
		f.Annotations[headingAnnotation] = []string{heading}
	})
	cmd.Flags().AddFlagSet(g)
}

// usage writes a command's usage as cobra's default does, with its flags
// grouped under headings and every line wrapped to helpWidth.
func usage(c *cobra.Command) error {
	w := c.OutOrStderr()
	fmt.Fprint(w, "Usage:")
	if c.Runnable() {
		fmt.Fprintf(w, "\n  %s", c.UseLine())
	}
	if c.HasAvailableSubCommands() {
		fmt.Fprintf(w, "\n  %s [command]", c.CommandPath())
	}
	if c.HasExample() {
		fmt.Fprintf(w, "\n\nExamples:\n%s", c.Example)
	}
	if c.HasAvailableSubCommands() {
		fmt.Fprint(w, "\n\nCommands:")
		for _, sub := range c.Commands() {
			if sub.IsAvailableCommand() || sub.Name() == "help" {
				fmt.Fprintf(w, "\n  %-*s %s", sub.NamePadding(), sub.Name(), sub.Short)
			}
		}
	}
	writeFlagSections(w, c)
	if c.HasAvailableSubCommands() {
		fmt.Fprintf(w, "\n\nUse \"%s [command] --help\" for more information about a command.", c.CommandPath())
	}
	fmt.Fprintln(w)
	return nil
}

// writeFlagSections writes each heading that has flags, and its flags.
func writeFlagSections(w io.Writer, c *cobra.Command) {
	sections := map[string]*pflag.FlagSet{}
	add := func(heading string, f *pflag.Flag) {
		if sections[heading] == nil {
			sections[heading] = pflag.NewFlagSet(heading, pflag.ContinueOnError)
			sections[heading].SortFlags = false
		}
		sections[heading].AddFlag(f)
	}
	c.LocalFlags().VisitAll(func(f *pflag.Flag) {
		switch {
		case f.Hidden:
		case f.Name == "help" || f.Name == "version" || c.PersistentFlags().Lookup(f.Name) != nil:
			add(headingGlobal, f)
		case len(f.Annotations[headingAnnotation]) > 0:
			add(f.Annotations[headingAnnotation][0], f)
		default:
			add(headingOwn, f)
		}
	})
	c.InheritedFlags().VisitAll(func(f *pflag.Flag) {
		if !f.Hidden {
			add(headingGlobal, f)
		}
	})
	for _, h := range headings {
		if fs := sections[h]; fs != nil {
			fmt.Fprintf(w, "\n\n%s:\n%s", h, strings.TrimRight(fs.FlagUsagesWrapped(helpWidth), " \n"))
		}
	}
}

// wrapLines breaks the lines of s that are wider than width at their last
// space that fits, keeping the line's indentation.
func wrapLines(s string, width int) string {
	lines := strings.Split(s, "\n")
	var out []string
	for _, l := range lines {
		indent := l[:len(l)-len(strings.TrimLeft(l, " \t"))]
		for len(l) > width {
			i := strings.LastIndexByte(l[:width+1], ' ')
			if i <= len(indent) {
				break
			}
			out = append(out, l[:i])
			l = indent + l[i+1:]
		}
		out = append(out, l)
	}
	return strings.Join(out, "\n")
}
