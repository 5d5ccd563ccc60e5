package search

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/exsearch/exsearch/indexer"
	"github.com/exsearch/exsearch/internal/sharedtest"
)

// TestCorrectionStops: spelling corrections, milliseconds a long word, stop
// with the context's error once it is done, so that a search past its
// deadline gives up its admission slot instead of correcting 32 words.
func TestCorrectionStops(t *testing.T) {
	s, err := newSpeller([]string{"Deadlift", "Romanian deadlift"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	unknown := []span{{"romanain", 0, 8}, {"dedlift", 9, 16}}
	if got, ok, err := s.correctQuery(context.Background(), "romanain dedlift", unknown, false, nil); err != nil || !ok || got != "romanian deadlift" {
		t.Fatalf("corrected to %q (%v, %v), want %q", got, ok, err, "romanian deadlift")
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, _, err := s.correctQuery(ctx, "romanain dedlift", unknown, false, nil); !errors.Is(err, context.Canceled) {
		t.Errorf("with the context done: %v, want %v", err, context.Canceled)
	}
}

// TestSpellerBuiltAtOpen: opening an index starts building its speller, so
// the first search with an unknown word does not wait for it, and the build
// gives back the reference it holds once done. (An index closed before the
// build starts builds nothing: TestClosedIndexBuildsNothingMore.)
func TestSpellerBuiltAtOpen(t *testing.T) {
	p, _, err := indexer.Current(sharedtest.Index(t))
	if err != nil {
		t.Fatal(err)
	}
	ix, err := Open(p)
	if err != nil {
		t.Fatal(err)
	}
	s, err := ix.suggesterOnce() // waits for the build started by Open
	if err != nil {
		t.Fatal(err)
	}
	ix.Close()
	unknown := []span{{"deadlfit", 0, 8}}
	if got, ok, err := s.speller.correctQuery(context.Background(), "deadlfit", unknown, false, nil); err != nil || !ok || got != "deadlift" {
		t.Errorf("built speller corrects deadlfit to %q (%v, %v), want deadlift", got, ok, err)
	}
	// The build gives its reference back just after it is done.
	for deadline := time.Now().Add(5 * time.Second); ix.refs.Load() != 0 && time.Now().Before(deadline); {
		time.Sleep(time.Millisecond)
	}
	if n := ix.refs.Load(); n != 0 {
		t.Errorf("after the build and Close, %d references are left, want 0", n)
	}
}
