// Package dates parses the date and time values of survey exports: it picks
// one layout per column from the values it sees, caches it, and falls back
// only when a value does not fit.
package dates

import "time"

// Order says how a numeric date with two small fields is read.
type Order uint8

const (
	Undecided  Order = iota
	MonthFirst       // 01/02/2025 is January 2
	DayFirst         // 01/02/2025 is February 1
)

// Parser parses the values of one column.
type Parser struct{}

// NewParser returns a parser whose values without a zone are wall-clock time
// in zone and whose results are converted to out (the --tz location).
// format is the --date-format value: "" (detect), "day-first", "month-first",
// or a Go reference layout such as "02.01.2006 15:04".
func NewParser(format string, zone, out *time.Location) (*Parser, error) { panic("contract stub") }

// Observe feeds a sample value before parsing starts, so the parser can
// decide day-first vs month-first (a first field above 12 settles it).
func (p *Parser) Observe(value string) { panic("contract stub") }

// Decide ends the sample. It returns a warning when the order stayed
// ambiguous and month-first was assumed, else "".
func (p *Parser) Decide() (warning string) { panic("contract stub") }

// Parse parses one value. ok is false when the value is not a date the
// parser understands; blank values are reported by the caller, not here.
func (p *Parser) Parse(value string) (t time.Time, ok bool) { panic("contract stub") }
