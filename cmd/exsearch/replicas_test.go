package main

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/exsearch/exsearch/indexer"
	"github.com/exsearch/exsearch/internal/sharedtest"
)

// TestReplicasBehindNginx is issue 16's "many replicas, one index" on
// loopback: three `exsearch serve` processes over one index directory behind
// a real nginx (Debian's package) running deploy/nginx.conf, with a few
// clients searching through nginx all along while
//
//	(a) a new index is published: every replica switches to it within its
//	    reload interval (asked on each replica's own /readyz);
//	(b) one replica is killed with SIGKILL, and later restarted: nginx sends
//	    it requests again;
//	(c) one replica is stopped with SIGTERM: it finishes a request that was
//	    arriving when the signal came, and exits 0.
//
// The clients must see no failed request (a transport error or a non-2xx
// answer) in any of them: nginx's passive health checks and
// proxy_next_upstream hide a replica that is down.
func TestReplicasBehindNginx(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: three servers and nginx under load (the race run skips it)")
	}
	nginx := nginxBinary(t)
	dir, gen0 := seedsIndex(t)
	const reload = 500 * time.Millisecond
	serveArgs := []string{"--reload-interval", reload.String(), "--trusted-proxies", "127.0.0.1/32,::1/128", "--log-level", "warn"}
	var analyticsCheck func(t *testing.T, got replicaAnalytics)
	if analyticsHook != nil {
		extra, check := analyticsHook(t)
		serveArgs, analyticsCheck = append(serveArgs, extra...), check
	}

	addrs := []string{freeAddr(t), freeAddr(t), freeAddr(t)}
	replicas := make([]*chaosServer, len(addrs))
	for i, a := range addrs {
		replicas[i] = startServerAt(t, dir, a, nil, serveArgs...)
	}
	front := startNginx(t, nginx, addrs)
	// A search each replica is asked directly, so that its analytics rows
	// can be told from the others' (rows carry no replica id).
	var markers []string
	mark := func(r *chaosServer, name string) {
		q := "replica marker " + name
		getJSON(t, r.base+"/api/search?q="+strings.ReplaceAll(q, " ", "+"), &struct{}{})
		markers = append(markers, q)
	}
	for i, r := range replicas {
		mark(r, strconv.Itoa(i+1))
	}

	load := startLoad(t, front, 4)
	defer load.stop()
	load.phase("all up")
	time.Sleep(time.Second)

	// (a) A new index is published while the replicas answer. The replicas
	// are polled while reindex runs: it goes on (cleaning up) after the swap.
	load.phase("publish")
	re := command("reindex", "--index", dir, "--progress", "none", sharedtest.Seeds(t))
	reOut := &lockedBuffer{}
	re.Stdout, re.Stderr = reOut, reOut
	if err := re.Start(); err != nil {
		t.Fatal(err)
	}
	seen := waitNewGeneration(t, replicas, gen0)
	if err := re.Wait(); err != nil {
		t.Fatalf("reindex: %v\n%s", err, reOut)
	}
	_, gen1, err := indexer.Current(dir)
	if err != nil {
		t.Fatal(err)
	}
	// When the link was swapped: .current.tmp is made just before rename.
	link, err := os.Lstat(filepath.Join(dir, "current"))
	if err != nil {
		t.Fatal(err)
	}
	for i, sw := range seen {
		took := sw.at.Sub(link.ModTime())
		if sw.gen != gen1 {
			t.Errorf("replica %d switched to %s, but reindex published %s", i+1, sw.gen, gen1)
		}
		// Within one reload interval, plus opening the new generation
		// (checking its checksums, a probe, building its speller: here the
		// whole switch took 0.15 to 0.55 s, 3 s under the race detector,
		// whose run skips this test) and a margin for a busy machine (CI
		// runs the packages' tests side by side).
		if took > reload+2*time.Second {
			t.Errorf("replica %d switched to the new index %v after it was published, want within %v (reload interval) + 2 s", i+1, took, reload)
		}
		t.Logf("replica %d switched to %s %v after publishing", i+1, sw.gen, took.Round(time.Millisecond))
	}
	time.Sleep(500 * time.Millisecond)

	// (b) One replica dies without a word, and comes back.
	load.phase("SIGKILL")
	killed := replicas[1]
	killed.cmd.Process.Signal(syscall.SIGKILL)
	killedAt := time.Now()
	<-killed.exited
	time.Sleep(2 * time.Second)
	load.phase("restart after SIGKILL")
	replicas[1] = startServerAt(t, dir, addrs[1], nil, serveArgs...)
	// nginx leaves it out for fail_timeout, then tries it with a live
	// request: the new process must be answering searches again.
	waitSearches(t, replicas[1], 15*time.Second)
	mark(replicas[1], "2 restarted")

	// (c) One replica is stopped with SIGTERM: it drains.
	load.phase("SIGTERM")
	stopped := replicas[2]
	pending := arrivingRequest(t, addrs[2])
	logBefore := len(front.log.String())
	stopped.cmd.Process.Signal(syscall.SIGTERM)
	time.Sleep(300 * time.Millisecond)
	if status := pending.finish(t); status != 200 {
		t.Errorf("the request arriving at SIGTERM got %d, want it answered (200)\n%s", status, stopped.log)
	}
	select {
	case err := <-stopped.exited:
		if err != nil {
			t.Errorf("serve exited with %v after SIGTERM\n%s", err, stopped.log)
		}
	case <-time.After(15 * time.Second):
		t.Fatalf("serve did not exit within 15 s of SIGTERM\n%s", stopped.log)
	}
	time.Sleep(2 * time.Second)
	// nginx found the stopped replica refusing connections, never dropping
	// one it had sent a request on (which it would retry, hiding it from
	// the clients, but not for a POST).
	for _, line := range strings.Split(front.log.String()[logBefore:], "\n") {
		if strings.Contains(line, addrs[2]) && !strings.Contains(line, "Connection refused") && !strings.Contains(line, "temporarily disabled") {
			t.Errorf("nginx, as the replica drained: %s", line)
		}
	}

	answered := load.stop()
	for _, p := range load.phases {
		t.Logf("%-22s %6d answered through nginx, %d failed", p, load.ok[p].Load(), load.bad[p].Load())
	}
	if len(load.failures) > 0 {
		t.Errorf("%d requests through nginx failed, e.g.:\n%s", len(load.failures), strings.Join(load.failures[:min(10, len(load.failures))], "\n"))
	}
	if answered < 200 {
		t.Errorf("only %d requests answered through nginx: the load did not run", answered)
	}
	for _, r := range []*chaosServer{replicas[0], replicas[1]} {
		r.alive(t)
	}
	if analyticsCheck != nil {
		// The killed replica loses what it had queued since its last
		// write, at most one flush interval (1 s) of its searches: fewer
		// than all the replicas answered in the 1.5 s before the kill.
		// Besides the load, the rows hold the markers and the request that
		// arrived at SIGTERM.
		analyticsCheck(t, replicaAnalytics{
			recorded:   load.recordedSearches(time.Time{}, time.Now()),
			lostAtMost: load.recordedSearches(killedAt.Add(-1500*time.Millisecond), killedAt),
			extra:      int64(len(markers)) + 1,
			markers:    markers,
			clients:    4,
		})
	}
	if t.Failed() {
		t.Logf("nginx's log:\n%s", front.log)
	}
}

// analyticsHook is where the search analytics plug into
// TestReplicasBehindNginx (replicas_analytics_test.go sets it): it returns
// the flags every replica gets (--analytics-dsn of one PostgreSQL) and a
// check run after the load, given what the load did. Nil: no analytics.
var analyticsHook func(t *testing.T) (serveArgs []string, check func(t *testing.T, got replicaAnalytics))

// replicaAnalytics is what the analytics check needs to know of the load.
type replicaAnalytics struct {
	// recorded is the searches answered through nginx that analytics
	// records (all but the suggestions).
	recorded int64
	// lostAtMost bounds the records lost with the SIGKILLed replica's
	// queue; extra are the searches asked besides the load.
	lostAtMost, extra int64
	// markers are the searches each replica was asked directly, one each
	// (the restarted replica one more).
	markers []string
	// clients is the load's concurrency: at most so many searches were
	// on their way when the replica was killed, recorded there, and
	// answered again by another replica after nginx's retry.
	clients int64
}

// nginxBinary finds Debian's nginx: skipped without it, except in CI.
func nginxBinary(t *testing.T) string {
	t.Helper()
	for _, p := range []string{"nginx", "/usr/sbin/nginx"} {
		if path, err := exec.LookPath(p); err == nil {
			return path
		}
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("nginx is not installed (apt-get install nginx; .ci/run installs it)")
	}
	t.Skip("nginx is not installed (apt-get install nginx)")
	return ""
}

// frontEnd is a private nginx instance.
type frontEnd struct {
	base string
	log  *lockedBuffer
}

// startNginx runs deploy/nginx.conf with the replicas at addrs as its
// upstream, on a free loopback port, in a directory of its own.
func startNginx(t *testing.T, nginx string, addrs []string) *frontEnd {
	t.Helper()
	src, err := os.ReadFile(filepath.Join("..", "..", "deploy", "nginx.conf"))
	if err != nil {
		t.Fatal(err)
	}
	// os.MkdirTemp, not t.TempDir: run as root, nginx's workers run as
	// nobody and must reach their temporary files through every parent.
	prefix, err := os.MkdirTemp("", "exsearch-nginx-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(prefix) })
	tmp := filepath.Join(prefix, "tmp")
	if err := os.Mkdir(tmp, 0o755); err != nil {
		t.Fatal(err)
	}
	addr := freeAddr(t)
	conf, err := renderNginxConf(string(src), addrs, addr, tmp)
	if err != nil {
		t.Fatalf("deploy/nginx.conf: %v", err)
	}
	if os.Geteuid() == 0 {
		// The master runs as root here, so nginx would switch its workers
		// to its compiled-in default user, which Debian does not have
		// (deploy/nginx.conf has no user directive: the container runs
		// nginx unprivileged). Name one, and let it write its temp files.
		u, g, err := nobody()
		if err != nil {
			t.Fatal(err)
		}
		conf = fmt.Sprintf("user %s %s;\n", u.Username, g.Name) + conf
		uid, _ := strconv.Atoi(u.Uid)
		gid, _ := strconv.Atoi(u.Gid)
		if err := os.Chmod(prefix, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.Chown(tmp, uid, gid); err != nil {
			t.Fatal(err)
		}
	}
	confPath := filepath.Join(prefix, "nginx.conf")
	if err := os.WriteFile(confPath, []byte(conf), 0o644); err != nil {
		t.Fatal(err)
	}
	f := &frontEnd{base: "http://" + addr, log: &lockedBuffer{}}
	cmd := exec.Command(nginx, "-p", prefix, "-c", confPath, "-e", "stderr", "-g", "daemon off;")
	cmd.Stdout, cmd.Stderr = f.log, f.log
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	t.Cleanup(func() {
		cmd.Process.Signal(syscall.SIGQUIT)
		select {
		case <-exited:
		case <-time.After(5 * time.Second):
			cmd.Process.Kill()
		}
	})
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		select {
		case err := <-exited:
			t.Fatalf("nginx exited at start: %v\n%s\nconfiguration:\n%s", err, f.log, conf)
		default:
		}
		if resp, err := http.Get(f.base + "/readyz"); err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				return f
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("nginx not answering within 10 s\n%s", f.log)
	return nil
}

func nobody() (*user.User, *user.Group, error) {
	u, err := user.Lookup("nobody")
	if err != nil {
		return nil, nil, err
	}
	g, err := user.LookupGroupId(u.Gid)
	return u, g, err
}

var (
	upstreamServer = regexp.MustCompile(`(?m)^([ \t]*server[ \t]+)[^\s;]+:\d+([ \t][^;\n]*)?;`)
	listenPort     = regexp.MustCompile(`(?m)^(\s*listen\s+)\d+;`)
)

// renderNginxConf turns deploy/nginx.conf into the test's: the upstream's
// server addresses become addrs (their parameters kept), the listen port
// listen, and /tmp/ the directory tmp. Everything else is the file as
// shipped. A file these replacements no longer fit is an error, so that the
// test cannot drift into running something other than what is deployed.
func renderNginxConf(src string, addrs []string, listen, tmp string) (string, error) {
	servers := upstreamServer.FindAllStringSubmatchIndex(src, -1)
	if len(servers) != len(addrs) {
		return "", fmt.Errorf("%d upstream server lines, want %d (one per replica)", len(servers), len(addrs))
	}
	var b strings.Builder
	last := 0
	for i, m := range servers {
		b.WriteString(src[last:m[0]])
		b.WriteString(src[m[2]:m[3]] + addrs[i])
		if m[4] >= 0 {
			b.WriteString(src[m[4]:m[5]])
		}
		b.WriteString(";")
		last = m[1]
	}
	b.WriteString(src[last:])
	out := b.String()
	if n := len(listenPort.FindAllString(out, -1)); n != 1 {
		return "", fmt.Errorf("%d \"listen PORT;\" lines, want 1", n)
	}
	out = listenPort.ReplaceAllString(out, "${1}"+listen+";")
	if !strings.Contains(out, " /tmp/") {
		return "", fmt.Errorf("no path under /tmp/ (pid, temp paths)")
	}
	return strings.ReplaceAll(out, " /tmp/", " "+tmp+"/"), nil
}

// switched is when a replica was first seen serving a new generation.
type switched struct {
	gen string
	at  time.Time
}

// waitNewGeneration polls each replica's /readyz until all serve another
// generation than old, and says when each was first seen to.
func waitNewGeneration(t *testing.T, replicas []*chaosServer, old string) []switched {
	t.Helper()
	seen := make([]switched, len(replicas))
	left := len(replicas)
	deadline := time.Now().Add(30 * time.Second)
	for left > 0 && time.Now().Before(deadline) {
		for i, r := range replicas {
			if seen[i].gen != "" {
				continue
			}
			if g := r.ready(t).Index.Generation; g != old {
				seen[i] = switched{g, time.Now()}
				left--
			}
		}
		time.Sleep(5 * time.Millisecond)
	}
	for i, r := range replicas {
		if seen[i].gen == "" {
			t.Fatalf("replica %d never left generation %s\n%s", i+1, old, r.log)
		}
	}
	return seen
}

// waitSearches waits until replica r has answered a search, which through
// nginx means nginx has taken it back.
func waitSearches(t *testing.T, r *chaosServer, within time.Duration) {
	t.Helper()
	start := time.Now()
	for time.Since(start) < within {
		r.alive(t)
		if n := searchesAnswered(t, r.base); n > 0 {
			t.Logf("the restarted replica answered %.0f searches from nginx %v after it was ready", n, time.Since(start).Round(time.Millisecond))
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Errorf("nginx sent the restarted replica no search within %v", within)
}

// searchesAnswered reads exsearch_searches_total{endpoint="search"} off a
// server's /metrics.
func searchesAnswered(t *testing.T, base string) float64 {
	t.Helper()
	resp, err := http.Get(base + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var sum float64
	sc := bufio.NewScanner(resp.Body)
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "exsearch_searches_total{") && strings.Contains(line, `endpoint="search"`) {
			f := strings.Fields(line)
			v, _ := strconv.ParseFloat(f[len(f)-1], 64)
			sum += v
		}
	}
	return sum
}

// pendingRequest is a request that has begun to arrive at a server: the
// server has read its first bytes, not yet all of its headers.
type pendingRequest struct{ conn net.Conn }

func arrivingRequest(t *testing.T, addr string) *pendingRequest {
	t.Helper()
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	if _, err := io.WriteString(conn, "GET /api/search?q=squat HTTP/1.1\r\nHost: exsearch\r\n"); err != nil {
		t.Fatal(err)
	}
	// Let the server read the first bytes, so that the connection is in
	// use (not idle) when the signal comes.
	time.Sleep(200 * time.Millisecond)
	return &pendingRequest{conn}
}

// finish sends the rest of the request and returns the answer's status.
func (p *pendingRequest) finish(t *testing.T) int {
	t.Helper()
	p.conn.SetDeadline(time.Now().Add(10 * time.Second))
	if _, err := io.WriteString(p.conn, "\r\n"); err != nil {
		t.Errorf("finishing the request arriving at SIGTERM: %v", err)
		return 0
	}
	resp, err := http.ReadResponse(bufio.NewReader(p.conn), nil)
	if err != nil {
		t.Errorf("the request arriving at SIGTERM got no answer: %v", err)
		return 0
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode
}

// loadGen is a few clients searching through nginx without pause, counting
// answers and failures by the phase of the test they fell in.
type loadGen struct {
	current  atomic.Pointer[string]
	mu       sync.Mutex
	phases   []string
	ok, bad  map[string]*atomic.Int64
	failures []string
	recorded []time.Time // when each search analytics records was answered
	done     chan struct{}
	wg       sync.WaitGroup
	stopped  bool
}

// The clients' requests: searches in the four languages, with and without
// filters, a page, suggestions. Every one must be answered 200.
var loadPaths = []string{
	"/api/search?q=nordic+hamstring",
	"/api/search?q=armb%C3%B8jninger&ui=da",
	"/api/search?q=Kniebeuge&lang=de",
	"/api/search?q=baklengs&ui=no",
	"/api/search?q=squat&muscle=legs&size=3",
	"/api/search?equipment=bodyweight&equipment_mode=have",
	"/api/suggest?q=sq",
	"/?q=plank",
}

func startLoad(t *testing.T, front *frontEnd, clients int) *loadGen {
	l := &loadGen{ok: map[string]*atomic.Int64{}, bad: map[string]*atomic.Int64{}, done: make(chan struct{})}
	l.phase("start")
	for c := 0; c < clients; c++ {
		l.wg.Add(1)
		go func() {
			defer l.wg.Done()
			client := &http.Client{Timeout: 15 * time.Second}
			for i := c; ; i++ {
				select {
				case <-l.done:
					return
				default:
				}
				phase := *l.current.Load()
				path := loadPaths[i%len(loadPaths)]
				u := front.base + path
				resp, err := client.Get(u)
				if err == nil {
					io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
					if resp.StatusCode/100 != 2 {
						err = fmt.Errorf("%s", resp.Status)
					}
				}
				l.mu.Lock()
				if err != nil {
					l.bad[phase].Add(1)
					l.failures = append(l.failures, fmt.Sprintf("%s: GET %s: %v", phase, u, err))
				} else {
					l.ok[phase].Add(1)
					if !strings.HasPrefix(path, "/api/suggest") {
						l.recorded = append(l.recorded, time.Now())
					}
				}
				l.mu.Unlock()
			}
		}()
	}
	return l
}

// phase starts counting under a new name.
func (l *loadGen) phase(name string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.phases = append(l.phases, name)
	l.ok[name], l.bad[name] = &atomic.Int64{}, &atomic.Int64{}
	l.current.Store(&name)
}

// recordedSearches counts the answered searches that analytics records
// whose answers came between from and to.
func (l *loadGen) recordedSearches(from, to time.Time) int64 {
	l.mu.Lock()
	defer l.mu.Unlock()
	var n int64
	for _, at := range l.recorded {
		if !at.Before(from) && !at.After(to) {
			n++
		}
	}
	return n
}

// stop ends the load and returns the requests answered.
func (l *loadGen) stop() int64 {
	if !l.stopped {
		l.stopped = true
		close(l.done)
		l.wg.Wait()
	}
	var n int64
	for _, c := range l.ok {
		n += c.Load()
	}
	return n
}

// TestRenderNginxConf: the replacements fit deploy/nginx.conf, and a file
// they no longer fit is refused rather than half rendered.
func TestRenderNginxConf(t *testing.T) {
	src, err := os.ReadFile(filepath.Join("..", "..", "deploy", "nginx.conf"))
	if err != nil {
		t.Fatal(err)
	}
	out, err := renderNginxConf(string(src), []string{"127.0.0.1:1", "127.0.0.1:2", "127.0.0.1:3"}, "127.0.0.1:9", "/x")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"server 127.0.0.1:1 max_fails=", "server 127.0.0.1:3 max_fails=", "listen 127.0.0.1:9;", "pid /x/nginx.pid;",
		"proxy_next_upstream error timeout http_502 http_503 http_504;", "proxy_next_upstream_tries", "keepalive ",
		"X-Forwarded-For $proxy_add_x_forwarded_for",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("rendered configuration lacks %q", want)
		}
	}
	if strings.Contains(out, " /tmp/") || strings.Contains(out, "serve1") {
		t.Errorf("a deployment path or host is left:\n%s", out)
	}
	if _, err := renderNginxConf(string(src), []string{"127.0.0.1:1"}, "127.0.0.1:9", "/x"); err == nil {
		t.Error("three upstream servers rendered for one replica")
	}
	if _, err := renderNginxConf(strings.Replace(string(src), "listen 8080;", "listen [::]:8080;", 1), []string{"a:1", "b:2", "c:3"}, "127.0.0.1:9", "/x"); err == nil {
		t.Error("a listen line the test cannot place was accepted")
	}
}
