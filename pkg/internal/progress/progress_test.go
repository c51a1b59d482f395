package progress

import (
	"bytes"
	"io"
	"strings"
	"sync/atomic"
	"testing"
)

func TestCount(t *testing.T) {
	for _, size := range []int{0, 1, 4096, 1<<20 + 7} {
		var n atomic.Int64
		got, err := io.Copy(io.Discard, Count(bytes.NewReader(make([]byte, size)), &n))
		if err != nil {
			t.Fatal(err)
		}
		if got != int64(size) || n.Load() != int64(size) {
			t.Errorf("size %d: copied %d, counted %d", size, got, n.Load())
		}
	}
	r := strings.NewReader("x")
	if Count(r, nil) != io.Reader(r) {
		t.Error("Count with no counter wraps the reader")
	}
}

func TestUnder(t *testing.T) {
	var n atomic.Int64
	r := strings.NewReader("x")
	if Under(Count(r, &n)) != io.Reader(r) || Under(r) != io.Reader(r) {
		t.Error("Under does not give the reader under the count")
	}
}
