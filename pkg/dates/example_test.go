package dates_test

import (
	"fmt"
	"time"

	"github.com/npskit/nps/pkg/dates"
)

func ExampleParser() {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		panic(err)
	}
	// Values without a zone are Berlin wall-clock time; results are in UTC.
	p, err := dates.NewParser(dates.Format{}, berlin, time.UTC)
	if err != nil {
		panic(err)
	}
	column := []string{"03/04/2025 09:15", "31/01/2025 17:40", "2025/09/01 10:09:52 AM GMT+3"}
	for _, v := range column {
		p.Observe(v)
	}
	fmt.Printf("warning: %q, order: %v\n", p.Decide(), p.Order())
	for _, v := range column {
		t, ok := p.Parse(v)
		fmt.Println(t, ok)
	}
	fmt.Println(p.Layout())
	// Output:
	// warning: "", order: day-first
	// 2025-04-03 07:15:00 +0000 UTC true
	// 2025-01-31 16:40:00 +0000 UTC true
	// 2025-09-01 07:09:52 +0000 UTC true
	// 2006/01/02 03:04:05 PM GMT-07:00
}

func ExampleParser_Decide() {
	p, _ := dates.NewParser(dates.Format{}, nil, time.UTC)
	p.Observe("03/04/2025")
	p.Observe("05/06/2025")
	fmt.Println(p.Decide())
	t, _ := p.Parse("03/04/2025")
	fmt.Println(t.Format(time.DateOnly))
	// Output:
	// 03/04/2025 could be March 4 or April 3; read as month-first (MM/DD/YYYY); set --date-format day-first if that is wrong
	// 2025-03-04
}

func ExampleNewParser() {
	f, err := dates.ParseFormat("02.01.2006 15:04")
	if err != nil {
		panic(err)
	}
	p, err := dates.NewParser(f, nil, time.UTC)
	if err != nil {
		panic(err)
	}
	fmt.Println(p.Parse("31.01.2025 15:09"))
	fmt.Println(p.Parse("2025-01-31")) // only the given layout is used

	_, err = dates.ParseFormat("DD/MM/YYYY")
	fmt.Println(err)
	// Output:
	// 2025-01-31 15:09:00 +0000 UTC true
	// 0001-01-01 00:00:00 +0000 UTC false
	// unknown --date-format "DD/MM/YYYY"; use day-first (or dmy), month-first (or mdy), or a Go layout of the reference time Mon Jan 2 15:04:05 2006, such as "02.01.2006 15:04"
}
