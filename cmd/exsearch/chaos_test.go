package main

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/exsearch/exsearch/indexer"
	"github.com/exsearch/exsearch/internal/sharedtest"
	"github.com/exsearch/exsearch/search"
)

// The chaos tests break a real `exsearch serve` (a process of its own, on
// loopback) the ways a hostile review broke it: a current link that goes
// bad under it, damaged segment files, a generation it may not read, a
// rollback. Each checks what a user must be able to rely on: the server
// keeps answering, says on /readyz that it is degraded, never removes a
// generation, and exits cleanly on SIGTERM with the index directory whole.
// bench/chaos.sh runs them alone; they are part of `go test ./...` too.

// lockedBuffer collects a process's output while it runs.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// chaosServer is a running `exsearch serve`.
type chaosServer struct {
	base   string
	cmd    *exec.Cmd
	exited chan error
	log    *lockedBuffer
}

func startServer(t *testing.T, dir string, as func(*exec.Cmd), extra ...string) *chaosServer {
	t.Helper()
	return startServerAt(t, dir, freeAddr(t), as, extra...)
}

// startServerAt starts serve on addr (to restart one where it was).
func startServerAt(t *testing.T, dir, addr string, as func(*exec.Cmd), extra ...string) *chaosServer {
	t.Helper()
	args := append([]string{"serve", "--index", dir, "--addr", addr, "--reload-interval", "100ms", "--log-format", "json"}, extra...)
	cmd := command(args...)
	if as != nil {
		as(cmd)
	}
	s := &chaosServer{base: "http://" + addr, cmd: cmd, exited: make(chan error, 1), log: &lockedBuffer{}}
	cmd.Stdout, cmd.Stderr = s.log, s.log
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { s.exited <- cmd.Wait() }()
	t.Cleanup(func() { cmd.Process.Kill() })
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		select {
		case err := <-s.exited:
			t.Fatalf("serve exited at start: %v\n%s", err, s.log)
		default:
		}
		if resp, err := http.Get(s.base + "/readyz"); err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				return s
			}
		}
		time.Sleep(30 * time.Millisecond)
	}
	t.Fatalf("serve not ready within 30 s\n%s", s.log)
	return nil
}

// stop sends SIGTERM and wants a clean exit.
func (s *chaosServer) stop(t *testing.T) {
	t.Helper()
	s.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case err := <-s.exited:
		if err != nil {
			t.Errorf("serve exited with %v after SIGTERM\n%s", err, s.log)
		}
	case <-time.After(15 * time.Second):
		t.Fatalf("serve did not exit within 15 s of SIGTERM\n%s", s.log)
	}
}

// alive checks that the process is still running.
func (s *chaosServer) alive(t *testing.T) {
	t.Helper()
	select {
	case err := <-s.exited:
		t.Fatalf("serve died: %v\n%s", err, s.log)
	default:
	}
}

type readyView struct {
	Status   string   `json:"status"`
	Problems []string `json:"problems"`
	Index    struct {
		Generation string   `json:"generation"`
		Corpora    []string `json:"corpora"`
	} `json:"index"`
}

func (s *chaosServer) ready(t *testing.T) readyView {
	t.Helper()
	var r readyView
	getJSON(t, s.base+"/readyz", &r)
	return r
}

// waitReady waits until /readyz satisfies ok.
func (s *chaosServer) waitFor(t *testing.T, what string, ok func(readyView) bool) readyView {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	var r readyView
	for time.Now().Before(deadline) {
		s.alive(t)
		if r = s.ready(t); ok(r) {
			return r
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("readyz never showed %s: last %+v\n%s", what, r, s.log)
	return r
}

// answers checks that a search is answered with hits.
func (s *chaosServer) answers(t *testing.T) {
	t.Helper()
	var res struct{ Total int }
	getJSON(t, s.base+"/api/search?size=3", &res)
	if res.Total == 0 {
		t.Errorf("the server answers with no hits")
	}
}

// seedsIndex publishes the seeds into a new index directory and returns it
// with the generation's name.
func seedsIndex(t *testing.T) (dir, gen string) {
	t.Helper()
	dir = filepath.Join(t.TempDir(), "ix")
	if out, err := command("reindex", "--index", dir, "--progress", "none", sharedtest.Seeds(t)).CombinedOutput(); err != nil {
		t.Fatalf("reindex: %v\n%s", err, out)
	}
	_, gen, err := indexer.Current(dir)
	if err != nil {
		t.Fatal(err)
	}
	return dir, gen
}

// wholeDir lists what an index directory holds, to compare before and after.
func wholeDir(t *testing.T, dir string) string {
	t.Helper()
	return strings.Join(indexer.Generations(dir), ",")
}

// TestChaosCurrentBreaks breaks current while serve runs, in each way seen.
// Before the fix, the server logged nothing, and on SIGTERM deleted the only
// good generation.
func TestChaosCurrentBreaks(t *testing.T) {
	cases := []struct {
		name   string
		break_ func(t *testing.T, dir, gen string)
	}{
		{"dangling", func(t *testing.T, dir, gen string) { sharedtest.SetCurrent(t, dir, "gen-20000101T000000.000000000Z") }},
		{"regular file", func(t *testing.T, dir, gen string) {
			os.Remove(filepath.Join(dir, "current"))
			os.WriteFile(filepath.Join(dir, "current"), []byte(gen+"\n"), 0o644)
		}},
		{"deleted", func(t *testing.T, dir, gen string) { os.Remove(filepath.Join(dir, "current")) }},
		{"newer generation truncated", func(t *testing.T, dir, gen string) {
			bad := sharedtest.CopyGeneration(t, dir, gen)
			sharedtest.TruncateSegments(t, filepath.Join(dir, bad))
			sharedtest.SetCurrent(t, dir, bad)
		}},
		{"newer generation with flipped bytes", func(t *testing.T, dir, gen string) {
			bad := sharedtest.CopyGeneration(t, dir, gen)
			sharedtest.FlipBytes(t, filepath.Join(dir, bad))
			sharedtest.SetCurrent(t, dir, bad)
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir, gen := seedsIndex(t)
			s := startServer(t, dir, nil)
			c.break_(t, dir, gen)
			r := s.waitFor(t, "degraded", func(r readyView) bool { return r.Status == "degraded" })
			if r.Index.Generation != gen || len(r.Problems) == 0 {
				t.Errorf("readyz %+v", r)
			}
			for _, p := range r.Problems {
				if strings.Contains(p, dir) {
					t.Errorf("readyz shows the index path: %q", p)
				}
			}
			s.answers(t)
			before := wholeDir(t, dir)
			s.stop(t)
			if after := wholeDir(t, dir); after != before {
				t.Errorf("generations before SIGTERM %s, after %s", before, after)
			}
			if err := search.Verify(filepath.Join(dir, gen)); err != nil {
				t.Errorf("the generation served is damaged after SIGTERM: %v", err)
			}
			if n := strings.Count(s.log.String(), "cannot be"); n == 0 || n > 3 {
				t.Errorf("want the problem logged once (at most a few times), got %d lines:\n%s", n, s.log)
			}
		})
	}
}

// TestChaosDamagedWhileServing damages the files of the generation being
// served: truncation (reads of mapped bytes past the end raise SIGBUS) and
// bytes flipped in place. Before the fix, one search killed the process.
func TestChaosDamagedWhileServing(t *testing.T) {
	for name, damage := range map[string]func(testing.TB, string){"truncated": sharedtest.TruncateSegments, "flipped bytes": sharedtest.FlipBytes} {
		t.Run(name, func(t *testing.T) {
			dir, gen := seedsIndex(t)
			s := startServer(t, dir, nil, "--cache-size", "0")
			damage(t, filepath.Join(dir, gen))
			statuses := map[int]int{}
			for _, q := range []string{"", "squat", "styrke", "knæbøjning", "deadlift", "trening", "Kniebeuge", "squatt", "lõb"} {
				for _, path := range []string{"/api/search?q=", "/?q=", "/api/suggest?q="} {
					resp, err := http.Get(s.base + path + q)
					if err != nil {
						t.Fatalf("%s%s: %v\n%s", path, q, err, s.log)
					}
					io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
					statuses[resp.StatusCode]++
				}
			}
			s.alive(t)
			t.Logf("statuses %v", statuses)
			if statuses[500] > 0 {
				r := s.ready(t)
				if r.Status != "degraded" {
					t.Errorf("faults answered 500 but readyz says %+v", r)
				}
			}
			s.stop(t)
		})
	}
}

// TestChaosStartOnDamagedIndex: a truncated segment at start-up is a
// readable error naming the segment, not a panic trace, when nothing older
// can be served; with an older sound generation, that one is served.
func TestChaosStartOnDamagedIndex(t *testing.T) {
	dir, gen := seedsIndex(t)
	bad := sharedtest.CopyGeneration(t, dir, gen)
	sharedtest.TruncateSegments(t, filepath.Join(dir, bad))
	sharedtest.SetCurrent(t, dir, bad)

	s := startServer(t, dir, nil)
	if r := s.ready(t); r.Status != "degraded" || r.Index.Generation != gen {
		t.Errorf("readyz %+v", r)
	}
	s.stop(t)

	os.RemoveAll(filepath.Join(dir, gen))
	out, err := command("serve", "--index", dir, "--addr", freeAddr(t)).CombinedOutput()
	if err == nil || !strings.Contains(string(out), "segment") || strings.Contains(string(out), "goroutine") {
		t.Errorf("start on a damaged index: %v\n%s", err, out)
	}
}

// TestChaosRollbackKeep: pointing current back at an older generation (a
// rollback) is followed by the server, and nothing is removed. Before the
// fix the server deleted the newer generation, and every switch deleted the
// previous one whatever --keep said.
func TestChaosRollbackKeep(t *testing.T) {
	dir, gen1 := seedsIndex(t)
	s := startServer(t, dir, nil)
	if out, err := command("reindex", "--index", dir, "--progress", "none", "--keep", "3", sharedtest.Seeds(t)).CombinedOutput(); err != nil {
		t.Fatalf("reindex: %v\n%s", err, out)
	}
	_, gen2, _ := indexer.Current(dir)
	s.waitFor(t, gen2, func(r readyView) bool { return r.Index.Generation == gen2 })
	if got := wholeDir(t, dir); got != gen1+","+gen2 {
		t.Errorf("after the switch: %s", got)
	}
	out, err := command("rollback", "--index", dir).CombinedOutput()
	if err != nil || !strings.Contains(string(out), gen1) {
		t.Fatalf("rollback: %v\n%s", err, out)
	}
	s.waitFor(t, gen1, func(r readyView) bool { return r.Index.Generation == gen1 && r.Status == "ready" })
	s.stop(t)
	if got := wholeDir(t, dir); got != gen1+","+gen2 {
		t.Errorf("after rollback and SIGTERM: %s", got)
	}

	// verify finds damage and says which generation current names.
	sharedtest.TruncateSegments(t, filepath.Join(dir, gen2))
	out, err = command("verify", "--index", dir).CombinedOutput()
	if err == nil || !strings.Contains(string(out), "damaged  "+gen2) || !strings.Contains(string(out), "ok       "+gen1+" (current)") {
		t.Errorf("verify: %v\n%s", err, out)
	}
	out, err = command("rollback", "--index", dir, gen2).CombinedOutput()
	if err == nil {
		t.Errorf("rolled back to a damaged generation:\n%s", out)
	}
}

// TestChaosReadyzPublic: /readyz is public and names no path.
func TestChaosReadyzPublic(t *testing.T) {
	dir, _ := seedsIndex(t)
	s := startServer(t, dir, nil)
	resp, err := http.Get(s.base + "/readyz")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	var v map[string]any
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{dir, sharedtest.Dir(t), string(filepath.Separator) + "tmp"} {
		if strings.Contains(string(b), p) {
			t.Errorf("readyz shows %q: %s", p, b)
		}
	}
	s.stop(t)
}

// TestChaosDiskFull reindexes onto a disk that fills (a 3 MB tmpfs) while
// a server serves the directory. Before the fix reindex never ended: scorch
// retried the failed write forever at full CPU, holding the lock. Now it
// fails within seconds, names the cause, leaves no build behind, and the
// server goes on serving the previous index.
func TestChaosDiskFull(t *testing.T) {
	mnt := t.TempDir()
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size=3m", "tmpfs", mnt).CombinedOutput(); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("mount a tmpfs (CI runs as root): %v %s", err, out)
		}
		t.Skipf("cannot mount a tmpfs here (%v %s); CI runs this as root", err, strings.TrimSpace(string(out)))
	}
	t.Cleanup(func() { exec.Command("umount", "-l", mnt).Run() })
	dir := filepath.Join(mnt, "ix")
	if out, err := command("reindex", "--index", dir, "--progress", "none", sharedtest.Seeds(t)).CombinedOutput(); err != nil {
		t.Fatalf("a small index fits: %v\n%s", err, out)
	}
	_, gen, _ := indexer.Current(dir)
	s := startServer(t, dir, nil)
	start := time.Now()
	cmd := command("reindex", "--index", dir, "--progress", "none", sharedtest.Corpus(t), sharedtest.Seeds(t))
	done := make(chan struct{})
	var out []byte
	var err error
	go func() { out, err = cmd.CombinedOutput(); close(done) }()
	select {
	case <-done:
	case <-time.After(60 * time.Second):
		cmd.Process.Kill()
		t.Fatal("reindex onto a full disk still running after 60 s")
	}
	took := time.Since(start)
	if err == nil || !strings.Contains(string(out), "no space left on device") {
		t.Errorf("reindex onto a full disk: %v\n%s", err, out)
	}
	t.Logf("failed after %v (reading the corpus included)", took.Round(time.Millisecond))
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".build-") {
			t.Errorf("leftover %s", e.Name())
		}
	}
	if _, cur, _ := indexer.Current(dir); cur != gen {
		t.Errorf("current moved to %s", cur)
	}
	if r := s.ready(t); r.Status != "ready" || r.Index.Generation != gen {
		t.Errorf("readyz %+v", r)
	}
	s.answers(t)
	s.stop(t)
}
