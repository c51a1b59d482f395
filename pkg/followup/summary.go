package followup

import (
	"slices"
	"strings"
	"unsafe"

	"github.com/npskit/nps/pkg/breakdown"
	"github.com/npskit/nps/pkg/internal/intern"
	"github.com/npskit/nps/pkg/nps"
	"github.com/npskit/nps/pkg/period"
)

// Latest keeps each respondent's latest valid response in the engine's
// pass, for the follow-up summary of a report: a breakdown.Accumulator
// filled on a grouping by day (the key's period is the response's day).
// The latest response is the one on the latest day, then the last in the
// input (the worklist of List also compares the times within a day). A
// blank id is a respondent of its own. It keeps, per respondent, the
// day, the category and the values of the segment columns, in a record
// of fixed size with no pointers (the respondents' ids and the columns'
// values interned, pkg/internal/intern): a Go map of records cost more in
// collections than the rest of a report (3M rows).
type Latest struct {
	id    int             // the id column
	segs  []int           // the segment columns
	max   int             // above 0: a column with more values is given up
	byID  *intern.Table   // respondent id -> its record (payload)
	anon  []byte          // records of blank ids, one after another
	names []*intern.Table // per segment column, its values: a value's number is its id
	drop  []bool          // per segment column: given up
}

// A record is a response as Latest keeps it, followed by a uint32 per
// segment column, the number of its value (records).
type record struct {
	line  int64
	day   int32 // period.Day ordinal
	input int32
	cat   nps.Category
}

const recordHead = int(unsafe.Sizeof(record{}))

// recordSize is the bytes of a record and its values, a multiple of 8 so
// that records one after another stay aligned.
func (l *Latest) recordSize() int { return (recordHead + 4*len(l.segs) + 7) &^ 7 }

// records are the record at the start of p and its values' numbers.
func (l *Latest) records(p []byte) (*record, []uint32) {
	rec := (*record)(unsafe.Pointer(&p[0]))
	if len(l.segs) == 0 {
		return rec, nil
	}
	return rec, unsafe.Slice((*uint32)(unsafe.Pointer(&p[recordHead])), len(l.segs))
}

// after says whether r is later than o: a later day, then later in the
// input. Deterministic whatever the order the rows arrive in.
func (r *record) after(o *record) bool {
	switch {
	case r.day != o.day:
		return r.day > o.day
	case r.input != o.input:
		return r.input > o.input
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
	l := &Latest{id: id, segs: segs, max: max, names: make([]*intern.Table, len(segs)), drop: make([]bool, len(segs))}
	l.byID = intern.New(l.recordSize())
	for i := range l.names {
		l.names[i] = intern.New(0)
	}
	return l
}

// intern is the number of value s of segment column i, adding it when
// new; 0 once the column is given up.
func (l *Latest) intern(i int, s string) uint32 {
	if l.drop[i] {
		return 0
	}
	if l.max > 0 && l.names[i].Len() >= l.max && l.names[i].Lookup(s) < 0 {
		l.drop[i], l.names[i] = true, nil
		return 0
	}
	id, _, _ := l.names[i].Intern(s)
	return uint32(id)
}

// Add takes a valid response; key.Period must be its day.
func (l *Latest) Add(key breakdown.Key, r *breakdown.Row) {
	in := record{line: r.Line, day: key.Period.Ord, input: int32(r.Input), cat: nps.Classify(r.Score)}
	id := ""
	if l.id < len(r.Fields) {
		id = strings.TrimSpace(r.Fields[l.id])
	}
	var p []byte
	if id == "" {
		l.anon = append(l.anon, make([]byte, l.recordSize())...)
		p = l.anon[len(l.anon)-l.recordSize():]
	} else {
		_, cur, added := l.byID.Intern(id)
		if old, _ := l.records(cur); !added && !in.after(old) {
			return
		}
		p = cur
	}
	rec, vals := l.records(p)
	*rec = in
	for i, c := range l.segs {
		v := ""
		if c >= 0 && c < len(r.Fields) {
			v = r.Fields[c]
		}
		vals[i] = l.intern(i, v)
	}
}

// Merge adds o, a Latest of the same columns.
func (l *Latest) Merge(o breakdown.Accumulator) {
	ol := o.(*Latest)
	renumber := make([][]uint32, len(l.segs)) // per column, o's value numbers to l's
	for i, d := range ol.drop {               // given up when all together have too many values
		if l.drop[i] = l.drop[i] || d; l.drop[i] {
			l.names[i] = nil
			continue
		}
		renumber[i] = make([]uint32, ol.names[i].Len())
		for v := range renumber[i] {
			renumber[i][v] = l.intern(i, ol.names[i].Key(v))
		}
	}
	copyRecord := func(dst, src []byte) {
		drec, dvals := l.records(dst)
		srec, svals := ol.records(src)
		*drec = *srec
		for i := range l.segs {
			dvals[i] = 0
			if !l.drop[i] {
				dvals[i] = renumber[i][svals[i]]
			}
		}
	}
	for k := range ol.byID.Len() {
		src := ol.byID.Payload(k)
		_, cur, added := l.byID.Intern(ol.byID.Key(k))
		srec, _ := ol.records(src)
		if crec, _ := l.records(cur); added || srec.after(crec) {
			copyRecord(cur, src)
		}
	}
	size := l.recordSize()
	for at := 0; at < len(ol.anon); at += size {
		l.anon = append(l.anon, make([]byte, size)...)
		copyRecord(l.anon[len(l.anon)-size:], ol.anon[at:at+size])
	}
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
	per := make([][]Counts, len(l.segs)) // per column, by value number
	for i := range per {
		if !l.drop[i] {
			per[i] = make([]Counts, l.names[i].Len())
		}
	}
	count := func(p []byte) {
		r, vals := l.records(p)
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
		for i := range per {
			if per[i] != nil {
				add(&per[i][vals[i]])
			}
		}
	}
	for k := range l.byID.Len() {
		count(l.byID.Payload(k))
	}
	for at := 0; at < len(l.anon); at += l.recordSize() {
		count(l.anon[at:])
	}
	for i, counts := range per {
		if i < len(keep) && !keep[i] || l.drop[i] {
			continue
		}
		start := len(s.Segments)
		for v, c := range counts {
			if c.Detractors > 0 {
				s.Segments = append(s.Segments, SegmentCounts{Column: columns[i], Value: strings.Clone(l.names[i].Key(v)), Counts: c})
			}
		}
		slices.SortFunc(s.Segments[start:], func(a, b SegmentCounts) int { return strings.Compare(a.Value, b.Value) })
	}
	return s
}
