package reader

import (
	"testing"

	"github.com/npskit/nps/pkg/survey"
	"github.com/npskit/nps/pkg/usererr"
)

const eNPS = "Colaborador,Pergunta,Resposta\n" +
	"1,Como você avalia seu gestor?,4\n" +
	"1,\"De 0 a 10, o quanto você recomendaria a empresa como um lugar para trabalhar?\",9\n" +
	"1,Comentários,Tudo ótimo\n" +
	"2,Como você avalia seu gestor?,2\n" +
	"2,\"De 0 a 10, o quanto você recomendaria a empresa como um lugar para trabalhar?\",3\n" +
	"3,\"De 0 a 10, o quanto você recomendaria a empresa como um lugar para trabalhar?\",10\n"

func TestLongLayout(t *testing.T) {
	r, rows, err := readString(t, "enps.csv", eNPS, survey.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var scores []int
	for _, x := range rows {
		scores = append(scores, x.score)
	}
	if r.Columns()[r.Roles().Score] != "Resposta" || len(scores) != 3 || scores[0] != 9 || scores[1] != 3 || scores[2] != 10 {
		t.Fatalf("score %q, scores %v", r.Columns()[r.Roles().Score], scores)
	}
	if st := r.Stats(); st.Filtered != 3 || st.Invalid != 0 {
		t.Errorf("stats %+v", st)
	}
	w := r.Warnings()
	if len(w) != 1 || w[0] != `one row per question: scores from "Resposta" on the rows where "Pergunta" is "De 0 a 10, o quanto você recomendaria a..." (2 other questions left out; --where and --score-col to change)` {
		t.Errorf("warnings %q", w)
	}
	// An explicit --score-col reads the file as it is.
	_, rows, err = readString(t, "enps.csv", eNPS, survey.Options{ScoreCol: "Resposta"})
	if err != nil || len(rows) != 5 {
		t.Errorf("%d rows, %v", len(rows), err)
	}
}

func TestLongLayoutTwoNPSQuestions(t *testing.T) {
	csv := "id,Question,Answer\n1,How likely are you to recommend Acme to a friend?,9\n1,How likely are you to recommend Acme as an employer?,7\n"
	_, _, err := readString(t, "two.csv", csv, survey.Options{})
	wantUserErr(t, err, usererr.Usage, `column "Question" holds several NPS questions: How likely are you to recommend Acme to a friend?, How likely are you to recommend Acme as an employer?`,
		"--where 'Question=QUESTION' and --score-col")
}

// A wide export whose answers mention recommending is not a long one:
// the column holding them is not named as a question column.
func TestWideExportIsNotLong(t *testing.T) {
	csv := "Score,Verdict\n9,I would recommend it to a friend\n3,Not good\n10,I would recommend it to a friend\n"
	r, rows, err := readString(t, "wide.csv", csv, survey.Options{})
	if err != nil || len(rows) != 3 || r.Columns()[r.Roles().Score] != "Score" || len(r.Warnings()) != 0 {
		t.Fatalf("%d rows, %v, %q", len(rows), err, r.Warnings())
	}
}
