//go:build unix

package indexer

import (
	"context"
	"io/fs"
	"path/filepath"
	"syscall"
	"testing"
)

// TestPublishModes: a published generation's directories and files have
// the modes the umask gives any new file, not bleve's 0700 and 0600, so a
// server running as another user can read an index that root built.
func TestPublishModes(t *testing.T) {
	for _, c := range []struct {
		umask     int
		dir, file fs.FileMode
	}{
		{0o022, 0o755, 0o644},
		{0o002, 0o775, 0o664},
		{0o077, 0o700, 0o600},
	} {
		dir := filepath.Join(t.TempDir(), "ix")
		old := syscall.Umask(c.umask)
		gen, err := Publish(context.Background(), dir, buildFn(testDocs), PublishOptions{})
		syscall.Umask(old)
		if err != nil {
			t.Fatal(err)
		}
		var dirs, files int
		err = filepath.WalkDir(filepath.Join(dir, gen), func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			info, err := d.Info()
			if err != nil {
				return err
			}
			want := c.file
			if d.IsDir() {
				want = c.dir
				dirs++
			} else {
				files++
			}
			if got := info.Mode().Perm(); got != want {
				t.Errorf("umask %03o: %s has mode %03o, want %03o", c.umask, p, got, want)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if dirs < 2 || files < 3 {
			t.Errorf("umask %03o: walked %d directories and %d files, want a whole index", c.umask, dirs, files)
		}
	}
}
