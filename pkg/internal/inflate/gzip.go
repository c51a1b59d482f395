package inflate

import (
	"encoding/binary"
	"errors"
	"hash/crc32"
	"io"
)

// Reader reads the members of a gzip file (RFC 1952) one at a time, as
// compress/gzip's Reader with Multistream(false), with the same errors:
// Read returns io.EOF at the end of a member whose trailer checks; Peek
// and Discard read what follows, and Next starts the next member.
type Reader struct {
	d    decoder
	crc  uint32 // of the member's output so far
	size uint32 // its length, mod 2^32
	err  error
	buf  [512]byte // header strings longer than this are an error, as in compress/gzip
}

// header flags
const (
	fhcrc    = 1 << 1
	fextra   = 1 << 2
	fname    = 1 << 3
	fcomment = 1 << 4
)

// NewReader reads the header of the first member of r: io.EOF when r is
// empty.
func NewReader(r io.Reader) (*Reader, error) {
	z := &Reader{}
	z.d.init(r)
	if err := z.header(); err != nil {
		return nil, err
	}
	z.d.restart()
	return z, nil
}

// Next reads the header of the member that follows the one that ended.
func (z *Reader) Next() error {
	z.crc, z.size = 0, 0
	if z.err = z.header(); z.err != nil {
		return z.err
	}
	z.d.restart()
	return nil
}

func (z *Reader) header() error {
	h := z.buf[:10]
	if _, err := z.d.readFull(h); err != nil {
		return err
	}
	if h[0] != 0x1f || h[1] != 0x8b || h[2] != 8 {
		return ErrHeader
	}
	flags := h[3]
	crc := crc32.ChecksumIEEE(h)
	if flags&fextra != 0 {
		if _, err := z.d.readFull(h[:2]); err != nil {
			return noEOF(err)
		}
		crc = crc32.Update(crc, crc32.IEEETable, h[:2])
		for n := int(binary.LittleEndian.Uint16(h)); n > 0; {
			c, err := z.d.readFull(z.buf[:min(n, len(z.buf))])
			if err != nil {
				return noEOF(err)
			}
			crc = crc32.Update(crc, crc32.IEEETable, z.buf[:c])
			n -= c
		}
	}
	for _, f := range []byte{fname, fcomment} {
		if flags&f == 0 {
			continue
		}
		var err error
		if crc, err = z.skipString(crc); err != nil {
			return err
		}
	}
	if flags&fhcrc != 0 {
		if _, err := z.d.readFull(h[:2]); err != nil {
			return noEOF(err)
		}
		if binary.LittleEndian.Uint16(h) != uint16(crc) {
			return ErrHeader
		}
	}
	return nil
}

// skipString reads a zero-terminated header string into the header CRC.
func (z *Reader) skipString(crc uint32) (uint32, error) {
	for i := range z.buf {
		if _, err := z.d.readFull(z.buf[i : i+1]); err != nil {
			return crc, noEOF(err)
		}
		if z.buf[i] == 0 {
			return crc32.Update(crc, crc32.IEEETable, z.buf[:i+1]), nil
		}
	}
	return crc, ErrHeader
}

func noEOF(err error) error {
	if err == io.EOF {
		return io.ErrUnexpectedEOF
	}
	return err
}

func (z *Reader) Read(p []byte) (int, error) {
	if z.err != nil {
		return 0, z.err
	}
	n, err := z.d.Read(p)
	z.crc = crc32.Update(z.crc, crc32.IEEETable, p[:n])
	z.size += uint32(n)
	if err == io.EOF {
		err = z.trailer()
	}
	z.err = err
	return n, err
}

// trailer checks the member's CRC-32 and size; io.EOF when they match.
func (z *Reader) trailer() error {
	t := z.buf[:8]
	if _, err := z.d.readFull(t); err != nil {
		return noEOF(err)
	}
	if binary.LittleEndian.Uint32(t) != z.crc || binary.LittleEndian.Uint32(t[4:]) != z.size {
		return ErrChecksum
	}
	return io.EOF
}

// Peek returns up to n bytes (n at most 128 KiB) of the input after the
// member without reading them, with the reader's error when fewer.
func (z *Reader) Peek(n int) ([]byte, error) {
	d := &z.d
	if d.inEnd-d.ip < n {
		d.fill(n)
	}
	b := d.in[d.ip:min(d.inEnd, d.ip+n)]
	if len(b) < n {
		return b, d.rerr
	}
	return b, nil
}

// Discard skips n bytes that Peek returned.
func (z *Reader) Discard(n int) { z.d.ip += n }

var errClosed = errors.New("inflate: read after Close")

// Close gives the reader's buffers back for other readers to use.
func (z *Reader) Close() error {
	z.d.release()
	z.err = errClosed
	return nil
}
