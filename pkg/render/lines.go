package render

import (
	"io"
	"runtime"
	"sync"
	"sync/atomic"
)

// linesPerBlock is how many lines a worker of WriteLines makes at a time:
// a few hundred KiB of output, so that handing a block over is rare next
// to making it.
const linesPerBlock = 2048

// WriteLines writes lines 0 to n-1 to w, in order, made in blocks on
// every core: newLine makes the function of one worker (say around a
// LineEncoder of its own), which appends line i to b. At most two blocks
// a worker are held at once, whatever n. The first error, of a line or of
// w, stops the writing and is returned; the workers have stopped by then.
func WriteLines(w io.Writer, n int, newLine func() func(b []byte, i int) ([]byte, error)) error {
	blocks := (n + linesPerBlock - 1) / linesPerBlock
	workers := min(runtime.GOMAXPROCS(0), blocks)
	if workers <= 1 {
		line := newLine()
		var b []byte
		for i := range n {
			var err error
			if b, err = line(b, i); err != nil {
				return err
			}
			if len(b) >= 64<<10 || i == n-1 {
				if _, err := w.Write(b); err != nil {
					return err
				}
				b = b[:0]
			}
		}
		return nil
	}
	type block struct {
		b   []byte
		err error
	}
	made := make([]chan block, blocks)
	for i := range made {
		made[i] = make(chan block, 1) // a worker never waits to hand a block over
	}
	// A worker takes a turn before it takes the next block, and the
	// writer gives one back per block written: blocks are taken in order,
	// so the block the writer waits for is always being made.
	turns := make(chan struct{}, 2*workers)
	free := make(chan []byte, 2*workers)
	stop := make(chan struct{})
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			line := newLine()
			for {
				select {
				case turns <- struct{}{}:
				case <-stop:
					return
				}
				k := int(next.Add(1) - 1)
				if k >= blocks {
					return
				}
				var b []byte
				select {
				case b = <-free:
				default:
				}
				var err error
				for i := k * linesPerBlock; i < min(n, (k+1)*linesPerBlock) && err == nil; i++ {
					b, err = line(b, i)
				}
				made[k] <- block{b, err}
			}
		})
	}
	var err error
	for k := range made {
		x := <-made[k]
		if err = x.err; err == nil {
			_, err = w.Write(x.b)
		}
		if err != nil {
			break
		}
		select {
		case free <- x.b[:0]:
		default:
		}
		<-turns
	}
	close(stop)
	wg.Wait()
	return err
}
