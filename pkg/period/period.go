// Package period maps instants to calendar periods (day, ISO week, month,
// quarter, year) and back to their labels.
//
// A Period is a unit and an ordinal that grows by one from each period to the
// next, so periods sort, compare and iterate as integers:
//
//	Day      days since 1970-01-01 of the civil date (1970-01-01 is 0)
//	Week     ISO 8601 weeks (Monday first) since the week of 1970-01-01
//	         (1970-W01, which starts on Monday 1969-12-29, is 0)
//	Month    year*12 + month - 1
//	Quarter  year*4 + quarter - 1
//	Year     year
//
// Calendar arithmetic is proleptic Gregorian and done on integers (Howard
// Hinnant's days_from_civil / civil_from_days algorithms,
// https://howardhinnant.github.io/date_algorithms.html), so Of never
// allocates.
package period

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Unit is a period length.
type Unit uint8

const (
	None Unit = iota // no period grouping
	Day
	Week // ISO 8601 week, labelled by ISO week-year: 2025-W01
	Month
	Quarter
	Year
)

var unitNames = [...]string{None: "none", Day: "day", Week: "week", Month: "month", Quarter: "quarter", Year: "year"}

// ParseUnit parses day|week|month|quarter|year (any case, surrounding
// spaces ignored).
func ParseUnit(s string) (Unit, error) {
	w := strings.ToLower(strings.TrimSpace(s))
	for u := Day; u <= Year; u++ {
		if w == unitNames[u] {
			return u, nil
		}
	}
	return None, fmt.Errorf("unknown period %q; use day, week, month, quarter or year", s)
}

// ForSpan is the unit that shows a span of days as a trend of a few to a
// few dozen periods: day up to 31 days, week up to 26 weeks (182 days),
// month up to 3 years (1096 days), quarter up to 12 years (4383 days),
// else year.
func ForSpan(days int64) Unit {
	switch {
	case days <= 31:
		return Day
	case days <= 182:
		return Week
	case days <= 1096:
		return Month
	case days <= 4383:
		return Quarter
	}
	return Year
}

// In is the period of unit u that holds the first day of p.
func (p Period) In(u Unit) Period {
	if u == None || p.Unit == None {
		return Period{}
	}
	y, m, d := p.FirstDay()
	return OfDate(y, m, d, u)
}

// String returns the flag spelling of u: day, week, month, quarter, year, or
// none for None.
func (u Unit) String() string {
	if int(u) < len(unitNames) {
		return unitNames[u]
	}
	return "Unit(" + strconv.Itoa(int(u)) + ")"
}

// Period is one calendar period: a unit and an ordinal that increases by one
// from each period to the next, so periods compare and iterate as integers.
type Period struct {
	Unit Unit
	Ord  int32
}

// Of returns the period of u that holds t's wall-clock date in t's location.
// It does not allocate. Of(t, None) is the zero Period.
func Of(t time.Time, u Unit) Period {
	if u == None {
		return Period{}
	}
	y, m, d := t.Date()
	return OfDate(y, m, d, u)
}

// OfDate returns the period of u that holds the civil date y-m-d.
func OfDate(y int, m time.Month, d int, u Unit) Period {
	switch u {
	case Day:
		return Period{Day, int32(daysFromCivil(y, int(m), d))}
	case Week:
		return Period{Week, int32(weekOfDay(daysFromCivil(y, int(m), d)))}
	case Month:
		return Period{Month, int32(y*12 + int(m) - 1)}
	case Quarter:
		return Period{Quarter, int32(y*4 + (int(m)-1)/3)}
	case Year:
		return Period{Year, int32(y)}
	}
	return Period{}
}

// Label is 2025-03-07, 2025-W10, 2025-03, 2025-Q1 or 2025. The zero-unit
// period's label is "".
func (p Period) Label() string {
	var buf [16]byte
	b := buf[:0]
	switch p.Unit {
	case Day:
		y, m, d := civilFromDays(int64(p.Ord))
		b = appendYear(b, y)
		b = append(b, '-')
		b = append2(b, m)
		b = append(b, '-')
		b = append2(b, d)
	case Week:
		y, w := p.isoWeek()
		b = appendYear(b, y)
		b = append(b, '-', 'W')
		b = append2(b, w)
	case Month:
		y, m := floorDiv(int64(p.Ord), 12)
		b = appendYear(b, int(y))
		b = append(b, '-')
		b = append2(b, int(m)+1)
	case Quarter:
		y, q := floorDiv(int64(p.Ord), 4)
		b = appendYear(b, int(y))
		b = append(b, '-', 'Q', byte('1'+q))
	case Year:
		b = appendYear(b, int(p.Ord))
	default:
		return ""
	}
	return string(b)
}

// String is the label, or "Unit(ord)" for a period of no known unit.
func (p Period) String() string {
	if p.Unit == None || p.Unit > Year {
		return p.Unit.String() + "(" + strconv.Itoa(int(p.Ord)) + ")"
	}
	return p.Label()
}

// Next is the following period.
func (p Period) Next() Period { return Period{p.Unit, p.Ord + 1} }

// FirstDay returns the civil date of the first day of p.
func (p Period) FirstDay() (year int, month time.Month, day int) {
	switch p.Unit {
	case Day:
		y, m, d := civilFromDays(int64(p.Ord))
		return y, time.Month(m), d
	case Week:
		y, m, d := civilFromDays(int64(p.Ord)*7 - 3) // Monday
		return y, time.Month(m), d
	case Month:
		y, m := floorDiv(int64(p.Ord), 12)
		return int(y), time.Month(m + 1), 1
	case Quarter:
		y, q := floorDiv(int64(p.Ord), 4)
		return int(y), time.Month(q*3 + 1), 1
	case Year:
		return int(p.Ord), time.January, 1
	}
	return 1970, time.January, 1
}

// Start is the first instant of p in loc: local midnight of its first day,
// or, where that day starts with a daylight-saving gap (midnight does not
// exist), the transition instant; where midnight occurs twice, the earlier.
func (p Period) Start(loc *time.Location) time.Time {
	y, m, d := p.FirstDay()
	return dayStart(y, m, d, loc)
}

// dayStart returns the first instant whose wall-clock date in loc is y-m-d.
func dayStart(y int, m time.Month, d int, loc *time.Location) time.Time {
	target := daysFromCivil(y, int(m), d)
	wall := time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() // midnight as if UTC
	c := time.Date(y, m, d, 0, 0, 0, 0, loc)
	dayOf := func(t time.Time) int64 {
		ty, tm, td := t.Date()
		return daysFromCivil(ty, int(tm), td)
	}
	// Midnight may be valid under the offset of the zone period before or
	// after the one time.Date chose (a repeated midnight): take the earliest
	// instant that really reads 00:00 on the target day.
	best := time.Time{}
	consider := func(off int) {
		t := time.Unix(wall-int64(off), 0).In(loc)
		if _, o := t.Zone(); o == off && dayOf(t) == target {
			if h, mi, s := t.Clock(); h == 0 && mi == 0 && s == 0 && (best.IsZero() || t.Before(best)) {
				best = t
			}
		}
	}
	_, off := c.Zone()
	consider(off)
	if start, end := c.ZoneBounds(); !start.IsZero() || !end.IsZero() {
		if !start.IsZero() {
			_, o := start.Add(-time.Second).Zone()
			consider(o)
		}
		if !end.IsZero() {
			_, o := end.Zone()
			consider(o)
		}
	}
	if !best.IsZero() {
		return best
	}
	// No midnight: the day begins at a transition. Walk zone boundaries from
	// the day before until the wall-clock date reaches the target.
	t := time.Unix(wall-24*3600-14*3600, 0).In(loc)
	for i := 0; i < 8 && dayOf(t) < target; i++ {
		_, end := t.ZoneBounds()
		if end.IsZero() {
			break
		}
		t = end.In(loc)
	}
	if dayOf(t) == target {
		return t
	}
	return c
}

// Parse parses a label of unit u (as from --a 2025-Q1): the inverse of
// Label. Surrounding spaces are ignored; the W and Q may be lower case.
func Parse(u Unit, label string) (Period, error) {
	s := strings.TrimSpace(label)
	bad := func() (Period, error) {
		ex := map[Unit]string{Day: "2025-03-07", Week: "2025-W10", Month: "2025-03", Quarter: "2025-Q1", Year: "2025"}[u]
		if ex == "" {
			return Period{}, fmt.Errorf("cannot parse %q: no period unit", label)
		}
		return Period{}, fmt.Errorf("%q is not a %s; write it like %s", label, u, ex)
	}
	y, rest, ok := cutYear(s)
	if !ok {
		return bad()
	}
	switch u {
	case Year:
		if rest != "" {
			return bad()
		}
		return Period{Year, int32(y)}, nil
	case Month:
		m, ok := twoDigits(rest, "-")
		if !ok || m < 1 || m > 12 {
			return bad()
		}
		return OfDate(y, time.Month(m), 1, Month), nil
	case Quarter:
		if len(rest) != 3 || rest[0] != '-' || (rest[1] != 'Q' && rest[1] != 'q') || rest[2] < '1' || rest[2] > '4' {
			return bad()
		}
		return Period{Quarter, int32(y*4 + int(rest[2]-'1'))}, nil
	case Week:
		if len(rest) != 4 || rest[0] != '-' || (rest[1] != 'W' && rest[1] != 'w') {
			return bad()
		}
		w, ok := twoDigits(rest[2:], "")
		if !ok || w < 1 || w > weeksInYear(y) {
			return bad()
		}
		// Week 1 holds January 4.
		w1 := weekOfDay(daysFromCivil(y, 1, 4))
		return Period{Week, int32(w1 + int64(w) - 1)}, nil
	case Day:
		if len(rest) != 6 || rest[0] != '-' || rest[3] != '-' {
			return bad()
		}
		m, ok1 := twoDigits(rest[1:3], "")
		d, ok2 := twoDigits(rest[4:], "")
		if !ok1 || !ok2 || m < 1 || m > 12 || d < 1 || d > daysIn(y, m) {
			return bad()
		}
		return OfDate(y, time.Month(m), d, Day), nil
	}
	return bad()
}

// cutYear reads a four-digit year (or up to six digits, optionally signed,
// for years outside 0000-9999, as Label writes them) at the start of s.
func cutYear(s string) (year int, rest string, ok bool) {
	i := 0
	neg := false
	if i < len(s) && s[i] == '-' {
		neg = true
		i++
	}
	j := i
	for j < len(s) && s[j] >= '0' && s[j] <= '9' {
		j++
	}
	if j-i < 4 || j-i > 6 || (j-i > 4 && s[i] == '0') {
		return 0, "", false
	}
	y, err := strconv.Atoi(s[i:j])
	if err != nil {
		return 0, "", false
	}
	if neg {
		y = -y
	}
	return y, s[j:], true
}

// twoDigits parses prefix followed by exactly two digits.
func twoDigits(s, prefix string) (int, bool) {
	if !strings.HasPrefix(s, prefix) {
		return 0, false
	}
	s = s[len(prefix):]
	if len(s) != 2 || s[0] < '0' || s[0] > '9' || s[1] < '0' || s[1] > '9' {
		return 0, false
	}
	return int(s[0]-'0')*10 + int(s[1]-'0'), true
}

// isoWeek returns the ISO week-year and week number of a Week period.
func (p Period) isoWeek() (year, week int) {
	thursday := int64(p.Ord) * 7 // Monday is 7*ord-3
	y, _, _ := civilFromDays(thursday)
	jan1 := daysFromCivil(y, 1, 1)
	return y, int((thursday-jan1)/7) + 1
}

// weekOfDay is the week ordinal of a day ordinal: weeks start on Monday and
// week 0 starts on 1969-12-29.
func weekOfDay(days int64) int64 {
	w, _ := floorDiv(days+3, 7)
	return w
}

// weeksInYear is 53 for ISO years with 53 weeks, else 52.
func weeksInYear(y int) int {
	// A year has 53 weeks when December 28 falls in week 53.
	dec28 := Period{Week, int32(weekOfDay(daysFromCivil(y, 12, 28)))}
	_, w := dec28.isoWeek()
	return w
}

func isLeap(y int) bool { return y%4 == 0 && (y%100 != 0 || y%400 == 0) }

func daysIn(y, m int) int {
	switch m {
	case 2:
		if isLeap(y) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// floorDiv returns the floored quotient and the non-negative remainder.
func floorDiv(a, b int64) (q, r int64) {
	q, r = a/b, a%b
	if r < 0 {
		q--
		r += b
	}
	return q, r
}

// daysFromCivil returns the days since 1970-01-01 of the proleptic
// Gregorian date y-m-d (Hinnant).
func daysFromCivil(y, m, d int) int64 {
	yy := int64(y)
	if m <= 2 {
		yy--
	}
	era, _ := floorDiv(yy, 400)
	yoe := yy - era*400                    // [0, 399]
	mp := int64((m + 9) % 12)              // March = 0
	doy := (153*mp+2)/5 + int64(d) - 1     // [0, 365]
	doe := yoe*365 + yoe/4 - yoe/100 + doy // [0, 146096]
	return era*146097 + doe - 719468
}

// civilFromDays is the inverse of daysFromCivil (Hinnant).
func civilFromDays(z int64) (y, m, d int) {
	z += 719468
	era, _ := floorDiv(z, 146097)
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	yy := yoe + era*400
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	d = int(doy - (153*mp+2)/5 + 1)
	if mp < 10 {
		m = int(mp + 3)
	} else {
		m = int(mp - 9)
	}
	if m <= 2 {
		yy++
	}
	return int(yy), m, d
}

func append2(b []byte, v int) []byte { return append(b, byte('0'+v/10), byte('0'+v%10)) }

// appendYear writes y with at least four digits (and a sign when negative).
func appendYear(b []byte, y int) []byte {
	if y >= 0 && y <= 9999 {
		return append(b, byte('0'+y/1000), byte('0'+y/100%10), byte('0'+y/10%10), byte('0'+y%10))
	}
	if y < 0 {
		b = append(b, '-')
		y = -y
	}
	if y < 10000 {
		return appendYear(b, y)
	}
	return strconv.AppendInt(b, int64(y), 10)
}
