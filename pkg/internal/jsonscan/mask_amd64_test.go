package jsonscan

import (
	"testing"
	"unsafe"
)

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
