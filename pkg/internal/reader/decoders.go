package reader

import (
	"bufio"
	"slices"

	"github.com/npskit/nps/pkg/survey"
)

// textInput is an input's text as the decoders get it: after gzip, the
// byte-order mark and the encoding, with its first bytes peeked.
type textInput struct {
	r        *bufio.Reader
	format   string // the name the decoder was picked by
	peek     []byte // the first peekSize bytes (fewer when complete)
	complete bool   // peek holds the whole input
	mode     textMode
	opt      *survey.Options
}

// textDecoders open the decoder of each text format, picked by name (as
// Miller's record-reader factory does); each decoder is a file of its own
// (csv.go with layout.go, json.go, jsonl.go). xlsx, which is not text, is
// opened before the text is decoded (xlsx.go). A new format is one more
// entry here and its file.
var textDecoders = map[string]func(s *source, in textInput) error{
	"csv":    openCSVInput,
	"tsv":    openCSVInput,
	"json":   openJSONInput,
	"jsonl":  openJSONLInput,
	"ndjson": openJSONLInput,
}

// inputFormats are the --input-format values.
var inputFormats = append(slices.Sorted(func(yield func(string) bool) {
	for f := range textDecoders {
		if !yield(f) {
			return
		}
	}
}), "xlsx")

func openCSVInput(s *source, in textInput) error {
	return s.openCSV(in.r, in.format, in.peek, in.complete, in.mode, in.opt)
}

func openJSONInput(s *source, in textInput) error {
	s.info.Format = "json"
	d, err := newJSONDecoder(s.name, in.r, in.peek, in.complete, in.opt, s.inspect)
	if err != nil {
		return err
	}
	s.jsonStart, s.jcols = d.elemStart, d.jsonColumns
	s.setDecoder(d)
	return nil
}

func openJSONLInput(s *source, in textInput) error {
	s.info.Format = "jsonl"
	d, err := newJSONLDecoder(s.name, in.r)
	if err != nil {
		return err
	}
	s.jcols = d.jsonColumns
	s.setDecoder(d)
	return nil
}
