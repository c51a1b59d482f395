package main

import (
	"errors"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// workflow is the part of a GitHub Actions workflow file the test runs.
type workflow struct {
	Jobs map[string]struct {
		Env   map[string]string `yaml:"env"`
		Steps []struct {
			Name string `yaml:"name"`
			Uses string `yaml:"uses"`
			Run  string `yaml:"run"`
		} `yaml:"steps"`
	} `yaml:"jobs"`
}

// TestGitHubWorkflow runs the shell steps of docs/github-actions/nps.yml
// with bash, as the runner would (bash -e -o pipefail, the job's env, a
// failing step ends the job), against the nps of this test binary (on PATH,
// see TestMain) and testdata/responses.csv. The gate must pass at a
// threshold at or below the NPS and fail with status 3 above it; the job
// summary must hold the report either way. The expected NPS and n are
// counted here from the CSV, not by nps.
func TestGitHubWorkflow(t *testing.T) {
	if _, err := exec.LookPath("bash"); err != nil {
		t.Skip("no bash")
	}
	raw, err := os.ReadFile("../../docs/github-actions/nps.yml")
	if err != nil {
		t.Fatal(err)
	}
	var wf workflow
	if err := yaml.Unmarshal(raw, &wf); err != nil {
		t.Fatalf("docs/github-actions/nps.yml: %v", err)
	}
	job, ok := wf.Jobs["nps"]
	if !ok {
		t.Fatal("no job nps")
	}
	for _, k := range []string{"SURVEY", "MIN_NPS"} {
		if job.Env[k] == "" {
			t.Fatalf("the job sets no %s", k)
		}
	}
	survey, err := filepath.Abs("../../testdata/responses.csv")
	if err != nil {
		t.Fatal(err)
	}
	// n and the NPS counted from the CSV
	n, npsText := headline(t, survey)
	if n != 2894 { // 3000 rows, 106 of them blank (a separate count with Python's csv module)
		t.Fatalf("counted n = %d", n)
	}
	nps, err := strconv.ParseFloat(npsText, 64)
	if err != nil {
		t.Fatal(err)
	}

	for _, tt := range []struct {
		min  string
		gate int // the gate step's exit status
	}{
		{"-100", 0},
		{strconv.Itoa(int(math.Floor(nps))), 0},
		{strconv.Itoa(int(math.Ceil(nps))), 3},
		{"100", 3},
	} {
		t.Run("MIN_NPS="+tt.min, func(t *testing.T) {
			dir := t.TempDir()
			summary := filepath.Join(dir, "summary.md")
			env := append(os.Environ(), "GITHUB_STEP_SUMMARY="+summary, "NO_COLOR=1")
			for k, v := range job.Env {
				switch k {
				case "SURVEY":
					v = survey
				case "MIN_NPS":
					v = tt.min
				}
				env = append(env, k+"="+v)
			}
			ran, status := 0, 0
			for _, st := range job.Steps {
				if st.Run == "" {
					continue
				}
				if strings.Contains(st.Run, "go install") {
					// The binary under test is on PATH already; the step
					// must install it the way SPEC's first lines say.
					if !strings.Contains(st.Run, "go install github.com/npskit/nps/cmd/nps@latest") {
						t.Errorf("install step %q", st.Run)
					}
					continue
				}
				cmd := exec.Command("bash", "--noprofile", "--norc", "-e", "-o", "pipefail", "-c", st.Run)
				cmd.Dir, cmd.Env = dir, env
				out, err := cmd.CombinedOutput()
				ran++
				var ee *exec.ExitError
				switch {
				case errors.As(err, &ee):
					status = ee.ExitCode()
				case err != nil:
					t.Fatal(err)
				}
				t.Logf("step %q: status %d\n%s", st.Name, status, out)
				if status != 0 {
					break
				}
			}
			if ran != 2 {
				t.Errorf("ran %d steps, want the report and the gate", ran)
			}
			if status != tt.gate {
				t.Errorf("the job ended with status %d, want %d", status, tt.gate)
			}
			got, err := os.ReadFile(summary)
			if err != nil {
				t.Fatalf("no job summary: %v", err)
			}
			for _, want := range []string{
				"## Net Promoter Score\n",
				"- NPS: **" + npsText + "**",
				fmt.Sprintf("- Responses: **%d**", n),
				"## Score distribution\n",
				"## Trend\n",
			} {
				if !strings.Contains(string(got), want) {
					t.Errorf("summary lacks %q:\n%.600s", want, got)
				}
			}
		})
	}
}
