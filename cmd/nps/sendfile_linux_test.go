package main

import (
	"bytes"
	"testing"
)

// TestSendFilePipe: the kernel copies a spool into a pipe (the copy is not
// left to io.Copy), all of it, in order, though the pipe holds far less.
func TestSendFilePipe(t *testing.T) {
	data := bytes.Repeat([]byte("R1,1,0,1,0\n"), 300_000)
	w, got := pipeReader(t)
	done, err := sendFile(w, spoolOf(t, data))
	if !done || err != nil {
		t.Fatalf("sendFile to a pipe: done %v, %v", done, err)
	}
	if b := got(); !bytes.Equal(b, data) {
		t.Errorf("%d bytes arrived, want the %d written", len(b), len(data))
	}
}
