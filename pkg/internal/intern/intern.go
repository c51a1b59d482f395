// Package intern gives byte strings dense numbers and stores each distinct
// string once, with a fixed number of payload bytes of its own, in memory
// that holds no pointers: tens of millions of keys (respondent ids, group
// keys) cost the garbage collector nothing to scan.
//
// A Table is an open-addressing hash table (linear probing, at most 3/4
// full) of 64-bit slots, each holding the upper 24 bits of its key's hash
// and where its entry is. An entry lies in 64 KiB blocks of bytes (a long
// key gets a block of its own): a 16-byte header (id, key length, hash),
// the payload, then the key's bytes. A lookup that finds its key reads
// the slot and then one entry, whose header, payload and key are side by
// side: two cache misses, where a Go map of pointers to records takes
// three or four. Keys hash alike in every table of a process. Ids run 0, 1, 2, ... in the
// order keys were first added; per id the table keeps where its entry is
// (8 bytes, in pages). Nothing grows by copying what is there except the
// slot array, which doubles; entries never move.
//
// Memory per key: its bytes, rounded up to 8, plus 16 (header) + payload
// + 8 (id to entry) + 10.7 to 21.3 (slots) bytes.
package intern

import (
	"encoding/binary"
	"hash/maphash"
	"unsafe"
)

const (
	blockBits = 16
	blockSize = 1 << blockBits
	pageBits  = 12 // ids per page of refs
	pageSize  = 1 << pageBits
	header    = 16
	refBits   = 40 // of a slot: block << 16 | offset
	refMask   = 1<<refBits - 1
	pageWords = 4096 / 8 // slots in a page of memory
)

// seed is every table's: a key hashes alike in all of them, so that one
// table drains into another without hashing its keys again.
var seed = maphash.MakeSeed()

// Table interns strings. Not safe for concurrent use.
type Table struct {
	payload int      // bytes per key, a multiple of 8
	slots   []uint64 // hash>>40<<40 | ref+1; 0 for empty
	refs    [][]uint64
	n       int
	blocks  [][]byte
	fill    int // the block being filled, -1 none
}

// New returns an empty table whose keys carry payload bytes each (zero when
// the key is added; rounded up to a multiple of 8, 8-byte aligned).
func New(payload int) *Table {
	return &Table{payload: (payload + 7) &^ 7, fill: -1}
}

// Hash is the hash of k for InternHash and Prefetch: the same in every
// table of the process.
func Hash(k string) uint64 { return maphash.String(seed, k) }

// Len is the number of distinct keys.
func (t *Table) Len() int { return t.n }

func (t *Table) entry(ref uint64) []byte {
	b := t.blocks[ref>>blockBits]
	return b[ref&(blockSize-1):]
}

func (t *Table) ref(id int) uint64 { return t.refs[id>>pageBits][id&(pageSize-1)] }

// Ref is where id's entry is, for TouchRef.
func (t *Table) Ref(id int) uint64 { return t.ref(id) }

// TouchRef reads the first byte of the entry at ref (Ref) and the last of
// its key (an entry can span two cache lines), and returns them xor'ed: a
// caller about to read many entries out of order reads all their refs,
// then touches all the entries, so that their cache misses overlap.
func (t *Table) TouchRef(ref uint64) byte {
	e := t.entry(ref)
	n := int(binary.LittleEndian.Uint32(e[4:]))
	return e[0] ^ e[header+t.payload+n-1] // n = 0: the payload's last byte
}

// Key returns the key of id as a string that shares the table's memory
// (no copy); it stays valid as long as the table.
func (t *Table) Key(id int) string {
	e := t.entry(t.ref(id))
	n := int(binary.LittleEndian.Uint32(e[4:]))
	if n == 0 {
		return ""
	}
	return unsafe.String(&e[header+t.payload], n)
}

// Payload returns the payload bytes of id: the table's own memory, to be
// read and written in place.
func (t *Table) Payload(id int) []byte {
	e := t.entry(t.ref(id))
	return e[header : header+t.payload : header+t.payload]
}

// Intern returns the id and payload of k, adding k (a copy of its bytes)
// with a zero payload when it is new; added tells which.
func (t *Table) Intern(k string) (id int, payload []byte, added bool) {
	return t.InternHash(k, Hash(k))
}

// InternHash is Intern for a k whose Hash is h.
func (t *Table) InternHash(k string, h uint64) (id int, payload []byte, added bool) {
	if t.n >= len(t.slots)/4*3 {
		t.grow()
	}
	tag := h &^ refMask
	mask := uint32(len(t.slots) - 1)
	for i := uint32(h) & mask; ; i = (i + 1) & mask {
		s := t.slots[i]
		if s == 0 {
			ref, e := t.add(k, h)
			t.slots[i] = tag | (ref + 1)
			return t.n - 1, e[header : header+t.payload : header+t.payload], true
		}
		if s&^refMask == tag {
			e := t.entry(s&refMask - 1)
			if n := int(binary.LittleEndian.Uint32(e[4:])); n == len(k) && string(e[header+t.payload:header+t.payload+n]) == k {
				return int(binary.LittleEndian.Uint32(e)), e[header : header+t.payload : header+t.payload], false
			}
		}
	}
}

// Slot reads the slot where a lookup of a key of hash h starts: a caller
// about to intern many keys reads all their slots first, so that their
// cache misses overlap.
func (t *Table) Slot(h uint64) uint64 {
	if len(t.slots) == 0 {
		return 0
	}
	return t.slots[uint32(h)&uint32(len(t.slots)-1)]
}

// Lookup returns the id of k, or -1.
func (t *Table) Lookup(k string) int {
	if t.n == 0 {
		return -1
	}
	h := Hash(k)
	tag := h &^ refMask
	mask := uint32(len(t.slots) - 1)
	for i := uint32(h) & mask; ; i = (i + 1) & mask {
		s := t.slots[i]
		if s == 0 {
			return -1
		}
		if s&^refMask == tag {
			e := t.entry(s&refMask - 1)
			if n := int(binary.LittleEndian.Uint32(e[4:])); n == len(k) && string(e[header+t.payload:header+t.payload+n]) == k {
				return int(binary.LittleEndian.Uint32(e))
			}
		}
	}
}

// add stores a new entry for k and returns where it is.
func (t *Table) add(k string, h uint64) (uint64, []byte) {
	id := t.n
	if id&(pageSize-1) == 0 {
		t.refs = append(t.refs, make([]uint64, pageSize))
	}
	size := (header + t.payload + len(k) + 7) &^ 7
	var ref uint64
	if size > blockSize/4 {
		// A long key: a block of its own.
		ref = uint64(len(t.blocks)) << blockBits
		t.blocks = append(t.blocks, make([]byte, size))
	} else {
		if t.fill < 0 || blockSize-len(t.blocks[t.fill]) < size {
			t.fill = len(t.blocks)
			t.blocks = append(t.blocks, make([]byte, 0, blockSize))
		}
		b := t.blocks[t.fill]
		ref = uint64(t.fill)<<blockBits | uint64(len(b))
		t.blocks[t.fill] = b[:len(b)+size]
	}
	e := t.entry(ref)
	binary.LittleEndian.PutUint32(e, uint32(id))
	binary.LittleEndian.PutUint32(e[4:], uint32(len(k)))
	binary.LittleEndian.PutUint64(e[8:], h)
	copy(e[header+t.payload:], k)
	t.refs[id>>pageBits][id&(pageSize-1)] = ref
	t.n++
	return ref, e
}

// grow doubles the slots and places every entry again from its stored
// hash, reading the entries in the order they were added.
func (t *Table) grow() {
	size := max(2*len(t.slots), 64)
	t.slots = make([]uint64, size)
	// A word of each page written before any is read: fresh memory first
	// read is mapped to the kernel's zero page, and the first write then
	// copies it and flushes the other cores' TLBs (perf: do_wp_page and
	// its IPIs under grow).
	for i := 0; i < size; i += pageWords {
		t.slots[i] = 0
	}
	mask := uint32(size - 1)
	for id := range t.n {
		ref := t.ref(id)
		e := t.entry(ref)
		h := binary.LittleEndian.Uint64(e[8:])
		for i := uint32(h) & mask; ; i = (i + 1) & mask {
			if t.slots[i] == 0 {
				t.slots[i] = h&^refMask | (ref + 1)
				break
			}
		}
	}
}

// Drain calls fn with the key, Hash and payload of every id in order and empties
// the table, releasing its memory as it goes: a block once its last entry
// has been passed, so that draining one table into another never holds
// both whole. fn must not keep key or payload.
func (t *Table) Drain(fn func(key string, hash uint64, payload []byte)) {
	t.slots = nil // no lookups from here on
	cur := -1     // the block of bytes being passed (not a long key's)
	for id := range t.n {
		ref := t.ref(id)
		blk := int(ref >> blockBits)
		e := t.entry(ref)
		n := int(binary.LittleEndian.Uint32(e[4:]))
		long := header+t.payload+n > blockSize/4
		if !long && blk != cur {
			if cur >= 0 {
				t.blocks[cur] = nil
			}
			cur = blk
		}
		key := ""
		if n > 0 {
			key = unsafe.String(&e[header+t.payload], n)
		}
		fn(key, binary.LittleEndian.Uint64(e[8:]), e[header:header+t.payload:header+t.payload])
		if long {
			t.blocks[blk] = nil
		}
		if id&(pageSize-1) == pageSize-1 {
			t.refs[id>>pageBits] = nil
		}
	}
	*t = Table{payload: t.payload, fill: -1}
}
