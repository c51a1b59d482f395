// Package followup builds the follow-up worklist of a survey: each
// respondent's latest response with its category, the recommended action
// and a due date, detractors first.
//
// The actions follow the usual guide for closing the loop: thank
// promoters personally and ask for a review or a referral without a hard
// sell; ask passives what would make it a 10 and close the loop with
// them; contact detractors with a prepared plan, at a good moment for
// them. They are a default, overridable per category.
package followup

import (
	"cmp"
	"encoding/binary"
	"encoding/csv"
	"fmt"
	"io"
	"iter"
	"math/bits"
	"slices"
	"strconv"
	"strings"
	"time"
	"unsafe"

	"github.com/gocarina/gocsv"

	"github.com/npskit/nps/pkg/internal/intern"
	"github.com/npskit/nps/pkg/nps"
	"github.com/npskit/nps/pkg/usererr"
)

// Due is how many days after the response each category's follow-up is
// due, by nps.Category.
type Due [3]int

// DefaultDue: detractors within 2 days, passives 7, promoters 14.
var DefaultDue = Due{nps.Detractor: 2, nps.Passive: 7, nps.Promoter: 14}

// ParseDue reads a --due value such as "detractors=2d,passives=7d,
// promoters=14d" (days d or weeks w; singular or plural names); the
// categories it leaves out keep their defaults.
func ParseDue(s string) (Due, error) {
	d := DefaultDue
	for _, item := range strings.Split(s, ",") {
		item = strings.TrimSpace(item)
		if item == "" {
			continue
		}
		name, span, ok := strings.Cut(item, "=")
		cat, okCat := category(name)
		days, okSpan := parseSpan(span)
		if !ok || !okCat || !okSpan {
			return d, fmt.Errorf("%q is not CATEGORY=DAYSd (e.g. detractors=2d, promoters=2w)", item)
		}
		d[cat] = days
	}
	return d, nil
}

func parseSpan(s string) (int, bool) {
	s = strings.TrimSpace(strings.ToLower(s))
	unit := 1
	switch {
	case strings.HasSuffix(s, "d"):
		s = s[:len(s)-1]
	case strings.HasSuffix(s, "w"):
		s, unit = s[:len(s)-1], 7
	default:
		return 0, false
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 || n > 3650 {
		return 0, false
	}
	return n * unit, true
}

// String writes d as ParseDue reads it.
func (d Due) String() string {
	return fmt.Sprintf("detractors=%dd,passives=%dd,promoters=%dd", d[nps.Detractor], d[nps.Passive], d[nps.Promoter])
}

// category reads a category name, singular or plural, any case.
func category(s string) (nps.Category, bool) {
	set, err := nps.ParseCategories(s)
	if err != nil {
		return 0, false
	}
	n := 0
	var c nps.Category
	for k := range set {
		if set[k] {
			n++
			c = nps.Category(k)
		}
	}
	return c, n == 1
}

// Actions are the recommended actions by nps.Category.
type Actions [3]string

// DefaultActions are the guide's wording (docs/user-guide.md).
var DefaultActions = Actions{
	nps.Detractor: "Contact with a prepared plan, at the right time; close the loop",
	nps.Passive:   "Ask what would make it a 10; close the feedback loop",
	nps.Promoter:  "Thank personally; ask for a review or referral, no hard sell",
}

// actionRow is one row of an --actions file.
type actionRow struct {
	Category string `csv:"category"`
	Action   string `csv:"action"`
}

// ReadActions reads an --actions file: CSV with a header naming the
// columns category and action, a row per category (singular or plural);
// categories it leaves out keep the default action. name is for errors,
// which are usage errors (usererr) naming the file and line.
func ReadActions(r io.Reader, name string) (Actions, error) {
	a := DefaultActions
	var rows []actionRow
	if err := gocsv.UnmarshalCSV(csvReader(r), &rows); err != nil {
		return a, usererr.Newf(usererr.Usage, name, 0, "write a CSV with the columns category,action", "%v", err)
	}
	for i, row := range rows {
		c, ok := category(row.Category)
		if !ok {
			return a, usererr.Newf(usererr.Usage, name, int64(i+2), "use detractors, passives or promoters", "%q is not a category", row.Category)
		}
		if act := strings.TrimSpace(row.Action); act != "" {
			a[c] = act
		}
	}
	return a, nil
}

// csvReader reads CSV, or TSV when the first line has a tab and no comma.
func csvReader(r io.Reader) *csv.Reader {
	var head strings.Builder
	buf := make([]byte, 1)
	for {
		n, err := r.Read(buf)
		if n > 0 {
			head.WriteByte(buf[0])
			if buf[0] == '\n' {
				break
			}
		}
		if err != nil {
			break
		}
	}
	line := head.String()
	cr := csv.NewReader(io.MultiReader(strings.NewReader(line), r))
	if strings.Contains(line, "\t") && !strings.Contains(line, ",") {
		cr.Comma = '\t'
	}
	cr.FieldsPerRecord = -1
	cr.TrimLeadingSpace = true
	return cr
}

// ReadDone reads a --done file: CSV or TSV with a header; the ids are in
// the column named respondent (as followup writes it), else in the column
// named idCol, else in its only column. name is for errors, which are
// usage errors (usererr) naming the file.
func ReadDone(r io.Reader, name, idCol string) (map[string]bool, error) {
	cr := csvReader(r)
	header, err := cr.Read()
	if err != nil {
		return nil, usererr.Newf(usererr.Usage, name, 1, "give a CSV with a header row", "%v", err)
	}
	col := -1
	for i, h := range header {
		h = strings.TrimSpace(strings.TrimPrefix(h, "\ufeff"))
		if h == "respondent" || col < 0 && h == idCol {
			col = i
		}
	}
	if col < 0 && len(header) == 1 {
		col = 0
	}
	if col < 0 {
		return nil, usererr.Newf(usererr.Usage, name, 1, fmt.Sprintf("name the column respondent or %q", idCol), "no respondent column among %q", header)
	}
	done := map[string]bool{}
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return done, nil
		}
		if err != nil {
			return nil, usererr.Newf(usererr.Usage, name, 0, "write it as CSV", "%v", err)
		}
		if col < len(rec) {
			if id := strings.TrimSpace(rec[col]); id != "" {
				done[id] = true
			}
		}
	}
}

// Item is one respondent on the worklist.
type Item struct {
	Respondent string
	Category   nps.Category
	Score      int
	Date       time.Time
	Due        time.Time
	Fields     []string // the response's columns
}

// List keeps each respondent's latest response. It holds a million
// respondents in memory the garbage collector need not scan: a fixed-size
// record each, their ids interned (pkg/internal/intern) and their fields
// in an arena of bytes; a Go map of ids to items of strings cost most of
// a run in collections (30 s for 3M rows).
type List struct {
	due     Due
	ids     *intern.Table // respondent id -> its entry's index (payload)
	entries []entry
	locs    []*time.Location // the dates' locations, entries' loc indexes them
	lastLoc int              // the index of the last location seen
	fields  arena
	seq     int64
}

// entry is a respondent's latest response.
type entry struct {
	sec      int64  // the date, as Unix seconds
	seq      int64  // input order, for ties
	fields   uint64 // where its fields are in the arena (arena.put)
	size     uint32 // the bytes there: a later response's fields that fit go there
	nsec     int32  // and nanoseconds
	loc      int32  // in locs
	id       int32  // in ids; -1 for a blank id
	score    int8
	category nps.Category
}

func (e *entry) date(locs []*time.Location) time.Time {
	return time.Unix(e.sec, int64(e.nsec)).In(locs[e.loc])
}

// before orders two dates as time.Time.Before.
func (e *entry) before(sec int64, nsec int32) bool {
	return e.sec < sec || e.sec == sec && e.nsec < nsec
}

// NewList returns an empty list with due days d.
func NewList(d Due) *List { return &List{due: d, ids: intern.New(8)} }

// Add offers a response with a valid score; it replaces the respondent's
// earlier one when it is later (or as late and later in the input). A
// blank id is a respondent of its own. fields are copied.
func (l *List) Add(id string, score int, at time.Time, fields []string) {
	l.seq++
	id = strings.TrimSpace(id)
	e := entry{sec: at.Unix(), nsec: int32(at.Nanosecond()), seq: l.seq, id: -1, score: int8(score), category: nps.Classify(score), loc: l.location(at.Location())}
	if id != "" {
		k, pay, added := l.ids.Intern(id)
		e.id = int32(k)
		if !added {
			old := &l.entries[binary.LittleEndian.Uint32(pay)]
			if old.before(e.sec, e.nsec) || old.sec == e.sec && old.nsec == e.nsec {
				e.fields, e.size = l.fields.put(old.fields, old.size, fields)
				*old = e
			}
			return
		}
		binary.LittleEndian.PutUint32(pay, uint32(len(l.entries)))
	}
	e.fields, e.size = l.fields.put(0, 0, fields)
	l.entries = append(l.entries, e)
}

// location is loc's index in l.locs, added when new.
func (l *List) location(loc *time.Location) int32 {
	if l.lastLoc < len(l.locs) && l.locs[l.lastLoc] == loc {
		return int32(l.lastLoc)
	}
	i := slices.Index(l.locs, loc)
	if i < 0 {
		i = len(l.locs)
		l.locs = append(l.locs, loc)
	}
	l.lastLoc = i
	return int32(i)
}

// Items yields the worklist: respondents not in done, of the categories
// in keep, with their due dates; detractors first by due date, then
// passives, then promoters (ties by date, then input order). An item's
// Fields are valid until the next Add, and the slice is the next item's.
func (l *List) Items(done map[string]bool, keep nps.CategorySet) iter.Seq[Item] {
	return func(yield func(Item) bool) {
		type ranked struct {
			due, sec, seq int64
			nsec          int32
			i             int32
			category      nps.Category
		}
		var order []ranked
		for i := range l.entries {
			e := &l.entries[i]
			if !keep.Has(e.category) || e.id >= 0 && done[l.ids.Key(int(e.id))] {
				continue
			}
			order = append(order, ranked{due: l.dueOf(e), sec: e.sec, seq: e.seq, nsec: e.nsec, i: int32(i), category: e.category})
		}
		// seq tells any two apart: no stable sort needed.
		slices.SortFunc(order, func(a, b ranked) int {
			if c := cmp.Compare(a.category, b.category); c != 0 {
				return c
			}
			if c := cmp.Compare(a.due, b.due); c != 0 {
				return c
			}
			if c := cmp.Compare(a.sec, b.sec); c != 0 {
				return c
			}
			if c := cmp.Compare(a.nsec, b.nsec); c != 0 {
				return c
			}
			return cmp.Compare(a.seq, b.seq)
		})
		var fields []string
		for _, r := range order {
			e := &l.entries[r.i]
			loc := l.locs[e.loc]
			it := Item{Category: e.category, Score: int(e.score), Date: e.date(l.locs), Due: time.Unix(r.due, 0).In(loc)}
			if e.id >= 0 {
				it.Respondent = l.ids.Key(int(e.id))
			}
			fields = l.fields.get(e.fields, fields[:0])
			it.Fields = fields
			if !yield(it) {
				return
			}
		}
	}
}

// dueOf is the day e's follow-up is due, as Unix seconds: midnight, due
// days after its date's day, where its date is.
func (l *List) dueOf(e *entry) int64 {
	y, m, d := e.date(l.locs).Date()
	return time.Date(y, m, d+l.due[e.category], 0, 0, 0, 0, l.locs[e.loc]).Unix()
}

// arena holds the fields of the list's responses, each response's as its
// count and then each field's length and bytes (uvarints), in chunks of
// 1 MiB: bytes the garbage collector does not scan.
type arena struct {
	chunks [][]byte
}

const chunkBits = 20

// put stores fields where a response's fields took size bytes at ref
// (size 0: none), when they fit, else at the end; it returns where they
// are and the bytes they may take there.
func (a *arena) put(ref uint64, size uint32, fields []string) (uint64, uint32) {
	n := uvarintLen(len(fields))
	for _, f := range fields {
		n += uvarintLen(len(f)) + len(f)
	}
	if uint32(n) > size { // a new place, at the end of the last chunk
		k := len(a.chunks) - 1
		if k < 0 || cap(a.chunks[k])-len(a.chunks[k]) < n {
			a.chunks = append(a.chunks, make([]byte, 0, max(1<<chunkBits, n)))
			k++
		}
		ref, size = uint64(k)<<32|uint64(len(a.chunks[k])), uint32(n)
		a.chunks[k] = a.chunks[k][:len(a.chunks[k])+n]
	}
	b := a.chunks[ref>>32][uint32(ref) : uint32(ref) : uint32(ref)+size]
	b = binary.AppendUvarint(b, uint64(len(fields)))
	for _, f := range fields {
		b = binary.AppendUvarint(b, uint64(len(f)))
		b = append(b, f...)
	}
	return ref, size
}

// uvarintLen is the length of n as a uvarint.
func uvarintLen(n int) int { return (bits.Len64(uint64(n)|1) + 6) / 7 }

// get appends the fields stored at ref to dst, as strings of the arena's
// memory.
func (a *arena) get(ref uint64, dst []string) []string {
	b := a.chunks[ref>>32][uint32(ref):]
	n, k := binary.Uvarint(b)
	b = b[k:]
	for range n {
		m, k := binary.Uvarint(b)
		b = b[k:]
		if m == 0 {
			dst = append(dst, "")
		} else {
			dst = append(dst, unsafe.String(&b[0], m))
		}
		b = b[m:]
	}
	return dst
}
