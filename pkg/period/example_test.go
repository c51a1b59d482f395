package period_test

import (
	"fmt"
	"time"

	"github.com/npskit/nps/pkg/period"
)

func ExampleOf() {
	t := time.Date(2024, 12, 30, 9, 0, 0, 0, time.UTC) // a Monday
	for _, u := range []period.Unit{period.Day, period.Week, period.Month, period.Quarter, period.Year} {
		fmt.Printf("%-7s %s\n", u, period.Of(t, u).Label())
	}
	// Output:
	// day     2024-12-30
	// week    2025-W01
	// month   2024-12
	// quarter 2024-Q4
	// year    2024
}

func ExampleParse() {
	p, err := period.Parse(period.Quarter, "2025-Q1")
	if err != nil {
		panic(err)
	}
	for i := 0; i < 3; i++ {
		fmt.Println(p.Label(), p.Start(time.UTC).Format(time.DateOnly))
		p = p.Next()
	}
	_, err = period.Parse(period.Week, "2025-10")
	fmt.Println(err)
	// Output:
	// 2025-Q1 2025-01-01
	// 2025-Q2 2025-04-01
	// 2025-Q3 2025-07-01
	// "2025-10" is not a week; write it like 2025-W10
}

func ExamplePeriod_Start() {
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		panic(err)
	}
	p, _ := period.Parse(period.Day, "2025-03-09") // clocks go forward at 02:00
	fmt.Println(p.Start(ny))
	fmt.Println(p.Next().Start(ny))
	// Output:
	// 2025-03-09 00:00:00 -0500 EST
	// 2025-03-10 00:00:00 -0400 EDT
}

func ExampleParseUnit() {
	u, err := period.ParseUnit("Week")
	fmt.Println(u, err)
	_, err = period.ParseUnit("fortnight")
	fmt.Println(err)
	// Output:
	// week <nil>
	// unknown period "fortnight"; use day, week, month, quarter or year
}
