package reader

import (
	"bufio"
	"fmt"
	gzip "github.com/klauspost/compress/gzip"
	"io"
)

// gunzip decompresses a gzip file as gzip -d does: its members one after
// another; then zero bytes (the padding of tape and tar blocks) end it
// quietly, and any other bytes that do not start a member end it with a
// warning, unread. A damaged or truncated member is an error as before.
type gunzip struct {
	name  string
	br    *bufio.Reader
	zr    *gzip.Reader
	done  bool
	extra int64  // bytes after the last member that are not zero padding
	warn  func() // called once the input ends after extra bytes
}

// newGunzip reads the header of the first member of r.
func newGunzip(name string, r io.Reader) (*gunzip, error) {
	br, ok := r.(*bufio.Reader)
	if !ok {
		br = bufio.NewReader(r)
	}
	zr, err := gzip.NewReader(br)
	if err != nil {
		return nil, err
	}
	zr.Multistream(false)
	return &gunzip{name: name, br: br, zr: zr}, nil
}

func (g *gunzip) Read(p []byte) (int, error) {
	for !g.done {
		n, err := g.zr.Read(p)
		if err != io.EOF {
			return n, err
		}
		if err := g.next(); err != nil {
			return n, err
		}
		if n > 0 {
			return n, nil
		}
	}
	return 0, io.EOF
}

func (g *gunzip) Close() error { return g.zr.Close() }

// next starts the member that follows the one that ended, or ends the
// data.
func (g *gunzip) next() error {
	b, err := g.br.Peek(2)
	if len(b) == 2 && b[0] == 0x1f && b[1] == 0x8b {
		if err := g.zr.Reset(g.br); err != nil {
			return err
		}
		g.zr.Multistream(false)
		return nil
	}
	if err != nil && err != io.EOF {
		return err
	}
	g.done = true
	var n int64
	nonzero := false
	for {
		chunk, err := g.br.Peek(g.br.Size())
		for _, c := range chunk {
			nonzero = nonzero || c != 0
		}
		n += int64(len(chunk))
		g.br.Discard(len(chunk))
		if err == io.EOF {
			break
		}
		if err != nil && err != bufio.ErrBufferFull {
			return err
		}
	}
	if nonzero {
		g.extra = n
		if g.warn != nil {
			g.warn()
		}
	}
	return nil
}

// warning is the warning about the bytes after the gzip data, "" when none.
func (g *gunzip) warning() string {
	if g.extra == 0 {
		return ""
	}
	return fmt.Sprintf("%s: %d byte%s after the end of the gzip data ignored, as gzip -d ignores them; check that the file is whole",
		displayName(g.name), g.extra, plural(g.extra))
}

// gzDecoder is a decoder of gzip input: its end warnings include the one
// about trailing bytes.
type gzDecoder struct {
	decoder
	gz *gunzip
}

func (d gzDecoder) endWarnings() []string {
	w := d.decoder.endWarnings()
	if g := d.gz.warning(); g != "" {
		w = append([]string{g}, w...)
	}
	return w
}

// Gunzip is the general reader's gzip decompression for input i of the
// plan (see gunzip), with the same warning about trailing bytes.
func (p *FastPlan) Gunzip(i int, r io.Reader) (io.Reader, error) {
	g, err := newGunzip(p.Inputs[i].Name, r)
	if err != nil {
		return nil, err
	}
	st := &p.r.readerState
	g.warn = func() { st.endWarns = append(st.endWarns, g.warning()) }
	return g, nil
}
