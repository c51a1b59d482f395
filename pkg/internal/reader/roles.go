package reader

import (
	"fmt"
	"strings"

	"github.com/npskit/nps/pkg/survey"
	"github.com/npskit/nps/pkg/usererr"
)

// normHeader lower-cases a header, turns '_', '-' and '.' into spaces and
// collapses white space, so "Respondent_ID", "respondent id" and
// "Respondent-ID" compare equal.
func normHeader(h string) string {
	h = strings.ToLower(strings.TrimSpace(h))
	h = strings.Map(func(r rune) rune {
		switch r {
		case '_', '-', '.':
			return ' '
		}
		return r
	}, h)
	return strings.Join(strings.Fields(h), " ")
}

// words splits a normalised header into its alphanumeric words.
func words(n string) []string {
	return strings.FieldsFunc(n, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r >= 0x80)
	})
}

func hasWord(ws []string, w ...string) bool {
	for _, x := range ws {
		for _, y := range w {
			if x == y {
				return true
			}
		}
	}
	return false
}

// scoreRank says how likely a header names the NPS score column: 0 never,
// higher is better.
func scoreRank(h string) int {
	lo := strings.ToLower(strings.TrimSpace(h))
	if strings.HasSuffix(lo, "_nps_group") {
		return 0
	}
	n := normHeader(h)
	if n == "progress" || n == "finished" || strings.HasPrefix(n, "duration") {
		return 0
	}
	switch n {
	case "nps", "nps score", "npsscore", "net promoter score", "likelihood to recommend", "ltr":
		return 4
	}
	ws := words(n)
	if hasWord(ws, "why", "reason", "warum", "grund", "pourquoi", "raison", "porque", "motivo", "perché", "waarom", "varför", "comment", "comments") {
		return 0 // a follow-up asking why
	}
	if strings.Contains(n, "recommend") && (hasWord(ws, "likely", "likelihood", "how") || strings.Contains(n, "likel")) {
		return 3
	}
	for _, stem := range recommendStems {
		if strings.Contains(n, stem) {
			return 3
		}
	}
	switch n {
	case "score", "rating", "recommend":
		return 2
	}
	if hasWord(ws, "nps") && !hasWord(ws, "comment", "comments", "reason", "why", "feedback", "group", "category",
		"segment", "date", "time", "text", "id") {
		return 1
	}
	return 0
}

// recommendStems are "recommend" in the languages survey tools are most
// often run in: a question holding one is the NPS question ("Wie
// wahrscheinlich ist es, dass Sie uns weiterempfehlen?").
var recommendStems = []string{
	"empfehl", "recommand", "recomend", "raccomand", "aanbevelen", "aanraden",
	"rekommend", "anbefal", "suosittel", "polecić", "poleciłbyś", "doporuč",
	"рекомендов", "推荐", "推薦", "おすすめ", "薦め", "勧め", "추천",
}

// Score ranks that come from a layout rather than from a name.
const (
	rankNPSSibling = 6 // a column with a NAME_NPS_GROUP sibling (Qualtrics)
	rankNPSField   = 6 // a Typeform answer of field type "nps"
	rankScaleField = 3 // a Typeform answer of field type "opinion_scale"
)

// excludedScore reports whether a column can never be the score whatever
// its question text says: NPS group columns and Qualtrics metadata.
func excludedScore(name string, m colMeta) bool {
	lo := strings.ToLower(strings.TrimSpace(name))
	id := strings.ToLower(m.importID)
	if strings.HasSuffix(lo, "_nps_group") || strings.HasSuffix(id, "_nps_group") {
		return true
	}
	switch n := normHeader(name); {
	case n == "progress", n == "finished", strings.HasPrefix(n, "duration"), n == "status", n == "response type":
		return true
	}
	switch id {
	case "progress", "finished", "duration", "status":
		return true
	}
	return false
}

// dateRank: higher is better; completion beats start.
func dateRank(h string) int {
	n := normHeader(h)
	switch n {
	case "recordeddate", "recorded date":
		return 20
	case "enddate", "end date", "end time", "end date (utc)":
		return 19
	case "submit date (utc)", "submit date", "submitted at", "submission date", "submitted date", "date submitted", "submission time":
		return 18
	case "completion time", "completion date", "completed at", "completed", "completed date":
		return 17
	case "timestamp", "zeitstempel", "horodateur", "marca temporal", "marca de tiempo", "informazioni cronologiche", "carimbo de data/hora", "tijdstempel":
		return 16 // Google Forms in English, German, French, Spanish, Italian, Portuguese, Dutch
	case "created at":
		return 15
	case "date", "time", "datetime", "date time", "response date", "response time", "submitted", "created", "created date",
		"datum", "fecha", "data", "date de réponse", "antwortdatum":
		return 14
	case "startdate", "start date", "start time", "start date (utc)", "started at", "landed at":
		return 2
	}
	if strings.HasPrefix(n, "start") {
		return 2
	}
	if strings.HasSuffix(n, " at") {
		return 10
	}
	if strings.HasPrefix(n, "duration") {
		return 0
	}
	if hasWord(words(n), "date", "timestamp", "datetime") {
		return 5
	}
	return 0
}

func idRank(h string) int {
	n := normHeader(h)
	switch n {
	case "id", "respondent id", "respondentid", "response id", "responseid", "#":
		return 5
	case "token", "submission id", "submissionid", "user id", "userid", "customer id", "customerid", "uuid":
		return 4
	case "email", "email address", "e mail", "recipientemail", "recipient email", "person email", "person properties email":
		return 1
	}
	return 0
}

func commentRank(h string) int {
	n := normHeader(h)
	switch n {
	case "comment", "comments", "feedback", "reason", "why", "verbatim", "open text", "nps comment", "nps reason":
		return 5
	}
	if strings.Contains(n, "reason for your score") || strings.Contains(n, "primary reason") || strings.Contains(n, "main reason") {
		return 4
	}
	ws := words(n)
	if hasWord(ws, "why", "reason", "comment", "comments", "feedback", "kommentar", "anmerkung", "grund", "warum",
		"commentaire", "commentaires", "raison", "pourquoi", "comentario", "comentarios", "motivo", "opmerking", "waarom") {
		return 3
	}
	return 0
}

// best returns the index of the highest-ranked column (rank > 0), the
// indices tied at that rank, and that rank.
func best(n int, rank func(int) int, skip ...int) (int, []int, int) {
	top, at := 0, []int(nil)
outer:
	for i := 0; i < n; i++ {
		for _, s := range skip {
			if i == s {
				continue outer
			}
		}
		r := rank(i)
		switch {
		case r == 0 || r < top:
		case r > top:
			top, at = r, []int{i}
		default:
			at = append(at, i)
		}
	}
	if len(at) == 0 {
		return -1, nil, 0
	}
	return at[0], at, top
}

// lookup finds a column by exact name, else by a unique case-insensitive,
// white-space-trimmed match.
func lookup(cols []string, name string) int {
	for i, c := range cols {
		if c == name {
			return i
		}
	}
	want := strings.TrimSpace(name)
	found := -1
	for i, c := range cols {
		if strings.EqualFold(strings.TrimSpace(c), want) {
			if found >= 0 {
				return -1
			}
			found = i
		}
	}
	return found
}

// listColumns joins column names for an error message, quoting those that
// would be unclear and cutting very long lists.
func listColumns(cols []string) string {
	const max = 40
	var b strings.Builder
	for i, c := range cols {
		if i == max {
			fmt.Fprintf(&b, ", ... (%d more; see nps inspect)", len(cols)-max)
			break
		}
		if i > 0 {
			b.WriteString(", ")
		}
		if c == "" || strings.ContainsAny(c, ",\"") || strings.TrimSpace(c) != c || len(c) > 60 {
			c = fmt.Sprintf("%q", truncate(c, 60))
		}
		b.WriteString(c)
	}
	if len(cols) == 0 {
		b.WriteString("(none)")
	}
	return b.String()
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for i := n; i > 0; i-- {
		if s[i]&0xC0 != 0x80 {
			return s[:i] + "..."
		}
	}
	return s[:n] + "..."
}

func unknownColumn(cols []string, name, flag string) error {
	return usererr.Usagef(fmt.Sprintf("fix %s; columns are: %s", flag, listColumns(cols)), "unknown column %q", name)
}

// resolveCol resolves an explicit --xxx-col value.
func resolveCol(cols []string, name, flag string) (int, error) {
	if i := lookup(cols, name); i >= 0 {
		return i, nil
	}
	return -1, unknownColumn(cols, name, flag)
}

// detectRoles finds the score, date, id and comment columns; explicit
// options win. The weight and count columns are never guessed (a tally
// file's are found by detectTally).
//
// meta (one per column, or nil) adds what a vendor layout knows: a column's
// question text is ranked like its name, and layout hints (a Qualtrics
// _NPS_GROUP sibling, a Typeform nps field) outrank both.
func detectRoles(cols []string, meta []colMeta, opt *survey.Options) (survey.Roles, error) {
	ro := survey.Roles{Score: -1, Date: -1, ID: -1, Comment: -1, Weight: -1, Count: -1}
	var err error
	m := func(i int) colMeta {
		if i < len(meta) {
			return meta[i]
		}
		return colMeta{}
	}
	byText := func(rank func(string) int) func(int) int {
		return func(i int) int {
			r := rank(cols[i])
			if q := m(i).question; q != "" {
				r = max(r, rank(stripHTML(q)))
			}
			return r
		}
	}
	scoreOf := func(i int) int {
		if excludedScore(cols[i], m(i)) {
			return 0
		}
		return max(byText(scoreRank)(i), m(i).hint)
	}
	if opt.ScoreCol != "" {
		if ro.Score, err = resolveCol(cols, opt.ScoreCol, "--score-col"); err != nil {
			return ro, err
		}
	} else {
		i, tied, _ := best(len(cols), scoreOf)
		switch {
		case i < 0:
			return ro, usererr.Usagef("name it with --score-col NAME; columns are: "+listColumns(cols),
				"no score column found")
		case len(tied) > 1:
			names := make([]string, len(tied))
			for k, j := range tied {
				names[k] = cols[j]
			}
			return ro, usererr.Usagef("choose one with --score-col NAME",
				"several columns could hold the score: %s", listColumns(names))
		}
		ro.Score = i
	}
	if opt.DateCol != "" {
		if ro.Date, err = resolveCol(cols, opt.DateCol, "--date-col"); err != nil {
			return ro, err
		}
	} else {
		ro.Date, _, _ = best(len(cols), byText(dateRank), ro.Score)
	}
	if opt.IDCol != "" {
		if ro.ID, err = resolveCol(cols, opt.IDCol, "--id-col"); err != nil {
			return ro, err
		}
	} else {
		ro.ID, _, _ = best(len(cols), byText(idRank), ro.Score, ro.Date)
	}
	if opt.CommentCol != "" {
		if ro.Comment, err = resolveCol(cols, opt.CommentCol, "--comment-col"); err != nil {
			return ro, err
		}
	} else {
		ro.Comment, _, _ = best(len(cols), byText(commentRank), ro.Score, ro.Date, ro.ID)
	}
	if opt.WeightCol != "" {
		if ro.Weight, err = resolveCol(cols, opt.WeightCol, "--weight-col"); err != nil {
			return ro, err
		}
	}
	if opt.CountCol != "" {
		if ro.Count, err = resolveCol(cols, opt.CountCol, "--count-col"); err != nil {
			return ro, err
		}
	}
	return ro, nil
}
