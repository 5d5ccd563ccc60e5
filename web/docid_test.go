package web_test

import (
	"context"
	"fmt"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/PuerkitoBio/goquery"

	"github.com/exsearch/exsearch/corpus"
	"github.com/exsearch/exsearch/indexer"
	"github.com/exsearch/exsearch/search"
	"github.com/exsearch/exsearch/web"
)

// oddNames are file names whose document ids ("x/" and the name) need
// escaping in a URL path, or look escaped already.
var oddNames = []string{
	"100% effort", "50%25 off", "a%2Fb", "a#b", "what?", "with space", "a+b", "semi;colon", "amp&and=eq",
	"café øvelse", "深蹲", "sub/dir/deep", "sub/100%/x#y?z",
	// Ids that end as the path of a document's alternatives does.
	"alternatives", "sub/alternatives", "alternatives/alternatives",
}

// startOddServer serves an index of one page per odd name, each titled
// "Odd N" with N its place in oddNames.
func startOddServer(t *testing.T) *httptest.Server {
	t.Helper()
	files := fstest.MapFS{}
	for i, name := range oddNames {
		files[name+".md"] = &fstest.MapFile{Data: fmt.Appendf(nil,
			"---\ntitle: \"Odd %d\"\nlanguage: en\nmuscle_group:\n  - Hamstrings\n---\nA squat with an odd name, number %d.\n", i, i)}
	}
	dir := filepath.Join(t.TempDir(), "ix")
	if _, err := indexer.Reindex(context.Background(), dir, []corpus.Source{{Name: "x", FS: files}}, indexer.ReindexOptions{}); err != nil {
		t.Fatal(err)
	}
	live, err := search.OpenLive(dir, search.LiveOptions{})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(web.New(live, web.Options{}))
	t.Cleanup(func() { srv.Close(); live.Close() })
	return srv
}

// TestOddDocumentIDs: the link the page gives a document resolves to that
// document, on the page (/d/) and in the API (/api/documents/), whatever its
// id holds. A "%" in an id was once unescaped twice: the link answered 400.
func TestOddDocumentIDs(t *testing.T) {
	srv := startOddServer(t)
	var all search.Result
	getJSON(t, srv, "/api/search?size=100", 200, &all)
	ids := map[string]string{} // by title
	for _, h := range all.Hits {
		ids[h.Title] = h.ID
	}
	for i, name := range oddNames {
		if want := "x/" + name; ids[fmt.Sprintf("Odd %d", i)] != want {
			t.Fatalf("Odd %d has id %q, want %q", i, ids[fmt.Sprintf("Odd %d", i)], want)
		}
	}
	doc := getDoc(t, srv, "/?size=100&ui=en")
	links := doc.Find(`a[href^="/d/"]`)
	if links.Length() < len(oddNames) {
		t.Fatalf("%d document links on the page, want %d", links.Length(), len(oddNames))
	}
	seen := map[string]bool{}
	for _, a := range links.EachIter() {
		href, _ := a.Attr("href")
		id, ok := ids[strings.TrimSpace(a.Text())]
		if !ok {
			continue // not a title link
		}
		seen[id] = true
		page := getDoc(t, srv, href)
		if h1 := page.Find("h1").Text(); h1 != strings.TrimSpace(a.Text()) {
			t.Errorf("%s (id %q): page shows %q", href, id, h1)
		}
		var d corpus.Document
		api := "/api/documents/" + strings.TrimPrefix(strings.SplitN(href, "?", 2)[0], "/d/")
		getJSON(t, srv, api, 200, &d)
		if d.ID != id {
			t.Errorf("%s: document %q, want %q", api, d.ID, id)
		}
		// The same escaped id, then /alternatives: that document's
		// alternatives, never another document.
		var alt search.Alternatives
		getJSON(t, srv, api+"/alternatives", 200, &alt)
		if alt.ID != id || len(alt.Hits) == 0 {
			t.Errorf("%s/alternatives: alternatives of %q (%d), want of %q", api, alt.ID, len(alt.Hits), id)
		}
	}
	if len(seen) != len(oddNames) {
		t.Errorf("title links found for %d of %d documents", len(seen), len(oddNames))
	}
	// No id at all is the client's mistake, and named so.
	for _, p := range []string{"/api/documents/", "/d/"} {
		if status, body, _ := get(t, srv, p); status != 400 || !strings.Contains(body, "id") {
			t.Errorf("%s: %d %.100s, want a 400 naming the id", p, status, body)
		}
	}
}

// TestOddDocumentPageLinks: every link on a document's page that leads to a
// document page leads back to the same one, in the language it names. The
// language links were once built from the decoded path: "x/a#b" linked
// "/d/x/a#b?ui=de", which is the document "x/a".
func TestOddDocumentPageLinks(t *testing.T) {
	srv := startOddServer(t)
	for i, name := range oddNames {
		id, title := "x/"+name, fmt.Sprintf("Odd %d", i)
		t.Run(name, func(t *testing.T) {
			// The page's own link to the document, as a hit links it.
			var hit string
			getDoc(t, srv, "/?ui=en&q="+url.QueryEscape(fmt.Sprintf("number %d", i))).Find(`a[href^="/d/"]`).EachWithBreak(
				func(_ int, a *goquery.Selection) bool {
					if strings.TrimSpace(a.Text()) == title {
						hit, _ = a.Attr("href")
					}
					return hit == ""
				})
			if hit == "" {
				t.Fatalf("no link to %s on the search page", title)
			}
			base, err := url.Parse(hit)
			if err != nil {
				t.Fatal(err)
			}
			page := getDoc(t, srv, hit)
			// The alternatives lead to other documents, by design; the
			// links of their own ids are checked by TestOddDocumentIDs.
			if page.Find(".alternatives-list a").Length() == 0 {
				t.Errorf("%s: no alternatives on the page", hit)
			}
			page.Find(".alternatives").Remove()
			langs := map[string]bool{}
			for _, a := range page.Find("a[href]").EachIter() {
				href, _ := a.Attr("href")
				u, err := url.Parse(href)
				if err != nil {
					t.Errorf("href %q: %v", href, err)
					continue
				}
				u = base.ResolveReference(u)
				if u.Host != "" || (!strings.HasPrefix(u.Path, "/d/") && a.AttrOr("hreflang", "") == "") {
					continue // the search page, assets, the document's own site
				}
				target := getDoc(t, srv, u.RequestURI())
				if h1 := target.Find("h1").Text(); h1 != title {
					t.Errorf("link %q (to %s) shows %q, want %q", href, u.RequestURI(), h1, title)
				}
				if ui := u.Query().Get("ui"); a.AttrOr("data-ui", ui) != ui {
					t.Errorf("link %q for %s has ui=%s", href, a.AttrOr("data-ui", ""), ui)
				}
				langs[a.AttrOr("data-ui", "")] = true
				var d corpus.Document
				getJSON(t, srv, "/api/documents/"+strings.TrimPrefix(u.EscapedPath(), "/d/"), 200, &d)
				if d.ID != id {
					t.Errorf("link %q is document %q, want %q", href, d.ID, id)
				}
			}
			for _, l := range []string{"da", "no", "de", "en"} {
				if !langs[l] {
					t.Errorf("no working link to the page in %s", l)
				}
			}
		})
	}
}
