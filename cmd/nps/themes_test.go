package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestThemesGroupLimit: themes ranks the terms of at most maxThemeGroups
// groups; one more (a group per respondent) is a usage error that says
// what to do, with nothing on stdout, where it held gigabytes.
func TestThemesGroupLimit(t *testing.T) {
	for _, groups := range []int{maxThemeGroups, maxThemeGroups + 1} {
		var b strings.Builder
		b.WriteString("id,score,comment\n")
		for i := range groups {
			fmt.Fprintf(&b, "u%d,%d,slow support and billing\n", i, i%11)
		}
		file := filepath.Join(t.TempDir(), "ids.csv")
		if err := os.WriteFile(file, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
		var out bytes.Buffer
		code, stderr := runWith(t, streams{out: &out}, "themes", "--by", "id", "-f", "json", file)
		if groups == maxThemeGroups {
			if code != 0 || !strings.Contains(out.String(), `"u19999"`) {
				t.Errorf("%d groups: status %d, %s", groups, code, stderr)
			}
			continue
		}
		want := fmt.Sprintf("nps: more than %d groups of id: themes ranks each group's words", maxThemeGroups)
		if code != 2 || !strings.HasPrefix(stderr, want) || !strings.Contains(stderr, "fewer values") || out.Len() != 0 {
			t.Errorf("%d groups: status %d, stdout %d bytes, stderr %q; want 2, nothing, %q...", groups, code, out.Len(), stderr, want)
		}
	}
}
