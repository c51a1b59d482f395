package reader

// nps inspect: what was detected, and what the rows hold. Each row is
// added to an InspectPart by rowEval.inspectRow, the one definition of
// what inspect counts, used by the general reader's loop (InspectAll) and,
// one part per stretch of rows, by the fast path (FastRows.InspectRow);
// parts ride in Counts and merge in input order like them.

import (
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/npskit/nps/pkg/dates"
	"github.com/npskit/nps/pkg/survey"
)

const maxSamples = 3

// OpenInspect opens the inputs for nps inspect: filters are not applied,
// and a missing or ambiguous score column is reported, not an error.
func OpenInspect(paths []string, stdin io.Reader, opt survey.Options) (*Reader, error) {
	opt.Where, opt.Since, opt.Until, opt.LatestPer, opt.NeedDate = nil, time.Time{}, time.Time{}, "", false
	opt.Strict = false
	return open(paths, stdin, opt, true)
}

// Inspect reads the inputs to the end with the general reader and reports
// what was detected.
func Inspect(paths []string, stdin io.Reader, opt survey.Options) (*survey.Report, error) {
	r, err := OpenInspect(paths, stdin, opt)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	return r.InspectAll()
}

// InspectAll reads every row of a Reader opened with OpenInspect and
// returns the report.
func (r *Reader) InspectAll() (*survey.Report, error) {
	st := &r.readerState
	for {
		src, line, err := st.nextRow() // the date sample decides day/month first
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		st.inspectRow(src, line)
	}
	return r.InspectReport(), nil
}

// InspectPart is what a stretch of rows contributed to inspect's report.
type InspectPart struct {
	filled, empty []int64 // per column
	// samples are, per column, the first maxSamples distinct values
	// (compared as shown: truncated to 40 bytes). The first of a stretch
	// are enough for the whole: merged in input order, at most as many of
	// them are dropped as the stretches before already hold.
	samples     [][]string
	first, last time.Time
	badDates    int64
	layout      string // of the last date parsed (dates.Parser.Layout)
}

// merge adds o, which comes after p in input order.
func (p *InspectPart) merge(o *InspectPart) {
	if p.filled == nil {
		*p = *o
		return
	}
	for c := range o.filled {
		p.filled[c] += o.filled[c]
		p.empty[c] += o.empty[c]
		for _, v := range o.samples[c] {
			p.sample(c, v)
		}
	}
	if !o.first.IsZero() && (p.first.IsZero() || o.first.Before(p.first)) {
		p.first = o.first
	}
	if !o.last.IsZero() && (p.last.IsZero() || o.last.After(p.last)) {
		p.last = o.last
	}
	p.badDates += o.badDates
	if o.layout != "" {
		p.layout = o.layout
	}
}

// sample adds the shown value v to column c's samples unless it is there
// or they are full.
func (p *InspectPart) sample(c int, v string) {
	if len(p.samples[c]) < maxSamples && !slices.Contains(p.samples[c], v) {
		p.samples[c] = append(p.samples[c], v)
	}
}

// inspectRow adds the row in e.fields (input src, starting on line) to the
// inspect part of e's Counts: every column's filled and empty cells and
// samples, the score read as reading for real does (without filters), and
// the date parsed.
func (e *rowEval) inspectRow(src int, line int64) {
	s, f := e.spec, e.fields
	p := e.insp
	if p == nil {
		p = &InspectPart{filled: make([]int64, len(f)),
			empty: make([]int64, len(f)), samples: make([][]string, len(f))}
		e.insp = p
	}
	for c, v := range f {
		v = strings.TrimSpace(v)
		if v == "" {
			p.empty[c]++
			continue
		}
		p.filled[c]++
		if len(p.samples[c]) < maxSamples {
			p.sample(c, strings.Clone(truncate(v, 40)))
		}
	}
	if s.roles.Score >= 0 {
		if ok, _ := e.eval(src, line); ok { // no error: never --strict
			e.count(e.resp.Status, e.resp.Count)
		}
	}
	if e.dp != nil {
		if t, ok := e.inspectDate(f[s.roles.Date], p); ok {
			if p.first.IsZero() || t.Before(p.first) {
				p.first = t
			}
			if p.last.IsZero() || t.After(p.last) {
				p.last = t
			}
		}
	}
}

// inspectDate parses the date cell raw as the parser reads it (counting an
// unreadable one in p), from the day cache where it serves (RFC 3339 UTC
// values on the day of the last one; readDate's rule). ok is false for a
// blank or unreadable value.
func (e *rowEval) inspectDate(raw string, p *InspectPart) (time.Time, bool) {
	s := e.spec
	if s.dayCache {
		if t, ok := e.day.lookup(raw); ok {
			// The layout of the value read, whichever worker's cache
			// served it (not the last one this parser read).
			p.layout = e.day.layout
			return t, true
		}
	}
	v := strings.TrimSpace(raw)
	if v == "" {
		return time.Time{}, false
	}
	t, ok := e.dp.Parse(v)
	if ok {
		p.layout = e.dp.Layout()
	}
	switch {
	case !ok:
		e.day.ok = false // the parser's state changed
		p.badDates++
	case s.dayCache:
		e.day.fill(raw, t.In(s.loc))
		e.day.layout = p.layout
	}
	return t, ok
}

// InspectReport is the report of a Reader opened with OpenInspect whose
// rows have all been read (InspectAll, or the fast path and Finish).
func (r *Reader) InspectReport() *survey.Report {
	st := &r.readerState
	rep := &survey.Report{Roles: st.roles, RoleError: st.roleErr, Scale: "0-10"}
	if st.lo == 1 {
		rep.Scale = "1-11"
	}
	p := st.insp
	if p == nil {
		p = &InspectPart{filled: make([]int64, len(st.columns)),
			empty: make([]int64, len(st.columns)), samples: make([][]string, len(st.columns))}
	}
	cols := make([]survey.ColumnReport, len(st.columns))
	for i, c := range st.columns {
		cols[i] = survey.ColumnReport{Name: c, Question: st.meta[i].question, Zone: st.meta[i].zone,
			Filled: p.filled[i], Empty: p.empty[i], Samples: p.samples[i]}
	}
	setRole := func(i int, role string) {
		if i >= 0 {
			cols[i].Role = role
		}
	}
	setRole(st.roles.Score, "score")
	setRole(st.roles.Date, "date")
	setRole(st.roles.ID, "id")
	setRole(st.roles.Comment, "comment")
	setRole(st.roles.Weight, "weight")
	setRole(st.roles.WeightSq, "weight squares")
	setRole(st.roles.Count, "count")
	if st.roles.Score >= 0 {
		rep.ScoreCol = st.columns[st.roles.Score]
		setRole(st.groupCol, "nps group")
	}
	if dc := st.roles.Date; dc >= 0 {
		rep.DateCol = st.columns[dc]
		rep.DateZone = st.zone.String()
	}
	rep.Rows = st.stats.Rows
	rep.DateFirst, rep.DateLast, rep.BadDates = p.first, p.last, p.badDates
	if st.roles.Score >= 0 {
		if err := st.atEOF(); err != nil && !errors.Is(err, io.EOF) {
			rep.Scale = "1-11"
			rep.Warnings = append(rep.Warnings, err.Error())
		}
	}
	rep.Valid, rep.Blank, rep.Invalid = st.stats.Valid, st.stats.Blank, st.stats.Invalid
	if dp := st.dp; dp != nil {
		rep.DateLayout = p.layout
		if o := dp.Order(); o != dates.Undecided {
			rep.DateOrder = o.String()
		}
	}
	if dw := st.dateWarning(); dw != "" {
		rep.Warnings = append(rep.Warnings, dw)
	}
	if st.dp != nil && rep.BadDates > 0 {
		rep.Warnings = append(rep.Warnings, fmt.Sprintf("date column %q: %d value%s could not be read as dates; set --date-format or --date-col",
			rep.DateCol, rep.BadDates, plural(rep.BadDates)))
	}
	rep.Warnings = append(rep.Warnings, st.listWarnings(false)...)
	rep.Columns = cols
	rep.Inputs = r.Inputs()
	return rep
}
