package vector

import "testing"

// TestZeroBytes puts every byte value at every place of a word, among
// zero and non-zero neighbours, and holds ZeroBytes to a byte-by-byte
// reading.
func TestZeroBytes(t *testing.T) {
	for _, fill := range []uint64{0, 0x0101010101010101, 0xffffffffffffffff, 0x8000800080008000} {
		for i := range 8 {
			for c := range 256 {
				x := fill&^(0xff<<(8*i)) | uint64(c)<<(8*i)
				var want uint64
				for j := range 8 {
					if x>>(8*j)&0xff == 0 {
						want |= 0x80 << (8 * j)
					}
				}
				if got := ZeroBytes(x); got != want {
					t.Fatalf("ZeroBytes(%#016x) = %#016x; want %#016x", x, got, want)
				}
			}
		}
	}
}
