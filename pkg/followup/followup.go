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
	"encoding/csv"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gocarina/gocsv"

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
	Fields     []string // the response's columns, a copy
	seq        int64    // input order, for ties
}

// List keeps each respondent's latest response.
type List struct {
	due   Due
	byID  map[string]int
	items []Item
	seq   int64
}

// NewList returns an empty list with due days d.
func NewList(d Due) *List { return &List{due: d, byID: map[string]int{}} }

// Add offers a response with a valid score; it replaces the respondent's
// earlier one when it is later (or as late and later in the input). A
// blank id is a respondent of its own. fields are copied.
func (l *List) Add(id string, score int, at time.Time, fields []string) {
	l.seq++
	id = strings.TrimSpace(id)
	it := Item{Respondent: id, Category: nps.Classify(score), Score: score, Date: at, seq: l.seq}
	if id != "" {
		if i, ok := l.byID[id]; ok {
			if at.Before(l.items[i].Date) {
				return
			}
			it.Fields = append(l.items[i].Fields[:0], fields...)
			l.items[i] = it
			return
		}
		l.byID[id] = len(l.items)
	}
	it.Fields = slices.Clone(fields)
	l.items = append(l.items, it)
}

// Items returns the worklist: respondents not in done, of the categories
// in keep, with their due dates; detractors first by due date, then
// passives, then promoters (ties by date, then input order).
func (l *List) Items(done map[string]bool, keep nps.CategorySet) []Item {
	var out []Item
	for _, it := range l.items {
		if done[it.Respondent] && it.Respondent != "" || !keep.Has(it.Category) {
			continue
		}
		y, m, d := it.Date.Date()
		it.Due = time.Date(y, m, d+l.due[it.Category], 0, 0, 0, 0, it.Date.Location())
		out = append(out, it)
	}
	slices.SortStableFunc(out, func(a, b Item) int {
		if c := cmp.Compare(a.Category, b.Category); c != 0 {
			return c
		}
		if c := a.Due.Compare(b.Due); c != 0 {
			return c
		}
		if c := a.Date.Compare(b.Date); c != 0 {
			return c
		}
		return cmp.Compare(a.seq, b.seq)
	})
	return out
}
