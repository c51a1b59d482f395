package vector

// ZeroBytes sets the high bit of each byte of x that is zero, exactly (the
// (x - lsb) &^ x form may also mark bytes after the first zero one): the
// Go loops' way to find a byte in eight at a time, as x ^ (that byte in
// every byte).
func ZeroBytes(x uint64) uint64 {
	const low7 = 0x7f7f7f7f7f7f7f7f
	return ^((x&low7 + low7) | x | low7)
}
