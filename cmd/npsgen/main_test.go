package main

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"strconv"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

func gen(t *testing.T, cfg config) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := generate(&b, cfg); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestGenerateIsDeterministicAndWellFormed(t *testing.T) {
	cfg := config{rows: 2000, seed: 7, start: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC), days: 100, format: "csv", blank: 0.05, commentShare: 0.4}
	a, b := gen(t, cfg), gen(t, cfg)
	if !bytes.Equal(a, b) {
		t.Fatal("same config gave different bytes")
	}
	cfg.seed = 8
	if bytes.Equal(a, gen(t, cfg)) {
		t.Fatal("different seeds gave the same bytes")
	}
	recs, err := csv.NewReader(bytes.NewReader(a)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != cfg.rows+1 || len(recs[0]) != 8 {
		t.Fatalf("got %d records of %d fields, want %d of 8", len(recs), len(recs[0]), cfg.rows+1)
	}
	blanks := 0
	for _, r := range recs[1:] {
		if r[6] == "" {
			blanks++
			continue
		}
		if s, err := strconv.Atoi(r[6]); err != nil || s < 0 || s > 10 {
			t.Fatalf("bad score %q", r[6])
		}
		if _, err := time.Parse(time.RFC3339, r[1]); err != nil {
			t.Fatal(err)
		}
	}
	if blanks < 50 || blanks > 150 { // 5% of 2000 = 100, generous band
		t.Errorf("%d blank scores, want about 100", blanks)
	}
}

func TestGenerateJSONLines(t *testing.T) {
	cfg := config{rows: 500, seed: 1, start: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC), days: 10, format: "jsonl", blank: 0.1, commentShare: 0.4}
	sc := bufio.NewScanner(bytes.NewReader(gen(t, cfg)))
	n := 0
	for sc.Scan() {
		var m map[string]any
		if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
			t.Fatalf("line %d: %v", n+1, err)
		}
		if len(m) != 8 {
			t.Fatalf("line %d has %d keys", n+1, len(m))
		}
		n++
	}
	if n != cfg.rows {
		t.Fatalf("%d lines, want %d", n, cfg.rows)
	}
}

func TestCommentShare(t *testing.T) {
	cfg := config{rows: 1000, seed: 1, start: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC), days: 30, format: "csv", blank: 0.03, commentShare: 1}
	recs, err := csv.NewReader(bytes.NewReader(gen(t, cfg))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range recs[1:] {
		if r[7] == "" {
			t.Fatalf("row %d has no comment with -comment-share 1", i+1)
		}
	}
}

// -plant changes only what it plants: the same rows, ids and dates; the
// in-app channel's NPS far below the others'; the planted themes in the
// comments.
func TestPlant(t *testing.T) {
	base := config{rows: 4000, seed: 3, start: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC), days: 300, format: "csv", blank: 0.03, commentShare: 1}
	planted := base
	planted.plant = true
	a, err := csv.NewReader(bytes.NewReader(gen(t, base))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	b, err := csv.NewReader(bytes.NewReader(gen(t, planted))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var nps [2][3]float64 // by in-app or not: promoters - detractors, n
	login := 0
	for i := range b {
		if i == 0 {
			continue
		}
		if a[i][0] != b[i][0] || a[i][1] != b[i][1] || a[i][5] != b[i][5] {
			t.Fatalf("row %d: id, date or channel changed: %v vs %v", i, a[i], b[i])
		}
		s, err := strconv.Atoi(b[i][6])
		if err != nil {
			continue
		}
		k := 0
		if b[i][5] == "in-app" {
			k = 1
		}
		switch {
		case s >= 9:
			nps[k][0]++
		case s <= 6:
			nps[k][1]++
			if bytes.Contains(bytes.ToLower([]byte(b[i][7])), []byte("login")) {
				login++
			}
		}
		nps[k][2]++
	}
	other := 100 * (nps[0][0] - nps[0][1]) / nps[0][2]
	inApp := 100 * (nps[1][0] - nps[1][1]) / nps[1][2]
	if other-inApp < 35 { // a shift of 0.25 moves the NPS by 50 points
		t.Errorf("in-app NPS %.1f, others %.1f: no drag", inApp, other)
	}
	if login < 300 {
		t.Errorf("%d detractor comments about login", login)
	}
}

func TestRespondents(t *testing.T) {
	cfg := config{rows: 3000, seed: 1, start: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC), days: 30, format: "csv", blank: 0.03, commentShare: 0.4, respondents: 2000}
	recs, err := csv.NewReader(bytes.NewReader(gen(t, cfg))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, r := range recs[1:] {
		seen[r[2]] = true
	}
	// 3000 draws from 2000: 2000 × (1 − e^−1.5) ≈ 1554 distinct expected.
	if len(seen) < 1450 || len(seen) > 1650 {
		t.Errorf("%d distinct e-mails, want about 1554", len(seen))
	}
	cfg.respondents = 0
	plain := gen(t, cfg)
	recs, _ = csv.NewReader(bytes.NewReader(plain)).ReadAll()
	if recs[1][2] != "user1@example.com" || recs[3000][2] != "user3000@example.com" {
		t.Errorf("default e-mails changed: %q, %q", recs[1][2], recs[7919][2])
	}
}

func TestGenerateJSONArray(t *testing.T) {
	cfg := config{rows: 300, seed: 1, start: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC), days: 10, format: "json", blank: 0.1, commentShare: 0.4}
	var all []map[string]any
	if err := json.Unmarshal(gen(t, cfg), &all); err != nil {
		t.Fatal(err)
	}
	if len(all) != cfg.rows || len(all[0]) != 8 {
		t.Fatalf("%d objects of %d keys, want %d of 8", len(all), len(all[0]), cfg.rows)
	}
	cfg.format = "jsonl"
	lines := bytes.Split(bytes.TrimSuffix(gen(t, cfg), []byte("\n")), []byte("\n"))
	var first map[string]any
	if err := json.Unmarshal(lines[0], &first); err != nil || first["response_id"] != all[0]["response_id"] {
		t.Fatalf("JSON Lines and array disagree: %v %v", first, err)
	}
}

func TestGenerateXLSX(t *testing.T) {
	cfg := config{rows: 50, seed: 1, start: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC), days: 10, format: "xlsx", blank: 0.1, commentShare: 0.4}
	var b bytes.Buffer
	if err := generateXLSX(&b, cfg); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&b)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := f.GetRows("Sheet1", excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	cfg.format = "csv"
	want, _ := csv.NewReader(bytes.NewReader(gen(t, cfg))).ReadAll()
	if len(rows) != len(want) || rows[0][0] != "response_id" || rows[1][0] != want[1][0] || rows[1][6] != want[1][6] {
		t.Fatalf("workbook rows %d (first %v), want %d (%v)", len(rows), rows[1], len(want), want[1])
	}
}
