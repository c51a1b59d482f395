// Package dates parses the date and time values of survey exports: it picks
// one layout per column from the values it sees, caches it, and falls back
// only when a value does not fit.
//
// Spellings understood without a --date-format:
//
//	2025-01-31T15:09:03Z, 2025-01-31 15:09:03.123+03:00, 2025-01-31T15:09+0300
//	                                      RFC 3339 / ISO 8601 (T or space,
//	                                      fractional seconds, Z, ±hh:mm, ±hhmm, ±hh)
//	2025-01-31, 2025-01-31 15:09          date, optional time
//	2025/09/01 10:09:52 AM GMT+3          Google Forms (GMT, GMT-5, GMT+5:30)
//	01/31/2025 03:09:03 PM, 1/5/2025 9:03 US month-first, 12- or 24-hour clock
//	31/01/2025 15:09, 31.01.2025 15:09:03 day-first (dots are always day-first)
//	1735689600, 1735689600123, 1735689600.5
//	                                      Unix seconds (9-11 digits) and
//	                                      milliseconds (12-14 digits)
//	Jan 31, 2025; 31 January 2025 15:09;  English month names, RFC 1123
//	Fri, 31 Jan 2025 15:09:03 +0000
//
// Numeric dates may also use "-" between day, month and year (31-01-2025)
// and a two-digit year (1/31/25: 69-99 is 1969-1999, 00-68 is 2000-2068).
//
// Slash and dash dates with two small fields (03/04/2025) are read in the
// column's order: a value whose first field cannot be a month (31/01/2025)
// settles day-first, one whose second field cannot be a month (01/31/2025)
// settles month-first; see Parser.Observe and Parser.Decide.
package dates

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Order says how a numeric date with two small fields is read.
type Order uint8

const (
	Undecided  Order = iota
	MonthFirst       // 01/02/2025 is January 2
	DayFirst         // 01/02/2025 is February 1
)

// String is "month-first", "day-first" or "undecided".
func (o Order) String() string {
	switch o {
	case MonthFirst:
		return "month-first"
	case DayFirst:
		return "day-first"
	}
	return "undecided"
}

// family is a kind of date spelling; the parser caches the family of a
// column and tries the others only when a value does not fit it.
type family uint8

const (
	famNone    family = iota
	famYMD            // 2025-01-31, 2025/01/31, 2025.01.31 [time] [zone]
	famNumeric        // 31/01/2025, 01/31/2025, 31.01.2025, 31-01-2025, 1/31/25 [time] [zone]
	famUnix           // 1735689600, 1735689600123
	famText           // month names, through time.Parse and textLayouts
	famCompact        // 202104 (YYYYMM), 20210405 (YYYYMMDD), 44291.5 (an Excel serial)
	famCJK            // 2021. 11. 8 오후 5:05:47, 2021/11/8 下午5:05:47 (Google Forms in Korean, Chinese, Japanese)
	famLayout         // the explicit --date-format layout
)

// searchOrder is the full search, cheapest and most common first.
var searchOrder = [...]family{famYMD, famNumeric, famUnix, famText, famCompact, famCJK}

// zone styles of a value, for Layout.
const (
	zoneNone   uint8 = iota
	zoneZ            // Z or +03:00
	zoneHHMM         // +0300
	zoneHH           // +03
	zoneGMT          // GMT, GMT+3, GMT+5:30 (UTC likewise)
	zoneUTC          // a bare UTC
	zoneAbbrev       // +0300 followed by an ignored abbreviation (+0000 UTC)
)

// shape describes how the last parsed value was written, so that Layout can
// report it (nps inspect) and tests can format values back.
type shape struct {
	fam      family
	dateSep  byte // '-', '/', '.'
	dayFirst bool
	year2    bool // two-digit year
	short    bool // a one-digit day or month
	timeSep  byte // 0 (no time), 'T', ' ' or ','
	seconds  bool
	frac     uint8 // digits of fractional seconds (at most 9 kept)
	ampm     uint8 // 0 none, 'A' for AM/PM, 'a' for am/pm
	zone     uint8
	unixMs   bool
	compact  uint8 // famCompact: 'm' YYYYMM, 'd' YYYYMMDD, 's' Excel serial
	text     int16 // index into textLayouts
}

// Parser parses the values of one column. It is not safe for concurrent
// use: it caches the column's layout. Workers can each use a Clone.
type Parser struct {
	zone, out *time.Location
	layout    string // explicit Go layout, when given
	fixed     bool   // order given by --date-format

	order   Order
	prefer  Order // the order an ambiguous column is read in (Format.Prefer)
	decided bool
	warning string

	// Observed evidence for the day/month order.
	dayFirstOnly, monthFirstOnly, ambiguous int
	exDayFirst, exMonthFirst, exAmbiguous   string

	cached family
	text   int // the textLayouts index that last matched
	last   shape
}

// Format says how to read dates. Layout, when set, is the only layout
// used: a Go reference layout such as "02.01.2006 15:04". Otherwise Order
// fixes the day/month order of numeric dates; Undecided has it decided per
// column from the values, and Prefer is the order taken when the values
// leave it ambiguous (every day 12 or less): the order of the language
// the column's header is in (Horodateur ⇒ day-first); Undecided means
// month-first.
type Format struct {
	Order  Order
	Layout string
	Prefer Order
}

// Names of --date-format values besides a Go layout.
var formatNames = map[string]Order{
	"":            Undecided,
	"day-first":   DayFirst,
	"dmy":         DayFirst,
	"month-first": MonthFirst,
	"mdy":         MonthFirst,
}

// ParseFormat reads a --date-format value: "" (detect), "day-first" (or
// "dmy"), "month-first" (or "mdy"), or a Go reference layout containing
// 2006 such as "02.01.2006 15:04".
func ParseFormat(s string) (Format, error) {
	if o, ok := formatNames[strings.ToLower(strings.TrimSpace(s))]; ok {
		return Format{Order: o}, nil
	}
	if strings.Contains(s, "2006") {
		f := Format{Layout: s}
		return f, f.check()
	}
	return Format{}, fmt.Errorf("unknown --date-format %q; use day-first (or dmy), month-first (or mdy), or a Go layout of the reference time Mon Jan 2 15:04:05 2006, such as \"02.01.2006 15:04\"", s)
}

// check reports whether the layout reads back what it writes.
func (f Format) check() error {
	if f.Layout == "" {
		return nil
	}
	ref := time.Date(2006, 1, 2, 15, 4, 5, 0, time.FixedZone("MST", -7*3600))
	if _, err := time.Parse(f.Layout, ref.Format(f.Layout)); err != nil {
		return fmt.Errorf("--date-format %q is not a usable Go layout: %v", f.Layout, err)
	}
	return nil
}

// NewParser returns a parser of dates in format f whose values without a
// zone are wall-clock time in zone and whose results are converted to out
// (the --tz location). A nil zone is out; a nil out is UTC. The error is
// for a Layout that cannot read back what it writes.
func NewParser(f Format, zone, out *time.Location) (*Parser, error) {
	if err := f.check(); err != nil {
		return nil, err
	}
	if out == nil {
		out = time.UTC
	}
	if zone == nil {
		zone = out
	}
	p := &Parser{zone: zone, out: out}
	if f.Layout != "" {
		p.layout = f.Layout
		p.cached = famLayout
		p.fixed, p.decided = true, true
		p.last = shape{fam: famLayout}
		return p, nil
	}
	p.order, p.prefer = f.Order, f.Prefer
	p.fixed = f.Order != Undecided
	p.decided = p.fixed
	return p, nil
}

// Clone returns a parser with p's settings, decisions and cached layout, for
// another worker.
func (p *Parser) Clone() *Parser {
	c := *p
	return &c
}

// Observe feeds a sample value before parsing starts, so the parser can
// decide day-first vs month-first (a first field above 12 settles it).
// Observing every value of the column is cheap; blank values are ignored.
func (p *Parser) Observe(value string) {
	if p.fixed {
		return
	}
	v := trim(value)
	nd, ok := scanNumericDate(v)
	if !ok || nd.sep == '.' {
		return
	}
	a, b := nd.a, nd.b
	df, mf := validDate(nd.y, b, a), validDate(nd.y, a, b)
	switch {
	case df && !mf:
		if p.dayFirstOnly == 0 {
			p.exDayFirst = v
		}
		p.dayFirstOnly++
	case mf && !df:
		if p.monthFirstOnly == 0 {
			p.exMonthFirst = v
		}
		p.monthFirstOnly++
	case df && mf && a != b:
		if p.ambiguous == 0 {
			p.exAmbiguous = v
		}
		p.ambiguous++
	}
}

// Decide ends the sample. It returns a warning when the order stayed
// ambiguous and month-first was assumed, or when the observed values
// disagree (the order most values support wins; values of the other order
// will not parse), else "". Parse calls it if the caller did not.
func (p *Parser) Decide() (warning string) {
	if p.decided {
		return ""
	}
	p.decided = true
	df, mf := p.dayFirstOnly, p.monthFirstOnly
	switch {
	case df > 0 && mf > 0:
		p.order = MonthFirst
		minority := df
		if df > mf {
			p.order = DayFirst
			minority = mf
		}
		p.warning = fmt.Sprintf("day/month order is inconsistent: %d values fit only day-first (such as %s), %d only month-first (such as %s); read as %s, so the %d that do not fit count as invalid dates; set --date-format day-first or month-first if that is wrong",
			df, p.exDayFirst, mf, p.exMonthFirst, orderLayout(p.order), minority)
	case df > 0:
		p.order = DayFirst
	case mf > 0:
		p.order = MonthFirst
	case p.ambiguous > 0:
		p.order = p.ambiguousOrder()
		p.warning = p.ambiguousWarning(dateField(p.exAmbiguous))
	}
	return p.warning
}

// Order is the day/month order in use: given by the format, decided from the
// observed values, or Undecided while no slash date has settled it.
func (p *Parser) Order() Order { return p.order }

// Warning returns the warning Decide returned, or a later one: when no
// sample settled the order and Parse had to assume month-first for an
// ambiguous value. Callers that parse without a sample report it at the end.
func (p *Parser) Warning() string { return p.warning }

// Layout describes the spelling of the last value parsed, as a Go reference
// layout ("01/02/2006 03:04:05 PM"), or "unix seconds" / "unix
// milliseconds"; "" before any value parsed. For nps inspect.
func (p *Parser) Layout() string {
	if p.last.fam == famLayout {
		return p.layout
	}
	return p.last.goLayout()
}

func orderLayout(o Order) string {
	if o == DayFirst {
		return "day-first (DD/MM/YYYY)"
	}
	return "month-first (MM/DD/YYYY)"
}

// ambiguousOrder is the order of a column whose values fit both.
func (p *Parser) ambiguousOrder() Order {
	if p.prefer == DayFirst {
		return DayFirst
	}
	return MonthFirst
}

func (p *Parser) ambiguousWarning(example string) string {
	nd, _ := scanNumericDate(example)
	if p.prefer == DayFirst {
		return fmt.Sprintf("%s could be %s %d or %s %d; read as day-first (DD/MM/YYYY), the order of the header's language; set --date-format month-first if that is wrong",
			example, time.Month(nd.a), nd.b, time.Month(nd.b), nd.a)
	}
	return fmt.Sprintf("%s could be %s %d or %s %d; read as month-first (MM/DD/YYYY); set --date-format day-first if that is wrong",
		example, time.Month(nd.a), nd.b, time.Month(nd.b), nd.a)
}

// Parse parses one value. ok is false when the value is not a date the
// parser understands; blank values are reported by the caller, not here.
// The result is in the out location.
func (p *Parser) Parse(value string) (t time.Time, ok bool) {
	v := trim(value)
	if v == "" {
		return time.Time{}, false
	}
	if p.cached != famNone {
		if t, ok = p.parseAs(p.cached, v); ok {
			return t, true
		}
		if p.cached == famLayout {
			return time.Time{}, false
		}
	}
	for _, f := range searchOrder {
		if f == p.cached {
			continue
		}
		if t, ok = p.parseAs(f, v); ok {
			p.cached = f
			return t, true
		}
	}
	return time.Time{}, false
}

func (p *Parser) parseAs(f family, v string) (time.Time, bool) {
	switch f {
	case famYMD:
		return p.parseYMD(v)
	case famNumeric:
		return p.parseNumeric(v)
	case famUnix:
		return p.parseUnix(v)
	case famText:
		return p.parseText(v)
	case famCompact:
		return p.parseCompact(v)
	case famCJK:
		return p.parseCJK(v)
	case famLayout:
		t, err := time.ParseInLocation(p.layout, v, p.zone)
		if err != nil {
			return time.Time{}, false
		}
		return t.In(p.out), true
	}
	return time.Time{}, false
}

// clock is the time-of-day and zone part of a value.
type clock struct {
	h, m, s, ns int
	off         int // seconds east of UTC, when hasZone
	hasZone     bool
}

// build validates the fields and returns the instant in p.out.
func (p *Parser) build(y, mo, d int, c *clock) (time.Time, bool) {
	if !validDate(y, mo, d) {
		return time.Time{}, false
	}
	if c.hasZone {
		t := time.Date(y, time.Month(mo), d, c.h, c.m, c.s, c.ns, time.UTC)
		return t.Add(-time.Duration(c.off) * time.Second).In(p.out), true
	}
	t := time.Date(y, time.Month(mo), d, c.h, c.m, c.s, c.ns, p.zone)
	if p.zone != p.out {
		t = t.In(p.out)
	}
	return t, true
}

// parseYMD reads 2025-01-31, 2025/01/31 or 2025.01.31 and a time tail.
func (p *Parser) parseYMD(v string) (time.Time, bool) {
	if len(v) < 8 {
		return time.Time{}, false
	}
	y, i, ok := num(v, 0, 4, 4)
	if !ok || i >= len(v) {
		return time.Time{}, false
	}
	sep := v[i]
	if sep != '-' && sep != '/' && sep != '.' {
		return time.Time{}, false
	}
	mo, i, ok := num(v, i+1, 1, 2)
	if !ok || i >= len(v) || v[i] != sep {
		return time.Time{}, false
	}
	d, i, ok := num(v, i+1, 1, 2)
	if !ok {
		return time.Time{}, false
	}
	var c clock
	sh := shape{fam: famYMD, dateSep: sep}
	if !parseTail(v, i, &c, &sh) {
		return time.Time{}, false
	}
	t, ok := p.build(y, mo, d, &c)
	if ok {
		p.last = sh
	}
	return t, ok
}

// numDate is the date part of a numeric date: two one- or two-digit fields
// a and b, and the year.
type numDate struct {
	a, b, y int
	sep     byte
	end     int  // index after the year
	short   bool // a or b has one digit
	year2   bool // two-digit year
}

// scanNumericDate reads the date part of 31/01/2025, 1.5.2025, 01-31-2025,
// 1/31/25: two one- or two-digit fields and a four-digit year (or a
// two-digit year after '/' or '.'), all separated by the same '/', '.' or
// '-'.
func scanNumericDate(v string) (nd numDate, ok bool) {
	var i, start int
	if nd.a, i, ok = num(v, 0, 1, 2); !ok || i >= len(v) {
		return nd, false
	}
	nd.short = i == 1
	nd.sep = v[i]
	if nd.sep != '/' && nd.sep != '.' && nd.sep != '-' {
		return nd, false
	}
	start = i + 1
	if nd.b, i, ok = num(v, start, 1, 2); !ok || i >= len(v) || v[i] != nd.sep {
		return nd, false
	}
	nd.short = nd.short || i-start == 1
	start = i + 1
	if nd.y, i, ok = num(v, start, 2, 4); !ok || i-start == 3 {
		return nd, false
	}
	if i-start == 2 {
		if nd.sep == '-' { // 25-01-31 may well be year-month-day
			return nd, false
		}
		nd.year2 = true
		nd.y = pivotYear(nd.y)
	}
	nd.end = i
	return nd, true
}

// pivotYear maps a two-digit year as Go's time.Parse does: 69-99 to
// 1969-1999, 00-68 to 2000-2068.
func pivotYear(yy int) int {
	if yy >= 69 {
		return 1900 + yy
	}
	return 2000 + yy
}

// parseNumeric reads day/month/year or month/day/year and a time tail.
func (p *Parser) parseNumeric(v string) (time.Time, bool) {
	nd, ok := scanNumericDate(v)
	if !ok {
		return time.Time{}, false
	}
	dayFirst := nd.sep == '.' || p.dayFirstFor(v, nd.y, nd.a, nd.b)
	mo, d := nd.a, nd.b
	if dayFirst {
		mo, d = nd.b, nd.a
	}
	var c clock
	sh := shape{fam: famNumeric, dateSep: nd.sep, dayFirst: dayFirst, year2: nd.year2, short: nd.short}
	if !parseTail(v, nd.end, &c, &sh) {
		return time.Time{}, false
	}
	t, ok := p.build(nd.y, mo, d, &c)
	if ok {
		p.last = sh
	}
	return t, ok
}

// dayFirstFor returns the order for a slash or dash date. Without a decided
// order the first value that settles one fixes it for the column; an
// ambiguous value fixes month-first and leaves a warning.
func (p *Parser) dayFirstFor(v string, y, a, b int) bool {
	if !p.decided {
		p.Decide()
	}
	switch p.order {
	case DayFirst:
		return true
	case MonthFirst:
		return false
	}
	df, mf := validDate(y, b, a), validDate(y, a, b)
	switch {
	case df && !mf:
		p.order = DayFirst
		return true
	case mf && !df:
		p.order = MonthFirst
	case df && mf && a != b:
		p.order = p.ambiguousOrder()
		if p.warning == "" {
			p.warning = p.ambiguousWarning(dateField(v))
		}
		return p.order == DayFirst
	}
	return false
}

// dateField is the value up to its first space, comma or T.
func dateField(v string) string {
	if i := strings.IndexAny(v, " ,T"); i > 0 {
		return v[:i]
	}
	return v
}

// parseTail reads what follows the date: nothing, or a separator ('T',
// spaces, or a comma and spaces), H:MM[:SS[.frac]], an optional AM/PM and an
// optional zone (Z, ±hh:mm, ±hhmm, ±hh, GMT/UTC[±h[:mm]]).
func parseTail(v string, i int, c *clock, sh *shape) bool {
	if i == len(v) {
		return true
	}
	switch v[i] {
	case 'T', 't':
		sh.timeSep = 'T'
		i++
	case ' ', ',':
		sh.timeSep = v[i]
		i++
		for i < len(v) && v[i] == ' ' {
			i++
		}
	default:
		return false
	}
	var ok bool
	if c.h, i, ok = num(v, i, 1, 2); !ok || i >= len(v) || v[i] != ':' {
		return false
	}
	if c.m, i, ok = num(v, i+1, 2, 2); !ok {
		return false
	}
	if i < len(v) && v[i] == ':' {
		if c.s, i, ok = num(v, i+1, 2, 2); !ok {
			return false
		}
		sh.seconds = true
		if i+1 < len(v) && (v[i] == '.' || v[i] == ',') && isDigit(v[i+1]) {
			i++
			scale := 100000000
			n := 0
			for ; i < len(v) && isDigit(v[i]); i++ {
				if n < 9 {
					c.ns += int(v[i]-'0') * scale
					scale /= 10
				}
				n++
			}
			sh.frac = uint8(min(n, 9))
		}
	}
	if c.m > 59 || c.s > 59 {
		return false
	}
	if i = parseAMPM(v, i, c, sh); i < 0 {
		return false
	}
	if c.h > 23 {
		return false
	}
	j := skipSpaces(v, i)
	if j == len(v) {
		return j == i // no trailing spaces were left by trim, but be strict
	}
	i = j
	switch v[i] {
	case 'Z', 'z':
		sh.zone = zoneZ
		c.hasZone = true
		i++
	case '+', '-':
		var style uint8
		if i, style, ok = parseOffset(v, i, c, false); !ok {
			return false
		}
		sh.zone = style
		// An abbreviation may follow a numeric offset: -0700 MST.
		if k := skipSpaces(v, i); k > i && k < len(v) {
			e := k
			for e < len(v) && isUpper(v[e]) {
				e++
			}
			if e-k < 2 || e-k > 5 || e != len(v) {
				return false
			}
			sh.zone = zoneAbbrev
			i = e
		}
	case 'G', 'g', 'U', 'u':
		if i+3 > len(v) || !(strings.EqualFold(v[i:i+3], "GMT") || strings.EqualFold(v[i:i+3], "UTC")) {
			return false
		}
		i += 3
		c.hasZone = true
		sh.zone = zoneUTC
		if v[i-3] == 'G' || v[i-3] == 'g' {
			sh.zone = zoneGMT
		}
		if i < len(v) && (v[i] == '+' || v[i] == '-') {
			if i, _, ok = parseOffset(v, i, c, true); !ok {
				return false
			}
			sh.zone = zoneGMT
		}
	default:
		return false
	}
	return i == len(v)
}

// parseAMPM reads an optional AM/PM marker (any case, optionally after
// spaces) at v[i], converting c.h from the 12-hour clock. It returns the
// index after the marker, i when there is none, or -1 when the hour does not
// fit a 12-hour clock.
func parseAMPM(v string, i int, c *clock, sh *shape) int {
	j := skipSpaces(v, i)
	if j+1 >= len(v) || (v[j+1] != 'M' && v[j+1] != 'm') || (j+2 < len(v) && isLetter(v[j+2])) {
		return i
	}
	var pm bool
	switch v[j] {
	case 'A', 'a':
	case 'P', 'p':
		pm = true
	default:
		return i
	}
	if c.h > 12 {
		return -1
	}
	if pm && c.h < 12 {
		c.h += 12
	} else if !pm && c.h == 12 {
		c.h = 0
	}
	sh.ampm = 'A'
	if v[j+1] == 'm' {
		sh.ampm = 'a'
	}
	return j + 2
}

// parseOffset reads ±hh:mm, ±hhmm or ±hh at v[i] (after GMT also ±h and
// ±h:mm).
func parseOffset(v string, i int, c *clock, short bool) (int, uint8, bool) {
	sign := 1
	if v[i] == '-' {
		sign = -1
	}
	i++
	start := i
	for i < len(v) && isDigit(v[i]) {
		i++
	}
	var h, m int
	style := zoneHH
	digits := v[start:i]
	switch {
	case len(digits) == 2 || short && len(digits) == 1:
		h = atoi(digits)
		if i < len(v) && v[i] == ':' {
			var ok bool
			if m, i, ok = num(v, i+1, 2, 2); !ok {
				return 0, 0, false
			}
			style = zoneZ
		}
	case len(digits) == 4 || short && len(digits) == 3:
		h, m = atoi(digits[:len(digits)-2]), atoi(digits[len(digits)-2:])
		style = zoneHHMM
	default:
		return 0, 0, false
	}
	if h > 23 || m > 59 {
		return 0, 0, false
	}
	c.off = sign * (h*3600 + m*60)
	c.hasZone = true
	return i, style, true
}

// parseUnix reads Unix seconds (9-11 integer digits, 1973-03-03 to
// 5138-11-16) or milliseconds (12-14), optionally with a fraction; a leading
// zero is not a timestamp.
func (p *Parser) parseUnix(v string) (time.Time, bool) {
	i := 0
	for i < len(v) && isDigit(v[i]) {
		i++
	}
	n := i
	if n < 9 || n > 14 || v[0] == '0' {
		return time.Time{}, false
	}
	var whole int64
	for k := 0; k < n; k++ {
		whole = whole*10 + int64(v[k]-'0')
	}
	var frac int64 // nanoseconds of the unit
	fracDigits := 0
	if i < len(v) {
		if v[i] != '.' || i+1 == len(v) {
			return time.Time{}, false
		}
		scale := int64(100000000)
		for i++; i < len(v); i++ {
			if !isDigit(v[i]) {
				return time.Time{}, false
			}
			frac += int64(v[i]-'0') * scale
			scale /= 10
			fracDigits++
		}
	}
	sh := shape{fam: famUnix, frac: uint8(min(fracDigits, 9))}
	var t time.Time
	if n <= 11 {
		t = time.Unix(whole, frac)
	} else {
		sh.unixMs = true
		t = time.Unix(whole/1000, (whole%1000)*1e6+frac/1e3)
	}
	p.last = sh
	return t.In(p.out), true
}

// textLayouts are spellings with English month names, tried through
// time.Parse only for values that contain letters.
var textLayouts = func() []string {
	dates := []string{"Jan 2, 2006", "January 2, 2006", "Jan 2 2006", "2 Jan 2006", "2 January 2006", "2-Jan-2006", "Mon, 2 Jan 2006", "Monday, January 2, 2006"}
	clocks := []string{"", " 15:04", " 15:04:05", " 3:04 PM", " 3:04:05 PM", " at 3:04 PM", ", 15:04", ", 3:04 PM"}
	var out []string
	for _, d := range dates {
		for _, c := range clocks {
			out = append(out, d+c)
		}
	}
	return append(out, time.RFC1123Z, "Mon, 2 Jan 2006 15:04:05 -0700", "Mon, 2 Jan 2006 15:04:05 GMT", time.ANSIC, "Mon Jan 2 15:04:05 -0700 2006")
}()

func (p *Parser) parseText(v string) (time.Time, bool) {
	if len(v) > 64 || !hasLetterRun(v, 3) {
		return time.Time{}, false
	}
	if t, ok := p.parseTextLayout(p.text, v); ok {
		return t, true
	}
	for k := range textLayouts {
		if k == p.text {
			continue
		}
		if t, ok := p.parseTextLayout(k, v); ok {
			p.text = k
			return t, true
		}
	}
	return time.Time{}, false
}

func (p *Parser) parseTextLayout(k int, v string) (time.Time, bool) {
	l := textLayouts[k]
	if len(v) < len(l)-12 || len(v) > len(l)+12 {
		return time.Time{}, false
	}
	loc := p.zone
	if strings.HasSuffix(l, "GMT") {
		loc = time.UTC
	}
	t, err := time.ParseInLocation(l, v, loc)
	if err != nil {
		return time.Time{}, false
	}
	p.last = shape{fam: famText, text: int16(k)}
	return t.In(p.out), true
}

// goLayout is a Go layout that writes values of this shape; Layout reports
// it and the tests reparse what it formats.
func (s shape) goLayout() string {
	var b strings.Builder
	switch s.fam {
	case famNone:
		return ""
	case famUnix:
		if s.unixMs {
			return "unix milliseconds"
		}
		return "unix seconds"
	case famText:
		return textLayouts[s.text]
	case famCJK:
		return "2006. 1. 2 (오전/오후) 3:04:05"
	case famCompact:
		switch s.compact {
		case 'm':
			return "200601"
		case 'd':
			return "20060102"
		}
		return "excel serial"
	case famYMD:
		b.WriteString("2006" + string(s.dateSep) + "01" + string(s.dateSep) + "02")
	case famNumeric:
		d, m, y := "02", "01", "2006"
		if s.short {
			d, m = "2", "1"
		}
		if s.year2 {
			y = "06"
		}
		sep := string(s.dateSep)
		if s.dayFirst {
			b.WriteString(d + sep + m + sep + y)
		} else {
			b.WriteString(m + sep + d + sep + y)
		}
	}
	if s.timeSep == 0 {
		return b.String()
	}
	switch s.timeSep {
	case 'T':
		b.WriteByte('T')
	case ',':
		b.WriteString(", ")
	default:
		b.WriteByte(' ')
	}
	if s.ampm != 0 {
		if s.short {
			b.WriteString("3:04")
		} else {
			b.WriteString("03:04")
		}
	} else {
		b.WriteString("15:04")
	}
	if s.seconds {
		b.WriteString(":05")
		if s.frac > 0 {
			b.WriteString("." + strings.Repeat("0", int(s.frac)))
		}
	}
	switch s.ampm {
	case 'A':
		b.WriteString(" PM")
	case 'a':
		b.WriteString(" pm")
	}
	switch s.zone {
	case zoneZ:
		b.WriteString("Z07:00")
	case zoneHHMM:
		b.WriteString("-0700")
	case zoneHH:
		b.WriteString("-07")
	case zoneGMT:
		b.WriteString(" GMT-07:00")
	case zoneUTC:
		b.WriteString(" UTC")
	case zoneAbbrev:
		b.WriteString(" -0700 MST")
	}
	return b.String()
}

// cjkMarkers are the morning and afternoon markers of Korean, Chinese and
// Japanese timestamps, with the English marker each stands for.
var cjkMarkers = strings.NewReplacer("오전", " AM ", "오후", " PM ", "上午", " AM ", "下午", " PM ", "午前", " AM ", "午後", " PM ")

// parseCJK reads the timestamps Google Forms writes in Korean ("2021. 11.
// 8 오후 5:05:47": dots and spaces between the date's fields, the marker
// before the time) and Chinese or Japanese ("2021/11/8 下午5:05:47"): the
// year first, so there is no day/month question.
func (p *Parser) parseCJK(v string) (time.Time, bool) {
	if len(v) < 8 || v[0] < '0' || v[0] > '9' || v[4] != '.' && v[4] != '/' && v[4] != '-' {
		return time.Time{}, false
	}
	n := cjkMarkers.Replace(v)
	if n == v && v[4] != '.' {
		return time.Time{}, false
	}
	f := strings.Fields(strings.NewReplacer(". ", ".", "/", ".", "-", ".").Replace(n))
	if len(f) == 0 {
		return time.Time{}, false
	}
	date := strings.Split(strings.TrimSuffix(f[0], "."), ".")
	if len(date) != 3 {
		return time.Time{}, false
	}
	rest := f[1:]
	if len(rest) == 2 && (rest[0] == "AM" || rest[0] == "PM") {
		rest = []string{rest[1], rest[0]} // the marker goes after the time
	}
	t, ok := p.parseYMD(strings.Join(append([]string{date[0] + "-" + date[1] + "-" + date[2]}, rest...), " "))
	if ok {
		p.last = shape{fam: famCJK}
	}
	return t, ok
}

// parseCompact reads the spellings of spreadsheets and warehouses that
// carry no separator: YYYYMM (202104, the first of the month: a
// year_month column), YYYYMMDD (20210405), both with a year 1900-2199,
// and an Excel serial day count with an optional time fraction (44291 or
// 44291.75, as a CSV saved from a sheet whose date cells lost their
// format holds them) from 20000 to 99999 (1954-10-03 to 2173-10-13).
// Six-digit and eight-digit values are never serials; shorter or longer
// runs of digits are none of these (Unix times have 9 or more).
func (p *Parser) parseCompact(v string) (time.Time, bool) {
	i := 0
	for i < len(v) && isDigit(v[i]) {
		i++
	}
	if i == 0 || v[0] == '0' {
		return time.Time{}, false
	}
	if i == len(v) && (i == 6 || i == 8) {
		y := atoi(v[:4])
		mo, d := atoi(v[4:6]), 1
		kind := uint8('m')
		if i == 8 {
			d, kind = atoi(v[6:8]), 'd'
		}
		if y < 1900 || y > 2199 {
			return time.Time{}, false
		}
		t, ok := p.build(y, mo, d, &clock{})
		if ok {
			p.last = shape{fam: famCompact, compact: kind}
		}
		return t, ok
	}
	if i != 5 {
		return time.Time{}, false
	}
	if i < len(v) {
		if v[i] != '.' || i+1 == len(v) {
			return time.Time{}, false
		}
		for _, c := range []byte(v[i+1:]) {
			if !isDigit(c) {
				return time.Time{}, false
			}
		}
	}
	serial, err := strconv.ParseFloat(v, 64)
	if err != nil || serial < 20000 {
		return time.Time{}, false
	}
	t, ok := ExcelSerial(serial, p.zone, p.out)
	if ok {
		p.last = shape{fam: famCompact, compact: 's'}
	}
	return t, ok
}

// ExcelSerial converts an Excel serial date (days since 1899-12-30 in the
// 1900 date system, with the time of day as the fraction) to an instant:
// wall-clock time in zone (out when nil), returned in out (UTC when nil).
// ok is false outside 1900-01-01 to 9999-12-31. Serials below 60 count
// from 1900-01-01 = 1 as Excel does; 60, Excel's fictitious 1900-02-29, is
// read as 1900-03-01.
func ExcelSerial(serial float64, zone, out *time.Location) (time.Time, bool) {
	if out == nil {
		out = time.UTC
	}
	if zone == nil {
		zone = out
	}
	if !(serial >= 1 && serial < 2958466) {
		return time.Time{}, false
	}
	days := int(serial)
	ms := int64((serial-float64(days))*86400000 + 0.5) // to the millisecond
	if days < 61 {
		days++ // Excel counts 1900-02-29, which did not exist
	}
	t := time.Date(1899, 12, 30, 0, 0, 0, 0, zone).AddDate(0, 0, days)
	y, m, d := t.Date()
	sec := ms / 1000
	t = time.Date(y, m, d, int(sec/3600), int(sec/60%60), int(sec%60), int(ms%1000)*1e6, zone)
	return t.In(out), true
}

// num reads between minDigits and maxDigits ASCII digits at v[i]; the digit
// run must end there (a longer run fails).
func num(v string, i, minDigits, maxDigits int) (n, end int, ok bool) {
	j := i
	for j < len(v) && j-i < maxDigits && isDigit(v[j]) {
		n = n*10 + int(v[j]-'0')
		j++
	}
	if j-i < minDigits || (j < len(v) && isDigit(v[j])) {
		return 0, i, false
	}
	return n, j, true
}

func atoi(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		n = n*10 + int(s[i]-'0')
	}
	return n
}

func validDate(y, m, d int) bool {
	if m < 1 || m > 12 || d < 1 {
		return false
	}
	switch m {
	case 2:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return d <= 29
		}
		return d <= 28
	case 4, 6, 9, 11:
		return d <= 30
	}
	return d <= 31
}

func isDigit(c byte) bool  { return c >= '0' && c <= '9' }
func isUpper(c byte) bool  { return c >= 'A' && c <= 'Z' }
func isLetter(c byte) bool { return c|0x20 >= 'a' && c|0x20 <= 'z' }

func skipSpaces(v string, i int) int {
	for i < len(v) && v[i] == ' ' {
		i++
	}
	return i
}

// trim removes surrounding ASCII white space and non-breaking spaces
// without allocating.
func trim(s string) string {
	for {
		switch {
		case len(s) > 0 && isSpace(s[0]):
			s = s[1:]
		case len(s) > 0 && isSpace(s[len(s)-1]):
			s = s[:len(s)-1]
		case strings.HasPrefix(s, "\u00a0"):
			s = s[2:]
		case strings.HasSuffix(s, "\u00a0"):
			s = s[:len(s)-2]
		default:
			return s
		}
	}
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\r' || c == '\n' }

func hasLetterRun(v string, n int) bool {
	run := 0
	for i := 0; i < len(v); i++ {
		if isLetter(v[i]) {
			run++
			if run >= n {
				return true
			}
		} else {
			run = 0
		}
	}
	return false
}
