package vector

import "golang.org/x/sys/cpu"

// Best is the widest level this CPU has. AVX2 needs the CPU and the
// operating system (cpu checks that it saves the YMM registers), and the
// CSV scanner's AVX2 code also counts bits with POPCNT, which every AVX2
// CPU has.
var Best = func() int {
	if cpu.X86.HasAVX2 && cpu.X86.HasPOPCNT {
		return AVX2
	}
	return SSE2
}()
