package main

import (
	"bytes"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// syncBuffer is a bytes.Buffer that the display's goroutine and the test
// may use at once.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// waitFor polls w until it holds want, for at most five seconds.
func waitFor(t *testing.T, w *syncBuffer, want string) {
	t.Helper()
	for end := time.Now().Add(5 * time.Second); time.Now().Before(end); time.Sleep(10 * time.Millisecond) {
		if strings.Contains(w.String(), want) {
			return
		}
	}
	t.Fatalf("no %q in %q", want, w.String())
}

func TestDisplay(t *testing.T) {
	tests := []struct {
		name  string
		total int64
		read  int64
		want  []string // in the line drawn
		not   []string
	}{
		// 40 MB of 100 MB (decimal units): 40%, bytes of the total, a rate
		// and the elapsed:left times in brackets.
		{"known total", 100_000_000, 40_000_000, []string{"reading", "40%", "(40/100 MB, ", "B/s)", "["}, nil},
		// Standard input: no total, so no share and no time left.
		{"unknown total", -1, 40_000_000, []string{"reading", "(40 MB, ", "B/s)"}, []string{"%"}},
		// A count past the total (format detection read a block twice) is
		// not shown as more than 100%.
		{"past the total", 1_000_000, 1_200_000, []string{"99%"}, []string{"120%", "100%"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var n atomic.Int64
			var w syncBuffer
			d := startDisplay(&w, &n, tt.total, 50*time.Millisecond)
			n.Add(tt.read)
			waitFor(t, &w, tt.want[0])
			time.Sleep(2 * tick) // a draw with the count settled
			d.Stop()
			d.Stop() // twice is fine
			out := w.String()
			lines := strings.Split(out, "\r")
			last := lines[len(lines)-2] // the last line drawn, before the clearing
			for _, s := range tt.want {
				if !strings.Contains(last, s) {
					t.Errorf("no %q in %q", s, last)
				}
			}
			for _, s := range tt.not {
				if strings.Contains(last, s) {
					t.Errorf("%q in %q", s, last)
				}
			}
			if !strings.HasSuffix(out, "\x1b[2K\r") {
				t.Errorf("the line is not cleared at the end: %q", out[max(0, len(out)-20):])
			}
		})
	}
}

// TestDisplayQuickRun: a run that ends before the delay draws nothing.
func TestDisplayQuickRun(t *testing.T) {
	var n atomic.Int64
	var w syncBuffer
	d := startDisplay(&w, &n, 100, time.Hour)
	n.Add(50)
	time.Sleep(3 * tick)
	d.Stop()
	if w.String() != "" {
		t.Errorf("drew %q", w.String())
	}
	var nilDisplay *Display
	nilDisplay.Stop() // no display: nothing to stop
}
