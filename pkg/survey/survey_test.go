package survey

import (
	"strings"
	"testing"

	"github.com/npskit/nps/pkg/usererr"
)

func TestParseCondition(t *testing.T) {
	tests := []struct {
		in   string
		want Condition
		err  bool
	}{
		{"region=EMEA", Condition{"region", "EMEA", false}, false},
		{"region!=EMEA", Condition{"region", "EMEA", true}, false},
		{" region = EMEA ", Condition{"region", "EMEA", false}, false},
		{"a=b=c", Condition{"a", "b=c", false}, false},
		{"plan=", Condition{"plan", "", false}, false},
		{"plan!=", Condition{"plan", "", true}, false},
		{"region", Condition{}, true},
		{"=x", Condition{}, true},
		{"!=x", Condition{}, true},
		{"", Condition{}, true},
	}
	for _, tt := range tests {
		c, err := ParseCondition(tt.in)
		if (err != nil) != tt.err || c != tt.want {
			t.Errorf("ParseCondition(%q) = %+v, %v", tt.in, c, err)
		}
		if err != nil {
			if usererr.KindOf(err) != usererr.Usage || !strings.Contains(err.Error(), "--where") {
				t.Errorf("ParseCondition(%q): %v is not a usage error naming --where", tt.in, err)
			}
		}
	}
}

func TestParseScale(t *testing.T) {
	for in, want := range map[string]Scale{"": ScaleDetect, "0-10": Scale0To10, "1-11": Scale1To11} {
		if got, err := ParseScale(in); got != want || err != nil {
			t.Errorf("ParseScale(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	for _, in := range []string{"1-5", "0-11", " 0-10", "1-10"} {
		_, err := ParseScale(in)
		if usererr.KindOf(err) != usererr.Usage || !strings.Contains(err.Error(), "--scale") {
			t.Errorf("ParseScale(%q): %v is not a usage error naming --scale", in, err)
		}
	}
}
