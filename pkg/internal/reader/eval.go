package reader

// The row evaluator: the one definition of how a row's cells become a
// response. A rowSpec is the compiled, immutable row logic of a Reader
// (roles, filters, dates, scale); a rowEval applies it to one row at a
// time with its own date parser and Counts. The general reader has one
// rowEval; each worker of the fast path has its own, and their Counts
// merge in input order into what the general reader would have counted.

import (
	"cmp"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/npskit/nps/pkg/dates"
	"github.com/npskit/nps/pkg/survey"
	"github.com/npskit/nps/pkg/usererr"
)

// rowSpec is the compiled row logic. It does not change once setup is done.
type rowSpec struct {
	names    []string // input names as given, for errors and warnings
	columns  []string
	roles    survey.Roles
	groupCol int // the score's NPS group column (Qualtrics), -1 if none
	// keepInvalid: eval keeps rows with an invalid score or weight (as
	// Invalid) instead of skipping them, for the -f tally shape.
	keepInvalid bool
	where       []whereCond
	needDate    bool
	loc         *time.Location
	since       time.Time // first instant kept
	until       time.Time // first instant dropped
	lo, hi      int       // the score scale: lo..hi is read as 0..hi-lo
	detect11    bool      // watch for a 1-11 scale
	strict      bool
	// dayCache: dates may be served from the day cache (output in UTC, no
	// Go layout, which might refuse another time of day).
	dayCache bool
	bounded  bool // --since or --until is set
}

type whereCond struct {
	col    int
	value  string
	negate bool
}

// cols are the columns eval reads, each once: the fast path scans exactly
// these (and the grouping columns).
func (s *rowSpec) cols() []int {
	var cols []int
	add := func(c int) {
		if c >= 0 && !slices.Contains(cols, c) {
			cols = append(cols, c)
		}
	}
	for _, w := range s.where {
		add(w.col)
	}
	if s.needDate {
		add(s.roles.Date)
	}
	add(s.roles.Score)
	add(s.roles.Count)
	add(s.roles.Weight)
	add(s.roles.WeightSq)
	add(s.groupCol)
	return cols
}

func (s *rowSpec) scaleText() string {
	if s.lo == 1 {
		return "scores must be whole numbers 1-11 (--scale 1-11)"
	}
	return "scores must be whole numbers 0-10"
}

func (s *rowSpec) scoreHint(raw string) string {
	h := s.scaleText()
	if n, st := survey.ParseScoreRange(raw, 0, 11); s.lo == 0 && st == survey.Valid && n == 11 {
		h += " (or use --scale 1-11 if the survey used a 1-11 scale)"
	}
	return h
}

// Counts are what evaluated rows contributed: counts, per-input problems
// and what the end-of-input checks need. The Counts of consecutive
// stretches of rows merge in input order.
type Counts struct {
	stats     survey.Stats
	probs     []fileProblems // of the inputs that had any, by first problem
	nScored   int64          // valid scores seen
	maxScore  int            // highest valid score seen (0-10)
	seen0     bool
	n11       int64
	first11   string
	first11Ln int64
	insp      *InspectPart // nps inspect (inspect.go)
	// inRows are the rows read per input, in input order (the fast path
	// reports each input's rows from them).
	inRows []inputRows
	// The rows of the earliest and latest dates among the valid scores,
	// so that a refusal of outlying dates can name the line to fix.
	earliest, latest datedRow
}

// inputRows are rows of one input.
type inputRows struct {
	src int
	n   int64
}

// row counts a data row of input src.
func (c *Counts) row(src int) { c.rows(src, 1) }

// rows counts n data rows of input src.
func (c *Counts) rows(src int, n int64) {
	c.stats.Rows += n
	if k := len(c.inRows); k > 0 && c.inRows[k-1].src == src {
		c.inRows[k-1].n += n
		return
	}
	c.inRows = append(c.inRows, inputRows{src, n})
}

// datedRow is where a date was read (set is false before the first). The
// date is held as Unix seconds and nanoseconds, not a time.Time: noting
// it is two integer compares and a copy without a pointer (no write
// barrier) on every dated row, and in an export in time order the latest
// changes on nearly every row. Every date is in --tz (readDate), which
// gives it back its location (time).
type datedRow struct {
	set  bool
	sec  int64
	nsec int32
	src  int
	line int64
}

// dated returns the row at src:line, dated t.
func dated(t time.Time, src int, line int64) datedRow {
	return datedRow{true, t.Unix(), int32(t.Nanosecond()), src, line}
}

// note makes r d when d's date is before r's (later, for latest),
// keeping the first of equal dates in input order.
func (r *datedRow) note(d datedRow, later bool) {
	c := cmp.Compare(d.sec, r.sec)
	if c == 0 {
		c = cmp.Compare(d.nsec, r.nsec)
	}
	if !r.set || later && c > 0 || !later && c < 0 {
		*r = d
	}
}

// time returns r's date in loc.
func (r datedRow) time(loc *time.Location) time.Time {
	return time.Unix(r.sec, int64(r.nsec)).In(loc)
}

type fileProblems struct {
	src                               int // the input
	score, weight, date, group, count problem
	text                              problem // rows whose bytes do not fit the encoding
	had11                             bool
}

// problems returns the problems of input src, adding an entry on its
// first problem. Only inputs with problems have one, so that the Counts of
// every chunk of every input stay small however many inputs there are
// (thousands of small files would otherwise cost time and memory in the
// square of their number). Rows come in input order: the last entry is
// nearly always the one.
func (c *Counts) problems(src int) *fileProblems {
	for i := len(c.probs) - 1; i >= 0; i-- {
		if c.probs[i].src == src {
			return &c.probs[i]
		}
	}
	c.probs = append(c.probs, fileProblems{src: src})
	return &c.probs[len(c.probs)-1]
}

type problem struct {
	n     int64   // responses
	rows  int64   // rows: n, unless rows stand for several responses
	lines []int64 // first few
}

// add notes a row on line that stands for one response.
func (p *problem) add(line int64) { p.addN(line, 1) }

// addN notes the row on line, which stands for n responses.
func (p *problem) addN(line, n int64) {
	p.n += n
	p.rows++
	if len(p.lines) < 5 {
		p.lines = append(p.lines, line)
	}
}

func (p *problem) merge(o *problem) {
	p.n += o.n
	p.rows += o.rows
	for _, l := range o.lines {
		if len(p.lines) < 5 {
			p.lines = append(p.lines, l)
		}
	}
}

// Rows is the number of rows counted.
func (c *Counts) Rows() int64 { return c.stats.Rows }

// count counts a row of n responses that was kept, Valid or Blank (an
// Invalid one, kept for the tally shape, was counted when it was read).
func (c *Counts) count(st survey.Status, n int64) {
	switch st {
	case survey.Valid:
		c.stats.Valid += n
	case survey.Blank:
		c.stats.Blank += n
	}
}

// scored notes n valid scores (for the 1-5 scale check).
func (c *Counts) scored(score int, n int64) {
	c.nScored += n
	c.maxScore = max(c.maxScore, score)
}

// merge adds o, which comes after c in input order.
func (c *Counts) merge(o *Counts) {
	s, t := &c.stats, &o.stats
	s.Rows += t.Rows
	s.Valid += t.Valid
	s.Blank += t.Blank
	s.Invalid += t.Invalid
	s.BadDates += t.BadDates
	s.Filtered += t.Filtered
	for i := range o.probs {
		b := &o.probs[i]
		a := c.problems(b.src)
		a.score.merge(&b.score)
		a.weight.merge(&b.weight)
		a.date.merge(&b.date)
		a.group.merge(&b.group)
		a.text.merge(&b.text)
		a.count.merge(&b.count)
		a.had11 = a.had11 || b.had11
	}
	for _, r := range o.inRows {
		if n := len(c.inRows); n > 0 && c.inRows[n-1].src == r.src {
			c.inRows[n-1].n += r.n
		} else {
			c.inRows = append(c.inRows, r)
		}
	}
	c.nScored += o.nScored
	c.maxScore = max(c.maxScore, o.maxScore)
	c.seen0 = c.seen0 || o.seen0
	if c.n11 == 0 {
		c.first11, c.first11Ln = o.first11, o.first11Ln
	}
	c.n11 += o.n11
	if o.earliest.set {
		c.earliest.note(o.earliest, false)
		c.latest.note(o.latest, true)
	}
	if o.insp != nil {
		if c.insp == nil {
			c.insp = &InspectPart{}
		}
		c.insp.merge(o.insp)
	}
}

// rowEval evaluates rows with a spec: its own date parser, fields, response
// and Counts. Not safe for concurrent use.
type rowEval struct {
	spec *rowSpec
	Counts
	dp     *dates.Parser
	fields []string // the row, one value per column
	resp   survey.Response
	day    dayCache
	n      int64 // the responses the row stands for: 1 without a count column
}

// newEval returns an evaluator of spec with empty counts and its own copy
// of the date parser dp (nil without dates).
func newEval(spec *rowSpec, dp *dates.Parser) rowEval {
	e := rowEval{spec: spec, fields: make([]string, len(spec.columns)), n: 1}
	if dp != nil {
		e.dp = dp.Clone()
	}
	return e
}

// eval applies the filters to the row in e.fields (input src, starting on
// line) and reads it into e.resp. It returns false for a row filtered out
// or skipped (counted, and under --strict an error). It does not count
// kept rows: the caller does, once it keeps the response. A row that
// stands for n responses (a count column) is counted n times, whatever
// happens to it; the caller counted it once when it read it.
func (e *rowEval) eval(src int, line int64) (bool, error) {
	s, f, resp := e.spec, e.fields, &e.resp
	if s.roles.Count >= 0 {
		n, ok, err := e.readCount(src, line, f[s.roles.Count])
		if !ok {
			return false, err // not even in a tally: it says not how many responses it stands for
		}
		e.n = n
		e.stats.Rows += n - 1
	}
	for _, c := range s.where {
		if (strings.TrimSpace(f[c.col]) == c.value) == c.negate {
			e.stats.Filtered += e.n
			return false, nil
		}
	}
	// As *resp = Response{File: ..., Input: src, Line: line, Fields: f, Weight: 1},
	// without rewriting the pointers that do not change (a struct copy
	// with pointers is a call per row).
	if name := s.names[src]; resp.File != name {
		resp.File = name
	}
	if len(resp.Fields) != len(f) || len(f) > 0 && &resp.Fields[0] != &f[0] {
		resp.Fields = f
	}
	n := float64(e.n)
	resp.Input, resp.Line, resp.Count, resp.Weight, resp.Weight2, resp.Status, resp.Score = src, line, e.n, n, n, 0, 0
	if !resp.Time.IsZero() {
		resp.Time = time.Time{}
	}
	e.day.hit = false
	if s.needDate {
		t, ok, err := e.readDate(src, line, f[s.roles.Date])
		if !ok {
			return false, err
		}
		if e.outsideDates(t) {
			return false, nil
		}
		resp.Time = t
	}
	score, status, err := e.readScore(src, line, f[s.roles.Score])
	if status == survey.Invalid {
		return e.skipInvalid(err)
	}
	if status == survey.Valid {
		if s.roles.Weight >= 0 {
			w, ok, err := e.readWeight(src, line, s.roles.Weight)
			if !ok {
				return e.skipInvalid(err)
			}
			if s.roles.WeightSq < 0 {
				resp.Weight, resp.Weight2 = n*w, n*w*w
			} else if resp.Weight2, ok, err = e.readWeight(src, line, s.roles.WeightSq); !ok {
				return e.skipInvalid(err)
			} else {
				resp.Weight = w
			}
		}
		e.scored(score, e.n)
		if s.needDate {
			d := dated(resp.Time, src, line)
			e.earliest.note(d, false)
			e.latest.note(d, true)
		}
		if s.groupCol >= 0 {
			if g := parseGroup(f[s.groupCol]); g >= 0 && g != category(score) {
				e.problems(src).group.addN(line, e.n)
			}
		}
	}
	resp.Status, resp.Score = status, score
	return true, nil
}

// skipInvalid ends eval for a row with an invalid score or weight,
// counted already: it is skipped, or kept as Invalid for the tally shape.
func (e *rowEval) skipInvalid(err error) (bool, error) {
	if err != nil || !e.spec.keepInvalid {
		return false, err
	}
	e.resp.Status, e.resp.Score = survey.Invalid, 0
	return true, nil
}

// evalScore is eval for a spec that reads nothing but the score (no
// filters, dates, weights or NPS group column; cols is the score alone),
// given the score cell: it counts the row and returns its score and
// status (Valid: to be tallied). It builds no response.
func (e *rowEval) evalScore(src int, line int64, raw string) (int, survey.Status, error) {
	e.row(src)
	score, status, err := e.readScore(src, line, raw)
	if status != survey.Invalid {
		e.count(status, 1)
	}
	if status == survey.Valid {
		e.scored(score, 1)
	}
	return score, status, err
}

// addScores counts n rows of input src whose score cells evalScore read
// as score and status, Valid or Blank, as n more calls would: a Valid or
// Blank cell is read the same way on every line (an invalid one is not,
// for it is counted with its line).
func (e *rowEval) addScores(src int, score int, status survey.Status, n int64) {
	e.rows(src, n)
	e.count(status, n)
	if status == survey.Valid {
		e.seen0 = e.seen0 || score == 0 && e.spec.detect11
		e.scored(score, n)
	}
}

func quoteValue(v string) string { return strconv.Quote(truncate(v, 40)) }

// readDate parses the date cell raw of the row at src:line into --tz. ok
// is false when the row is skipped for a blank or unreadable date: counted,
// and under --strict an error.
func (e *rowEval) readDate(src int, line int64, raw string) (t time.Time, ok bool, err error) {
	s := e.spec
	if s.dayCache {
		if t, ok := e.day.lookup(raw); ok {
			return t, true, nil
		}
	}
	v := strings.TrimSpace(raw)
	if v != "" {
		t, ok = e.dp.Parse(v)
	}
	if ok {
		t = t.In(s.loc)
		if s.dayCache {
			e.day.fill(raw, t)
		}
		return t, true, nil
	}
	e.day.ok = false // the parser's state changed
	e.stats.BadDates += e.n
	e.problems(src).date.addN(line, e.n)
	if !s.strict {
		return t, false, nil
	}
	name, col := s.names[src], s.columns[s.roles.Date]
	if v == "" {
		return t, false, usererr.Newf(usererr.Data, name, line, "fill it in, or choose another column with --date-col",
			"missing date in column %q", col)
	}
	return t, false, usererr.Newf(usererr.Data, name, line, "set --date-format, or choose another column with --date-col",
		"unreadable date %s in column %q", quoteValue(v), col)
}

// outsideDates reports, and counts as filtered, a time outside
// --since/--until.
func (e *rowEval) outsideDates(t time.Time) bool {
	s := e.spec
	if !s.bounded {
		return false
	}
	if !s.since.IsZero() && t.Before(s.since) || !s.until.IsZero() && !t.Before(s.until) {
		e.stats.Filtered += e.n
		return true
	}
	return false
}

// readScore reads the score cell raw of a row of src on line: the score
// and its status; an Invalid one is counted and noted (an error under
// --strict). It also watches for a 1-11 scale.
func (e *rowEval) readScore(src int, line int64, raw string) (int, survey.Status, error) {
	score, status := survey.ParseScoreRange(raw, e.spec.lo, e.spec.hi)
	if status == survey.Blank || status == survey.Valid && (score != 0 || !e.spec.detect11) {
		return score, status, nil
	}
	return e.readOddScore(src, line, raw, score, status)
}

// readOddScore is readScore for a 0 or an invalid score, out of line.
func (e *rowEval) readOddScore(src int, line int64, raw string, score int, status survey.Status) (int, survey.Status, error) {
	s := e.spec
	if s.detect11 {
		if status == survey.Valid {
			e.seen0 = true
		} else if n, s11 := survey.ParseScoreRange(raw, 0, 11); s11 == survey.Valid && n == 11 {
			e.n11 += e.n
			e.problems(src).had11 = true
			if e.first11 == "" {
				e.first11, e.first11Ln = s.names[src], line
			}
		}
	}
	if status == survey.Valid {
		return score, status, nil
	}
	e.stats.Invalid += e.n
	e.problems(src).score.addN(line, e.n)
	if s.strict {
		return 0, survey.Invalid, usererr.Newf(usererr.Data, s.names[src], line, s.scoreHint(raw),
			"invalid score %s in column %q", quoteValue(raw), s.columns[s.roles.Score])
	}
	return 0, survey.Invalid, nil
}

// readWeight reads the weight cell in column col (the weight, or a tally's
// squared weights) of a row with a valid score; ok is false for a
// missing, negative or non-numeric weight: the row is skipped and counted
// as invalid (an error under --strict).
func (e *rowEval) readWeight(src int, line int64, col int) (float64, bool, error) {
	raw := e.fields[col]
	w, err := strconv.ParseFloat(strings.TrimSpace(raw), 64)
	if err == nil && w >= 0 && !math.IsNaN(w) && !math.IsInf(w, 0) {
		return w, true, nil
	}
	s := e.spec
	e.stats.Invalid += e.n
	e.problems(src).weight.addN(line, e.n)
	if s.strict {
		return 0, false, usererr.Newf(usererr.Data, s.names[src], line, "weights must be numbers of 0 or more",
			"invalid weight %s in column %q", quoteValue(raw), s.columns[col])
	}
	return 0, false, nil
}

// readCount reads the count cell raw: how many responses the row stands
// for, a whole number of 0 or more (a trailing ".0" is allowed, as
// spreadsheets write it). ok is false for any other value: the row is
// skipped and counted as one invalid response (an error under --strict).
func (e *rowEval) readCount(src int, line int64, raw string) (int64, bool, error) {
	e.n = 1
	v := strings.TrimSpace(raw)
	if i := strings.IndexByte(v, '.'); i > 0 && strings.Trim(v[i+1:], "0") == "" {
		v = v[:i]
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err == nil && n >= 0 {
		return n, true, nil
	}
	s := e.spec
	e.stats.Invalid++
	e.problems(src).count.add(line)
	if s.strict {
		return 0, false, usererr.Newf(usererr.Data, s.names[src], line, "counts must be whole numbers of 0 or more",
			"invalid count %s in column %q", quoteValue(raw), s.columns[s.roles.Count])
	}
	return 0, false, nil
}

// date returns the civil date of the last evaluated response's time, from
// the day cache when it served the row.
func (e *rowEval) date() (int, time.Month, int) {
	if e.day.hit {
		return e.day.y, e.day.m, e.day.d
	}
	return e.resp.Time.Date()
}
