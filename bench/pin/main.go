//go:build unix

// Command pin holds files in the page cache until it is stopped: it maps
// each one and locks the mapping in memory (mlock), so that a kernel that
// reclaims cold page cache on its own (these machines run kdamond) cannot
// evict a benchmark's input between two measured runs.
//
//	go run ./bench/pin FILE... &   # prints "pinned" once all are locked
//
// Locking needs the right to (root, CAP_IPC_LOCK or a high enough
// RLIMIT_MEMLOCK); without it pin says so and exits 1. bench/run.sh
// starts it for the matrix's exports.
package main

import (
	"fmt"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: pin FILE...")
		os.Exit(2)
	}
	var total int
	for _, name := range os.Args[1:] {
		n, err := pin(name)
		if err != nil {
			fmt.Fprintln(os.Stderr, "pin:", err)
			os.Exit(1)
		}
		total += n
	}
	fmt.Printf("pinned %d files, %d MB\n", len(os.Args)-1, total/1000000)
	stop := make(chan os.Signal, 1)
	signal.Notify(stop, os.Interrupt, syscall.SIGTERM)
	<-stop
}

// pin maps name and locks its pages in memory (reading them in), and
// returns its size. The mapping lives until the process ends.
func pin(name string) (int, error) {
	f, err := os.Open(name)
	if err != nil {
		return 0, err
	}
	defer f.Close() // the mapping outlives the descriptor
	fi, err := f.Stat()
	if err != nil {
		return 0, err
	}
	size := int(fi.Size())
	if size == 0 {
		return 0, nil
	}
	b, err := syscall.Mmap(int(f.Fd()), 0, size, syscall.PROT_READ, syscall.MAP_SHARED)
	if err != nil {
		return 0, fmt.Errorf("%s: map: %w", name, err)
	}
	if err := syscall.Mlock(b); err != nil {
		return 0, fmt.Errorf("%s: lock %d MB in memory: %w (needs root, CAP_IPC_LOCK or a higher ulimit -l)", name, size/1000000, err)
	}
	return size, nil
}
