package usererr_test

import (
	"fmt"

	"github.com/npskit/nps/pkg/usererr"
)

func ExampleNewf() {
	err := usererr.Newf(usererr.Data, "responses.csv", 14, "scores must be whole numbers 0-10", "invalid score %q", "11")
	fmt.Println(err)
	fmt.Println("exit status", usererr.KindOf(err))
	// Output:
	// responses.csv:14: invalid score "11"; scores must be whole numbers 0-10
	// exit status 1
}
