package reader

import (
	"bufio"
	"bytes"
)

// Line ends and the first line of a CSV/TSV file, decided from the sample
// (the first 64 KiB) before the CSV reader starts.

// sepLine reads Excel's "sep=;" first line (also quoted): it returns the
// delimiter it names and the length of the line with its line end, or 0, 0.
func sepLine(peek []byte) (rune, int) {
	nl := bytes.IndexAny(peek, "\r\n")
	if nl < 0 {
		return 0, 0
	}
	line := peek[:nl]
	if len(line) >= 2 && line[0] == '"' && line[len(line)-1] == '"' {
		line = line[1 : len(line)-1]
	}
	if len(line) != 5 || !bytes.EqualFold(line[:4], []byte("sep=")) || line[4] == '"' {
		return 0, 0
	}
	n := nl + 1
	if peek[nl] == '\r' && n < len(peek) && peek[n] == '\n' {
		n++
	}
	return rune(line[4]), n
}

// crLines turns each carriage return outside quotes that is not followed
// by a line feed into a line feed, for files whose lines end in a lone CR
// (Excel's "CSV (Macintosh)", or files pasted together from such and
// others). A CR inside a quoted field is left to the field.
type crLines struct {
	br      *bufio.Reader
	inQuote bool
}

func (c *crLines) Read(p []byte) (int, error) {
	n, err := c.br.Read(p)
	for i := 0; i < n; i++ {
		switch p[i] {
		case '"':
			c.inQuote = !c.inQuote
		case '\r':
			if c.inQuote {
				continue
			}
			if i+1 < n {
				if p[i+1] != '\n' {
					p[i] = '\n'
				}
			} else if b, _ := c.br.Peek(1); len(b) == 0 || b[0] != '\n' {
				p[i] = '\n'
			}
		}
	}
	return n, err
}

// crToLF is what crLines makes of the sample p: a copy with the lone CRs
// outside quotes turned into line feeds, or nil when it has none. A CR
// that ends an unfinished sample is left alone: its line feed may follow.
func crToLF(p []byte, complete bool) []byte {
	if bytes.IndexByte(p, '\r') < 0 {
		return nil
	}
	var out []byte
	inQuote := false
	for i, c := range p {
		switch {
		case c == '"':
			inQuote = !inQuote
		case c != '\r' || inQuote || i+1 < len(p) && p[i+1] == '\n' || i+1 == len(p) && !complete:
		default:
			if out == nil {
				out = append([]byte(nil), p...)
			}
			out[i] = '\n'
		}
	}
	return out
}

// fitting counts the records of the sample p after the first whose number
// of fields (delimiters outside quotes, plus one) is the first record's:
// how well p splits into rows of the header's width.
func fitting(p []byte, delim rune) int {
	if delim >= 0x80 {
		return 0
	}
	d := byte(delim)
	inQuote := false
	fields, width, n, first := 1, 0, 0, true
	for _, c := range p {
		switch {
		case c == '"':
			inQuote = !inQuote
		case inQuote:
		case c == d:
			fields++
		case c == '\n':
			if first {
				width, first = fields, false
			} else if fields == width {
				n++
			}
			fields = 1
		}
	}
	return n
}
