package web_test

import (
	"context"
	"fmt"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

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
	live, err := search.OpenLive(dir, nil)
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
