package pipeline

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// TestReadAtPieces: readAt gives the bytes of the file at the offset
// whatever the length against readPiece, and fails when the file ends
// before the buffer is full.
func TestReadAtPieces(t *testing.T) {
	data := make([]byte, 3*readPiece+77)
	for i := range data {
		data[i] = byte(i*131 + i>>9) // no period that a piece's length divides
	}
	name := filepath.Join(t.TempDir(), "f")
	if err := os.WriteFile(name, data, 0o600); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for _, c := range []struct {
		off, n int
		ok     bool
	}{
		{0, 0, true},
		{0, 1, true},
		{5, readPiece - 1, true},
		{0, readPiece, true},
		{3, readPiece + 1, true},
		{readPiece - 2, 2*readPiece + 79, true},
		{0, len(data), true},
		{10, len(data) - 10, true},
		{10, len(data) - 9, false},
		{len(data), 1, false},
	} {
		buf := make([]byte, c.n)
		err := readAt(f, buf, int64(c.off))
		if (err == nil) != c.ok {
			t.Errorf("readAt(off %d, %d bytes): error %v, want ok=%v", c.off, c.n, err, c.ok)
			continue
		}
		if c.ok && !bytes.Equal(buf, data[c.off:c.off+c.n]) {
			t.Errorf("readAt(off %d, %d bytes): wrong bytes", c.off, c.n)
		}
	}
}
