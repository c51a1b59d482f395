package inflate

import (
	"bytes"
	"testing"
	"testing/iotest"
)

// FuzzInflate: the decoder against compress/flate. The text compressed at
// the level the fuzzer picks (Huffman only, stored, 1-9) must come back
// whole; the raw bytes, as a DEFLATE stream, must not panic, and when
// the decoder accepts them compress/flate must too, with the same bytes
// (and the other way round).
func FuzzInflate(f *testing.F) {
	f.Add([]byte("hello, hello, hello world"), int8(6), false)
	f.Add(corpus(3000), int8(0), false)
	f.Add(corpus(3000), int8(-2), true)
	f.Add(deflated(corpus(2000), 9), int8(1), false)
	f.Add(fixedStream()[:500], int8(1), true)
	f.Fuzz(func(t *testing.T, data []byte, level int8, slowly bool) {
		lvl := int(uint8(level))%12 - 2 // HuffmanOnly, DefaultCompression, 0 (stored) .. 9
		z := deflated(data, lvl)
		for _, in := range [][]byte{z, data} {
			r := iotest.HalfReader(bytes.NewReader(in))
			if slowly {
				r = iotest.OneByteReader(bytes.NewReader(in))
			}
			got, err := ourInflate(r)
			want, errStd := stdInflate(in)
			if (err == nil) != (errStd == nil) {
				t.Fatalf("level %d: error %v, compress/flate %v", lvl, err, errStd)
			}
			if err == nil && !bytes.Equal(got, want) {
				t.Fatalf("level %d: %d bytes differ from compress/flate's %d", lvl, len(got), len(want))
			}
		}
	})
}
