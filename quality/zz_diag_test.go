package quality_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/exsearch/exsearch/corpus"
	"github.com/exsearch/exsearch/internal/sharedtest"
	"github.com/exsearch/exsearch/quality"
	"github.com/exsearch/exsearch/search"
)

func TestZZDiag(t *testing.T) {
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
	out, _ := os.Create("/tmp/altdiag/diag.txt")
	defer out.Close()
	inter := func(a, b []string) []string {
		var o []string
		for _, x := range a {
			if slices.Contains(b, x) {
				o = append(o, x)
			}
		}
		return o
	}
	stats := map[string]int{}
	pairs := 0
	for _, g := range groups {
		docs := map[string]*corpus.Document{}
		memberOf := map[string]int{}
		for ex, ids := range g.Members {
			for _, id := range ids {
				d, err := l.Document(ctx, id)
				if err != nil {
					continue
				}
				docs[id] = d
				memberOf[id] = ex
			}
		}
		fmt.Fprintf(out, "\n=== group %s\n", g.ID)
		for ex, ids := range g.Members {
			for _, id := range ids {
				if d := docs[id]; d != nil {
					fmt.Fprintf(out, "  ex%d %s %-40q m=%v f=%v fam=%v eq=%v cat=%v concept=%s\n", ex, d.Lang, d.Title, d.Muscle, d.Focus, d.Families, d.Equipment, d.Categories, d.Concept)
				}
			}
		}
		for id, d := range docs {
			a, err := l.Alternatives(ctx, search.AlternativesRequest{ID: id, Size: search.MaxSize, PreferLang: d.Lang})
			if err != nil {
				t.Fatal(err)
			}
			rank := map[int]int{}
			for i, h := range a.Hits {
				if m, ok := memberOf[h.ID]; ok && m != memberOf[id] {
					if _, seen := rank[m]; !seen {
						rank[m] = i + 1
					}
				}
			}
			var parts []string
			for ex := range g.Members {
				if ex == memberOf[id] {
					continue
				}
				r, ok := rank[ex]
				if !ok {
					parts = append(parts, fmt.Sprintf("ex%d:-", ex))
				} else {
					parts = append(parts, fmt.Sprintf("ex%d:%d", ex, r))
				}
			}
			slices.Sort(parts)
			top := []string{}
			for _, h := range a.Hits[:min(5, len(a.Hits))] {
				top = append(top, h.Title+"("+h.Lang+")")
			}
			fmt.Fprintf(out, "  src %s %q ranks %s | top5 %s\n", d.Lang, d.Title, strings.Join(parts, " "), strings.Join(top, "; "))
			// signals per pair with other members (same language only to compare names)
			for oid, od := range docs {
				if memberOf[oid] == memberOf[id] || oid <= id {
					continue
				}
				pairs++
				if len(inter(d.Muscle, od.Muscle)) > 0 {
					stats["muscle"]++
				}
				if slices.Equal(d.Muscle, od.Muscle) {
					stats["muscle-equal"]++
				}
				if len(inter(d.Focus, od.Focus)) > 0 {
					stats["focus"]++
				}
				if len(inter(d.Families, od.Families)) > 0 {
					stats["family"]++
				}
				if len(d.Families) == 0 && len(od.Families) == 0 {
					stats["family-both-none"]++
				}
				if len(inter(d.Equipment, od.Equipment)) > 0 {
					stats["equip"]++
				}
				if len(inter(d.Categories, od.Categories)) > 0 {
					stats["category"]++
				}
				if d.Lang == od.Lang {
					stats["samelang"]++
					w1 := strings.Fields(strings.ToLower(d.Title))
					w2 := strings.Fields(strings.ToLower(od.Title))
					if len(inter(w1, w2)) > 0 {
						stats["samelang-titleword"]++
					}
				}
			}
		}
	}
	fmt.Fprintf(out, "\npairs %d stats %v\n", pairs, stats)
}
