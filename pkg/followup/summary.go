package followup

import (
	"cmp"
	"slices"
	"strings"

	"github.com/npskit/nps/pkg/breakdown"
	"github.com/npskit/nps/pkg/nps"
	"github.com/npskit/nps/pkg/period"
)

// Latest keeps each respondent's latest valid response in the engine's
// pass, for the follow-up summary of a report: a breakdown.Accumulator
// filled on a grouping by day (the key's period is the response's day).
// The latest response is the one on the latest day, then the last in the
// input (the worklist of List also compares the times within a day). A
// blank id is a respondent of its own. It keeps, per respondent, the
// day, the category and the values of the segment columns.
type Latest struct {
	id    int   // the id column
	segs  []int // the segment columns
	byID  map[string]*response
	anon  []response // blank ids
	names map[string]string
}

type response struct {
	day   int32 // period.Day ordinal
	input int
	line  int64
	cat   nps.Category
	segs  []string
}

// after says whether r is later than o: a later day, then later in the
// input. Deterministic whatever the order the rows arrive in.
func (r *response) after(o *response) bool {
	if c := cmp.Compare(r.day, o.day); c != 0 {
		return c > 0
	}
	if c := cmp.Compare(r.input, o.input); c != 0 {
		return c > 0
	}
	return r.line > o.line
}

// NewLatest returns an empty Latest reading the respondent id from column
// id and the segment values from segs (a negative column reads as empty).
func NewLatest(id int, segs []int) *Latest {
	return &Latest{id: id, segs: segs, byID: map[string]*response{}, names: map[string]string{}}
}

// intern keeps one copy of each segment value.
func (l *Latest) intern(s string) string {
	if v, ok := l.names[s]; ok {
		return v
	}
	s = strings.Clone(s)
	l.names[s] = s
	return s
}

// Add takes a valid response; key.Period must be its day.
func (l *Latest) Add(key breakdown.Key, r *breakdown.Row) {
	in := response{day: key.Period.Ord, input: r.Input, line: r.Line, cat: nps.Classify(r.Score)}
	id := ""
	if l.id < len(r.Fields) {
		id = strings.TrimSpace(r.Fields[l.id])
	}
	if id != "" {
		if cur, ok := l.byID[id]; ok && !in.after(cur) {
			return
		}
	}
	in.segs = make([]string, len(l.segs))
	for i, c := range l.segs {
		if c >= 0 && c < len(r.Fields) {
			in.segs[i] = l.intern(r.Fields[c])
		}
	}
	if id == "" {
		l.anon = append(l.anon, in)
		return
	}
	if cur, ok := l.byID[id]; ok {
		*cur = in
		return
	}
	l.byID[strings.Clone(id)] = &in
}

// Merge adds o, a Latest of the same columns.
func (l *Latest) Merge(o breakdown.Accumulator) {
	ol := o.(*Latest)
	for id, r := range ol.byID {
		if cur, ok := l.byID[id]; !ok || r.after(cur) {
			l.byID[id] = r
		}
	}
	l.anon = append(l.anon, ol.anon...)
}

// Empty returns a new, empty Latest of the same columns.
func (l *Latest) Empty() breakdown.Accumulator { return NewLatest(l.id, l.segs) }

// Summary is the follow-up state as of a day: how many respondents there
// are per category, and how many detractors' follow-ups are still due or
// overdue, overall and per segment value.
type Summary struct {
	Respondents int64
	Categories  [3]int64 // by nps.Category: each respondent's latest category
	AsOf        string   // the day counted from, YYYY-MM-DD
	DueDays     int      // days a detractor's follow-up has
	Open        Counts
	Segments    []SegmentCounts // by column (in the order given), then value
}

// Counts are a set of detractors to follow up: those whose follow-up is
// due on AsOf or later (Due) and those whose due day has passed (Overdue).
type Counts struct{ Detractors, Due, Overdue int64 }

// SegmentCounts are the Counts of the detractors with one segment value.
type SegmentCounts struct {
	Column, Value string
	Counts
}

// Summarize counts the respondents as of the day asOf with due days d;
// columns names the segment columns in the order NewLatest was given
// them; keep[i] false leaves column i out of Segments.
func (l *Latest) Summarize(asOf period.Period, d Due, columns []string, keep []bool) Summary {
	s := Summary{AsOf: asOf.Label(), DueDays: d[nps.Detractor]}
	per := make([]map[string]*Counts, len(l.segs))
	for i := range per {
		per[i] = map[string]*Counts{}
	}
	count := func(r *response) {
		s.Respondents++
		s.Categories[r.cat]++
		if r.cat != nps.Detractor {
			return
		}
		add := func(c *Counts) {
			c.Detractors++
			if r.day+int32(d[nps.Detractor]) < asOf.Ord {
				c.Overdue++
			} else {
				c.Due++
			}
		}
		add(&s.Open)
		for i, v := range r.segs {
			c := per[i][v]
			if c == nil {
				c = &Counts{}
				per[i][v] = c
			}
			add(c)
		}
	}
	for _, r := range l.byID {
		count(r)
	}
	for i := range l.anon {
		count(&l.anon[i])
	}
	for i, m := range per {
		if i < len(keep) && !keep[i] {
			continue
		}
		start := len(s.Segments)
		for v, c := range m {
			s.Segments = append(s.Segments, SegmentCounts{Column: columns[i], Value: v, Counts: *c})
		}
		slices.SortFunc(s.Segments[start:], func(a, b SegmentCounts) int { return strings.Compare(a.Value, b.Value) })
	}
	return s
}
