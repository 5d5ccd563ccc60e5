// Package pgtest starts private PostgreSQL clusters for tests, from
// Debian's postgresql package (/usr/lib/postgresql/<version>/bin): initdb
// into a temporary directory, then postgres listening on a unix socket in
// that directory only (no TCP port to collide with), with trust
// authentication for a superuser named "exsearch". Nothing is installed or
// left behind; a cluster is stopped and its directory removed at the end.
//
// initdb and postgres refuse to run as root, so as root they run as the
// unprivileged user nobody (through runuser), in a directory it owns.
//
// Outside CI a test skips when PostgreSQL is not installed; with CI=true it
// fails, as the tests that need ../shared do.
//
// Shared returns the package run's one cluster (started on first use; a
// TestMain stops it with StopShared) and NewDatabase a fresh database in
// it per test; Start gives a test a cluster of its own, for tests that stop
// it.
package pgtest

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib"
)

// Cluster is a running PostgreSQL cluster.
type Cluster struct {
	bin, dir, data, socket string
	asUser                 string // "" or the user the server runs as
	mu                     sync.Mutex
	stopped                bool
}

// superuser is the cluster's superuser, trusted on the socket.
const superuser = "exsearch"

// binDir finds the newest installed PostgreSQL's bin directory.
func binDir() (string, error) {
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	var found []string
	for _, d := range dirs {
		if _, err := os.Stat(filepath.Join(d, "initdb")); err == nil {
			found = append(found, d)
		}
	}
	if len(found) == 0 {
		return "", fmt.Errorf("PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb; apt-get install postgresql)")
	}
	slices.SortFunc(found, func(a, b string) int { return version(a) - version(b) })
	return found[len(found)-1], nil
}

func version(bin string) int {
	n, _ := strconv.Atoi(filepath.Base(filepath.Dir(bin)))
	return n
}

// skipOrFail skips t outside CI and fails it under CI=true.
func skipOrFail(t testing.TB, err error) {
	t.Helper()
	if os.Getenv("CI") == "true" {
		t.Fatalf("pgtest: %v", err)
	}
	t.Skipf("pgtest: %v", err)
}

// Start starts a cluster of t's own, stopped when t ends.
func Start(t testing.TB) *Cluster {
	t.Helper()
	c, err := start()
	if err != nil {
		skipOrFail(t, err)
	}
	t.Cleanup(func() { c.Stop() })
	return c
}

var shared struct {
	once sync.Once
	c    *Cluster
	err  error
	n    atomic.Int64
}

// Shared returns the cluster of the package's test run, started on first
// use. The package's TestMain stops it with StopShared.
func Shared(t testing.TB) *Cluster {
	t.Helper()
	shared.once.Do(func() { shared.c, shared.err = start() })
	if shared.err != nil {
		skipOrFail(t, shared.err)
	}
	return shared.c
}

// StopShared stops the shared cluster, if one was started.
func StopShared() {
	if shared.c != nil {
		shared.c.Stop()
	}
}

// NewDatabase creates an empty database for t in the shared cluster and
// returns its DSN (postgres://…).
func NewDatabase(t testing.TB) string {
	t.Helper()
	c := Shared(t)
	name := fmt.Sprintf("t%d_%d", os.Getpid(), shared.n.Add(1))
	db, err := sql.Open("pgx", c.DSN("postgres"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec("CREATE DATABASE " + name); err != nil {
		t.Fatalf("pgtest: create database: %v", err)
	}
	return c.DSN(name)
}

// DSN is the URL of database name in c, over its unix socket.
func (c *Cluster) DSN(name string) string {
	return "postgres://" + superuser + "@/" + name + "?host=" + url.QueryEscape(c.socket) + "&sslmode=disable"
}

func start() (*Cluster, error) {
	bin, err := binDir()
	if err != nil {
		return nil, err
	}
	// Not t.TempDir: its parents are private to the test's user, and the
	// server may run as another.
	dir, err := os.MkdirTemp("", "pgtest-")
	if err != nil {
		return nil, err
	}
	c := &Cluster{bin: bin, dir: dir, data: filepath.Join(dir, "data"), socket: dir}
	if os.Geteuid() == 0 {
		c.asUser = "nobody"
		u, err := user.Lookup(c.asUser)
		if err != nil {
			os.RemoveAll(dir)
			return nil, fmt.Errorf("running as root, and no user %s to run PostgreSQL as: %w", c.asUser, err)
		}
		uid, _ := strconv.Atoi(u.Uid)
		gid, _ := strconv.Atoi(u.Gid)
		if err := os.Chown(dir, uid, gid); err != nil {
			os.RemoveAll(dir)
			return nil, err
		}
	}
	if err := os.Chmod(dir, 0o755); err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	if out, err := c.run("initdb", "-D", c.data, "-U", superuser, "--auth=trust", "--no-sync", "-E", "UTF8", "--locale=C.UTF-8"); err != nil {
		os.RemoveAll(dir)
		return nil, fmt.Errorf("initdb: %v\n%s", err, out)
	}
	opts := "-k " + c.socket + " -c listen_addresses='' -c fsync=off -c full_page_writes=off -c max_connections=50"
	if out, err := c.run("pg_ctl", "-D", c.data, "-l", filepath.Join(dir, "log"), "-o", opts, "-w", "-t", "60", "start"); err != nil {
		log, _ := os.ReadFile(filepath.Join(dir, "log"))
		os.RemoveAll(dir)
		return nil, fmt.Errorf("pg_ctl start: %v\n%s\n%s", err, out, log)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	db, err := sql.Open("pgx", c.DSN("postgres"))
	if err == nil {
		defer db.Close()
		err = db.PingContext(ctx)
	}
	if err != nil {
		c.Stop()
		return nil, fmt.Errorf("connect: %w", err)
	}
	return c, nil
}

// run runs one of the server's programs, as c.asUser when set.
func (c *Cluster) run(prog string, args ...string) ([]byte, error) {
	path := filepath.Join(c.bin, prog)
	var cmd *exec.Cmd
	if c.asUser != "" {
		cmd = exec.Command("runuser", append([]string{"-u", c.asUser, "--", path}, args...)...)
	} else {
		cmd = exec.Command(path, args...)
	}
	cmd.Dir = c.dir
	cmd.Env = append(os.Environ(), "LC_ALL=C.UTF-8")
	return cmd.CombinedOutput()
}

// Stop stops the cluster at once and removes its directory.
func (c *Cluster) Stop() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.stopped {
		return
	}
	c.stopped = true
	if out, err := c.run("pg_ctl", "-D", c.data, "-m", "immediate", "-w", "stop"); err != nil {
		fmt.Fprintf(os.Stderr, "pgtest: pg_ctl stop: %v\n%s", err, strings.TrimSpace(string(out)))
	}
	os.RemoveAll(c.dir)
}
