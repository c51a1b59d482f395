// Command inflate decompresses a gzip file with klauspost/compress, as nps
// read one before it had its own decoder (a 64 KiB buffered reader), into
// a discarded buffer, and prints the bytes and the time it took: the
// library's pace, to set against nps's decoder, which bench/ may not
// import (pkg/internal/inflate; `NPS_GZ_BENCH=export.csv.gz go test
// -bench GunzipFile ./pkg/internal/inflate` times both).
//
//	go run ./bench/inflate export.csv.gz
package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/klauspost/compress/gzip"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: inflate FILE.gz")
		os.Exit(2)
	}
	if err := run(os.Args[1]); err != nil {
		fmt.Fprintln(os.Stderr, "inflate:", err)
		os.Exit(1)
	}
}

func run(name string) error {
	f, err := os.Open(name)
	if err != nil {
		return err
	}
	defer f.Close()
	start := time.Now()
	zr, err := gzip.NewReader(bufio.NewReaderSize(f, 64<<10))
	if err != nil {
		return err
	}
	n, err := io.CopyBuffer(io.Discard, struct{ io.Reader }{zr}, make([]byte, 1<<20))
	if err != nil {
		return err
	}
	fmt.Printf("%d bytes in %.3f s\n", n, time.Since(start).Seconds())
	return nil
}
