package reader

// Long layouts: one row per respondent and question, with the question in
// one column and the answer in another (an eNPS sheet with Pergunta and
// Resposta). The score is the answer column on the rows of the NPS
// question, which becomes a filter; every other question's rows are left
// out (counted as filtered).

import (
	"fmt"
	"slices"
	"strings"

	"github.com/npskit/nps/pkg/usererr"
)

// maxLongQuestions is how many distinct questions a question column may
// hold in the sample.
const maxLongQuestions = 60

// longLayout is a detected long layout.
type longLayout struct {
	question, answer int    // columns
	nps              string // the NPS question's text, as the rows hold it
	others           int    // other questions seen in the sample
}

// answerNames are the names of a long layout's answer column.
var answerNames = []string{
	"answer", "answers", "response", "value", "resposta", "respostas", "respuesta", "respuestas", "réponse", "reponse",
	"antwort", "risposta", "antwoord", "valor", "valeur", "wert", "score", "nota", "rating",
}

// questionNames are the names of a long layout's question column: only
// a column so named is taken for one, so that a wide export whose answers
// mention recommending is never read as a long one.
var questionNames = []string{
	"question", "questions", "pergunta", "perguntas", "questão", "questao", "pregunta", "preguntas", "frage", "fragen",
	"domanda", "domande", "vraag", "vragen", "вопрос", "pytanie", "soru", "item", "prompt", "질문", "问题", "問題", "質問",
}

// detectLong finds a question column (named as one, with 2 to
// maxLongQuestions distinct values in the sample, exactly one of them
// worded as the NPS question) and its
// answer column (named as one, else the one column that holds mostly
// scores on the NPS question's rows). Two NPS questions are a usage error
// naming both.
func detectLong(cols []string, rows []rawRow) (longLayout, bool, error) {
	for q := range cols {
		if !hasWord(words(normHeader(cols[q])), questionNames...) {
			continue
		}
		var distinct, nps []string
		for _, r := range rows {
			if v := strings.TrimSpace(r.fields[q]); v != "" && !slices.Contains(distinct, v) {
				distinct = append(distinct, v)
				if scoreRank(v) >= 3 {
					nps = append(nps, v)
				}
			}
		}
		if len(nps) == 0 || len(distinct) < 2 || len(distinct) > maxLongQuestions {
			continue
		}
		if len(nps) > 1 {
			return longLayout{}, false, usererr.Usagef(fmt.Sprintf("choose one with --where '%s=QUESTION' and --score-col", cols[q]),
				"column %q holds several NPS questions: %s", cols[q], listColumns(nps))
		}
		a := longAnswer(cols, rows, q, nps[0])
		if a < 0 {
			continue
		}
		return longLayout{question: q, answer: a, nps: nps[0], others: len(distinct) - 1}, true, nil
	}
	return longLayout{}, false, nil
}

// longAnswer is the answer column of question column q: the column named
// as one whose values on the NPS question's rows are mostly scores, else
// the only column that holds mostly scores there; -1 when none.
func longAnswer(cols []string, rows []rawRow, q int, nps string) int {
	named, fitting := -1, []int(nil)
	for i := range cols {
		if i == q {
			continue
		}
		var vals []string
		for _, r := range rows {
			if strings.TrimSpace(r.fields[q]) == nps {
				vals = append(vals, r.fields[i])
			}
		}
		scores, answers := scoreFit(vals)
		if answers == 0 || 2*scores <= answers {
			continue
		}
		fitting = append(fitting, i)
		if named < 0 && hasWord(words(normHeader(cols[i])), answerNames...) {
			named = i
		}
	}
	switch {
	case named >= 0:
		return named
	case len(fitting) == 1:
		return fitting[0]
	}
	return -1
}

// note is the warning that names the layout.
func (l longLayout) note(cols []string) string {
	return fmt.Sprintf("one row per question: scores from %q on the rows where %q is %s (%d other question%s left out; --where and --score-col to change)",
		cols[l.answer], cols[l.question], quoteValue(l.nps), l.others, plural(int64(l.others)))
}

// longLayout applies a long layout detection finds in the peeked rows
// when no score column is given: the answer column becomes the score and
// the NPS question a filter, named in a warning.
func (st *readerState) longLayout() error {
	o := &st.opt
	if o.ScoreCol != "" {
		return nil
	}
	l, ok, err := detectLong(st.columns, st.sample)
	if !ok || err != nil {
		return err
	}
	o.ScoreCol = st.columns[l.answer]
	st.where = append(st.where, whereCond{l.question, l.nps, false})
	st.openWarns = append(st.openWarns, l.note(st.columns))
	return nil
}
