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
	day8    uint64 // the day's YYYY-MM-DD, as le64(value[0:8])
	day2    uint16 // and le16(value[8:10])
	ok      bool
	mid     int64 // the day's midnight, Unix seconds
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
	if c.ok && len(raw) == 20 && le64(raw) == c.day8 && le16(raw[8:]) == c.day2 {
		if sec, ok := rfc3339Clock(raw); ok {
			c.hits++
			c.hit = true
			// As the parser makes it: UTC, no monotonic reading, whole seconds.
			return time.Unix(c.mid+int64(sec), 0).UTC(), true
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
	c.day8, c.day2 = le64(raw), le16(raw[8:])
	c.mid, c.y, c.m, c.d, c.ok = t.Unix()-int64(sec), y, m, d, true
}

// le64 and le16 read the first 8 and 2 bytes of s, little-endian (the
// compiler makes each one load).
func le64(s string) uint64 {
	_ = s[7]
	return uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
}

func le16(s string) uint16 { _ = s[1]; return uint16(s[0]) | uint16(s[1])<<8 }

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
// hour, minute or second out of range. "HH:MM:SS" is read as one word:
// x is each byte XOR its expected "00:00:00", which leaves a digit's
// value (0-9) and 0 for a colon, and the sum with 0x76 (0x7f for a colon)
// stays below 0x80 in every byte just when each is so (no byte of x has
// its top bit set, so no sum carries into the next).
func rfc3339Clock(v string) (int, bool) {
	if len(v) != 20 || v[10] != 'T' || v[19] != 'Z' {
		return 0, false
	}
	x := le64(v[11:]) ^ 0x3030_3a30_303a_3030
	if ((x+0x7676_7f76_767f_7676)|x)&msb8 != 0 {
		return 0, false
	}
	digit := func(i uint) uint { return uint(x>>(8*i)) & 0xff }
	h, m, s := digit(0)*10+digit(1), digit(3)*10+digit(4), digit(6)*10+digit(7)
	if h > 23 || m > 59 || s > 59 {
		return 0, false
	}
	return int(h*3600 + m*60 + s), true
}

const msb8 = 0x8080_8080_8080_8080
