package corpus

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
)

// The default corpus is what `exsearch serve` shows before a site has indexed
// anything of its own: a dozen and more exercises and an article in each of
// Danish, Norwegian, German and English, written for exsearch. It is read
// through the same loader as any directory on disk.

//go:embed all:default
var defaultCorpus embed.FS

// DefaultSource returns the embedded default corpus.
func DefaultSource() Source {
	sub, err := fs.Sub(defaultCorpus, "default")
	if err != nil {
		panic(err)
	}
	return Source{Name: "default", FS: sub}
}

// DefaultFingerprint identifies the embedded corpus and taxonomy, so that a
// cached index of an older binary's corpus is rebuilt rather than served.
func DefaultFingerprint() string {
	h := sha256.New()
	h.Write(defaultTaxonomy)
	_ = fs.WalkDir(defaultCorpus, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := defaultCorpus.ReadFile(p)
		if err != nil {
			return err
		}
		h.Write([]byte(p))
		h.Write(b)
		return nil
	})
	return hex.EncodeToString(h.Sum(nil))[:16]
}
