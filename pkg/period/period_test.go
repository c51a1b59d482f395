package period

import (
	"strings"
	"testing"
	"time"
	_ "time/tzdata" // the zone tests must not depend on the host's zoneinfo
)

func mustLoad(t testing.TB, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

func date(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 12, 0, 0, 0, time.UTC) }

func TestParseUnit(t *testing.T) {
	tests := []struct {
		in   string
		want Unit
		err  bool
	}{
		{"day", Day, false},
		{"week", Week, false},
		{"month", Month, false},
		{"quarter", Quarter, false},
		{"year", Year, false},
		{" Month ", Month, false},
		{"QUARTER", Quarter, false},
		{"none", None, true},
		{"", None, true},
		{"weekly", None, true},
	}
	for _, tt := range tests {
		got, err := ParseUnit(tt.in)
		if (err != nil) != tt.err || got != tt.want {
			t.Errorf("ParseUnit(%q) = %v, %v; want %v, err %v", tt.in, got, err, tt.want, tt.err)
		}
		if err != nil && !strings.Contains(err.Error(), "day, week, month, quarter or year") {
			t.Errorf("ParseUnit(%q) error %q does not list the units", tt.in, err)
		}
	}
	for u := Day; u <= Year; u++ {
		if got, err := ParseUnit(u.String()); err != nil || got != u {
			t.Errorf("ParseUnit(%v.String()) = %v, %v", u, got, err)
		}
	}
	if None.String() != "none" || Unit(42).String() != "Unit(42)" {
		t.Errorf("String: %q %q", None.String(), Unit(42).String())
	}
}

// TestOrdinals pins the ordinal definitions with hand-computed values.
func TestOrdinals(t *testing.T) {
	tests := []struct {
		t    time.Time
		u    Unit
		want int32
	}{
		{date(1970, 1, 1), Day, 0},
		{date(1969, 12, 31), Day, -1},
		{date(1970, 2, 1), Day, 31},
		{date(2000, 3, 1), Day, 11017}, // 30*365 + 7 leap days + 31 + 29
		{date(2025, 1, 1), Day, 20089}, // 55*365 + 14 leap days (1972..2024)
		{date(1970, 1, 1), Week, 0},    // 1970-W01 starts Monday 1969-12-29
		{date(1969, 12, 29), Week, 0},
		{date(1969, 12, 28), Week, -1},
		{date(1970, 1, 5), Week, 1},
		{date(2025, 3, 7), Month, 2025*12 + 2},
		{date(2025, 1, 1), Quarter, 2025 * 4},
		{date(2025, 3, 31), Quarter, 2025 * 4},
		{date(2025, 4, 1), Quarter, 2025*4 + 1},
		{date(2025, 12, 31), Quarter, 2025*4 + 3},
		{date(2025, 6, 30), Year, 2025},
		{date(2025, 6, 30), None, 0},
	}
	for _, tt := range tests {
		got := Of(tt.t, tt.u)
		want := Period{tt.u, tt.want}
		if tt.u == None {
			want = Period{}
		}
		if got != want {
			t.Errorf("Of(%s, %v) = %+v; want %+v", tt.t.Format(time.DateOnly), tt.u, got, want)
		}
	}
}

func TestLabels(t *testing.T) {
	tests := []struct {
		t    time.Time
		u    Unit
		want string
	}{
		// ISO weeks across year boundaries.
		{date(2024, 12, 29), Week, "2024-W52"},
		{date(2024, 12, 30), Week, "2025-W01"},
		{date(2025, 1, 5), Week, "2025-W01"},
		{date(2025, 1, 6), Week, "2025-W02"},
		{date(2021, 1, 3), Week, "2020-W53"},
		{date(2021, 1, 4), Week, "2021-W01"},
		{date(2020, 12, 31), Week, "2020-W53"},
		{date(2020, 12, 28), Week, "2020-W53"},
		{date(2026, 1, 1), Week, "2026-W01"},
		{date(2025, 12, 29), Week, "2026-W01"},
		{date(2015, 12, 31), Week, "2015-W53"},
		{date(2016, 1, 3), Week, "2015-W53"},
		{date(2016, 1, 4), Week, "2016-W01"},
		{date(2010, 1, 3), Week, "2009-W53"},
		{date(2010, 1, 4), Week, "2010-W01"},
		{date(2008, 12, 29), Week, "2009-W01"},
		{date(2025, 3, 7), Week, "2025-W10"},
		{date(1970, 1, 1), Week, "1970-W01"},
		// Days, months, quarters, years, leap days.
		{date(2025, 3, 7), Day, "2025-03-07"},
		{date(2024, 2, 29), Day, "2024-02-29"},
		{date(2000, 2, 29), Day, "2000-02-29"},
		{date(2024, 3, 1), Day, "2024-03-01"},
		{date(1969, 12, 31), Day, "1969-12-31"},
		{date(2025, 3, 7), Month, "2025-03"},
		{date(2024, 2, 29), Month, "2024-02"},
		{date(2025, 12, 31), Month, "2025-12"},
		{date(2025, 1, 1), Quarter, "2025-Q1"},
		{date(2025, 3, 31), Quarter, "2025-Q1"},
		{date(2025, 4, 1), Quarter, "2025-Q2"},
		{date(2025, 6, 30), Quarter, "2025-Q2"},
		{date(2025, 7, 1), Quarter, "2025-Q3"},
		{date(2025, 9, 30), Quarter, "2025-Q3"},
		{date(2025, 10, 1), Quarter, "2025-Q4"},
		{date(2024, 12, 31), Quarter, "2024-Q4"},
		{date(2024, 2, 29), Quarter, "2024-Q1"},
		{date(2025, 3, 7), Year, "2025"},
		{date(2024, 12, 31), Year, "2024"},
		{date(10, 5, 1), Year, "0010"},
		{date(12345, 5, 1), Month, "12345-05"},
		{date(-4, 5, 1), Day, "-0004-05-01"},
	}
	for _, tt := range tests {
		p := Of(tt.t, tt.u)
		if got := p.Label(); got != tt.want {
			t.Errorf("Of(%s, %v).Label() = %q; want %q", tt.t.Format(time.DateOnly), tt.u, got, tt.want)
		}
		if got := p.String(); got != tt.want {
			t.Errorf("String() = %q; want %q", got, tt.want)
		}
		back, err := Parse(tt.u, tt.want)
		if err != nil || back != p {
			t.Errorf("Parse(%v, %q) = %+v, %v; want %+v", tt.u, tt.want, back, err, p)
		}
	}
	if got := (Period{}).Label(); got != "" {
		t.Errorf("zero Period label %q", got)
	}
}

// TestWeekAgainstISOWeek checks every day of 1800-2200 against the standard
// library's independent ISO week computation.
func TestWeekAgainstISOWeek(t *testing.T) {
	prev := Period{}
	d := time.Date(1800, 1, 1, 0, 0, 0, 0, time.UTC)
	end := time.Date(2200, 12, 31, 0, 0, 0, 0, time.UTC)
	for ; !d.After(end); d = d.AddDate(0, 0, 1) {
		p := Of(d, Week)
		y, w := d.ISOWeek()
		if gy, gw := p.isoWeek(); gy != y || gw != w {
			t.Fatalf("%s: week %d-W%02d; ISOWeek says %d-W%02d", d.Format(time.DateOnly), gy, gw, y, w)
		}
		if d.Weekday() == time.Monday {
			if prev.Unit != None && p.Ord != prev.Ord+1 {
				t.Fatalf("%s: week ordinal %d does not follow %d", d.Format(time.DateOnly), p.Ord, prev.Ord)
			}
			prev = p
			// A week starts on its Monday.
			if got := p.Start(time.UTC); !got.Equal(d) {
				t.Fatalf("%s: Start = %s", p.Label(), got)
			}
		} else if p != prev && prev.Unit != None {
			t.Fatalf("%s: %s is not the week of the Monday before (%s)", d.Format(time.DateOnly), p.Label(), prev.Label())
		}
		if dp := Of(d, Day); dp.Ord != int32(d.Unix()/86400) {
			t.Fatalf("%s: day ordinal %d; want %d", d.Format(time.DateOnly), dp.Ord, d.Unix()/86400)
		}
	}
	for y := 1800; y <= 2200; y++ {
		_, w := time.Date(y, 12, 28, 0, 0, 0, 0, time.UTC).ISOWeek()
		if got := weeksInYear(y); got != w {
			t.Errorf("weeksInYear(%d) = %d; want %d", y, got, w)
		}
	}
}

// TestDST checks that Of uses the wall-clock date of t's location: instants
// near midnight and near daylight-saving changes map to their local day.
func TestDST(t *testing.T) {
	ny := mustLoad(t, "America/New_York")
	berlin := mustLoad(t, "Europe/Berlin")
	tests := []struct {
		name string
		t    time.Time
		want string // day label
	}{
		{"NY 23:30 before spring forward", time.Date(2025, 3, 8, 23, 30, 0, 0, ny), "2025-03-08"},
		{"NY 23:30 before spring forward, from UTC", time.Date(2025, 3, 9, 4, 30, 0, 0, time.UTC).In(ny), "2025-03-08"},
		{"NY 23:30 on spring-forward day", time.Date(2025, 3, 9, 23, 30, 0, 0, ny), "2025-03-09"},
		{"NY 23:30 before fall back", time.Date(2025, 11, 1, 23, 30, 0, 0, ny), "2025-11-01"},
		{"NY 23:30 before fall back, from UTC", time.Date(2025, 11, 2, 3, 30, 0, 0, time.UTC).In(ny), "2025-11-01"},
		{"NY 00:30 after fall back", time.Date(2025, 11, 2, 4, 30, 0, 0, time.UTC).In(ny), "2025-11-02"},
		{"NY repeated 01:30", time.Date(2025, 11, 2, 6, 30, 0, 0, time.UTC).In(ny), "2025-11-02"},
		{"Berlin 23:30 before spring forward", time.Date(2025, 3, 29, 23, 30, 0, 0, berlin), "2025-03-29"},
		{"Berlin 23:30 before spring forward, from UTC", time.Date(2025, 3, 29, 22, 30, 0, 0, time.UTC).In(berlin), "2025-03-29"},
		{"Berlin 00:30 spring-forward day, from UTC", time.Date(2025, 3, 29, 23, 30, 0, 0, time.UTC).In(berlin), "2025-03-30"},
		{"Berlin 23:30 before fall back, from UTC", time.Date(2025, 10, 25, 21, 30, 0, 0, time.UTC).In(berlin), "2025-10-25"},
		{"Berlin 23:30 on fall-back day, from UTC", time.Date(2025, 10, 26, 22, 30, 0, 0, time.UTC).In(berlin), "2025-10-26"},
		{"Berlin new year's eve 23:30", time.Date(2025, 12, 31, 22, 30, 0, 0, time.UTC).In(berlin), "2025-12-31"},
	}
	for _, tt := range tests {
		if got := Of(tt.t, Day).Label(); got != tt.want {
			t.Errorf("%s: Of(%s) = %s; want %s", tt.name, tt.t, got, tt.want)
		}
	}
	// The same instant is a different year in two zones.
	inst := time.Date(2025, 1, 1, 2, 0, 0, 0, time.UTC)
	if a, b := Of(inst, Year).Label(), Of(inst.In(ny), Year).Label(); a != "2025" || b != "2024" {
		t.Errorf("year of %s: UTC %s, New York %s", inst, a, b)
	}
}

func TestStart(t *testing.T) {
	ny := mustLoad(t, "America/New_York")
	berlin := mustLoad(t, "Europe/Berlin")
	saoPaulo := mustLoad(t, "America/Sao_Paulo")
	beirut := mustLoad(t, "Asia/Beirut")
	santiago := mustLoad(t, "America/Santiago")
	havana := mustLoad(t, "America/Havana")
	utc := func(y int, m time.Month, d, h, mi int) time.Time { return time.Date(y, m, d, h, mi, 0, 0, time.UTC) }
	tests := []struct {
		name  string
		u     Unit
		label string
		loc   *time.Location
		want  time.Time
	}{
		{"UTC day", Day, "2025-03-07", time.UTC, utc(2025, 3, 7, 0, 0)},
		{"UTC week", Week, "2025-W01", time.UTC, utc(2024, 12, 30, 0, 0)},
		{"UTC week 53", Week, "2020-W53", time.UTC, utc(2020, 12, 28, 0, 0)},
		{"UTC month", Month, "2024-02", time.UTC, utc(2024, 2, 1, 0, 0)},
		{"UTC quarter", Quarter, "2025-Q3", time.UTC, utc(2025, 7, 1, 0, 0)},
		{"UTC year", Year, "2025", time.UTC, utc(2025, 1, 1, 0, 0)},
		{"NY spring-forward day starts in EST", Day, "2025-03-09", ny, utc(2025, 3, 9, 5, 0)},
		{"NY day after starts in EDT", Day, "2025-03-10", ny, utc(2025, 3, 10, 4, 0)},
		{"NY fall-back day starts in EDT", Day, "2025-11-02", ny, utc(2025, 11, 2, 4, 0)},
		{"NY November", Month, "2025-11", ny, utc(2025, 11, 1, 4, 0)},
		{"NY Q2 (EDT)", Quarter, "2025-Q2", ny, utc(2025, 4, 1, 4, 0)},
		{"Berlin spring-forward day", Day, "2025-03-30", berlin, utc(2025, 3, 29, 23, 0)},
		{"Berlin day after", Day, "2025-03-31", berlin, utc(2025, 3, 30, 22, 0)},
		{"Berlin year", Year, "2026", berlin, utc(2025, 12, 31, 23, 0)},
		// Days whose midnight falls into a gap start at the transition.
		{"Sao Paulo DST began at midnight", Day, "2018-11-04", saoPaulo, utc(2018, 11, 4, 3, 0)},
		{"Beirut DST begins at midnight", Day, "2024-03-31", beirut, utc(2024, 3, 30, 22, 0)},
		{"Santiago DST begins at midnight", Day, "2024-09-08", santiago, utc(2024, 9, 8, 4, 0)},
		// Havana's midnight happens twice: the first one counts.
		{"Havana repeated midnight", Day, "2024-11-03", havana, utc(2024, 11, 3, 4, 0)},
	}
	for _, tt := range tests {
		p, err := Parse(tt.u, tt.label)
		if err != nil {
			t.Fatal(err)
		}
		got := p.Start(tt.loc)
		if !got.Equal(tt.want) {
			t.Errorf("%s: Start = %s (%s); want %s", tt.name, got, got.UTC(), tt.want)
		}
		if got.Location() != tt.loc {
			t.Errorf("%s: Start in %v; want %v", tt.name, got.Location(), tt.loc)
		}
		if Of(got, tt.u) != p {
			t.Errorf("%s: Of(Start) = %s", tt.name, Of(got, tt.u).Label())
		}
		if before := got.Add(-time.Nanosecond); Of(before, tt.u) == p {
			t.Errorf("%s: the instant before Start (%s) is still in %s", tt.name, before, tt.label)
		}
	}
}

// TestStartEveryDay checks Start against Of for every day of several years
// in zones with daylight saving (some with transitions at midnight).
func TestStartEveryDay(t *testing.T) {
	for _, name := range []string{"America/New_York", "Europe/Berlin", "America/Sao_Paulo", "Asia/Beirut", "America/Santiago", "America/Havana", "Australia/Lord_Howe", "Asia/Tehran"} {
		loc := mustLoad(t, name)
		first := Of(time.Date(2010, 1, 1, 0, 0, 0, 0, time.UTC), Day)
		for p := first; p.Ord < first.Ord+366*15; p = p.Next() {
			s := p.Start(loc)
			if Of(s, Day) != p || Of(s.Add(-time.Second), Day) == p {
				t.Fatalf("%s: %s starts at %s", name, p.Label(), s)
			}
		}
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		u       Unit
		label   string
		example string
	}{
		{Day, "2025-02-29", "2025-03-07"},
		{Day, "1900-02-29", "2025-03-07"},
		{Day, "2025-13-01", "2025-03-07"},
		{Day, "2025-3-7", "2025-03-07"},
		{Day, "2025-03-07T00:00", "2025-03-07"},
		{Day, "07.03.2025", "2025-03-07"},
		{Week, "2025-W00", "2025-W10"},
		{Week, "2025-W53", "2025-W10"}, // 2025 has 52 weeks
		{Week, "2025-10", "2025-W10"},
		{Week, "2025W10", "2025-W10"},
		{Month, "2025-00", "2025-03"},
		{Month, "2025-13", "2025-03"},
		{Month, "2025", "2025-03"},
		{Month, "March 2025", "2025-03"},
		{Quarter, "2025-Q5", "2025-Q1"},
		{Quarter, "2025-Q0", "2025-Q1"},
		{Quarter, "Q1 2025", "2025-Q1"},
		{Year, "25", "2025"},
		{Year, "2025-01", "2025"},
		{Year, "", "2025"},
		{Year, "02025", "2025"},
	}
	for _, tt := range tests {
		_, err := Parse(tt.u, tt.label)
		if err == nil {
			t.Errorf("Parse(%v, %q): no error", tt.u, tt.label)
			continue
		}
		if !strings.Contains(err.Error(), tt.example) || !strings.Contains(err.Error(), tt.u.String()) {
			t.Errorf("Parse(%v, %q) error %q does not name the unit and example %s", tt.u, tt.label, err, tt.example)
		}
	}
	if _, err := Parse(None, "2025"); err == nil {
		t.Error("Parse(None) succeeded")
	}
	// Lenient spellings.
	for _, tt := range []struct {
		u     Unit
		label string
		want  string
	}{
		{Week, "2020-w53", "2020-W53"},
		{Quarter, " 2025-q2 ", "2025-Q2"},
		{Day, "2024-02-29", "2024-02-29"},
	} {
		p, err := Parse(tt.u, tt.label)
		if err != nil || p.Label() != tt.want {
			t.Errorf("Parse(%v, %q) = %s, %v; want %s", tt.u, tt.label, p.Label(), err, tt.want)
		}
	}
}

// TestRoundTrip checks Label and Parse are inverses over many ordinals, and
// that consecutive ordinals have increasing labels (labels sort like time
// within years 0000-9999).
func TestRoundTrip(t *testing.T) {
	ranges := map[Unit][2]int32{
		Day:     {-800000, 3000000}, // years -221 to 10183
		Week:    {-110000, 420000},
		Month:   {0, 10000 * 12}, // years 0000-9999
		Quarter: {0, 10000 * 4},
		Year:    {-20000, 20000},
	}
	for u, r := range ranges {
		prev := ""
		for ord := r[0]; ord < r[1]; ord++ {
			p := Period{u, ord}
			label := p.Label()
			back, err := Parse(u, label)
			if err != nil || back != p {
				t.Fatalf("%v ord %d: label %q parses to %+v, %v", u, ord, label, back, err)
			}
			if label[0] != '-' && len(label) == len(prev) && label <= prev {
				t.Fatalf("%v ord %d: label %q does not sort after %q", u, ord, label, prev)
			}
			prev = label
			if u != Year {
				if y, m, d := p.FirstDay(); Of(time.Date(y, m, d, 0, 0, 0, 0, time.UTC), u) != p {
					t.Fatalf("%v ord %d: first day %d-%d-%d is not in the period", u, ord, y, m, d)
				}
			}
		}
	}
}

func TestOfDoesNotAllocate(t *testing.T) {
	ny := mustLoad(t, "America/New_York")
	tm := time.Date(2025, 3, 9, 1, 30, 0, 0, ny)
	for u := None; u <= Year; u++ {
		if n := testing.AllocsPerRun(100, func() { _ = Of(tm, u) }); n != 0 {
			t.Errorf("Of(_, %v) allocates %v times", u, n)
		}
	}
}

func BenchmarkOf(b *testing.B) {
	berlin := mustLoad(b, "Europe/Berlin")
	base := time.Date(2025, 1, 1, 8, 0, 0, 0, time.UTC)
	times := make([]time.Time, 1024)
	for i := range times {
		times[i] = base.Add(time.Duration(i) * 7 * time.Hour).In(berlin)
	}
	for _, u := range []Unit{Day, Week, Month, Quarter, Year} {
		b.Run(u.String(), func(b *testing.B) {
			b.ReportAllocs()
			var sink int32
			for i := 0; b.Loop(); i++ {
				sink += Of(times[i&1023], u).Ord
			}
			_ = sink
		})
	}
}

func BenchmarkLabel(b *testing.B) {
	b.ReportAllocs()
	p := Period{Week, 2900}
	for b.Loop() {
		_ = p.Label()
	}
}

func TestForSpan(t *testing.T) {
	for _, c := range []struct {
		days int64
		want Unit
	}{
		{1, Day}, {31, Day}, {32, Week}, {182, Week}, {183, Month},
		{1096, Month}, {1097, Quarter}, {4383, Quarter}, {4384, Year},
	} {
		if got := ForSpan(c.days); got != c.want {
			t.Errorf("ForSpan(%d) = %v, want %v", c.days, got, c.want)
		}
	}
}

func TestIn(t *testing.T) {
	d := OfDate(2024, time.December, 30, Day)
	for u, want := range map[Unit]string{Day: "2024-12-30", Week: "2025-W01", Month: "2024-12", Quarter: "2024-Q4", Year: "2024"} {
		if got := d.In(u).Label(); got != want {
			t.Errorf("2024-12-30 in %v = %s, want %s", u, got, want)
		}
	}
	if got := d.In(None); got != (Period{}) {
		t.Errorf("In(None) = %v, want the zero Period", got)
	}
}
