package reader

import (
	"bufio"
	"bytes"
	"compress/flate"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"

	"github.com/npskit/nps/pkg/internal/progress"
	"github.com/npskit/nps/pkg/survey"
	"github.com/npskit/nps/pkg/usererr"
)

const peekSize = 64 << 10

// decoder yields the records of one input: fields in the order of header()
// (possibly fewer: missing trailing fields are empty).
type decoder interface {
	header() []string
	next() (fields []string, line int64, err error)
	hasRows() bool          // at least one data record (known at open)
	openWarnings() []string // problems found while opening
	endWarnings() []string  // problems found while reading, asked at the end
	// misfit reports whether the record next last returned holds bytes
	// that do not fit the input's encoding (see textMode).
	misfit() bool
}

// metaDecoder is a decoder that knows more about its columns than their
// names (vendor layouts).
type metaDecoder interface {
	meta() (cols []colMeta, vendor string, headerRows int)
}

// source is one input.
type source struct {
	name    string
	stdin   io.Reader
	info    survey.Input
	dec     decoder
	closers []io.Closer
	mapping []int // field index -> Reader column index, -1 = ignored
	rows    int64 // data rows read from this input
	meta    []colMeta
	warns   []string     // found while opening, besides the decoder's
	jcols   *jsonColumns // JSON Lines: how keys name columns (kept when the decoder is closed)
	gz      *gunzip      // gzip input
	// slow says why the fast path (fast.go) must leave this input to the
	// general reader, which reads it otherwise than as plain lines of
	// fields after the header rows (a sep= line, lines that end in a
	// lone CR, lines above the header); "" when the fast path may read it.
	slow string
	// stream is the input when it cannot be opened again (standard
	// input, a pipe, a FIFO, a device): it stays open from Open to
	// Close, and what opening it read is kept for the fast path.
	stream  *replay
	inspect bool // opened for nps inspect
	// jsonStart is, for JSON, where the elements of a top-level array of
	// responses start in the text (after a BOM), -1 otherwise.
	jsonStart int64
	records   Records // the input instead of a file, or nil (records.go)
}

// readError marks an error of the underlying stream (file, gzip), as opposed
// to a format error found by a decoder.
type readError struct{ err error }

func (e *readError) Error() string { return e.err.Error() }
func (e *readError) Unwrap() error { return e.err }

type tagReader struct{ r io.Reader }

func (t tagReader) Read(p []byte) (int, error) {
	n, err := t.r.Read(p)
	if err != nil && err != io.EOF {
		var re *readError
		if !errors.As(err, &re) {
			err = &readError{err}
		}
	}
	return n, err
}

// streamError turns a read error into a user error; ok is false when err is
// not a read error.
func streamError(name string, line int64, err error) (error, bool) {
	var re *readError
	if !errors.As(err, &re) {
		return nil, false
	}
	var ce flate.CorruptInputError
	switch {
	case errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, gzip.ErrChecksum), errors.Is(err, gzip.ErrHeader), errors.As(err, &ce):
		return &usererr.Error{Kind: usererr.Data, File: name, Line: line, Err: err,
			Msg:  "truncated or corrupt gzip data (" + re.err.Error() + ")",
			Hint: "the file is incomplete: download or copy it again"}, true
	}
	return &usererr.Error{Kind: usererr.Data, File: name, Line: line, Err: err,
		Msg: "cannot read: " + re.err.Error(), Hint: "check the file and try again"}, true
}

func (s *source) close() error {
	var first error
	for i := len(s.closers) - 1; i >= 0; i-- {
		if err := s.closers[i].Close(); err != nil && first == nil {
			first = err
		}
	}
	s.closers = nil
	s.dec = nil
	return first
}

// open opens the input and reads enough to detect format and header.
func (s *source) open(opt *survey.Options) (err error) {
	defer func() {
		if err != nil {
			s.close()
		}
	}()
	if s.records != nil {
		s.openRecords(s.records)
		return nil
	}
	var raw io.Reader
	// The buffers that detection peeks into: a whole 64 KiB, or less for
	// a file known to be smaller (thousands of one-row files would
	// otherwise each allocate and clear two of them).
	rawPeek, textPeek := peekSize, peekSize
	if s.name == "-" {
		raw = s.stdin
		if raw == nil {
			raw = strings.NewReader("")
		}
		raw = progress.Count(raw, opt.Progress)
		s.stream = &replay{r: raw, recording: true}
		raw = s.stream
	} else {
		fi, err := os.Stat(s.name)
		if err != nil {
			return openError(s.name, err)
		}
		if fi.IsDir() {
			return usererr.Newf(usererr.Data, s.name, 0, "give the export files inside it, e.g. "+filepath.Join(s.name, "*.csv"), "is a directory, not a file")
		}
		f, err := os.Open(s.name)
		if err != nil {
			return openError(s.name, err)
		}
		s.closers = append(s.closers, f)
		raw = progress.Count(f, opt.Progress)
		if fi.Mode().IsRegular() && fi.Size() < peekSize {
			// Decoding a legacy code page makes at most 3 bytes of one.
			rawPeek, textPeek = int(fi.Size())+16, min(3*int(fi.Size())+16, peekSize)
		}
		if !fi.Mode().IsRegular() {
			s.stream = &replay{r: raw, recording: true}
			raw = s.stream
		}
	}
	s.info = survey.Input{Name: s.name}

	// Compression.
	br := bufio.NewReaderSize(tagReader{raw}, rawPeek)
	magic, err := br.Peek(2)
	if err != nil && err != io.EOF {
		return s.readErr(err)
	}
	ext := strings.ToLower(filepath.Ext(s.name))
	base := strings.ToLower(s.name)
	var r io.Reader = br
	if ext == ".gz" || len(magic) == 2 && magic[0] == 0x1f && magic[1] == 0x8b {
		if len(magic) == 0 {
			return emptyFile(s.name)
		}
		zr, err := newGunzip(s.name, br)
		if err != nil {
			if err == io.EOF {
				return emptyFile(s.name)
			}
			return s.readErr(&readError{err})
		}
		s.closers = append(s.closers, zr)
		s.info.Gzip = true
		s.gz = zr
		r = tagReader{zr}
		textPeek = peekSize
		base = strings.TrimSuffix(base, ".gz")
		ext = strings.ToLower(filepath.Ext(base))
	}

	// Encoding.
	er := bufio.NewReaderSize(r, 4096)
	bom, err := er.Peek(4)
	if err != nil && err != io.EOF {
		return s.readErr(err)
	}
	if s.gz != nil && bytes.HasPrefix(bom, []byte{0x1f, 0x8b}) {
		return usererr.Newf(usererr.Data, s.name, 0, "decompress it once (gzip -dc FILE > FILE2) and read the result",
			"gzip inside gzip: the file is compressed twice")
	}
	if e := utf32(bom); e != "" && opt.Encoding == "" {
		return usererr.Newf(usererr.Data, s.name, 0, "convert it to UTF-8 first, e.g. iconv -f "+e+" -t UTF-8 FILE > FILE2",
			"%s text, which nps does not read", e)
	}
	format := strings.ToLower(opt.InputFormat)
	if format == "xlsx" || format == "" && (bytes.HasPrefix(bom, []byte("PK\x03\x04")) || ext == ".xlsx" || ext == ".xlsm") {
		return s.openXLSX(er, opt)
	}
	enc, err := detectEncoding(opt.Encoding, bom)
	if err != nil {
		return err
	}
	s.info.Encoding = enc
	var text io.Reader = er
	switch enc {
	case "utf-8 (BOM)":
		er.Discard(3)
	case "utf-16le":
		text = transform.NewReader(er, unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewDecoder())
	case "utf-16be":
		text = transform.NewReader(er, unicode.UTF16(unicode.BigEndian, unicode.UseBOM).NewDecoder())
	case "utf-8":
	default:
		e, _ := legacyEncoding(enc)
		text = transform.NewReader(er, e.NewDecoder())
	}
	tr := bufio.NewReaderSize(tagReader{text}, textPeek)
	peek, err := tr.Peek(textPeek)
	complete := false
	switch {
	case err == io.EOF:
		complete = true
	case err != nil:
		return s.readErr(err)
	}
	if complete && len(bytes.TrimSpace(peek)) == 0 {
		return emptyFile(s.name)
	}
	if err := checkText(s.name, peek); err != nil {
		return err
	}
	mode := textAny
	if enc == "utf-8" || enc == "utf-8 (BOM)" {
		mode = textUTF8
	}
	if opt.Encoding == "" && enc == "utf-8" {
		if valid, invalid := utf8Counts(trimPartialRune(peek, complete)); invalid > valid {
			// Mostly not UTF-8, yet text: a legacy code page, as Excel's
			// "CSV (Comma delimited)" writes, told from its bytes
			// (guessEncoding). (More characters that are UTF-8 than bytes
			// that are not: UTF-8 with stray bytes.)
			enc = guessEncoding(peek)
			s.info.Encoding = enc
			s.warns = append(s.warns, fmt.Sprintf("%s: not valid UTF-8; read as %s, judged from its bytes (set --encoding if it is something else)",
				displayName(s.name), encodingTitle(enc)))
			if enc == "windows-1252" {
				mode = text1252
			} else {
				// Multi-byte and other code pages are decoded as a
				// whole: their bytes can look like delimiters.
				e, _ := legacyEncoding(enc)
				tr = bufio.NewReaderSize(tagReader{transform.NewReader(tr, e.NewDecoder())}, textPeek)
				peek, err = tr.Peek(textPeek)
				if err != nil && err != io.EOF {
					return s.readErr(err)
				}
				complete = err == io.EOF
			}
		}
	}

	// Format.
	if format == "" {
		switch ext {
		case ".csv", ".txt":
			format = "csv"
		case ".tsv", ".tab":
			format = "tsv"
		case ".json":
			format = "json"
		case ".jsonl", ".ndjson":
			format = "jsonl"
		case ".xls":
			return usererr.Newf(usererr.Data, s.name, 0, "save it as .xlsx or CSV from Excel",
				"old Excel 97-2003 workbooks (.xls) cannot be read")
		default:
			format = sniffFormat(peek)
		}
	}
	if mode == text1252 && format != "csv" && format != "tsv" {
		// JSON is decoded from Windows-1252 as a whole; CSV field by
		// field (csvRows), so that fields written in UTF-8 stay so.
		mode = textAny
		tr = bufio.NewReaderSize(tagReader{transform.NewReader(tr, charmap.Windows1252.NewDecoder())}, textPeek)
		if peek, err = tr.Peek(textPeek); err != nil && err != io.EOF {
			return s.readErr(err)
		}
	}
	newDecoder, ok := textDecoders[format]
	if !ok {
		return nil // checkOptions refused any other --input-format; sniffFormat gives only these
	}
	return newDecoder(s, textInput{r: tr, format: format, peek: peek, complete: complete, mode: mode, opt: opt})
}

func (s *source) openCSV(tr *bufio.Reader, format string, peek []byte, complete bool, mode textMode, opt *survey.Options) error {
	delim, err := parseDelimiter(opt.Delimiter)
	if err != nil {
		return err
	}
	// Excel's "sep=;" first line names the delimiter and is not a row.
	sep, skip := sepLine(peek)
	if skip > 0 {
		tr.Discard(skip)
		peek = peek[skip:]
		s.slow = "a sep= line"
		if delim == 0 {
			delim = sep
		}
	}
	if delim == 0 && format == "tsv" {
		delim = '\t'
	}
	// Lines that end in a lone CR: taken as line ends when the sample
	// splits into more rows of the header's width that way.
	var rows io.Reader = tr
	if lf := crToLF(peek, complete); lf != nil {
		d, dLF := delim, delim
		if delim == 0 {
			d, dLF = sniffDelimiter(peek, complete), sniffDelimiter(lf, complete)
		}
		if fitting(lf, dLF) > fitting(peek, d) {
			rows, peek, delim = &crLines{br: tr}, lf, dLF
			s.slow = "lines that end in a lone CR"
		}
	}
	if delim == 0 {
		delim = sniffDelimiter(peek, complete)
	}
	if delim == '\t' {
		format = "tsv"
	} else {
		format = "csv"
	}
	s.info.Format, s.info.Delimiter = format, string(delim)
	cr := newCSVRows(s.name, rows, delim, mode)
	if skip > 0 {
		cr.lineBase = 1
	}
	d, err := newTableDecoder(s.name, cr, opt.HeaderRows)
	if err != nil {
		return err
	}
	if d.preamble > 0 {
		s.slow = "lines above the header"
	}
	s.setDecoder(d)
	return nil
}

// setDecoder installs d and records what it detected.
func (s *source) setDecoder(d decoder) {
	s.dec = d
	if s.gz != nil {
		s.dec = gzDecoder{d, s.gz}
	}
	s.info.Columns = d.header()
	s.info.Questions = make([]string, len(s.info.Columns))
	s.info.Zones = make([]string, len(s.info.Columns))
	if md, ok := d.(metaDecoder); ok {
		meta, vendor, hr := md.meta()
		s.info.Vendor, s.info.HeaderRows = vendor, hr
		for i := range s.info.Columns {
			if i < len(meta) {
				s.info.Questions[i], s.info.Zones[i] = meta[i].question, meta[i].zone
			}
		}
		s.meta = meta
	}
}

// utf32 names the UTF-32 encoding that the first four bytes show (a
// byte-order mark, or an ASCII character), "" for none.
func utf32(b []byte) string {
	switch {
	case len(b) < 4:
		return ""
	case bytes.Equal(b, []byte{0xFF, 0xFE, 0, 0}), b[0] != 0 && b[0] < 0x80 && b[1] == 0 && b[2] == 0 && b[3] == 0:
		return "UTF-32LE"
	case bytes.Equal(b, []byte{0, 0, 0xFE, 0xFF}), b[0] == 0 && b[1] == 0 && b[2] == 0 && b[3] != 0 && b[3] < 0x80:
		return "UTF-32BE"
	}
	return ""
}

// detectEncoding applies --encoding (enc) or reads the byte-order mark.
func detectEncoding(opt string, bom []byte) (string, error) {
	enc := strings.ToLower(strings.ReplaceAll(opt, "_", "-"))
	switch enc {
	case "":
		switch {
		case bytes.HasPrefix(bom, []byte{0xEF, 0xBB, 0xBF}):
			enc = "utf-8 (BOM)"
		case bytes.HasPrefix(bom, []byte{0xFF, 0xFE}):
			enc = "utf-16le"
		case bytes.HasPrefix(bom, []byte{0xFE, 0xFF}):
			enc = "utf-16be"
		case len(bom) == 4 && bom[0] != 0 && bom[0] < 0x80 && bom[1] == 0 && bom[2] != 0 && bom[2] < 0x80 && bom[3] == 0:
			enc = "utf-16le" // no BOM, but ASCII text in UTF-16
		case len(bom) == 4 && bom[0] == 0 && bom[1] != 0 && bom[1] < 0x80 && bom[2] == 0 && bom[3] != 0 && bom[3] < 0x80:
			enc = "utf-16be"
		default:
			enc = "utf-8"
		}
	case "utf-8", "utf8":
		enc = "utf-8"
		if bytes.HasPrefix(bom, []byte{0xEF, 0xBB, 0xBF}) {
			enc = "utf-8 (BOM)"
		}
	case "utf-16le", "utf16le", "utf-16", "utf16":
		enc = "utf-16le"
		if bytes.HasPrefix(bom, []byte{0xFE, 0xFF}) {
			enc = "utf-16be"
		}
	case "utf-16be", "utf16be":
		enc = "utf-16be"
		if bytes.HasPrefix(bom, []byte{0xFF, 0xFE}) {
			enc = "utf-16le"
		}
	case "windows-1252", "cp1252", "latin1", "latin-1", "iso-8859-1":
		enc = "windows-1252"
	default:
		if e, canon := legacyEncoding(opt); e != nil {
			return canon, nil
		}
		return "", usererr.Usagef("use an IANA or WHATWG encoding name, e.g. utf-8, utf-16le, windows-1252, windows-1251, cp949, shift_jis, gb18030 or big5",
			"unknown --encoding %q", opt)
	}
	return enc, nil
}

// utf8Counts counts the characters of p that are not ASCII: those that are
// valid UTF-8 sequences, and the bytes that are not.
func utf8Counts(p []byte) (valid, invalid int) {
	for i := 0; i < len(p); {
		if p[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, n := utf8.DecodeRune(p[i:])
		if r == utf8.RuneError && n == 1 {
			invalid++
		} else {
			valid++
		}
		i += n
	}
	return valid, invalid
}

// textMisfits is the warning about the rows of the input name, read as enc,
// whose bytes did not fit it (p).
func textMisfits(name, enc string, p *problem) string {
	what := fmt.Sprintf("%d rows (line%s %s)", p.n, plural(p.n), formatLines(p.lines, p.n))
	hold, are, were := "hold", "are", "were"
	if p.n == 1 {
		what = fmt.Sprintf("1 row (line %d)", p.lines[0])
		hold, are, were = "holds", "is", "was"
	}
	if enc == "windows-1252" {
		return fmt.Sprintf("%s: %s %s UTF-8, not Windows-1252 like the rest, and %s read as UTF-8; set --encoding if that is wrong",
			name, what, are, were)
	}
	return fmt.Sprintf("%s: %s %s bytes that are not UTF-8, kept as they are (shown as \uFFFD); fix them, or set --encoding if the file is in another encoding",
		name, what, hold)
}

// trimPartialRune drops an incomplete UTF-8 sequence at the end of a peek
// that stopped in the middle of the file.
func trimPartialRune(p []byte, complete bool) []byte {
	if complete {
		return p
	}
	for i := 1; i <= utf8.UTFMax && i <= len(p); i++ {
		if utf8.RuneStart(p[len(p)-i]) {
			if !utf8.FullRune(p[len(p)-i:]) {
				return p[:len(p)-i]
			}
			break
		}
	}
	return p
}

// checkText refuses input that is not text: a NUL byte, or many control
// characters, in the first 64 KiB.
func checkText(name string, peek []byte) error {
	if i := bytes.IndexByte(peek, 0); i >= 0 {
		line := int64(bytes.Count(peek[:i], []byte{'\n'})) + 1
		return nulError(name, line)
	}
	ctl := 0
	for _, c := range peek {
		if c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != 0x1b || c == 0x7f {
			ctl++
		}
	}
	if ctl > 8 && ctl*100 > len(peek) {
		return usererr.Newf(usererr.Data, name, 0, "give a CSV, TSV, JSON, JSON Lines or .xlsx export (or set --input-format)",
			"not a text file: it holds %d control characters in its first %d bytes", ctl, len(peek))
	}
	return nil
}

func (s *source) readErr(err error) error {
	if e, ok := streamError(s.name, 0, err); ok {
		return e
	}
	return &usererr.Error{Kind: usererr.Data, File: s.name, Msg: "cannot read: " + err.Error(), Hint: "check the file and try again", Err: err}
}

func openError(name string, err error) error {
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return &usererr.Error{Kind: usererr.Data, File: name, Msg: "no such file", Hint: "check the path", Err: err}
	case errors.Is(err, fs.ErrPermission):
		return &usererr.Error{Kind: usererr.Data, File: name, Msg: "permission denied", Hint: "check the file's permissions", Err: err}
	}
	err = usererr.Reason(err)
	return &usererr.Error{Kind: usererr.Data, File: name, Msg: "cannot open: " + err.Error(), Hint: "check the path", Err: err}
}

func emptyFile(name string) error {
	return usererr.Newf(usererr.Data, name, 0, "export the survey again or check the path", "empty file")
}

func noResponses(name string) *usererr.Error {
	return usererr.Newf(usererr.Data, name, 0, "export the survey again with its responses", "no responses (only a header)")
}

// parseDelimiter reads --delimiter; 0 means sniff.
func parseDelimiter(d string) (rune, error) {
	switch strings.ToLower(d) {
	case "":
		return 0, nil
	case "\t", `\t`, "tab":
		return '\t', nil
	case "comma":
		return ',', nil
	case "semicolon":
		return ';', nil
	case "pipe":
		return '|', nil
	case "space":
		return ' ', nil
	}
	rs := []rune(d)
	if len(rs) != 1 || rs[0] == '"' || rs[0] == '\r' || rs[0] == '\n' || rs[0] == 0xFFFD {
		return 0, usererr.Usagef(`give one character, e.g. --delimiter ';' or --delimiter tab`, "invalid --delimiter %q", d)
	}
	return rs[0], nil
}

// sniffFormat decides between JSON, JSON Lines and CSV from the first bytes.
func sniffFormat(peek []byte) string {
	t := bytes.TrimLeft(peek, " \t\r\n")
	if len(t) == 0 {
		return "csv"
	}
	switch t[0] {
	case '[':
		return "json"
	case '{':
		nl := bytes.IndexByte(t, '\n')
		if nl < 0 {
			return "json"
		}
		first := bytes.TrimSpace(t[:nl])
		rest := bytes.TrimLeft(t[nl:], " \t\r\n")
		if bytes.HasSuffix(first, []byte("}")) && len(rest) > 0 && rest[0] == '{' {
			return "jsonl"
		}
		return "json"
	}
	return "csv"
}

// sniffDelimiter picks the delimiter among , tab ; | that appears in the
// header and most consistently in the following records (counted outside
// quotes). Ties go to the higher count in the header, then to that order.
func sniffDelimiter(peek []byte, complete bool) rune {
	cands := []byte{',', '\t', ';', '|'}
	const maxRecords = 50
	var counts [][4]int
	var cur [4]int
	inQuote, nonEmpty := false, false
	for i := 0; i < len(peek) && len(counts) < maxRecords; i++ {
		c := peek[i]
		switch {
		case c == '"':
			inQuote = !inQuote
			nonEmpty = true
		case c == '\n' && !inQuote:
			if nonEmpty {
				counts = append(counts, cur)
			}
			cur, nonEmpty = [4]int{}, false
		case c == '\r' && !inQuote:
		default:
			nonEmpty = true
			if !inQuote {
				for k, d := range cands {
					if c == d {
						cur[k]++
					}
				}
			}
		}
	}
	if complete && nonEmpty && len(counts) < maxRecords {
		counts = append(counts, cur)
	}
	if len(counts) == 0 {
		// One long unfinished record: count what we have.
		counts = append(counts, cur)
	}
	bestK, bestCons, bestH := -1, -1, 0
	for k := range cands {
		h := counts[0][k]
		if h == 0 {
			continue
		}
		cons := 0
		for _, c := range counts[1:] {
			if c[k] == h {
				cons++
			}
		}
		if cons > bestCons || cons == bestCons && h > bestH {
			bestK, bestCons, bestH = k, cons, h
		}
	}
	if bestK < 0 {
		return ','
	}
	return rune(cands[bestK])
}

func formatLines(lines []int64, total int64) string {
	var b strings.Builder
	for i, l := range lines {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "%d", l)
	}
	if total > int64(len(lines)) {
		b.WriteString(", ...")
	}
	return b.String()
}

// replay passes reads through and, while recording, keeps what it read, so
// that a stream that cannot be opened again can be read again from its
// first byte (by the fast path, after the reader detected its layout).
type replay struct {
	r         io.Reader
	recording bool
	buf       []byte
}

func (p *replay) Read(b []byte) (int, error) {
	n, err := p.r.Read(b)
	if p.recording {
		p.buf = append(p.buf, b[:n]...)
	}
	return n, err
}

// again returns a reader of the stream from its first byte; the stream
// must not be read otherwise from then on.
func (p *replay) again() io.Reader {
	p.recording = false
	return io.MultiReader(bytes.NewReader(p.buf), p.r)
}
