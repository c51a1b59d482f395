package intern

import (
	"encoding/binary"
	"fmt"
	"strings"
	"testing"
	"unsafe"
)

// TestIntern adds keys of every length class, many times over, and checks
// ids, keys, payloads (kept across the table's growth) and lookups against
// a map.
func TestIntern(t *testing.T) {
	tab := New(12)
	want := map[string]int{}
	times := map[string]int{}
	var order []string
	key := func(i int) string {
		switch i % 7 {
		case 0:
			return ""
		case 1:
			return strings.Repeat("x", blockSize/4+i%5) // a block of its own
		}
		return fmt.Sprintf("k%d", i%30011)
	}
	for i := range 200000 {
		k := key(i)
		id, p, added := tab.Intern(k)
		old, seen := want[k]
		if len(p) != 16 || cap(p) != 16 {
			t.Fatalf("payload of %d bytes (cap %d), want 16", len(p), cap(p))
		}
		// The payload counts the key's additions.
		binary.LittleEndian.PutUint64(p, binary.LittleEndian.Uint64(p)+1)
		if added == seen {
			t.Fatalf("key %q: added %v, seen before %v", k, added, seen)
		}
		times[k]++
		if !seen {
			if id != len(order) {
				t.Fatalf("key %q: id %d, want %d", k, id, len(order))
			}
			want[k] = id
			order = append(order, k)
		} else if id != old {
			t.Fatalf("key %q: id %d, then %d", k, old, id)
		}
	}
	if tab.Len() != len(order) {
		t.Fatalf("Len %d, want %d", tab.Len(), len(order))
	}
	for id, k := range order {
		if tab.Key(id) != k {
			t.Fatalf("Key(%d) = %q, want %q", id, tab.Key(id), k)
		}
		if got := binary.LittleEndian.Uint64(tab.Payload(id)); got != uint64(times[k]) {
			t.Fatalf("payload of %q counts %d, want %d", k, got, times[k])
		}
		if got := tab.Lookup(k); got != id {
			t.Fatalf("Lookup(%q) = %d, want %d", k, got, id)
		}
	}
	if got := tab.Lookup("absent"); got != -1 {
		t.Fatalf("Lookup of an absent key = %d", got)
	}
	if got := New(0).Lookup(""); got != -1 {
		t.Fatalf("Lookup in an empty table = %d", got)
	}
}

// TestBytesNotAliased: the table keeps its own copy of a key, even of a
// string that views a buffer the caller reuses (as the fast path's are).
func TestBytesNotAliased(t *testing.T) {
	tab := New(12)
	k := []byte("abc")
	id, _, _ := tab.Intern(unsafe.String(&k[0], 2))
	k[0] = 'X'
	if tab.Key(id) != "ab" {
		t.Fatalf("stored key changed with the caller's slice: %q", tab.Key(id))
	}
}

// benchKeys are a million e-mail addresses in a scattered order.
func benchKeys() []string {
	keys := make([]string, 1<<20)
	for i := range keys {
		keys[i] = fmt.Sprintf("user%d@example.com", i*7919%(1<<20))
	}
	return keys
}

func BenchmarkIntern(b *testing.B) {
	keys := benchKeys()
	b.ReportAllocs()
	for b.Loop() {
		tab := New(12)
		for _, k := range keys {
			tab.Intern(k)
		}
	}
}

// BenchmarkMap is the same work with a Go map, for comparison.
func BenchmarkMap(b *testing.B) {
	keys := benchKeys()
	b.ReportAllocs()
	for b.Loop() {
		m := map[string]int32{}
		for _, k := range keys {
			if _, ok := m[k]; !ok {
				m[k] = int32(len(m))
			}
		}
	}
}

// TestDrain passes every key, its hash and payload in id order and leaves the table
// empty and usable.
func TestDrain(t *testing.T) {
	tab := New(8)
	var keys []string
	for i := range 30000 {
		k := fmt.Sprint("key", i)
		if i%1000 == 7 {
			k = strings.Repeat("L", blockSize/4+i) // a block of its own
		}
		_, p, _ := tab.Intern(k)
		binary.LittleEndian.PutUint64(p, uint64(i))
		keys = append(keys, k)
	}
	i := 0
	tab.Drain(func(k string, h uint64, p []byte) {
		if k != keys[i] || h != Hash(k) || binary.LittleEndian.Uint64(p) != uint64(i) {
			t.Fatalf("Drain gave %.20q %d at %d", k, binary.LittleEndian.Uint64(p), i)
		}
		i++
	})
	if i != len(keys) || tab.Len() != 0 || tab.Lookup("key1") != -1 {
		t.Fatalf("%d drained, Len %d after", i, tab.Len())
	}
	if id, _, added := tab.Intern("again"); id != 0 || !added {
		t.Fatalf("Intern after Drain: id %d, added %v", id, added)
	}
}

// TestTouchRef: TouchRef reads the first byte of an entry's header, the low
// byte of its id, and the last byte of its key (of an empty key, the last
// of the payload: 0), for ids on several pages of refs and in several
// blocks.
func TestTouchRef(t *testing.T) {
	tb := New(16)
	keys := []string{""}
	tb.Intern("")
	for i := range 3 * pageSize {
		keys = append(keys, fmt.Sprint(i))
		tb.Intern(keys[len(keys)-1])
	}
	for id := range tb.Len() {
		want := byte(id)
		if k := keys[id]; k != "" {
			want ^= k[len(k)-1]
		}
		if got := tb.TouchRef(tb.Ref(id)); got != want {
			t.Fatalf("TouchRef(Ref(%d)) = %d, want %d", id, got, want)
		}
	}
}
