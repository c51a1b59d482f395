package main

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// shardExport is a random export: dates across a year end, blank and
// invalid scores, segment values with commas and quotes, and weights in
// quarters (sums of quarters are exact in any order, so that weighted
// results merge to the last bit).
func shardExport(r *rand.Rand, rows int) []string {
	scores := []string{"0", "2", "5", "6", "7", "8", "9", "10", "10", "", "N/A", "x"}
	regions := []string{"EMEA", "NA", `"Lat, Am"`, `"say ""hi"""`, ""}
	plans := []string{"Free", "Pro"}
	start := time.Date(2024, 12, 1, 0, 0, 0, 0, time.UTC)
	out := make([]string, rows)
	for i := range out {
		at := start.Add(time.Duration(r.IntN(75*24*3600)) * time.Second)
		out[i] = fmt.Sprintf("%s,%s,%s,%s,%g", at.Format(time.RFC3339), regions[r.IntN(len(regions))],
			plans[r.IntN(len(plans))], scores[r.IntN(len(scores))], float64(r.IntN(12))/4)
	}
	return out
}

const shardHeader = "submitted_at,region,plan,score,w\n"

// TestTallyShardsMerge: the tallies of random splits of an export, read
// together, give byte for byte the results of the whole export.
func TestTallyShardsMerge(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 16))
	dir := t.TempDir()
	rows := shardExport(r, 3000)
	whole := filepath.Join(dir, "whole.csv")
	writeFile(t, whole, shardHeader+strings.Join(rows, "\n")+"\n")
	queries := [][]string{
		{"score", "--by", "region"},
		{"score", "--by", "plan,region", "--period", "quarter"},
		{"score", "--where", "plan=Pro", "--since", "2024-12-20", "--until", "2025-01-10", "--period", "week"},
		{"trend", "--period", "week", "--by", "plan"},
		{"compare", "--period", "month"},
		{"dist"},
		{"drivers", "--by", "region,plan", "--period", "month"},
	}
	for _, weighted := range []bool{false, true} {
		for _, tz := range []string{"UTC", "Europe/Berlin"} {
			for split := 0; split < 3; split++ {
				shards := make([][]string, 1+r.IntN(4))
				for _, row := range rows {
					k := r.IntN(len(shards))
					shards[k] = append(shards[k], row)
				}
				var tallies []string
				for k, sh := range shards {
					in := filepath.Join(dir, fmt.Sprintf("shard%d.csv", k))
					writeFile(t, in, shardHeader+strings.Join(sh, "\n")+"\n")
					args := []string{"score", in, "--by", "region,plan", "--tz", tz, "-f", "tally", "-o", in + ".tally.csv"}
					if weighted {
						args = append(args, "--weight-col", "w")
					}
					if code, stderr := runWith(t, streams{}, args...); code != 0 {
						t.Fatalf("%v: status %d: %s", args, code, stderr)
					}
					tallies = append(tallies, in+".tally.csv")
				}
				for _, q := range queries {
					q = append(q, "--tz", tz, "-f", "json")
					wantArgs := append(append([]string(nil), q...), whole)
					if weighted {
						wantArgs = append(wantArgs, "--weight-col", "w")
					}
					want := stdoutOf(t, wantArgs...)
					got := stdoutOf(t, append(q, tallies...)...)
					if got != want {
						t.Fatalf("weighted %v, %s, %d shards, %v:\ntallies:\n%s\nwhole:\n%s", weighted, tz, len(shards), q, got, want)
					}
				}
			}
		}
	}
}

// stdoutOf runs nps and returns its standard output; the run must succeed.
func stdoutOf(t *testing.T, args ...string) string {
	t.Helper()
	var out bytes.Buffer
	if code, stderr := runWith(t, streams{out: &out}, append(args, "-q")...); code != 0 {
		t.Fatalf("%v: status %d: %s", args, code, stderr)
	}
	return out.String()
}
