package main

import (
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/npskit/nps/pkg/dates"
	"github.com/npskit/nps/pkg/engine"
	"github.com/npskit/nps/pkg/nps"
	"github.com/npskit/nps/pkg/period"
	"github.com/npskit/nps/pkg/render"
	"github.com/npskit/nps/pkg/survey"
)

// value is a flag whose text is parsed when it is set, so the options hold
// the parsed value and a bad value is refused by the flag parser (or by the
// config file and environment, which set flags the same way) before any
// command runs.
type value[T any] struct {
	dst   *T
	text  string // as given; the default's text before, "" hides it in help
	typ   string // "string" quotes the default in help
	parse func(string) (T, error)
}

// newValue sets *dst to def and returns the flag value that parses into it.
func newValue[T any](dst *T, def T, defText, typ string, parse func(string) (T, error)) *value[T] {
	*dst = def
	return &value[T]{dst: dst, text: defText, typ: typ, parse: parse}
}

func (v *value[T]) Set(s string) error {
	x, err := v.parse(s)
	if err != nil {
		return err
	}
	*v.dst, v.text = x, s
	return nil
}

func (v *value[T]) String() string { return v.text }
func (v *value[T]) Type() string   { return v.typ }

// badValue is why a flag value was refused: what the value is not, and
// what to do. The flag error handler adds the flag's name and the value.
type badValue struct{ isNot, hint string }

func (e *badValue) Error() string { return "not " + e.isNot }

// orList spells a list of choices for a hint: "a, b or c".
func orList(names []string) string { return joinList(names, "or") }

// joinList spells a list in a sentence: "a, b and c" with conj "and".
func joinList(names []string, conj string) string {
	if len(names) < 2 {
		return strings.Join(names, "")
	}
	return strings.Join(names[:len(names)-1], ", ") + " " + conj + " " + names[len(names)-1]
}

// names spells each of a list of enumerated values.
func names[T interface{ String() string }](values ...T) []string {
	out := make([]string, len(values))
	for i, v := range values {
		out[i] = v.String()
	}
	return out
}

// The enumerated flag values: spelled once here for help, hints and
// completion; parsed by the package that owns them.
var (
	periodNames   = names(period.Day, period.Week, period.Month, period.Quarter, period.Year)
	methodNames   = names(nps.AdjustedWald, nps.Wald, nps.ScoreInterval)
	adjustNames   = names(nps.Holm, nps.BenjaminiHochberg, nps.NoAdjustment)
	formatNames   = names(render.Table, render.CSV, render.TSV, render.JSON, render.JSONL, render.Markdown, render.HTML, render.SVG)
	orderNames    = []string{"key", "nps", "n"}
	colorNames    = []string{"auto", "always", "never"}
	categoryNames = []string{"detractors", "passives", "promoters"}
)

func parsePeriod(s string) (period.Unit, error) {
	u, err := period.ParseUnit(s)
	if err != nil {
		return 0, &badValue{"a period", "use " + orList(periodNames)}
	}
	return u, nil
}

func parseAdjustment(s string) (nps.Adjustment, error) {
	adj, err := nps.ParseAdjustment(s)
	if err != nil {
		return 0, &badValue{"an adjustment", "use " + orList(adjustNames)}
	}
	return adj, nil
}

func parseMethod(s string) (nps.Method, error) {
	m, err := nps.ParseMethod(s)
	if err != nil {
		return 0, &badValue{"an interval method", "use " + orList(methodNames)}
	}
	return m, nil
}

func parseOrder(s string) (engine.Order, error) {
	o, err := engine.ParseOrder(s)
	if err != nil {
		return 0, &badValue{"a sort order", "use " + orList(orderNames)}
	}
	return o, nil
}

// parseFormat gives a pointer: nil is "not given", when the -o file name
// or the command's default decides.
func parseFormat(s string) (*render.Format, error) {
	f, err := render.ParseFormat(s)
	if err != nil {
		return nil, &badValue{"an output format", "use " + orList(formatNames)}
	}
	return &f, nil
}

// parseCategories gives a pointer: nil is "not given", every response.
func parseCategories(s string) (*nps.CategorySet, error) {
	set, err := nps.ParseCategories(s)
	if err != nil {
		return nil, &badValue{"a list of categories", "use " + orList(categoryNames) + ", separated by commas"}
	}
	return &set, nil
}

func parseScale(s string) (survey.Scale, error) {
	sc, err := survey.ParseScale(s)
	if err != nil {
		return 0, &badValue{"a scale", "use 0-10 or 1-11"}
	}
	return sc, nil
}

func parseDateFormat(s string) (dates.Format, error) {
	f, err := dates.ParseFormat(s)
	if err != nil {
		return f, &badValue{"a date format", "use day-first (or dmy), month-first (or mdy), or a Go layout of the reference time Mon Jan 2 15:04:05 2006, such as \"02.01.2006 15:04\""}
	}
	return f, nil
}

func parseZone(s string) (*time.Location, error) {
	loc, err := time.LoadLocation(s)
	if err != nil {
		return nil, &badValue{"a time zone", "use an IANA zone name such as UTC, Europe/Berlin or America/New_York"}
	}
	return loc, nil
}

// colorMode is --color.
type colorMode uint8

const (
	colorAuto colorMode = iota
	colorAlways
	colorNever
)

func parseColor(s string) (colorMode, error) {
	for i, name := range colorNames {
		if s == name {
			return colorMode(i), nil
		}
	}
	return 0, &badValue{"a colour mode", "use " + orList(colorNames)}
}

// number parses a finite number: NaN and infinities are never a usable
// flag value.
func number(s string) (float64, bool) {
	x, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	return x, err == nil && !math.IsNaN(x) && !math.IsInf(x, 0)
}

func parseLevel(s string) (float64, error) {
	if x, ok := number(s); ok && x > 0 && x < 1 {
		return x, nil
	}
	return 0, &badValue{"a level between 0 and 1", "use a level such as 0.9, 0.95 or 0.99"}
}

func parseBands(s string) (nps.Bands, error) {
	b, err := nps.ParseBands(s)
	if err != nil {
		return nil, &badValue{"bands: the lowest band's name, then FROM:NAME for each further band", "write e.g. --bands 'needs improvement,0:good,30:great,70:excellent'"}
	}
	return b, nil
}

func parseMargin(s string) (float64, error) {
	if x, ok := number(s); ok && x > 0 && x <= 100 {
		return x, nil
	}
	return 0, &badValue{"a usable margin", "use a number of NPS points above 0, such as 5"}
}

// threshold is --fail-under: a number, or nothing when not given.
type threshold struct {
	set   bool
	value float64
}

func parseThreshold(s string) (threshold, error) {
	if x, ok := number(s); ok {
		return threshold{true, x}, nil
	}
	return threshold{}, &badValue{"a number", "give the lowest acceptable NPS, such as 30"}
}

// atLeast parses a whole number of min or more.
func atLeast(min int, isNot, hint string) func(string) (int, error) {
	return func(s string) (int, error) {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n < min {
			return 0, &badValue{isNot, hint}
		}
		return n, nil
	}
}
