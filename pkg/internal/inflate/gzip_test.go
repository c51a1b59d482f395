package inflate

import (
	"bytes"
	"compress/flate"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"io"
	"testing"
)

// member builds a gzip member of text with the given header flags.
func member(text []byte, flags byte, extra, name, comment string, badHCRC bool) []byte {
	return wrap(deflated(text, 6), text, flags, extra, name, comment, badHCRC)
}

// wrap makes a gzip member of DEFLATE data z of text.
func wrap(z, text []byte, flags byte, extra, name, comment string, badHCRC bool) []byte {
	h := []byte{0x1f, 0x8b, 8, flags, 0, 0, 0, 0, 0, 255}
	if flags&fextra != 0 {
		h = binary.LittleEndian.AppendUint16(h, uint16(len(extra)))
		h = append(h, extra...)
	}
	if flags&fname != 0 {
		h = append(append(h, name...), 0)
	}
	if flags&fcomment != 0 {
		h = append(append(h, comment...), 0)
	}
	if flags&fhcrc != 0 {
		c := uint16(crc32.ChecksumIEEE(h))
		if badHCRC {
			c++
		}
		h = binary.LittleEndian.AppendUint16(h, c)
	}
	h = append(h, z...)
	h = binary.LittleEndian.AppendUint32(h, crc32.ChecksumIEEE(text))
	return binary.LittleEndian.AppendUint32(h, uint32(len(text)))
}

// gunzipAll reads all members as compress/gzip's multistream reader.
func gunzipAll(data []byte) ([]byte, error) {
	z, err := NewReader(bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	var out bytes.Buffer
	for {
		if _, err := io.Copy(&out, z); err != nil {
			return out.Bytes(), err
		}
		if b, _ := z.Peek(1); len(b) == 0 {
			return out.Bytes(), nil
		}
		if err := z.Next(); err != nil {
			return out.Bytes(), err
		}
	}
}

// TestGzip: header flags, members, trailers and their errors against
// compress/gzip on the same bytes.
func TestGzip(t *testing.T) {
	text := corpus(100 << 10)
	long := string(bytes.Repeat([]byte("n"), 600))
	whole := member(text, 0, "", "", "", false)
	badCRC := bytes.Clone(whole)
	badCRC[len(badCRC)-8]++
	badSize := bytes.Clone(whole)
	badSize[len(badSize)-1]++
	// compress/flate ends with an empty stored block; gzip ends with
	// the last block of data, its bits up to the trailer.
	fixed := fixedStream()
	fixedText, err := stdInflate(fixed)
	if err != nil {
		t.Fatal(err)
	}
	fixedMember := wrap(fixed, fixedText, 0, "", "", "", false)
	cases := []struct {
		name string
		data []byte
	}{
		{"plain", whole},
		{"final block of codes", fixedMember},
		{"two of them", append(bytes.Clone(fixedMember), fixedMember...)},
		{"long name", member(text, fname, "", long[:300], "", false)},
		{"FEXTRA", member(text, fextra, "ab\x04\x00data", "", "", false)},
		{"FNAME", member(text, fname, "", "export.csv", "", false)},
		{"FCOMMENT", member(text, fcomment, "", "", "a comment \xe9", false)},
		{"FHCRC", member(text, fhcrc|fname, "", "x.csv", "", false)},
		{"all flags", member(text, fextra|fname|fcomment|fhcrc, "xyz", "a", "b", false)},
		{"bad FHCRC", member(text, fhcrc, "", "", "", true)},
		{"name too long", member(text, fname, "", long, "", false)},
		{"not deflate", append([]byte{0x1f, 0x8b, 7}, whole[3:]...)},
		{"bad magic", append([]byte{0x1f, 0x8c}, whole[2:]...)},
		{"CRC mismatch", badCRC},
		{"size mismatch", badSize},
		{"three members", append(append(bytes.Clone(whole), member([]byte("x"), fname, "", "b", "", false)...), member(nil, 0, "", "", "", false)...)},
		{"empty", nil},
		{"header cut", whole[:5]},
		{"FEXTRA cut", member(text, fextra, "abcdef", "", "", false)[:14]},
		{"FNAME cut", member(text, fname, "", "abcdef", "", false)[:13]},
		{"trailer cut", whole[:len(whole)-3]},
		{"data cut", whole[:len(whole)/2]},
		{"second member cut", append(bytes.Clone(whole), whole[:20]...)},
	}
	for _, c := range cases {
		var want []byte
		zr, errStd := gzip.NewReader(bytes.NewReader(c.data))
		if errStd == nil {
			want, errStd = io.ReadAll(zr)
		}
		got, err := gunzipAll(c.data)
		if (err == nil) != (errStd == nil) || err != nil && err.Error() != errStd.Error() {
			t.Errorf("%s: %v, compress/gzip %v", c.name, err, errStd)
		}
		if errStd == nil && !bytes.Equal(got, want) {
			t.Errorf("%s: %d bytes, compress/gzip %d", c.name, len(got), len(want))
		}
	}
}

// TestGzipPeek: the bytes after a member are there to read, as many as
// asked, across input refills.
func TestGzipPeek(t *testing.T) {
	tail := bytes.Repeat([]byte{0, 1, 2}, 100000)
	z, err := NewReader(bytes.NewReader(append(member(corpus(1000), 0, "", "", "", false), tail...)))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(io.Discard, z); err != nil {
		t.Fatal(err)
	}
	var rest []byte
	for {
		b, err := z.Peek(50000)
		rest = append(rest, b...)
		z.Discard(len(b))
		if err == io.EOF {
			break
		}
		if err != nil || len(b) != 50000 {
			t.Fatalf("peek: %d bytes, %v", len(b), err)
		}
	}
	if !bytes.Equal(rest, tail) {
		t.Errorf("%d bytes after the member, want %d", len(rest), len(tail))
	}
}

// TestGzipCorruptOffset: a corrupt block's offset counts from the start
// of the member's DEFLATE data, as compress/gzip's does, within the few
// bytes the decoders read ahead, whatever the header's length.
func TestGzipCorruptOffset(t *testing.T) {
	checked := 0
	for _, name := range []string{"", "x.csv", string(bytes.Repeat([]byte("n"), 400))} {
		flags := byte(0)
		if name != "" {
			flags = fname
		}
		for at := 500; at < 3000; at += 100 {
			data := member(corpus(50000), flags, "", name, "", false)
			data[len(name)+at] ^= 0x55
			zr, err := gzip.NewReader(bytes.NewReader(data))
			if err != nil {
				t.Fatal(err)
			}
			_, errStd := io.ReadAll(zr)
			_, err = gunzipAll(data)
			var a, b flate.CorruptInputError
			if !errors.As(errStd, &a) {
				continue
			}
			checked++
			if !errors.As(err, &b) || b < a-16 || b > a+16 {
				t.Errorf("name %d bytes, byte %d: %v, compress/gzip %v", len(name), at, err, errStd)
			}
		}
	}
	if checked < 10 {
		t.Errorf("%d corrupt cases, want 10 or more", checked)
	}
}

// TestGzipClose: a closed reader gives its buffers to the next one and
// reads no more.
func TestGzipClose(t *testing.T) {
	text := corpus(1000)
	data := member(text, 0, "", "", "", false)
	z, err := NewReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	b := z.d.bufs
	z.Close()
	if _, err := z.Read(make([]byte, 10)); err != errClosed {
		t.Errorf("read after Close: %v", err)
	}
	z2, err := NewReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	if z2.d.bufs != b {
		t.Error("the next reader allocated its buffers again")
	}
	if got, err := io.ReadAll(z2); err != nil || !bytes.Equal(got, text) {
		t.Errorf("%d bytes, %v; want %d", len(got), err, len(text))
	}
}
