package search

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"runtime/debug"
	"strings"
)

// Checking a generation before it is served. A server switches only to a
// generation it has verified, and reindex publishes only one it has read
// back, because what goes wrong with index files goes wrong silently until a
// query touches the damaged bytes: a truncated or bit-flipped segment opens
// fine and then crashes or lies.
//
// Verification has two parts:
//
//   - every segment file is read whole and its checksum compared with the
//     one zap wrote in its footer. This relies on zap's file format, an
//     assumption listed with bleve's others in scorch.go (verifyZap);
//   - the index is opened and probed: the metadata is read, everything is
//     browsed with facets counted, a text query is run with the first hit's
//     title, and the first hits' stored documents are read back.
//
// Reading every byte costs about as much as copying the files once (a 100k
// index is read in well under a second); it is paid when a generation is
// published or switched to, never per query.
//
// Segments are memory-mapped, so bytes that go bad after verification (a
// file truncated under a running server) fault when touched. Searches run
// with debug.SetPanicOnFault, which turns such a fault into a panic that
// guard recovers: the request fails, the generation is marked bad, and the
// process lives (see Live).

// VerifyFiles checks the checksum of every segment file of the index at
// path. It reads them with read(2), not through a mapping, so a truncated
// file is an error here, not a fault.
func VerifyFiles(path string) error {
	zaps, err := zapFiles(path)
	if err != nil {
		return fmt.Errorf("index files: %w", err)
	}
	for _, z := range zaps {
		if err := verifyZap(z); err != nil {
			return fmt.Errorf("segment %s: %w", filepath.Base(z), err)
		}
	}
	if len(zaps) == 0 {
		return errors.New("index files: no segment files in store/")
	}
	return nil
}

// Verify checks the index at path as a server would before serving it: its
// files, then an open and a probe. It is what reindex runs before it
// publishes and what `exsearch verify` runs on each generation.
func Verify(path string) error {
	if err := VerifyFiles(path); err != nil {
		return err
	}
	ix, err := Open(path)
	if err != nil {
		return err
	}
	defer ix.Close()
	return ix.probe()
}

// probe runs the queries a server's first visitors would: browse with facets,
// a word query, stored documents. Any error or recovered fault fails it.
func (ix *Index) probe() (err error) {
	defer guard(&err, nil)
	ctx := context.Background()
	all, err := ix.Search(ctx, Request{Size: 3})
	if err != nil {
		return fmt.Errorf("probe: browse: %w", err)
	}
	if all.Total != uint64(ix.meta.Total) {
		return fmt.Errorf("probe: browsing finds %d documents, the metadata says %d", all.Total, ix.meta.Total)
	}
	for _, h := range all.Hits {
		if _, err := ix.Document(ctx, h.ID); err != nil {
			return fmt.Errorf("probe: document %q: %w", h.ID, err)
		}
	}
	if len(all.Hits) > 0 {
		words := strings.Fields(all.Hits[0].Title)
		if len(words) > 0 {
			res, err := ix.Search(ctx, Request{Query: words[0], Size: 1})
			if err != nil {
				return fmt.Errorf("probe: query %q: %w", words[0], err)
			}
			if res.Total == 0 {
				return fmt.Errorf("probe: query %q finds nothing, though document %q has it in its title", words[0], all.Hits[0].ID)
			}
		}
	}
	return nil
}

// FaultError is a panic recovered while reading an index: a damaged
// segment, or a bug. The generation it happened in is no longer trusted.
type FaultError struct {
	Value any
	Stack []byte
}

func (e *FaultError) Error() string {
	return fmt.Sprintf("index fault (damaged index files?): %v", e.Value)
}

// guard turns a panic in the calling function into a *FaultError in *err,
// and calls bad with it. The caller must have deferred it directly, and must
// have called debug.SetPanicOnFault(true) (see faults) for a memory fault in
// a mapped file to arrive as a panic at all.
func guard(err *error, bad func(*FaultError)) {
	r := recover()
	if r == nil {
		return
	}
	fe := &FaultError{Value: r, Stack: debug.Stack()}
	*err = fe
	if bad != nil {
		bad(fe)
	}
}

// faults makes a fault on a mapped file's bytes a panic in this goroutine
// (instead of killing the process) until the returned function is called.
func faults() (restore func()) {
	old := debug.SetPanicOnFault(true)
	return func() { debug.SetPanicOnFault(old) }
}
