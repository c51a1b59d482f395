package dates

import (
	"testing"
	"time"
)

func TestParseBytes(t *testing.T) {
	p, _ := NewParser(Format{}, time.UTC, time.UTC)
	buf := []byte("2025-03-07T10:11:12Z")
	got, ok := p.ParseBytes(buf)
	want, _ := p.Parse("2025-03-07T10:11:12Z")
	copy(buf, "1999-01-01T00:00:00Z") // reusing the buffer must not change the result
	if !ok || !got.Equal(want) || got.Year() != 2025 {
		t.Fatalf("ParseBytes = %v, %v; want %v", got, ok, want)
	}
	if _, ok := p.ParseBytes(nil); ok {
		t.Fatal("empty value parsed")
	}
}

// BenchmarkParseBytes parses an RFC 3339 timestamp from bytes (the hot path
// of --period).
func BenchmarkParseBytes(b *testing.B) {
	p, _ := NewParser(Format{}, time.UTC, time.UTC)
	v := []byte("2025-03-07T10:11:12Z")
	b.ReportAllocs()
	for b.Loop() {
		if _, ok := p.ParseBytes(v); !ok {
			b.Fatal("not parsed")
		}
	}
}
