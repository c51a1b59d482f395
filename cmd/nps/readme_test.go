package main

import (
	"bytes"
	"context"
	"os"
	"regexp"
	"strings"
	"testing"
)

// consoleBlock is a README example: "$ nps ARGS" and the output pasted
// under it. Examples with a pipe or a redirect are not checked.
var consoleBlock = regexp.MustCompile("(?s)```console\n\\$ nps ([^\n|>]*)\n(.*?)```")

// TestREADMEExamples fails when the output pasted in README.md is no longer
// what the command prints: the README must show the real binary's output.
func TestREADMEExamples(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	t.Chdir("../..") // the examples use paths from the repository root
	blocks := consoleBlock.FindAllStringSubmatch(string(readme), -1)
	if len(blocks) < 4 {
		t.Fatalf("found %d console examples in README.md; the pattern no longer matches", len(blocks))
	}
	for _, b := range blocks {
		args, want := strings.Fields(b[1]), b[2]
		t.Run(b[1], func(t *testing.T) {
			var out, errb bytes.Buffer
			st := streams{in: strings.NewReader(""), out: &out, err: &errb, getenv: func(string) string { return "" }}
			if code := run(context.Background(), args, st); code != 0 {
				t.Fatalf("status %d: %s", code, errb.String())
			}
			if out.String() != want {
				t.Errorf("README.md shows stale output for `nps %s`; paste the real output:\n%s", b[1], out.String())
			}
		})
	}
}
