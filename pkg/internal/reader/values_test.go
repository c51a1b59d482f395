package reader

import (
	"io"
	"slices"
	"strings"
	"testing"

	"github.com/npskit/nps/pkg/survey"
	"github.com/npskit/nps/pkg/usererr"
)

// months reads a CSV with dates and returns the chosen score and date
// columns, each response's "YYYY-MM score", and the warnings.
func months(t *testing.T, content string, opt survey.Options) (score, date string, got []string, warns []string) {
	t.Helper()
	opt.NeedDate = true
	p := writeFile(t, t.TempDir(), "x.csv", []byte(content))
	r, err := Open([]string{p}, nil, opt)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	for {
		resp, err := r.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		s := "-"
		if resp.Status == survey.Valid {
			s = strings.TrimSpace(resp.Fields[r.Roles().Score])
		}
		got = append(got, resp.Time.Format("2006-01-02")+" "+s)
	}
	for _, w := range r.Warnings() {
		warns = append(warns, strings.ReplaceAll(w, p, "x.csv"))
	}
	return r.Columns()[r.Roles().Score], r.Columns()[r.Roles().Date], got, warns
}

// A Spanish export: NPS holds the group labels, ValorNPS the score, with
// the sentinel -2147483648 for "no answer recorded".
func TestLabelColumnIsNotTheScore(t *testing.T) {
	csv := "ID,NPS,ValorNPS,Fecha\n1,Promotor,10,2021-03-01\n2,Detractor,3,2021-03-02\n3,Pasivo,8,2021-03-03\n" +
		"4,Detractor,-2147483648,2021-03-04\n5,Promotor,9,2021-03-05\n"
	r, rows, err := readString(t, "es.csv", csv, survey.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if c := r.Columns()[r.Roles().Score]; c != "ValorNPS" {
		t.Fatalf("score column %q", c)
	}
	if st := r.Stats(); st.Valid != 4 || st.Invalid != 1 || len(rows) != 4 {
		t.Errorf("stats %+v", st)
	}
	if r.groupCol != 1 {
		t.Errorf("the label column is not the cross-check: %d", r.groupCol)
	}
	// A label that disagrees with the score is reported.
	_, _, err = readString(t, "es.csv", "NPS,ValorNPS\nPromotor,10\nPromotor,2\n", survey.Options{})
	if err != nil {
		t.Fatal(err)
	}
	r, _, _ = readString(t, "es.csv", "NPS,ValorNPS\nPromotor,10\nPromotor,2\n", survey.Options{})
	if w := r.Warnings(); len(w) != 2 || w[0] != `scores from "ValorNPS" (also present: NPS (group labels); --score-col to change)` ||
		!strings.Contains(w[1], `1 row where the group in column "NPS" disagrees with the score (line 3)`) {
		t.Errorf("warnings %q", w)
	}
	// Labels alone are no score column, and the error says why.
	_, _, err = readString(t, "labels.csv", "id,NPS\n1,Promoter\n2,Detractor\n", survey.Options{})
	wantUserErr(t, err, usererr.Usage, `no score column found: "NPS" holds NPS group labels, not scores (such as "Promoter"); name it with --score-col`)
}

// Two NPS questions that both hold scores are ambiguous, not "no score
// column"; one holding mostly scores beats one that does not.
func TestScoreColumnByValues(t *testing.T) {
	_, _, err := readString(t, "two.csv", "How likely are you to recommend Acme to a friend?,How likely are you to recommend working at Acme?\n9,7\n3,10\n", survey.Options{})
	wantUserErr(t, err, usererr.Usage, "several columns could hold the score: How likely are you to recommend Acme to a friend?, How likely are you to recommend working at Acme?",
		"--score-col")
	r, _, err := readString(t, "fit.csv", "score,rating\ngood,9\nbad,3\nok,10\n", survey.Options{})
	if err != nil || r.Columns()[r.Roles().Score] != "rating" {
		t.Fatalf("%v, %v", r.Roles(), err)
	}
	if w := r.Warnings(); len(w) != 1 || w[0] != `scores from "rating" (also present: score; --score-col to change)` {
		t.Errorf("warnings %q", w)
	}
}

func TestScoreColumnByPosition(t *testing.T) {
	r, rows, err := readString(t, "k.csv", "a,b,c\nx,9,1\ny,3,2\n", survey.Options{ScoreCol: "#2"})
	if err != nil || r.Roles().Score != 1 || len(rows) != 2 || rows[0].score != 9 {
		t.Fatalf("%v, %v, %v", r, rows, err)
	}
	_, _, err = readString(t, "k.csv", "a,b,c\nx,9,1\n", survey.Options{ScoreCol: "#4"})
	wantUserErr(t, err, usererr.Usage, `invalid --score-col "#4": no column at that position; give a position from #1 to #3, or a name`)
	// A column really named "#" or "#2" is taken by its name.
	r, _, err = readString(t, "k.csv", "#2,score\n5,9\n", survey.Options{ScoreCol: "#2"})
	if err != nil || r.Roles().Score != 0 {
		t.Fatalf("%v, %v", r.Roles(), err)
	}
}

func TestDateColumnByMeaningAndValues(t *testing.T) {
	tests := []struct {
		name, csv, score, date string
		got                    []string
		warns                  []string
	}{
		{"surveyed_at beats created_at (a signup date)",
			"user_id,created_at,surveyed_at,score\n1,2021-01-15,2021-02-03,9\n2,2021-01-20,2021-02-10,6\n",
			"score", "surveyed_at", []string{"2021-02-03 9", "2021-02-10 6"},
			[]string{`dates from "surveyed_at" (also present: created_at; --date-col to change)`}},
		{"a column none of whose dates reads is never chosen",
			"Account,End_Date_1,Feedback Date,NPS\nA,,2023-05-02,10\nB,FY24 Q1,2023-05-09,7\nC,,2023-06-01,2\n",
			"NPS", "Feedback Date", []string{"2023-05-02 10", "2023-05-09 7", "2023-06-01 2"}, nil},
		{"a French header reads an ambiguous day first",
			"Horodateur,Quelle est la probabilité que vous recommandiez notre formation ?\n08/11/2021 17:05:47,9\n09/11/2021 10:00:00,10\n12/11/2021 08:30:00,4\n",
			"Quelle est la probabilité que vous recommandiez notre formation ?", "Horodateur",
			[]string{"2021-11-08 9", "2021-11-09 10", "2021-11-12 4"},
			[]string{`date column "Horodateur": 08/11/2021 could be August 11 or November 8; read as day-first (DD/MM/YYYY), the order of the header's language; set --date-format month-first if that is wrong`}},
		{"FlightDate, month-first by its values",
			"FlightDate,Carrier,Likelihood to recommend\n4/1/2021,AA,9\n4/23/2021,UA,5\n",
			"Likelihood to recommend", "FlightDate", []string{"2021-04-01 9", "2021-04-23 5"}, nil},
		{"year_month as YYYYMM",
			"region,year_month,nps_score\nEU,202104,9\nUS,202105,3\n",
			"nps_score", "year_month", []string{"2021-04-01 9", "2021-05-01 3"}, nil},
		{"Excel serials in a CSV",
			"Date,Score\n44291,10\n44321.5,8\n",
			"Score", "Date", []string{"2021-04-05 10", "2021-05-05 8"}, nil},
		{"Portuguese Data Resposta",
			"Nome,Data Cadastro,Data Resposta,Nota\nAna,01/02/2020,03/04/2021,9\n",
			"Nota", "Data Resposta", []string{"2021-04-03 9"},
			[]string{`date column "Data Resposta": 03/04/2021 could be March 4 or April 3; read as day-first (DD/MM/YYYY), the order of the header's language; set --date-format month-first if that is wrong`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			score, date, got, warns := months(t, tt.csv, survey.Options{})
			if score != tt.score || date != tt.date || !slices.Equal(got, tt.got) || !slices.Equal(warns, tt.warns) {
				t.Errorf("score %q, date %q, rows %q, warnings %q;\nwant %q, %q, %q, %q", score, date, got, warns, tt.score, tt.date, tt.got, tt.warns)
			}
		})
	}
}
