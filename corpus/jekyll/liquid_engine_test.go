package jekyll

import (
	"errors"
	"testing"
)

// The tests here guard the assumptions listed in liquid_engine.go that no
// page in the other tests reaches cheaply.

// TestCaptureIsCapped: bound gives a template's capture block the capped
// renderer, which pays for the text it captures; Liquid's own pays nothing.
func TestCaptureIsCapped(t *testing.T) {
	r := newLiquidRenderer()
	out, err := r.render(`{% capture c %}abcd{% endcapture %}[{{ c }}]`, map[string]any{}, 1)
	if err != nil || out != "[abcd]" {
		t.Fatalf("rendered %q, %v", out, err)
	}
	if paid := maxLiquidWork - r.budget.work; paid != 4 {
		t.Errorf("the capture paid %d bytes, want 4", paid)
	}
}

// TestPanicInAFilter: an error a filter panics with reaches render wrapped
// with the engine's stack trace, and comes out as the error alone.
func TestPanicInAFilter(t *testing.T) {
	r := newLiquidRenderer()
	r.engine.RegisterFilter("boom", func(any) any { panic(errors.New("boom")) })
	_, err := r.render(`{{ 1 | boom }}`, map[string]any{}, 1)
	if err == nil || err.Error() != "the Liquid engine failed: boom" {
		t.Errorf("error %q, want %q", err, "the Liquid engine failed: boom")
	}
}
