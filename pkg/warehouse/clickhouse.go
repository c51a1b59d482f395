package warehouse

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"

	"github.com/npskit/nps/pkg/usererr"
)

// clickhouse talks to ClickHouse over its HTTP interface with net/http:
// the query in the request body, the result as TabSeparatedWithNames.
// This works with every server version (Debian's is 18.16, older than
// what the maintained Go driver supports), needs no cgo, and streams.
// wait_end_of_query makes the server report a failing query with an
// error status rather than after some rows.
type clickhouse struct {
	endpoint   string // http[s]://HOST:PORT/?database=DB&...
	user, pass string
	name       string
	client     *http.Client
}

func openClickHouse(ctx context.Context, u *url.URL, getenv func(string) string) (DB, error) {
	c := &clickhouse{name: u.Redacted(), client: http.DefaultClient}
	scheme := "http"
	if strings.EqualFold(u.Scheme, "clickhouses") {
		scheme = "https"
	}
	host := u.Host
	if u.Port() == "" {
		if scheme == "https" {
			host += ":8443"
		} else {
			host += ":8123"
		}
	}
	params := u.Query()
	if db := strings.Trim(u.Path, "/"); db != "" {
		params.Set("database", db)
	}
	params.Set("wait_end_of_query", "1")
	c.endpoint = scheme + "://" + host + "/?" + params.Encode()
	c.user, c.pass = getenv("CLICKHOUSE_USER"), getenv("CLICKHOUSE_PASSWORD")
	if u.User != nil {
		c.user = u.User.Username()
		if p, ok := u.User.Password(); ok {
			c.pass = p
		}
	}
	rows, err := c.Query(ctx, "SELECT 1")
	if err != nil {
		return nil, err
	}
	rows.Close()
	return c, nil
}

func (c *clickhouse) Dialect() Dialect { return ClickHouse }
func (c *clickhouse) Name() string     { return c.name }
func (c *clickhouse) Close() error     { return nil }

func (c *clickhouse) Query(ctx context.Context, sql string) (Rows, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.endpoint, strings.NewReader(sql+"\nFORMAT TabSeparatedWithNames"))
	if err != nil {
		return nil, err
	}
	if c.user != "" {
		req.Header.Set("X-ClickHouse-User", c.user)
	}
	if c.pass != "" {
		req.Header.Set("X-ClickHouse-Key", c.pass)
	}
	resp, err := c.client.Do(req)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err // the endpoint holds no secret, but say it as the user wrote it
		}
		return nil, usererr.Newf(usererr.Data, "", 0, "check --db and that the server is running", "--db %s: %v", c.name, err)
	}
	if resp.StatusCode != http.StatusOK {
		defer resp.Body.Close()
		msg, _ := io.ReadAll(io.LimitReader(resp.Body, 4096))
		return nil, usererr.Newf(usererr.Data, "", 0, "check --table, the columns and the credentials (see docs/warehouse.md)",
			"--db %s: %s", c.name, oneLine(fmt.Sprintf("HTTP %d: %s", resp.StatusCode, msg)))
	}
	r := &chRows{c: c, body: resp.Body, in: bufio.NewReaderSize(resp.Body, 64<<10)}
	header, err := r.line()
	if err != nil {
		resp.Body.Close()
		if err == io.EOF {
			err = c.badOutput("no header")
		}
		return nil, err
	}
	r.header = append([]string(nil), header...)
	return r, nil
}

func (c *clickhouse) badOutput(what string) error {
	return usererr.Newf(usererr.Data, "", 0, "", "--db %s: unexpected output from the server: %s", c.name, what)
}

type chRows struct {
	c      *clickhouse
	body   io.ReadCloser
	in     *bufio.Reader
	header []string
	row    []string
}

func (r *chRows) Header() []string { return r.header }

func (r *chRows) Next() ([]string, error) {
	row, err := r.line()
	if err == nil && len(row) != len(r.header) {
		err = r.c.badOutput(fmt.Sprintf("a row of %d values under %d columns", len(row), len(r.header)))
	}
	if err != nil {
		r.Close()
		return nil, err
	}
	return row, nil
}

// line reads one line of TabSeparated output into r.row: fields split at
// tabs and unescaped, \N (NULL) as the empty string.
func (r *chRows) line() ([]string, error) {
	b, err := r.in.ReadSlice('\n')
	if err == bufio.ErrBufferFull {
		long := append([]byte(nil), b...)
		for err == bufio.ErrBufferFull {
			b, err = r.in.ReadSlice('\n')
			long = append(long, b...)
		}
		b = long
	}
	if err == io.EOF && len(b) > 0 {
		return nil, r.c.badOutput("a last line without its line end")
	}
	if err != nil {
		if err != io.EOF {
			err = usererr.Newf(usererr.Data, "", 0, "", "--db %s: %v", r.c.name, err)
		}
		return nil, err
	}
	b = b[:len(b)-1]
	r.row = r.row[:0]
	for {
		i := bytes.IndexByte(b, '\t')
		f := b
		if i >= 0 {
			f = b[:i]
		}
		r.row = append(r.row, unescapeTSV(f))
		if i < 0 {
			return r.row, nil
		}
		b = b[i+1:]
	}
}

// unescapeTSV reads a TabSeparated value: backslash escapes, \N for NULL.
func unescapeTSV(f []byte) string {
	if len(f) == 2 && f[0] == '\\' && f[1] == 'N' {
		return ""
	}
	if bytes.IndexByte(f, '\\') < 0 {
		return string(f)
	}
	var b strings.Builder
	for i := 0; i < len(f); i++ {
		c := f[i]
		if c != '\\' || i+1 == len(f) {
			b.WriteByte(c)
			continue
		}
		i++
		switch f[i] {
		case 'n':
			b.WriteByte('\n')
		case 't':
			b.WriteByte('\t')
		case 'r':
			b.WriteByte('\r')
		case 'b':
			b.WriteByte('\b')
		case 'f':
			b.WriteByte('\f')
		case '0':
			b.WriteByte(0)
		default: // \\, \', and any other escaped byte stand for themselves
			b.WriteByte(f[i])
		}
	}
	return b.String()
}

func (r *chRows) Close() error { return r.body.Close() }
