package web_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/PuerkitoBio/goquery"

	"github.com/exsearch/exsearch/internal/sharedtest"
	"github.com/exsearch/exsearch/search"
	"github.com/exsearch/exsearch/web"
)

// Every page says in its head what it is, in its interface language: a
// description, its canonical URL (its own) and itself in each interface
// language, as absolute URLs (issue 15).
func TestPageHead(t *testing.T) {
	srv := startServer(t)
	tags := map[string]string{"da": "da", "no": "nb", "de": "de", "en": "en"}
	quoted := map[string]string{"da": "“bænkpres”", "no": "«bænkpres»", "de": "„bænkpres“", "en": "“bænkpres”"}
	for ui, tag := range tags {
		for _, c := range []struct {
			name, path, want string // want: a part of the description
		}{
			{"results", "/?q=b%C3%A6nkpres&ui=" + ui, quoted[ui]},
			{"results page 2", "/?page=2&q=b%C3%A6nkpres&ui=" + ui, quoted[ui]},
			{"empty search", "/?ui=" + ui, map[string]string{"da": "Søg blandt", "no": "Søk blant", "de": "Durchsuche", "en": "Search "}[ui]},
			{"no results", "/?q=zzqqxx&ui=" + ui, "zzqqxx"},
			{"document", "/d/corpus/free-exercise-db/3_4_Sit-Up?ui=" + ui, "Lie down on the floor"},
		} {
			t.Run(ui+"/"+c.name, func(t *testing.T) {
				doc := getDoc(t, srv, c.path)
				if lang := doc.Find("html").AttrOr("lang", ""); lang != tag {
					t.Errorf("html lang %q, want %q", lang, tag)
				}
				desc := doc.Find(`head meta[name=description]`)
				if desc.Length() != 1 {
					t.Fatalf("%d meta descriptions, want 1", desc.Length())
				}
				d := desc.AttrOr("content", "")
				if !strings.Contains(d, c.want) || utf8.RuneCountInString(d) > 160 {
					t.Errorf("description %q: want one of at most 160 characters with %q", d, c.want)
				}
				checkLinks(t, doc, srv.URL+c.path, srv.URL, ui)
			})
		}
	}
}

// checkLinks checks a page's canonical URL (want) and its hreflang
// alternates: one per interface language and x-default, each the canonical
// URL with another ui, x-default without one.
func checkLinks(t *testing.T, doc *goquery.Document, want, origin, ui string) {
	t.Helper()
	canon := doc.Find(`head link[rel=canonical]`)
	if canon.Length() != 1 || canon.AttrOr("href", "") != want {
		t.Errorf("canonical %v (%d links), want %s", canon.AttrOr("href", ""), canon.Length(), want)
	}
	wantURL, _ := url.Parse(want)
	got := map[string]string{}
	doc.Find(`head link[rel=alternate][hreflang]`).Each(func(_ int, s *goquery.Selection) {
		got[s.AttrOr("hreflang", "")] = s.AttrOr("href", "")
	})
	for tag, code := range map[string]string{"da": "da", "nb": "no", "de": "de", "en": "en", "x-default": ""} {
		href, ok := got[tag]
		if !ok {
			t.Errorf("no hreflang %s (have %v)", tag, got)
			continue
		}
		u, err := url.Parse(href)
		if err != nil || !strings.HasPrefix(href, origin+"/") || u.Path != wantURL.Path {
			t.Errorf("hreflang %s: %q, want an absolute link to %s", tag, href, wantURL.Path)
			continue
		}
		q, wq := u.Query(), wantURL.Query()
		if q.Get("ui") != code || q.Get("q") != wq.Get("q") || q.Get("page") != wq.Get("page") {
			t.Errorf("hreflang %s: %q, want the page with ui=%q", tag, href, code)
		}
		if code == ui && ui != "" && href != want {
			t.Errorf("hreflang %s: %q, want the canonical URL %s", tag, href, want)
		}
	}
	if len(got) != 5 {
		t.Errorf("hreflang links %v, want da, nb, de, en and x-default", got)
	}
}

// A page whose URL names no interface language is the one that picks it
// from Accept-Language: it is its own canonical URL and the x-default; and
// a public address, given, starts every absolute URL.
func TestPageHeadNegotiatedAndPublicURL(t *testing.T) {
	srv := startServer(t)
	doc := getDoc(t, srv, "/?q=squat", "Accept-Language", "de")
	if d := doc.Find(`head meta[name=description]`).AttrOr("content", ""); !strings.Contains(d, "„squat“") {
		t.Errorf("description %q, want it in German", d)
	}
	checkLinks(t, doc, srv.URL+"/?q=squat", srv.URL, "")
	if x := doc.Find(`head link[hreflang=x-default]`).AttrOr("href", ""); x != srv.URL+"/?q=squat" {
		t.Errorf("x-default %q, want the page itself", x)
	}

	live, err := search.OpenLive(sharedtest.Index(t), search.LiveOptions{})
	if err != nil {
		t.Fatal(err)
	}
	pub := httptest.NewServer(web.New(live, web.Options{PublicURL: "https://exsearch.example/"}))
	t.Cleanup(func() { pub.Close(); live.Close() })
	doc = getDoc(t, pub, "/d/corpus/free-exercise-db/3_4_Sit-Up?ui=en&utm_source=x")
	checkLinks(t, doc, "https://exsearch.example/d/corpus/free-exercise-db/3_4_Sit-Up?ui=en", "https://exsearch.example", "en")
}

// A document whose picture is a site-relative path, indexed without
// --base-url, shows no picture at all, in the hits or on its page: never a
// broken one, and no request that can only fail.
func TestRelativeImageIsNotShown(t *testing.T) {
	srv := startServer(t)
	const id = "corpus/free-exercise-db/3_4_Sit-Up"
	var d struct{ Image string }
	getJSON(t, srv, "/api/documents/"+id, 200, &d)
	if d.Image == "" || strings.Contains(d.Image, "://") {
		t.Fatalf("%s's image is %q: the test wants a site-relative one", id, d.Image)
	}
	doc := getDoc(t, srv, "/?q=3%2F4+sit-up&ui=en")
	hit := doc.Find(`li.hit`).FilterFunction(func(_ int, s *goquery.Selection) bool {
		return strings.Contains(s.Find("a.hit-link").AttrOr("href", ""), "3_4_Sit-Up")
	})
	if hit.Length() != 1 {
		t.Fatalf("the search for 3/4 sit-up does not list %s", id)
	}
	if n := hit.Find("img").Length(); n != 0 {
		t.Errorf("the hit has %d <img>, want none", n)
	}
	page := getDoc(t, srv, "/d/"+id+"?ui=en")
	if n := page.Find("img").Length(); n != 0 {
		t.Errorf("the document's page has %d <img>, want none", n)
	}
	// Whatever pictures the page does show are absolute, with their room kept.
	doc.Find("img").Each(func(_ int, s *goquery.Selection) {
		src := s.AttrOr("src", "")
		if !strings.HasPrefix(src, "https://") && !strings.HasPrefix(src, "http://") {
			t.Errorf("<img src=%q>: not absolute", src)
		}
		if s.AttrOr("width", "") == "" || s.AttrOr("height", "") == "" {
			t.Errorf("<img src=%q> has no width and height: the page moves when it loads", src)
		}
	})
}

// Without --public-url a page's absolute URLs take the request's Host, but
// a forged one that no URL can have (Go's server lets these through) is
// replaced by the address the server was reached at.
func TestPageHeadForgedHost(t *testing.T) {
	srv := startServer(t)
	cases := []struct{ host, want string }{
		{"search.example:8443", "http://search.example:8443"},
		{"[::1]:8080", "http://[::1]:8080"},
		{"10.0.0.7", "http://10.0.0.7"},
		{"evil.example:99999", srv.URL},
		{"evil.example:0", srv.URL},
		{"a'b", srv.URL},
		{"a{b}.example", srv.URL},
		{"-x.example", srv.URL},
		{"::1", srv.URL},
		{"x.example:", srv.URL},
	}
	for _, c := range cases {
		req, err := http.NewRequest(http.MethodGet, srv.URL+"/?q=squat&ui=en", nil)
		if err != nil {
			t.Fatal(err)
		}
		req.Host = c.host
		resp, err := srv.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		doc, err := goquery.NewDocumentFromReader(resp.Body)
		resp.Body.Close()
		if err != nil || resp.StatusCode != http.StatusOK {
			t.Fatalf("Host %q: status %d, %v", c.host, resp.StatusCode, err)
		}
		if got := doc.Find(`head link[rel=canonical]`).AttrOr("href", ""); got != c.want+"/?q=squat&ui=en" {
			t.Errorf("Host %q: canonical %q, want it at %s", c.host, got, c.want)
		}
	}
}
