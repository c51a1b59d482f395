package vector

import (
	"os"
	"slices"
	"strings"
	"testing"
)

// TestBest checks that a CPU whose flags (as Linux lists them) name AVX2
// and POPCNT gets the AVX2 searches, so that the scanners' tests run them.
func TestBest(t *testing.T) {
	info, err := os.ReadFile("/proc/cpuinfo")
	if err != nil {
		t.Skip(err)
	}
	for line := range strings.Lines(string(info)) {
		if name, flags, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(name) == "flags" {
			has := strings.Fields(flags)
			want := SSE2
			if slices.Contains(has, "avx2") && slices.Contains(has, "popcnt") {
				want = AVX2
			}
			if Best != want {
				t.Fatalf("Best = %d, want %d", Best, want)
			}
			return
		}
	}
	t.Skip("no flags in /proc/cpuinfo")
}
