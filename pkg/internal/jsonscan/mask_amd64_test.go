package jsonscan

import (
	"os"
	"slices"
	"strings"
	"testing"
	"unsafe"
)

// TestBestSIMD checks that a CPU whose flags (as Linux lists them) name
// AVX2 gets the AVX2 searches, so that the tests run them.
func TestBestSIMD(t *testing.T) {
	info, err := os.ReadFile("/proc/cpuinfo")
	if err != nil {
		t.Skip(err)
	}
	for line := range strings.Lines(string(info)) {
		if name, flags, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(name) == "flags" {
			has := strings.Fields(flags)
			want := simdSSE2
			if slices.Contains(has, "avx2") {
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

// TestLayout: members (asm_amd64.s) reads patterns and writes spans at
// these offsets.
func TestLayout(t *testing.T) {
	var p pattern
	var sp span
	if unsafe.Sizeof(p) != 48 || unsafe.Offsetof(p.lo) != 0 || unsafe.Offsetof(p.hi) != 8 ||
		unsafe.Offsetof(p.loMask) != 16 || unsafe.Offsetof(p.hiMask) != 24 ||
		unsafe.Offsetof(p.n) != 32 || unsafe.Offsetof(p.slot) != 40 {
		t.Fatal("pattern's layout is not the one members reads")
	}
	if unsafe.Sizeof(sp) != 16 || unsafe.Offsetof(sp.from) != 0 || unsafe.Offsetof(sp.to) != 8 {
		t.Fatal("span's layout is not the one members writes")
	}
}
