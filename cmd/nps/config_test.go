package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/npskit/nps/pkg/period"
)

func writeFile(t *testing.T, path, text string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestConfigPrecedence: flags > NPS_<FLAG> > .nps.yaml (the working
// directory's or its nearest parent's, or --config / NPS_CONFIG) >
// built-in (SPEC section 3).
func TestConfigPrecedence(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, ".nps.yaml"), `# project defaults
min-n: 10
tz: Europe/Berlin
by: [region, plan]
where:
  - plan=Pro
period: quarter
rolling: 3 # trend's: score leaves it alone
`)
	writeFile(t, filepath.Join(dir, "other.yaml"), "min-n: 5\n")
	work := filepath.Join(dir, "a", "b")
	if err := os.MkdirAll(work, 0o755); err != nil {
		t.Fatal(err)
	}
	t.Chdir(work)

	cases := []struct {
		name  string
		env   map[string]string
		args  []string
		minN  int
		tz    string
		by    []string
		where []string
	}{
		{"file", nil, nil, 10, "Europe/Berlin", []string{"region", "plan"}, []string{"plan=Pro"}},
		{"environment over file", map[string]string{"NPS_MIN_N": "20", "NPS_BY": "channel,plan"}, nil, 20, "Europe/Berlin", []string{"channel", "plan"}, []string{"plan=Pro"}},
		{"flag over environment", map[string]string{"NPS_MIN_N": "20"}, []string{"--min-n", "30", "--by", "channel"}, 30, "Europe/Berlin", []string{"channel"}, []string{"plan=Pro"}},
		{"--config", nil, []string{"--config", filepath.Join(dir, "other.yaml")}, 5, "UTC", nil, nil},
		{"NPS_CONFIG", map[string]string{"NPS_CONFIG": filepath.Join(dir, "other.yaml"), "NPS_TZ": "Asia/Tokyo"}, nil, 5, "Asia/Tokyo", nil, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			o, code, msg := parse(t, newScoreCmd, c.env, append([]string{"score"}, c.args...)...)
			if code != 0 {
				t.Fatalf("status %d: %s", code, msg)
			}
			if o.stats.minN != c.minN || o.input.loc.String() != c.tz || strings.Join(o.group.by, ",") != strings.Join(c.by, ",") ||
				strings.Join(o.filter.where, ";") != strings.Join(c.where, ";") {
				t.Errorf("min-n %d, tz %s, by %q, where %q; want %d, %s, %q, %q", o.stats.minN, o.input.loc, o.group.by, o.filter.where, c.minN, c.tz, c.by, c.where)
			}
		})
	}
	// A key of another command applies there.
	o, code, msg := parse(t, newTrendCmd, nil, "trend")
	if code != 0 {
		t.Fatalf("trend: status %d: %s", code, msg)
	}
	if o.rolling != 3 || o.group.unit != period.Quarter {
		t.Errorf("trend: rolling %d, period %v; want 3 and quarter from the file", o.rolling, o.group.unit)
	}
}

// TestConfigErrors: a config file or variable that cannot be used is a
// usage error that names where it is.
func TestConfigErrors(t *testing.T) {
	cases := []struct {
		name, file string
		env        map[string]string
		want       string
	}{
		{"unknown key", "min-n: 10\nperod: month\n", nil, `.nps.yaml:2: unknown key "perod"; did you mean "period"?`},
		{"not a flag anywhere", "colour_scheme: dark\n", nil, `.nps.yaml:1: unknown key "colour_scheme"; use a flag's long name`},
		{"config is no key", "config: x.yaml\n", nil, `.nps.yaml:1: unknown key "config"`},
		{"bad value", "tz: UTC\nconfidence: 95\n", nil, ".nps.yaml:2: --confidence 95 is not a level between 0 and 1"},
		{"list for one value", "min-n: [1, 2]\n", nil, ".nps.yaml:1: --min-n takes one value, not a list"},
		{"no value", "min-n:\n", nil, ".nps.yaml:1: min-n has no single value or list of values"},
		{"not YAML", "min-n: 1\nby: : region\n", nil, ".nps.yaml:2: not valid YAML: mapping values are not allowed"},
		{"twice", "min-n: 1\ntz: UTC\nmin-n: 2\n", nil, ".nps.yaml:3: min-n is set twice (first on line 1)"},
		{"not a map", "- min-n\n", nil, ".nps.yaml:1: not a map of flag names to values"},
		{"bad environment value", "", map[string]string{"NPS_PERIOD": "fortnight"}, `NPS_PERIOD: --period "fortnight" is not a period`},
		{"missing --config file", "", map[string]string{"NPS_CONFIG": "nosuch.yaml"}, "nosuch.yaml: cannot read the config file: no such file or directory"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Chdir(t.TempDir())
			if c.file != "" {
				writeFile(t, ".nps.yaml", c.file)
			}
			_, code, msg := parse(t, newScoreCmd, c.env, "score")
			if code != 2 || !strings.Contains(msg, c.want) {
				t.Errorf("status %d, error %q; want 2 and %q", code, msg, c.want)
			}
		})
	}
}

// TestConfigEmptyFile: an empty .nps.yaml changes nothing.
func TestConfigEmptyFile(t *testing.T) {
	t.Chdir(t.TempDir())
	writeFile(t, ".nps.yaml", "# nothing yet\n")
	o, code, msg := parse(t, newScoreCmd, nil, "score")
	if code != 0 || o.stats.minN != 30 || o.input.loc != time.UTC {
		t.Errorf("status %d (%s), min-n %d, tz %v; want the built-in 30 and UTC", code, msg, o.stats.minN, o.input.loc)
	}
}
