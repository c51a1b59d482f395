// Package testdb starts real database servers for tests: PostgreSQL
// (Debian's postgresql package: initdb and pg_ctl) and ClickHouse
// (Debian's clickhouse-server), each in a temporary directory on free
// loopback ports, stopped and removed when the test ends. A test is
// skipped, saying which package to install, only when the server's
// binaries are missing; .ci/run installs both, so CI never skips.
package testdb

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// freePort returns a TCP port on 127.0.0.1 that was free a moment ago.
func freePort(t testing.TB) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// PostgresPassword is the password of the user "nps" of every server
// Postgres starts.
const PostgresPassword = "nps-test-secret"

// Postgres starts a PostgreSQL server and returns the URL of its database
// "postgres" for the user "nps", without the password (it is
// PostgresPassword; scram-sha-256 over TCP). As root it runs the server
// as the user postgres, since PostgreSQL refuses to run as root.
func Postgres(t testing.TB) string {
	t.Helper()
	bin := postgresBin()
	if bin == "" {
		t.Skip("PostgreSQL is not installed (Debian package postgresql); .ci/run installs it")
	}
	dir, err := os.MkdirTemp("", "nps-pg-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	var asUser []string // the command prefix that runs a server binary
	if os.Geteuid() == 0 {
		u, err := user.Lookup("postgres")
		if err != nil {
			t.Fatalf("running as root needs the user postgres (made by the postgresql package): %v", err)
		}
		uid, _ := strconv.Atoi(u.Uid)
		gid, _ := strconv.Atoi(u.Gid)
		if err := os.Chown(dir, uid, gid); err != nil {
			t.Fatal(err)
		}
		asUser = []string{"runuser", "-u", "postgres", "--"}
	}
	pwfile := filepath.Join(dir, "pw")
	data := filepath.Join(dir, "data")
	run := func(name string, args ...string) {
		t.Helper()
		argv := append(append(append([]string(nil), asUser...), filepath.Join(bin, name)), args...)
		cmd := exec.Command(argv[0], argv[1:]...)
		cmd.Dir = dir
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("%s: %v\n%s", strings.Join(argv, " "), err, out)
		}
	}
	if err := os.WriteFile(pwfile, []byte(PostgresPassword+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	run("initdb", "-D", data, "-U", "nps", "--pwfile", pwfile, "--auth-host=scram-sha-256", "--auth-local=trust",
		"-E", "UTF8", "--locale=C", "--no-sync")
	port := freePort(t)
	opts := fmt.Sprintf("-p %d -k %s -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off", port, dir)
	run("pg_ctl", "-D", data, "-o", opts, "-l", filepath.Join(dir, "log"), "-w", "-t", "60", "start")
	t.Cleanup(func() {
		argv := append(append(append([]string(nil), asUser...), filepath.Join(bin, "pg_ctl")), "-D", data, "-m", "immediate", "-w", "stop")
		if out, err := exec.Command(argv[0], argv[1:]...).CombinedOutput(); err != nil {
			t.Errorf("stopping PostgreSQL: %v\n%s", err, out)
		}
	})
	return fmt.Sprintf("postgres://nps@127.0.0.1:%d/postgres?sslmode=disable", port)
}

// postgresBin is the directory of the newest installed PostgreSQL's
// server binaries, or "".
func postgresBin() string {
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	sort.Slice(dirs, func(i, j int) bool { return version(dirs[i]) > version(dirs[j]) })
	for _, d := range dirs {
		if _, err := os.Stat(filepath.Join(d, "pg_ctl")); err == nil {
			return d
		}
	}
	if p, err := exec.LookPath("pg_ctl"); err == nil {
		return filepath.Dir(p)
	}
	return ""
}

func version(binDir string) int {
	n, _ := strconv.Atoi(filepath.Base(filepath.Dir(binDir)))
	return n
}

// ClickHouseServer is one running ClickHouse server.
type ClickHouseServer struct {
	HTTPPort, TCPPort int
}

// URL is the server's clickhouse:// URL for database db.
func (s ClickHouseServer) URL(db string) string {
	return fmt.Sprintf("clickhouse://127.0.0.1:%d/%s", s.HTTPPort, db)
}

// Exec runs a statement over HTTP, with body (data for an INSERT) after
// it when not nil.
func (s ClickHouseServer) Exec(t testing.TB, stmt string, body []byte) {
	t.Helper()
	u := fmt.Sprintf("http://127.0.0.1:%d/?query=%s", s.HTTPPort, urlEscape(stmt))
	resp, err := http.Post(u, "text/plain", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	msg, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("ClickHouse: %s: %s", stmt, msg)
	}
}

func urlEscape(s string) string {
	var b strings.Builder
	for _, c := range []byte(s) {
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.' {
			b.WriteByte(c)
		} else {
			fmt.Fprintf(&b, "%%%02X", c)
		}
	}
	return b.String()
}

// ClickHousePassword is the password of the user "nps" of every server
// ClickHouse starts (the user "default" has none).
const ClickHousePassword = "nps-ch-secret"

// ClickHouseCluster is the name of the cluster of the servers ClickHouse
// starts: one shard per server, for Distributed tables.
const ClickHouseCluster = "nps"

// ClickHouse starts n ClickHouse servers, each a shard of the cluster
// ClickHouseCluster, and returns them.
func ClickHouse(t testing.TB, n int) []ClickHouseServer {
	t.Helper()
	bin, err := exec.LookPath("clickhouse-server")
	if err != nil {
		t.Skip("ClickHouse is not installed (Debian package clickhouse-server); .ci/run installs it")
	}
	servers := make([]ClickHouseServer, n)
	used := map[int]bool{}
	for i := range servers {
		for _, p := range []*int{&servers[i].HTTPPort, &servers[i].TCPPort} {
			for *p = freePort(t); used[*p]; *p = freePort(t) {
			}
			used[*p] = true
		}
	}
	var shards strings.Builder
	for _, s := range servers {
		fmt.Fprintf(&shards, "<shard><replica><host>127.0.0.1</host><port>%d</port></replica></shard>", s.TCPPort)
	}
	// Start them all, then wait for each: they start side by side.
	var ready []func()
	for _, s := range servers {
		ready = append(ready, startClickHouse(t, bin, s, shards.String()))
	}
	for _, wait := range ready {
		wait()
	}
	return servers
}

// startClickHouse starts a server; the function it returns waits until
// the server answers.
func startClickHouse(t testing.TB, bin string, s ClickHouseServer, shards string) func() {
	t.Helper()
	dir, err := os.MkdirTemp("", "nps-ch-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	config := fmt.Sprintf(`<?xml version="1.0"?>
<yandex>
  <logger><level>warning</level><log>%[1]s/server.log</log><errorlog>%[1]s/error.log</errorlog></logger>
  <http_port>%[2]d</http_port>
  <tcp_port>%[3]d</tcp_port>
  <listen_host>127.0.0.1</listen_host>
  <path>%[1]s/data/</path>
  <tmp_path>%[1]s/tmp/</tmp_path>
  <mark_cache_size>67108864</mark_cache_size>
  <max_server_memory_usage>2147483648</max_server_memory_usage>
  <users>
    <default><password></password><networks><ip>127.0.0.1</ip></networks><profile>default</profile><quota>default</quota></default>
    <nps><password>%[6]s</password><networks><ip>127.0.0.1</ip></networks><profile>default</profile><quota>default</quota></nps>
  </users>
  <profiles><default><max_threads>2</max_threads></default></profiles>
  <quotas><default></default></quotas>
  <remote_servers><%[4]s>%[5]s</%[4]s></remote_servers>
</yandex>
`, dir, s.HTTPPort, s.TCPPort, ClickHouseCluster, shards, ClickHousePassword)
	cfg := filepath.Join(dir, "config.xml")
	if err := os.WriteFile(cfg, []byte(config), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "--config-file="+cfg)
	cmd.Dir = dir
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan struct{})
	var waitErr error
	go func() { waitErr = cmd.Wait(); close(exited) }()
	t.Cleanup(func() {
		cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-exited:
		case <-time.After(30 * time.Second):
			cmd.Process.Kill()
			<-exited
		}
	})
	return func() {
		t.Helper()
		waitClickHouse(t, s, exited, &waitErr, dir, &out)
	}
}

func waitClickHouse(t testing.TB, s ClickHouseServer, exited chan struct{}, waitErr *error, dir string, out *bytes.Buffer) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	for {
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, fmt.Sprintf("http://127.0.0.1:%d/ping", s.HTTPPort), nil)
		if resp, err := http.DefaultClient.Do(req); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return
			}
		}
		select {
		case <-exited:
			logs, _ := os.ReadFile(filepath.Join(dir, "error.log"))
			t.Fatalf("ClickHouse exited: %v\n%s\n%s", *waitErr, out.String(), logs)
		case <-ctx.Done():
			t.Fatalf("ClickHouse did not start in 60 s:\n%s", out.String())
		case <-time.After(100 * time.Millisecond):
		}
	}
}
