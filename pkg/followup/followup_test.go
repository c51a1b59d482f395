package followup

import (
	"strings"
	"testing"
	"time"

	"github.com/npskit/nps/pkg/nps"
)

func TestParseDue(t *testing.T) {
	d, err := ParseDue("promoter=3w, Detractors=1d")
	if err != nil || d != (Due{1, 7, 21}) {
		t.Errorf("ParseDue = %v, %v", d, err)
	}
	if d, err := ParseDue(DefaultDue.String()); err != nil || d != (Due{2, 7, 14}) {
		t.Errorf("default round trip %v %v", d, err)
	}
	for _, bad := range []string{"detractors", "detractors=2", "fans=2d", "detractors=-1d", "detractors=xd", "all=2d"} {
		if _, err := ParseDue(bad); err == nil {
			t.Errorf("ParseDue(%q): no error", bad)
		}
	}
}

func TestReadActions(t *testing.T) {
	a, err := ReadActions(strings.NewReader("action,category\nCall back,detractor\n,passives\n"), "a.csv")
	if err != nil || a[nps.Detractor] != "Call back" || a[nps.Passive] != DefaultActions[nps.Passive] || a[nps.Promoter] != DefaultActions[nps.Promoter] {
		t.Errorf("ReadActions = %q, %v", a, err)
	}
	if a, err := ReadActions(strings.NewReader("category\taction\npromoters\tSay thanks\n"), "a.tsv"); err != nil || a[nps.Promoter] != "Say thanks" {
		t.Errorf("TSV: %q, %v", a, err)
	}
	if _, err := ReadActions(strings.NewReader("category,action\nfans,x\n"), "a.csv"); err == nil || !strings.HasPrefix(err.Error(), "a.csv:2: ") {
		t.Errorf("bad category: %v", err)
	}
}

func TestReadDone(t *testing.T) {
	for _, c := range []struct{ in, idCol, want string }{
		{"respondent,category\nA,detractor\nB,passive\n", "id", "A B"},
		{"\ufeffcustomer;x\n", "customer", ""},
		{"customer,x\n C ,1\n,2\n", "customer", "C"},
		{"ids\nD\nE\n", "customer", "D E"},
	} {
		got, err := ReadDone(strings.NewReader(c.in), "done.csv", c.idCol)
		if err != nil {
			t.Errorf("%q: %v", c.in, err)
			continue
		}
		for _, id := range strings.Fields(c.want) {
			if !got[id] {
				t.Errorf("%q: %q not done (%v)", c.in, id, got)
			}
		}
		if len(got) != len(strings.Fields(c.want)) {
			t.Errorf("%q: %v", c.in, got)
		}
	}
	if _, err := ReadDone(strings.NewReader("a,b\n1,2\n"), "done.csv", "id"); err == nil {
		t.Error("no id column: no error")
	}
}

func TestList(t *testing.T) {
	day := func(d int) time.Time { return time.Date(2025, 3, d, 15, 0, 0, 0, time.UTC) }
	l := NewList(DefaultDue)
	l.Add("a", 9, day(1), []string{"a", "first"})
	l.Add("a", 2, day(5), []string{"a", "latest"}) // a: detractor, due 03-07
	l.Add("b", 0, day(4), []string{"b"})           // due 03-06
	l.Add("c", 7, day(1), []string{"c"})           // passive, due 03-08
	l.Add("d", 10, day(2), []string{"d"})          // promoter, due 03-16
	l.Add("a", 10, day(3), []string{"a", "older"}) // earlier than a's latest: ignored
	l.Add("", 1, day(1), []string{"anonymous"})    // its own respondent, due 03-03
	l.Add("", 1, day(1), []string{"anonymous 2"})
	var got []string
	for _, it := range l.Items(map[string]bool{"d": true}, nps.CategorySet{true, true, true}) {
		got = append(got, it.Respondent+":"+it.Category.String()+":"+it.Due.Format("01-02")+":"+it.Fields[len(it.Fields)-1])
	}
	want := ":detractor:03-03:anonymous :detractor:03-03:anonymous 2 b:detractor:03-06:b a:detractor:03-07:latest c:passive:03-08:c"
	if strings.Join(got, " ") != want {
		t.Errorf("items\n%s\nwant\n%s", strings.Join(got, " "), want)
	}
	if n := len(l.Items(nil, nps.CategorySet{nps.Promoter: true})); n != 1 {
		t.Errorf("promoters only: %d", n)
	}
}
