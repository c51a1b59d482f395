package reader

import (
	"bytes"
	"compress/gzip"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/text/encoding/unicode"

	"github.com/npskit/nps/pkg/survey"
	"github.com/npskit/nps/pkg/usererr"
)

// row is what a test looks at in a Response.
type row struct {
	file   string
	line   int64
	status survey.Status
	score  int
	fields []string
}

// writeFile writes content to name in dir and returns its path.
func writeFile(t testing.TB, dir, name string, content []byte) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, content, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// readAll opens the inputs and reads every response.
func readAll(paths []string, stdin io.Reader, opt survey.Options) (*Reader, []row, error) {
	r, err := Open(paths, stdin, opt)
	if err != nil {
		return nil, nil, err
	}
	defer r.Close()
	var rows []row
	for {
		resp, err := r.Next()
		if err == io.EOF {
			return r, rows, nil
		}
		if err != nil {
			return r, rows, err
		}
		rows = append(rows, row{resp.File, resp.Line, resp.Status, resp.Score, append([]string(nil), resp.Fields...)})
	}
}

// readString reads one input with the given name and content.
func readString(t testing.TB, name, content string, opt survey.Options) (*Reader, []row, error) {
	t.Helper()
	p := writeFile(t, t.TempDir(), name, []byte(content))
	return readAll([]string{p}, nil, opt)
}

func gz(t testing.TB, b []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	w := gzip.NewWriter(&buf)
	w.Write(b)
	w.Close()
	return buf.Bytes()
}

func utf16Bytes(t testing.TB, s string, e unicode.Endianness) []byte {
	t.Helper()
	b, err := unicode.UTF16(e, unicode.UseBOM).NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// wantUserErr checks that err is a *usererr.Error of kind k whose text
// contains every part.
func wantUserErr(t testing.TB, err error, k usererr.Kind, parts ...string) {
	t.Helper()
	var ue *usererr.Error
	if !errors.As(err, &ue) {
		t.Fatalf("error %v (%T) is not a *usererr.Error", err, err)
	}
	if ue.Kind != k {
		t.Errorf("error %q has kind %d; want %d", err, ue.Kind, k)
	}
	for _, p := range parts {
		if !strings.Contains(err.Error(), p) {
			t.Errorf("error %q does not contain %q", err, p)
		}
	}
	if strings.ContainsAny(err.Error(), "\n\r") {
		t.Errorf("error %q is not one line", err)
	}
}
