package drivers

import (
	"math"
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"

	"github.com/npskit/nps/pkg/nps"
)

func tally(promoters, passives, detractors int64) nps.Tally {
	var t nps.Tally
	t.Count[10], t.Count[8], t.Count[3] = promoters, passives, detractors
	return t
}

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

func TestAnalyzeByHand(t *testing.T) {
	// plan=Free: 20/30/50 (NPS -30), plan=Pro: 180/90/30 (NPS 50); all 400:
	// 200 promoters, 80 detractors, NPS 30 = 0.25·(-30) + 0.75·50.
	free, pro := tally(20, 30, 50), tally(180, 90, 30)
	var all nps.Tally
	all.Merge(&free)
	all.Merge(&pro)
	opt := Options{Options: nps.DefaultOptions()}
	ds := Analyze(&all, []Segment{{Column: "plan", Value: "Pro", Tally: pro}, {Column: "plan", Value: "Free", Tally: free}}, opt)
	if len(ds) != 2 || ds[0].Value != "Free" {
		t.Fatalf("order: %+v", ds)
	}
	f, p := ds[0], ds[1]
	// Free: share 0.25, rest = Pro (50), gap -80, impact 0.25·(50+30) = 20.
	if !near(f.Share, 0.25) || !near(f.RestNPS, 50) || !near(f.Gap, -80) || !near(f.Impact, 20) {
		t.Errorf("Free: share %v rest %v gap %v impact %v", f.Share, f.RestNPS, f.Gap, f.Impact)
	}
	// Pro: share 0.75, rest = Free (-30), gap 80, impact 0.75·(-30-50) = -60.
	if !near(p.Share, 0.75) || !near(p.RestNPS, -30) || !near(p.Gap, 80) || !near(p.Impact, -60) {
		t.Errorf("Pro: share %v rest %v gap %v impact %v", p.Share, p.RestNPS, p.Gap, p.Impact)
	}
	// The gap's interval is the compare interval of the segment against
	// the rest; with two rows Holm doubles the smaller p-value and the
	// larger is at least that.
	c := nps.Compare(&pro, &free, nps.DefaultOptions())
	if !near(f.GapLow, c.DiffCILow) || !near(f.GapHigh, c.DiffCIHigh) || !near(f.PValue, c.PValue) {
		t.Errorf("Free interval %v..%v p %v, compare gives %v..%v p %v", f.GapLow, f.GapHigh, f.PValue, c.DiffCILow, c.DiffCIHigh, c.PValue)
	}
	lo := math.Min(f.PValue, p.PValue)
	if !near(math.Min(f.PAdjusted, p.PAdjusted), math.Min(1, 2*lo)) || !f.Significant || !p.Significant {
		t.Errorf("adjusted %v %v", f.PAdjusted, p.PAdjusted)
	}
}

func TestHolmAcrossRows(t *testing.T) {
	// Three segments of one column; raw p-values p1 <= p2 <= p3 give Holm
	// 3·p1, max(3·p1, 2·p2), max(…, p3), capped at 1.
	a, b, c := tally(50, 30, 20), tally(40, 30, 30), tally(45, 30, 25)
	var all nps.Tally
	for _, x := range []*nps.Tally{&a, &b, &c} {
		all.Merge(x)
	}
	ds := Analyze(&all, []Segment{{Column: "r", Value: "a", Tally: a}, {Column: "r", Value: "b", Tally: b}, {Column: "r", Value: "c", Tally: c}}, Options{Options: nps.DefaultOptions()})
	byP := append([]Driver(nil), ds...)
	for i := range byP {
		for j := i + 1; j < len(byP); j++ {
			if byP[j].PValue < byP[i].PValue {
				byP[i], byP[j] = byP[j], byP[i]
			}
		}
	}
	want := []float64{3 * byP[0].PValue, 0, 0}
	want[1] = math.Max(want[0], 2*byP[1].PValue)
	want[2] = math.Max(want[1], byP[2].PValue)
	for i, d := range byP {
		if !near(d.PAdjusted, math.Min(1, want[i])) {
			t.Errorf("%s: adjusted %v, want %v", d.Value, d.PAdjusted, want[i])
		}
	}
}

// A segment planted to drag the score comes out first and significant; a
// column drawn without any effect comes out with no significant row.
func TestPlantedDrag(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 11))
	regions := []string{"APAC", "EMEA", "LATAM", "NA"}
	channels := []string{"email", "in-app", "web"}
	var all nps.Tally
	byRegion := make([]nps.Tally, len(regions))
	byChannel := make([]nps.Tally, len(channels))
	for range 4000 {
		reg, ch := r.IntN(len(regions)), r.IntN(len(channels))
		pPro, pDet := 0.50, 0.20
		if regions[reg] == "LATAM" { // the drag
			pPro, pDet = 0.35, 0.35
		}
		u, score := r.Float64(), 8
		switch {
		case u < pDet:
			score = 3
		case u > 1-pPro:
			score = 10
		}
		all.Add(score)
		byRegion[reg].Add(score)
		byChannel[ch].Add(score)
	}
	var segs []Segment
	for i, v := range regions {
		segs = append(segs, Segment{Column: "region", Value: v, Tally: byRegion[i]})
	}
	for i, v := range channels {
		segs = append(segs, Segment{Column: "channel", Value: v, Tally: byChannel[i]})
	}
	ds := Analyze(&all, segs, Options{Options: nps.DefaultOptions()})
	if ds[0].Value != "LATAM" || !ds[0].Significant || ds[0].Gap >= 0 {
		t.Errorf("top driver %+v, want LATAM as a significant drag", ds[0])
	}
	for _, d := range ds {
		if d.Column == "channel" && d.Significant {
			t.Errorf("channel %s significant (p adj %v) without an effect", d.Value, d.PAdjusted)
		}
	}
}

func TestPeriodChange(t *testing.T) {
	// Previous period: segment 10/0/10 (NPS 0) in 30/0/10 (rest 20/0/0,
	// NPS 100): gap -100. Last: segment 10/0/0 (100) in 20/0/10 (rest
	// 10/0/10, 0): gap 100. The change is 200 and clearly significant.
	prev, last := tally(10, 0, 10), tally(10, 0, 0)
	prevAll, lastAll := tally(30, 0, 10), tally(20, 0, 10)
	var all nps.Tally
	all.Merge(&prevAll)
	all.Merge(&lastAll)
	seg := tally(20, 0, 10)
	opt := Options{Options: nps.DefaultOptions(), Periods: true, PrevAll: prevAll, LastAll: lastAll}
	ds := Analyze(&all, []Segment{{Column: "c", Value: "x", Tally: seg, Prev: prev, Last: last}}, opt)
	ch := ds[0].Change
	if ch == nil || !near(ch.PrevGap, -100) || !near(ch.LastGap, 100) || !near(ch.Diff, 200) || !ch.Changed || !(ch.Low > 0 && ch.High >= 200) {
		t.Errorf("change %+v", ch)
	}
	// A segment absent from a period has no change.
	ds = Analyze(&all, []Segment{{Column: "c", Value: "x", Tally: seg, Prev: nps.Tally{}, Last: last}}, opt)
	if c := ds[0].Change; !math.IsNaN(c.Diff) || c.Changed {
		t.Errorf("empty period: %+v", c)
	}
}

// TestAnalyzeSharesEqualCounts: segments of equal counts share one
// comparison (a group per respondent has a few dozen count patterns among
// thousands of segments). Each driver must still be what its own
// nps.VersusRest and Result give, bit for bit, weighted segments (whose
// weights differ under equal counts) included, and a segment that is not
// part of the overall gets NaNs.
func TestAnalyzeSharesEqualCounts(t *testing.T) {
	rnd := rand.New(rand.NewPCG(7, 7))
	var all nps.Tally
	var segs []Segment
	for i := range 3000 {
		var s nps.Tally
		if i%10 == 0 {
			s.Weighted = true
		}
		for range 1 + rnd.IntN(3) {
			score := rnd.IntN(11)
			if s.Weighted {
				s.AddWeighted(score, 0.5+rnd.Float64())
			} else {
				s.Add(score)
			}
		}
		segs = append(segs, Segment{Column: "email", Value: string(rune('a'+i%26)) + string(rune('0'+i%10)) + string(rune(i)), Tally: s})
	}
	for i := range segs {
		all.Merge(&segs[i].Tally)
	}
	segs = append(segs, Segment{Column: "email", Value: "outsider", Tally: tally(100000, 0, 0)}) // more promoters than all
	opt := Options{Options: nps.DefaultOptions()}
	byValue := map[string]*Segment{}
	for i := range segs {
		byValue[segs[i].Value] = &segs[i]
	}
	bits := func(x float64) uint64 { return math.Float64bits(x) }
	for _, d := range Analyze(&all, segs, opt) {
		s := byValue[d.Value]
		c, err := nps.VersusRest(&s.Tally, &all, opt.Options)
		if d.Value == "outsider" {
			if err == nil || !math.IsNaN(d.Gap) || !math.IsNaN(d.RestNPS) {
				t.Fatalf("outsider: err %v, gap %v, rest %v", err, d.Gap, d.RestNPS)
			}
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		if d.Result != s.Tally.Result(opt.Options) || bits(d.RestNPS) != bits(c.A.NPS) || bits(d.Gap) != bits(c.Diff) ||
			bits(d.GapLow) != bits(c.DiffCILow) || bits(d.GapHigh) != bits(c.DiffCIHigh) || bits(d.PValue) != bits(c.PValue) {
			t.Fatalf("%s (%+v): driver %+v, want result %+v and comparison %+v", d.Value, s.Tally, d, s.Tally.Result(opt.Options), c)
		}
	}
}

// TestRankedAsksTwiceAndRereads: Ranked yields what Analyze returns, asks
// for each segment twice (once to rank, once to yield) and no more, may
// be read again without ranking again, and stops when its reader does.
func TestRankedAsksTwiceAndRereads(t *testing.T) {
	var all nps.Tally
	segs := []Segment{
		{Column: "region", Value: "EMEA", Tally: tally(30, 10, 20)},
		{Column: "region", Value: "APAC", Tally: tally(10, 10, 40)},
		{Column: "plan", Value: "Pro", Tally: tally(25, 5, 5)},
		{Column: "plan", Value: "Free", Tally: tally(15, 15, 55)},
	}
	for i := range segs[:2] {
		all.Merge(&segs[i].Tally)
	}
	opt := Options{Options: nps.DefaultOptions()}
	asked := make([]int, len(segs))
	ranked := Ranked(&all, len(segs), func(i int) *Segment { asked[i]++; return &segs[i] }, opt)
	want := Analyze(&all, segs, opt)
	for pass := range 2 {
		got := slices.Collect(ranked)
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("pass %d: %+v\nwant %+v", pass, got, want)
		}
	}
	if !slices.Equal(asked, []int{3, 3, 3, 3}) {
		t.Errorf("segments asked for %v times: want 3 each (ranked once, yielded twice)", asked)
	}
	if want[0].Value != "APAC" && want[0].Value != "Free" {
		t.Errorf("first driver %s: not the largest impact", want[0].Value)
	}
	n := 0
	for range ranked {
		if n++; n == 2 {
			break
		}
	}
}
