// Package usererr holds the errors the tool shows to a person: one line that
// says where (file and line when known), what is wrong and what to do, and a
// kind that decides the exit code.
package usererr

import (
	"errors"
	"fmt"
	"strings"
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
	return oneLine(b.String())
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

// oneLine keeps an error to one line whatever a cause's text holds.
func oneLine(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '\n' || r == '\r' {
			return ' '
		}
		return r
	}, s)
}
