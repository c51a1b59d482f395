package main

import (
	"compress/gzip"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/mattn/go-runewidth"
	"github.com/rogpeppe/go-internal/testscript"
)

func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){"nps": main})
}

// TestScripts runs the end-to-end scripts in testdata/script against the
// real binary. The repository's sample export is at $SAMPLE, the one with
// planted signals (npsgen -plant) at $PLANTED.
func TestScripts(t *testing.T) {
	sample, err := filepath.Abs("../../testdata/responses.csv")
	if err != nil {
		t.Fatal(err)
	}
	exports, err := filepath.Abs("../../testdata/exports")
	if err != nil {
		t.Fatal(err)
	}
	testscript.Run(t, testscript.Params{
		Dir: "testdata/script",
		Setup: func(env *testscript.Env) error {
			env.Setenv("SAMPLE", sample)
			// npsgen -rows 3000 -seed 2 -plant
			env.Setenv("PLANTED", filepath.Join(filepath.Dir(sample), "planted.csv"))
			env.Setenv("EXPORTS", exports) // vendor export fixtures (exports_*.txtar)
			env.Setenv("NO_COLOR", "")
			return nil
		},
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			"status":   cmdStatus,
			"gz":       cmdGzip,
			"maxwidth": cmdMaxWidth,
		},
	})
}

// cmdStatus runs a command and checks its exact exit status:
//
//	status 2 nps score missing.csv
func cmdStatus(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 2 {
		ts.Fatalf("usage: status CODE command [args...]")
	}
	want, err := strconv.Atoi(args[0])
	ts.Check(err)
	got := 0
	if err := ts.Exec(args[1], args[2:]...); err != nil {
		var ee *exec.ExitError
		if !errors.As(err, &ee) {
			ts.Fatalf("%v", err)
		}
		got = ee.ExitCode()
	}
	if got != want {
		ts.Fatalf("exit status %d, want %d", got, want)
	}
}

// cmdGzip compresses a file: gz SRC DST. With a third argument N it keeps
// only the first N bytes of the result, for truncated-gzip tests.
func cmdGzip(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 2 {
		ts.Fatalf("usage: gz SRC DST [BYTES]")
	}
	f, err := os.Create(ts.MkAbs(args[1]))
	ts.Check(err)
	zw := gzip.NewWriter(f)
	_, err = zw.Write([]byte(ts.ReadFile(args[0])))
	ts.Check(err)
	ts.Check(zw.Close())
	if len(args) == 3 {
		n, err := strconv.ParseInt(args[2], 10, 64)
		ts.Check(err)
		ts.Check(f.Truncate(n))
	}
	ts.Check(f.Close())
}

// cmdMaxWidth checks that no line of stdout is wider than N columns:
//
//	maxwidth 80
func cmdMaxWidth(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: maxwidth N")
	}
	limit, err := strconv.Atoi(args[0])
	ts.Check(err)
	for i, l := range strings.Split(ts.ReadFile("stdout"), "\n") {
		if w := (&runewidth.Condition{}).StringWidth(l); w > limit { // ambiguous characters (─) narrow
			ts.Fatalf("stdout line %d is %d columns wide, over %d: %q", i+1, w, limit, l)
		}
	}
}
