package render

import (
	"bytes"
	"errors"
	"fmt"
	"runtime"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// slowWriter counts its writes and takes a while over each, so that the
// workers get ahead of it; it fails the write that would take it past
// failAt bytes (0: never).
type slowWriter struct {
	bytes.Buffer
	writes atomic.Int64
	failAt int
}

func (w *slowWriter) Write(p []byte) (int, error) {
	time.Sleep(20 * time.Microsecond)
	if w.failAt > 0 && w.Len()+len(p) > w.failAt {
		return 0, errors.New("disk full")
	}
	defer w.writes.Add(1)
	return w.Buffer.Write(p)
}

func numbered(n int) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, "line %d\n", i)
	}
	return b.String()
}

// TestWriteLinesInOrder: the lines come out in order, each once, for
// counts around the block size, on one, two and three cores; with
// several, a block is begun only while fewer than two blocks a worker
// are made and not yet written.
func TestWriteLinesInOrder(t *testing.T) {
	for _, procs := range []int{1, 2, 3} {
		old := runtime.GOMAXPROCS(procs)
		defer runtime.GOMAXPROCS(old)
		for _, n := range []int{0, 1, linesPerBlock - 1, linesPerBlock, linesPerBlock + 1, 7*linesPerBlock + 5, 40 * linesPerBlock} {
			var w slowWriter
			var begun, over atomic.Int64
			err := WriteLines(&w, n, func() func([]byte, int) ([]byte, error) {
				return func(b []byte, i int) ([]byte, error) {
					if i%linesPerBlock == 0 && begun.Add(1)-w.writes.Load() > int64(2*procs) {
						over.Add(1)
					}
					return append(strconv.AppendInt(append(b, "line "...), int64(i), 10), '\n'), nil
				}
			})
			if err != nil || w.String() != numbered(n) {
				t.Fatalf("procs %d, n %d: err %v, %d bytes, want %d", procs, n, err, w.Len(), len(numbered(n)))
			}
			if procs > 1 && over.Load() > 0 {
				t.Errorf("procs %d, n %d: %d blocks begun with more than %d held", procs, n, over.Load(), 2*procs)
			}
		}
	}
}

// TestWriteLinesStops: an error of a line or of the writer is returned,
// nothing after the failing block is written, and WriteLines returns only
// once no worker runs.
func TestWriteLinesStops(t *testing.T) {
	const n = 30 * linesPerBlock
	for _, procs := range []int{1, 2} {
		old := runtime.GOMAXPROCS(procs)
		defer runtime.GOMAXPROCS(old)
		var w slowWriter
		var running atomic.Int64
		bad := errors.New("bad row")
		err := WriteLines(&w, n, func() func([]byte, int) ([]byte, error) {
			return func(b []byte, i int) ([]byte, error) {
				running.Add(1)
				defer running.Add(-1)
				if i == 5*linesPerBlock+3 {
					return b, bad
				}
				return append(strconv.AppendInt(append(b, "line "...), int64(i), 10), '\n'), nil
			}
		})
		if !errors.Is(err, bad) || running.Load() != 0 {
			t.Fatalf("procs %d: err %v, %d lines being made after the return", procs, err, running.Load())
		}
		if want := numbered(5 * linesPerBlock); !strings.HasPrefix(want, w.String()) {
			t.Errorf("procs %d: wrote %d bytes, not a prefix of the lines before the bad one", procs, w.Len())
		}

		w = slowWriter{failAt: 100 << 10}
		err = WriteLines(&w, n, func() func([]byte, int) ([]byte, error) {
			return func(b []byte, i int) ([]byte, error) {
				return append(strconv.AppendInt(append(b, "line "...), int64(i), 10), '\n'), nil
			}
		})
		if err == nil || err.Error() != "disk full" || w.Len() > 100<<10 || !strings.HasPrefix(numbered(n), w.String()) {
			t.Errorf("procs %d, a failing writer: err %v, %d bytes written", procs, err, w.Len())
		}
	}
}
