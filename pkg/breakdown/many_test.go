package breakdown

import (
	"fmt"
	"runtime"
	"syscall"
	"testing"
	"time"

	"github.com/npskit/nps/pkg/period"
)

// BenchmarkManyGroups is nps score --by response_id on one worker's share
// of a 2M-row export: a million groups of one response each, added and
// then merged with another worker's million (half of them the same keys),
// as the pipeline merges its workers (Set.Merge). It reports the heap in
// use at the end per group (MB/op is the allocation); only the public API,
// so the same file measures an older Grouper.
func BenchmarkManyGroups(b *testing.B) {
	const n = 1 << 20
	keys := make([]string, 2*n)
	for i := range keys {
		keys[i] = fmt.Sprintf("R%d", i)
	}
	var perGroup float64
	for b.Loop() {
		runtime.GC()
		var before runtime.MemStats
		runtime.ReadMemStats(&before)
		ga, gb := manySets(keys)
		ga.Merge(gb)
		gb = nil
		runtime.GC()
		var after runtime.MemStats
		runtime.ReadMemStats(&after)
		groups := ga.Groupers()[0].Len()
		perGroup = float64(after.HeapAlloc-before.HeapAlloc) / float64(groups)
		runtime.KeepAlive(ga)
	}
	b.ReportMetric(perGroup, "heap-B/group")
}

// manySets are two workers' Sets as BenchmarkManyGroups fills them from
// keys: each of half of them, the second from a quarter in.
func manySets(keys []string) (*Set, *Set) {
	n := len(keys) / 2
	ga := NewSet([]Spec{{Cols: []int{0}, Unit: period.None}}, false)
	gb := NewSet([]Spec{{Cols: []int{0}, Unit: period.None}}, false)
	row := make([]string, 1)
	for i := range n {
		row[0] = keys[i]
		ga.Add(row, 0, 0, 0, i%11, 1)
		row[0] = keys[i+n/2]
		gb.Add(row, 0, 0, 0, i%11, 1)
	}
	return ga, gb
}

// manyKeys are the keys of BenchmarkManyGroups in a scattered order, for
// Order to do some work.
func manyKeys() []string {
	keys := make([]string, 2<<20)
	for i := range keys {
		keys[i] = fmt.Sprintf("R%d", i*7919%len(keys))
	}
	return keys
}

// cpuTime is the CPU time the process has used, on all cores: on a busy
// machine a steadier measure of work than the time elapsed.
func cpuTime() time.Duration {
	var u syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &u)
	return time.Duration(u.Utime.Nano() + u.Stime.Nano())
}

// BenchmarkManyAdd is the adding of BenchmarkManyGroups alone (cpu-ms/op
// is the CPU time of both Sets' adds).
func BenchmarkManyAdd(b *testing.B) {
	keys := manyKeys()
	var cpu time.Duration
	for b.Loop() {
		c := cpuTime()
		manySets(keys)
		cpu += cpuTime() - c
	}
	b.ReportMetric(float64(cpu.Milliseconds())/float64(b.N), "cpu-ms/op")
}

// BenchmarkManyMerge is the merge of BenchmarkManyGroups alone.
func BenchmarkManyMerge(b *testing.B) {
	keys := manyKeys()
	var cpu time.Duration
	for b.Loop() {
		b.StopTimer()
		ga, gb := manySets(keys)
		runtime.GC()
		b.StartTimer()
		c := cpuTime()
		ga.Merge(gb)
		cpu += cpuTime() - c
	}
	b.ReportMetric(float64(cpu.Milliseconds())/float64(b.N), "cpu-ms/op")
}

// BenchmarkManyOrder orders the 1.5 million groups of BenchmarkManyGroups.
func BenchmarkManyOrder(b *testing.B) {
	ga, gb := manySets(manyKeys())
	ga.Merge(gb)
	gr := ga.Groupers()[0]
	runtime.GC()
	var cpu time.Duration
	for b.Loop() {
		c := cpuTime()
		gr.Order()
		cpu += cpuTime() - c
	}
	b.ReportMetric(float64(cpu.Milliseconds())/float64(b.N), "cpu-ms/op")
}

// BenchmarkManyEachGroup makes the 1.5 million groups of
// BenchmarkManyGroups in key order (EachGroup), reading their keys and
// counts: what listing their results reads.
func BenchmarkManyEachGroup(b *testing.B) {
	ga, gb := manySets(manyKeys())
	ga.Merge(gb)
	gr := ga.Groupers()[0]
	order := gr.Order()
	runtime.GC()
	var cpu time.Duration
	var sink int64
	for b.Loop() {
		c := cpuTime()
		gr.EachGroup(order, func(_ int, g *Group) {
			sink += g.Tally.Count[9] + int64(g.Key.Segments[0][len(g.Key.Segments[0])-1])
		})
		cpu += cpuTime() - c
	}
	if sink == 0 {
		b.Fatal("no groups read")
	}
	b.ReportMetric(float64(cpu.Milliseconds())/float64(b.N), "cpu-ms/op")
}
