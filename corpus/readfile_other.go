//go:build !unix

package corpus

import "os"

// readDiskFile reads p of the directory dir through os.DirFS where the
// system calls of readfile_unix.go are not there.
func readDiskFile(dir, p string, limit int64) ([]byte, error) {
	return readLimited(Source{FS: os.DirFS(dir)}, p, limit)
}
