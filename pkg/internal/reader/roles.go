package reader

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/agnivade/levenshtein"

	"github.com/npskit/nps/pkg/dates"
	"github.com/npskit/nps/pkg/survey"
	"github.com/npskit/nps/pkg/usererr"
)

// normHeader splits camelCase words, lower-cases a header, turns '_', '-'
// and '.' into spaces and collapses white space, so "Respondent_ID",
// "respondent id", "Respondent-ID" and "RespondentID" compare equal, and
// "ValorNPS" holds the word "nps".
func normHeader(h string) string {
	h = strings.ToLower(splitCamel(strings.TrimSpace(h)))
	h = strings.Map(func(r rune) rune {
		switch r {
		case '_', '-', '.':
			return ' '
		}
		return r
	}, h)
	return strings.Join(strings.Fields(h), " ")
}

// splitCamel puts a space where a lower-case letter or digit meets an
// upper-case one ("FlightDate", "ValorNPS") and before the last capital of
// a run that starts a word ("NPSScore").
func splitCamel(h string) string {
	rs := []rune(h)
	var b strings.Builder
	for i, r := range rs {
		if i > 0 && unicode.IsUpper(r) {
			prev := rs[i-1]
			next := i+1 < len(rs) && unicode.IsLower(rs[i+1])
			if unicode.IsLower(prev) || unicode.IsDigit(prev) || unicode.IsUpper(prev) && next {
				b.WriteByte(' ')
			}
		}
		b.WriteRune(r)
	}
	return b.String()
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
	if asksWhy(n, ws) || hasWord(ws, "comment", "comments") {
		return 0 // a follow-up asking why
	}
	if strings.Contains(n, "recommend") && (hasWord(ws, "likely", "likelihood", "how", "would", "will", "probability", "friend",
		"friends", "colleague", "colleagues", "others", "family") || strings.Contains(n, "likel")) {
		return 3 // "How likely ...", "Would you recommend ...", "I will recommend ... to a friend"
	}
	if containsAny(n, recommendStems...) {
		return 3
	}
	switch n {
	case "score", "rating", "recommend", "nota", "puntuación", "puntuacion", "pontuação", "pontuacao", "punteggio", "voto",
		"bewertung", "cijfer", "оценка", "ocena", "puan", "점수", "评分", "得分":
		return 2 // "score" in English, Spanish, Portuguese, Italian, German, Dutch, Russian, Polish, Turkish, Korean, Chinese
	}
	if hasWord(ws, "nps") && !hasWord(ws, commentWords...) && !hasWord(ws, "group", "category", "segment", "date", "time", "text", "id") {
		return 1
	}
	return 0
}

// recommendStems are "recommend" in the languages survey tools are most
// often run in: a question holding one is the NPS question ("Wie
// wahrscheinlich ist es, dass Sie uns weiterempfehlen?").
var recommendStems = []string{
	"empfehl", "recommand", "recomend", "recomiend", "raccomand", "consiglier", "consigliare",
	"aanbevel", "aanbeveel", "aanraden", "rekommend", "anbefal", "suosittel", "poleci", "doporuč",
	"tavsiye", "önerir", "önerme", "рекоменд", "推荐", "推薦", "おすすめ", "薦め", "勧め", "추천",
}

func containsAny(s string, subs ...string) bool {
	for _, x := range subs {
		if strings.Contains(s, x) {
			return true
		}
	}
	return false
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
	case "timestamp", "zeitstempel", "horodateur", "marca temporal", "marca de tiempo", "informazioni cronologiche", "carimbo de data/hora", "tijdstempel",
		"отметка времени", "sygnatura czasowa", "zaman damgası", "타임스탬프", "タイムスタンプ", "时间戳", "時間戳記":
		return 16 // Google Forms in English, German, French, Spanish, Italian, Portuguese, Dutch, Russian, Polish, Turkish, Korean, Japanese, Chinese
	case "created at":
		return 15
	case "date", "time", "datetime", "date time", "response date", "response time", "submitted", "created", "created date",
		"datum", "fecha", "data", "date de réponse", "antwortdatum", "tarih", "дата", "날짜", "日期", "日付":
		return 14
	case "startdate", "start date", "start time", "start date (utc)", "started at", "landed at":
		return 2
	}
	ws := words(n)
	switch {
	case strings.HasPrefix(n, "duration"), hasWord(ws, notAnswerDates...):
		return 0 // when the customer signed up, was born, or a contract ends: not when they answered
	case strings.HasPrefix(n, "start"):
		return 2
	case hasWord(ws, answerWords...) && (len(ws) == 1 || hasWord(ws, dateWords...)),
		containsAny(n, "응답", "제출", "回答", "提交", "作答") && containsAny(n, "일시", "시간", "날짜", "日時", "时间", "時間", "日期", "日付"):
		return 18 // surveyed_at, answered_at, Data Resposta, fecha de respuesta, 응답일시
	case strings.HasSuffix(n, " at"):
		return 10
	case hasWord(ws, "month", "period", "yyyymm", "yearmonth", "mes", "mois", "monat", "mese", "periodo", "période"):
		return 6 // year_month: 202104
	case hasWord(ws, "date", "timestamp", "datetime", "datum", "fecha", "data", "tarih", "дата"):
		return 5
	}
	return 0
}

// answerWords mark a date column as the time of the answer (surveyed_at,
// Data Resposta), which beats any other date.
var answerWords = []string{
	"survey", "surveyed", "response", "responded", "answer", "answered", "submitted", "submit", "submission",
	"completed", "completion", "recorded", "replied", "respuesta", "resposta", "reposta", "réponse", "reponse", "antwort",
	"risposta", "antwoord", "ответа", "odpowiedzi", "yanıt", "cevap",
}

// dateWords make a word of answerWords name a date ("response date", not
// "response id").
var dateWords = []string{
	"date", "time", "at", "on", "timestamp", "datetime", "day", "when", "fecha", "data", "datum", "tarih", "дата", "hora", "zeit", "momento",
}

// notAnswerDates mark a date column as something else than the time of
// the answer: such a column is never taken for it (--date-col can).
var notAnswerDates = []string{
	"birth", "birthday", "dob", "signup", "signed", "registration", "registered", "contract", "renewal", "expiry",
	"expires", "expiration", "due", "joined", "hired", "hire", "onboarding", "trial", "birthdate", "nacimiento", "naissance",
	"updated", "modified", "deleted",
	"geburtsdatum", "nascimento", "cadastro", "contrato", "vencimento",
}

// dayFirstWords are words of the languages that write the day before the
// month (French, German, Spanish, Portuguese, Italian, Dutch, Russian,
// Polish, Turkish): a date column whose header holds one reads an
// ambiguous 08/11/2021 as 8 November.
var dayFirstWords = []string{
	"horodateur", "zeitstempel", "marca", "temporal", "carimbo", "informazioni", "cronologiche", "tijdstempel",
	"datum", "fecha", "data", "réponse", "antwortdatum", "respuesta", "resposta", "risposta", "antwoord",
	"отметка", "дата", "sygnatura", "tarih", "zaman", "damgası", "envoi", "soumission", "envío", "envio", "invio", "hora",
}

// headerOrder is the day/month order the date column's header implies:
// DayFirst for a header in a language that writes the day first,
// Undecided (month-first when ambiguous) otherwise.
func headerOrder(h string) dates.Order {
	if hasWord(words(normHeader(h)), dayFirstWords...) {
		return dates.DayFirst
	}
	return dates.Undecided
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

// commentRank says how likely a header names the free-text comment
// column: 0 never, higher is better. After the usual names, a question
// asking why or for a comment, then one asking what to improve or for an
// opinion, the follow-up Google Forms, Typeform and SurveyMonkey exports
// name by its text ("What could we do better?", "의견").
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
	if asksWhy(n, ws) || hasWord(ws, commentWords...) || containsAny(n, commentStems...) || containsAny(n, "open ended", "response text") {
		return 3
	}
	if hasWord(ws, improveWords...) || containsAny(n, improveStems...) || strings.Contains(n, "anything else") {
		return 2
	}
	return 0
}

// asksWhy reports whether a normalised header (n, its words ws) asks why:
// a follow-up question, never the score.
func asksWhy(n string, ws []string) bool {
	return hasWord(ws, "why", "reason", "warum", "grund", "begründung", "pourquoi", "raison", "porque", "razón", "razon",
		"motivo", "perché", "waarom", "varför", "почему", "причина", "dlaczego", "neden") ||
		containsAny(n, "为什么", "為什麼", "なぜ", "理由", "原因", "이유")
}

// commentWords and commentStems name a comment in the languages survey
// tools are most often run in; improveWords and improveStems ask what to
// improve or for an opinion or suggestion, which ranks below.
var (
	commentWords = []string{"comment", "comments", "feedback", "verbatim", "kommentar", "kommentare", "anmerkung", "anmerkungen",
		"commentaire", "commentaires", "remarque", "remarques", "comentario", "comentarios", "comentário", "comentários",
		"commento", "commenti", "opmerking", "opmerkingen", "toelichting", "комментарий", "komentarz", "yorum"}
	commentStems = []string{"코멘트", "コメント", "评论", "評論", "备注", "備註"}
	improveWords = []string{"better", "improve", "improved", "improvement", "improvements", "suggestion", "suggestions",
		"suggest", "explain", "elaborate", "opinion", "thoughts", "remarks",
		"verbessern", "verbesserung", "verbesserungen", "verbesserungsvorschlag", "verbesserungsvorschläge",
		"vorschlag", "vorschläge", "anregung", "anregungen", "meinung",
		"améliorer", "amélioration", "améliorations", "avis",
		"mejorar", "mejora", "mejoras", "sugerencia", "sugerencias", "opinión",
		"melhorar", "melhoria", "melhorias", "sugestão", "sugestões", "opinião",
		"migliorare", "miglioramento", "miglioramenti", "suggerimento", "suggerimenti", "opinione",
		"verbeteren", "verbetering", "verbeterpunten", "suggestie", "suggesties", "mening"}
	improveStems = []string{"의견", "개선", "제안", "意见", "意見", "建议", "建議", "改善", "改进", "感想"}
)

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

// unknownColumn is the error for a column name that is not in cols; it
// suggests the nearest column when one is within a third of the name's
// length in edits, rounded up (ignoring case): the likely typo.
func unknownColumn(cols []string, name, flag string) error {
	hint := fmt.Sprintf("fix %s; columns are: %s", flag, listColumns(cols))
	best, bestDist := "", (len(name)+2)/3+1
	for _, c := range cols {
		if d := levenshtein.ComputeDistance(strings.ToLower(name), strings.ToLower(c)); d < bestDist {
			best, bestDist = c, d
		}
	}
	if best != "" {
		hint = fmt.Sprintf("did you mean %q? ", best) + hint
	}
	return usererr.Usagef(hint, "unknown column %q", name)
}

// resolveCol resolves an explicit --xxx-col value: a column name, or #N
// for the N-th column (1-based) when no column is named so, for headers
// that cannot be typed.
func resolveCol(cols []string, name, flag string) (int, error) {
	if i := lookup(cols, name); i >= 0 {
		return i, nil
	}
	if pos, ok := strings.CutPrefix(strings.TrimSpace(name), "#"); ok {
		n, err := strconv.Atoi(pos)
		if err != nil || n < 1 || n > len(cols) {
			return -1, usererr.Usagef(fmt.Sprintf("give a position from #1 to #%d, or a name; columns are: %s", len(cols), listColumns(cols)),
				"invalid %s %q: no column at that position", flag, name)
		}
		return n - 1, nil
	}
	return -1, unknownColumn(cols, name, flag)
}

// metaOf returns meta's entry for a column (none past its end).
func metaOf(meta []colMeta) func(int) colMeta {
	return func(i int) colMeta {
		if i < len(meta) {
			return meta[i]
		}
		return colMeta{}
	}
}

// rankByText ranks column i by rank applied to its name (the name it
// shares with an earlier column, when it was renamed), the last part of a
// dot path (JSON:API's "attributes.score" is a score) and question text.
func rankByText(cols []string, meta []colMeta, rank func(string) int) func(int) int {
	m := metaOf(meta)
	return func(i int) int {
		name := cols[i]
		if d := m(i).dupOf; d != "" {
			name = d // a second "score" renamed "score_2" is a score column too
		}
		r := rank(name)
		if j := strings.LastIndexByte(name, '.'); j >= 0 {
			r = max(r, rank(name[j+1:]))
		}
		if q := m(i).question; q != "" {
			r = max(r, rank(stripHTML(q)))
		}
		return r
	}
}

// scoreRanker ranks columns as score candidates: by text, or by a layout
// hint; never the columns excludedScore rules out.
func scoreRanker(cols []string, meta []colMeta) func(int) int {
	m := metaOf(meta)
	byText := rankByText(cols, meta, scoreRank)
	return func(i int) int {
		if excludedScore(cols[i], m(i)) {
			return 0
		}
		return max(byText(i), m(i).hint)
	}
}

// rejectedScores names the columns whose names made them score candidates
// but whose values are not scores, for the "no score column" error.
func rejectedScores(cols []string, vals columnValues, byName func(int) int) string {
	var out []string
	for i := range cols {
		if byName(i) > 0 {
			if why := notScores(vals.of(i)); why != "" {
				out = append(out, fmt.Sprintf("%q %s (such as %q)", cols[i], why, truncate(vals.of(i)[0], 30)))
			}
		}
	}
	if len(out) == 0 {
		return ""
	}
	return ": " + strings.Join(out, "; ")
}

// dateCandidates are the columns that could record when the answer was
// given, best first: ranked by what their names mean (dateRank), the first
// column among equals, never skip, and never a column whose sampled values
// (when vals has any for it) include no readable date.
func dateCandidates(cols []string, meta []colMeta, vals columnValues, opt *survey.Options, skip int) []int {
	rank := rankByText(cols, meta, dateRank)
	var out, ranks []int
	for i := range cols {
		r := rank(i)
		if r == 0 || i == skip {
			continue
		}
		if v := vals.of(i); v != nil && readableDates(v, opt.DateFormat) == 0 {
			continue
		}
		k := len(out)
		for k > 0 && ranks[k-1] < r {
			k--
		}
		out, ranks = slices.Insert(out, k, i), slices.Insert(ranks, k, r)
	}
	return out
}

// unreadableDates names the columns whose names made them date candidates
// but none of whose sampled values reads as a date, for the "no date
// column" error.
func unreadableDates(cols []string, meta []colMeta, vals columnValues, opt *survey.Options) string {
	rank := rankByText(cols, meta, dateRank)
	var out []string
	for i := range cols {
		if v := vals.of(i); rank(i) > 0 && v != nil && readableDates(v, opt.DateFormat) == 0 {
			if len(v) == 0 {
				out = append(out, fmt.Sprintf("%q is empty", cols[i]))
			} else {
				out = append(out, fmt.Sprintf("none of the values of %q reads as a date (such as %q)", cols[i], truncate(v[0], 30)))
			}
		}
	}
	if len(out) == 0 {
		return ""
	}
	return ": " + strings.Join(out, "; ")
}

// scoreChoiceNote is the warning naming the score column detection chose
// when other columns' names or questions made them candidates too, or "".
// The columns in elsewhere are other inputs' score columns, read as the
// score for those inputs: not alternatives.
func scoreChoiceNote(cols []string, meta []colMeta, vals columnValues, opt *survey.Options, ro survey.Roles, elsewhere []int) string {
	if opt.ScoreCol != "" || ro.Score < 0 {
		return ""
	}
	byName := scoreRanker(cols, meta)
	var others []string
	for i := range cols {
		if i == ro.Score || byName(i) == 0 || slices.Contains(elsewhere, i) {
			continue
		}
		if isLabelColumn(vals.of(i)) {
			others = append(others, fmt.Sprintf("%s (group labels)", listColumns(cols[i:i+1])))
		} else {
			others = append(others, listColumns(cols[i:i+1]))
		}
	}
	if len(others) == 0 {
		return ""
	}
	return fmt.Sprintf("scores from %q (also present: %s; --score-col to change)", truncate(cols[ro.Score], 60), strings.Join(others, ", "))
}

// dateChoiceNote is the warning naming the date column detection chose
// when other plausible ones (not start dates) were present, or "".
func dateChoiceNote(cols []string, meta []colMeta, vals columnValues, opt *survey.Options, ro survey.Roles) string {
	if opt.DateCol != "" || ro.Date < 0 {
		return ""
	}
	rank := rankByText(cols, meta, dateRank)
	var others []string
	for _, i := range dateCandidates(cols, meta, vals, opt, ro.Score) {
		if i != ro.Date && rank(i) >= 5 {
			others = append(others, cols[i])
		}
	}
	if len(others) == 0 {
		return ""
	}
	return fmt.Sprintf("dates from %q (also present: %s; --date-col to change)", cols[ro.Date], listColumns(others))
}

// dateFormatFor is --date-format with, for the detected date column, the
// day/month order its header's language implies when the values leave it
// ambiguous.
func dateFormatFor(cols []string, meta []colMeta, ro survey.Roles, f dates.Format) dates.Format {
	if ro.Date >= 0 && f.Order == dates.Undecided && f.Layout == "" {
		f.Prefer = headerOrder(cols[ro.Date])
		if q := metaOf(meta)(ro.Date).question; f.Prefer == dates.Undecided && q != "" {
			f.Prefer = headerOrder(q)
		}
	}
	return f
}

// hasScoreColumn reports whether the columns hold a score column: the one
// --score-col names, else one detection would pick (or tie on).
func hasScoreColumn(cols []string, meta []colMeta, opt *survey.Options) bool {
	if opt.ScoreCol != "" {
		return lookup(cols, opt.ScoreCol) >= 0
	}
	i, _, _ := best(len(cols), scoreRanker(cols, meta))
	return i >= 0
}

// labelColumn is a column other than score whose values are mostly NPS
// group labels (Promotor/Pasivo/Detractor): the score's cross-check when
// the export has no NAME_NPS_GROUP sibling; -1 when there is none or more
// than one.
func labelColumn(vals columnValues, score int) int {
	found := -1
	for i, v := range vals {
		if i != score && isLabelColumn(v) {
			if found >= 0 {
				return -1
			}
			found = i
		}
	}
	return found
}

// detectRoles finds the score, date, id and comment columns; explicit
// options win. The weight and count columns are never guessed (a tally
// file's are found by detectTally).
//
// meta (one per column, or nil) adds what a vendor layout knows: a column's
// question text is ranked like its name, and layout hints (a Qualtrics
// _NPS_GROUP sibling, a Typeform nps field) outrank both. vals (nil for
// names alone) are the first rows' values: a score candidate must hold
// mostly scores, and a date candidate at least one readable date.
func detectRoles(cols []string, meta []colMeta, vals columnValues, opt *survey.Options) (survey.Roles, error) {
	ro := survey.Roles{Score: -1, Date: -1, ID: -1, Comment: -1, Weight: -1, Count: -1, WeightSq: -1}
	var err error
	m := metaOf(meta)
	byText := func(rank func(string) int) func(int) int { return rankByText(cols, meta, rank) }
	byName := scoreRanker(cols, meta)
	scoreOf := func(i int) int { return scoreValueRank(vals.of(i), byName(i)) }
	if opt.ScoreCol != "" {
		if ro.Score, err = resolveCol(cols, opt.ScoreCol, "--score-col"); err != nil {
			return ro, err
		}
	} else {
		i, tied, _ := best(len(cols), scoreOf)
		switch {
		case i < 0:
			return ro, usererr.Usagef("name it with --score-col NAME; columns are: "+listColumns(cols),
				"no score column found%s", rejectedScores(cols, vals, byName))
		case len(tied) > 1:
			names := make([]string, len(tied))
			dups := ""
			for k, j := range tied {
				names[k] = cols[j]
				if d := m(j).dupOf; d != "" {
					dups += fmt.Sprintf(" (%q is a second column named %q)", cols[j], d)
				}
			}
			return ro, usererr.Usagef("choose one with --score-col NAME",
				"several columns could hold the score: %s%s", listColumns(names), dups)
		}
		ro.Score = i
	}
	if opt.DateCol != "" {
		if ro.Date, err = resolveCol(cols, opt.DateCol, "--date-col"); err != nil {
			return ro, err
		}
	} else if c := dateCandidates(cols, meta, vals, opt, ro.Score); len(c) > 0 {
		ro.Date = c[0]
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
