package render

import (
	"math"

	"github.com/npskit/nps/pkg/nps"
)

// The field names of a result (SPEC §6: JSON keys, CSV headers), defined
// here once. resultFields uses them all; a report that picks out a field
// (the difference in a comparison's nps column, a plan's n) names it with
// these.
const (
	nameN             = "n"
	namePromoters     = "promoters"
	namePassives      = "passives"
	nameDetractors    = "detractors"
	namePromotersPct  = "promoters_pct"
	namePassivesPct   = "passives_pct"
	nameDetractorsPct = "detractors_pct"
	nameNPS           = "nps"
	nameCILow         = "ci_low"
	nameCIHigh        = "ci_high"
	nameLowN          = "low_n"
	nameBand          = "band"
	nameWeightTotal   = "weight_total"
	nameEffectiveN    = "effective_n"
)

// resultFields are r's fields in the contract's order, unrounded. The
// weight fields come only in a weighted report, for every result in it.
func resultFields(r nps.Result, weighted bool) object {
	o := object{
		{nameN, count(r.N)},
		{namePromoters, count(r.Promoters)},
		{namePassives, count(r.Passives)},
		{nameDetractors, count(r.Detractors)},
		{namePromotersPct, number(r.PromotersPct)},
		{namePassivesPct, number(r.PassivesPct)},
		{nameDetractorsPct, number(r.DetractorsPct)},
		{nameNPS, number(r.NPS)},
		{nameCILow, number(r.CILow)},
		{nameCIHigh, number(r.CIHigh)},
		{nameLowN, boolean(r.LowN)},
		{nameBand, band(r)},
	}
	if weighted {
		o = append(o, field{nameWeightTotal, number(r.WeightTotal)}, field{nameEffectiveN, number(r.EffectiveN)})
	}
	return o
}

// keyField is a group's key, "key": {name: value, ...} in names order; a
// missing value is empty, so a malformed group never shifts a column.
func keyField(names, values []string) field {
	o := make(object, len(names))
	for i, n := range names {
		v := ""
		if i < len(values) {
			v = values[i]
		}
		o[i] = field{n, text(v)}
	}
	return field{"key", nested(o)}
}

// keyed is a group's record: its key, then fields.
func keyed(names, values []string, fields object) object {
	return append(object{keyField(names, values)}, fields...)
}

// band is a result's band, or no value (JSON null, an empty cell) for an
// empty result.
func band(r nps.Result) value {
	if r.Band == "" {
		return number(math.NaN())
	}
	return text(r.Band)
}
