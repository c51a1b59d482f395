package render

import (
	"bytes"
	"encoding/json"
	"testing"
)

// stdlibString is s as encoding/json writes it with HTML escaping off.
func stdlibString(s string) string {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s)
	return string(bytes.TrimSuffix(b.Bytes(), []byte("\n")))
}

var jsonStrings = []string{
	"", "plain", "R&D <b>", `quo"te`, `back\slash`, "tab\there", "line\nbreak", "\r", "\x00\x01\x1f",
	"\x7f", "café", "emoji 😀", "a\u2028b", "\u2029", "\xff", "cut \xc3", "\xed\xa0\x80", "=HYPERLINK(\"x\")",
}

func TestStrMatchesEncodingJSON(t *testing.T) {
	for _, s := range jsonStrings {
		var b jsonBuf
		b.str(s)
		if got, want := b.String(), stdlibString(s); got != want {
			t.Errorf("str(%q) = %s, want %s", s, got, want)
		}
	}
}

func FuzzStr(f *testing.F) {
	for _, s := range jsonStrings {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var b jsonBuf
		b.str(s)
		if got, want := b.String(), stdlibString(s); got != want {
			t.Errorf("str(%q) = %s, want %s", s, got, want)
		}
	})
}
