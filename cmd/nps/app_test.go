package main

import (
	"testing"
)

// TestStyleColour: colour only with --color always, or when auto and
// stdout is a terminal, not an -o file, NO_COLOR unset and TERM not
// dumb; --no-color always wins.
func TestStyleColour(t *testing.T) {
	cases := []struct {
		name     string
		terminal bool
		env      map[string]string
		out      outputFlags
		want     bool
	}{
		{"terminal", true, nil, outputFlags{}, true},
		{"pipe", false, nil, outputFlags{}, false},
		{"-o file", true, nil, outputFlags{file: "x.txt"}, false},
		{"NO_COLOR", true, map[string]string{"NO_COLOR": "1"}, outputFlags{}, false},
		{"TERM=dumb", true, map[string]string{"TERM": "dumb"}, outputFlags{}, false},
		{"TERM=xterm", true, map[string]string{"TERM": "xterm-256color"}, outputFlags{}, true},
		{"--no-color", true, nil, outputFlags{noColor: true}, false},
		{"--color never", true, nil, outputFlags{color: colorNever}, false},
		{"--color always to a pipe", false, map[string]string{"NO_COLOR": "1", "TERM": "dumb"}, outputFlags{color: colorAlways}, true},
		{"--color always --no-color", true, nil, outputFlags{color: colorAlways, noColor: true}, false},
	}
	for _, c := range cases {
		b := base{app: &app{streams: streams{isTerminal: c.terminal, getenv: func(k string) string { return c.env[k] }}}, out: c.out}
		if got := b.style().Color; got != c.want {
			t.Errorf("%s: colour %v, want %v", c.name, got, c.want)
		}
	}
}
