package main

import (
	"io"
	"os"
	"sync/atomic"
)

// showProgress is the progress display of a run's reading (SPEC section
// 7): on stderr when it is a terminal and -q is not given, from a second
// into the run until the first warning, the first output or the end. The
// readers add the bytes they read to read.
type showProgress struct {
	read    atomic.Int64
	display *Display
}

// startProgress starts the display when stderr is a terminal and -q is not
// given; the total is the size of the input files (unknown when one is
// standard input or a pipe).
func (b *base) startProgress() {
	if !b.app.errTerminal || b.out.quiet {
		return
	}
	b.progress = &showProgress{}
	b.progress.display = startDisplay(b.app.err, &b.progress.read, inputSize(b.files), progressDelay)
}

// stopProgress removes the display, for good: what follows (warnings,
// output, an error) is written on a clean line.
func (b *base) stopProgress() {
	if b.progress != nil {
		b.progress.display.Stop()
	}
}

// counter is what the readers add to, or nil without a display.
func (b *base) counter() *atomic.Int64 {
	if b.progress == nil {
		return nil
	}
	return &b.progress.read
}

// inputSize is the total size of files, or -1 when one of them is not a
// regular file (standard input, a pipe) or there are none (standard input).
func inputSize(files []string) int64 {
	if len(files) == 0 {
		return -1
	}
	var total int64
	for _, f := range files {
		fi, err := os.Stat(f)
		if f == "-" || err != nil || !fi.Mode().IsRegular() {
			return -1
		}
		total += fi.Size()
	}
	return total
}

// stopFirst is an output that stops the progress display before it writes.
type stopFirst struct {
	w    io.Writer
	stop func()
}

func (s stopFirst) Write(p []byte) (int, error) {
	s.stop()
	return s.w.Write(p)
}
