package render

import (
	"bytes"
	"encoding/json"
	"io"
	"math"
	"strconv"

	"github.com/npskit/nps/pkg/nps"
)

// jsonBuf writes compact JSON with keys in the order they are written; maps
// are never used for output, so key order is deterministic. Pretty output is
// this compact text passed through json.Indent.
type jsonBuf struct {
	bytes.Buffer
	first []bool // per open object/array: no member written yet
}

func (b *jsonBuf) open(c byte) {
	b.WriteByte(c)
	b.first = append(b.first, true)
}

func (b *jsonBuf) close(c byte) {
	b.WriteByte(c)
	b.first = b.first[:len(b.first)-1]
}

// sep writes the comma before every member but the first.
func (b *jsonBuf) sep() {
	if n := len(b.first); n > 0 {
		if !b.first[n-1] {
			b.WriteByte(',')
		}
		b.first[n-1] = false
	}
}

// key starts an object member.
func (b *jsonBuf) key(k string) {
	b.sep()
	b.str(k)
	b.WriteByte(':')
}

// str writes a JSON string. HTML characters are not escaped (this is not for
// a web page); invalid UTF-8 becomes U+FFFD as encoding/json does.
func (b *jsonBuf) str(s string) {
	enc := json.NewEncoder(&b.Buffer)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s) // a string always encodes
	b.Truncate(b.Len() - 1)
}

// num writes a float the way encoding/json does; NaN and ±Inf are null.
func (b *jsonBuf) num(x float64) {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		b.WriteString("null")
		return
	}
	out, _ := json.Marshal(x) // finite floats always encode
	b.Write(out)
}

func (b *jsonBuf) int(n int64) { b.WriteString(strconv.FormatInt(n, 10)) }

func (b *jsonBuf) bool(v bool) { b.WriteString(strconv.FormatBool(v)) }

// Member helpers.
func (b *jsonBuf) kstr(k, v string)         { b.key(k); b.str(v) }
func (b *jsonBuf) knum(k string, v float64) { b.key(k); b.num(v) }
func (b *jsonBuf) kint(k string, v int64)   { b.key(k); b.int(v) }
func (b *jsonBuf) kbool(k string, v bool)   { b.key(k); b.bool(v) }

// keyObject writes "key": {name: value, ...} in names order.
func (b *jsonBuf) keyObject(names, values []string) {
	b.key("key")
	b.open('{')
	for i, n := range names {
		v := ""
		if i < len(values) {
			v = values[i]
		}
		b.kstr(n, v)
	}
	b.close('}')
}

// resultMembers writes a result's fields in the contract order. The weight
// fields are written only when weighted is set (the report is weighted).
func (b *jsonBuf) resultMembers(r nps.Result, weighted bool) {
	b.resultFields(r, weighted, true)
}

// resultFields is resultMembers, optionally without n.
func (b *jsonBuf) resultFields(r nps.Result, weighted, withN bool) {
	if withN {
		b.kint("n", r.N)
	}
	b.kint("promoters", r.Promoters)
	b.kint("passives", r.Passives)
	b.kint("detractors", r.Detractors)
	b.knum("promoters_pct", r.PromotersPct)
	b.knum("passives_pct", r.PassivesPct)
	b.knum("detractors_pct", r.DetractorsPct)
	b.knum("nps", r.NPS)
	b.knum("ci_low", r.CILow)
	b.knum("ci_high", r.CIHigh)
	b.kbool("low_n", r.LowN)
	if weighted {
		b.knum("weight_total", r.WeightTotal)
		b.knum("effective_n", r.EffectiveN)
	}
}

// writePretty writes the compact JSON in b indented by two spaces, with a
// trailing newline.
func writePretty(w io.Writer, b *jsonBuf) error {
	var out bytes.Buffer
	out.Grow(b.Len() * 2)
	if err := json.Indent(&out, b.Bytes(), "", "  "); err != nil {
		return err
	}
	out.WriteByte('\n')
	_, err := w.Write(out.Bytes())
	return err
}

// resultFieldNames are the CSV headers and JSON keys of a result, in order.
func resultFieldNames(weighted bool) []string {
	names := []string{"n", "promoters", "passives", "detractors",
		"promoters_pct", "passives_pct", "detractors_pct",
		"nps", "ci_low", "ci_high", "low_n"}
	if weighted {
		names = append(names, "weight_total", "effective_n")
	}
	return names
}
