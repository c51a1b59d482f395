// Command npsgen writes a deterministic, realistic NPS survey export of any
// size: the sample data in testdata/ and the input of the benchmarks.
//
//	npsgen -rows 3000 -seed 1 > responses.csv
//	npsgen -rows 10000000 -format jsonl > big.jsonl
//	npsgen -rows 10000000 -comment-share 1 > big.csv   # the benchmarks' shape
//	npsgen -rows 3000 -seed 2 -plant > planted.csv      # known themes and drag (plant.go)
//	npsgen -rows 3000000 -respondents 2000000 > many.csv # ~1.55M distinct e-mails
//	npsgen -rows 1000000 -format json > big.json        # a top-level array
//	npsgen -rows 100000 -format xlsx > big.xlsx         # a workbook
//
// Columns: response_id, submitted_at (RFC 3339), email, region, plan,
// channel, score, comment. The same flags always give the same bytes.
package main

import (
	"bufio"
	"flag"
	"fmt"
	"io"
	"os"
	"time"
)

func main() {
	var cfg config
	flag.IntVar(&cfg.rows, "rows", 3000, "number of responses")
	flag.Uint64Var(&cfg.seed, "seed", 1, "random seed")
	start := flag.String("start", "2024-01-01", "first day of the survey (YYYY-MM-DD, UTC)")
	flag.IntVar(&cfg.days, "days", 639, "number of days the responses spread over")
	flag.StringVar(&cfg.format, "format", "csv", "output format: csv, jsonl, json (a top-level array, one object a line) or xlsx")
	flag.IntVar(&cfg.respondents, "respondents", 0, "number of possible respondents (e-mails), each row drawing one; 0: 7919, by row number")
	flag.Float64Var(&cfg.blank, "blank", 0.03, "share of responses with a blank score")
	flag.Float64Var(&cfg.commentShare, "comment-share", 0.4, "share of responses with a comment")
	flag.BoolVar(&cfg.plant, "plant", false, "plant signals: channel in-app drags the score, plan has no effect, comments carry known themes (plant.go)")
	flag.Parse()
	var err error
	if cfg.start, err = time.Parse("2006-01-02", *start); err != nil {
		fail(fmt.Errorf("-start %q: %v", *start, err))
	}
	if cfg.format != "csv" && cfg.format != "jsonl" && cfg.format != "json" && cfg.format != "xlsx" {
		fail(fmt.Errorf("-format %q: use csv, jsonl, json or xlsx", cfg.format))
	}
	if cfg.respondents < 0 {
		fail(fmt.Errorf("-respondents %d: give 0 or more", cfg.respondents))
	}
	w := bufio.NewWriterSize(os.Stdout, 1<<20)
	gen := generate
	if cfg.format == "xlsx" {
		gen = generateXLSX
	}
	if err := gen(w, cfg); err != nil {
		fail(err)
	}
	if err := w.Flush(); err != nil {
		fail(err)
	}
}

func fail(err error) {
	fmt.Fprintf(os.Stderr, "npsgen: %v\n", err)
	os.Exit(2)
}

type config struct {
	rows   int
	seed   uint64
	start  time.Time
	days   int
	format string
	blank  float64
	// commentShare is the share of responses with a (quoted) comment: 0.4
	// for testdata/, 1 for the benchmarks (issue 6's export: ~106 bytes a
	// row, 1.07 GB at 10M rows).
	commentShare float64
	plant        bool // plant.go
	// respondents > 0 draws each row's e-mail from that many (a hash of
	// the row number, so the other columns stay as without it).
	respondents int
}

var (
	regions  = []string{"APAC", "EMEA", "LATAM", "NA"}
	plans    = []string{"Free", "Pro", "Enterprise"}
	channels = []string{"email", "in-app", "web"}
	// per-region and per-plan shifts of the promoter/detractor balance, so
	// that breakdowns show real differences.
	regionShift = []float64{-0.06, 0.02, -0.10, 0.07}
	planShift   = []float64{-0.08, 0.03, 0.09}
	comments    = [3][]string{
		{"Support took a week to answer", "Too expensive for what it does", "The app keeps crashing, \"again\"", "Billing was wrong twice", "Hard to set up, docs are thin", "=HYPERLINK(\"http://example.com\") slow exports"},
		{"Fine, but the reports are slow", "Does the job", "Good value, some bugs", "OK; onboarding could be better", "Missing an integration with our CRM"},
		{"Love it, the team uses it daily", "Great support, fast answers", "Saved us hours every week", "Best tool in its class\nwould recommend", "Reports are great, pricing fair"},
	}
)

// rng is splitmix64: tiny, fast and the same on every platform and Go
// version, unlike math/rand's unexported sources.
type rng struct{ s uint64 }

func (r *rng) next() uint64 {
	r.s += 0x9e3779b97f4a7c15
	z := r.s
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

func (r *rng) float() float64 { return float64(r.next()>>11) / (1 << 53) }
func (r *rng) intn(n int) int { return int(r.next() % uint64(n)) }

func generate(w io.Writer, cfg config) error {
	r := &rng{s: cfg.seed}
	pr := &rng{s: ^cfg.seed} // -plant's comments
	span := int64(cfg.days) * 86400
	var buf []byte
	switch cfg.format {
	case "csv":
		buf = append(buf, "response_id,submitted_at,email,region,plan,channel,score,comment\n"...)
	case "json":
		buf = append(buf, "[\n"...)
	}
	for i := 0; i < cfg.rows; i++ {
		// Responses are in time order, as exports are, with a little jitter.
		sec := span*int64(i)/int64(max(cfg.rows, 1)) + int64(r.intn(3600))
		at := cfg.start.Add(time.Duration(sec) * time.Second)
		reg, plan, ch := r.intn(len(regions)), r.intn(len(plans)), r.intn(len(channels))
		// The NPS drifts up over the period by about 10 points.
		drift := 0.05 * float64(sec) / float64(max(span, 1))
		shift := regionShift[reg] + planShift[plan] + drift
		if cfg.plant {
			shift = plantShift(reg, ch, drift)
		}
		score, cat := drawScore(r, shift)
		blank := r.float() < cfg.blank
		comment := ""
		if r.float() < cfg.commentShare {
			comment = comments[cat][r.intn(len(comments[cat]))]
			if cfg.plant { // its own draws: the rows stay those of the same seed
				comment = plantComment(pr, cat, sec, span)
			}
		}
		rec := record{
			id: i + 1, at: at, region: regions[reg], plan: plans[plan], channel: channels[ch],
			score: score, blank: blank, comment: comment, user: (i + 1) % 7919,
		}
		if cfg.respondents > 0 {
			rec.user = int(mix(uint64(i)^cfg.seed<<32) % uint64(cfg.respondents))
		}
		switch cfg.format {
		case "csv":
			buf = rec.appendCSV(buf)
		case "jsonl":
			buf = append(rec.appendJSON(buf), '\n')
		default:
			buf = rec.appendJSON(buf)
			if i < cfg.rows-1 {
				buf = append(buf, ',')
			}
			buf = append(buf, '\n')
		}
		if len(buf) > 1<<16 {
			if _, err := w.Write(buf); err != nil {
				return err
			}
			buf = buf[:0]
		}
	}
	if cfg.format == "json" {
		buf = append(buf, "]\n"...)
	}
	_, err := w.Write(buf)
	return err
}

// mix is splitmix64's finaliser: a row number to a well-spread number.
func mix(z uint64) uint64 {
	z += 0x9e3779b97f4a7c15
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

// drawScore draws a score whose promoter share is raised by shift and
// detractor share lowered by it; it returns the category index too.
func drawScore(r *rng, shift float64) (score, cat int) {
	pPro, pDet := 0.45+shift, 0.22-shift
	u := r.float()
	switch {
	case u < pDet:
		return r.intn(7), 0 // 0-6
	case u < 1-pPro:
		return 7 + r.intn(2), 1
	default:
		if r.float() < 0.55 {
			return 10, 2
		}
		return 9, 2
	}
}
