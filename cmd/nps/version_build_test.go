package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestVersionFromCheckout builds nps from a clean git checkout with VCS
// stamping on (this machine's GOFLAGS turn it off, as some CI setups do)
// and checks that --version names the checkout's commit and its time, as
// git itself reports them (not "dev", as every build printed before issue
// 18). A changed checkout's "+dirty" is TestVersionOf's: a second build
// would double the time.
func TestVersionFromCheckout(t *testing.T) {
	if testing.Short() {
		t.Skip("builds nps")
	}
	for _, tool := range []string{"git", "go", "tar"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("no %s", tool)
		}
	}
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	src := filepath.Join(dir, "src")
	if err := os.Mkdir(src, 0o755); err != nil {
		t.Fatal(err)
	}
	sh := func(dir string, env []string, name string, args ...string) string {
		t.Helper()
		cmd := exec.Command(name, args...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), env...)
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out)
		}
		return strings.TrimSpace(string(out))
	}
	// The module's files as they are in this tree (sources, assembly,
	// embedded data); test data is not needed to build.
	files := strings.Fields(sh(root, nil, "git", "ls-files", "--", ".", ":!:*testdata*", ":!:docs", ":!:bench"))
	sh(root, nil, "tar", append([]string{"-cf", filepath.Join(dir, "src.tar")}, files...)...)
	sh(src, nil, "tar", "-xf", filepath.Join(dir, "src.tar"))
	gitEnv := []string{
		"GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@example.com", "GIT_COMMITTER_NAME=t", "GIT_COMMITTER_EMAIL=t@example.com",
		"GIT_AUTHOR_DATE=2026-11-28T09:27:03Z", "GIT_COMMITTER_DATE=2026-11-28T09:27:03Z", "GIT_CONFIG_GLOBAL=/dev/null",
	}
	sh(src, gitEnv, "git", "init", "-q")
	sh(src, gitEnv, "git", "add", ".")
	sh(src, gitEnv, "git", "commit", "-q", "-m", "checkout")
	rev := sh(src, nil, "git", "rev-parse", "HEAD")
	when := sh(src, []string{"TZ=UTC"}, "git", "log", "-1", "--format=%cd", "--date=format-local:%Y%m%d%H%M%S")

	bin := filepath.Join(dir, "nps")
	sh(src, []string{"GOFLAGS=-buildvcs=true"}, "go", "build", "-o", bin, "./cmd/nps")
	// The go command stamps a pseudo-version from the commit: no tag, so
	// v0.0.0-TIME-REVISION (https://go.dev/ref/mod#pseudo-versions).
	pseudo := "nps version v0.0.0-" + when + "-" + rev[:12]
	if got, want := sh(dir, nil, bin, "--version"), pseudo; got != want {
		t.Errorf("clean checkout: %q, want %q", got, want)
	}
}
