package sharedtest

import (
	"io/fs"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// Damaging a published index directory the ways files go bad in the field,
// for the tests of what servers and tools do about it (search's handover
// tests, cmd/exsearch's chaos tests).

// CopyGeneration copies generation src of the index directory dir to a new,
// newer generation name, keeping modes, and returns the name.
func CopyGeneration(t testing.TB, dir, src string) string {
	t.Helper()
	time.Sleep(2 * time.Millisecond) // generation names are timestamps
	dst := "gen-" + time.Now().UTC().Format("20060102T150405.000000000Z")
	err := filepath.WalkDir(filepath.Join(dir, src), func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(filepath.Join(dir, src), p)
		to := filepath.Join(dir, dst, rel)
		info, err := d.Info()
		if err != nil {
			return err
		}
		if d.IsDir() {
			return os.MkdirAll(to, info.Mode().Perm())
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(to, b, info.Mode().Perm())
	})
	if err != nil {
		t.Fatal(err)
	}
	return dst
}

// Segments lists the segment files of a generation directory.
func Segments(t testing.TB, genDir string) []string {
	t.Helper()
	z, _ := filepath.Glob(filepath.Join(genDir, "store", "*.zap"))
	if len(z) == 0 {
		t.Fatalf("no segment files in %s", genDir)
	}
	return z
}

// TruncateSegments cuts every segment of a generation to 4 KB in place, as
// a full disk or an interrupted copy leaves them.
func TruncateSegments(t testing.TB, genDir string) {
	t.Helper()
	for _, z := range Segments(t, genDir) {
		if err := os.Truncate(z, 4096); err != nil {
			t.Fatal(err)
		}
	}
}

// FlipBytes flips bytes in place (the file is not replaced), as a failing
// disk or a stray dd would, at three places in every segment.
func FlipBytes(t testing.TB, genDir string) {
	t.Helper()
	for _, z := range Segments(t, genDir) {
		f, err := os.OpenFile(z, os.O_RDWR, 0)
		if err != nil {
			t.Fatal(err)
		}
		st, _ := f.Stat()
		for _, at := range []int64{st.Size() / 4, st.Size() / 2, st.Size() * 3 / 4} {
			b := make([]byte, 64)
			f.ReadAt(b, at)
			for i := range b {
				b[i] ^= 0xa5
			}
			f.WriteAt(b, at)
		}
		f.Close()
	}
}

// SetCurrent points dir's current link at target, atomically as reindex
// does (target need not exist).
func SetCurrent(t testing.TB, dir, target string) {
	t.Helper()
	tmp := filepath.Join(dir, ".test-link")
	os.Remove(tmp)
	if err := os.Symlink(target, tmp); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(tmp, filepath.Join(dir, "current")); err != nil {
		t.Fatal(err)
	}
}
