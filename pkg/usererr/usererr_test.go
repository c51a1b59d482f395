package usererr

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"testing"
)

func TestErrorText(t *testing.T) {
	tests := []struct {
		name string
		err  *Error
		want string
	}{
		{"file and line", Newf(Data, "a.csv", 12, "scores must be whole numbers 0-10", "invalid score %q", "11"),
			`a.csv:12: invalid score "11"; scores must be whole numbers 0-10`},
		{"file only", Newf(Data, "a.csv", 0, "", "empty file"), "a.csv: empty file"},
		{"stdin", Newf(Data, "-", 3, "", "bad quote"), "stdin:3: bad quote"},
		{"no file", Usagef("use day, week, month, quarter or year", "--period %q is not a period", "fortnight"),
			`--period "fortnight" is not a period; use day, week, month, quarter or year`},
		{"newlines escaped", Newf(Data, "a.csv", 0, "", "cell\nwith\r\nbreaks"), `a.csv: cell\nwith\r\nbreaks`},
		{"escape sequence in a file name", Newf(Data, "\x1b[2J\x1b]0;pwned\x07x.csv", 3, "check the path", "no such file"),
			`\x1b[2J\x1b]0;pwned\x07x.csv:3: no such file; check the path`},
		{"tab, DEL and C1 controls", Newf(Data, "a\tb\x7f\u0085.csv", 0, "", "x"), `a\tb\x7f\x85.csv: x`},
		{"bidi override and zero-width characters", Newf(Usage, "", 0, "", "no sheet %s", "\u202eabc\u200b\ufeff\u2028"),
			`no sheet \u202eabc\u200b\ufeff\u2028`},
		{"bytes that are not UTF-8", Newf(Data, "caf\xe9.csv", 0, "", "x"), `caf\xe9.csv: x`},
		{"printable text is kept", Newf(Data, "Zürich 東京.csv", 0, "", "ok – “quoted”"), "Zürich 東京.csv: ok – “quoted”"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.err.Error(); got != tt.want {
				t.Errorf("got  %q\nwant %q", got, tt.want)
			}
		})
	}
}

func TestKindOf(t *testing.T) {
	tests := []struct {
		err  error
		want Kind
	}{
		{Usagef("", "x"), Usage},
		{fmt.Errorf("wrapped: %w", Newf(Threshold, "", 0, "", "below")), Threshold},
		{Newf(Data, "f", 1, "", "x"), Data},
		{io.ErrUnexpectedEOF, Data}, // anything else is a data error
	}
	for _, tt := range tests {
		if got := KindOf(tt.err); got != tt.want {
			t.Errorf("KindOf(%v) = %d, want %d", tt.err, got, tt.want)
		}
	}
}

func TestUnwrap(t *testing.T) {
	e := &Error{Kind: Data, Msg: "read failed", Err: io.ErrUnexpectedEOF}
	if !errors.Is(e, io.ErrUnexpectedEOF) {
		t.Error("errors.Is does not see the cause")
	}
}

// TestReason: a PathError anywhere in the chain gives way to its cause;
// anything else is left as it is.
func TestReason(t *testing.T) {
	full := errors.New("no space left on device")
	pe := &fs.PathError{Op: "write", Path: "/tmp/nps-spool-1", Err: full}
	plain := errors.New("plain")
	for _, tc := range []struct {
		in, want error
	}{
		{pe, full},
		{fmt.Errorf("spool: %w", pe), full},
		{plain, plain},
		{nil, nil},
	} {
		if got := Reason(tc.in); got != tc.want {
			t.Errorf("Reason(%v) = %v, want %v", tc.in, got, tc.want)
		}
	}
}
