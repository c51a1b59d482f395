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
	max   int   // above 0: a column with more values is given up
	byID  map[string]*response
	anon  []response          // blank ids
	names []map[string]string // per segment column, its values (one copy each)
	drop  []bool              // per segment column: given up
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
// With max above 0, a segment column found to have more than max values
// is given up, as the engine gives up a grouping (engine.Grouping's
// MaxGroups), so that an id-like column does not hold a value per
// respondent; Summarize leaves it out.
func NewLatest(id int, segs []int, max int) *Latest {
	l := &Latest{id: id, segs: segs, max: max, byID: map[string]*response{},
		names: make([]map[string]string, len(segs)), drop: make([]bool, len(segs))}
	for i := range l.names {
		l.names[i] = map[string]string{}
	}
	return l
}

// intern keeps one copy of each value of segment column i; "" once the
// column is given up.
func (l *Latest) intern(i int, s string) string {
	if l.drop[i] {
		return ""
	}
	if v, ok := l.names[i][s]; ok {
		return v
	}
	if l.max > 0 && len(l.names[i]) >= l.max {
		l.drop[i], l.names[i] = true, nil
		return ""
	}
	s = strings.Clone(s)
	l.names[i][s] = s
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
			in.segs[i] = l.intern(i, r.Fields[c])
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
	for i, d := range ol.drop { // given up when all together have too many values
		if l.drop[i] = l.drop[i] || d; l.drop[i] {
			l.names[i] = nil
			continue
		}
		for v := range ol.names[i] {
			l.intern(i, v)
		}
	}
	for id, r := range ol.byID {
		if cur, ok := l.byID[id]; !ok || r.after(cur) {
			l.byID[id] = r
		}
	}
	l.anon = append(l.anon, ol.anon...)
}

// Empty returns a new, empty Latest of the same columns.
func (l *Latest) Empty() breakdown.Accumulator { return NewLatest(l.id, l.segs, l.max) }

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
// them; keep[i] false leaves column i out of Segments, as does a column
// given up.
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
		if i < len(keep) && !keep[i] || l.drop[i] {
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
