package main

import (
	"bytes"
	"context"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
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

// TestTuneGC: the target is lowered only when the user did not set GOGC.
func TestTuneGC(t *testing.T) {
	if tuneGC(func(k string) string {
		if k == "GOGC" {
			return "100"
		}
		return ""
	}) {
		t.Error("with GOGC=100: the target would be lowered")
	}
	if !tuneGC(func(string) string { return "" }) {
		t.Error("without GOGC: the target would not be lowered")
	}
}

// TestWatchHeap: the call comes after the first collection that leaves
// the limit live, not before, and only once. The limit is set above what
// the tests before left live.
func TestWatchHeap(t *testing.T) {
	runtime.GC()
	sample := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	metrics.Read(sample)
	limit := sample[0].Value.Uint64() + 64<<20
	called := make(chan bool, 4)
	watchHeap(limit, func() { called <- true })
	collect := func(d time.Duration) bool {
		for end := time.Now().Add(d); time.Now().Before(end); {
			runtime.GC()
			select {
			case <-called:
				return true
			case <-time.After(10 * time.Millisecond):
			}
		}
		return false
	}
	if collect(200 * time.Millisecond) {
		t.Fatal("called below the limit")
	}
	live := make([]byte, 96<<20)
	if !collect(5 * time.Second) {
		t.Fatalf("not called with 96 MB more live")
	}
	if collect(200 * time.Millisecond) {
		t.Fatal("called again")
	}
	runtime.KeepAlive(live)
}
