package main

// -plant: an export with known signals, for the insight commands' tests.
// Channel "in-app" drags the score (its promoter share lowered and its
// detractor share raised by 0.25); plan has no effect at all (region
// keeps its shifts); and the comments carry planted themes:
//
//   - detractors: "login" (about half their comments), and "invoice" in the
//     last 90 days only (what is new);
//   - passives: "reports" being "slow";
//   - promoters: the "dashboard".
//
// Comments mix these with generic ones and shared filler, so the planted
// terms must stand out against the other categories to be found.

const plantDrag = 0.25

// plantShift is the score shift of a response in the planted export.
func plantShift(region, channel int, drift float64) float64 {
	s := regionShift[region] + drift
	if channels[channel] == "in-app" {
		s -= plantDrag
	}
	return s
}

var (
	plantThemes = [3][]string{
		{"Login fails every morning", "Cannot login since the update", "The login page times out", "login broken again, lost an hour"},
		{"Reports are slow to load", "Fine, but reports are slow", "slow reports on big accounts"},
		{"The dashboard is great", "Love the new dashboard", "dashboard saves us time"},
	}
	plantGeneric = [3][]string{
		{"Too expensive for what it does", "Support took a week to answer", "Hard to set up"},
		{"Does the job", "OK overall", "Onboarding could be better"},
		{"Would recommend", "Works well", "Good value"},
	}
	plantNew    = []string{"The invoice was wrong", "Invoice charged twice", "wrong invoice again"}
	plantFiller = []string{"we use it every day", "our team of twelve", "on the mobile app", "since last year", "for our sales team"}
)

// plantComment draws a comment of category cat for a response sec
// seconds into a survey of span seconds.
func plantComment(r *rng, cat int, sec, span int64) string {
	var c string
	switch u := r.float(); {
	case cat == 0 && sec > span-90*86400 && u < 0.5:
		c = plantNew[r.intn(len(plantNew))]
	case u < 0.5:
		c = plantThemes[cat][r.intn(len(plantThemes[cat]))]
	default:
		c = plantGeneric[cat][r.intn(len(plantGeneric[cat]))]
	}
	if r.float() < 0.5 {
		c += ", " + plantFiller[r.intn(len(plantFiller))]
	}
	return c
}
