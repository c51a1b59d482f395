package main

import (
	"os"
	"strconv"

	"golang.org/x/term"
)

// Widths of the output in columns (SPEC section 6: tables fit the
// terminal).
const (
	defaultWidth = 80 // stdout is no terminal, and COLUMNS is unset
	minWidth     = 40 // narrower terminals get this much and wrap
)

// terminalWidth is f's width when it is a terminal, else 0.
func terminalWidth(f *os.File) int {
	w, _, err := term.GetSize(int(f.Fd()))
	if err != nil {
		return 0
	}
	return w
}

// tableWidth is the width tables fit: the terminal's, else COLUMNS (as
// shells set it), else 80; never under 40.
func tableWidth(terminal int, getenv func(string) string) int {
	w := terminal
	if w <= 0 {
		w = defaultWidth
		if c, err := strconv.Atoi(getenv("COLUMNS")); err == nil && c > 0 {
			w = c
		}
	}
	return max(w, minWidth)
}
