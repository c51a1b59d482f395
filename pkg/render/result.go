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
	return appendResultFields(make(object, 0, 14), r, weighted)
}

// appendResultFields appends a result's fields to o.
func appendResultFields(o object, r nps.Result, weighted bool) object {
	o = append(o,
		field{nameN, count(r.N)},
		field{namePromoters, count(r.Promoters)},
		field{namePassives, count(r.Passives)},
		field{nameDetractors, count(r.Detractors)},
		field{namePromotersPct, number(r.PromotersPct)},
		field{namePassivesPct, number(r.PassivesPct)},
		field{nameDetractorsPct, number(r.DetractorsPct)},
		field{nameNPS, number(r.NPS)},
		field{nameCILow, number(r.CILow)},
		field{nameCIHigh, number(r.CIHigh)},
		field{nameLowN, boolean(r.LowN)},
		field{nameBand, band(r)},
	)
	if weighted {
		o = append(o, field{nameWeightTotal, number(r.WeightTotal)}, field{nameEffectiveN, number(r.EffectiveN)})
	}
	return o
}

// keyField is a group's key, "key": {name: value, ...} in names order; a
// missing value is empty, so a malformed group never shifts a column.
func keyField(names, values []string) field {
	return field{"key", nested(appendKeyValues(make(object, 0, len(names)), names, values))}
}

// appendKeyValues appends a key's members to o.
func appendKeyValues(o object, names, values []string) object {
	for i, n := range names {
		v := ""
		if i < len(values) {
			v = values[i]
		}
		o = append(o, field{n, text(v)})
	}
	return o
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
