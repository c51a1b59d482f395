package main

import (
	"bytes"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/creack/pty"
	"github.com/mattn/go-runewidth"
)

func TestTableWidth(t *testing.T) {
	for _, tt := range []struct {
		terminal int
		columns  string
		want     int
	}{
		{0, "", 80},     // not a terminal
		{0, "120", 120}, // COLUMNS, as a shell sets it
		{0, "abc", 80},
		{0, "-5", 80},
		{100, "50", 100}, // the terminal's own size wins
		{132, "", 132},
		{20, "", 40}, // narrower than anything can be laid out in
		{0, "10", 40},
	} {
		env := func(k string) string {
			if k == "COLUMNS" {
				return tt.columns
			}
			return ""
		}
		if got := tableWidth(tt.terminal, env); got != tt.want {
			t.Errorf("tableWidth(%d, COLUMNS=%q) = %d, want %d", tt.terminal, tt.columns, got, tt.want)
		}
	}
}

// TestWidthUnderPTY: with stdout on a terminal, tables fit its width as
// x/term reads it (60 and 100 columns here), whatever COLUMNS says.
func TestWidthUnderPTY(t *testing.T) {
	bin, err := exec.LookPath("nps") // this test binary, see TestMain
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		cols uint16
		args []string
		want []string // lines
	}{
		{60, []string{"score", "../../testdata/responses.csv", "--by", "region"}, []string{
			" region      n   NPS        95% CI     promoters",
			" region      passives   detractors  band",
		}},
		{100, []string{"score", "../../testdata/responses.csv", "--by", "region"}, []string{
			" region      n   NPS        95% CI     promoters     passives   detractors  band",
		}},
		{60, []string{"inspect", "../../testdata/responses.csv"}, []string{
			" submitted_at",
			"   role      date",
		}},
	} {
		cmd := exec.Command(bin, tt.args...)
		cmd.Env = append(os.Environ(), "NO_COLOR=1", "COLUMNS=200")
		ptmx, err := pty.StartWithSize(cmd, &pty.Winsize{Rows: 50, Cols: tt.cols})
		if err != nil {
			t.Skipf("no pseudo-terminal: %v", err)
		}
		var out bytes.Buffer
		io.Copy(&out, ptmx) // ends with EIO once the child exits
		ptmx.Close()
		if err := cmd.Wait(); err != nil {
			t.Fatalf("%v: %s", err, out.String())
		}
		text := strings.ReplaceAll(out.String(), "\r\n", "\n") // the terminal's line ends
		lines := strings.Split(text, "\n")
		for _, l := range lines {
			if w := (&runewidth.Condition{}).StringWidth(l); w > int(tt.cols) {
				t.Errorf("%v on %d columns: a line %d wide: %q", tt.args, tt.cols, w, l)
			}
		}
		for _, want := range tt.want {
			found := false
			for _, l := range lines {
				found = found || l == want
			}
			if !found {
				t.Errorf("%v on %d columns: no line %q in\n%s", tt.args, tt.cols, want, text)
			}
		}
	}
}

// TestExportsFit: every export fixture's inspect, score and trend, and the
// sample's grouped tables, fit 80 columns when stdout is no terminal.
func TestExportsFit(t *testing.T) {
	exports, err := filepath.Glob("../../testdata/exports/*.*")
	if err != nil {
		t.Fatal(err)
	}
	var runs [][]string
	for _, f := range exports {
		for _, c := range []string{"inspect", "score", "trend"} {
			runs = append(runs, []string{c, f})
		}
	}
	sample := "../../testdata/responses.csv"
	runs = append(runs,
		[]string{"score", sample, "--by", "region", "--period", "quarter"},
		[]string{"score", sample, "--by", "region,plan,channel", "--period", "month"},
		[]string{"trend", sample, "--by", "region"},
		[]string{"compare", sample, "--by", "region", "--a", "EMEA", "--b", "APAC"},
		[]string{"compare", sample, "--by", "region"},
		[]string{"report", "-f", "table", sample},
	)
	fitted := 0
	for _, args := range runs {
		var out, errb bytes.Buffer
		st := streams{in: strings.NewReader(""), out: &out, err: &errb, getenv: func(string) string { return "" }}
		if code := run(t.Context(), args, st); code != 0 {
			continue // an export that needs a flag (--sheet, --scale): not a layout matter
		}
		fitted++
		for _, l := range strings.Split(out.String(), "\n") {
			if w := (&runewidth.Condition{}).StringWidth(l); w > 80 {
				t.Errorf("nps %s: a line %d wide: %q", strings.Join(args, " "), w, l)
			}
		}
	}
	if fitted < len(runs)*3/4 {
		t.Errorf("only %d of %d runs succeeded", fitted, len(runs))
	}
}
