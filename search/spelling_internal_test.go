package search

import (
	"context"
	"errors"
	"testing"
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
