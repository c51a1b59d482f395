package breakdown

import (
	"math/bits"
	"slices"
)

// sortItems sorts items in place by compare, a total order that orders
// items of different prefixes as their prefixes. Items are first sorted by
// prefix alone by a radix sort (radixSort) whose buckets of the first pass
// are sorted on up to workers goroutines; runs of equal prefixes are then
// sorted by the next bytes of their keys (deeper, when not nil) and by
// compare (sortTies). A comparison sort called compare about 20 times an
// item for a million groups, through a function value each time.
func sortItems(items []sortItem, compare func(a, b sortItem) int, deeper func(it sortItem, depth int) uint64, workers int) {
	radixSort(items, workers)
	sortTies(items, compare, deeper, 1)
}

// tieRun is the longest run of equal prefixes that sortTies sorts by
// compare alone, and maxTieDepth how many times it looks 8 bytes further.
const tieRun, maxTieDepth = 16, 8

// sortTies sorts each run of items of equal prefix by compare or, when
// the run is long, first by radix on deeper(item, depth): a number that
// orders the items as compare does wherever the numbers differ (the next
// 8 bytes of their keys), and so on further into the keys. Keys alike in
// their first 8 bytes (user1234…@example.com, ACC-0001…) made long runs,
// in which each comparison read two keys from all over memory.
func sortTies(items []sortItem, compare func(a, b sortItem) int, deeper func(it sortItem, depth int) uint64, depth int) {
	for i := 0; i < len(items); {
		j := i + 1
		for j < len(items) && items[j].prefix == items[i].prefix {
			j++
		}
		run := items[i:j]
		i = j
		if len(run) == 1 {
			continue
		}
		if len(run) <= tieRun || deeper == nil || depth > maxTieDepth {
			slices.SortFunc(run, compare)
			continue
		}
		prefix := run[0].prefix
		for k := range run {
			run[k].prefix = deeper(run[k], depth)
		}
		alike := prefixDiff(run) == 0 // the next bytes alike, or every key ended
		if !alike {
			radixSort(run, 1)
			sortTies(run, compare, deeper, depth+1)
		}
		for k := range run {
			run[k].prefix = prefix
		}
		if alike {
			slices.SortFunc(run, compare)
		}
	}
}

// insertionMax is the longest run radixSort sorts by insertion, and
// lsdMax the longest it sorts by LSD passes (variables for the tests).
var insertionMax, lsdMax = 64, 1 << 16

// radixSort sorts items by prefix: runs of up to insertionMax items by
// insertion, up to lsdMax by lsdSort, longer ones by an American flag
// pass on the 8 bits from the first bit in which they differ, whose
// buckets are sorted in turn, on up to workers goroutines at the first
// level. The flag pass swaps items across the whole run; an LSD pass
// streams them, but needs a buffer as long as the run.
func radixSort(items []sortItem, workers int) {
	var scratch []sortItem
	if len(items) <= lsdMax || workers < 2 {
		sortRun(items, &scratch)
		return
	}
	diff := prefixDiff(items)
	if diff == 0 {
		return // all alike
	}
	end := flagPass(items, diff)
	scratches := make([][]sortItem, workers) // each worker's own
	inTurn(workers, 256, func(w, d int) {
		sortRun(items[end[d]:end[d+1]], &scratches[w])
	})
}

// sortRun sorts items by prefix on one goroutine; scratch is the LSD
// passes' buffer, grown as needed.
func sortRun(items []sortItem, scratch *[]sortItem) {
	if len(items) <= insertionMax {
		insertionSort(items)
		return
	}
	diff := prefixDiff(items)
	if diff == 0 {
		return // all alike
	}
	if len(items) <= lsdMax {
		lsdSort(items, diff, scratch)
		return
	}
	end := flagPass(items, diff)
	for d := range 256 {
		sortRun(items[end[d]:end[d+1]], scratch)
	}
}

// prefixDiff has the bits set in which some items' prefixes differ.
func prefixDiff(items []sortItem) uint64 {
	var diff uint64
	p0 := items[0].prefix
	for _, it := range items {
		diff |= it.prefix ^ p0
	}
	return diff
}

// flagPass puts items in 256 buckets by the 8 bits of their prefix from
// the first bit set in diff (American flag sort: each item swapped to its
// bucket) and returns where the buckets end: bucket d is
// items[end[d]:end[d+1]].
func flagPass(items []sortItem, diff uint64) (end [257]int) {
	shift := bits.LeadingZeros64(diff)
	digit := func(it sortItem) uint8 { return uint8(it.prefix << shift >> 56) }
	for _, it := range items {
		end[int(digit(it))+1]++
	}
	for d := 1; d < len(end); d++ {
		end[d] += end[d-1]
	}
	next := end
	for d := range 256 {
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
	return end
}

// lsdSort sorts items by prefix with a stable counting pass per byte of
// the prefix in which they differ (diff), lowest first: keys of digits
// ("R1234567") differ in six or seven bytes, each pass a stream through
// the items.
func lsdSort(items []sortItem, diff uint64, scratch *[]sortItem) {
	if cap(*scratch) < len(items) {
		*scratch = make([]sortItem, len(items))
	}
	src, dst := items, (*scratch)[:len(items)]
	var counts [8][256]int
	for _, it := range items {
		p := it.prefix
		for b := range 8 {
			counts[b][uint8(p>>(8*b))]++
		}
	}
	for b := range 8 {
		if uint8(diff>>(8*b)) == 0 {
			continue
		}
		next := &counts[b]
		at := 0
		for d, c := range next {
			next[d] = at
			at += c
		}
		shift := uint(8 * b)
		for _, it := range src {
			d := uint8(it.prefix >> shift)
			dst[next[d]] = it
			next[d]++
		}
		src, dst = dst, src
	}
	if &src[0] != &items[0] {
		copy(items, src)
	}
}

// insertionSort sorts a few items by prefix.
func insertionSort(items []sortItem) {
	for i := 1; i < len(items); i++ {
		x := items[i]
		p := x.prefix
		j := i
		for ; j > 0 && items[j-1].prefix > p; j-- {
			items[j] = items[j-1]
		}
		items[j] = x
	}
}
