package reader

import (
	"encoding/json"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"

	"github.com/npskit/nps/pkg/usererr"
)

// Vendor layouts of table exports (CSV, TSV, xlsx). A layout says how many
// header rows there are, how the columns are named, and what else the
// header rows tell: the question text of a column, the time zone its dates
// are in, and whether it is an NPS question.
//
//	qualtrics         3 header rows: export tag, question text, {"ImportId":...}
//	qualtrics-legacy  2 header rows: V1,V2,... or the export tag, then the
//	                  field name or question text
//	surveymonkey      2 header rows: question (blank over its sub-columns),
//	                  then Response / Open-Ended Response / option label
//	typeform          1 header row starting with "#", question titles that may
//	                  hold HTML, "Submit Date (UTC)"
//	google-forms      1 header row starting with "Timestamp"
//	microsoft-forms   1 header row: ID, Start time, Completion time, ...
//	""                any other table: 1 header row (or --header-rows N)

// layoutRows is how many rows are read ahead to recognise a layout.
const layoutRows = 3

// colMeta is what a layout knows about one column besides its name.
type colMeta struct {
	question string // question text, when the export has it apart from the name
	zone     string // IANA zone its dates are in, when the export declares it
	importID string // Qualtrics ImportId
	hint     int    // score rank the layout gives (0: none; see scoreRank)
	dupOf    string // the name the column shares with an earlier one, when it was renamed "name_2"
}

// layout is the outcome of recognising the header rows.
type layout struct {
	vendor     string
	headerRows int
	names      []string
	meta       []colMeta
}

var (
	vTag      = regexp.MustCompile(`^V[0-9]+$`)
	htmlTag   = regexp.MustCompile(`</?[a-zA-Z][^<>]*>`)
	utcSuffix = regexp.MustCompile(`(?i)\((utc|gmt)\)\s*$`)
)

func trimmed(rec []string, i int) string {
	if i < len(rec) {
		return strings.TrimSpace(rec[i])
	}
	return ""
}

// qualtricsImport reads a Qualtrics third-row cell {"ImportId":"QID1","timeZone":"..."}.
func qualtricsImport(cell string) (id, zone string, ok bool) {
	c := strings.TrimSpace(cell)
	if !strings.HasPrefix(c, "{") || !strings.Contains(c, `"ImportId"`) {
		return "", "", false
	}
	var v struct {
		ImportID string `json:"ImportId"`
		TimeZone string `json:"timeZone"`
	}
	if err := json.Unmarshal([]byte(c), &v); err != nil {
		return "", "", false
	}
	return v.ImportID, v.TimeZone, true
}

// layoutDetectors recognise the vendor layouts, tried in this order on the
// first rows of a table; the first that recognises them wins. A new vendor
// is one more function here.
var layoutDetectors = []func(rows [][]string) (layout, bool){
	detectQualtrics,
	detectQualtricsLegacy,
	detectSurveyMonkey,
}

// detectLayout recognises the layout from the first rows of a table (up to
// layoutRows of them, fewer when the table is shorter): a vendor's, else a
// table with one header row (detectOneHeaderRow).
func detectLayout(rows [][]string) layout {
	if len(rows) == 0 {
		return layout{headerRows: 1}
	}
	for _, detect := range layoutDetectors {
		if l, ok := detect(rows); ok {
			return l
		}
	}
	return detectOneHeaderRow(rows[0])
}

// detectQualtrics: a third row of {"ImportId":...}.
func detectQualtrics(rows [][]string) (layout, bool) {
	if len(rows) < 3 {
		return layout{}, false
	}
	n := 0
	for _, c := range rows[2] {
		if _, _, ok := qualtricsImport(c); ok {
			n++
		}
	}
	if n == 0 || n*2 < countNonEmpty(rows[2]) {
		return layout{}, false
	}
	r0 := rows[0]
	l := layout{vendor: "qualtrics", headerRows: 3, names: append([]string(nil), r0...)}
	l.meta = make([]colMeta, len(r0))
	for i := range r0 {
		l.meta[i].question = trimmed(rows[1], i)
		id, zone, _ := qualtricsImport(trimmed(rows[2], i))
		l.meta[i].importID, l.meta[i].zone = id, zone
	}
	l.markNPSGroups()
	return l, true
}

// detectQualtricsLegacy: V1, V2, ... then the field names and question
// text.
func detectQualtricsLegacy(rows [][]string) (layout, bool) {
	r0 := rows[0]
	if len(rows) < 2 || trimmed(r0, 0) != "V1" || !vTag.MatchString(trimmed(r0, 1)) {
		return layout{}, false
	}
	l := layout{vendor: "qualtrics-legacy", headerRows: 2, names: make([]string, len(r0))}
	l.meta = make([]colMeta, len(r0))
	for i := range r0 {
		tag, q := trimmed(r0, i), trimmed(rows[1], i)
		if vTag.MatchString(tag) || tag == "" {
			l.names[i] = q
		} else {
			l.names[i] = tag
			l.meta[i].question = q
		}
	}
	l.markNPSGroups()
	return l, true
}

// detectSurveyMonkey: the second row labels the sub-columns.
func detectSurveyMonkey(rows [][]string) (layout, bool) {
	if len(rows) < 2 {
		return layout{}, false
	}
	r0, r1 := rows[0], rows[1]
	labelled, firstBlank := 0, trimmed(r1, 0) == ""
	for _, c := range r1 {
		switch strings.TrimSpace(c) {
		case "Response", "Open-Ended Response":
			labelled++
		}
	}
	if labelled == 0 || !firstBlank {
		return layout{}, false
	}
	l := layout{vendor: "surveymonkey", headerRows: 2, names: make([]string, len(r0))}
	l.meta = make([]colMeta, len(r0))
	q := ""
	for i := range r0 {
		if h := trimmed(r0, i); h != "" {
			q = h
		} else if trimmed(r1, i) == "" {
			q = "" // a blank over a blank: not a sub-column
		}
		sub := trimmed(r1, i)
		switch {
		case q == "":
			l.names[i] = sub
		case sub == "" || sub == "Response" || sub == "Open-Ended Response":
			l.names[i] = q
		default:
			l.names[i] = q + " - " + sub
		}
		l.meta[i].question = q
	}
	return l, true
}

// detectOneHeaderRow is a table with one header row, which the vendors of
// one-row layouts are told apart in by its names: Typeform, Google Forms,
// Microsoft Forms.
func detectOneHeaderRow(r0 []string) layout {
	l := layout{headerRows: 1, names: append([]string(nil), r0...)}
	l.meta = make([]colMeta, len(r0))
	first := trimmed(r0, 0)
	has := func(name string) bool {
		for _, c := range r0 {
			if strings.EqualFold(strings.TrimSpace(c), name) {
				return true
			}
		}
		return false
	}
	switch {
	case first == "#" && (has("Submit Date (UTC)") || has("Response Type") || has("Network ID")):
		l.vendor = "typeform"
		for i, n := range l.names {
			l.names[i] = stripHTML(n)
		}
	case strings.EqualFold(first, "Timestamp"):
		l.vendor = "google-forms"
	case strings.EqualFold(first, "ID") && has("Completion time"):
		l.vendor = "microsoft-forms"
	}
	for i, n := range l.names {
		if utcSuffix.MatchString(n) {
			l.meta[i].zone = "UTC"
		}
	}
	return l
}

func countNonEmpty(rec []string) int {
	n := 0
	for _, c := range rec {
		if strings.TrimSpace(c) != "" {
			n++
		}
	}
	return n
}

// stripHTML removes tags such as <strong> from a question title and decodes
// the common entities.
func stripHTML(s string) string {
	if !strings.ContainsAny(s, "<&") {
		return s
	}
	s = htmlTag.ReplaceAllString(s, "")
	s = strings.NewReplacer("&amp;", "&", "&lt;", "<", "&gt;", ">", "&quot;", `"`, "&#39;", "'", "&nbsp;", " ").Replace(s)
	return strings.Join(strings.Fields(s), " ")
}

// markNPSGroups gives the score hint to every column that has a
// NAME_NPS_GROUP sibling (by export tag or by ImportId): Qualtrics exports an
// NPS question as the score and its group.
func (l *layout) markNPSGroups() {
	const suffix = "_nps_group"
	byName := map[string]int{}
	byID := map[string]int{}
	for i, n := range l.names {
		byName[strings.ToLower(strings.TrimSpace(n))] = i
		if id := l.meta[i].importID; id != "" {
			byID[strings.ToLower(id)] = i
		}
	}
	for i, n := range l.names {
		lo := strings.ToLower(strings.TrimSpace(n))
		if strings.HasSuffix(lo, suffix) {
			if j, ok := byName[strings.TrimSuffix(lo, suffix)]; ok {
				l.meta[j].hint = rankNPSSibling
			}
		}
		id := strings.ToLower(l.meta[i].importID)
		if strings.HasSuffix(id, suffix) {
			if j, ok := byID[strings.TrimSuffix(id, suffix)]; ok {
				l.meta[j].hint = rankNPSSibling
			}
		}
	}
}

// maxPreamble is how many rows above the header a title or a comment may
// take.
const maxPreamble = 5

// preamble returns how many of the first rows are a title or a comment
// above the header, not the header. The header is the first row of two
// or more values none of which is a number (the column names) that is as
// wide as the row after it; each row above it must start with a value and either hold one value that is not a
// number (a title, possibly padded with delimiters) or be narrower than
// the header (a title or comment with a delimiter in its text). 0 when the
// rows do not look so.
func preamble(head []rawRec) int {
	for j := 0; j < len(head)-1 && j <= maxPreamble; j++ {
		hdr := head[j].fields
		if countNonEmpty(hdr) < 2 || anyNumber(hdr) || len(head[j+1].fields) != len(hdr) {
			continue
		}
		for _, h := range head[:j] {
			first := trimmed(h.fields, 0)
			if first == "" || !(countNonEmpty(h.fields) == 1 && !isNumber(first) || len(h.fields) < len(hdr)) {
				return 0
			}
		}
		return j
	}
	return 0
}

// joinNonEmpty joins the values of rec that are not blank with ", ".
func joinNonEmpty(rec []string) string {
	var vs []string
	for _, c := range rec {
		if c = strings.TrimSpace(c); c != "" {
			vs = append(vs, c)
		}
	}
	return strings.Join(vs, ", ")
}

func isNumber(s string) bool {
	_, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	return err == nil
}

func anyNumber(rec []string) bool {
	for _, c := range rec {
		if isNumber(c) {
			return true
		}
	}
	return false
}

// rowReader yields raw records of a table (the slice may be reused).
type rowReader interface {
	read() ([]string, int64, error)
	misfit() bool // the last record read holds bytes that did not fit the encoding
}

// tableDecoder turns the raw rows of a CSV/TSV or xlsx table into records:
// it recognises the layout, names the columns and checks the width of rows.
type tableDecoder struct {
	name  string
	rows  rowReader
	lay   layout
	hdr   []string
	warns []string
	queue []rawRec // data rows read while recognising the layout
	qpos  int
	done  bool
	odd   bool // the record next returned last is a misfit
	// preamble is the number of rows above the header skipped: a title
	// or a comment.
	preamble int
}

type rawRec struct {
	line   int64
	fields []string
	odd    bool // a misfit (rowReader)
}

// newTableDecoder reads the header rows. headerRows > 0 is --header-rows:
// the first row names the columns and a vendor layout is used only when it
// has that many header rows.
func newTableDecoder(name string, rows rowReader, headerRows int) (*tableDecoder, error) {
	d := &tableDecoder{name: name, rows: rows}
	want := layoutRows + maxPreamble
	if headerRows > want {
		want = headerRows
	}
	var head []rawRec
	for len(head) < want {
		rec, line, err := rows.read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		head = append(head, rawRec{line, append([]string(nil), rec...), rows.misfit()})
	}
	if len(head) == 0 {
		return nil, emptyFile(name)
	}
	if headerRows == 0 {
		if k := preamble(head); k > 0 {
			d.preamble = k
			var lines []int64
			for _, h := range head[:k] {
				lines = append(lines, h.line)
			}
			d.warns = append(d.warns, fmt.Sprintf("%s: line%s %s above the header skipped: %s is a title or a comment, not the column names; set --header-rows if it is",
				displayName(name), plural(int64(k)), formatLines(lines, int64(k)), quoteValue(joinNonEmpty(head[0].fields))))
			head = head[k:]
		}
	}
	recs := make([][]string, 0, layoutRows)
	for _, h := range head[:min(len(head), layoutRows)] {
		recs = append(recs, h.fields)
	}
	lay := detectLayout(recs)
	if headerRows > 0 && headerRows != lay.headerRows {
		lay = layout{headerRows: headerRows, names: append([]string(nil), head[0].fields...)}
		lay.meta = make([]colMeta, len(lay.names))
	}
	if len(head) < lay.headerRows {
		return nil, noResponses(name)
	}
	// A trailing column that is empty in every header row (legacy Qualtrics
	// ends each row with a comma) and in the data rows read so far is
	// dropped; its data cells must be empty. One that holds data is a
	// column, "column N".
	n := len(lay.names)
	for n > 0 {
		empty := true
		for _, h := range head {
			if trimmed(h.fields, n-1) != "" {
				empty = false
			}
		}
		if !empty || trimmed(lay.names, n-1) != "" {
			break
		}
		n--
	}
	if n == 0 {
		return nil, usererr.Newf(usererr.Data, name, head[0].line, "the first row must name the columns (or set --header-rows)", "the header row is empty")
	}
	lay.names, lay.meta = lay.names[:n], lay.meta[:n]
	d.lay = lay
	hdr, warns := uniqueHeader(name, lay.names, lay.meta)
	d.hdr, d.warns = hdr, append(d.warns, warns...)
	d.queue = head[lay.headerRows:]
	if len(d.queue) == 0 {
		rec, line, err := d.read()
		switch {
		case err == io.EOF:
			d.done = true
		case err != nil:
			return nil, err
		default:
			d.queue = append(d.queue, rawRec{line, append([]string(nil), rec...), d.rows.misfit()})
		}
	} else {
		for i, q := range d.queue {
			if err := d.check(q.fields, q.line); err != nil {
				return nil, err
			}
			if len(q.fields) > len(d.hdr) {
				d.queue[i].fields = q.fields[:len(d.hdr)]
			}
		}
	}
	return d, nil
}

func (d *tableDecoder) header() []string       { return d.hdr }
func (d *tableDecoder) openWarnings() []string { return d.warns }
func (d *tableDecoder) endWarnings() []string  { return nil }
func (d *tableDecoder) hasRows() bool          { return len(d.queue) > 0 }
func (d *tableDecoder) meta() ([]colMeta, string, int) {
	return d.lay.meta, d.lay.vendor, d.lay.headerRows
}

func (d *tableDecoder) next() ([]string, int64, error) {
	if d.qpos < len(d.queue) {
		q := d.queue[d.qpos]
		d.queue[d.qpos].fields = nil
		d.qpos++
		if d.qpos == len(d.queue) {
			d.queue, d.qpos = nil, 0
		}
		d.odd = q.odd
		return q.fields, q.line, nil
	}
	if d.done {
		return nil, 0, io.EOF
	}
	rec, line, err := d.read()
	if err == io.EOF {
		d.done = true
	}
	d.odd = err == nil && d.rows.misfit()
	return rec, line, err
}

func (d *tableDecoder) misfit() bool { return d.odd }

// read returns the next row, cut to the header's width; a row with more
// non-empty fields than the header is an error.
func (d *tableDecoder) read() ([]string, int64, error) {
	rec, line, err := d.rows.read()
	if err != nil {
		return nil, 0, err
	}
	if err := d.check(rec, line); err != nil {
		return nil, 0, err
	}
	if len(rec) > len(d.hdr) {
		rec = rec[:len(d.hdr)]
	}
	return rec, line, nil
}

func (d *tableDecoder) check(rec []string, line int64) error {
	if len(rec) > len(d.hdr) {
		for _, f := range rec[len(d.hdr):] {
			if strings.TrimSpace(f) != "" {
				return usererr.Newf(usererr.Data, d.name, line,
					"check the delimiter (--delimiter) and the number of header rows (--header-rows)",
					"row has %d fields but the header has %d", len(rec), len(d.hdr))
			}
		}
	}
	return nil
}
