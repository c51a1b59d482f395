package dates

import (
	"strings"
	"testing"
	"time"
	_ "time/tzdata" // zone tests must not depend on the host's zoneinfo
)

func load(t testing.TB, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

func utc(y int, m time.Month, d, h, mi, s, ns int) time.Time {
	return time.Date(y, m, d, h, mi, s, ns, time.UTC)
}

func newParser(t testing.TB, format string, zone, out *time.Location) *Parser {
	t.Helper()
	f, err := ParseFormat(format)
	if err != nil {
		t.Fatal(err)
	}
	p, err := NewParser(f, zone, out)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// TestSpellings parses every supported spelling with a fresh parser (zone
// and out UTC) and checks the instant and the reported layout.
func TestSpellings(t *testing.T) {
	jan31 := func(h, mi, s, ns int) time.Time { return utc(2025, 1, 31, h, mi, s, ns) }
	tests := []struct {
		in     string
		format string
		want   time.Time
		layout string
	}{
		// RFC 3339 / ISO 8601
		{"2025-01-31T15:09:03Z", "", jan31(15, 9, 3, 0), "2006-01-02T15:04:05Z07:00"},
		{"2025-01-31t15:09:03z", "", jan31(15, 9, 3, 0), "2006-01-02T15:04:05Z07:00"},
		{"2025-01-31T15:09:03.123Z", "", jan31(15, 9, 3, 123000000), "2006-01-02T15:04:05.000Z07:00"},
		{"2025-01-31T15:09:03,5Z", "", jan31(15, 9, 3, 500000000), "2006-01-02T15:04:05.0Z07:00"},
		{"2025-01-31T15:09:03.123456789Z", "", jan31(15, 9, 3, 123456789), "2006-01-02T15:04:05.000000000Z07:00"},
		{"2025-01-31T15:09:03.1234567891Z", "", jan31(15, 9, 3, 123456789), "2006-01-02T15:04:05.000000000Z07:00"},
		{"2025-01-31T15:09:03+03:00", "", jan31(12, 9, 3, 0), "2006-01-02T15:04:05Z07:00"},
		{"2025-01-31T15:09:03+0300", "", jan31(12, 9, 3, 0), "2006-01-02T15:04:05-0700"},
		{"2025-01-31T15:09:03+03", "", jan31(12, 9, 3, 0), "2006-01-02T15:04:05-07"},
		{"2025-01-31T15:09:03-05:30", "", jan31(20, 39, 3, 0), "2006-01-02T15:04:05Z07:00"},
		{"2025-01-31T01:00:00+03:00", "", utc(2025, 1, 30, 22, 0, 0, 0), "2006-01-02T15:04:05Z07:00"},
		{"2025-01-31 15:09:03+03:00", "", jan31(12, 9, 3, 0), "2006-01-02 15:04:05Z07:00"},
		{"2025-01-31 15:09:03 +0300", "", jan31(12, 9, 3, 0), "2006-01-02 15:04:05-0700"},
		{"2025-01-31 15:09:03.5 +0000 UTC", "", jan31(15, 9, 3, 500000000), "2006-01-02 15:04:05.0 -0700 MST"},
		{"2025-01-31 15:09:03 UTC", "", jan31(15, 9, 3, 0), "2006-01-02 15:04:05 UTC"},
		{"2025-01-31T15:09Z", "", jan31(15, 9, 0, 0), "2006-01-02T15:04Z07:00"},
		{"2025-01-31T15:09+01:00", "", jan31(14, 9, 0, 0), "2006-01-02T15:04Z07:00"},
		// YYYY-MM-DD[ HH:MM[:SS]]
		{"2025-01-31", "", jan31(0, 0, 0, 0), "2006-01-02"},
		{"2025-01-31 15:09", "", jan31(15, 9, 0, 0), "2006-01-02 15:04"},
		{"2025-01-31 15:09:03", "", jan31(15, 9, 3, 0), "2006-01-02 15:04:05"},
		{"2025-01-31T15:09:03", "", jan31(15, 9, 3, 0), "2006-01-02T15:04:05"},
		{"2025-1-5", "", utc(2025, 1, 5, 0, 0, 0, 0), "2006-01-02"},
		{"  2025-01-31\t", "", jan31(0, 0, 0, 0), "2006-01-02"},
		{"\u00a02025-01-31\u00a0", "", jan31(0, 0, 0, 0), "2006-01-02"},
		{" \u00a0 2025-01-31 \u00a0\r\n", "", jan31(0, 0, 0, 0), "2006-01-02"},
		// Google Forms
		{"2025/09/01 10:09:52 AM GMT+3", "", utc(2025, 9, 1, 7, 9, 52, 0), "2006/01/02 03:04:05 PM GMT-07:00"},
		{"2025/09/01 10:09:52 PM GMT-5", "", utc(2025, 9, 2, 3, 9, 52, 0), "2006/01/02 03:04:05 PM GMT-07:00"},
		{"2025/09/01 10:09:52 AM GMT+5:30", "", utc(2025, 9, 1, 4, 39, 52, 0), "2006/01/02 03:04:05 PM GMT-07:00"},
		{"2025/09/01 12:09:52 AM GMT", "", utc(2025, 9, 1, 0, 9, 52, 0), "2006/01/02 03:04:05 PM GMT-07:00"},
		{"2025/09/01 12:09:52 PM GMT", "", utc(2025, 9, 1, 12, 9, 52, 0), "2006/01/02 03:04:05 PM GMT-07:00"},
		{"2025/09/01 10:09:52 am", "", utc(2025, 9, 1, 10, 9, 52, 0), "2006/01/02 03:04:05 pm"},
		{"2025/09/01 10:09:52", "", utc(2025, 9, 1, 10, 9, 52, 0), "2006/01/02 15:04:05"},
		{"2025/09/01", "", utc(2025, 9, 1, 0, 0, 0, 0), "2006/01/02"},
		{"2025.09.01", "", utc(2025, 9, 1, 0, 0, 0, 0), "2006.01.02"},
		// US month-first
		{"01/31/2025 03:09:03 PM", "", jan31(15, 9, 3, 0), "01/02/2006 03:04:05 PM"},
		{"01/31/2025 3:09 pm", "", jan31(15, 9, 0, 0), "01/02/2006 03:04 pm"},
		{"01/31/2025 03:09:03PM", "", jan31(15, 9, 3, 0), "01/02/2006 03:04:05 PM"},
		{"1/5/2025 9:03", "", utc(2025, 1, 5, 9, 3, 0, 0), "1/2/2006 15:04"},
		{"1/5/2025 9:03", "mdy", utc(2025, 1, 5, 9, 3, 0, 0), "1/2/2006 15:04"},
		{"1/31/25 10:09", "", jan31(10, 9, 0, 0), "1/2/06 15:04"},
		{"1/31/2025, 3:09:03 PM", "", jan31(15, 9, 3, 0), "1/2/2006, 3:04:05 PM"},
		{"12/31/2024 12:00:00 AM", "", utc(2024, 12, 31, 0, 0, 0, 0), "01/02/2006 03:04:05 PM"},
		{"12/31/2024 12:30 PM", "", utc(2024, 12, 31, 12, 30, 0, 0), "01/02/2006 03:04 PM"},
		{"12/31/1999 00:30 AM", "", utc(1999, 12, 31, 0, 30, 0, 0), "01/02/2006 03:04 PM"},
		{"01/31/2025 15:09:03", "", jan31(15, 9, 3, 0), "01/02/2006 15:04:05"},
		// Day-first
		{"31.01.2025", "", jan31(0, 0, 0, 0), "02.01.2006"},
		{"31.01.2025 15:09", "", jan31(15, 9, 0, 0), "02.01.2006 15:04"},
		{"31.01.2025 15:09:03", "", jan31(15, 9, 3, 0), "02.01.2006 15:04:05"},
		{"5.1.2025", "", utc(2025, 1, 5, 0, 0, 0, 0), "2.1.2006"},
		{"01.02.2025", "", utc(2025, 2, 1, 0, 0, 0, 0), "02.01.2006"},
		{"01.02.2025", "mdy", utc(2025, 2, 1, 0, 0, 0, 0), "02.01.2006"}, // dots are always day-first
		{"31.01.25", "", jan31(0, 0, 0, 0), "02.01.06"},
		{"31/01/2025 15:09:03", "", jan31(15, 9, 3, 0), "02/01/2006 15:04:05"},
		{"31/01/2025", "", jan31(0, 0, 0, 0), "02/01/2006"},
		{"31-01-2025", "", jan31(0, 0, 0, 0), "02-01-2006"},
		{"01/02/2025", "day-first", utc(2025, 2, 1, 0, 0, 0, 0), "02/01/2006"},
		{"01/02/2025", "dmy", utc(2025, 2, 1, 0, 0, 0, 0), "02/01/2006"},
		{"01/02/2025", "DMY", utc(2025, 2, 1, 0, 0, 0, 0), "02/01/2006"},
		{"01/02/2025", "month-first", utc(2025, 1, 2, 0, 0, 0, 0), "01/02/2006"},
		// Unix
		{"1735689600", "", utc(2025, 1, 1, 0, 0, 0, 0), "unix seconds"},
		{"946684800", "", utc(2000, 1, 1, 0, 0, 0, 0), "unix seconds"},
		{"1735689600123", "", utc(2025, 1, 1, 0, 0, 0, 123000000), "unix milliseconds"},
		{"1735689600.5", "", utc(2025, 1, 1, 0, 0, 0, 500000000), "unix seconds"},
		{"1735689600123.456", "", utc(2025, 1, 1, 0, 0, 0, 123456000), "unix milliseconds"},
		// Month names
		{"Jan 31, 2025", "", jan31(0, 0, 0, 0), "Jan 2, 2006"},
		{"January 31, 2025 3:09 PM", "", jan31(15, 9, 0, 0), "January 2, 2006 3:04 PM"},
		{"31 Jan 2025 15:09", "", jan31(15, 9, 0, 0), "2 Jan 2006 15:04"},
		{"31 january 2025", "", jan31(0, 0, 0, 0), "2 January 2006"},
		{"Fri, 31 Jan 2025 15:09:03 +0300", "", jan31(12, 9, 3, 0), time.RFC1123Z},
		{"Fri, 31 Jan 2025 15:09:03 GMT", "", jan31(15, 9, 3, 0), "Mon, 2 Jan 2006 15:04:05 GMT"},
		// Explicit layouts
		{"31.01.2025 15:09", "02.01.2006 15:04", jan31(15, 9, 0, 0), "02.01.2006 15:04"},
		{"20250131", "20060102", jan31(0, 0, 0, 0), "20060102"},
		{"2025-01-31 15:09 -0500", "2006-01-02 15:04 -0700", jan31(20, 9, 0, 0), "2006-01-02 15:04 -0700"},
		// Leap days
		{"2024-02-29", "", utc(2024, 2, 29, 0, 0, 0, 0), "2006-01-02"},
		{"2000-02-29", "", utc(2000, 2, 29, 0, 0, 0, 0), "2006-01-02"},
		{"29/02/2024", "", utc(2024, 2, 29, 0, 0, 0, 0), "02/01/2006"},
		{"02/29/2024", "", utc(2024, 2, 29, 0, 0, 0, 0), "01/02/2006"},
		{"29.02.2024 23:59:59", "", utc(2024, 2, 29, 23, 59, 59, 0), "02.01.2006 15:04:05"},
	}
	for _, tt := range tests {
		p := newParser(t, tt.format, nil, nil)
		got, ok := p.Parse(tt.in)
		if !ok {
			t.Errorf("Parse(%q) [format %q] failed", tt.in, tt.format)
			continue
		}
		if !got.Equal(tt.want) || got.Location() != time.UTC {
			t.Errorf("Parse(%q) [format %q] = %s; want %s", tt.in, tt.format, got, tt.want)
		}
		if l := p.Layout(); l != tt.layout {
			t.Errorf("Parse(%q): Layout() = %q; want %q", tt.in, l, tt.layout)
		}
		checkRoundTrip(t, p, tt.in, got, time.UTC, time.UTC)
	}
}

// checkRoundTrip formats t with the layout the parser reports and checks a
// parser with the same settings reads it back as the same instant.
func checkRoundTrip(t *testing.T, p *Parser, in string, got time.Time, zone, out *time.Location) {
	t.Helper()
	layout := p.Layout()
	var s string
	switch {
	case layout == "unix seconds":
		if got.Nanosecond() != 0 {
			return
		}
		s = itoa(got.Unix())
	case layout == "unix milliseconds":
		if got.Nanosecond()%1e6 != 0 {
			return
		}
		s = itoa(got.UnixMilli())
	case layout == "excel serial":
		// Whole days since 1899-12-30, in the zone (a fraction is a time
		// of day, which need not write back to the same digits).
		local := got.In(zone)
		if h, m, sec := local.Clock(); h != 0 || m != 0 || sec != 0 || local.Nanosecond() != 0 {
			return
		}
		epoch := time.Date(1899, 12, 30, 0, 0, 0, 0, zone)
		days := int64(local.Sub(epoch).Hours()+0.5) / 24
		if days < 20000 || days > 99999 { // a fraction rounded over the serials' range
			return
		}
		s = itoa(days)
	case p.last.zone != zoneNone || strings.Contains(layout, "-07") || strings.Contains(layout, "Z07"):
		loc := out
		if p.last.zone == zoneUTC || p.last.zone == zoneAbbrev || strings.HasSuffix(layout, "GMT") {
			loc = time.UTC
		}
		s = got.In(loc).Format(layout)
	default:
		s = got.In(zone).Format(layout)
	}
	format := ""
	switch {
	case p.last.fam == famLayout:
		format = p.layout
	case p.last.fam == famNumeric && p.last.dayFirst:
		format = "day-first"
	case p.last.fam == famNumeric:
		format = "month-first"
	}
	q := newParser(t, format, zone, out)
	back, ok := q.Parse(s)
	if !ok || !back.Equal(got) {
		t.Errorf("round trip of %q through layout %q: %q parses to %s, %v; want %s", in, layout, s, back, ok, got)
	}
}

func itoa(n int64) string {
	var b [24]byte
	i := len(b)
	for {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
		if n == 0 {
			break
		}
	}
	return string(b[i:])
}

func TestUnparseable(t *testing.T) {
	for _, in := range []string{
		"", "   ", "yesterday", "N/A", "0", "12345", "1e9", "-1735689600",
		"2025-13-01", "2025-00-10", "2025-01-32", "2025-01-00", "31/31/2025", "13/13/2025", "00/01/2025",
		"2025-02-29", "29.02.2025", "02/29/2025", "1900-02-29", "2025-04-31",
		"2025-01-31T24:00", "2025-01-31T25:00", "2025-01-31T10:60", "2025-01-31T10:00:61", "2025-01-31T10:00:60",
		"2025-01-31 13:00 PM", "2025-01-31 00:00 XM",
		"2025-01-31T10:00+24:00", "2025-01-31T10:00+03:60", "2025-01-31T10:00+3", "2025-01-31T10:00+03:0",
		"2025-01-31T10:00:00Zjunk", "2025-01-31T", "2025-01-31 T", "2025-01-31T10", "2025-01-31T10:0", "2025-01-31T1000",
		"2025-01", "2025", "25-01-31", "1/2/3", "1/2/202", "01/02/20255", "123/01/2025", "01//2025",
		"2025/09/01 10:09:52 AM GMT+", "2025/09/01 10:09:52 AM GMT+123456", "2025/09/01 10:09:52 AM EST",
		"2025-01-31 10:00 +0000 utc", "2025-01-31 10:00 +0000 TOOLONG",
		"123456789012345", "1735689600.", "1735689600.1.2", "17356896O0",
		"2025-01-31\x0010:00", "٢٠٢٥-٠١-٣١", "２０２５-01-01", "2025‐01‐31",
		"2025-01-31.5", "31.01.2025.", "31/01-2025",
		"Jan 32, 2025", "Foo 3, 2025",
	} {
		p := newParser(t, "", nil, nil)
		if got, ok := p.Parse(in); ok {
			t.Errorf("Parse(%q) = %s; want failure", in, got)
		}
		if got, ok := p.Parse(in); ok || !got.IsZero() {
			t.Errorf("second Parse(%q) = %s, %v", in, got, ok)
		}
	}
	// An explicit layout is the only one used.
	p := newParser(t, "02.01.2006 15:04", nil, nil)
	for _, in := range []string{"2025-01-31", "31.01.2025", "1735689600", "31.02.2025 10:00"} {
		if got, ok := p.Parse(in); ok {
			t.Errorf("layout 02.01.2006 15:04: Parse(%q) = %s; want failure", in, got)
		}
	}
}

func TestZones(t *testing.T) {
	ny := load(t, "America/New_York")
	berlin := load(t, "Europe/Berlin")
	tests := []struct {
		in         string
		zone, out  *time.Location
		want       time.Time
		wantInZone bool // also check the wall clock in out
		wall       string
	}{
		{"2025-01-31 10:00", ny, berlin, utc(2025, 1, 31, 15, 0, 0, 0), true, "2025-01-31 16:00"},
		{"2025-07-01 10:00", ny, berlin, utc(2025, 7, 1, 14, 0, 0, 0), true, "2025-07-01 16:00"},
		{"2025-01-31T10:00:00Z", ny, berlin, utc(2025, 1, 31, 10, 0, 0, 0), true, "2025-01-31 11:00"},
		{"2025-01-31T23:30:00-05:00", berlin, ny, utc(2025, 2, 1, 4, 30, 0, 0), true, "2025-01-31 23:30"},
		{"2025/09/01 10:09:52 AM GMT+3", ny, berlin, utc(2025, 9, 1, 7, 9, 52, 0), true, "2025-09-01 09:09"},
		{"1735689600", ny, ny, utc(2025, 1, 1, 0, 0, 0, 0), true, "2024-12-31 19:00"},
		{"12/31/2024 11:30 PM", nil, ny, utc(2025, 1, 1, 4, 30, 0, 0), true, "2024-12-31 23:30"},
		{"31.12.2024 23:30", berlin, time.UTC, utc(2024, 12, 31, 22, 30, 0, 0), true, "2024-12-31 22:30"},
		{"Fri, 31 Jan 2025 15:09:03 GMT", ny, ny, utc(2025, 1, 31, 15, 9, 3, 0), true, "2025-01-31 10:09"},
		{"Jan 31, 2025 3:09 PM", ny, time.UTC, utc(2025, 1, 31, 20, 9, 0, 0), true, "2025-01-31 20:09"},
		// Around daylight-saving changes: wall clock in zone.
		{"2025-03-08 23:30", ny, ny, utc(2025, 3, 9, 4, 30, 0, 0), true, "2025-03-08 23:30"},
		{"2025-03-09 03:30", ny, ny, utc(2025, 3, 9, 7, 30, 0, 0), true, "2025-03-09 03:30"},
		{"2025-03-29 23:30", berlin, berlin, utc(2025, 3, 29, 22, 30, 0, 0), true, "2025-03-29 23:30"},
		{"2025-10-26 03:30", berlin, berlin, utc(2025, 10, 26, 2, 30, 0, 0), true, "2025-10-26 03:30"},
	}
	for _, tt := range tests {
		p := newParser(t, "", tt.zone, tt.out)
		got, ok := p.Parse(tt.in)
		if !ok || !got.Equal(tt.want) {
			t.Errorf("Parse(%q) in %v -> %v = %s, %v; want %s", tt.in, tt.zone, tt.out, got, ok, tt.want)
			continue
		}
		if got.Location() != tt.out {
			t.Errorf("Parse(%q): location %v; want %v", tt.in, got.Location(), tt.out)
		}
		if w := got.Format("2006-01-02 15:04"); w != tt.wall {
			t.Errorf("Parse(%q): wall clock %s; want %s", tt.in, w, tt.wall)
		}
	}
	// A wall-clock time in a daylight-saving gap or overlap reads as
	// time.Date reads it.
	for _, in := range []string{"2025-03-09 02:30", "2025-11-02 01:30"} {
		p := newParser(t, "", ny, time.UTC)
		got, ok := p.Parse(in)
		w, _ := time.ParseInLocation("2006-01-02 15:04", in, ny)
		if !ok || !got.Equal(w) {
			t.Errorf("Parse(%q) in New York = %s, %v; want %s", in, got, ok, w)
		}
	}
	// nil zone is out; nil out is UTC.
	p := newParser(t, "", nil, nil)
	if got, _ := p.Parse("2025-01-31 10:00"); !got.Equal(utc(2025, 1, 31, 10, 0, 0, 0)) || got.Location() != time.UTC {
		t.Errorf("nil locations: %s", got)
	}
}

func TestOrderDecision(t *testing.T) {
	tests := []struct {
		name     string
		format   string
		observe  []string
		order    Order
		warning  string // substring; "" means no warning
		parse    string
		want     time.Time // zero: must fail
		parse2   string
		want2    time.Time
		noDecide bool
	}{
		{name: "settled day-first", observe: []string{"", "03/04/2025", "31/01/2025 10:00", "05/06/2025"}, order: DayFirst,
			parse: "03/04/2025", want: utc(2025, 4, 3, 0, 0, 0, 0), parse2: "13/01/2025", want2: utc(2025, 1, 13, 0, 0, 0, 0)},
		{name: "settled month-first", observe: []string{"03/04/2025", "01/31/2025"}, order: MonthFirst,
			parse: "03/04/2025", want: utc(2025, 3, 4, 0, 0, 0, 0), parse2: "13/01/2025"},
		{name: "invalid dates do not vote", observe: []string{"02/30/2025", "30/02/2025", "31/04/2025"}, order: DayFirst,
			parse: "31/01/2025", want: utc(2025, 1, 31, 0, 0, 0, 0), parse2: "03/04/2025", want2: utc(2025, 4, 3, 0, 0, 0, 0)},
		{name: "settled dash day-first", observe: []string{"31-01-2025", "01-02-2025"}, order: DayFirst,
			parse: "01-02-2025", want: utc(2025, 2, 1, 0, 0, 0, 0)},
		{name: "ambiguous", observe: []string{"03/04/2025 10:00", "05/06/2025", "07/07/2025"}, order: MonthFirst,
			warning: "03/04/2025 could be March 4 or April 3; read as month-first (MM/DD/YYYY); set --date-format day-first if that is wrong",
			parse:   "03/04/2025", want: utc(2025, 3, 4, 0, 0, 0, 0), parse2: "31/01/2025"},
		{name: "ambiguous two-digit year", observe: []string{"1/2/25"}, order: MonthFirst,
			warning: "1/2/25 could be January 2 or February 1",
			parse:   "1/2/25", want: utc(2025, 1, 2, 0, 0, 0, 0)},
		{name: "same either way", observe: []string{"07/07/2025", "01/01/2025"}, order: Undecided,
			parse: "07/07/2025", want: utc(2025, 7, 7, 0, 0, 0, 0)},
		{name: "nothing observed", order: Undecided, parse: "2025-01-31", want: utc(2025, 1, 31, 0, 0, 0, 0)},
		{name: "dots do not vote", observe: []string{"01.02.2025", "03.04.2025"}, order: Undecided,
			parse: "01.02.2025", want: utc(2025, 2, 1, 0, 0, 0, 0)},
		{name: "inconsistent, day-first majority", observe: []string{"31/01/2025", "30/01/2025", "01/31/2025", "03/04/2025"}, order: DayFirst,
			warning: "day/month order is inconsistent: 2 values fit only day-first (such as 31/01/2025), 1 only month-first (such as 01/31/2025); read as day-first (DD/MM/YYYY), so the 1 that do not fit count as invalid dates; set --date-format day-first or month-first if that is wrong",
			parse:   "01/31/2025", parse2: "31/01/2025", want2: utc(2025, 1, 31, 0, 0, 0, 0)},
		{name: "inconsistent, month-first majority", observe: []string{"31/01/2025", "01/31/2025", "12/13/2025"}, order: MonthFirst,
			warning: "read as month-first (MM/DD/YYYY), so the 1 that do not fit",
			parse:   "03/04/2025", want: utc(2025, 3, 4, 0, 0, 0, 0), parse2: "31/01/2025"},
		{name: "inconsistent tie is month-first", observe: []string{"31/01/2025", "01/31/2025"}, order: MonthFirst,
			warning: "inconsistent", parse: "01/31/2025", want: utc(2025, 1, 31, 0, 0, 0, 0)},
		{name: "explicit day-first ignores the sample", format: "day-first", observe: []string{"01/31/2025"}, order: DayFirst,
			parse: "03/04/2025", want: utc(2025, 4, 3, 0, 0, 0, 0), parse2: "01/31/2025"},
		{name: "explicit mdy", format: "mdy", observe: []string{"31/01/2025"}, order: MonthFirst,
			parse: "03/04/2025", want: utc(2025, 3, 4, 0, 0, 0, 0)},
		{name: "no sample: first settling value locks", noDecide: true, order: DayFirst,
			parse: "31/01/2025", want: utc(2025, 1, 31, 0, 0, 0, 0), parse2: "03/04/2025", want2: utc(2025, 4, 3, 0, 0, 0, 0)},
		{name: "no sample: ambiguous value assumes month-first", noDecide: true, order: MonthFirst,
			warning: "03/04/2025 could be March 4 or April 3",
			parse:   "03/04/2025 10:00", want: utc(2025, 3, 4, 10, 0, 0, 0), parse2: "31/01/2025"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := newParser(t, tt.format, nil, nil)
			for _, v := range tt.observe {
				p.Observe(v)
			}
			if !tt.noDecide {
				w := p.Decide()
				if (tt.warning == "") != (w == "") || !strings.Contains(w, tt.warning) {
					t.Errorf("Decide() = %q; want %q", w, tt.warning)
				}
				if w2 := p.Decide(); w2 != "" {
					t.Errorf("second Decide() = %q", w2)
				}
			}
			check := func(in string, want time.Time) {
				got, ok := p.Parse(in)
				if ok != !want.IsZero() || ok && !got.Equal(want) {
					t.Errorf("Parse(%q) = %s, %v; want %s", in, got, ok, want)
				}
			}
			check(tt.parse, tt.want)
			if tt.parse2 != "" {
				check(tt.parse2, tt.want2)
			}
			if p.Order() != tt.order {
				t.Errorf("Order() = %v; want %v", p.Order(), tt.order)
			}
			if w := p.Warning(); (tt.warning == "") != (w == "") || !strings.Contains(w, tt.warning) {
				t.Errorf("Warning() = %q; want %q", w, tt.warning)
			}
		})
	}
}

func TestParseFormat(t *testing.T) {
	for _, f := range []string{"", "day-first", "dmy", "month-first", "mdy", "Day-First", " mdy ", "2006-01-02", "02.01.2006 15:04", time.RFC3339} {
		if _, err := ParseFormat(f); err != nil {
			t.Errorf("ParseFormat(%q): %v", f, err)
		}
	}
	for _, f := range []string{"auto", "dd/mm/yyyy", "DD.MM.YYYY", "ymd", "iso", "02.01.06"} {
		_, err := ParseFormat(f)
		if err == nil {
			t.Errorf("ParseFormat(%q) succeeded", f)
			continue
		}
		for _, want := range []string{f, "day-first", "month-first", "dmy", "mdy", "2006"} {
			if !strings.Contains(err.Error(), want) {
				t.Errorf("ParseFormat(%q) error %q does not mention %q", f, err, want)
			}
		}
	}
}

// TestLayoutCache checks the parser keeps the family of the last value that
// needed a search and only searches again for a value that does not fit.
func TestLayoutCache(t *testing.T) {
	p := newParser(t, "", nil, nil)
	steps := []struct {
		in   string
		fam  family
		want bool
	}{
		{"2025-01-31", famYMD, true},
		{"2025/09/01 10:09:52 AM GMT+3", famYMD, true},
		{"garbage", famYMD, false},
		{"1735689600", famUnix, true},
		{"1735689600123", famUnix, true},
		{"31.01.2025", famNumeric, true},
		{"01/31/2025", famNumeric, true},
		{"Jan 31, 2025", famText, true},
		{"2025-01-31T10:00:00Z", famYMD, true},
	}
	for _, s := range steps {
		_, ok := p.Parse(s.in)
		if ok != s.want || p.cached != s.fam {
			t.Errorf("Parse(%q) = %v, cached %d; want %v, %d", s.in, ok, p.cached, s.want, s.fam)
		}
	}
	c := p.Clone()
	if c.cached != p.cached || c.order != p.order || c == p {
		t.Errorf("Clone lost state")
	}
}

func TestParseDoesNotAllocate(t *testing.T) {
	ny := load(t, "America/New_York")
	for _, in := range []string{
		"2025-01-31T15:09:03.123Z", "2025-01-31 15:09:03", "2025/09/01 10:09:52 AM GMT+3",
		"01/31/2025 03:09:03 PM", "31.01.2025 15:09", "1735689600123", "2025-01-31 15:09:03 +0000 UTC",
	} {
		p := newParser(t, "", ny, time.UTC)
		if _, ok := p.Parse(in); !ok {
			t.Fatalf("Parse(%q) failed", in)
		}
		if n := testing.AllocsPerRun(200, func() { p.Parse(in) }); n != 0 {
			t.Errorf("Parse(%q) allocates %v times per value", in, n)
		}
	}
}

func TestExcelSerial(t *testing.T) {
	ny := load(t, "America/New_York")
	tests := []struct {
		serial float64
		zone   *time.Location
		want   time.Time
		ok     bool
	}{
		{45658, nil, utc(2025, 1, 1, 0, 0, 0, 0), true},
		{45658.5, nil, utc(2025, 1, 1, 12, 0, 0, 0), true},
		{45688.63128472222, nil, utc(2025, 1, 31, 15, 9, 3, 0), true},
		{45658.25, ny, utc(2025, 1, 1, 11, 0, 0, 0), true},
		{1, nil, utc(1900, 1, 1, 0, 0, 0, 0), true},
		{59, nil, utc(1900, 2, 28, 0, 0, 0, 0), true},
		{61, nil, utc(1900, 3, 1, 0, 0, 0, 0), true},
		{36526, nil, utc(2000, 1, 1, 0, 0, 0, 0), true},
		{0, nil, time.Time{}, false},
		{-5, nil, time.Time{}, false},
		{3e6, nil, time.Time{}, false},
	}
	for _, tt := range tests {
		got, ok := ExcelSerial(tt.serial, tt.zone, time.UTC)
		if ok != tt.ok || ok && !got.Equal(tt.want) {
			t.Errorf("ExcelSerial(%v) = %s, %v; want %s, %v", tt.serial, got, ok, tt.want, tt.ok)
		}
	}
}

// FuzzParse checks Parse never panics, that what it accepts is a real
// calendar date, and that a parsed value formatted back with the layout the
// parser reports reparses to the same instant.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"", " ", "0", "-", "T", "Z", "GMT", "AM", "\x00", "\xff\xfe", "1e10",
		"99999999999999999999", "-1735689600", "1735689600", "1735689600.5", "1735689600123.456",
		"1735689600.999999999999", "100000000", "99999999999999",
		"2025-02-29", "2024-02-29T24:00:00Z", "2025-01-01T00:00:00+99:99", "2025-01-01T00:00:00+23:59",
		"9999-12-31T23:59:59-23:59", "0000-01-01T00:00:00+23:59", "0000-01-01", "9999-12-31 23:59:59.999999999",
		"2025-01-31T15:09:03.12345678901234567890Z", "2025-01-31T15:09:03,Z", "2025-01-31T15:09:03.Z",
		"12/31/1999 12:00 AM", "12/31/1999 12:00 PM", "12/31/1999 00:00 PM", "31.12.1999", "1/1/1 1:1",
		"1/2/68", "1/2/69", "12/31/68 23:59 +0100", "31.12.68 23:59 -0100",
		"2025/09/01 10:09:52 AM GMT+3", "2025/09/01 10:09:52 PM GMT-5", "2025/09/01 10:09:52 AM GMT+5:30",
		"2025/09/01 10:09:52 AM GMT+14", "2025/09/01 10:09:52 AM GMT+0530", "2025/09/01 10:09:52 AM gmt",
		"01/31/2025 03:09:03 PM", "1/5/2025 9:03", "1/31/2025, 3:09:03 PM", "03/04/2025",
		"31/31/2025", "2025-13-01", "yesterday", "٢٠٢٥-٠١-٣١", "２０２５-01-01", "2025-01-31\u00a0",
		"2025-01-31 15:09:03.5 +0000 UTC", "2025-01-31 15:09:03 -0500 EST", "2025-01-31T15:09+01:00",
		"Jan 31, 2025", "Fri, 31 Jan 2025 15:09:03 +0300", "Fri, 31 Jan 2025 15:09:03 GMT",
		"2025-01-31T10:00:00Zjunk", "2025-01-31T1", "2025-1-1T1:00", "2025-01-31 10:00 AM",
	} {
		f.Add(s)
	}
	zone := time.FixedZone("X", 3*3600+30*60)
	f.Fuzz(func(t *testing.T, in string) {
		p, err := NewParser(Format{}, zone, time.UTC)
		if err != nil {
			t.Fatal(err)
		}
		p.Observe(in)
		p.Decide()
		got, ok := p.Parse(in)
		if !ok {
			if !got.IsZero() {
				t.Fatalf("Parse(%q) failed with a non-zero time %s", in, got)
			}
			return
		}
		if got.Location() != time.UTC {
			t.Fatalf("Parse(%q) = %s, not in out", in, got)
		}
		if p.last.fam == famText || p.last.fam == famCJK {
			return // time.Parse's business; the CJK family's name is no Go layout to write with
		}
		// Keep to instants whose years all layouts can write.
		for _, loc := range []*time.Location{zone, time.UTC} {
			y := got.In(loc).Year()
			if y < 1 || y > 9999 || p.last.year2 && (y < 1969 || y > 2068) {
				return
			}
		}
		checkRoundTrip(t, p, in, got, zone, time.UTC)
	})
}

var sink time.Time

func BenchmarkParse(b *testing.B) {
	ny := load(b, "America/New_York")
	cases := []struct {
		name, value string
		zone        *time.Location
	}{
		{"rfc3339", "2025-01-31T15:09:03.123Z", nil},
		{"rfc3339-offset", "2025-01-31T15:09:03+03:00", nil},
		{"iso-local-utc", "2025-01-31 15:09:03", nil},
		{"iso-local-ny", "2025-01-31 15:09:03", ny},
		{"google-forms", "2025/09/01 10:09:52 AM GMT+3", nil},
		{"us", "01/31/2025 03:09:03 PM", ny},
		{"day-first", "31.01.2025 15:09", nil},
		{"unix-ms", "1735689600123", nil},
		{"month-name", "Jan 31, 2025 3:09 PM", nil},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			p := newParser(b, "", c.zone, time.UTC)
			p.Observe(c.value)
			p.Decide()
			if _, ok := p.Parse(c.value); !ok {
				b.Fatalf("Parse(%q) failed", c.value)
			}
			b.ReportAllocs()
			for b.Loop() {
				sink, _ = p.Parse(c.value)
			}
		})
	}
	// For comparison: the standard library with the layout known.
	b.Run("stdlib-time.Parse-rfc3339", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			sink, _ = time.Parse(time.RFC3339, "2025-01-31T15:09:03.123Z")
		}
	})
	// A column whose values alternate between two families searches each time.
	b.Run("alternating-families", func(b *testing.B) {
		p := newParser(b, "", nil, time.UTC)
		vals := []string{"2025-01-31 15:09:03", "1735689600"}
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			sink, _ = p.Parse(vals[i&1])
			i++
		}
	})
}

func TestCompactDates(t *testing.T) {
	for v, want := range map[string]string{
		"202104":     "2021-04-01 00:00:00",
		"20210405":   "2021-04-05 00:00:00",
		"44291":      "2021-04-05 00:00:00",
		"44291.75":   "2021-04-05 18:00:00",
		"199912":     "1999-12-01 00:00:00",
		"202113":     "",
		"189912":     "",
		"19999":      "",
		"020210":     "",
		"4429":       "",
		"44291.":     "",
		"44291.5x":   "",
		"2021041":    "",
		"1617580800": "2021-04-05 00:00:00", // Unix seconds, not compact
	} {
		if s := parsedFresh(v); s != want {
			t.Errorf("Parse(%q) = %q, want %q", v, s, want)
		}
	}
	p, _ := NewParser(Format{}, nil, nil)
	p.Parse("202104")
	if l := p.Layout(); l != "200601" {
		t.Errorf("layout %q", l)
	}
	p.Parse("44291")
	if l := p.Layout(); l != "excel serial" {
		t.Errorf("layout %q", l)
	}
}

// A French Google Forms Horodateur of one week in November: every day is
// 12 or less, so only the header's language can settle the order.
func TestPreferDayFirst(t *testing.T) {
	p, _ := NewParser(Format{Prefer: DayFirst}, nil, nil)
	for _, v := range []string{"08/11/2021 17:05:47", "09/11/2021 08:00:00", "12/11/2021 10:00:00"} {
		p.Observe(v)
	}
	w := p.Decide()
	if p.Order() != DayFirst || !strings.Contains(w, "read as day-first (DD/MM/YYYY), the order of the header's language; set --date-format month-first") {
		t.Fatalf("order %v, warning %q", p.Order(), w)
	}
	got, _ := p.Parse("08/11/2021 17:05:47")
	if got.Month() != time.November || got.Day() != 8 {
		t.Errorf("got %v", got)
	}
	// The values win over the preference.
	p, _ = NewParser(Format{Prefer: DayFirst}, nil, nil)
	p.Observe("11/30/2021")
	p.Observe("11/08/2021")
	if p.Decide(); p.Order() != MonthFirst {
		t.Errorf("order %v", p.Order())
	}
	// Without a sample, the first ambiguous value follows the preference.
	p, _ = NewParser(Format{Prefer: DayFirst}, nil, nil)
	if got, _ := p.Parse("03/04/2021"); got.Month() != time.April {
		t.Errorf("got %v", got)
	}
}

func TestCJKTimestamps(t *testing.T) {
	for v, want := range map[string]string{
		"2021. 11. 8 오후 5:05:47":  "2021-11-08 17:05:47",
		"2021. 11. 8 오전 12:30:00": "2021-11-08 00:30:00",
		"2021. 4. 3":              "2021-04-03 00:00:00",
		"2021/11/8 下午5:05:47":     "2021-11-08 17:05:47",
		"2021/11/8 上午9:00:00":     "2021-11-08 09:00:00",
		"2021/11/08 午後5:05":       "2021-11-08 17:05:00",
		"2021. 13. 8 오후 5:05:47":  "",
		"오후 5:05:47":              "",
	} {
		if s := parsedFresh(v); s != want {
			t.Errorf("Parse(%q) = %q, want %q", v, s, want)
		}
	}
}

// parsedFresh is v as a new parser reads it, "" when it does not.
func parsedFresh(v string) string {
	p, _ := NewParser(Format{}, nil, nil)
	if got, ok := p.Parse(v); ok {
		return got.Format("2006-01-02 15:04:05")
	}
	return ""
}
