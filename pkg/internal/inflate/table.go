package inflate

import "math/bits"

// A decode table entry packs all a symbol's decoding needs into 32 bits:
//
//	bit 31      literal (bits 16-23 the byte)
//	bits 16-30  literal, length base, offset base or subtable start
//	bit 15      exceptional: subtable pointer, end of block or invalid
//	bit 14      subtable pointer (bits 8-11 its index bits)
//	bit 13      end of block
//	bits 8-11   codeword length (in a subtable, the bits after the main ones)
//	bits 0-5    bits to consume: codeword length plus extra bits
//
// so a length or offset is value + (bits before consuming) & (1<<n - 1)
// >> codeword length, with no lookup of extra-bit counts.
const (
	literal = 1 << 31
	exc     = 1 << 15
	sub     = 1 << 14
	eob     = 1 << 13
	invalid = exc // an unused or forbidden codeword

	llBits   = 11 // main litlen table index bits
	distBits = 8  // main offset table index bits
	clenBits = 7  // code length codes are at most 7 bits: no subtables

	// Main table plus the largest total of subtables a complete code can
	// need (zlib's enough: 286 symbols, 11 bits, 15 max; 30 and 8).
	llSize   = 2342
	distSize = 402
)

// value reads an entry's value field.
func value(e uint32) uint32 { return e >> 16 & 0x7fff }

var (
	llVals   [288]uint32 // per litlen symbol: value, flags, extra bits
	distVals [32]uint32  // per offset symbol

	fixedLL   [llSize]uint32
	fixedDist [distSize]uint32
)

func init() {
	for i := range 256 {
		llVals[i] = literal | uint32(i)<<16
	}
	llVals[256] = exc | eob
	base := uint32(3)
	for i := range 28 {
		extra := uint32(0)
		if i >= 8 {
			extra = uint32(i/4 - 1)
		}
		llVals[257+i] = base<<16 | extra
		base += 1 << extra
	}
	llVals[285] = 258 << 16
	llVals[286], llVals[287] = invalid, invalid // only the fixed code has them, unused
	base = 1
	for i := range 30 {
		extra := uint32(0)
		if i >= 2 {
			extra = uint32(i/2 - 1)
		}
		distVals[i] = base<<16 | extra
		base += 1 << extra
	}
	distVals[30], distVals[31] = invalid, invalid

	var lens [288]uint8
	for i := range lens {
		switch {
		case i < 144:
			lens[i] = 8
		case i < 256:
			lens[i] = 9
		case i < 280:
			lens[i] = 7
		default:
			lens[i] = 8
		}
	}
	build(fixedLL[:], lens[:], llVals[:], llBits)
	for i := range 32 {
		lens[i] = 5
	}
	build(fixedDist[:], lens[:32], distVals[:], distBits)
}

// build fills table, main part of tableBits index bits and subtables
// after it, for the code of the given lengths (RFC 1951 3.2.2). It is
// false when the lengths do not make a complete prefix code, with
// compress/flate's exceptions: no code at all (any use is then an error),
// and a single code of one bit.
func build(table []uint32, lens []uint8, vals []uint32, tableBits uint) bool {
	var count [16]int
	for _, l := range lens {
		count[l]++
	}
	count[0] = 0
	maxLen := 15
	for maxLen > 0 && count[maxLen] == 0 {
		maxLen--
	}
	var next [16]int
	code := 0
	for l := 1; l <= maxLen; l++ {
		code <<= 1
		next[l] = code
		code += count[l]
	}
	mainSize := 1 << tableBits
	if code != 1<<maxLen || maxLen == 0 {
		if maxLen != 0 && !(code == 1 && maxLen == 1) {
			return false
		}
		for i := range table[:mainSize] { // unused codewords decode as invalid
			table[i] = invalid
		}
	}

	// Codewords, bit-reversed since DEFLATE sends them first bit first.
	var codes [288]uint32
	var subBits [1 << llBits]uint8
	mask := uint32(mainSize - 1)
	for sym, l := range lens {
		if l == 0 {
			continue
		}
		codes[sym] = uint32(bits.Reverse16(uint16(next[l])) >> (16 - l))
		next[l]++
		if uint(l) > tableBits {
			p := codes[sym] & mask
			subBits[p] = max(subBits[p], l-uint8(tableBits))
		}
	}
	pos := mainSize
	for p, sb := range subBits[:mainSize] {
		if sb == 0 {
			continue
		}
		if pos+1<<sb > len(table) {
			return false // cannot happen for a complete code
		}
		table[p] = exc | sub | uint32(pos)<<16 | uint32(sb)<<8 | uint32(tableBits)
		pos += 1 << sb
	}
	for sym, l := range lens {
		if l == 0 {
			continue
		}
		c := codes[sym]
		if uint(l) <= tableBits {
			e := vals[sym] + uint32(l)<<8 + uint32(l)
			for i := c; i < uint32(mainSize); i += 1 << l {
				table[i] = e
			}
			continue
		}
		ptr := table[c&mask]
		start, size := value(ptr), uint32(1)<<(ptr>>8&15)
		sl := uint32(l) - uint32(tableBits)
		e := vals[sym] + sl<<8 + sl
		for i := c >> tableBits; i < size; i += 1 << sl {
			table[start+i] = e
		}
	}
	return true
}
