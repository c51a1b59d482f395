package pipeline

import (
	"bytes"
	"compress/gzip"
	"testing"

	"github.com/npskit/nps/pkg/internal/exportdata"
	"github.com/npskit/nps/pkg/survey"
)

func gzipBytes(b []byte) []byte {
	var z bytes.Buffer
	zw := gzip.NewWriter(&z)
	zw.Write(b)
	zw.Close()
	return z.Bytes()
}

// TestFastMatchesGeneralGzipTrailing: what follows the gzip data is read
// as gzip -d reads it, by both paths: another member, zero padding
// (quietly), other bytes (ignored with a warning).
func TestFastMatchesGeneralGzipTrailing(t *testing.T) {
	data := exportdata.CSV(500)
	z := gzipBytes(data)
	tail := gzipBytes([]byte("9,2025-01-01\n")) // no header: rows go on
	for _, in := range [][]byte{
		append(append([]byte(nil), z...), make([]byte, 512)...),
		append(append([]byte(nil), z...), "garbage\n"...),
		append(append(append([]byte(nil), z...), tail...), 0, 0, 0),
		append(append([]byte(nil), z...), 0x1f, 0x00, 0x8b),
	} {
		if want := general(nil, in, survey.Options{}, nil, 0); want.err != "" {
			t.Fatalf("general: %s", want.err)
		}
		if _, ok := fast(nil, in, survey.Options{}, nil, 0, Config{}); !ok {
			t.Fatal("the fast path does not take gzip")
		}
		same(t, in, query{by: []string{"region"}})
	}
}
