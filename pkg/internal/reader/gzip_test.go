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

// TestGunzipMatchesStdlib: gunzip (package inflate) against
// compress/gzip on whole, truncated, corrupted and concatenated gzip data:
// the same bytes, the same error message (a corrupt block's offset may
// differ by the few bytes the decoders read ahead), and the same user
// error from streamError.
func TestGunzipMatchesStdlib(t *testing.T) {
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
	for _, n := range []int{2, 5, 10, 11, 100, len(whole) / 2, len(whole) - 8, len(whole) - 4, len(whole) - 1, len(whole)} {
		cases = append(cases, whole[:n])
	}
	for _, at := range []int{3, 9, 10, 20, 500, len(whole) / 3, len(whole) - 6, len(whole) - 2} {
		c := bytes.Clone(whole)
		c[at] ^= 0x55
		cases = append(cases, c)
	}
	cases = append(cases, append(bytes.Clone(whole), whole...)) // two members
	for k, data := range cases {
		var std, ours bytes.Buffer
		var errStd, errOurs error
		if zr, err := gzip.NewReader(bytes.NewReader(data)); err != nil {
			errStd = err
		} else {
			_, errStd = io.Copy(&std, zr)
		}
		if zr, err := newGunzip("x.gz", bytes.NewReader(data)); err != nil {
			errOurs = err
		} else {
			_, errOurs = io.Copy(&ours, zr)
		}
		if offset.ReplaceAllString(fmt.Sprint(errStd), "N") != offset.ReplaceAllString(fmt.Sprint(errOurs), "N") {
			t.Errorf("case %d: compress/gzip: %v; gunzip: %v", k, errStd, errOurs)
			continue
		}
		if errStd == nil && !bytes.Equal(std.Bytes(), ours.Bytes()) {
			t.Errorf("case %d: %d bytes, compress/gzip %d", k, ours.Len(), std.Len())
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

// TestGunzipReleases: once the data ended, the reader kept for its
// warning has given its buffers back (it reads no more).
func TestGunzipReleases(t *testing.T) {
	var z bytes.Buffer
	zw := gzip.NewWriter(&z)
	zw.Write([]byte("a,b\n1,2\n"))
	zw.Close()
	g, err := newGunzip("x.gz", bytes.NewReader(z.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.ReadAll(g); err != nil {
		t.Fatal(err)
	}
	if _, err := g.zr.Read(make([]byte, 1)); err == io.EOF {
		t.Error("the inflate reader still holds its buffers")
	}
}
