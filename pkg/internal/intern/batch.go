package intern

import "encoding/binary"

// prefetchRun is how many lookups Prefetch starts together: about as many
// cache misses as a core keeps in flight.
const prefetchRun = 32

// Prefetch reads what InternHash(keys[i], hs[i]) would read first: the
// slot of hs[i], then the entry that slot points at when it holds the
// hash's tag (its header and the last byte of its key: an entry spans two
// cache lines). A run of slots is read before any of their entries, and no
// read waits on more than its own slot, so the cache misses of a batch of
// lookups overlap instead of following one another; the InternHash calls
// that follow find their slot and entry in the cache. It changes nothing
// and returns how many keys are probably in the table (their first slot's
// entry has their length and last byte); using what it reads keeps the
// reads.
//
//go:noinline
func (t *Table) Prefetch(keys []string, hs []uint64) int {
	found := 0
	var (
		slots [prefetchRun]uint64
		heads [prefetchRun]uint32 // key lengths
		tails [prefetchRun]byte   // keys' last bytes
	)
	for len(hs) > 0 {
		n := min(len(hs), prefetchRun)
		for i, h := range hs[:n] {
			slots[i] = t.Slot(h)
		}
		for i, h := range hs[:n] {
			heads[i] = ^uint32(0)
			if s := slots[i]; s != 0 && s&^refMask == h&^refMask {
				e := t.entry(s&refMask - 1)
				heads[i] = binary.LittleEndian.Uint32(e[4:])
				if last := header + t.payload + len(keys[i]) - 1; last < len(e) {
					tails[i] = e[last]
				}
			}
		}
		for i, k := range keys[:n] {
			if int(heads[i]) == len(k) && (k == "" || tails[i] == k[len(k)-1]) {
				found++
			}
		}
		keys, hs = keys[n:], hs[n:]
	}
	return found
}
