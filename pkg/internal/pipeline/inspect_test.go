package pipeline

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/npskit/nps/pkg/internal/exportdata"
	"github.com/npskit/nps/pkg/internal/reader"
	"github.com/npskit/nps/pkg/survey"
)

// inspectFast is nps inspect through the fast path; ok is false when the
// plan sends the input to the general reader.
func inspectFast(path string, opt survey.Options, cfg Config) (string, bool) {
	r, err := reader.OpenInspect([]string{path}, nil, opt)
	if err != nil {
		return "error: " + err.Error(), true
	}
	defer r.Close()
	plan, _ := r.FastPlan(nil)
	if plan == nil {
		return "", false
	}
	cfg.Plan = plan
	if _, err := Run(context.Background(), cfg); err != nil {
		return "error: " + err.Error(), true
	}
	return fmt.Sprintf("%+v", *r.InspectReport()), true
}

func inspectGeneral(path string, opt survey.Options) string {
	rep, err := reader.Inspect([]string{path}, nil, opt)
	if err != nil {
		return "error: " + err.Error()
	}
	return fmt.Sprintf("%+v", *rep)
}

// sameInspect checks that inspect reports the same through the fast path,
// in every configuration, as through the general reader.
func sameInspect(t *testing.T, data []byte, opt survey.Options) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "in")
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	want := inspectGeneral(path, opt)
	for _, cfg := range configs {
		got, ok := inspectFast(path, opt, cfg)
		if !ok {
			return
		}
		if got != want {
			t.Fatalf("input %.300q, %+v:\nfast:\n%s\ngeneral:\n%s", data, cfg, got, want)
		}
	}
}

// TestInspectFastMatchesGeneral: the differential test of nps inspect
// over the CSV, JSON Lines and JSON array inputs of the other tests, and a
// generated export (samples of columns with few values, long values).
func TestInspectFastMatchesGeneral(t *testing.T) {
	if _, ok := inspectFast(writeTemp(t, inputs[0]), survey.Options{}, Config{}); !ok {
		t.Fatal("the fast path does not take inspect")
	}
	for _, in := range inputs {
		sameInspect(t, []byte(in), survey.Options{InputFormat: "csv"})
	}
	for _, in := range jsonlInputs {
		sameInspect(t, []byte(in), survey.Options{InputFormat: "jsonl"})
	}
	for _, in := range jsonArrayInputs()[:18] {
		sameInspect(t, []byte(in), survey.Options{InputFormat: "json"})
	}
	sameInspect(t, exportdata.CSV(3000), survey.Options{})
	long := "id,score,comment,sparse\n"
	for i := range 400 {
		c := fmt.Sprintf("a long comment that goes on past forty bytes, number %d", i%3)
		sparse := ""
		if i%97 == 96 {
			sparse = fmt.Sprint("v", i%5)
		}
		long += fmt.Sprintf("%d,%d,%q,%s\n", i, i%11, c, sparse)
	}
	sameInspect(t, []byte(long), survey.Options{})
	// More columns than an int8 numbers: the fast path once reported the
	// columns past 127 as empty.
	var wide strings.Builder
	for c := range 200 {
		fmt.Fprintf(&wide, "c%d,", c)
	}
	wide.WriteString("score\n")
	for i := range 300 {
		for c := range 200 {
			fmt.Fprintf(&wide, "%d,", (i+c)%7)
		}
		fmt.Fprintf(&wide, "%d\n", i%11)
	}
	sameInspect(t, []byte(wide.String()), survey.Options{})
}

func writeTemp(t *testing.T, s string) string {
	p := filepath.Join(t.TempDir(), "in.csv")
	if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}
