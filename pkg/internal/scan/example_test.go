package scan_test

import (
	"fmt"

	"github.com/npskit/nps/pkg/internal/scan"
)

// Only the asked-for fields are extracted; quoted fields with the delimiter,
// doubled quotes and line ends read as encoding/csv reads them.
func Example() {
	data := []byte("id,score,comment\n1,9,\"fast, friendly\"\n2,3,\"said \"\"no\"\"\nthen left\"\n")
	s := scan.New(',', []int{1, 2})
	s.Reset(data, 1, true)
	for s.Next() {
		fmt.Printf("line %d: %s | %q\n", s.Line, s.Fields[0], s.Fields[1])
	}
	fmt.Println(s.Err)
	// Output:
	// line 1: score | "comment"
	// line 2: 9 | "fast, friendly"
	// line 3: 3 | "said \"no\"\nthen left"
	// <nil>
}
