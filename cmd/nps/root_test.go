package main

import (
	"bytes"
	"context"
	"runtime"
	"runtime/debug"
	"strings"
	"testing"
	"time"
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

// TestTuneGC: without GOGC the collector's target becomes gcPercent once
// the live heap has passed gcLowFrom, not before; a user's GOGC is left
// as the runtime read it.
func TestTuneGC(t *testing.T) {
	set := make(chan int, 4)
	defer func(old func(int) int) { setGCPercent = old }(setGCPercent)
	setGCPercent = func(p int) int { set <- p; return 100 }
	collect := func(d time.Duration) (int, bool) {
		for end := time.Now().Add(d); time.Now().Before(end); {
			runtime.GC()
			select {
			case p := <-set:
				return p, true
			case <-time.After(10 * time.Millisecond):
			}
		}
		return 0, false
	}

	tuneGC(func(k string) string {
		if k == "GOGC" {
			return "100"
		}
		return ""
	})
	tuneGC(func(string) string { return "" })
	if p, ok := collect(200 * time.Millisecond); ok {
		t.Fatalf("GC percent set to %d with a small heap", p)
	}
	live := make([]byte, gcLowFrom)
	p, ok := collect(5 * time.Second)
	if !ok || p != gcPercent {
		t.Fatalf("with %d MB live: GC percent set %v to %d; want %d", gcLowFrom>>20, ok, p, gcPercent)
	}
	if p, ok := collect(200 * time.Millisecond); ok {
		t.Fatalf("GC percent set again, to %d", p)
	}
	runtime.KeepAlive(live)
}
