package reader

import "time"

// dayCache serves RFC 3339 UTC dates without parsing them again: a value
// YYYY-MM-DDTHH:MM:SSZ on the same day as the last such value the parser
// accepted is that day's midnight plus the time of day (the parser would
// accept it the same way, leave the same state behind, and return just
// that, in UTC). It is valid only while the parser's state is what that
// parse left: every other parse empties it. Exports are mostly in time
// order, so most rows hit.
type dayCache struct {
	day     [10]byte
	ok      bool
	mid     time.Time
	y       int
	m       time.Month
	d       int
	hit     bool // the last row's date came from the cache
	hits    int
	misses  int
	decided bool   // whether to keep filling is decided (after 4096 dates)
	noCache bool   // fewer than half of the first 4096 or so hit: filling costs more than it saves
	layout  string // inspect: the parser's layout of the value that filled the cache
}

// lookup returns the time of raw from the cache.
func (c *dayCache) lookup(raw string) (time.Time, bool) {
	if c.ok && len(raw) == 20 && raw[:10] == string(c.day[:]) {
		if sec, ok := rfc3339Clock(raw); ok {
			c.hits++
			c.hit = true
			return c.mid.Add(time.Duration(sec) * time.Second), true
		}
	}
	c.miss()
	return time.Time{}, false
}

// miss notes a date the cache did not serve and, once about 4096 dates
// were looked up, decides whether filling it is worth it.
func (c *dayCache) miss() {
	c.ok = false
	c.misses++
	if !c.decided && c.hits+c.misses >= 4096 {
		c.decided, c.noCache = true, c.hits < c.misses
	}
}

// fill caches the day of raw, which the parser just read as t (in UTC),
// when raw has the form YYYY-MM-DDTHH:MM:SSZ and t is that day's midnight
// plus that time.
func (c *dayCache) fill(raw string, t time.Time) {
	c.ok = false
	if c.noCache || len(raw) != 20 {
		return
	}
	sec, ok := rfc3339Clock(raw)
	if !ok || t.Location() != time.UTC || t.Nanosecond() != 0 {
		return
	}
	y, m, d := t.Date()
	if hh, mm, ss := t.Clock(); hh*3600+mm*60+ss != sec || !sameDay(raw, y, int(m), d) {
		return
	}
	copy(c.day[:], raw[:10])
	c.mid, c.y, c.m, c.d, c.ok = t.Add(-time.Duration(sec)*time.Second), y, m, d, true
}

// sameDay reports whether v starts with y-m-d as YYYY-MM-DD.
func sameDay(v string, y, m, d int) bool {
	num := func(i, n int) int {
		x := 0
		for _, c := range []byte(v[i : i+n]) {
			if c < '0' || c > '9' {
				return -1
			}
			x = x*10 + int(c-'0')
		}
		return x
	}
	return len(v) >= 10 && v[4] == '-' && v[7] == '-' && num(0, 4) == y && num(5, 2) == m && num(8, 2) == d
}

// rfc3339Clock reads the time of day of a 20-byte YYYY-MM-DDTHH:MM:SSZ
// value as seconds since midnight; ok is false for any other form or an
// hour, minute or second out of range.
func rfc3339Clock(v string) (int, bool) {
	if len(v) != 20 || v[10] != 'T' || v[13] != ':' || v[16] != ':' || v[19] != 'Z' {
		return 0, false
	}
	h1, h2 := uint(v[11])-'0', uint(v[12])-'0'
	m1, m2 := uint(v[14])-'0', uint(v[15])-'0'
	s1, s2 := uint(v[17])-'0', uint(v[18])-'0'
	if max(h1, h2, m1, m2, s1, s2) > 9 {
		return 0, false
	}
	h, m, s := h1*10+h2, m1*10+m2, s1*10+s2
	if h > 23 || m > 59 || s > 59 {
		return 0, false
	}
	return int(h*3600 + m*60 + s), true
}
