// Package csvrow holds the typed CSV rows that package render hands to
// gocsv, each column defined once.
//
// The rows are built by embedding: a weighted row is a Result with the
// Weights columns after it, a comparison row adds the Test columns. gocsv
// flattens an embedded struct into its columns (in field order, unprefixed)
// only when the embedded field is exported; it skips an embedded field of an
// unexported type. That is why these types live here, exported, rather than
// unexported in package render, whose API they are not part of.
//
// The cell types are type parameters: I for the counts, F for the numbers
// and B for low_n and significant. Package render supplies its own number
// cell type (with its CSV spelling) for F, and uses plain values in the rows
// of a score and pointers in the rows of a comparison, where a nil pointer
// is an empty cell.
package csvrow

// Result is the columns of one result, in the contract's order.
type Result[I, F, B any] struct {
	N             I `csv:"n"`
	Promoters     I `csv:"promoters"`
	Passives      I `csv:"passives"`
	Detractors    I `csv:"detractors"`
	PromotersPct  F `csv:"promoters_pct"`
	PassivesPct   F `csv:"passives_pct"`
	DetractorsPct F `csv:"detractors_pct"`
	NPS           F `csv:"nps"`
	CILow         F `csv:"ci_low"`
	CIHigh        F `csv:"ci_high"`
	LowN          B `csv:"low_n"`
}

// Weights is the weight columns, present only in weighted reports.
type Weights[F any] struct {
	WeightTotal F `csv:"weight_total"`
	EffectiveN  F `csv:"effective_n"`
}

// Test is the significance test columns of a comparison.
type Test[F, B any] struct {
	Z           F `csv:"z"`
	PValue      F `csv:"p_value"`
	Significant B `csv:"significant"`
}

// Weighted is a result row of a weighted report.
type Weighted[I, F, B any] struct {
	Result[I, F, B]
	Weights[F]
}

// Compare is a comparison row.
type Compare[I, F, B any] struct {
	Result[I, F, B]
	Test[F, B]
}

// CompareWeighted is a comparison row of a weighted report: the weight
// columns stand between the result and the test columns.
type CompareWeighted[I, F, B any] struct {
	Result[I, F, B]
	Weights[F]
	Test[F, B]
}
