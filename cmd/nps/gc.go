package main

import (
	"runtime"
	"runtime/debug"
	"runtime/metrics"
)

// gcPercent is the collector's target, once the live heap has passed
// gcLowFrom, when GOGC is not set: a collection once the heap has grown
// 25% past what was live, not 100%. The large structures of a run (a
// group per respondent, a respondent's latest response) hold no
// pointers, so collections cost little, while the default let garbage (a
// drained worker's table, a doubled table's old slots) wait: 10M groups
// peaked at 1.46 GB, and at 1.04 GB with 25%, in 5.9 s instead of 8.5 s
// (fewer fresh pages for the kernel to zero).
const gcPercent = 25

// gcLowFrom is the live heap from which gcPercent applies. Below it the
// default holds: a small heap is mostly the packages' tables from start-up
// (about 3 MB, full of pointers), and at 25% a run of few groups marked it
// twice as often for nothing, 17% of the instructions of `score` on 300k
// rows (docs/decisions.md). Runs of few groups stay below 8 MB.
const gcLowFrom = 16 << 20

// setGCPercent is debug.SetGCPercent (the tests watch it).
var setGCPercent = debug.SetGCPercent

// tuneGC lowers the collector's target to gcPercent once the live heap
// passes gcLowFrom, unless the user set GOGC.
func tuneGC(getenv func(string) string) {
	if getenv("GOGC") == "" {
		watchHeap(gcLowFrom, func() { setGCPercent(gcPercent) })
	}
}

// watchHeap calls lower once, after the first collection that leaves at
// least limit bytes of live heap.
func watchHeap(limit uint64, lower func()) {
	sample := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	var watch func()
	watch = func() {
		// A cleanup runs after the collection that finds its object
		// unreachable: one per collection, each arming the next.
		runtime.AddCleanup(&gcTick{}, func(struct{}) {
			metrics.Read(sample)
			if sample[0].Value.Uint64() >= limit {
				lower()
				return
			}
			watch()
		}, struct{}{})
	}
	watch()
}

// gcTick is an object for watchHeap to lose: it holds a pointer, so that
// it is not a tiny allocation whose cleanup waits for its neighbours.
type gcTick struct{ _ *byte }
