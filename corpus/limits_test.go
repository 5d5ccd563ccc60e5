package corpus

import (
	"testing"

	"github.com/exsearch/exsearch/corpus/jekyll"
)

// TestJekyllBoundsAreLimits: a rendered body is capped at the size its
// document may have, and the page variable's lists at a document's: were
// jekyll's bounds larger, a page would be rejected for its text instead of
// having its Liquid stripped; were they smaller, pages that fit would lose
// their rendering.
func TestJekyllBoundsAreLimits(t *testing.T) {
	if jekyll.MaxOutputBytes != MaxTextBytes {
		t.Errorf("jekyll.MaxOutputBytes = %d, MaxTextBytes = %d", jekyll.MaxOutputBytes, MaxTextBytes)
	}
	if jekyll.MaxListItems != MaxListItems {
		t.Errorf("jekyll.MaxListItems = %d, MaxListItems = %d", jekyll.MaxListItems, MaxListItems)
	}
}
