package main

import (
	"bytes"
	"context"
	"runtime/debug"
	"strings"
	"testing"
)

func TestVersionOf(t *testing.T) {
	rev := []debug.BuildSetting{{Key: "vcs", Value: "git"}, {Key: "vcs.revision", Value: "4f1c0ffee5a1b2c3d4e5f60718293a4b5c6d7e8f"}, {Key: "vcs.time", Value: "2026-11-28T09:27:03Z"}}
	cases := []struct {
		name string
		bi   debug.BuildInfo
		want string
	}{
		{"release", debug.BuildInfo{Main: debug.Module{Version: "v1.4.0"}, Settings: rev}, "v1.4.0"},
		{"stamped pseudo-version", debug.BuildInfo{Main: debug.Module{Version: "v0.0.0-20261128092703-4f1c0ffee5a1+dirty"}}, "v0.0.0-20261128092703-4f1c0ffee5a1+dirty"},
		{"revision and time", debug.BuildInfo{Main: debug.Module{Version: "(devel)"}, Settings: rev}, "4f1c0ffee5a1 (2026-11-28T09:27:03Z)"},
		{"modified", debug.BuildInfo{Main: debug.Module{Version: "(devel)"}, Settings: append(rev, debug.BuildSetting{Key: "vcs.modified", Value: "true"})},
			"4f1c0ffee5a1+dirty (2026-11-28T09:27:03Z)"},
		{"nothing known", debug.BuildInfo{Main: debug.Module{Version: "(devel)"}}, "dev"},
	}
	for _, c := range cases {
		if got := versionOf(&c.bi); got != c.want {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
	}
}

// TestVersionFlags: --version and -v print the version line.
func TestVersionFlags(t *testing.T) {
	for _, flag := range []string{"--version", "-v"} {
		var out bytes.Buffer
		st := streams{in: strings.NewReader(""), out: &out, err: &out, getenv: func(string) string { return "" }}
		if code := run(context.Background(), []string{flag}, st); code != 0 || !strings.HasPrefix(out.String(), "nps version ") {
			t.Errorf("%s: status %d, %q", flag, code, out.String())
		}
	}
}

// TestTuneGC: without GOGC the collector's target becomes gcPercent; a
// user's GOGC is left as the runtime read it.
func TestTuneGC(t *testing.T) {
	defer debug.SetGCPercent(debug.SetGCPercent(100))
	tuneGC(func(string) string { return "" })
	if got := debug.SetGCPercent(100); got != gcPercent {
		t.Errorf("without GOGC: GC percent %d, want %d", got, gcPercent)
	}
	tuneGC(func(k string) string {
		if k == "GOGC" {
			return "100"
		}
		return ""
	})
	if got := debug.SetGCPercent(100); got != 100 {
		t.Errorf("with GOGC=100: GC percent %d, want 100", got)
	}
}
