package nps

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Bands put an NPS into words. They are a convention, not a law: the
// usual reading of the NPS scale, which puts a negative score (more
// detractors than promoters) under "needs improvement", 0 to 29 under
// "good", 30 to 69 under "great" and 70 or more under "excellent".
// Industries differ, so --bands sets other cut points and names.
//
// A band starts at its From (inclusive) and ends where the next band
// starts; the first band has no lower end.
type Bands []Band

// Band is one band: its name and the lowest NPS in it (ignored for the
// first band).
type Band struct {
	From float64
	Name string
}

// defaultBands are the conventional bands; never modified.
var defaultBands = Bands{
	{math.Inf(-1), "needs improvement"},
	{0, "good"},
	{30, "great"},
	{70, "excellent"},
}

// DefaultBands are the conventional bands.
func DefaultBands() Bands { return append(Bands(nil), defaultBands...) }

// Of returns the name of the band that holds x, or "" when x is NaN (an
// empty result) or b has no bands.
func (b Bands) Of(x float64) string {
	if math.IsNaN(x) || len(b) == 0 {
		return ""
	}
	name := b[0].Name
	for _, band := range b[1:] {
		if x >= band.From {
			name = band.Name
		}
	}
	return name
}

// String writes b as ParseBands reads it.
func (b Bands) String() string {
	parts := make([]string, len(b))
	for i, band := range b {
		if i == 0 {
			parts[i] = band.Name
		} else {
			parts[i] = strconv.FormatFloat(band.From, 'g', -1, 64) + ":" + band.Name
		}
	}
	return strings.Join(parts, ",")
}

// ParseBands reads a --bands value: the first band's name, then for each
// further band FROM:NAME, the lowest NPS in it and its name, in rising
// order, comma-separated. The default bands are
//
//	needs improvement,0:good,30:great,70:excellent
func ParseBands(s string) (Bands, error) {
	items := strings.Split(s, ",")
	var b Bands
	for i, item := range items {
		item = strings.TrimSpace(item)
		if i == 0 {
			if item == "" || strings.Contains(item, ":") {
				return nil, fmt.Errorf("bands %q: start with the lowest band's name, then FROM:NAME for each further band", s)
			}
			b = append(b, Band{From: math.Inf(-1), Name: item})
			continue
		}
		from, name, ok := strings.Cut(item, ":")
		name = strings.TrimSpace(name)
		x, err := strconv.ParseFloat(strings.TrimSpace(from), 64)
		if !ok || err != nil || name == "" || math.IsNaN(x) || math.IsInf(x, 0) {
			return nil, fmt.Errorf("bands %q: %q is not FROM:NAME with FROM a number", s, item)
		}
		if i > 1 && x <= b[i-1].From {
			return nil, fmt.Errorf("bands %q: %g does not rise above %g", s, x, b[i-1].From)
		}
		b = append(b, Band{From: x, Name: name})
	}
	return b, nil
}
