package inflate

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"os"
	"testing"

	kgzip "github.com/klauspost/compress/gzip"
)

// csvCorpus is some MB of text like a survey export.
func csvCorpus() []byte {
	var b bytes.Buffer
	comments := []string{"", "Great service", "too slow, will not come back", "ok", "The staff were friendly and the app works well"}
	for i := range 120000 {
		fmt.Fprintf(&b, "%d,2024-%02d-%02d 10:%02d:00,%d,user%d@example.com,\"%s\"\n",
			100000+i, i%12+1, i%28+1, i%60, i*7%11, i*7919%100000, comments[i*31%len(comments)])
	}
	return b.Bytes()
}

func gzipped(b []byte) []byte {
	var z bytes.Buffer
	w, _ := gzip.NewWriterLevel(&z, 6)
	w.Write(b)
	w.Close()
	return z.Bytes()
}

// benchGunzip times readers of gzip data read as nps reads it (a 64 KiB
// buffered reader, 1 MiB reads).
func benchGunzip(b *testing.B, z []byte, plain int64) {
	open := map[string]func(io.Reader) (io.Reader, error){
		"inflate":   func(r io.Reader) (io.Reader, error) { return NewReader(r) },
		"klauspost": func(r io.Reader) (io.Reader, error) { return kgzip.NewReader(r) },
	}
	buf := make([]byte, 1<<20)
	for _, name := range []string{"inflate", "klauspost"} {
		b.Run(name, func(b *testing.B) {
			b.SetBytes(plain)
			for b.Loop() {
				r, err := open[name](bufio.NewReaderSize(bytes.NewReader(z), 64<<10))
				if err != nil {
					b.Fatal(err)
				}
				if _, err := io.CopyBuffer(io.Discard, struct{ io.Reader }{r}, buf); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkGunzip(b *testing.B) {
	plain := csvCorpus()
	benchGunzip(b, gzipped(plain), int64(len(plain)))
}

// BenchmarkGunzipFile reads $NPS_GZ_BENCH, e.g. the 3M-row export.
func BenchmarkGunzipFile(b *testing.B) {
	name := os.Getenv("NPS_GZ_BENCH")
	if name == "" {
		b.Skip("NPS_GZ_BENCH names no gzip file")
	}
	z, err := os.ReadFile(name)
	if err != nil {
		b.Fatal(err)
	}
	benchGunzip(b, z, int64(binary32(z[len(z)-4:])))
}

func binary32(b []byte) uint32 {
	return uint32(b[0]) | uint32(b[1])<<8 | uint32(b[2])<<16 | uint32(b[3])<<24
}
