package reader

import (
	"bufio"
	"bytes"
	"encoding/json"
	"io"

	"github.com/npskit/nps/pkg/usererr"
)

// The JSON Lines decoder: one response object per line, flattened and
// named as the JSON decoder's objects are (jsonRecords in json.go).

type jsonlDecoder struct {
	jsonRecords
	br      *bufio.Reader
	line    int64
	lineBuf []byte
}

func newJSONLDecoder(name string, r *bufio.Reader) (*jsonlDecoder, error) {
	d := &jsonlDecoder{br: r}
	d.name = name
	d.nextObj = d.nextObject
	if err := d.init(); err != nil {
		return nil, err
	}
	if len(d.buf) == 0 {
		return nil, emptyFile(name)
	}
	return d, nil
}

func (d *jsonlDecoder) readLine() ([]byte, error) {
	d.lineBuf = d.lineBuf[:0]
	for {
		s, err := d.br.ReadSlice('\n')
		if err == bufio.ErrBufferFull {
			d.lineBuf = append(d.lineBuf, s...)
			if int64(len(d.lineBuf)) > maxRecordBytes {
				return nil, errRecordTooLong
			}
			continue
		}
		if len(d.lineBuf) > 0 {
			d.lineBuf = append(d.lineBuf, s...)
			s = d.lineBuf
		}
		if err == io.EOF && len(s) > 0 {
			err = nil
		}
		return s, err
	}
}

func (d *jsonlDecoder) nextObject() ([]byte, int64, error) {
	for {
		s, err := d.readLine()
		if err != nil {
			if err == io.EOF {
				return nil, 0, io.EOF
			}
			if err == errRecordTooLong {
				return nil, 0, tooLong(d.name, d.line+1)
			}
			if e, ok := streamError(d.name, d.line+1, err); ok {
				return nil, 0, e
			}
			return nil, 0, &usererr.Error{Kind: usererr.Data, File: d.name, Line: d.line + 1, Err: err, Msg: "cannot read: " + err.Error(), Hint: "check the file and try again"}
		}
		d.line++
		t := bytes.TrimSpace(s)
		if len(t) == 0 {
			continue
		}
		if !json.Valid(t) {
			var raw json.RawMessage
			msg := "invalid JSON"
			if err := json.Unmarshal(t, &raw); err != nil {
				msg += ": " + err.Error()
			}
			return nil, 0, usererr.Newf(usererr.Data, d.name, d.line, "each line must hold one complete JSON object", "%s", msg)
		}
		if t[0] != '{' {
			return nil, 0, usererr.Newf(usererr.Data, d.name, d.line, "each line must hold one JSON object (one response)",
				"expected a response object, found %s", describe(t))
		}
		return t, d.line, nil
	}
}
