// Package reader reads survey exports for pkg/engine: it opens and sniffs
// each input (open.go: gzip, encoding, format, delimiter), decodes it with
// one decoder per format picked by name (decoders.go: csv.go, json.go,
// jsonl.go; xlsx.go), recognises vendor layouts with a list of detectors
// (layout.go), finds the column roles (roles.go, pure functions of the
// header), evaluates each row with the one row evaluator (eval.go:
// filters, dates, scores, weights, counts and problems), and yields
// responses one at a time without holding a file in memory. fast.go and
// fast_jsonl.go hand the same evaluator to the parallel fast path
// (pkg/internal/pipeline).
package reader

import (
	"errors"
	"fmt"
	"io"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/npskit/nps/pkg/dates"
	"github.com/npskit/nps/pkg/survey"
	"github.com/npskit/nps/pkg/usererr"
)

// Reader yields the responses of one or more inputs as one data set
// (columns matched by name).
type Reader struct{ readerState }

// Open opens the inputs ("-" is standard input; no paths means stdin) and
// reads enough of them to detect format, header and roles.
func Open(paths []string, stdin io.Reader, opt survey.Options) (*Reader, error) {
	return open(paths, stdin, opt, false)
}

// Columns are the column names, in the order of Response.Fields.
func (r *Reader) Columns() []string { return r.columns }

// Roles are the detected or chosen column roles.
func (r *Reader) Roles() survey.Roles { return r.roles }

// Column returns the index of a column by name, or a usage error that lists
// the columns.
func (r *Reader) Column(name string) (int, error) {
	if i := lookup(r.columns, name); i >= 0 {
		return i, nil
	}
	return -1, unknownColumn(r.columns, name, "the column name (--by, --where, --latest-per)")
}

// Next returns the next response that passes the filters (Valid or Blank;
// Invalid rows are counted, skipped and warned about, or an error under
// Strict), or io.EOF.
func (r *Reader) Next() (*survey.Response, error) { return r.next() }

// Stats returns the counts so far.
func (r *Reader) Stats() survey.Stats { return r.stats }

// Warnings returns one line per problem worth telling the user about (without
// the "nps: warning: " prefix), e.g. invalid scores with their first few line
// numbers. Call after the last Next.
func (r *Reader) Warnings() []string { return r.warnings() }

// DateRange returns the files, lines and dates of the earliest and latest
// dates among the valid scores read (ok is false when none had a date).
func (r *Reader) DateRange() (first, last survey.Response, ok bool) {
	at := func(d datedRow) survey.Response {
		return survey.Response{File: r.srcs[d.src].name, Input: d.src, Line: d.line, Time: d.time(r.loc)}
	}
	if !r.earliest.set {
		return first, last, false
	}
	return at(r.earliest), at(r.latest), true
}

// Close releases the open files.
func (r *Reader) Close() error { return r.close() }

// Inputs describes what was detected for each input, in the order given.
func (r *Reader) Inputs() []survey.Input {
	out := make([]survey.Input, len(r.srcs))
	for i, s := range r.srcs {
		out[i] = s.info
		out[i].Rows = s.rows
	}
	return out
}

// sampleSize is how many date values are observed before the date order
// (day-first or month-first) is decided.
const sampleSize = 1000

type rawRow struct {
	src    int
	line   int64
	fields []string
}

type keptResp struct {
	resp survey.Response
	seq  int64
}

type readerState struct {
	rowSpec // the compiled row logic, set up by setup
	rowEval // the general reader's evaluator and counts

	opt    survey.Options
	srcs   []*source
	cur    int
	colIdx map[string]int
	meta   []colMeta // per column, from the first input that has it

	openWarns []string
	endWarns  []string
	dateWarn  string

	latestCol int
	zone      *time.Location // the date column's values without an offset are in it

	sampled   bool
	sample    []rawRow
	samplePos int

	// The first input's first rows, read by peekRows for role detection,
	// are the start of the sample.
	peeking bool  // peekRows is reading: readRaw stops at the first input's end
	srcDone bool  // the current input ended while peeking
	peeked  int64 // rows peekRows read
	peekErr error // what ended peekRows early, returned when reading reaches it
	// peekValues are the peeked rows' values per column (roles.go).
	peekValues columnValues

	drained   bool
	kept      []*keptResp
	keptPos   int
	latestOut survey.Response

	err        error
	tallyShape bool   // OpenTally: dates whenever there is a date column, invalid rows kept
	inspect    bool   // nps inspect: a missing or ambiguous score column is reported, not an error
	roleErr    string // inspect: why there is no score column
}

// openMode is how open reads: for inspect, or for the tally shape
// (tally.go).
// Records, when set, are the one input instead of files (records.go).
type openMode struct {
	inspect, tally bool
	records        Records
}

// open opens the inputs as Open does, or for inspect.
func open(paths []string, stdin io.Reader, opt survey.Options, inspect bool) (*Reader, error) {
	return openWith(paths, stdin, opt, openMode{inspect: inspect})
}

func openWith(paths []string, stdin io.Reader, opt survey.Options, mode openMode) (*Reader, error) {
	r := &Reader{}
	st := &r.readerState
	st.opt, st.inspect, st.tallyShape = opt, mode.inspect, mode.tally
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
		s := &source{name: p, stdin: stdin, inspect: mode.inspect, records: mode.records}
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
		if i > 0 && s.stream == nil {
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
	for _, s := range st.srcs {
		st.names = append(st.names, s.name)
	}
	st.strict = opt.Strict
	st.rowEval = newEval(&st.rowSpec, nil)
	if err := st.setup(); err != nil {
		st.close()
		return nil, err
	}
	for _, s := range st.srcs {
		if s.stream != nil {
			s.stream.recording = false // what opening read is kept; the rest is not
		}
	}
	return r, nil
}

func (st *readerState) checkOptions() error {
	o := &st.opt
	if f := strings.ToLower(o.InputFormat); f != "" && !slices.Contains(inputFormats, f) {
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
	case survey.ScaleDetect:
		st.lo, st.hi, st.detect11 = 0, 10, true
	case survey.Scale0To10:
		st.lo, st.hi = 0, 10
	case survey.Scale1To11:
		st.lo, st.hi = 1, 11
	default:
		return usererr.Usagef("use survey.ScaleDetect, Scale0To10 or Scale1To11", "invalid scale %d", o.Scale)
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
	var elsewhere []int // other inputs' score columns (scorePerInput)
	st.groupCol = -1
	vals := st.peekRows()
	st.peekValues = vals
	ro, tally := detectTally(st.columns, o)
	if tally {
		st.roles = ro
	} else if err = st.longLayout(); err == nil {
		st.roles, err = detectRoles(st.columns, st.meta, vals, o)
	}
	if err != nil {
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
		if !st.inspect || !errors.As(err, &ue) || ue.Kind != usererr.Usage || o.ScoreCol != "" {
			return err
		}
		st.roleErr = err.Error()
		o2 := *o
		o2.ScoreCol = "\x00none"
		st.roles, _ = detectRoles(append(st.columns, o2.ScoreCol), st.meta, vals, &o2)
		st.roles.Score = -1
	} else if !tally {
		st.groupCol = st.findGroupCol(vals)
		if elsewhere, err = st.scorePerInput(vals); err != nil {
			return err
		}
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
		if st.roles.Count >= 0 {
			return usererr.Usagef("leave out --latest-per: a row that stands for several responses has no one respondent",
				"--latest-per cannot be used with pre-aggregated rows (a count column %q)", st.columns[st.roles.Count])
		}
	}
	st.loc = o.Location
	if st.loc == nil {
		st.loc = time.UTC
	}
	st.needDate = o.NeedDate || !o.Since.IsZero() || !o.Until.IsZero() || o.LatestPer != "" ||
		st.tallyShape && st.roles.Date >= 0
	st.keepInvalid = st.tallyShape
	if note := scoreChoiceNote(st.columns, st.meta, vals, o, st.roles, elsewhere); note != "" && st.srcs[0].info.Vendor == "" && !tally {
		st.openWarns = append(st.openWarns, note)
	}
	if note := dateChoiceNote(st.columns, st.meta, vals, o, st.roles); note != "" && st.srcs[0].info.Vendor == "" && (st.needDate || st.inspect) && !tally {
		st.openWarns = append(st.openWarns, note) // a vendor's layout defines its completion column
	}
	st.dayCache = st.loc == time.UTC && o.DateFormat.Layout == ""
	st.bounded = !o.Since.IsZero() || !o.Until.IsZero()
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
	// inspect reads the date column whenever there is one, to report its
	// range, but filters nothing by it.
	if !st.needDate && !(st.inspect && st.roles.Date >= 0) {
		st.sampled = true
		return nil
	}
	if st.roles.Date < 0 && o.DateIfAny && !st.bounded && o.LatestPer == "" {
		st.needDate, st.sampled = false, true
		return nil
	}
	if st.roles.Date < 0 {
		return usererr.Usagef("name it with --date-col NAME (and its layout with --date-format); columns are: "+listColumns(st.columns),
			"no date column found%s", unreadableDates(st.columns, st.meta, st.peekValues, o))
	}
	st.zone = st.dateZone()
	if st.dp, err = dates.NewParser(dateFormatFor(st.columns, st.meta, st.roles, o.DateFormat), st.zone, st.loc); err != nil {
		return badDateFormat(o.DateFormat.Layout, err)
	}
	return nil
}

// dateZone is the zone the date column's values without an offset are
// read in: the one the export declares for it, else --tz.
func (st *readerState) dateZone() *time.Location {
	if z := st.meta[st.roles.Date].zone; z != "" {
		if l, err := time.LoadLocation(z); err == nil {
			return l
		}
		st.openWarns = append(st.openWarns, fmt.Sprintf("date column %q: the export's time zone %q is unknown; its dates are read as --tz time", st.columns[st.roles.Date], z))
	}
	return st.loc
}

// peekRows reads the first rows of the first input (up to sampleSize) for
// role detection to look at their values; they stay in the sample, which
// nextRow replays, and a read error is kept until reading reaches it.
func (st *readerState) peekRows() columnValues {
	st.peeking = true
	for len(st.sample) < sampleSize {
		src, line, err := st.readRaw()
		if err != nil {
			if err != io.EOF {
				st.peekErr = err
			}
			break
		}
		st.sample = append(st.sample, rawRow{src, line, append([]string(nil), st.fields...)})
	}
	st.peeking, st.peeked = false, st.stats.Rows
	vals := make(columnValues, len(st.columns))
	for _, k := range st.srcs[0].mapping {
		if k >= 0 {
			vals[k] = []string{} // the first input has the column: no values is evidence too
		}
	}
	for _, r := range st.sample {
		for k, f := range r.fields {
			if f = strings.TrimSpace(f); f != "" {
				vals[k] = append(vals[k], f)
			}
		}
	}
	return vals
}

// unread reports whether no row has been read but the ones peekRows
// read and kept (the fast path reads the inputs again from their start,
// and meets what ended peekRows early itself).
func (st *readerState) unread() bool {
	return st.cur == 0 && st.samplePos == 0 && st.stats.Rows == st.peeked
}

// readRaw reads the next record into st.fields; it returns the source index
// and the line.
func (st *readerState) readRaw() (int, int64, error) {
	if err := st.peekErr; err != nil {
		st.peekErr = nil
		return 0, 0, err
	}
	for st.cur < len(st.srcs) {
		s := st.srcs[st.cur]
		if s.dec == nil {
			if err := s.open(&st.opt); err != nil {
				return 0, 0, err
			}
		}
		rec, line, err := []string(nil), int64(0), io.EOF
		if !st.srcDone {
			rec, line, err = s.dec.next()
		}
		if err == io.EOF && st.peeking {
			st.srcDone = true // ended when reading resumes
			return 0, 0, io.EOF
		}
		st.srcDone = false
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
			st.problems(st.cur).text.add(line)
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
		for _, row := range st.sample {
			if v := strings.TrimSpace(row.fields[dc]); v != "" {
				st.dp.Observe(v)
			}
		}
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

// findGroupCol finds the score column's NPS group sibling: NAME_NPS_GROUP
// by name or by Qualtrics ImportId, else a column of NPS labels.
func (st *readerState) findGroupCol(vals columnValues) int {
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
	return labelColumn(vals, sc)
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
// 2 passive, 3 promoter, or the label in any supported language (npsLabel).
// -1 when blank or unknown.
func parseGroup(v string) int {
	switch strings.TrimSpace(v) {
	case "1":
		return 0
	case "2":
		return 1
	case "3":
		return 2
	}
	return npsLabel(v)
}

// minScaleCheck is how many valid scores are needed before a column that
// never goes above 5 is reported as probably not an NPS question.
const minScaleCheck = 30

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
		ok, err := st.eval(src, line)
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

func (st *readerState) next() (*survey.Response, error) {
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
	st.count(st.resp.Status, st.resp.Count)
	return &st.resp, nil
}

// better reports whether a should replace the kept b for the same id: a
// valid score beats a blank one, then the later date, then the later row.
func better(a, b *survey.Response) bool {
	if a.Status != b.Status {
		return a.Status == survey.Valid
	}
	return !a.Time.Before(b.Time)
}

func (st *readerState) nextLatest() (*survey.Response, error) {
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
			id := LatestKey(st.resp.Fields[st.latestCol])
			cp := st.resp
			cp.Fields = append([]string(nil), st.resp.Fields...)
			seq++
			if id == "" {
				st.kept = append(st.kept, &keptResp{cp, seq})
				continue
			}
			if old, ok := byID[id]; ok {
				if better(&cp, &old.resp) {
					st.stats.Filtered += old.resp.Count
					old.resp, old.seq = cp, seq
				} else {
					st.stats.Filtered += cp.Count
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
	st.count(st.latestOut.Status, st.latestOut.Count)
	return &st.latestOut, nil
}

func (st *readerState) warnings() []string { return st.listWarnings(true) }

// dateWarning is the warning about how the date column's day/month order
// was decided, or "".
func (st *readerState) dateWarning() string {
	if st.dp != nil {
		if dw := st.dp.Warning(); dw != "" {
			st.dateWarn = fmt.Sprintf("date column %q: %s", st.columns[st.roles.Date], dw)
		}
	}
	return st.dateWarn
}

// listWarnings lists the warnings, with or without dateWarning.
func (st *readerState) listWarnings(withDate bool) []string {
	var w []string
	w = append(w, st.openWarns...)
	if dw := st.dateWarning(); withDate && dw != "" {
		w = append(w, dw)
	}
	probs := slices.Clone(st.probs)
	slices.SortFunc(probs, func(a, b fileProblems) int { return a.src - b.src })
	for _, p := range probs {
		name := displayName(st.srcs[p.src].name)
		if p.score.n > 0 {
			msg := fmt.Sprintf("%s: %d invalid score%s skipped (line%s %s); %s", name, p.score.n, plural(p.score.n),
				plural(p.score.rows), formatLines(p.score.lines, p.score.rows), st.scaleText())
			if p.had11 && st.lo == 0 {
				msg += " (or use --scale 1-11 if the survey used a 1-11 scale)"
			}
			w = append(w, msg)
		}
		if p.weight.n > 0 {
			w = append(w, fmt.Sprintf("%s: %d row%s with a missing, negative or non-numeric weight skipped (line%s %s); weights in column %q must be numbers of 0 or more",
				name, p.weight.n, plural(p.weight.n), plural(p.weight.rows), formatLines(p.weight.lines, p.weight.rows), st.columns[st.roles.Weight]))
		}
		if p.group.n > 0 && st.groupCol >= 0 {
			w = append(w, fmt.Sprintf("%s: %d row%s where the group in column %q disagrees with the score (line%s %s); check that %q is the NPS question (--score-col)",
				name, p.group.n, plural(p.group.n), st.columns[st.groupCol], plural(p.group.rows), formatLines(p.group.lines, p.group.rows), st.columns[st.roles.Score]))
		}
		if p.count.n > 0 {
			w = append(w, fmt.Sprintf("%s: %d row%s with a missing, negative or fractional count skipped (line%s %s); counts in column %q must be whole numbers of 0 or more",
				name, p.count.n, plural(p.count.n), plural(p.count.rows), formatLines(p.count.lines, p.count.rows), st.columns[st.roles.Count]))
		}
		if p.text.n > 0 {
			w = append(w, textMisfits(name, st.srcs[p.src].info.Encoding, &p.text))
		}
		if p.date.n > 0 {
			w = append(w, fmt.Sprintf("%s: %d row%s with a missing or unreadable date skipped (line%s %s); check column %q, or set --date-format or --date-col",
				name, p.date.n, plural(p.date.n), plural(p.date.rows), formatLines(p.date.lines, p.date.rows), st.columns[st.roles.Date]))
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

// noDateColumn is the usage error for a pass that needs dates on input
// without a date column.
func noDateColumn(cols []string) error {
	return usererr.Usagef("name it with --date-col NAME; columns are: "+listColumns(cols), "no date column found")
}

// badDateFormat is the usage error for a --date-format value that cannot
// be used.
func badDateFormat(format string, err error) error {
	return usererr.Usagef("see nps --help for the accepted --date-format values", "invalid --date-format %q: %v", format, err)
}

// scorePerInput gives each of several inputs its own score column,
// detected from its own header (and, for the first input, its sampled
// values): exports of one survey may name the question differently, and
// the answers of a file whose score column is not the one chosen for the
// data set must not be read as blanks. The input's score field is mapped
// to the data set's score column (swapping with the field that had that
// column by name). An input without a score column is an error naming it.
// It returns the columns that inputs' scores were moved away from.
func (st *readerState) scorePerInput(vals columnValues) ([]int, error) {
	if len(st.srcs) < 2 {
		return nil, nil
	}
	var moved []int
	for i, s := range st.srcs {
		var own columnValues
		if i == 0 {
			own = make(columnValues, len(s.mapping))
			for j, k := range s.mapping {
				if k >= 0 {
					own[j] = vals.of(k)
				}
			}
		}
		roles, err := detectRoles(s.info.Columns, s.meta, own, &st.opt)
		if err != nil {
			var ue *usererr.Error
			if errors.As(err, &ue) {
				cp := *ue
				cp.File = s.name
				if roles.Score < 0 && st.opt.ScoreCol == "" && strings.Contains(ue.Msg, "no score column") {
					cp.Kind = usererr.Data
					cp.Msg = "no score column; the other inputs have one"
					cp.Hint = "leave the file out, or name its score column with --score-col (columns: " + listColumns(s.info.Columns) + ")"
				}
				return nil, &cp
			}
			return nil, err
		}
		j := roles.Score
		if j < 0 || j >= len(s.mapping) || s.mapping[j] == st.roles.Score {
			continue
		}
		g, k := st.roles.Score, s.mapping[j]
		moved = append(moved, k)
		had := false // a field of the input had the score column by name
		for jj, kk := range s.mapping {
			if kk == g {
				s.mapping[jj], had = k, true
			}
		}
		s.mapping[j] = g
		// Rows already read for detection were mapped the old way.
		for r := range st.sample {
			if f := st.sample[r].fields; st.sample[r].src == i {
				if had {
					f[g], f[k] = f[k], f[g]
				} else {
					f[g], f[k] = f[k], ""
				}
			}
		}
	}
	return moved, nil
}
