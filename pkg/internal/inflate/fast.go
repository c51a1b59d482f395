package inflate

import "encoding/binary"

// refill tops the bit buffer up to 56-63 bits without a branch
// (libdeflate's REFILL_BITS_BRANCHLESS): it ORs in the eight bytes at ip
// above the bits held and advances ip by the whole bytes that fit. The
// bits it loads above bitsleft are the next input's, so a later refill
// ORs the same bits again.
func refill(in *[inSize + inKeep]byte, ip int, bitbuf uint64, bitsleft uint) (int, uint64, uint) {
	bitbuf |= binary.LittleEndian.Uint64(in[ip:]) << (bitsleft & 63)
	return ip + 7 - int(bitsleft>>3&7), bitbuf, bitsleft | 56
}

// fast decodes symbols of a coded block while fastMargin bytes of input
// and a longest match of output room remain; done is true at the end of
// the block. Every bit it consumes is real input, so it never runs out.
//
// Bit budget: a refill leaves at least 56 bits. An iteration consumes at
// most three main-table literals (11 bits each) or two and a length (20)
// before the offset entry (8 bits to look up) is read, then refills if
// fewer than the offset (28) and the next litlen lookup (11) need.
func (d *decoder) fast() (done bool, err error) {
	in, out := d.in, d.out
	ll, dt := d.ll, d.dt
	ip, bitbuf, bitsleft := refill(in, d.ip, d.bitbuf, d.bitsleft)
	op, start := d.op, d.start
	inLimit, outLimit := d.inEnd-fastMargin, outStop-maxMatch

	e := ll[bitbuf&(1<<llBits-1)]
	for ip <= inLimit && op < outLimit {
		saved := bitbuf
		bitbuf >>= e & 63
		bitsleft -= uint(e)
		if e&literal != 0 {
			// Up to two more literals before the refill.
			e, saved, bitbuf, bitsleft, op = literalThen(out, ll, bitbuf, bitsleft, op, e)
			if e&literal != 0 {
				e, saved, bitbuf, bitsleft, op = literalThen(out, ll, bitbuf, bitsleft, op, e)
				if e&literal != 0 {
					ip, bitbuf, bitsleft, op, e = lastLiteral(in, out, ll, ip, bitbuf, bitsleft, op, e)
					continue
				}
			}
		}
		// A length, or exceptional: a subtable pointer, end of block or
		// an invalid codeword. Its bits are consumed already.
		if e&exc != 0 {
			if e&sub == 0 {
				d.save(ip, bitbuf, bitsleft, op)
				if e&eob != 0 {
					return true, nil
				}
				return false, d.corrupt()
			}
			e = ll[value(e)+uint32(bitbuf)&(1<<(e>>8&15)-1)]
			saved = bitbuf
			bitbuf >>= e & 63
			bitsleft -= uint(e)
			if e&literal != 0 {
				ip, bitbuf, bitsleft, op, e = lastLiteral(in, out, ll, ip, bitbuf, bitsleft, op, e)
				continue
			}
			if e&eob != 0 {
				d.save(ip, bitbuf, bitsleft, op)
				return true, nil
			}
		}
		length := int(e>>16 + extra(saved, e))

		e = dt[bitbuf&(1<<distBits-1)]
		if e&exc != 0 {
			if e&sub == 0 {
				d.save(ip, bitbuf, bitsleft, op)
				return false, d.corrupt()
			}
			if bitsleft&63 < 28+llBits {
				ip, bitbuf, bitsleft = refill(in, ip, bitbuf, bitsleft)
			}
			bitbuf >>= distBits
			bitsleft -= distBits
			e = dt[value(e)+uint32(bitbuf)&(1<<(e>>8&15)-1)]
		} else if bitsleft&63 < distBits+13+llBits {
			ip, bitbuf, bitsleft = refill(in, ip, bitbuf, bitsleft)
		}
		saved = bitbuf
		bitbuf >>= e & 63
		bitsleft -= uint(e)
		dist := int(e>>16 + extra(saved, e))
		if dist > op-start {
			d.save(ip, bitbuf, bitsleft, op)
			return false, d.corrupt()
		}
		// Look up the next item and refill before the copy, so their
		// latency overlaps it.
		e = ll[bitbuf&(1<<llBits-1)]
		ip, bitbuf, bitsleft = refill(in, ip, bitbuf, bitsleft)

		src, end := op-dist, op+length
		switch {
		case dist >= 16:
			// 16 bytes at a time never overlap their source; they may
			// run past end into the slack. Two moves cover most matches.
			to, from := out[op:op+32], out[src:src+32]
			*(*[16]byte)(to) = *(*[16]byte)(from)
			*(*[16]byte)(to[16:]) = *(*[16]byte)(from[16:])
			for op, src = op+32, src+32; op < end; op, src = op+16, src+16 {
				*(*[16]byte)(out[op : op+16]) = *(*[16]byte)(out[src : src+16])
			}
		case dist >= 8:
			for ; op < end; op, src = op+8, src+8 {
				*(*[8]byte)(out[op : op+8]) = *(*[8]byte)(out[src : src+8])
			}
		case dist == 1:
			v := uint64(out[src]) * 0x0101010101010101
			for ; op < end; op += 8 {
				binary.LittleEndian.PutUint64(out[op:], v)
			}
		default:
			// Each word copies dist bytes that are already written.
			for ; op < end; op, src = op+dist, src+dist {
				*(*[8]byte)(out[op : op+8]) = *(*[8]byte)(out[src : src+8])
			}
		}
		op = end
	}
	d.save(ip, bitbuf, bitsleft, op)
	return false, nil
}

// literalThen writes the literal of entry lit, whose bits are consumed,
// then looks up and consumes the entry after it, returning the bits
// from before it (for its extra bits).
func literalThen(out *[outStop + outSlack]byte, ll *[llSize]uint32,
	bitbuf uint64, bitsleft uint, op int, lit uint32) (uint32, uint64, uint64, uint, int) {
	b := byte(lit >> 16)
	e := ll[bitbuf&(1<<llBits-1)]
	saved := bitbuf
	bitbuf >>= e & 63
	bitsleft -= uint(e)
	out[op] = b
	return e, saved, bitbuf, bitsleft, op + 1
}

// lastLiteral ends an iteration with the literal of entry lit, whose bits
// are consumed: it looks up the next entry and refills.
func lastLiteral(in *[inSize + inKeep]byte, out *[outStop + outSlack]byte, ll *[llSize]uint32,
	ip int, bitbuf uint64, bitsleft uint, op int, lit uint32) (int, uint64, uint, int, uint32) {
	e := ll[bitbuf&(1<<llBits-1)]
	ip, bitbuf, bitsleft = refill(in, ip, bitbuf, bitsleft)
	out[op] = byte(lit >> 16)
	return ip, bitbuf, bitsleft, op + 1, e
}

// extra is the extra bits of a length or offset entry e from the bits
// before it was consumed: the bits after its codeword. Those entries
// have bit 31 and bits 12-13 clear, so e>>16 is their base and no masks
// are needed beyond the 63 the shifts apply anyway.
func extra(saved uint64, e uint32) uint32 {
	return uint32(saved&(1<<(e&63)-1)) >> (e >> 8 & 63)
}

// save stores the fast loop's registers.
func (d *decoder) save(ip int, bitbuf uint64, bitsleft uint, op int) {
	d.ip, d.bitbuf, d.bitsleft, d.op = ip, bitbuf, bitsleft&63, op
}
