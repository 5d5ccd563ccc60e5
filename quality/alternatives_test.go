package quality_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/exsearch/exsearch/internal/sharedtest"
	"github.com/exsearch/exsearch/quality"
	"github.com/exsearch/exsearch/search"
)

// floorAltRecall is a little below the recall@10 the alternatives reach
// against wger's variation groups (0.405; see README). The goal is
// 0.8: most groups' members tie with the other sources' equivalent
// exercises, which no group lists.
const floorAltRecall = 0.38

// TestAlternatives scores the alternatives of every indexed wger exercise in
// a variation group against the group, and the baseline that ranks by
// shared muscles only; the ranking must keep its floor and beat the
// baseline. Run with -v for the figures.
func TestAlternatives(t *testing.T) {
	groups, err := quality.ReadVariationGroups(filepath.Join(sharedtest.Corpus(t), "wger"), "corpus/wger/")
	if err != nil {
		t.Fatal(err)
	}
	l, err := search.OpenLive(sharedtest.Index(t), search.LiveOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	ctx := context.Background()
	got, err := quality.EvaluateAlternatives(ctx, l, groups, "corpus/wger/", false)
	if err != nil {
		t.Fatal(err)
	}
	base, err := quality.EvaluateAlternatives(ctx, l, groups, "corpus/wger/", true)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d groups, %d sources", got.Groups, got.Sources)
	for _, r := range []struct {
		name string
		s    quality.AltScore
	}{{"alternatives", got}, {"shared muscles only", base}} {
		t.Logf("%-20s recall@%d %.3f  precision@%d %.3f  recall@%d among wger's %.3f", r.name, quality.AltK, r.s.Recall, quality.AltP, r.s.Precision, quality.AltK, r.s.RecallWger)
	}
	if got.Recall < floorAltRecall {
		t.Errorf("recall@%d %.3f, below the floor %.2f", quality.AltK, got.Recall, floorAltRecall)
	}
	if got.Recall <= base.Recall {
		t.Errorf("recall@%d %.3f, not above the shared-muscles baseline's %.3f", quality.AltK, got.Recall, base.Recall)
	}
}
