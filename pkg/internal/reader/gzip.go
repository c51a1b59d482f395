package reader

// gzip input, read with github.com/klauspost/compress (about twice as fast
// as compress/gzip) by the general reader and the fast path alike, so the
// bytes delivered before a corrupt block, and so the line of the error,
// are the same on both. Its errors are compress/gzip's and compress/flate's
// own values and types (klauspost/compress declares ErrChecksum,
// ErrHeader and CorruptInputError as aliases of them), so streamError
// classifies them and their messages are unchanged, but for the offset of
// a corrupt block, which may differ by the bytes read ahead;
// TestGzipErrors holds that.

import (
	"io"

	kgzip "github.com/klauspost/compress/gzip"
)

// Gunzip returns the decompressed stream of the gzip data in r (several
// members are read as one stream, as compress/gzip reads them).
func Gunzip(r io.Reader) (io.ReadCloser, error) {
	return kgzip.NewReader(r)
}
