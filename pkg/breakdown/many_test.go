package breakdown

import (
	"fmt"
	"runtime"
	"testing"

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
		ga := NewSet([]Spec{{Cols: []int{0}, Unit: period.None}}, false)
		gb := NewSet([]Spec{{Cols: []int{0}, Unit: period.None}}, false)
		row := make([]string, 1)
		for i := range n {
			row[0] = keys[i]
			ga.Add(row, 0, 0, 0, i%11, 1)
			row[0] = keys[i+n/2]
			gb.Add(row, 0, 0, 0, i%11, 1)
		}
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
