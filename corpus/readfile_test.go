package corpus

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestReadDiskFileAsDirFS: a file read from disk with the few system calls of
// readDiskFile is byte for byte what os.DirFS reads, and the same files are
// refused, at every size around the limit and the read's one extra byte.
func TestReadDiskFileAsDirFS(t *testing.T) {
	const limit = 64
	dir := t.TempDir()
	sizes := []int{0, 1, limit - 1, limit, limit + 1, 3 * limit}
	for _, n := range sizes {
		body := bytes.Repeat([]byte("æx"), n)[:n]
		if err := os.WriteFile(filepath.Join(dir, name(n)), body, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Mkdir(filepath.Join(dir, "sub"), 0o755); err != nil {
		t.Fatal(err)
	}
	viaDirFS := Source{FS: os.DirFS(dir)}
	viaDisk := Source{FS: os.DirFS(dir), dir: dir}
	for _, p := range append(names(sizes), "sub", "missing.md", "../escape.md") {
		want, wantErr := readLimited(viaDirFS, p, limit)
		got, err := readLimited(viaDisk, p, limit)
		if (err == nil) != (wantErr == nil) {
			t.Errorf("%s: error %v, os.DirFS's %v", p, err, wantErr)
			continue
		}
		if err != nil {
			if !strings.Contains(err.Error(), p) && !strings.Contains(err.Error(), "--max-file-size") {
				t.Errorf("%s: error %q names neither the file nor the limit", p, err)
			}
			continue
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s: read %d bytes, os.DirFS %d", p, len(got), len(want))
		}
	}
}

func name(n int) string { return fmt.Sprintf("size-%d.md", n) }

func names(sizes []int) []string {
	var out []string
	for _, n := range sizes {
		out = append(out, name(n))
	}
	return out
}

// TestLoadFIFOBehindSymlink: a symlink to a FIFO passes the walk's checks
// of what the link's own entry is; opening the FIFO to read it would wait
// for a writer for ever. It is reported as not a regular file and the run
// goes on.
func TestLoadFIFOBehindSymlink(t *testing.T) {
	dir := writeCorpus(t, map[string]string{"good.md": goodPage})
	fifo := filepath.Join(t.TempDir(), "pipe")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skipf("no FIFOs here: %v", err)
	}
	if err := os.Symlink(fifo, filepath.Join(dir, "pipe.md")); err != nil {
		t.Fatal(err)
	}
	done := make(chan *Report, 1)
	go func() {
		src, err := Dir(dir)
		if err != nil {
			t.Error(err)
		}
		_, rep, err := Load(context.Background(), []Source{src}, Options{})
		if err != nil {
			t.Error(err)
		}
		done <- rep
	}()
	select {
	case rep := <-done:
		if rep == nil {
			return
		}
		if rep.Total() != 1 || len(rep.Problems) != 1 || !strings.Contains(rep.Problems[0].Error(), "site/pipe.md: symlink to something that is not a regular file") {
			t.Errorf("documents %d, problems %v", rep.Total(), rep.Problems)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("reading a FIFO behind a symlink did not return in 30 s")
	}
}
