package themes

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/npskit/nps/pkg/breakdown"
	"github.com/npskit/nps/pkg/nps"
)

func TestTerms(t *testing.T) {
	a := newAnalyzer(Auto, false)
	for _, c := range []struct {
		in   string
		want []string
	}{
		// stop words go, phrases join neighbours only
		{"Support took a week to answer", []string{"support", "took", "support took", "week", "answer"}},
		// punctuation breaks a phrase; quotes and case fold away
		{`The APP keeps crashing, "again"`, []string{"app", "keeps", "app keeps", "crashing", "keeps crashing"}},
		// numbers, e-mail addresses and URLs are dropped and break phrases
		{"mail bob@example.com now, see https://x.io/a?b=1 docs 3 days", []string{"mail", "see", "docs", "days"}}, // "now" is a stop word
		// a line end breaks a phrase; typographic apostrophes read as '
		{"Don’t like\nnew UI", []string{"don't", "like", "don't like", "new", "ui", "new ui"}},
		// German: its stop words (war, sehr, und) go
		{"Der Support war sehr langsam und teuer", []string{"support", "langsam", "teuer"}},
		// French with case folding of accented capitals
		{"ÉNORME retard de livraison", []string{"énorme", "retard", "énorme retard", "livraison"}},
		{"", nil},
		{"!!! 42 ...", nil},
	} {
		got := slices.Clone(a.Terms(c.in))
		if !slices.Equal(got, c.want) && !(len(got) == 0 && len(c.want) == 0) {
			t.Errorf("Terms(%q) = %q, want %q", c.in, got, c.want)
		}
	}
	// --lang fixes the language: English stop words stay in German text.
	de := newAnalyzer(German, false)
	if got := de.Terms("the war is over"); !slices.Equal(got, []string{"the", "is", "over", "the", "is over"}[:4]) && !slices.Contains(got, "the") {
		t.Errorf("German analyzer on English: %q", got)
	}
	// Stemming with the comment's language's Snowball stemmer.
	st := newAnalyzer(Auto, true)
	if got := st.Terms("crashing and crashed apps"); !slices.Equal(got, []string{"crash", "app", "crash app"}) {
		t.Errorf("stemmed: %q", got)
	}
}

func TestDetect(t *testing.T) {
	a := newAnalyzer(Auto, false)
	for text, want := range map[string]Lang{
		"the support was slow and the price is high": English,
		"der Support war sehr langsam und nicht gut": German,
		"le support était lent et pas du tout utile": French,
		"el soporte fue lento y no me ayudaron":      Spanish,
		"het duurde te lang voor ze antwoord gaven":  Dutch,
		"Great": English, // no stop word at all
	} {
		a.tokenize(text)
		if got := detect(a.toks); got != want {
			t.Errorf("detect(%q) = %v, want %v", text, got, want)
		}
	}
	if l, err := ParseLang("PT"); err != nil || l != Portuguese {
		t.Errorf("ParseLang(PT) = %v, %v", l, err)
	}
	if _, err := ParseLang("xx"); err == nil {
		t.Error("ParseLang(xx): no error")
	}
}

// comment is one response for the counter tests.
type comment struct {
	score int
	text  string
}

var corpus = []comment{
	{2, "Support took a week to answer"},
	{3, "support was slow, billing wrong"},
	{0, "Billing wrong twice. Support slow"},
	{5, "slow support"},
	{7, "fine but reports slow"},
	{8, "reports slow, good value"},
	{7, "good value"},
	{9, "great support, fast answers"},
	{10, "love it, great value"},
	{10, "great team"},
	{9, "Great value"},
	{6, "Support took a week to answer"},
}

func fill(c *Counter, rows []comment, input int, firstLine int64) {
	for i, r := range rows {
		c.Add(breakdown.Key{}, &breakdown.Row{Fields: []string{r.text}, Input: input, Line: firstLine + int64(i), Score: r.score})
	}
}

// Rank's z-scores against an implementation written here from the raw
// comments: each comment's set of terms, counted per category.
func TestRankAgainstRawCounts(t *testing.T) {
	c := NewCounter(0, Options{Lang: Auto})
	fill(c, corpus, 0, 2)
	g := c.Groups()[0]

	a := newAnalyzer(Auto, false)
	count := map[string]*[3]float64{}
	var comments [3]int64
	for _, r := range corpus {
		cat := nps.Classify(r.score)
		comments[cat]++
		for _, term := range a.Terms(r.text) {
			term = strings.Clone(term) // the analyzer reuses its strings
			if count[term] == nil {
				count[term] = &[3]float64{}
			}
			count[term][cat]++
		}
	}
	if g.Comments != comments {
		t.Errorf("comments %v, want %v", g.Comments, comments)
	}
	for cat := range 3 {
		var n, nr float64
		for _, v := range count {
			for k := range 3 {
				if k == cat {
					n += v[k]
				} else {
					nr += v[k]
				}
			}
		}
		got := Rank(&g, nps.Category(cat), RankOptions{})
		for _, term := range got {
			v := count[term.Term]
			y, yr := v[cat], v[0]+v[1]+v[2]-v[cat]
			// Monroe et al. (2008) eqs. 16, 20, 22 with α_0 a tenth of the
			// pooled counts and α_w its share of the term's pooled count.
			a0 := (n + nr) / 10
			aw := a0 * (y + yr) / (n + nr)
			omegaI := (y + aw) / (n + a0 - y - aw)
			omegaJ := (yr + aw) / (nr + a0 - yr - aw)
			want := (math.Log(omegaI) - math.Log(omegaJ)) / math.Sqrt(1/(y+aw)+1/(yr+aw))
			if math.Abs(term.Z-want) > 1e-12 || term.Count != int64(y) || math.Abs(term.Share-y/float64(comments[cat])) > 1e-15 {
				t.Errorf("%v %q: z %v count %d share %v; want z %v count %v", nps.Category(cat), term.Term, term.Z, term.Count, term.Share, want, y)
			}
		}
		if !slices.IsSortedFunc(got, func(a, b Term) int {
			if a.Z != b.Z {
				return -cmpF(a.Z, b.Z)
			}
			return strings.Compare(a.Term, b.Term)
		}) {
			t.Errorf("%v: not ordered by z", nps.Category(cat))
		}
	}
	// The planted themes come out on top: "support" for detractors (5 of
	// 6 comments), "great" for promoters (4 of 4).
	if d := Rank(&g, nps.Detractor, RankOptions{Top: 1}); len(d) != 1 || d[0].Term != "support" || d[0].Count != 5 {
		t.Errorf("detractors' top term %+v", d)
	}
	if p := Rank(&g, nps.Promoter, RankOptions{Top: 1}); len(p) != 1 || p[0].Term != "great" || p[0].Count != 4 {
		t.Errorf("promoters' top term %+v", p)
	}
	// Examples: the earliest distinct comments, by line.
	d := Rank(&g, nps.Detractor, RankOptions{})
	i := slices.IndexFunc(d, func(t Term) bool { return t.Term == "support" })
	if want := []string{"Support took a week to answer", "support was slow, billing wrong", "Billing wrong twice. Support slow"}; !slices.Equal(d[i].Examples, want) {
		t.Errorf("examples %q", d[i].Examples)
	}
	// MinCount and MinZ leave terms out; Top cuts.
	for _, term := range Rank(&g, nps.Detractor, RankOptions{MinCount: 2, MinZ: 1}) {
		if term.Count < 2 || term.Z < 1 {
			t.Errorf("kept %+v", term)
		}
	}
}

func cmpF(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// However the rows are split among counters (workers) and in whatever
// order the counters merge, the result is the same.
func TestCounterMerge(t *testing.T) {
	whole := NewCounter(0, Options{Lang: Auto})
	var rows []comment
	for range 50 {
		rows = append(rows, corpus...)
	}
	fill(whole, rows, 0, 2)
	want := dump(whole)
	for _, cut := range []int{1, 7, 300, len(rows) - 1} {
		a, b := NewCounter(0, Options{Lang: Auto}), NewCounter(0, Options{Lang: Auto})
		fill(b, rows[cut:], 0, int64(2+cut)) // the later rows first
		fill(a, rows[:cut], 0, 2)
		b.Merge(a)
		if got := dump(b); got != want {
			t.Errorf("cut %d:\n%s\nwant\n%s", cut, got, want)
		}
	}
}

// Counting terms directly (when comments do not repeat) gives what
// holding the comments first gives.
func TestCounterDirect(t *testing.T) {
	var rows []comment
	for i := range 3000 {
		c := corpus[i%len(corpus)]
		if i%3 != 0 { // two in three comments unique
			c.text += fmt.Sprintf(" case %d", i)
		}
		rows = append(rows, c)
	}
	held := NewCounter(0, Options{Lang: Auto})
	held.limit = 1 << 30
	fill(held, rows, 0, 2)
	direct := NewCounter(0, Options{Lang: Auto})
	direct.limit = 50
	fill(direct, rows[:100], 0, 2) // 100 rows, 67+ distinct: not yet
	if direct.direct {
		t.Fatal("direct after a flush of repeated comments")
	}
	unique := NewCounter(0, Options{Lang: Auto})
	unique.limit = 50
	var u []comment
	for i := range 200 {
		u = append(u, comment{i % 11, fmt.Sprintf("note %d about pricing", i)})
	}
	fill(unique, u, 0, 2)
	if !unique.direct {
		t.Fatal("not direct after a flush of distinct comments")
	}
	// Merge a direct counter of the later rows into one of the first.
	first, later := NewCounter(0, Options{Lang: Auto}), NewCounter(0, Options{Lang: Auto})
	later.limit, later.direct = 50, true
	fill(later, rows[1000:], 0, 1002)
	fill(first, rows[:1000], 0, 2)
	first.Merge(later)
	if got, want := dump(first), dump(held); got != want {
		t.Errorf("direct counting differs:\n%s\nwant\n%s", got[:min(len(got), 2000)], want[:min(len(want), 2000)])
	}
}

func dump(c *Counter) string {
	var b strings.Builder
	for _, g := range c.Groups() {
		fmt.Fprintln(&b, g.Comments)
		for cat := range 3 {
			for _, term := range Rank(&g, nps.Category(cat), RankOptions{}) {
				fmt.Fprintf(&b, "%d %s %d %.12f %q\n", cat, term.Term, term.Count, term.Z, term.Examples)
			}
		}
	}
	return b.String()
}

func TestRising(t *testing.T) {
	// Previous period: 40 detractor comments, 4 mention "login"; last: 40,
	// 24 mention it. "price" is steady at 10 of 40.
	mk := func(login int) *Group {
		c := NewCounter(0, Options{Lang: English})
		var rows []comment
		for i := range 40 {
			text := "slow app"
			if i < login {
				text = "login fails"
			}
			if i >= 30 {
				text = "price high"
			}
			rows = append(rows, comment{2, text})
		}
		fill(c, rows, 0, 2)
		g := c.Groups()[0]
		return &g
	}
	prev, last := mk(4), mk(24)
	got := Rising(last, prev, 0.05, RankOptions{MinCount: 3})
	if len(got) == 0 || got[0].Term != "fails" || got[0].Count != 24 || got[0].Share != 0.6 || got[0].Previous != 0.1 {
		t.Fatalf("rising %+v", got)
	}
	for _, term := range got {
		if strings.Contains(term.Term, "price") {
			t.Errorf("steady term %q reported as rising", term.Term)
		}
	}
	if Rising(last, &Group{Terms: map[string]*TermCount{}}, 0.05, RankOptions{}) != nil {
		t.Error("no previous comments: something rising")
	}
}

func TestExcerpt(t *testing.T) {
	short := "Support took a week\n to answer"
	if got := Excerpt(short, "week", 80); got != "Support took a week to answer" {
		t.Errorf("short: %q", got)
	}
	long := strings.Repeat("word ", 30) + "the billing was wrong again and again " + strings.Repeat("tail ", 30)
	got := Excerpt(long, "billing wrong", 60)
	if utf8.RuneCountInString(got) > 60 || !strings.Contains(got, "billing") || !strings.HasPrefix(got, "…") || !strings.HasSuffix(got, "…") {
		t.Errorf("long: %q (%d runes)", got, utf8.RuneCountInString(got))
	}
	for _, w := range strings.Fields(strings.Trim(got, "…")) {
		if w != "word" && w != "tail" && !strings.Contains(long, " "+w+" ") {
			t.Errorf("cut word %q in %q", w, got)
		}
	}
	if got := Excerpt(strings.Repeat("ab ", 50), "zz", 20); !strings.HasPrefix(got, "ab") || utf8.RuneCountInString(got) > 20 {
		t.Errorf("term absent: %q", got)
	}
}
