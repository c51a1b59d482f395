package main

import (
	"bytes"
	"flag"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/cobra/doc"
)

var update = flag.Bool("update", false, "rewrite docs/cli and docs/man from the command tree")

// manDate is the date on the man pages, pinned so that they are
// reproducible; move it when the commands change.
var manDate = time.Date(2026, 11, 28, 0, 0, 0, 0, time.UTC)

// TestGeneratedDocs fails when the CLI reference (docs/cli) or the man
// pages (docs/man) no longer match the command tree. Regenerate with:
// go generate ./cmd/nps
func TestGeneratedDocs(t *testing.T) {
	t.Run("cli", func(t *testing.T) {
		checkGenerated(t, "../../docs/cli", ".md", func(root *cobra.Command, dir string) error {
			return doc.GenMarkdownTree(root, dir)
		})
	})
	t.Run("man", func(t *testing.T) {
		checkGenerated(t, "../../docs/man", ".1", func(root *cobra.Command, dir string) error {
			return doc.GenManTree(root, &doc.GenManHeader{Section: "1", Date: &manDate, Source: "nps", Manual: "nps manual"}, dir)
		})
	})
}

// checkGenerated generates the pages of the command tree into a temporary
// directory and compares them with want (or, with -update, replaces want).
func checkGenerated(t *testing.T, want, ext string, gen func(*cobra.Command, string) error) {
	got := t.TempDir()
	root := newRootCmd(&app{streams: streams{in: &bytes.Buffer{}, out: io.Discard, err: io.Discard, getenv: os.Getenv}})
	root.DisableAutoGenTag = true // no dates: the pages must be reproducible
	if err := gen(root, got); err != nil {
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
	dir := strings.TrimPrefix(want, "../../")
	gotFiles, _ := filepath.Glob(filepath.Join(got, "*"+ext))
	wantFiles, _ := filepath.Glob(filepath.Join(want, "*"+ext))
	if len(gotFiles) != len(wantFiles) {
		t.Fatalf("%s has %d pages, the command tree %d; run: go generate ./cmd/nps", dir, len(wantFiles), len(gotFiles))
	}
	for _, g := range gotFiles {
		name := filepath.Base(g)
		a, _ := os.ReadFile(g)
		b, err := os.ReadFile(filepath.Join(want, name))
		if err != nil || !bytes.Equal(a, b) {
			t.Errorf("%s/%s is stale; run: go generate ./cmd/nps", dir, name)
		}
	}
}
