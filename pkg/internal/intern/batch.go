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

// Sharder puts batches of rows in a store split into 1<<Bits shards by
// the top bits of a hash (an intern.Table a shard, each behind its own
// lock), a shard at a time: a batch's rows of one shard go in under one
// lock, after one Prefetch of their keys. The zero value with Bits set is
// ready; its scratch is reused from batch to batch.
type Sharder struct {
	Bits         int
	order, start []int32
	keys         []string
	hs           []uint64
}

// Each calls put once for each shard that rows 0..n-1 of a batch fall in,
// with the shard's rows in input order and the keys and hashes of those
// that have a key (for Prefetch). row tells a row's hash, which places it
// in a shard, and its key, if keyed.
func (s *Sharder) Each(n int, row func(i int) (hash uint64, key string, keyed bool), put func(shard int, rows []int32, keys []string, hs []uint64)) {
	s.start = append(s.start[:0], make([]int32, 1<<s.Bits+1)...)
	s.order = append(s.order[:0], make([]int32, n)...)
	shift := 64 - s.Bits
	for i := range n {
		h, _, _ := row(i)
		s.start[h>>shift+1]++
	}
	for k := 1; k < len(s.start); k++ {
		s.start[k] += s.start[k-1]
	}
	for i := range n { // start[k] runs to the end of shard k...
		h, _, _ := row(i)
		s.order[s.start[h>>shift]] = int32(i)
		s.start[h>>shift]++
	}
	copy(s.start[1:], s.start) // ...and back to its start
	s.start[0] = 0
	for k := range 1 << s.Bits {
		rows := s.order[s.start[k]:s.start[k+1]]
		if len(rows) == 0 {
			continue
		}
		s.keys, s.hs = s.keys[:0], s.hs[:0]
		for _, i := range rows {
			if h, key, keyed := row(int(i)); keyed {
				s.keys, s.hs = append(s.keys, key), append(s.hs, h)
			}
		}
		put(k, rows, s.keys, s.hs)
	}
}
