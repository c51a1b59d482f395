package main

import (
	"bytes"
	"flag"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/spf13/cobra/doc"
)

var update = flag.Bool("update", false, "rewrite docs/cli from the command tree")

// TestCLIReference fails when docs/cli no longer matches the command tree.
// Regenerate with: go generate ./cmd/nps
func TestCLIReference(t *testing.T) {
	const want = "../../docs/cli"
	got := t.TempDir()
	root := newRootCmd(&app{streams: streams{in: &bytes.Buffer{}, out: io.Discard, err: io.Discard, getenv: os.Getenv}})
	root.DisableAutoGenTag = true // no dates: the reference must be reproducible
	root.InitDefaultCompletionCmd()
	if err := doc.GenMarkdownTree(root, got); err != nil {
		t.Fatal(err)
	}
	if *update {
		if err := os.RemoveAll(want); err != nil {
			t.Fatal(err)
		}
		if err := os.CopyFS(want, os.DirFS(got)); err != nil {
			t.Fatal(err)
		}
		return
	}
	gotFiles, _ := filepath.Glob(filepath.Join(got, "*.md"))
	wantFiles, _ := filepath.Glob(filepath.Join(want, "*.md"))
	if len(gotFiles) != len(wantFiles) {
		t.Fatalf("docs/cli has %d pages, the command tree %d; run: go generate ./cmd/nps", len(wantFiles), len(gotFiles))
	}
	for _, g := range gotFiles {
		name := filepath.Base(g)
		a, _ := os.ReadFile(g)
		b, err := os.ReadFile(filepath.Join(want, name))
		if err != nil || !bytes.Equal(a, b) {
			t.Errorf("docs/cli/%s is stale; run: go generate ./cmd/nps", name)
		}
	}
}
