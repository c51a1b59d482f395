// Package period maps instants to calendar periods (day, ISO week, month,
// quarter, year) and back to their labels.
package period

import "time"

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

// ParseUnit parses day|week|month|quarter|year.
func ParseUnit(s string) (Unit, error) { panic("contract stub") }

// String returns the flag spelling of u.
func (u Unit) String() string { panic("contract stub") }

// Period is one calendar period: a unit and an ordinal that increases by one
// from each period to the next, so periods compare and iterate as integers.
type Period struct {
	Unit Unit
	Ord  int32
}

// Of returns the period of u that holds t's wall-clock date in t's location.
func Of(t time.Time, u Unit) Period { panic("contract stub") }

// Label is 2025-03-07, 2025-W10, 2025-03, 2025-Q1 or 2025.
func (p Period) Label() string { panic("contract stub") }

// Next is the following period.
func (p Period) Next() Period { return Period{p.Unit, p.Ord + 1} }

// Start is the first instant of p in loc.
func (p Period) Start(loc *time.Location) time.Time { panic("contract stub") }

// Parse parses a label of unit u (as from --a 2025-Q1).
func Parse(u Unit, label string) (Period, error) { panic("contract stub") }
