package scan

import (
	"os"
	"slices"
	"strings"
	"testing"
)

// TestBestSIMD checks that a CPU whose flags (as Linux lists them) name
// AVX2 gets the AVX2 searches.
func TestBestSIMD(t *testing.T) {
	info, err := os.ReadFile("/proc/cpuinfo")
	if err != nil {
		t.Skip(err)
	}
	for line := range strings.Lines(string(info)) {
		if name, flags, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(name) == "flags" {
			has := strings.Fields(flags)
			want := simdSSE2
			if slices.Contains(has, "avx2") && slices.Contains(has, "popcnt") {
				want = simdAVX2
			}
			if bestSIMD != want {
				t.Fatalf("bestSIMD = %s, want %s", simdNames[bestSIMD], simdNames[want])
			}
			return
		}
	}
	t.Skip("no flags in /proc/cpuinfo")
}
