package quality_test

import (
	"cmp"
	"context"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/exsearch/exsearch/internal/sharedtest"
	"github.com/exsearch/exsearch/quality"
	"github.com/exsearch/exsearch/search"
)

// Floors a little below what the alternatives reach on the test half of
// wger's variation groups (quality.SplitVariationGroups; figures in the
// README, Alternatives). The ranking was tuned on the development half
// only; the test half says whether that generalised.
const (
	floorAltRecall    = 0.49
	floorAltPrecision = 0.29
)

// TestAlternatives scores the alternatives of every indexed wger exercise in
// a variation group against the group, and the baseline that ranks by
// shared muscles only, on each half of the groups; on the test half the
// ranking must keep its floors and beat the baseline. Run with -v for the
// figures and the groups where recall is lost.
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
	dev, test := quality.SplitVariationGroups(groups)
	for _, half := range []struct {
		name   string
		groups []quality.VariationGroup
	}{{"dev", dev}, {"test", test}, {"all", groups}} {
		got, err := quality.EvaluateAlternatives(ctx, l, half.groups, groups, "corpus/wger/", false)
		if err != nil {
			t.Fatal(err)
		}
		base, err := quality.EvaluateAlternatives(ctx, l, half.groups, groups, "corpus/wger/", true)
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("%s: %d groups, %d sources", half.name, got.Groups, got.Sources)
		for _, r := range []struct {
			name string
			s    quality.AltScore
		}{{"alternatives", got}, {"shared muscles only", base}} {
			t.Logf("  %-20s recall@%d %.3f  precision@%d %.3f  recall@%d among wger's %.3f", r.name, quality.AltK, r.s.Recall, quality.AltP, r.s.Precision, quality.AltK, r.s.RecallWger)
		}
		checkPlaces(t, half.name, got)
		if half.name == "dev" {
			worst := slices.Clone(got.PerGroup)
			slices.SortFunc(worst, func(a, b quality.AltGroupScore) int { return cmp.Compare(a.Recall, b.Recall) })
			for _, g := range worst[:min(8, len(worst))] {
				t.Logf("  dev group %s: %d sources, recall@%d %.3f", g.ID, g.Sources, quality.AltK, g.Recall)
			}
		}
		if half.name != "test" {
			continue
		}
		if got.Recall < floorAltRecall {
			t.Errorf("test half: recall@%d %.3f, below the floor %.2f", quality.AltK, got.Recall, floorAltRecall)
		}
		if got.Precision < floorAltPrecision {
			t.Errorf("test half: precision@%d %.3f, below the floor %.2f", quality.AltP, got.Precision, floorAltPrecision)
		}
		if got.Recall <= base.Recall {
			t.Errorf("test half: recall@%d %.3f, not above the shared-muscles baseline's %.3f", quality.AltK, got.Recall, base.Recall)
		}
	}
}

// checkPlaces logs what holds the top 10 places (quality.AltPlaces) and
// checks the count: every place once, and at least the fellow members
// precision@5 found.
func checkPlaces(t *testing.T, half string, s quality.AltScore) {
	t.Helper()
	p := s.Places
	share := func(n int) float64 { return 100 * float64(n) / float64(max(p.Total, 1)) }
	t.Logf("  top %d places: %d; the group's %.0f%%, another group's %.0f%%, unlisted of the family %.0f%%, another source's of the family %.0f%%, no shared family %.0f%%",
		quality.AltK, p.Total, share(p.Member), share(p.OtherGroup), share(p.Unlisted), share(p.OtherSource), share(p.NoFamily))
	if p.Total == 0 || p.Total > s.Sources*quality.AltK {
		t.Errorf("%s: %d top %d places of %d sources", half, p.Total, quality.AltK, s.Sources)
	}
	if sum := p.Member + p.OtherGroup + p.Unlisted + p.OtherSource + p.NoFamily; sum != p.Total {
		t.Errorf("%s: places by holder sum to %d, want %d", half, sum, p.Total)
	}
	if inTop5 := s.Precision * float64(s.Sources*quality.AltP); float64(p.Member) < inTop5-0.5 {
		t.Errorf("%s: %d places hold a member, fewer than the %.0f precision@%d counted", half, p.Member, inTop5, quality.AltP)
	}
}

// floorAltPairs is the number of grade-2 (real swap) pairs that must stay
// in their source's top 10: 18 of 19 are. The name words and weights of
// search/alternatives.go made it 18; the taxonomy then (rightly) read wger's
// "Bulgarian Squat with Dumbbells" as a Bulgarian split squat, a lunge, and
// it no longer shares a family with the back squat it was judged a swap for
// (17). A push-up that ties with a dozen others at the 10th score is back
// since ties go to exercises that need no equipment (18); the floor leaves
// it to the ties.
const floorAltPairs = 17

// altPairs are the hand-judged alternatives.
const altPairs = "testdata/alternatives-pairs.tsv"

// TestAlternativesPairs reads the hand-judged cross-language pairs
// (testdata/alternatives-pairs.tsv, see testdata/README.md): each must name
// two documents of different languages, graded 0..2. It reports the grades
// and how many pairs are still in their source's top 10.
func TestAlternativesPairs(t *testing.T) {
	b, err := os.ReadFile(altPairs)
	if err != nil {
		t.Fatal(err)
	}
	l, err := search.OpenLive(sharedtest.Index(t), search.LiveOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	ctx := context.Background()
	grades, inTop := map[int]int{}, map[int]int{}
	sum := 0
	for n, line := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		if strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) != 4 {
			t.Fatalf("alternatives-pairs.tsv:%d: %d fields, want source, alternative, grade, why", n+1, len(f))
		}
		g, err := strconv.Atoi(f[2])
		if err != nil || g < 0 || g > 2 {
			t.Fatalf("alternatives-pairs.tsv:%d: grade %q, want 0, 1 or 2", n+1, f[2])
		}
		src, err := l.Document(ctx, f[0])
		if err != nil {
			t.Fatalf("alternatives-pairs.tsv:%d: %s: %v", n+1, f[0], err)
		}
		alt, err := l.Document(ctx, f[1])
		if err != nil {
			t.Fatalf("alternatives-pairs.tsv:%d: %s: %v", n+1, f[1], err)
		}
		if src.Lang == alt.Lang {
			t.Errorf("alternatives-pairs.tsv:%d: both in %s, want a cross-language pair", n+1, src.Lang)
		}
		grades[g]++
		sum += g
		a, err := l.Alternatives(ctx, search.AlternativesRequest{ID: f[0], Size: 10})
		if err != nil {
			t.Fatal(err)
		}
		// One document per exercise is shown: another of the
		// alternative's mined concept stands for it.
		same := func(h search.Alternative) bool {
			if h.ID == f[1] {
				return true
			}
			d, err := l.Document(ctx, h.ID)
			return err == nil && alt.Concept != "" && d.Concept == alt.Concept
		}
		if slices.ContainsFunc(a.Hits, same) {
			inTop[g]++
		} else {
			t.Logf("alternatives-pairs.tsv:%d: grade %d, no longer in the top 10: %s", n+1, g, f[3])
		}
	}
	total := grades[0] + grades[1] + grades[2]
	if total != 30 {
		t.Errorf("%d pairs, want 30", total)
	}
	t.Logf("%d pairs: grade 2 %d, grade 1 %d, grade 0 %d, mean %.2f; still in the top 10: grade 2 %d, grade 1 %d, grade 0 %d",
		total, grades[2], grades[1], grades[0], float64(sum)/float64(total), inTop[2], inTop[1], inTop[0])
	if inTop[2] < floorAltPairs {
		t.Errorf("%d grade-2 pairs in the top 10, below the floor %d", inTop[2], floorAltPairs)
	}
}
