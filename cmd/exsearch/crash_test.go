package main

import (
	"context"
	"errors"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/exsearch/exsearch/indexer"
	"github.com/exsearch/exsearch/internal/sharedtest"
	"github.com/exsearch/exsearch/search"
)

// TestKillReindex kills `exsearch reindex` with SIGKILL at many moments of
// its run. After every kill the index directory must open and answer (the
// previous generation, or the new one if the kill came after publishing),
// and the next reindex must clean up what the killed one left.
func TestKillReindex(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "ix")
	args := []string{"reindex", "--index", dir, sharedtest.Corpus(t), sharedtest.Seeds(t)}
	first := command(args...)
	if out, err := first.CombinedOutput(); err != nil {
		t.Fatalf("first reindex: %v\n%s", err, out)
	}
	// How long a whole run takes, to spread the kill points over it.
	start := time.Now()
	if out, err := command(args...).CombinedOutput(); err != nil {
		t.Fatalf("timing reindex: %v\n%s", err, out)
	}
	full := time.Since(start)
	// Points from the start to past the usual end, so that kills land
	// while reading, building, syncing, publishing and cleaning up.
	points := 20
	outcomes := map[string]int{}
	for i := 0; i < points; i++ {
		at := full * time.Duration(i+1) * 12 / time.Duration(points*10)
		before, _ := os.Readlink(filepath.Join(dir, "current"))
		cmd := command(args...)
		cmd.Stdout, cmd.Stderr = io.Discard, io.Discard
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(at)
		cmd.Process.Signal(syscall.SIGKILL)
		err := cmd.Wait()
		killed := err != nil
		after, _ := os.Readlink(filepath.Join(dir, "current"))
		switch {
		case !killed:
			outcomes["finished before the kill"]++
		case after == before:
			outcomes["killed, previous index kept"]++
		default:
			outcomes["killed after publishing"]++
		}
		l, err := search.OpenLive(dir, search.LiveOptions{})
		if err != nil {
			t.Fatalf("kill at %v: the index directory cannot be opened: %v", at, err)
		}
		res, err := l.Search(context.Background(), search.Request{Query: "nordic hamstring", Size: 1})
		l.Close()
		if err != nil || res.Total == 0 {
			t.Fatalf("kill at %v: the index does not answer: %v", at, err)
		}
	}
	t.Logf("%d kill points over %v: %v", points, full.Round(time.Millisecond), outcomes)
	if out, err := command(args...).CombinedOutput(); err != nil {
		t.Fatalf("reindex after the kills: %v\n%s", err, out)
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".build-") || e.Name() == ".current.tmp" {
			t.Errorf("leftover %s after a clean reindex", e.Name())
		}
	}
	if gens := indexer.Generations(dir); len(gens) > indexer.DefaultKeep {
		t.Errorf("%d generations kept: %v", len(gens), gens)
	}
}

// TestServeSigterm: SIGTERM makes serve stop taking connections, finish the
// requests it has (also one still arriving), and exit 0 within a bounded
// time.
func TestServeSigterm(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "ix")
	if out, err := command("reindex", "--index", dir, sharedtest.Seeds(t)).CombinedOutput(); err != nil {
		t.Fatalf("reindex: %v\n%s", err, out)
	}
	addr := freeAddr(t)
	cmd := command("serve", "--index", dir, "--addr", addr, "--log-level", "warn")
	cmd.Stdout, cmd.Stderr = io.Discard, io.Discard
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	base := "http://" + addr
	waitReady(t, base, exited)

	var ok, failed atomic.Int64
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for w := 0; w < 8; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-stop:
					return
				default:
				}
				resp, err := http.Get(base + "/api/search?q=baklengs")
				if err != nil {
					// Refused once the listener is closed: expected.
					failed.Add(1)
					continue
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if resp.StatusCode == 200 {
					ok.Add(1)
				}
			}
		}()
	}
	time.Sleep(300 * time.Millisecond)
	// A request still arriving when the signal comes is answered: net/http's
	// Shutdown alone would drop it (see drain.go).
	pending := arrivingRequest(t, addr)
	sent := time.Now()
	cmd.Process.Signal(syscall.SIGTERM)
	time.Sleep(300 * time.Millisecond)
	if status := pending.finish(t); status != 200 {
		t.Errorf("the request arriving at SIGTERM got %d, want 200", status)
	}
	select {
	case err := <-exited:
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			t.Errorf("serve exited with %v after SIGTERM", err)
		}
		t.Logf("exited %v after SIGTERM; %d requests answered", time.Since(sent).Round(time.Millisecond), ok.Load())
	case <-time.After(15 * time.Second):
		cmd.Process.Kill()
		t.Fatal("serve did not exit within 15 s of SIGTERM")
	}
	close(stop)
	wg.Wait()
	if ok.Load() == 0 {
		t.Error("no request was answered before SIGTERM")
	}
}

// TestServeBadIndex: a missing or corrupt index directory is a clear error
// at start-up, not a panic.
func TestServeBadIndex(t *testing.T) {
	corrupt := t.TempDir()
	os.WriteFile(filepath.Join(corrupt, "index_meta.json"), []byte("{not json"), 0o644)
	empty := t.TempDir()
	for _, c := range []struct{ dir, want string }{
		{filepath.Join(t.TempDir(), "missing"), "no such file or directory"},
		{empty, "holds no published index"},
		{corrupt, "open index"},
	} {
		out, err := command("serve", "--index", c.dir, "--addr", freeAddr(t)).CombinedOutput()
		if err == nil {
			t.Errorf("%s: serve started", c.dir)
		}
		if !strings.Contains(string(out), c.want) || strings.Contains(string(out), "panic") || strings.Contains(string(out), "goroutine") {
			t.Errorf("%s: output %q, want it to contain %q", c.dir, out, c.want)
		}
	}
}
