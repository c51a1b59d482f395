// Package usererr holds the errors the tool shows to a person: one line that
// says where (file and line when known), what is wrong and what to do, and a
// kind that decides the exit code.
package usererr

import (
	"errors"
	"fmt"
	"io/fs"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Kind decides the exit status of a failed run.
type Kind int

const (
	Data      Kind = 1 // bad or unreadable input, I/O failure
	Usage     Kind = 2 // bad flag or value, or input that needs a flag to be read correctly
	Threshold Kind = 3 // --fail-under was not met
)

// Error is a user-facing error. Its text is
//
//	FILE:LINE: what is wrong; what to do
//
// with the location parts omitted when unknown.
type Error struct {
	Kind Kind
	File string // "" when not about a file; "-" is shown as "stdin"
	Line int64  // 0 when unknown
	Msg  string // what is wrong
	Hint string // what to do; may be empty
	Err  error  // underlying cause, for errors.Is/As
}

func (e *Error) Error() string {
	var b strings.Builder
	if e.File != "" {
		b.WriteString(displayName(e.File))
		if e.Line > 0 {
			fmt.Fprintf(&b, ":%d", e.Line)
		}
		b.WriteString(": ")
	}
	b.WriteString(e.Msg)
	if e.Hint != "" {
		b.WriteString("; ")
		b.WriteString(e.Hint)
	}
	return Clean(b.String())
}

func (e *Error) Unwrap() error { return e.Err }

// Newf returns an Error of kind k about file and line (either may be zero).
func Newf(k Kind, file string, line int64, hint, format string, args ...any) *Error {
	return &Error{Kind: k, File: file, Line: line, Msg: fmt.Sprintf(format, args...), Hint: hint}
}

// Usagef returns a usage error that is not about a particular file.
func Usagef(hint, format string, args ...any) *Error {
	return Newf(Usage, "", 0, hint, format, args...)
}

// Reason is err without the path of the *fs.PathError in its chain: the
// reason alone ("no space left on device"), for a message that names the
// file itself or whose file the user never asked for (a temporary one).
// An err without a PathError is returned as it is.
func Reason(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// KindOf returns the kind of err: the Kind of the first *Error in its chain,
// else Data.
func KindOf(err error) Kind {
	var e *Error
	if errors.As(err, &e) {
		return e.Kind
	}
	return Data
}

func displayName(file string) string {
	if file == "-" {
		return "stdin"
	}
	return file
}

// Clean makes text that holds user-supplied strings (file, sheet and
// column names, cell values, a cause's text) safe to print as one line on
// a terminal: control characters (C0, DEL, C1: newlines, carriage returns,
// tabs, escape sequences), invisible format characters (zero-width spaces
// and joiners, byte-order marks, bidirectional overrides and isolates) and
// line or paragraph separators are written as Go escapes (\n, \x1b,
// \u202e), and bytes that are not UTF-8 as \xNN, so that nothing a name
// holds can split the line, move the cursor or reorder what is shown, and
// two names that look alike print differently. Other text is unchanged.
func Clean(s string) string {
	i := 0
	for i < len(s) {
		r, n := utf8.DecodeRuneInString(s[i:])
		if unsafeRune(r, n) {
			break
		}
		i += n
	}
	if i == len(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	b.WriteString(s[:i])
	for i < len(s) {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && n <= 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case r < 0x100 && unsafeRune(r, n):
			fmt.Fprintf(&b, `\x%02x`, r)
		case unsafeRune(r, n):
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteString(s[i : i+n])
		}
		i += n
	}
	return b.String()
}

// unsafeRune reports whether the rune r, n bytes long, is one Clean escapes.
func unsafeRune(r rune, n int) bool {
	switch {
	case r == utf8.RuneError && n <= 1, unicode.IsControl(r):
		return true
	}
	return Invisible(r)
}

// Invisible reports whether r prints as nothing, or moves what follows:
// the format characters (Cf: zero-width spaces and joiners, the byte-order
// mark, bidirectional controls) and the line and paragraph separators (Zl,
// Zp). Text shown to a person writes them visibly, so that "EMEA" and
// "EMEA" with a zero-width space do not look alike.
func Invisible(r rune) bool {
	return r >= 0x80 && unicode.In(r, unicode.Cf, unicode.Zl, unicode.Zp)
}
