package intern

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"unsafe"
)

// TestIntern adds keys of every length class, many times over, and checks
// ids, bytes and lookups against a map.
func TestIntern(t *testing.T) {
	tab := New()
	want := map[string]int{}
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
		id, added := tab.Intern(k)
		old, seen := want[k]
		if added == seen {
			t.Fatalf("key %q: added %v, seen before %v", k, added, seen)
		}
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
		if !bytes.Equal(tab.Bytes(id), []byte(k)) {
			t.Fatalf("Bytes(%d) = %q, want %q", id, tab.Bytes(id), k)
		}
		if got := tab.Lookup(k); got != id {
			t.Fatalf("Lookup(%q) = %d, want %d", k, got, id)
		}
	}
	if got := tab.Lookup("absent"); got != -1 {
		t.Fatalf("Lookup of an absent key = %d", got)
	}
	if got := New().Lookup(""); got != -1 {
		t.Fatalf("Lookup in an empty table = %d", got)
	}
}

// TestBytesNotAliased: the table keeps its own copy of a key, even of a
// string that views a buffer the caller reuses (as the fast path's are).
func TestBytesNotAliased(t *testing.T) {
	tab := New()
	k := []byte("abc")
	id, _ := tab.Intern(unsafe.String(&k[0], 2))
	if tab.String(id) != "ab" {
		t.Fatalf("String = %q", tab.String(id))
	}
	k[0] = 'X'
	if string(tab.Bytes(id)) != "ab" {
		t.Fatalf("stored key changed with the caller's slice: %q", tab.Bytes(id))
	}
}

func BenchmarkIntern(b *testing.B) {
	keys := make([]string, 1<<20)
	for i := range keys {
		keys[i] = fmt.Sprintf("user%d@example.com", i*7919%(1<<20))
	}
	b.ReportAllocs()
	for b.Loop() {
		tab := New()
		for _, k := range keys {
			tab.Intern(k)
		}
	}
}

// BenchmarkMap is the same work with a Go map, for comparison.
func BenchmarkMap(b *testing.B) {
	keys := make([]string, 1<<20)
	for i := range keys {
		keys[i] = fmt.Sprintf("user%d@example.com", i*7919%(1<<20))
	}
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
