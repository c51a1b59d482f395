package jsonscan_test

import (
	"fmt"

	"github.com/npskit/nps/pkg/internal/jsonscan"
)

// The scanner picks the wanted keys out of a flat JSON line; anything it
// cannot read exactly as encoding/json would (here: a key it does not know)
// falls back to the general decoder.
func Example() {
	s := jsonscan.New([]string{"id", "score", "region"}, []int{-1, 0, 1})
	st, _ := s.Line([]byte(`{"id": 7, "score": 9, "region": "EM\u0045A"}`))
	fmt.Println(st == jsonscan.OK, string(s.Value(0)), string(s.Value(1)))
	st, _ = s.Line([]byte(`{"id": 8, "score": null, "region": "NA"}`))
	fmt.Println(st == jsonscan.OK, len(s.Value(0)), string(s.Value(1)))
	st, _ = s.Line([]byte(`{"id": 9, "score": 9, "plan": "Pro"}`))
	fmt.Println(st == jsonscan.Fallback)
	// Output:
	// true 9 EMEA
	// true 0 NA
	// true
}
