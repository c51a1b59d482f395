// Package intern gives byte strings dense numbers and stores each distinct
// string once, in memory that holds no pointers: tens of millions of keys
// (respondent ids, group keys) cost the garbage collector nothing to scan
// and about 24 bytes each besides their own bytes.
//
// A Table is an open-addressing hash table of 32-bit slots holding id+1;
// per id it keeps the key's hash and where its bytes are (in 64 KiB
// blocks; longer keys get a block of their own). Ids run 0, 1, 2, ... in
// the order keys were first added. Per-id memory grows a page at a time,
// never by copying what is there; only the slot array doubles (4 bytes a
// slot).
package intern

import (
	"hash/maphash"
	"unsafe"
)

const (
	blockSize = 64 << 10
	pageBits  = 12 // ids per page of meta
	pageSize  = 1 << pageBits
)

// meta is an id's hash (its low 32 bits: where its slot is looked for)
// and where its bytes are.
type meta struct {
	hash uint32
	len  uint32
	blk  uint32
	off  uint32
}

// Table interns byte strings. Not safe for concurrent use.
type Table struct {
	seed   maphash.Seed
	slots  []uint32 // id+1, 0 for empty
	pages  [][]meta
	n      int
	blocks [][]byte
	fill   int // the block being filled, -1 none
}

// New returns an empty table.
func New() *Table { return &Table{seed: maphash.MakeSeed(), fill: -1} }

// Hash is the table's hash of k (for InternHash).
func (t *Table) Hash(k string) uint64 { return maphash.String(t.seed, k) }

// Len is the number of distinct keys.
func (t *Table) Len() int { return t.n }

func (t *Table) meta(id int) *meta { return &t.pages[id>>pageBits][id&(pageSize-1)] }

// Bytes returns the key of id. The slice is the table's: it must not be
// modified, and stays valid as long as the table.
func (t *Table) Bytes(id int) []byte {
	m := t.meta(id)
	return t.blocks[m.blk][m.off : m.off+m.len : m.off+m.len]
}

// String returns the key of id as a string that shares the table's
// memory (no copy); it stays valid as long as the table.
func (t *Table) String(id int) string {
	b := t.Bytes(id)
	if len(b) == 0 {
		return ""
	}
	return unsafe.String(&b[0], len(b))
}

// Intern returns the id of k, adding it (a copy of its bytes) when it is
// new; added tells which.
func (t *Table) Intern(k string) (id int, added bool) {
	return t.InternHash(k, t.Hash(k))
}

// InternHash is Intern for a k whose Hash is h.
func (t *Table) InternHash(k string, h uint64) (id int, added bool) {
	if t.n >= len(t.slots)/4*3 {
		t.grow()
	}
	h32 := uint32(h)
	mask := uint32(len(t.slots) - 1)
	for i := h32 & mask; ; i = (i + 1) & mask {
		s := t.slots[i]
		if s == 0 {
			id = t.add(k, h32)
			t.slots[i] = uint32(id + 1)
			return id, true
		}
		if m := t.meta(int(s - 1)); m.hash == h32 && m.len == uint32(len(k)) && string(t.blocks[m.blk][m.off:m.off+m.len]) == string(k) {
			return int(s - 1), false
		}
	}
}

// Lookup returns the id of k, or -1.
func (t *Table) Lookup(k string) int {
	if t.n == 0 {
		return -1
	}
	h := t.Hash(k)
	h32 := uint32(h)
	mask := uint32(len(t.slots) - 1)
	for i := h32 & mask; ; i = (i + 1) & mask {
		s := t.slots[i]
		if s == 0 {
			return -1
		}
		if m := t.meta(int(s - 1)); m.hash == h32 && m.len == uint32(len(k)) && string(t.blocks[m.blk][m.off:m.off+m.len]) == string(k) {
			return int(s - 1)
		}
	}
}

func (t *Table) add(k string, h uint32) int {
	id := t.n
	if id&(pageSize-1) == 0 {
		t.pages = append(t.pages, make([]meta, pageSize))
	}
	m := t.meta(id)
	m.hash, m.len = h, uint32(len(k))
	t.n++
	if len(k) > blockSize/4 {
		// A long key: a block of its own.
		m.blk = uint32(len(t.blocks))
		t.blocks = append(t.blocks, []byte(k))
		return id
	}
	if t.fill < 0 || cap(t.blocks[t.fill])-len(t.blocks[t.fill]) < len(k) {
		t.fill = len(t.blocks)
		t.blocks = append(t.blocks, make([]byte, 0, blockSize))
	}
	b := t.blocks[t.fill]
	m.blk, m.off = uint32(t.fill), uint32(len(b))
	t.blocks[t.fill] = append(b, k...)
	return id
}

// grow doubles the slots and places every id again from its stored hash.
func (t *Table) grow() {
	size := max(2*len(t.slots), 64)
	t.slots = make([]uint32, size)
	mask := uint32(size - 1)
	for id := 0; id < t.n; id++ {
		for i := t.meta(id).hash & mask; ; i = (i + 1) & mask {
			if t.slots[i] == 0 {
				t.slots[i] = uint32(id + 1)
				break
			}
		}
	}
}
