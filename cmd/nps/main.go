// Command nps analyses Net Promoter Score survey exports.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"
	"time"
	_ "time/tzdata" // --tz works on machines without a zone database

	"github.com/mattn/go-isatty"
)

// interruptGrace is how long a run may take to stop by itself after Ctrl-C
// or SIGTERM (it checks between blocks of rows) before it is ended: a run
// blocked in a read (a FIFO that no one writes) never would.
const interruptGrace = time.Second

func main() {
	tuneGC(os.Getenv)
	// A closed stdout (nps classify big.csv | head) must end quietly: asking
	// for SIGPIPE turns the fatal signal into an EPIPE write error that
	// exitCode maps to success.
	signal.Notify(make(chan os.Signal, 1), syscall.SIGPIPE)
	ctx, cancel := context.WithCancel(context.Background())
	stopped := make(chan int, 1) // the exit status a signal asks for
	sigs := make(chan os.Signal, 2)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	go func() {
		code := exitStatusOf(<-sigs)
		stopped <- code
		cancel()
		select {
		case <-sigs: // a second signal: at once
		case <-time.After(interruptGrace):
		}
		abortOutputs() // an -o file stays as it was
		msg := "nps: interrupted\n"
		if isatty.IsTerminal(os.Stderr.Fd()) {
			msg = "\r\x1b[2K" + msg // over the progress line, if one is drawn
		}
		os.Stderr.WriteString(msg)
		os.Exit(code)
	}()
	st := streams{
		in:          os.Stdin,
		out:         os.Stdout,
		err:         os.Stderr,
		isTerminal:  isatty.IsTerminal(os.Stdout.Fd()),
		errTerminal: isatty.IsTerminal(os.Stderr.Fd()),
		width:       terminalWidth(os.Stdout),
		inTerminal:  isatty.IsTerminal(os.Stdin.Fd()),
		getenv:      os.Getenv,
	}
	code := run(ctx, os.Args[1:], st)
	select {
	case c := <-stopped:
		if code != 0 { // stopped by the signal, not finished before it
			code = c
		}
	default:
	}
	os.Exit(code)
}

// exitStatusOf is the status of a run ended by sig: 128 + its number, as
// shells report it (130 for Ctrl-C, 143 for SIGTERM).
func exitStatusOf(sig os.Signal) int {
	if s, ok := sig.(syscall.Signal); ok {
		return 128 + int(s)
	}
	return 130
}
