package render

import (
	"iter"
	"slices"
)

// A report's machine-readable side is made of named fields. A field holds
// a value: text, a count, a number, a yes/no, an object (a group key, a
// nested result), a list, or fields shared by many records. The JSON writer writes a report's document,
// the JSON Lines writer its lines and the CSV and TSV writers its records,
// all from these values: the field names are spelled only where a report
// builds its fields.

// kind is what a value holds.
type kind uint8

const (
	textKind kind = iota
	countKind
	numberKind
	boolKind
	objectKind
	listKind
	sharedKind
)

// value is a field's value.
type value struct {
	kind  kind
	yes   bool
	text  string
	count int64
	num   float64 // NaN and ±Inf: no value (JSON null, an empty CSV cell)
	obj   object
	list  []value
	seq   iter.Seq[value] // a list made one element at a time (lazyList); nil otherwise
}

func text(s string) value    { return value{kind: textKind, text: s} }
func count(n int64) value    { return value{kind: countKind, count: n} }
func number(x float64) value { return value{kind: numberKind, num: x} }
func boolean(b bool) value   { return value{kind: boolKind, yes: b} }
func nested(o object) value  { return value{kind: objectKind, obj: o} }
func list(vs []value) value  { return value{kind: listKind, list: vs} }

// shared is fields that stand in their record in place of this one (CSV
// cells, JSON members of the enclosing object) and that recur unchanged in
// many records: the result part of the rows of a million groups, where a
// few dozen distinct results stand for all of them. id numbers it among the
// report's shared values (0, 1, 2, ...: a writer keeps their encodings by
// it); o holds no list and never changes once made.
func shared(id int, o object) value { return value{kind: sharedKind, count: int64(id), obj: o} }

// encodings are a writer's encodings of a report's shared values, by id,
// with the depth each was written at (JSON indentation depends on it).
type encodings struct {
	enc   [][]byte
	depth []int
}

// get returns the encoding kept for the shared value v at depth.
func (e *encodings) get(v *value, depth int) ([]byte, bool) {
	if id := int(v.count); id < len(e.enc) && e.enc[id] != nil && e.depth[id] == depth {
		return e.enc[id], true
	}
	return nil, false
}

// keep keeps a copy of enc, the encoding of v at depth.
func (e *encodings) keep(v *value, depth int, enc []byte) {
	id := int(v.count)
	for len(e.enc) <= id {
		e.enc, e.depth = append(e.enc, nil), append(e.depth, 0)
	}
	e.enc[id], e.depth[id] = slices.Clone(enc), depth
}

// lazyList is a list whose elements are made as a writer reaches them, for
// lists too long to hold (a group per respondent). seq may be run more
// than once.
func lazyList(seq iter.Seq[value]) value { return value{kind: listKind, seq: seq} }

// elements are a list's elements.
func (v value) elements() iter.Seq[value] {
	if v.seq != nil {
		return v.seq
	}
	return slices.Values(v.list)
}

// field is a named value: a JSON member, a CSV column.
type field struct {
	name string
	val  value
}

// object is fields in order.
type object []field

// MarshalJSON writes o as compact JSON with its members in order; a
// model's document is an object.
func (o object) MarshalJSON() ([]byte, error) {
	var b jsonBuf
	b.object(o)
	return b.Bytes(), nil
}

// records are a report's rows under a header: the CSV and TSV writers
// write the header and a line per record. A record's fields take one
// column each, in order, and an object field (a group key) one column per
// member, so every record spells out exactly the header's columns.
type records struct {
	header []string
	rows   []object
}

// recordsOf are rows shaped like template, whose columns are their header.
// (Only the template's names and shape matter, not its values.)
func recordsOf(template object, rows []object) records {
	return records{header: columns(template), rows: rows}
}

// columns are the CSV header of records shaped like o: a column per field,
// and per member of an object field.
func columns(o object) []string {
	var out []string
	for _, f := range o {
		if f.val.kind == objectKind || f.val.kind == sharedKind {
			out = append(out, columns(f.val.obj)...)
		} else {
			out = append(out, f.name)
		}
	}
	return out
}

// blanks are o's fields with empty values: the columns a row leaves empty.
func blanks(o object) object {
	out := make(object, len(o))
	for i, f := range o {
		out[i] = field{f.name, text("")}
	}
	return out
}
