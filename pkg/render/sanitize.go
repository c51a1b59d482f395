package render

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/npskit/nps/pkg/usererr"
)

// sanitizeCSV neutralises spreadsheet formula injection (OWASP "CSV
// injection"): a text cell that starts with '=', '+', '-', '@', a tab or a
// carriage return gets a leading apostrophe, which spreadsheets treat as "this
// is text". Cells that are plain decimal numbers ("-12.5", "+3", "1e-5") are
// left alone so numeric columns stay numeric. Every cell we write to CSV or TSV
// goes through here: header cells, key values, classify cells and our own
// numbers (which are never changed, being numeric).
func sanitizeCSV(s string) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r':
		if isDecimal(s) {
			return s
		}
		return "'" + s
	}
	return s
}

// isDecimal reports whether s is a plain decimal number: an optional sign,
// digits with an optional fraction (or a fraction alone), and an optional
// exponent. It is stricter than strconv.ParseFloat on purpose: "-Inf",
// "+NaN", "-0x1p3" and "1_000" are not numbers a spreadsheet shows as such,
// so they are treated as text and neutralised.
func isDecimal(s string) bool {
	i := 0
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		i++
	}
	digits := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
		digits++
	}
	if i < len(s) && s[i] == '.' {
		i++
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
			digits++
		}
	}
	if digits == 0 {
		return false
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		exp := 0
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
			exp++
		}
		if exp == 0 {
			return false
		}
	}
	return i == len(s)
}

// sanitizeTerm makes text safe to print on a terminal: escape sequences
// (CSI "ESC [ ... final", OSC "ESC ] ... BEL|ESC \", and other two-byte ESC
// sequences) are removed whole; tabs, newlines and carriage returns become a
// space (so a multi-line cell stays one readable line); every other C0
// control, DEL and C1 control (U+0080-U+009F) is dropped; Unicode bidi
// overrides and isolates, which can make a terminal show text in a different
// order from the bytes, are dropped; other invisible characters (zero-width
// spaces and joiners, the byte-order mark, line separators:
// usererr.Invisible) are written as \uXXXX, so that values that differ
// only by them do not look alike; invalid UTF-8 becomes U+FFFD.
func sanitizeTerm(s string) string {
	clean := true
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if unsafeTermRune(r) || usererr.Invisible(r) || (r == utf8.RuneError && size == 1) {
			clean = false
			break
		}
		i += size
	}
	if clean {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b.WriteRune(utf8.RuneError)
		case r == 0x1b:
			i += escapeLen(s[i:])
			continue
		case r == '\t' || r == '\n' || r == '\r':
			b.WriteByte(' ')
		case unsafeTermRune(r):
			// dropped
		case usererr.Invisible(r):
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

// unsafeTermRune reports whether r must not reach a terminal as is.
func unsafeTermRune(r rune) bool {
	switch {
	case r < 0x20, r == 0x7f, r >= 0x80 && r <= 0x9f:
		return true
	case r == 0x200e, r == 0x200f, r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069:
		return true
	}
	return false
}

// escapeLen returns the length of the escape sequence at the start of s
// (which starts with ESC). An unterminated sequence runs to the end of s.
func escapeLen(s string) int {
	if len(s) < 2 {
		return len(s)
	}
	switch s[1] {
	case '[': // CSI: parameter bytes 0x30-0x3F, intermediates 0x20-0x2F, final 0x40-0x7E
		i := 2
		for i < len(s) && s[i] >= 0x20 && s[i] <= 0x3f {
			i++
		}
		if i < len(s) && s[i] >= 0x40 && s[i] <= 0x7e {
			i++
		}
		return i
	case ']', 'P', '^', '_', 'X': // OSC, DCS, PM, APC, SOS: up to BEL or ST (ESC \)
		for i := 2; i < len(s); i++ {
			if s[i] == 0x07 {
				return i + 1
			}
			if s[i] == 0x1b && i+1 < len(s) && s[i+1] == '\\' {
				return i + 2
			}
		}
		return len(s)
	}
	// Two-byte sequence (ESC c, ESC 7, ...); if the second byte is not
	// ASCII, drop only the ESC so no text is lost.
	if s[1] < 0x80 {
		return 2
	}
	return 1
}

// escapeMarkdown makes terminal-safe text safe inside a GitHub Markdown
// table cell: backslashes and pipes are escaped.
func escapeMarkdown(s string) string {
	s = sanitizeTerm(s)
	if !strings.ContainsAny(s, markdownSpecial) {
		return s
	}
	return markdownEscaper.Replace(s)
}

// markdownSpecial are the characters escapeMarkdown escapes: the backslash
// and the cell separator, HTML (a value must not become markup where
// Markdown is shown as a page, e.g. a GitHub job summary: "<", ">", "&"),
// link and image syntax ("[", "]") and code spans ("`"). Emphasis is left
// alone: it cannot add markup or links, and the tables' own cells use "*".
const markdownSpecial = "\\|<>&[]`"

var markdownEscaper = strings.NewReplacer(
	`\`, `\\`, `|`, `\|`, `<`, `&lt;`, `>`, `&gt;`, `&`, `&amp;`, `[`, `\[`, `]`, `\]`, "`", "\\`",
)

// blankLabel is how an empty segment value is shown in tables and Markdown.
const blankLabel = "(blank)"

// termKey returns a key value for a table: sanitised, "(blank)" when empty.
func termKey(s string) string {
	if s == "" {
		return blankLabel
	}
	return sanitizeTerm(s)
}
