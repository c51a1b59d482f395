package breakdown

import (
	"math/bits"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
)

// sortItems sorts items by compare, a total order (keys are distinct)
// that orders items of different prefixes as their prefixes, and returns
// their numbers in order. Items are first sorted by prefix alone, in
// place, by a radix sort that takes 8 bits at a time from the first bit in
// which the items at hand differ, small runs by insertion; the buckets of
// the first pass are sorted on all cores. Only runs of equal prefixes are
// then sorted by compare. A comparison sort called compare about 20 times
// an item for a million groups, through a function value each time.
func sortItems(items []sortItem, compare func(a, b sortItem) int) []int32 {
	radixSort(items, runtime.GOMAXPROCS(0))
	out := make([]int32, len(items))
	for i := 0; i < len(items); {
		j := i + 1
		for j < len(items) && items[j].prefix64() == items[i].prefix64() {
			j++
		}
		if j-i > 1 {
			slices.SortFunc(items[i:j], compare)
		}
		for ; i < j; i++ {
			out[i] = items[i].n
		}
	}
	return out
}

// insertionMax is the longest run radixSort sorts by insertion (a
// variable for the tests).
var insertionMax = 64

// radixSort sorts items by prefix, its buckets on up to workers
// goroutines.
func radixSort(items []sortItem, workers int) {
	if len(items) <= insertionMax {
		insertionSort(items)
		return
	}
	var diff uint64
	p0 := items[0].prefix64()
	for _, it := range items {
		diff |= it.prefix64() ^ p0
	}
	if diff == 0 {
		return // all alike
	}
	shift := bits.LeadingZeros64(diff)
	digit := func(it sortItem) uint8 { return uint8(it.prefix64() << shift >> 56) }
	var end, next [257]int
	for _, it := range items {
		end[int(digit(it))+1]++
	}
	for d := 1; d < len(end); d++ {
		end[d] += end[d-1]
	}
	next = end
	for d := range 256 { // American flag sort: each item swapped to its bucket
		for next[d] < end[d+1] {
			i := next[d]
			if e := int(digit(items[i])); e != d {
				items[i], items[next[e]] = items[next[e]], items[i]
				next[e]++
			} else {
				next[d]++
			}
		}
	}
	if workers < 2 {
		for d := range 256 {
			if end[d+1]-end[d] > 1 {
				radixSort(items[end[d]:end[d+1]], 1)
			}
		}
		return
	}
	var taken atomic.Int32
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for d := int(taken.Add(1) - 1); d < 256; d = int(taken.Add(1) - 1) {
				radixSort(items[end[d]:end[d+1]], 1)
			}
		})
	}
	wg.Wait()
}

// insertionSort sorts a few items by prefix.
func insertionSort(items []sortItem) {
	for i := 1; i < len(items); i++ {
		x := items[i]
		p := x.prefix64()
		j := i
		for ; j > 0 && items[j-1].prefix64() > p; j-- {
			items[j] = items[j-1]
		}
		items[j] = x
	}
}
