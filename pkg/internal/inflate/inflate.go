// Package inflate decodes DEFLATE (RFC 1951) and gzip (RFC 1952) streams
// in the manner of libdeflate: a 64-bit bit buffer refilled eight bytes
// at a time without branches, decode table entries that carry a symbol's
// value, extra-bit count and length together, and matches copied a word at
// a time. It streams with flat memory: the input is read in chunks and
// the output decoded into the decoder's own buffer, which keeps the 32 KiB
// window at its start when it wraps.
package inflate

import (
	"compress/flate"
	"compress/gzip"
	"io"
	"sync"
)

// Errors: compress/gzip's and compress/flate's own, so that callers that
// know those need no change.
var (
	ErrHeader   = gzip.ErrHeader
	ErrChecksum = gzip.ErrChecksum
)

const (
	windowSize = 32 << 10
	outSize    = 256 << 10 // output decoded between wraps: fits in L2 with the input
	outStop    = windowSize + outSize
	maxMatch   = 258
	outSlack   = 64 // word copies run this far past a match's end

	inSize = 128 << 10
	// inKeep bytes before the read position survive a refill of the input
	// buffer: the bit buffer may hold them, to be given back.
	inKeep = 8
	// fastMargin bytes of input let the fast loop run an iteration: it
	// refills at most twice (7 bytes each), each refill loading 8 bytes.
	fastMargin = 32
)

// block states
const (
	between = iota // before a block header
	stored         // in a stored block
	coded          // in a block of Huffman codes
)

// decoder is a streaming DEFLATE decoder; its state between calls (block
// type, stored bytes left, tables, bits) resumes at any symbol.
type decoder struct {
	r    io.Reader
	rerr error    // the reader's sticky error (io.EOF at its end)
	bufs *buffers // in and out

	in        *[inSize + inKeep]byte // input, in[ip:inEnd] not yet read into bits
	ip, inEnd int
	inBase    int64 // input offset of in[0]
	streamAt  int64 // input offset of the stream, which error offsets count from

	bitbuf   uint64 // bits not yet consumed, first bit lowest
	bitsleft uint   // how many; the bits above them are 0 or the next input's

	out   *[outStop + outSlack]byte // window and output; out[rp:op] not yet read
	rp    int
	op    int
	start int // where this stream's output starts: offsets may not reach before

	block int
	final bool              // the block is the last
	left  int               // bytes left of a stored block
	end   bool              // the final block ended
	err   error             // sticky decoding error
	ll    *[llSize]uint32   // the block's litlen table
	dt    *[distSize]uint32 // and offset table

	dynLL   [llSize]uint32
	dynDist [distSize]uint32
}

// buffers are a decoder's input and output buffers. A reader kept for
// its warnings after its data ended gives them back to spare, which keeps
// a few for the next readers: not a sync.Pool, which the collector
// empties, so that reading many small files allocated them again and
// again and collected every file or so.
type buffers struct {
	in  [inSize + inKeep]byte
	out [outStop + outSlack]byte
}

var spare = struct {
	sync.Mutex
	b []*buffers
}{}

func getBuffers() *buffers {
	spare.Lock()
	defer spare.Unlock()
	if n := len(spare.b); n > 0 {
		b := spare.b[n-1]
		spare.b = spare.b[:n-1]
		return b
	}
	return new(buffers)
}

func putBuffers(b *buffers) {
	spare.Lock()
	defer spare.Unlock()
	if len(spare.b) < 4 { // as many as inputs are read at once
		spare.b = append(spare.b, b)
	}
}

// init starts decoding r, with the buffers of an earlier use if any.
func (d *decoder) init(r io.Reader) {
	b := d.bufs
	if b == nil {
		b = getBuffers()
	}
	*d = decoder{r: r, bufs: b, in: &b.in, out: &b.out, op: windowSize, rp: windowSize, start: windowSize}
}

// release gives the buffers back for other decoders; it is not used
// again.
func (d *decoder) release() {
	if d.bufs != nil {
		putBuffers(d.bufs)
		d.bufs, d.in, d.out, d.r = nil, nil, nil, nil
	}
}

// restart starts a new DEFLATE stream at the current input position.
func (d *decoder) restart() {
	d.start, d.streamAt = d.op, d.inBase+int64(d.ip)
	d.block, d.end, d.err = between, false, nil
}

func (d *decoder) Read(p []byte) (int, error) {
	for d.rp == d.op {
		if d.err != nil {
			return 0, d.err
		}
		if d.end {
			return 0, io.EOF
		}
		d.decode()
	}
	n := copy(p, d.out[d.rp:d.op])
	d.rp += n
	return n, nil
}

// decode decodes until the output buffer is full, the stream ends or an
// error. It is called when all decoded output has been read.
func (d *decoder) decode() {
	if d.op >= outStop-maxMatch {
		shift := d.op - windowSize
		copy(d.out[:], d.out[shift:d.op])
		d.op, d.rp, d.start = windowSize, windowSize, max(d.start-shift, 0)
	}
	for d.err == nil && !d.end && d.op < outStop-maxMatch {
		switch d.block {
		case between:
			d.err = d.header()
		case stored:
			d.err = d.copyStored()
		default:
			if d.inEnd-d.ip < fastMargin {
				d.fill(fastMargin) // a failure shows once the bits run out
			}
			var done bool
			if d.inEnd-d.ip >= fastMargin {
				done, d.err = d.fast()
			} else {
				done, d.err = d.slow()
			}
			if done {
				d.blockEnd()
			}
		}
	}
}

func (d *decoder) blockEnd() {
	d.block = between
	if d.final {
		// Give back the whole bytes the bit buffer holds: they follow
		// the stream.
		d.ip -= int(d.bitsleft >> 3)
		d.bitbuf, d.bitsleft = 0, 0
		d.end = true
	}
}

// fill reads input until want bytes are buffered or the reader fails; it
// returns nil when any input is buffered.
func (d *decoder) fill(want int) error {
	keep := min(d.ip, inKeep)
	if d.ip > keep {
		n := copy(d.in[:], d.in[d.ip-keep:d.inEnd])
		d.inBase += int64(d.ip - keep)
		d.ip, d.inEnd = keep, n
	}
	want = min(want, len(d.in)-d.ip)
	for d.inEnd-d.ip < want && d.rerr == nil {
		n, err := d.r.Read(d.in[d.inEnd:])
		d.inEnd += n
		d.rerr = err
	}
	if d.inEnd > d.ip {
		return nil
	}
	return d.short()
}

// short is the error of input that ends too soon.
func (d *decoder) short() error {
	if d.rerr == io.EOF || d.rerr == nil {
		return io.ErrUnexpectedEOF
	}
	return d.rerr
}

// corrupt is the error of corrupt input before the bits not consumed.
func (d *decoder) corrupt() error {
	return flate.CorruptInputError(d.inBase + int64(d.ip) - int64(d.bitsleft>>3) - d.streamAt)
}

// need makes n (at most 32) bits available, reading input as needed.
func (d *decoder) need(n uint) error {
	for d.bitsleft < n {
		if d.ip == d.inEnd {
			if err := d.fill(1); err != nil {
				return err
			}
		}
		d.bitbuf |= uint64(d.in[d.ip]) << d.bitsleft
		d.ip++
		d.bitsleft += 8
	}
	return nil
}

// bits consumes n bits that need made available.
func (d *decoder) bits(n uint) uint32 {
	v := uint32(d.bitbuf & (1<<n - 1))
	d.bitbuf >>= n
	d.bitsleft -= n
	return v
}

// loadAll fills the bit buffer as far as the input allows.
func (d *decoder) loadAll() {
	for d.bitsleft <= 56 {
		if d.ip == d.inEnd && d.fill(1) != nil {
			return
		}
		d.bitbuf |= uint64(d.in[d.ip]) << d.bitsleft
		d.ip++
		d.bitsleft += 8
	}
}

// sym decodes one symbol of table after loadAll, returning its entry
// and value (literal, or length or offset with the extra bits added).
func (d *decoder) sym(t []uint32, tableBits uint) (uint32, uint32, error) {
	e := t[d.bitbuf&(1<<tableBits-1)]
	if e&sub != 0 {
		if d.bitsleft < tableBits {
			return 0, 0, d.short()
		}
		d.bitbuf >>= tableBits
		d.bitsleft -= tableBits
		e = t[value(e)+uint32(d.bitbuf)&(1<<(e>>8&15)-1)]
	}
	n := uint(e & 63)
	if n > d.bitsleft {
		return 0, 0, d.short()
	}
	if e&(exc|eob) == exc {
		return 0, 0, d.corrupt()
	}
	saved := d.bitbuf
	d.bitbuf >>= n
	d.bitsleft -= n
	return e, value(e) + uint32(saved&(1<<n-1))>>(e>>8&15), nil
}

// slow decodes one symbol of a coded block: the fast loop's careful
// counterpart for the last bytes of the input.
func (d *decoder) slow() (done bool, err error) {
	d.loadAll()
	e, length, err := d.sym(d.ll[:], llBits)
	switch {
	case err != nil:
		return false, err
	case e&literal != 0:
		d.out[d.op] = byte(length)
		d.op++
		return false, nil
	case e&eob != 0:
		return true, nil
	}
	_, dist, err := d.sym(d.dt[:], distBits)
	if err != nil {
		return false, err
	}
	if int(dist) > d.op-d.start {
		return false, d.corrupt()
	}
	out := d.out[d.op-int(dist) : d.op+int(length)]
	for i := int(dist); i < len(out); i++ {
		out[i] = out[i-int(dist)]
	}
	d.op += int(length)
	return false, nil
}

// header reads a block header and, for a dynamic block, its codes.
func (d *decoder) header() error {
	if err := d.need(3); err != nil {
		return err
	}
	d.final = d.bits(1) == 1
	switch d.bits(2) {
	case 0:
		// Byte-align, then LEN and its complement NLEN.
		d.bits(d.bitsleft & 7)
		if err := d.need(32); err != nil {
			return err
		}
		n, nn := d.bits(16), d.bits(16)
		if n != ^nn&0xffff {
			return d.corrupt()
		}
		d.ip -= int(d.bitsleft >> 3) // the stored bytes are read from the input directly
		d.bitbuf, d.bitsleft = 0, 0
		d.block, d.left = stored, int(n)
		return nil
	case 1:
		d.ll, d.dt = &fixedLL, &fixedDist
	case 2:
		if err := d.dynamic(); err != nil {
			return err
		}
		d.ll, d.dt = &d.dynLL, &d.dynDist
	default:
		return d.corrupt()
	}
	d.block = coded
	return nil
}

// clenOrder is the order of the code length code's lengths.
var clenOrder = [19]uint8{16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15}

// dynamic reads the codes of a dynamic block (RFC 1951 3.2.7).
func (d *decoder) dynamic() error {
	if err := d.need(14); err != nil {
		return err
	}
	nlit, ndist, nclen := int(d.bits(5))+257, int(d.bits(5))+1, int(d.bits(4))+4
	if nlit > 286 || ndist > 30 {
		return d.corrupt()
	}
	var lens [286 + 30]uint8
	for _, s := range clenOrder[:nclen] {
		if err := d.need(3); err != nil {
			return err
		}
		lens[s] = uint8(d.bits(3))
	}
	var clen [1 << clenBits]uint32
	var clenVals [19]uint32
	for i := range clenVals {
		clenVals[i] = uint32(i) << 16
	}
	if !build(clen[:], lens[:19], clenVals[:], clenBits) {
		return d.corrupt()
	}
	clear(lens[:19])
	for i := 0; i < nlit+ndist; {
		d.loadAll()
		_, s, err := d.sym(clen[:], clenBits)
		if err != nil {
			return err
		}
		if s < 16 {
			lens[i] = uint8(s)
			i++
			continue
		}
		// Repeat the previous length (16) or a zero (17, 18).
		rep, nb, l := uint32(3), uint(2), uint8(0)
		switch s {
		case 16:
			if i == 0 {
				return d.corrupt()
			}
			l = lens[i-1]
		case 17:
			nb = 3
		default:
			rep, nb = 11, 7
		}
		if err := d.need(nb); err != nil {
			return err
		}
		rep += d.bits(nb)
		if i+int(rep) > nlit+ndist {
			return d.corrupt()
		}
		for range rep {
			lens[i] = l
			i++
		}
	}
	if !build(d.dynLL[:], lens[:nlit], llVals[:], llBits) ||
		!build(d.dynDist[:], lens[nlit:nlit+ndist], distVals[:], distBits) {
		return d.corrupt()
	}
	return nil
}

// copyStored copies a stored block's bytes to the output.
func (d *decoder) copyStored() error {
	for d.left > 0 && d.op < outStop {
		if d.ip == d.inEnd {
			if err := d.fill(d.left); err != nil {
				return err
			}
		}
		n := copy(d.out[d.op:min(outStop, d.op+d.left)], d.in[d.ip:d.inEnd])
		d.op += n
		d.ip += n
		d.left -= n
	}
	if d.left == 0 {
		d.blockEnd()
	}
	return nil
}

// readFull reads len(p) bytes of input after the DEFLATE data, as
// io.ReadFull does.
func (d *decoder) readFull(p []byte) (int, error) {
	n := 0
	for n < len(p) {
		if d.ip == d.inEnd && d.fill(len(p)-n) != nil {
			if n > 0 && d.rerr == io.EOF {
				return n, io.ErrUnexpectedEOF
			}
			return n, d.rerr
		}
		c := copy(p[n:], d.in[d.ip:d.inEnd])
		d.ip += c
		n += c
	}
	return n, nil
}
