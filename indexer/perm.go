package indexer

import (
	"bufio"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// Modes. bleve makes an index's directories 0700 and its segment and bolt
// files 0600 whatever the umask (index_meta.go and scorch's MkdirAll, zap's
// and bolt's OpenFile), so a generation built by one user (say, by `sudo
// exsearch reindex`) cannot be read by a server running as another, though
// every other file the reindex creates follows the umask. Before a build is
// published, shareTree gives its tree the modes the umask would have given
// it: directories 0777&^umask, files 0666&^umask.
//
// The owner keeps read and write (and search on directories) whatever the
// umask: the next reindex must be able to remove the generation, and a
// umask that takes the owner's bits away (0277) would leave it behind.
//
// The umask is read from /proc/self/status (Linux 4.7 and later), not with
// umask(2): that call reads the mask only by setting it, the mask belongs to
// the whole process, and between the set and the restore any file another
// goroutine creates (a log, a server's cache, the publish lock) would get
// the wrong mode, world-writable if the mask were set to 0 for the look.
// Where there is no /proc, the tree keeps bleve's modes: private, the safe
// side.
//
// Changing the modes is a courtesy to other users, not part of a correct
// index: a filesystem that keeps no modes (vfat, some network mounts) must
// not stop a publish, so Publish ignores shareTree's error.

// shareTree sets the modes of the directories and regular files under root
// (root included) from the process umask. It goes on past a file it cannot
// change and returns the first error.
func shareTree(root string) error {
	umask, err := processUmask()
	if err != nil {
		return err
	}
	dirMode := 0o777&^umask | 0o700
	fileMode := 0o666&^umask | 0o600
	var first error
	filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		switch {
		case err != nil:
		case d.IsDir():
			err = os.Chmod(p, dirMode)
		case d.Type().IsRegular():
			err = os.Chmod(p, fileMode)
		}
		if first == nil {
			first = err
		}
		return nil
	})
	return first
}

// processUmask reads the process's umask from the Umask line of
// /proc/self/status.
func processUmask() (fs.FileMode, error) {
	const status = "/proc/self/status"
	f, err := os.Open(status)
	if err != nil {
		return 0, fmt.Errorf("read umask: %w", err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		v, ok := strings.CutPrefix(sc.Text(), "Umask:")
		if !ok {
			continue
		}
		m, err := strconv.ParseUint(strings.TrimSpace(v), 8, 32)
		if err != nil || m > 0o777 {
			return 0, fmt.Errorf("read umask: %s: bad Umask line %q", status, sc.Text())
		}
		return fs.FileMode(m), nil
	}
	if err := sc.Err(); err != nil {
		return 0, fmt.Errorf("read umask: %s: %w", status, err)
	}
	return 0, fmt.Errorf("read umask: %s has no Umask line (Linux before 4.7)", status)
}
