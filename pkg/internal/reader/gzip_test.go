package reader

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"regexp"
	"testing"
)

var offset = regexp.MustCompile(`offset [0-9]+`)

// TestGzipErrors: on truncated and corrupted gzip data, Gunzip fails as
// compress/gzip does, with the same message (a corrupt block's offset may
// differ by the few bytes the decoders read ahead), and streamError gives
// the same user error for both.
func TestGzipErrors(t *testing.T) {
	var plain bytes.Buffer
	for i := range 20000 {
		fmt.Fprintf(&plain, "%d,user%d@example.com,%d\n", i, i*7919%100000, i%11)
	}
	var z bytes.Buffer
	zw := gzip.NewWriter(&z)
	zw.Write(plain.Bytes())
	zw.Close()
	whole := z.Bytes()
	var cases [][]byte
	for _, n := range []int{0, 1, 2, 5, 10, 11, 100, len(whole) / 2, len(whole) - 8, len(whole) - 4, len(whole) - 1} {
		cases = append(cases, whole[:n])
	}
	for _, at := range []int{0, 1, 2, 3, 9, 10, 20, 500, len(whole) / 3, len(whole) - 6, len(whole) - 2} {
		c := bytes.Clone(whole)
		c[at] ^= 0x55
		cases = append(cases, c)
	}
	cases = append(cases, append(bytes.Clone(whole), "garbage"...), append(bytes.Clone(whole), whole...))
	read := func(open func(io.Reader) (io.ReadCloser, error), data []byte) (int, error) {
		zr, err := open(bytes.NewReader(data))
		if err != nil {
			return 0, err
		}
		n, err := io.Copy(io.Discard, zr)
		return int(n), err
	}
	std := func(r io.Reader) (io.ReadCloser, error) { return gzip.NewReader(r) }
	for k, data := range cases {
		nStd, errStd := read(std, data)
		nOurs, errOurs := read(Gunzip, data)
		if offset.ReplaceAllString(fmt.Sprint(errStd), "N") != offset.ReplaceAllString(fmt.Sprint(errOurs), "N") {
			t.Errorf("case %d: compress/gzip: %v; Gunzip: %v", k, errStd, errOurs)
			continue
		}
		if errStd == nil && nStd != nOurs {
			t.Errorf("case %d: %d bytes, compress/gzip %d", k, nOurs, nStd)
		}
		if errStd != nil {
			a, _ := streamError("x.gz", 7, &readError{errStd})
			b, _ := streamError("x.gz", 7, &readError{errOurs})
			if offset.ReplaceAllString(a.Error(), "N") != offset.ReplaceAllString(b.Error(), "N") {
				t.Errorf("case %d: user errors differ:\n%v\n%v", k, a, b)
			}
		}
	}
}
