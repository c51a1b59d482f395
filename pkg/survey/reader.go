package survey

import (
	"errors"
	"fmt"
	"io"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/npskit/nps/pkg/dates"
	"github.com/npskit/nps/pkg/usererr"
)

// sampleSize is how many date values are observed before the date order
// (day-first or month-first) is decided.
const sampleSize = 1000

type problem struct {
	n     int64
	lines []int64 // first few
}

func (p *problem) add(line int64) {
	p.n++
	if len(p.lines) < 5 {
		p.lines = append(p.lines, line)
	}
}

type fileProblems struct {
	score, weight, date, group problem
	text                       problem // rows whose bytes do not fit the encoding
	had11                      bool
}

type whereCond struct {
	col    int
	value  string
	negate bool
}

type rawRow struct {
	src    int
	line   int64
	fields []string
}

type keptResp struct {
	resp Response
	seq  int64
}

type readerState struct {
	opt     Options
	srcs    []*source
	cur     int
	columns []string
	colIdx  map[string]int
	meta    []colMeta // per column, from the first input that has it
	roles   Roles
	resp    Response
	fields  []string
	stats   Stats

	probs     []fileProblems
	openWarns []string
	endWarns  []string
	dateWarn  string

	where     []whereCond
	needDate  bool
	dp        *dates.Parser
	loc       *time.Location
	since     time.Time // first instant kept
	until     time.Time // first instant dropped
	latestCol int

	sampled   bool
	sample    []rawRow
	samplePos int

	drained   bool
	kept      []*keptResp
	keptPos   int
	latestOut Response

	groupCol  int   // the score's NPS group column (Qualtrics), -1 if none
	maxScore  int   // highest valid score seen (0-10)
	nScored   int64 // valid scores seen
	lo, hi    int
	detect11  bool
	seen0     bool
	n11       int64
	first11   string
	first11Ln int64

	err     error
	roleErr string // inspect: why there is no score column
}

func parseCondition(s string) (Condition, error) {
	i := strings.IndexByte(s, '=')
	if i < 0 {
		return Condition{}, usererr.Usagef("write --where COL=VALUE or --where COL!=VALUE", "invalid --where %q: no '='", s)
	}
	c := Condition{Column: s[:i], Value: strings.TrimSpace(s[i+1:])}
	if strings.HasSuffix(c.Column, "!") {
		c.Column, c.Negate = c.Column[:len(c.Column)-1], true
	}
	c.Column = strings.TrimSpace(c.Column)
	if c.Column == "" {
		return Condition{}, usererr.Usagef("write --where COL=VALUE or --where COL!=VALUE", "invalid --where %q: no column name", s)
	}
	return c, nil
}

func open(paths []string, stdin io.Reader, opt Options) (*Reader, error) {
	r := &Reader{}
	st := &r.readerState
	st.opt = opt
	if err := st.checkOptions(); err != nil {
		return nil, err
	}
	if len(paths) == 0 {
		paths = []string{"-"}
	}
	stdins := 0
	for _, p := range paths {
		if p == "-" {
			stdins++
		}
	}
	if stdins > 1 {
		return nil, usererr.Usagef("give - once", "standard input (-) is given %d times", stdins)
	}
	st.colIdx = map[string]int{}
	anyRows := false
	var empty []string
	for i, p := range paths {
		s := &source{name: p, stdin: stdin}
		if err := s.open(&st.opt); err != nil {
			st.close()
			return nil, err
		}
		st.srcs = append(st.srcs, s)
		st.openWarns = append(st.openWarns, s.dec.openWarnings()...)
		st.openWarns = append(st.openWarns, s.warns...)
		st.addHeader(s)
		if s.dec.hasRows() {
			anyRows = true
		} else {
			empty = append(empty, p)
		}
		if i > 0 && p != "-" {
			s.close() // reopened when its turn comes, to bound memory
		}
	}
	if !anyRows {
		err := noResponses(paths[0])
		if sh := st.srcs[0].info.Sheets; len(sh) > 1 {
			err.Hint += "; or choose another sheet with --sheet (sheets: " + listColumns(sh) + ")"
		}
		st.close()
		return nil, err
	}
	if len(paths) > 1 {
		for _, p := range empty {
			st.openWarns = append(st.openWarns, displayName(p)+": no responses (only a header)")
		}
	}
	st.probs = make([]fileProblems, len(st.srcs))
	st.fields = make([]string, len(st.columns))
	if err := st.setup(); err != nil {
		st.close()
		return nil, err
	}
	return r, nil
}

func (st *readerState) checkOptions() error {
	o := &st.opt
	switch strings.ToLower(o.InputFormat) {
	case "", "csv", "tsv", "json", "jsonl", "ndjson", "xlsx":
	default:
		return usererr.Usagef("use csv, tsv, json, jsonl or xlsx", "unknown --input-format %q", o.InputFormat)
	}
	if _, err := parseDelimiter(o.Delimiter); err != nil {
		return err
	}
	if _, err := detectEncoding(o.Encoding, nil); err != nil {
		return err
	}
	if o.HeaderRows < 0 {
		return usererr.Usagef("give a number of rows, 1 or more", "invalid --header-rows %d", o.HeaderRows)
	}
	switch o.Scale {
	case "":
		st.lo, st.hi, st.detect11 = 0, 10, true
	case "0-10":
		st.lo, st.hi = 0, 10
	case "1-11":
		st.lo, st.hi = 1, 11
	default:
		return usererr.Usagef("use --scale 0-10 or --scale 1-11", "invalid --scale %q", o.Scale)
	}
	return nil
}

// addHeader maps the source's fields to the Reader's columns, adding the
// names not seen before. A name matches an existing column exactly, else
// trimmed and case-insensitively when that picks one column the source has
// not matched yet: exports of the same survey made on different days spell
// "Score" and "score". The mapping stays valid when the source is reopened.
func (st *readerState) addHeader(s *source) {
	h := s.dec.header()
	s.mapping = make([]int, len(h))
	taken := make(map[int]bool, len(h))
	for j, name := range h {
		s.mapping[j] = -1
		if k, ok := st.colIdx[name]; ok && !taken[k] {
			s.mapping[j], taken[k] = k, true
		}
	}
	for j, name := range h {
		if s.mapping[j] >= 0 {
			continue
		}
		if k := st.foldMatch(name, taken); k >= 0 {
			s.mapping[j], taken[k] = k, true
			continue
		}
		k := len(st.columns)
		st.colIdx[name] = k
		st.columns = append(st.columns, name)
		var m colMeta
		if j < len(s.meta) {
			m = s.meta[j]
		}
		st.meta = append(st.meta, m)
		s.mapping[j], taken[k] = k, true
	}
}

// foldMatch returns the one column not yet taken whose name equals name
// trimmed and case-folded, or -1 when there is none or more than one.
func (st *readerState) foldMatch(name string, taken map[int]bool) int {
	found := -1
	for k, c := range st.columns {
		if taken[k] || !strings.EqualFold(strings.TrimSpace(c), strings.TrimSpace(name)) {
			continue
		}
		if found >= 0 {
			return -1
		}
		found = k
	}
	return found
}

// setup resolves roles, filters and the date parser.
func (st *readerState) setup() error {
	o := &st.opt
	var err error
	st.groupCol = -1
	if st.roles, err = detectRoles(st.columns, st.meta, o); err != nil {
		var ue *usererr.Error
		if errors.As(err, &ue) {
			if ue.File == "" && len(st.srcs) == 1 {
				ue.File = st.srcs[0].name
			}
			for _, s := range st.srcs {
				if len(s.info.Sheets) > 1 {
					ue.Hint += "; or choose another sheet of " + displayName(s.name) + " with --sheet (sheets: " + listColumns(s.info.Sheets) + ")"
					break
				}
			}
		}
		if !o.inspect || !errors.As(err, &ue) || ue.Kind != usererr.Usage || o.ScoreCol != "" {
			return err
		}
		st.roleErr = err.Error()
		o2 := *o
		o2.ScoreCol = "\x00none"
		st.roles, _ = detectRoles(append(st.columns, o2.ScoreCol), st.meta, &o2)
		st.roles.Score = -1
	} else {
		st.groupCol = st.findGroupCol()
	}
	for _, c := range o.Where {
		i := lookup(st.columns, c.Column)
		if i < 0 {
			return unknownColumn(st.columns, c.Column, "--where")
		}
		st.where = append(st.where, whereCond{i, strings.TrimSpace(c.Value), c.Negate})
	}
	st.latestCol = -1
	if o.LatestPer != "" {
		if st.latestCol = lookup(st.columns, o.LatestPer); st.latestCol < 0 {
			return unknownColumn(st.columns, o.LatestPer, "--latest-per")
		}
	}
	st.loc = o.Location
	if st.loc == nil {
		st.loc = time.UTC
	}
	st.needDate = o.NeedDate || !o.Since.IsZero() || !o.Until.IsZero() || o.LatestPer != ""
	if !o.Since.IsZero() {
		y, m, d := o.Since.Date()
		st.since = time.Date(y, m, d, 0, 0, 0, 0, st.loc)
	}
	if !o.Until.IsZero() {
		y, m, d := o.Until.Date()
		st.until = time.Date(y, m, d+1, 0, 0, 0, 0, st.loc)
	}
	if !st.since.IsZero() && !st.until.IsZero() && !st.since.Before(st.until) {
		return usererr.Usagef("give a --since on or before --until", "--since %s is after --until %s",
			o.Since.Format("2006-01-02"), o.Until.Format("2006-01-02"))
	}
	if !st.needDate {
		st.sampled = true
		return nil
	}
	if st.roles.Date < 0 {
		return usererr.Usagef("name it with --date-col NAME; columns are: "+listColumns(st.columns), "no date column found")
	}
	zone := st.loc
	if z := st.meta[st.roles.Date].zone; z != "" {
		if l, err := time.LoadLocation(z); err == nil {
			zone = l
		} else {
			st.openWarns = append(st.openWarns, fmt.Sprintf("date column %q: the export's time zone %q is unknown; its dates are read as --tz time", st.columns[st.roles.Date], z))
		}
	}
	st.dp, err = dates.NewParser(o.DateFormat, zone, st.loc)
	if err != nil {
		if _, ok := err.(*usererr.Error); ok {
			return err
		}
		return usererr.Usagef("see nps --help for the accepted --date-format values", "invalid --date-format %q: %v", o.DateFormat, err)
	}
	return nil
}

// readRaw reads the next record into st.fields; it returns the source index
// and the line.
func (st *readerState) readRaw() (int, int64, error) {
	for st.cur < len(st.srcs) {
		s := st.srcs[st.cur]
		if s.dec == nil {
			if err := s.open(&st.opt); err != nil {
				return 0, 0, err
			}
		}
		rec, line, err := s.dec.next()
		if err == io.EOF {
			st.endWarns = append(st.endWarns, s.dec.endWarnings()...)
			s.close()
			st.cur++
			continue
		}
		if err != nil {
			return 0, 0, err
		}
		if s.dec.misfit() {
			st.probs[st.cur].text.add(line)
		}
		clear(st.fields)
		for j, v := range rec {
			if j < len(s.mapping) {
				if k := s.mapping[j]; k >= 0 {
					st.fields[k] = v
				}
			}
		}
		st.stats.Rows++
		s.rows++
		return st.cur, line, nil
	}
	return 0, 0, io.EOF
}

// nextRow is readRaw behind the date sample.
func (st *readerState) nextRow() (int, int64, error) {
	if !st.sampled {
		st.sampled = true
		dc := st.roles.Date
		for len(st.sample) < sampleSize {
			src, line, err := st.readRaw()
			if err == io.EOF {
				break
			}
			if err != nil {
				return 0, 0, err
			}
			if v := strings.TrimSpace(st.fields[dc]); v != "" {
				st.dp.Observe(v)
			}
			st.sample = append(st.sample, rawRow{src, line, append([]string(nil), st.fields...)})
		}
		if w := st.dp.Decide(); w != "" {
			st.dateWarn = fmt.Sprintf("date column %q: %s", st.columns[dc], w)
		}
	}
	if st.samplePos < len(st.sample) {
		row := &st.sample[st.samplePos]
		copy(st.fields, row.fields)
		src, line := row.src, row.line
		row.fields = nil
		st.samplePos++
		if st.samplePos == len(st.sample) {
			st.sample, st.samplePos = nil, 0
		}
		return src, line, nil
	}
	return st.readRaw()
}

func quoteValue(v string) string { return strconv.Quote(truncate(v, 40)) }

// readDate parses the date cell raw of the row at src:line into --tz. ok
// is false when the row is skipped for a blank or unreadable date: counted,
// and under --strict an error.
func (st *readerState) readDate(src int, line int64, raw string) (t time.Time, ok bool, err error) {
	v := strings.TrimSpace(raw)
	if v != "" {
		t, ok = st.dp.Parse(v)
	}
	if ok {
		return t.In(st.loc), true, nil
	}
	st.stats.BadDates++
	st.probs[src].date.add(line)
	if !st.opt.Strict {
		return t, false, nil
	}
	name, col := st.srcs[src].name, st.columns[st.roles.Date]
	if v == "" {
		return t, false, usererr.Newf(usererr.Data, name, line, "fill it in, or choose another column with --date-col",
			"missing date in column %q", col)
	}
	return t, false, usererr.Newf(usererr.Data, name, line, "set --date-format, or choose another column with --date-col",
		"unreadable date %s in column %q", quoteValue(v), col)
}

// outsideDates reports, and counts as filtered, a time outside
// --since/--until.
func (st *readerState) outsideDates(t time.Time) bool {
	if !st.since.IsZero() && t.Before(st.since) || !st.until.IsZero() && !t.Before(st.until) {
		st.stats.Filtered++
		return true
	}
	return false
}

// process applies filters and parses the row in st.fields into st.resp.
func (st *readerState) process(src int, line int64) (bool, error) {
	f := st.fields
	for _, c := range st.where {
		if (strings.TrimSpace(f[c.col]) == c.value) == c.negate {
			st.stats.Filtered++
			return false, nil
		}
	}
	s := st.srcs[src]
	resp := &st.resp
	*resp = Response{File: s.name, Line: line, Fields: f, Weight: 1}
	if st.needDate {
		t, ok, err := st.readDate(src, line, f[st.roles.Date])
		if !ok || st.outsideDates(t) {
			return false, err
		}
		resp.Time = t
	}
	score, status, err := st.readScore(src, line, f[st.roles.Score])
	if status == Invalid {
		return false, err
	}
	if status == Valid && st.roles.Weight >= 0 {
		wv := f[st.roles.Weight]
		w, err := strconv.ParseFloat(strings.TrimSpace(wv), 64)
		if err != nil || w < 0 || math.IsNaN(w) || math.IsInf(w, 0) {
			st.stats.Invalid++
			st.probs[src].weight.add(line)
			if st.opt.Strict {
				return false, usererr.Newf(usererr.Data, s.name, line, "weights must be numbers of 0 or more",
					"invalid weight %s in column %q", quoteValue(wv), st.columns[st.roles.Weight])
			}
			return false, nil
		}
		resp.Weight = w
	}
	if status == Valid {
		st.nScored++
		st.maxScore = max(st.maxScore, score)
		if st.groupCol >= 0 {
			if g := parseGroup(f[st.groupCol]); g >= 0 && g != category(score) {
				st.probs[src].group.add(line)
			}
		}
	}
	resp.Status, resp.Score = status, score
	return true, nil
}

// readScore reads the score cell raw of a row of src on line: the score
// and its status; an Invalid one is counted and noted (an error under
// --strict). It also watches for a 1-11 scale.
func (st *readerState) readScore(src int, line int64, raw string) (int, Status, error) {
	score, status := parseScore(raw, st.lo, st.hi)
	if status == Blank || status == Valid && (score != 0 || !st.detect11) {
		return score, status, nil
	}
	return st.readOddScore(src, line, raw, score, status)
}

// readOddScore is readScore for a 0 or an invalid score, out of line.
func (st *readerState) readOddScore(src int, line int64, raw string, score int, status Status) (int, Status, error) {
	if st.detect11 {
		if status == Valid {
			st.seen0 = true
		} else if n, s11 := parseScore(raw, 0, 11); s11 == Valid && n == 11 {
			st.n11++
			st.probs[src].had11 = true
			if st.first11 == "" {
				st.first11, st.first11Ln = st.srcs[src].name, line
			}
		}
	}
	if status == Valid {
		return score, status, nil
	}
	st.stats.Invalid++
	st.probs[src].score.add(line)
	if st.opt.Strict {
		return 0, Invalid, usererr.Newf(usererr.Data, st.srcs[src].name, line, st.scoreHint(raw),
			"invalid score %s in column %q", quoteValue(raw), st.columns[st.roles.Score])
	}
	return 0, Invalid, nil
}

// findGroupCol finds the score column's NPS group sibling: NAME_NPS_GROUP
// by name or by Qualtrics ImportId.
func (st *readerState) findGroupCol() int {
	sc := st.roles.Score
	name := strings.TrimSpace(st.columns[sc]) + "_NPS_GROUP"
	id := st.meta[sc].importID
	for i, c := range st.columns {
		if i == sc {
			continue
		}
		if strings.EqualFold(strings.TrimSpace(c), name) || id != "" && strings.EqualFold(st.meta[i].importID, id+"_NPS_GROUP") {
			return i
		}
	}
	return -1
}

// category is 0 detractor, 1 passive, 2 promoter.
func category(score int) int {
	switch {
	case score >= 9:
		return 2
	case score >= 7:
		return 1
	}
	return 0
}

// parseGroup reads an NPS group cell: Qualtrics' recode 1 detractor,
// 2 passive, 3 promoter, or the label. -1 when blank or unknown.
func parseGroup(v string) int {
	v = strings.ToLower(strings.TrimSpace(v))
	switch v {
	case "1", "detractor", "detractors":
		return 0
	case "2", "passive", "passives", "passives/neutrals", "neutral":
		return 1
	case "3", "promoter", "promoters":
		return 2
	}
	return -1
}

// minScaleCheck is how many valid scores are needed before a column that
// never goes above 5 is reported as probably not an NPS question.
const minScaleCheck = 30

func (st *readerState) scaleText() string {
	if st.lo == 1 {
		return "scores must be whole numbers 1-11 (--scale 1-11)"
	}
	return "scores must be whole numbers 0-10"
}

func (st *readerState) scoreHint(raw string) string {
	h := st.scaleText()
	if n, s := parseScore(raw, 0, 11); st.lo == 0 && s == Valid && n == 11 {
		h += " (or use --scale 1-11 if the survey used a 1-11 scale)"
	}
	return h
}

// advance reads until a row passes process.
func (st *readerState) advance() error {
	for {
		src, line, err := st.nextRow()
		if err == io.EOF {
			return st.atEOF()
		}
		if err != nil {
			return err
		}
		ok, err := st.process(src, line)
		if err != nil {
			return err
		}
		if ok {
			return nil
		}
	}
}

func (st *readerState) atEOF() error {
	if st.detect11 && st.n11 > 0 && !st.seen0 {
		return usererr.Newf(usererr.Usage, st.first11, st.first11Ln,
			"use --scale 1-11 to shift them down to 0-10, or --scale 0-10 to skip the 11s as invalid",
			"score 11 found %d time(s) and no 0: the scores look like a 1-11 scale", st.n11)
	}
	return io.EOF
}

func (st *readerState) count(r *Response) {
	if r.Status == Valid {
		st.stats.Valid++
	} else {
		st.stats.Blank++
	}
}

func (st *readerState) next() (*Response, error) {
	if st.err != nil {
		return nil, st.err
	}
	if st.latestCol >= 0 {
		return st.nextLatest()
	}
	if err := st.advance(); err != nil {
		st.err = err
		return nil, err
	}
	st.count(&st.resp)
	return &st.resp, nil
}

// better reports whether a should replace the kept b for the same id: a
// valid score beats a blank one, then the later date, then the later row.
func better(a, b *Response) bool {
	if a.Status != b.Status {
		return a.Status == Valid
	}
	return !a.Time.Before(b.Time)
}

func (st *readerState) nextLatest() (*Response, error) {
	if !st.drained {
		st.drained = true
		byID := map[string]*keptResp{}
		var seq int64
		for {
			err := st.advance()
			if err == io.EOF {
				break
			}
			if err != nil {
				st.err = err
				st.kept = nil
				return nil, err
			}
			id := strings.TrimSpace(st.resp.Fields[st.latestCol])
			cp := st.resp
			cp.Fields = append([]string(nil), st.resp.Fields...)
			seq++
			if id == "" {
				st.kept = append(st.kept, &keptResp{cp, seq})
				continue
			}
			if old, ok := byID[id]; ok {
				st.stats.Filtered++
				if better(&cp, &old.resp) {
					old.resp, old.seq = cp, seq
				}
				continue
			}
			k := &keptResp{cp, seq}
			byID[id] = k
			st.kept = append(st.kept, k)
		}
		sort.Slice(st.kept, func(i, j int) bool { return st.kept[i].seq < st.kept[j].seq })
	}
	if st.keptPos >= len(st.kept) {
		st.kept = nil
		st.err = io.EOF
		return nil, io.EOF
	}
	k := st.kept[st.keptPos]
	st.kept[st.keptPos] = nil
	st.keptPos++
	st.latestOut = k.resp
	st.count(&st.latestOut)
	return &st.latestOut, nil
}

func (st *readerState) warnings() []string {
	var w []string
	w = append(w, st.openWarns...)
	if st.dp != nil {
		if dw := st.dp.Warning(); dw != "" {
			st.dateWarn = fmt.Sprintf("date column %q: %s", st.columns[st.roles.Date], dw)
		}
	}
	if st.dateWarn != "" {
		w = append(w, st.dateWarn)
	}
	for i, p := range st.probs {
		name := displayName(st.srcs[i].name)
		if p.score.n > 0 {
			msg := fmt.Sprintf("%s: %d invalid score%s skipped (line%s %s); %s", name, p.score.n, plural(p.score.n),
				plural(p.score.n), formatLines(p.score.lines, p.score.n), st.scaleText())
			if p.had11 && st.lo == 0 {
				msg += " (or use --scale 1-11 if the survey used a 1-11 scale)"
			}
			w = append(w, msg)
		}
		if p.weight.n > 0 {
			w = append(w, fmt.Sprintf("%s: %d row%s with a missing, negative or non-numeric weight skipped (line%s %s); weights in column %q must be numbers of 0 or more",
				name, p.weight.n, plural(p.weight.n), plural(p.weight.n), formatLines(p.weight.lines, p.weight.n), st.columns[st.roles.Weight]))
		}
		if p.group.n > 0 && st.groupCol >= 0 {
			w = append(w, fmt.Sprintf("%s: %d row%s where the group in column %q disagrees with the score (line%s %s); check that %q is the NPS question (--score-col)",
				name, p.group.n, plural(p.group.n), st.columns[st.groupCol], plural(p.group.n), formatLines(p.group.lines, p.group.n), st.columns[st.roles.Score]))
		}
		if p.text.n > 0 {
			w = append(w, textMisfits(name, st.srcs[i].info.Encoding, &p.text))
		}
		if p.date.n > 0 {
			w = append(w, fmt.Sprintf("%s: %d row%s with a missing or unreadable date skipped (line%s %s); check column %q, or set --date-format or --date-col",
				name, p.date.n, plural(p.date.n), plural(p.date.n), formatLines(p.date.lines, p.date.n), st.columns[st.roles.Date]))
		}
	}
	if st.nScored >= minScaleCheck && st.maxScore <= 5 {
		w = append(w, fmt.Sprintf("score column %q: no score above 5 in %d responses: it may not be a 0-10 NPS question (a 1-5 rating?); check --score-col (see nps inspect)",
			st.columns[st.roles.Score], st.nScored))
	}
	w = append(w, st.endWarns...)
	return w
}

func plural(n int64) string {
	if n == 1 {
		return ""
	}
	return "s"
}

func (st *readerState) close() error {
	var first error
	for _, s := range st.srcs {
		if err := s.close(); err != nil && first == nil {
			first = err
		}
	}
	return first
}
