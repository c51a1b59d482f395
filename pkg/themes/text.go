package themes

import (
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
	"unsafe"

	snowball "github.com/blevesearch/snowballstem"
	"github.com/blevesearch/snowballstem/dutch"
	"github.com/blevesearch/snowballstem/english"
	"github.com/blevesearch/snowballstem/french"
	"github.com/blevesearch/snowballstem/german"
	"github.com/blevesearch/snowballstem/italian"
	"github.com/blevesearch/snowballstem/portuguese"
	"github.com/blevesearch/snowballstem/spanish"
	"github.com/clipperhouse/uax29/v2/words"
	"golang.org/x/text/cases"
)

//go:generate go run gen_stopwords.go /usr/share/postgresql/15/tsearch_data

// Lang is a language whose stop words (and stems) the analysis knows.
type Lang uint8

// The languages, in the order detection breaks ties in.
const (
	English Lang = iota
	German
	French
	Spanish
	Portuguese
	Italian
	Dutch
	numLangs
)

// Auto detects each comment's language (Options.Lang).
const Auto Lang = 255

var langCodes = [numLangs]string{"en", "de", "fr", "es", "pt", "it", "nl"}

var stemmers = [numLangs]func(*snowball.Env) bool{
	english.Stem, german.Stem, french.Stem, spanish.Stem, portuguese.Stem, italian.Stem, dutch.Stem,
}

// String is the ISO 639-1 code: "en", "de", ...; "auto" for Auto.
func (l Lang) String() string {
	if l == Auto {
		return "auto"
	}
	if l < numLangs {
		return langCodes[l]
	}
	return fmt.Sprintf("Lang(%d)", l)
}

// ParseLang reads a --lang value: auto, en, de, fr, es, pt, it or nl.
func ParseLang(s string) (Lang, error) {
	s = strings.ToLower(strings.TrimSpace(s))
	if s == "auto" {
		return Auto, nil
	}
	if i := slices.Index(langCodes[:], s); i >= 0 {
		return Lang(i), nil
	}
	return 0, fmt.Errorf("unknown language %q; use auto, %s", s, strings.Join(langCodes[:], ", "))
}

// stopWords maps a stop word to the set of languages (a bit each) whose
// list holds it.
var stopWords = func() map[string]uint8 {
	m := map[string]uint8{}
	for l, list := range stopLists {
		for _, w := range strings.Split(list, "\n") {
			m[w] |= 1 << l
		}
	}
	return m
}()

// analyzer turns a comment into its terms. Not safe for concurrent use:
// each worker's accumulator has its own.
type analyzer struct {
	lang  Lang // Auto, or the language of every comment
	stem  bool
	fold  cases.Caser
	toks  []token
	terms []string
	pairs []byte // the two-word phrases' bytes, reused
	env   *snowball.Env
	words *words.Iterator[string]
}

// token is a word of a comment, folded, with whether a bigram may join it
// to the word before (nothing but spaces between them).
type token struct {
	word   string
	joined bool
	stops  uint8 // languages whose stop list holds it
}

func newAnalyzer(lang Lang, stem bool) *analyzer {
	return &analyzer{lang: lang, stem: stem, fold: cases.Fold(), env: snowball.NewEnv(""), words: words.FromString("")}
}

// Terms returns the distinct terms of a comment, in order of first
// appearance: its words and two-word phrases, case-folded, without stop
// words (of the comment's language), numbers, e-mail addresses and URLs;
// a phrase never spans punctuation, a dropped word or a line end. With
// stemming, words are Snowball stems. The result and its strings are
// reused by the next call.
func (a *analyzer) Terms(comment string) []string {
	a.tokenize(comment)
	lang := a.lang
	if lang == Auto {
		lang = detect(a.toks)
	}
	a.terms = a.terms[:0]
	a.pairs = a.pairs[:0]
	prev := ""
	for i := range a.toks {
		t := &a.toks[i]
		if t.word == "" || t.stops&(1<<lang) != 0 {
			prev = ""
			continue
		}
		w := t.word
		if a.stem {
			a.env.SetCurrent(w)
			stemmers[lang](a.env)
			w = a.env.Current()
		}
		a.add(w)
		if prev != "" && t.joined {
			a.add(a.pair(prev, w))
		}
		prev = w
	}
	return a.terms
}

// pair is the phrase "w1 w2", a view of a.pairs: appending more never
// moves the bytes of a view made before (a grown slice is a new array).
func (a *analyzer) pair(w1, w2 string) string {
	start := len(a.pairs)
	a.pairs = append(a.pairs, w1...)
	a.pairs = append(a.pairs, ' ')
	a.pairs = append(a.pairs, w2...)
	return unsafe.String(&a.pairs[start], len(a.pairs)-start)
}

func (a *analyzer) add(term string) {
	if !slices.Contains(a.terms, term) {
		a.terms = append(a.terms, term)
	}
}

// detect picks the language whose stop words the comment uses most (ties
// and comments without any go to the earlier language: English first).
// Stop words are the most frequent words of a language, so a handful in
// a comment tell its language well enough to pick its stop list.
func detect(toks []token) Lang {
	var hits [numLangs]int
	for _, t := range toks {
		for l := range numLangs {
			if t.stops&(1<<l) != 0 {
				hits[l]++
			}
		}
	}
	best := English
	for l := range numLangs {
		if hits[l] > hits[best] {
			best = l
		}
	}
	return best
}

// tokenize splits a comment into words with UAX #29 word boundaries. A
// dropped word (a number, an e-mail address, a URL) stays in the list
// with an empty word, so that no phrase joins across it.
func (a *analyzer) tokenize(s string) {
	a.toks = a.toks[:0]
	joined := false // the next word may join the one before
	for len(s) > 0 {
		// Whitespace-separated chunks first: e-mail addresses and URLs
		// are chunks, which word boundaries would cut into words.
		i := 0
		for i < len(s) && isSpace(s[i]) {
			if s[i] == '\n' || s[i] == '\r' {
				joined = false
			}
			i++
		}
		j := i
		for j < len(s) && !isSpace(s[j]) {
			j++
		}
		chunk := s[i:j]
		s = s[j:]
		if chunk == "" {
			break
		}
		if isLink(chunk) {
			a.toks = append(a.toks, token{})
			joined = false
			continue
		}
		it := a.words
		it.SetText(chunk)
		for it.Next() {
			w := it.Value()
			switch kind(w) {
			case wordKind:
				a.toks = append(a.toks, a.word(w, joined))
				joined = true
			case numberKind:
				a.toks = append(a.toks, token{})
				joined = false
			case spaceKind:
				if strings.ContainsAny(w, "\n\r\u2028\u2029") {
					joined = false
				}
			default: // punctuation, symbols, emoji
				joined = false
			}
		}
	}
}

func isSpace(b byte) bool { return b == ' ' || b == '\t' || b == '\n' || b == '\r' }

// isLink reports whether a chunk is an e-mail address or a URL.
func isLink(c string) bool {
	if strings.Contains(c, "://") || len(c) > 4 && strings.EqualFold(c[:4], "www.") {
		return true
	}
	at := strings.IndexByte(c, '@')
	return at > 0 && strings.Contains(c[at+1:], ".")
}

type tokKind uint8

const (
	wordKind tokKind = iota
	numberKind
	spaceKind
	otherKind
)

// kind tells a UAX #29 segment's kind: a word has a letter; a number has
// digits and no letter.
func kind(w string) tokKind {
	digit := false
	for _, r := range w {
		switch {
		case unicode.IsLetter(r):
			return wordKind
		case unicode.IsDigit(r):
			digit = true
		}
	}
	switch {
	case digit:
		return numberKind
	case strings.TrimFunc(w, unicode.IsSpace) == "":
		return spaceKind
	}
	return otherKind
}

// word folds w's case (ASCII directly, else Unicode case folding) and
// spells its apostrophes alike.
func (a *analyzer) word(w string, joined bool) token {
	ascii := true
	for i := 0; i < len(w); i++ {
		if w[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	var f string
	if ascii {
		f = strings.ToLower(w)
	} else {
		f = strings.ReplaceAll(a.fold.String(w), "\u2019", "'")
	}
	return token{word: f, joined: joined, stops: stopWords[f]}
}
