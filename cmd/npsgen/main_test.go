package main

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"strconv"
	"testing"
	"time"
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
