package survey_test

import (
	"fmt"

	"github.com/npskit/nps/pkg/survey"
)

func ExampleParseScore() {
	for _, s := range []string{"9", " 10.0 ", "Not at all likely - 0", "N/A", "", "11", "7.5"} {
		score, st := survey.ParseScore(s)
		switch st {
		case survey.Valid:
			fmt.Printf("%q: %d\n", s, score)
		case survey.Blank:
			fmt.Printf("%q: blank\n", s)
		case survey.Invalid:
			fmt.Printf("%q: invalid\n", s)
		}
	}
	// Output:
	// "9": 9
	// " 10.0 ": 10
	// "Not at all likely - 0": 0
	// "N/A": blank
	// "": blank
	// "11": invalid
	// "7.5": invalid
}

func ExampleParseCondition() {
	c, err := survey.ParseCondition("region!=EMEA")
	fmt.Printf("%+v %v\n", c, err)
	_, err = survey.ParseCondition("region")
	fmt.Println(err)
	// Output:
	// {Column:region Value:EMEA Negate:true} <nil>
	// invalid --where "region": no '='; write --where COL=VALUE or --where COL!=VALUE
}
