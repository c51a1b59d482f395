package main

import (
	"io"
	"sync"
	"sync/atomic"
	"time"

	"github.com/schollz/progressbar/v3"
)

// The progress display: on a terminal's standard error, once the run has
// lasted a second, a line with the bytes read of the total, the rate and
// the time left, drawn by github.com/schollz/progressbar/v3 from the
// counter the readers add to (pkg/internal/progress).

// progressDelay is how long a run goes before its progress is shown: a run that
// ends sooner shows nothing.
const progressDelay = time.Second

// tick is how often the display reads the counter.
const tick = 150 * time.Millisecond

// Display draws a counter's progress until Stop.
type Display struct {
	stop chan struct{}
	done chan struct{}
	once sync.Once
}

// startDisplay shows the progress of n toward total bytes (total <= 0: unknown,
// then bytes and rate only) on w, a terminal, from delay on. A count past
// the total (the few KiB that detecting a file's format reads before the
// pass reads it again) shows as the total.
func startDisplay(w io.Writer, n *atomic.Int64, total int64, delay time.Duration) *Display {
	d := &Display{stop: make(chan struct{}), done: make(chan struct{})}
	go d.run(w, n, total, delay)
	return d
}

func (d *Display) run(w io.Writer, n *atomic.Int64, total int64, delay time.Duration) {
	defer close(d.done)
	max := total
	if max <= 0 {
		max = -1 // progressbar's unknown length: a spinner
	}
	// The bar exists from the start, so that its rate and time left count
	// from there, but draws nothing until the delay has passed.
	gate := &gated{w: w}
	bar := progressbar.NewOptions64(max,
		progressbar.OptionSetWriter(gate),
		progressbar.OptionSetDescription("reading"),
		progressbar.OptionShowBytes(true),
		progressbar.OptionShowCount(),
		progressbar.OptionSetPredictTime(true),
		progressbar.OptionSetElapsedTime(true),
		progressbar.OptionSetWidth(20),
		progressbar.OptionThrottle(0),
		progressbar.OptionSetSpinnerChangeInterval(0), // no goroutine of its own
		progressbar.OptionUseANSICodes(true),
	)
	open := time.After(delay)
	t := time.NewTicker(tick)
	defer t.Stop()
	for {
		select {
		case <-d.stop:
			if gate.open {
				_ = bar.Clear()
			}
			return
		case <-open:
			gate.open = true
		case <-t.C:
		}
		v := n.Load()
		if total > 0 {
			v = min(v, total-1) // the end is drawn by no one: Stop clears the line
		}
		_ = bar.Set64(v)
	}
}

// gated writes to w once open, and discards until then. Only the display's
// goroutine uses it.
type gated struct {
	w    io.Writer
	open bool
}

func (g *gated) Write(p []byte) (int, error) {
	if !g.open {
		return len(p), nil
	}
	return g.w.Write(p)
}

// Stop removes the display (the line is cleared) and returns once nothing
// more will be written. It may be called more than once, and on nil.
func (d *Display) Stop() {
	if d == nil {
		return
	}
	d.once.Do(func() { close(d.stop) })
	<-d.done
}
