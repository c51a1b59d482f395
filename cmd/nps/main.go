// Command nps analyses Net Promoter Score survey exports.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"
	_ "time/tzdata" // --tz works on machines without a zone database

	"github.com/mattn/go-isatty"
)

func main() {
	// A closed stdout (nps classify big.csv | head) must end quietly: asking
	// for SIGPIPE turns the fatal signal into an EPIPE write error that
	// exitCode maps to success.
	signal.Notify(make(chan os.Signal, 1), syscall.SIGPIPE)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	st := streams{
		in:         os.Stdin,
		out:        os.Stdout,
		err:        os.Stderr,
		isTerminal: isatty.IsTerminal(os.Stdout.Fd()),
		inTerminal: isatty.IsTerminal(os.Stdin.Fd()),
		getenv:     os.Getenv,
	}
	code := run(ctx, os.Args[1:], st)
	stop()
	os.Exit(code)
}
