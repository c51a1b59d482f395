package themes

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Excerpt shortens a comment for display to at most width characters
// (runes) of whole words around the first place the term's first word
// appears, with "…" where text was cut; runs of white space (line ends
// too) become one space.
func Excerpt(comment, term string, width int) string {
	s := strings.Join(strings.Fields(comment), " ")
	if utf8.RuneCountInString(s) <= width {
		return s
	}
	r := []rune(s)
	first, _, _ := strings.Cut(term, " ")
	at := 0
	if i := strings.Index(strings.ToLower(s), strings.ToLower(first)); i >= 0 {
		at = utf8.RuneCountInString(s[:i])
	}
	start := max(0, min(at-width/3, len(r)-width))
	// Start on a word: skip the rest of a word cut in two.
	for start > 0 && start < len(r) && !unicode.IsSpace(r[start-1]) {
		start++
	}
	end := min(len(r), start+width-2) // room for the two ellipses
	if end < len(r) {
		for e := end; e > start; e-- {
			if unicode.IsSpace(r[e]) {
				end = e
				break
			}
		}
	}
	out := strings.TrimSpace(string(r[start:end]))
	if start > 0 {
		out = "…" + out
	}
	if end < len(r) {
		out += "…"
	}
	return out
}
