package survey_test

import (
	"fmt"
	"io"
	"strings"

	"github.com/npskit/nps/pkg/survey"
)

func ExampleOpen() {
	export := "id,How likely are you to recommend us?,Why?\n" +
		"1,10 - Extremely likely,Great support\n" +
		"2,6,Too slow\n" +
		"3,,\n" +
		"4,11,typo\n"
	r, err := survey.Open(nil, strings.NewReader(export), survey.Options{Scale: "0-10"})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer r.Close()
	fmt.Println("score column:", r.Columns()[r.Roles().Score])
	for {
		resp, err := r.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			fmt.Println(err)
			return
		}
		if resp.Status == survey.Blank {
			fmt.Printf("line %d: blank\n", resp.Line)
			continue
		}
		fmt.Printf("line %d: %d (%s)\n", resp.Line, resp.Score, resp.Fields[r.Roles().Comment])
	}
	fmt.Printf("%+v\n", r.Stats())
	for _, w := range r.Warnings() {
		fmt.Println("warning:", w)
	}
	// Output:
	// score column: How likely are you to recommend us?
	// line 2: 10 (Great support)
	// line 3: 6 (Too slow)
	// line 4: blank
	// {Rows:4 Valid:2 Blank:1 Invalid:1 BadDates:0 Filtered:0}
	// warning: stdin: 1 invalid score skipped (line 5); scores must be whole numbers 0-10
}

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
