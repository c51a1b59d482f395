package reader

import (
	"fmt"
	"io"

	"github.com/npskit/nps/pkg/internal/inflate"
)

// gunzip decompresses a gzip file as gzip -d does: its members one after
// another; then zero bytes (the padding of tape and tar blocks) end it
// quietly, and any other bytes that do not start a member end it with a
// warning, unread. A damaged or truncated member is an error as before.
type gunzip struct {
	name  string
	zr    *inflate.Reader
	done  bool
	extra int64  // bytes after the last member that are not zero padding
	warn  func() // called once the input ends after extra bytes
}

// newGunzip reads the header of the first member of r.
func newGunzip(name string, r io.Reader) (*gunzip, error) {
	zr, err := inflate.NewReader(r)
	if err != nil {
		return nil, err
	}
	return &gunzip{name: name, zr: zr}, nil
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
	b, err := g.zr.Peek(2)
	if len(b) == 2 && b[0] == 0x1f && b[1] == 0x8b {
		return g.zr.Next()
	}
	if err != nil && err != io.EOF {
		return err
	}
	g.done = true
	var n int64
	nonzero := false
	for {
		chunk, err := g.zr.Peek(64 << 10)
		for _, c := range chunk {
			nonzero = nonzero || c != 0
		}
		n += int64(len(chunk))
		g.zr.Discard(len(chunk))
		if err == io.EOF {
			break
		}
		if err != nil {
			return err
		}
	}
	if nonzero {
		g.extra = n
		if g.warn != nil {
			g.warn()
		}
	}
	// The reader is kept for its warning; its buffers are not needed.
	return g.zr.Close()
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
