package indexer

import (
	"bufio"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/exsearch/exsearch/corpus"
)

// The spool. A build needs some things of every document before it indexes
// any (the compound dictionaries, the title order, which are in every
// document's terms), and indexes the documents in id order, while reading
// gives them in claim order. So reindex does not keep the documents: as
// each is read it is written to a spool file in its binary form
// (corpus/binary.go), and only its id, language, title and place in the
// file stay in memory, with the dictionary's words and the labels of
// unmapped facet values, gathered as they come. The build then reads the
// documents back in id order, a batch at a time, as its workers ask for
// them, and each batch is garbage once indexed. What stays in memory grows
// with the corpus by about a hundred bytes a document, not by its text.
//
// The spool is created in the index directory (or the nearest directory
// above it that exists), on the disk the index will fill anyway, and
// unlinked at once: it has no name, so nothing is left behind however the
// run ends, and its space is freed when it is closed. A write that fails (a
// full disk) fails the reading at once.

// spool is a reindex's documents on disk.
type spool struct {
	f     *os.File
	w     *bufio.Writer
	size  int64
	buf   []byte
	heads []spooled
	words dictionaryWords
	// labels are the unmapped facet values' spellings (see unmappedLabels).
	labels labelSet
}

// spooled is what stays in memory of a spooled document.
type spooled struct {
	Title
	off int64
	n   int
}

// newSpool creates an unnamed spool file near dir.
func newSpool(dir string) (*spool, error) {
	near := dir
	for {
		if st, err := os.Stat(near); err == nil && st.IsDir() {
			break
		} else if err != nil && !errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("spool: %w", err)
		}
		up := filepath.Dir(near)
		if up == near {
			break
		}
		near = up
	}
	f, err := os.CreateTemp(near, ".spool-")
	if err != nil {
		return nil, fmt.Errorf("spool: %w", err)
	}
	if err := os.Remove(f.Name()); err != nil {
		f.Close()
		return nil, fmt.Errorf("spool: %w", err)
	}
	return &spool{f: f, w: bufio.NewWriterSize(f, 1<<20)}, nil
}

// add writes d to the spool and keeps what the build needs of it at once.
func (s *spool) add(d *corpus.Document, tax *corpus.Taxonomy) error {
	b, err := d.AppendBinary(s.buf[:0])
	if err != nil {
		return err
	}
	s.buf = b
	if _, err := s.w.Write(b); err != nil {
		return fmt.Errorf("spool: %w", err)
	}
	// Cloned: the document's strings may share memory with all its text.
	s.heads = append(s.heads, spooled{
		Title: Title{ID: strings.Clone(d.ID), Lang: strings.Clone(d.Lang), Title: strings.Clone(d.Title)},
		off:   s.size, n: len(b),
	})
	s.size += int64(len(b))
	s.words.add(d)
	s.labels.add(d, tax)
	return nil
}

// finish flushes the spool and puts the documents in id order; it returns
// their titles in that order.
func (s *spool) finish() ([]Title, error) {
	if err := s.w.Flush(); err != nil {
		return nil, fmt.Errorf("spool: %w", err)
	}
	s.buf = nil
	slices.SortFunc(s.heads, func(a, b spooled) int { return strings.Compare(a.ID, b.ID) })
	titles := make([]Title, len(s.heads))
	for i := range s.heads {
		titles[i] = s.heads[i].Title
	}
	return titles, nil
}

// batches reads the documents back, in id order, size at a time.
func (s *spool) batches(size int, yield func([]corpus.Document) error) error {
	var buf []byte
	for i := 0; i < len(s.heads); i += size {
		chunk := make([]corpus.Document, min(size, len(s.heads)-i))
		for j := range chunk {
			h := &s.heads[i+j]
			buf = slices.Grow(buf[:0], h.n)[:h.n]
			if _, err := s.f.ReadAt(buf, h.off); err != nil {
				return fmt.Errorf("spool: document %s: %w", h.ID, err)
			}
			if err := chunk[j].UnmarshalBinary(buf); err != nil {
				return fmt.Errorf("spool: %w", err)
			}
		}
		if err := yield(chunk); err != nil {
			return err
		}
	}
	return nil
}

// close frees the spool's disk space.
func (s *spool) close() { s.f.Close() }
