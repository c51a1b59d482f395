package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"
)

func TestReportFormats(t *testing.T) {
	data := filepath.Join("..", "..", "testdata", "responses.csv")
	code, out, stderr, _ := runNPS(t, "report", data, "-f", "csv")
	if code != 2 || out != "" || stderr != "nps: report has no csv format; use -f html, markdown, json or table\n" {
		t.Errorf("report -f csv: status %d, stdout %q, stderr %q", code, out, stderr)
	}
	code, out, _, _ = runNPS(t, "report", data, "-f", "markdown", "--period", "quarter")
	if code != 0 || !strings.Contains(out, "## Trend") || !strings.Contains(out, "NPS per quarter.") || !strings.Contains(out, "2024-Q1") {
		t.Errorf("report -f markdown --period quarter: status %d\n%s", code, out)
	}
	for _, c := range []struct{ cmd, want string }{{"trend", "<circle"}, {"dist", `<rect class="pro"`}} {
		code, out, stderr, _ := runNPS(t, c.cmd, data, "-f", "svg")
		if code != 0 || !strings.HasPrefix(out, "<?xml") || !strings.Contains(out, c.want) {
			t.Errorf("%s -f svg: status %d, %s\n%.300s", c.cmd, code, stderr, out)
		}
	}
	if code, _, stderr, _ := runNPS(t, "score", data, "-f", "svg"); code != 2 || !strings.Contains(stderr, "no chart") {
		t.Errorf("score -f svg: status %d, %s", code, stderr)
	}
}

// Without a date column the report has every section but the trend.
func TestReportWithoutDates(t *testing.T) {
	path := filepath.Join(t.TempDir(), "s.csv")
	if err := os.WriteFile(path, []byte("region,score\nEMEA,10\nAPAC,6\nAPAC,\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, stderr, _ := runNPS(t, "report", path, "-f", "markdown")
	if code != 0 || strings.Contains(out, "## Trend") || !strings.Contains(out, "none detected: no trend") || !strings.Contains(out, "- NPS: **0.0**") {
		t.Errorf("status %d, %s\n%s", code, stderr, out)
	}
}

// 10,000 responses over two years with 50 segment values: the page stays
// under 1 MB and is written in well under a second.
func TestReportSize(t *testing.T) {
	var b strings.Builder
	b.WriteString("id,date,segment,score,comment\n")
	start := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range 10000 {
		fmt.Fprintf(&b, "%d,%s,seg-%02d,%d,comment %d\n", i, start.Add(time.Duration(i)*105*time.Minute).Format(time.RFC3339), i%50, i*7%11, i)
	}
	path := filepath.Join(t.TempDir(), "big.csv")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	page := filepath.Join(t.TempDir(), "report.html")
	began := time.Now()
	if code, _, stderr, _ := runNPS(t, "report", path, "-o", page); code != 0 {
		t.Fatalf("status %d: %s", code, stderr)
	}
	took := time.Since(began)
	fi, err := os.Stat(page)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d bytes in %v", fi.Size(), took)
	page2, err := os.ReadFile(page)
	if err != nil {
		t.Fatal(err)
	}
	// every section is there: 3 charts, the 50 values in the drivers
	// table, the follow-up summary (ids and dates), the themes
	for _, want := range []string{"seg-00", "seg-49", "Detractors to follow up", "<h2 id=\"s5\">Themes</h2>"} {
		if !strings.Contains(string(page2), want) {
			t.Errorf("the page lacks %q", want)
		}
	}
	if n := strings.Count(string(page2), "<svg"); n != 3 {
		t.Errorf("%d charts, want 3", n)
	}
	if fi.Size() > 1<<20 {
		t.Errorf("the page is %d bytes, want under 1 MB", fi.Size())
	}
	if took > 2*time.Second { // generous: the machine is shared
		t.Errorf("the report took %v", took)
	}
}

// Segment values and comments that look like markup, quotes, ampersands
// and bidi controls reach the page as text, never as markup, through the
// whole command: reader, engine, drivers, themes and the page.
func TestReportEscapes(t *testing.T) {
	evil := []string{`<script>alert(1)</script>`, `"quoted" 'too'`, `a & b`, "\u202eright-to-left"}
	var b strings.Builder
	b.WriteString("id,date,segment,score,comment\n")
	for i := range 240 {
		seg := evil[i%len(evil)]
		score := []int{0, 3, 8, 10}[i%4]
		comment := seg + " login broken"
		if score >= 9 {
			comment = "great dashboard"
		}
		fmt.Fprintf(&b, "r%d,2025-03-%02d,%s,%d,%s\n", i, 1+i%28, csvQuote(seg), score, csvQuote(comment))
	}
	path := filepath.Join(t.TempDir(), "evil.csv")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, stderr, _ := runNPS(t, "report", path, "--as-of", "2025-04-01", "-f", "html")
	if code != 0 {
		t.Fatalf("status %d: %s", code, stderr)
	}
	doc, err := html.Parse(strings.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	var text strings.Builder
	for n := range doc.Descendants() {
		switch {
		case n.Type == html.ElementNode && (n.Data == "script" || n.Data == "iframe" || n.Data == "img"):
			t.Errorf("a <%s> element reached the page", n.Data)
		case n.Type == html.TextNode:
			text.WriteString(n.Data)
		}
	}
	for _, want := range []string{`<script>alert(1)</script>`, `"quoted" 'too'`, `a & b`, "right-to-left"} {
		if !strings.Contains(text.String(), want) {
			t.Errorf("the page's text lacks %q", want)
		}
	}
	if strings.ContainsRune(out, '\u202e') {
		t.Error("a right-to-left override reached the page")
	}
}

// csvQuote quotes a CSV field.
func csvQuote(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }

// runNPSEnv is runNPS with environment variables.
func runNPSEnv(t *testing.T, env map[string]string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(context.Background(), args, streams{in: strings.NewReader(""), out: &out, err: &errb, getenv: func(k string) string { return env[k] }})
	return code, out.String(), errb.String()
}

// The report's sections agree with the commands that print them alone,
// and the parallel fast path (chunks, an accumulator per worker, merged)
// gives the report the general reader gives: 60,000 responses of 7,000
// respondents, several a day for some, so that each respondent's latest
// response is often in another chunk than their first.
func TestReportAgrees(t *testing.T) {
	var b strings.Builder
	b.WriteString("customer_id,date,region,plan,score,comment\n")
	words := []string{"login fails", "slow reports", "great dashboard", "billing wrong"}
	for i := range 60000 {
		day := 1 + (i*7)%28
		score := (i*i + 3*i) % 11
		comment := words[(i*i)%4]
		if score <= 6 && i%2 == 0 { // German: its stop words are not terms
			comment = "das ist nicht gut und der Login geht nicht mit dem Handy"
		}
		fmt.Fprintf(&b, "c%d,2025-%02d-%02d,%s,%s,%d,%s\n", i%7000, 1+i/6000, day,
			[]string{"EMEA", "APAC", "NA", "LATAM"}[i%4], []string{"Free", "Pro"}[(i/3)%2], score, comment)
	}
	path := filepath.Join(t.TempDir(), "many.csv")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	args := []string{"report", path, "--as-of", "2025-10-20", "-f", "json"}
	code, fast, stderr := runNPSEnv(t, nil, args...)
	if code != 0 {
		t.Fatalf("status %d: %s", code, stderr)
	}
	code, general, stderr := runNPSEnv(t, map[string]string{"NPS_SLOW_PATH": "1"}, args...)
	if code != 0 {
		t.Fatalf("general reader: status %d: %s", code, stderr)
	}
	if fast != general {
		t.Errorf("the fast path and the general reader write different reports (%d and %d bytes):\n%s", len(fast), len(general), firstDiff(fast, general))
	}
	var rep struct {
		Drivers  json.RawMessage `json:"drivers"`
		Themes   json.RawMessage `json:"themes"`
		Followup struct {
			Detractors int64 `json:"detractors"`
		} `json:"followup"`
	}
	if err := json.Unmarshal([]byte(fast), &rep); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name    string
		section json.RawMessage
		args    []string
	}{
		{"drivers", rep.Drivers, []string{"drivers", path, "-f", "json"}},
		{"themes", rep.Themes, []string{"themes", path, "--top", "5", "-f", "json"}},
	} {
		code, out, stderr := runNPSEnv(t, nil, c.args...)
		if code != 0 {
			t.Fatalf("%s: status %d: %s", c.name, code, stderr)
		}
		var a, b any
		if err := json.Unmarshal(c.section, &a); err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal([]byte(out), &b); err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(a, b) {
			t.Errorf("the report's %s differ from nps %s's:\n%.1000s\n----\n%.1000s", c.name, c.name, c.section, out)
		}
	}
	// nps followup lists each respondent's latest response: as many
	// detractor rows as the summary counts
	code, out, stderr := runNPSEnv(t, nil, "followup", path, "--only", "detractors")
	if code != 0 {
		t.Fatalf("followup: status %d: %s", code, stderr)
	}
	if n := int64(strings.Count(out, "\n") - 1); n != rep.Followup.Detractors || n == 0 {
		t.Errorf("nps followup lists %d detractors, the report counts %d", n, rep.Followup.Detractors)
	}
}

// firstDiff shows the first line where a and b differ.
func firstDiff(a, b string) string {
	la, lb := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := range min(len(la), len(lb)) {
		if la[i] != lb[i] {
			return fmt.Sprintf("line %d: %q vs %q", i+1, la[i], lb[i])
		}
	}
	return fmt.Sprintf("%d lines vs %d", len(la), len(lb))
}
