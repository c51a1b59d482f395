package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
	"go.yaml.in/yaml/v3"

	"github.com/npskit/nps/pkg/usererr"
)

// configName is the file that holds a project's flag defaults.
const configName = ".nps.yaml"

// configEntry is one key of the config file: its values (several for a
// list) and the line it is on.
type configEntry struct {
	values []string
	line   int
}

// applyDefaults gives each flag of cmd that the command line left unset
// the value of its NPS_<FLAG> environment variable, else the value of its
// key in the config file, so flags > environment > file > built-in (SPEC
// section 3). The file is --config FILE, else $NPS_CONFIG, else the
// .nps.yaml of the working directory or its nearest parent that has one.
// A key that is no flag of any command is an error; one that is a flag of
// other commands only is left alone.
func applyDefaults(cmd *cobra.Command, configFile string, getenv func(string) string) error {
	path := configFile
	if path == "" {
		path = getenv("NPS_CONFIG")
	}
	if path == "" {
		path = findConfig()
	}
	var conf map[string]configEntry
	if path != "" {
		var err error
		if conf, err = readConfig(path, configKeys(cmd.Root())); err != nil {
			return err
		}
	}
	var err error
	cmd.Flags().VisitAll(func(f *pflag.Flag) {
		if err != nil || f.Changed || !configurable(f) {
			return
		}
		env := envName(f.Name)
		if v := getenv(env); v != "" {
			if e := setFlag(cmd, f, []string{v}); e != nil {
				e.Msg = env + ": " + e.Msg
				err = e
			}
			return
		}
		if c, ok := conf[f.Name]; ok {
			if e := setFlag(cmd, f, c.values); e != nil {
				e.File, e.Line = path, int64(c.line)
				err = e
			}
		}
	})
	return err
}

// envName is the environment variable of a flag: NPS_SCORE_COL for
// --score-col.
func envName(flag string) string {
	return "NPS_" + strings.ToUpper(strings.ReplaceAll(flag, "-", "_"))
}

// configurable reports whether a flag takes a default from the environment
// and the config file: every flag but --help, --version and --config.
func configurable(f *pflag.Flag) bool {
	return f.Name != "help" && f.Name != "version" && f.Name != "config"
}

// setFlag sets a flag from the environment or the config file as the
// command line would; a list flag takes several values.
func setFlag(cmd *cobra.Command, f *pflag.Flag, values []string) *usererr.Error {
	if _, list := f.Value.(pflag.SliceValue); !list && len(values) != 1 {
		return usererr.Usagef("give one value", "--%s takes one value, not a list", f.Name)
	}
	for _, v := range values {
		var invalid *pflag.InvalidValueError
		if err := cmd.Flags().Set(f.Name, v); errors.As(err, &invalid) {
			return valueError(invalid, fmt.Sprintf("see '%s --help'", cmd.CommandPath()))
		}
	}
	return nil
}

// findConfig returns the .nps.yaml of the working directory or its nearest
// parent that has one, or "".
func findConfig() string {
	dir, err := os.Getwd()
	if err != nil {
		return ""
	}
	for {
		path := filepath.Join(dir, configName)
		if st, err := os.Stat(path); err == nil && st.Mode().IsRegular() {
			return path
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
}

// configKeys are the keys a config file may hold: the long name of every
// flag of every command that takes a default.
func configKeys(root *cobra.Command) map[string]bool {
	keys := map[string]bool{}
	var walk func(*cobra.Command)
	walk = func(c *cobra.Command) {
		c.Flags().VisitAll(func(f *pflag.Flag) {
			if configurable(f) {
				keys[f.Name] = true
			}
		})
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(root)
	return keys
}

// yamlLine finds the line in a YAML parser error.
var yamlLine = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// readConfig reads a config file: a YAML map from flag names to a value,
// or to a list of values for a list flag (by, where).
func readConfig(path string, keys map[string]bool) (map[string]configEntry, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		err = usererr.Reason(err)
		return nil, &usererr.Error{Kind: usererr.Usage, File: path, Msg: "cannot read the config file: " + err.Error(), Err: err}
	}
	const hint = "write one flag name and its value per line, such as tz: Europe/Berlin"
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		msg, line := strings.TrimPrefix(err.Error(), "yaml: "), 0
		if m := yamlLine.FindStringSubmatch(err.Error()); m != nil {
			line, _ = strconv.Atoi(m[1])
			msg = m[2]
		}
		return nil, usererr.Newf(usererr.Usage, path, int64(line), hint, "not valid YAML: %s", msg)
	}
	conf := map[string]configEntry{}
	if len(doc.Content) == 0 {
		return conf, nil // an empty file
	}
	m := doc.Content[0]
	if m.Kind != yaml.MappingNode {
		return nil, usererr.Newf(usererr.Usage, path, int64(m.Line), hint, "not a map of flag names to values")
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		k, v := m.Content[i], m.Content[i+1]
		if !keys[k.Value] {
			known := make([]string, 0, len(keys))
			for key := range keys {
				known = append(known, key)
			}
			slices.Sort(known) // a stable pick among equally near keys
			what := "use a flag's long name, such as score-col or tz"
			if near := nearest(k.Value, known); near != "" {
				what = fmt.Sprintf("did you mean %q?", near)
			}
			return nil, usererr.Newf(usererr.Usage, path, int64(k.Line), what, "unknown key %q", k.Value)
		}
		if first, ok := conf[k.Value]; ok {
			return nil, usererr.Newf(usererr.Usage, path, int64(k.Line), "keep one", "%s is set twice (first on line %d)", k.Value, first.line)
		}
		e := configEntry{line: k.Line}
		switch {
		case v.Kind == yaml.ScalarNode && v.Tag != "!!null":
			e.values = []string{v.Value}
		case v.Kind == yaml.SequenceNode:
			for _, item := range v.Content {
				if item.Kind != yaml.ScalarNode {
					return nil, usererr.Newf(usererr.Usage, path, int64(item.Line), hint, "%s: a list item is not a single value", k.Value)
				}
				e.values = append(e.values, item.Value)
			}
		default:
			return nil, usererr.Newf(usererr.Usage, path, int64(k.Line), hint, "%s has no single value or list of values", k.Value)
		}
		conf[k.Value] = e
	}
	return conf, nil
}
