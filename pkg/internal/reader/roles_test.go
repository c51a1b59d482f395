package reader

import (
	"errors"
	"strings"
	"testing"

	"github.com/npskit/nps/pkg/survey"
	"github.com/npskit/nps/pkg/usererr"
)

func TestDetectScoreColumn(t *testing.T) {
	tests := []struct {
		name string
		cols []string
		want int    // index, or -1 for an error
		err  string // substrings of the error
	}{
		{"plain score", []string{"id", "score", "comment"}, 1, ""},
		{"nps", []string{"NPS", "date"}, 0, ""},
		{"nps score spaced and cased", []string{"date", " NPS Score "}, 1, ""},
		{"nps_score", []string{"nps_score"}, 0, ""},
		{"npsscore", []string{"x", "NPSScore"}, 1, ""},
		{"rating", []string{"Rating"}, 0, ""},
		{"ltr", []string{"LTR", "region"}, 0, ""},
		{"likelihood to recommend", []string{"Likelihood to Recommend"}, 0, ""},
		{"recommend", []string{"recommend"}, 0, ""},
		{"question text", []string{"Timestamp", "How likely are you to recommend us to a friend?", "Why?"}, 1, ""},
		{"question likelihood", []string{"What is the likelihood that you would recommend Acme?"}, 0, ""},
		{"qualtrics group excluded", []string{"Progress", "Finished", "Duration (in seconds)", "Q1_NPS_GROUP", "Q1"}, -1, "no score column found"},
		{"qualtrics nps column and group", []string{"StartDate", "Q_NPS", "Q_NPS_NPS_GROUP"}, 1, ""},
		{"specific beats generic", []string{"rating", "nps"}, 1, ""},
		{"question beats generic", []string{"score", "How likely is it that you would recommend us?"}, 1, ""},
		{"ambiguous", []string{"id", "score", "rating"}, -1, `several columns could hold the score: score, rating; choose one with --score-col`},
		{"ambiguous nps", []string{"nps", "NPS score"}, -1, "--score-col"},
		{"none", []string{"id", "region", "comment"}, -1, "no score column found; name it with --score-col NAME; columns are: id, region, comment"},
		{"empty", nil, -1, "columns are: (none)"},
		{"nps word", []string{"id", "NPS (0-10)", "NPS comment"}, 1, ""},
		// Wordings of the NPS question seen in real exports (issue 11).
		{"i will recommend", []string{"Timestamp", "I will recommend this course to a friend"}, 1, ""},
		{"would you recommend", []string{"Would you recommend us to your colleagues?", "Email"}, 0, ""},
		{"likelihood to recommend without likely", []string{"id", "Likelihood to recommend (0-10)"}, 1, ""},
		{"spanish recomiende", []string{"¿Qué tan probable es que nos recomiende a un amigo?"}, 0, ""},
		{"spanish recomiendes", []string{"fecha", "¿Qué probabilidad hay de que nos recomiendes?"}, 1, ""},
		{"italian", []string{"Quanto consiglieresti il nostro prodotto a un amico?"}, 0, ""},
		{"russian", []string{"Насколько вероятно, что вы порекомендуете нас друзьям?"}, 0, ""},
		{"polish", []string{"Czy polecisz nas znajomym?"}, 0, ""},
		{"dutch", []string{"Hoe waarschijnlijk is het dat u ons aanbeveelt?"}, 0, ""},
		{"turkish", []string{"Bizi arkadaşlarınıza tavsiye eder misiniz?"}, 0, ""},
		{"korean", []string{"타임스탬프", "지인에게 추천할 의향이 있으십니까?"}, 1, ""},
		{"chinese", []string{"您向朋友推荐我们的可能性有多大？"}, 0, ""},
		{"russian why is a follow-up", []string{"Почему вы порекомендуете нас?", "Оценка NPS"}, 1, ""},
		{"customer and employee nps", []string{"How likely are you to recommend Acme to a friend?", "How likely are you to recommend Acme as a place to work?"}, -1,
			"several columns could hold the score: How likely are you to recommend Acme to a friend?, How likely are you to recommend Acme as a place to work?"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ro, err := detectRoles(tt.cols, nil, nil, &survey.Options{})
			if tt.want < 0 {
				var ue *usererr.Error
				if !errors.As(err, &ue) || ue.Kind != usererr.Usage {
					t.Fatalf("got %v, %v; want a usage error", ro.Score, err)
				}
				if !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("error %q does not contain %q", err, tt.err)
				}
				return
			}
			if err != nil || ro.Score != tt.want {
				t.Fatalf("score = %d, %v; want %d", ro.Score, err, tt.want)
			}
		})
	}
}

func TestDetectOtherRoles(t *testing.T) {
	tests := []struct {
		name                   string
		cols                   []string
		date, id, comment, wgt int
	}{
		{"qualtrics", []string{"StartDate", "EndDate", "Status", "Progress", "Duration (in seconds)", "Finished", "RecordedDate", "ResponseId", "Q1_NPS", "Q1_NPS_GROUP", "Q2"},
			6, 7, -1, -1},
		{"typeform", []string{"#", "How likely are you to recommend us?", "What's the main reason for your score?", "Start Date (UTC)", "Submit Date (UTC)", "Network ID"},
			4, 0, 2, -1},
		{"google forms", []string{"Timestamp", "How likely is it that you would recommend us to a friend?", "Why?"}, 0, -1, 2, -1},
		{"ms forms", []string{"ID", "Start time", "Completion time", "Email", "Name", "nps"}, 2, 0, -1, -1},
		{"delighted", []string{"id", "person", "score", "comment", "created_at", "updated_at", "person_properties.country"}, 4, 0, 3, -1},
		{"surveymonkey", []string{"Respondent ID", "Collector ID", "Start Date", "End Date", "IP Address", "score"}, 3, 0, -1, -1},
		{"generic", []string{"date", "score", "weight", "feedback", "email"}, 0, 4, 3, -1},
		{"landed only", []string{"landed_at", "score"}, 0, -1, -1, -1},
		{"submitted beats landed", []string{"landed_at", "score", "submitted_at", "token"}, 2, 3, -1, -1},
		{"start date last resort", []string{"StartDate", "score"}, 0, -1, -1, -1},
		{"no date", []string{"score", "comments"}, -1, -1, 1, -1},
		// Follow-ups named by their question's text, as form exports name them.
		{"google forms, improve", []string{"Timestamp", "How likely are you to recommend us to a friend?", "What could we do better?", "Team"}, 0, -1, 2, -1},
		{"why beats improve", []string{"What could we do better?", "Score", "Why did you give this score?"}, -1, -1, 2, -1},
		{"korean opinion", []string{"타임스탬프", "지인에게 이 서비스를 추천할 의향이 얼마나 있으십니까?", "의견"}, 0, -1, 2, -1},
		{"german improve", []string{"Datum", "Wie wahrscheinlich ist es, dass Sie uns weiterempfehlen?", "Was können wir verbessern?"}, 0, -1, 2, -1},
		{"japanese reason", []string{"回答日時", "おすすめ度", "その理由を教えてください"}, 0, -1, 2, -1},
		{"anything else", []string{"score", "Anything else you'd like to share?", "Company name"}, -1, -1, 1, -1},
		{"open-ended", []string{"Score", "Segment", "Open-Ended Response"}, -1, -1, 2, -1},
		{"verbatim", []string{"NPS", "NPS Verbatim"}, -1, -1, 1, -1},
		{"no follow-up", []string{"score", "Company name", "Please tell us your company name", "Team"}, -1, -1, -1, -1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ro, err := detectRoles(tt.cols, nil, nil, &survey.Options{})
			if err != nil {
				t.Fatal(err)
			}
			if ro.Date != tt.date || ro.ID != tt.id || ro.Comment != tt.comment || ro.Weight != tt.wgt {
				t.Fatalf("roles = %+v; want date %d id %d comment %d weight %d", ro, tt.date, tt.id, tt.comment, tt.wgt)
			}
		})
	}
}

func TestExplicitColumns(t *testing.T) {
	cols := []string{"id", "Q1", "Q2", "when", "w", "weight"}
	ro, err := detectRoles(cols, nil, nil, &survey.Options{ScoreCol: "Q1", DateCol: "WHEN", IDCol: "id", CommentCol: "Q2", WeightCol: "w"})
	if err != nil {
		t.Fatal(err)
	}
	if ro != (survey.Roles{Score: 1, Date: 3, ID: 0, Comment: 2, Weight: 4, Count: -1, WeightSq: -1}) {
		t.Fatalf("roles = %+v", ro)
	}
	// A column named weight is never used unless asked for.
	ro, err = detectRoles(cols, nil, nil, &survey.Options{ScoreCol: "Q1"})
	if err != nil || ro.Weight != -1 {
		t.Fatalf("weight = %d, %v; want -1", ro.Weight, err)
	}
	for _, o := range []survey.Options{{ScoreCol: "nope"}, {ScoreCol: "Q1", DateCol: "nope"}, {ScoreCol: "Q1", IDCol: "nope"},
		{ScoreCol: "Q1", CommentCol: "nope"}, {ScoreCol: "Q1", WeightCol: "nope"}} {
		_, err := detectRoles(cols, nil, nil, &o)
		if usererr.KindOf(err) != usererr.Usage || !strings.Contains(err.Error(), `unknown column "nope"; fix --`) ||
			!strings.Contains(err.Error(), "columns are: id, Q1, Q2, when, w, weight") {
			t.Errorf("%+v: error %v", o, err)
		}
	}
}

func TestLookup(t *testing.T) {
	cols := []string{"Region", "region ", "Plan", "a"}
	tests := []struct {
		name string
		want int
	}{
		{"Region", 0},
		{"region ", 1},
		{"plan", 2},
		{" PLAN ", 2},
		{"region", -1}, // two case-insensitive matches: ambiguous
		{"b", -1},
	}
	for _, tt := range tests {
		if got := lookup(cols, tt.name); got != tt.want {
			t.Errorf("lookup(%q) = %d; want %d", tt.name, got, tt.want)
		}
	}
}
