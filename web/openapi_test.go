package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers/gorillamux"
	"github.com/labstack/echo/v4"

	"github.com/exsearch/exsearch/analytics"
	"github.com/exsearch/exsearch/internal/sharedtest"
	"github.com/exsearch/exsearch/search"
	"github.com/exsearch/exsearch/web"
)

// TestOpenAPI checks the served API description against real answers:
// every endpoint, its documented fields (required ones must be there, with
// the documented types) and its error shapes. The server is configured as
// serve is with an admin token: analytics recorded into a real SQLite store,
// /admin reading the same store. A second server, with neither, answers the
// cases that the description says depend on them (404s).
func TestOpenAPI(t *testing.T) {
	srv := startContractServer(t)
	off := startServer(t)
	// Login and logout are answered with redirects, which are the answers
	// to check, not to follow.
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	status, spec, _ := get(t, srv, "/api/openapi.json")
	if status != 200 {
		t.Fatalf("openapi.json: %d", status)
	}
	// /admin's pages are HTML, checked here as strings.
	openapi3filter.RegisterBodyDecoder("text/html", openapi3filter.FileBodyDecoder)
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromData([]byte(spec))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if err := doc.Validate(ctx); err != nil {
		t.Fatalf("the description is not valid OpenAPI 3: %v", err)
	}
	doc.Servers = openapi3.Servers{{URL: srv.URL}}
	router, err := gorillamux.NewRouter(doc)
	if err != nil {
		t.Fatal(err)
	}
	served := map[string]bool{} // "METHOD /path" of every route the server has
	for _, r := range srv.Config.Handler.(*echo.Echo).Routes() {
		served[r.Method+" "+r.Path] = true
	}
	covered := map[string]bool{}
	seen := map[string]bool{} // every key of every JSON answer
	type contractCase struct {
		method, path string
		status       int
		body         string // sent as contentType
		contentType  string
		header       []string // name, value, …
		off          bool     // ask the server without analytics or /admin
	}
	var cases []contractCase
	for _, c := range []struct {
		path   string
		status int
	}{
		{"/api/search?q=nordic+hamstring&ui=da&prefer_lang=da", 200},
		{"/api/search?q=hip+thrust&kind=article", 200},
		{"/api/search?q=romanian+dedlift", 200},
		{"/api/search?q=" + url.QueryEscape(costlyQuery), 200}, // limited
		{"/api/search?muscle=legs&muscle=unspecified&lang=da&equipment_mode=have&equipment=dumbbell&page=2&size=5", 200},
		{"/api/search?size=0", 200},
		{"/api/search?q=" + url.QueryEscape("uden udstyr armbøjninger") + "&ui=da", 200}, // understood: a filter
		{"/api/search?q=" + url.QueryEscape("squat at home") + "&understand=off", 200},
		{"/api/search?q=squat&understand=maybe", 400},
		{"/api/search?q=squat&source=widget&size=3", 200},
		{"/api/search?q=squat&source=page", 400}, // the page is "page" by its own route
		{"/api/search?q=squat&source=widget&refines=" + clickSearchID, 200},
		{"/api/search?q=squat&refines=nope", 400},
		{"/api/search?size=abc", 400},
		{"/api/search?colour=red", 400},
		{"/api/suggest?q=hams&ui=de", 200},
		{"/api/suggest?q=x&ui=fr", 400},
		{"/api/facets?ui=no", 200},
		{"/api/facets?x=1", 400},
		{"/api/documents/seeds/003_be84671168f680db", 200},
		{"/api/documents/corpus/motionsplan/_exercises/baglaar-glid-ud-ben-288", 200},
		{"/api/documents/corpus/motionsplan/_exercises/benpres-246", 200}, // alternative titles, training type
		{"/api/documents/seeds/nope", 404},
		{"/api/documents/corpus/motionsplan/_exercises/bulgarian-split-squat-39/alternatives?ui=de&prefer_lang=de&equipment=dumbbell&size=5", 200},
		{"/api/documents/corpus/motionsplan/_exercises/bulgarian-split-squat-39/alternatives?equipment_mode=all", 400},
		{"/api/documents/corpus/motionsplan/_exercises/bulgarian-split-squat-39/alternatives?size=0", 400},
		{"/api/documents/seeds/nope/alternatives", 404},
		{"/api/documents/" + articleID + "/alternatives", 422},
		{"/healthz", 200},
		{"/readyz", 200},
		{"/api/openapi.json", 200},
		{"/metrics", 200},
		// Without the admin token, a stranger gets the login form.
		{"/admin?days=7", 401},
		{"/admin/export/top-queries.csv?days=30&lang=da", 401},
		{"/admin/login", 200},
	} {
		cases = append(cases, contractCase{method: http.MethodGet, path: c.path, status: c.status})
	}
	// The owner, by bearer token; a wrong token.
	bearer := func(path string, status int, token string) contractCase {
		return contractCase{method: http.MethodGet, path: path, status: status, header: []string{"Authorization", "Bearer " + token}}
	}
	cases = append(cases,
		bearer("/admin?days=30&lang=da", 200, adminToken),
		bearer("/admin?days=400", 400, adminToken),
		bearer("/admin", 401, "not-the-token-at-all"),
		bearer("/admin/export/top-queries.csv?days=30&lang=da", 200, adminToken),
		bearer("/admin/export/per-day.csv?lang=all", 200, adminToken),
		bearer("/admin/export/top_queries.csv", 404, adminToken), // no such table
	)
	// The login form's CSRF cookie and field, for the form posts.
	csrfCookie, csrfField := loginForm(t, client, srv.URL)
	form := func(path string, status int, v url.Values, withCookie bool) contractCase {
		c := contractCase{method: http.MethodPost, path: path, status: status, body: v.Encode(), contentType: "application/x-www-form-urlencoded"}
		if withCookie {
			c.header = []string{"Cookie", csrfCookie.String()}
		}
		return c
	}
	cases = append(cases,
		form("/admin/login", 401, url.Values{"token": {"wrong-token-wrong-token"}, "csrf": {csrfField}}, true),
		form("/admin/login", 303, url.Values{"token": {adminToken}, "csrf": {csrfField}}, true),
		form("/admin/login", 403, url.Values{"token": {adminToken}, "csrf": {csrfField}}, false),
		form("/admin/logout", 303, url.Values{"csrf": {csrfField}}, true),
		form("/admin/logout", 403, url.Values{"csrf": {"forged"}}, true),
	)
	// Without an admin token, /admin is off; without analytics, so is
	// the click beacon.
	for _, path := range []string{"/admin?days=7", "/admin/export/top-queries.csv", "/admin/login"} {
		cases = append(cases, contractCase{method: http.MethodGet, path: path, status: 404, off: true})
	}
	// A click on a hit: sendBeacon sends the JSON as text/plain.
	click := func(status int, contentType, body string) contractCase {
		return contractCase{method: http.MethodPost, path: "/api/click", status: status, body: body, contentType: contentType}
	}
	cases = append(cases,
		click(204, "application/json", `{"search_id":"`+clickSearchID+`","rank":3,"id":"seeds/003_be84671168f680db"}`),
		click(204, "text/plain;charset=UTF-8", `{"search_id":"`+clickSearchID+`","rank":11,"id":"seeds/003_be84671168f680db"}`),
		click(400, "application/json", `{"search_id":"`+clickSearchID+`","rank":0,"id":"seeds/003_be84671168f680db"}`),
		click(400, "text/plain", `{"search_id":"not hex","rank":1,"id":"x"}`),
		click(413, "application/json", `{"search_id":"`+clickSearchID+`","rank":1,"id":"`+strings.Repeat("x", 2000)+`"}`),
		click(415, "application/x-www-form-urlencoded", "search_id=x"),
		contractCase{method: http.MethodPost, path: "/api/click", status: 404, body: `{}`, contentType: "application/json", off: true},
	)
	if !served["POST /api/click"] {
		t.Fatal("POST /api/click is not served with analytics on")
	}
	for _, c := range cases {
		base := srv.URL
		if c.off {
			base = off.URL
		}
		newRequest := func(url string) *http.Request {
			var body io.Reader
			if c.body != "" {
				body = strings.NewReader(c.body)
			}
			req, _ := http.NewRequest(c.method, url, body)
			if c.contentType != "" {
				req.Header.Set("Content-Type", c.contentType)
			}
			for i := 0; i+1 < len(c.header); i += 2 {
				req.Header.Set(c.header[i], c.header[i+1])
			}
			return req
		}
		resp, err := client.Do(newRequest(base + c.path))
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != c.status {
			t.Errorf("%s %s: status %d, want %d", c.method, c.path, resp.StatusCode, c.status)
			continue
		}
		// Document ids hold slashes, which a path parameter cannot: the
		// route is found for a one-segment id.
		find := newRequest(srv.URL + c.path) // the description's server
		if strings.HasPrefix(c.path, "/api/documents/") {
			find, _ = http.NewRequest(http.MethodGet, srv.URL+"/api/documents/an-id", nil)
			if p, q, _ := strings.Cut(c.path, "?"); strings.HasSuffix(p, "/alternatives") {
				find, _ = http.NewRequest(http.MethodGet, srv.URL+"/api/documents/an-id/alternatives?"+q, nil)
			}
		}
		route, params, err := router.FindRoute(find)
		if err != nil {
			t.Errorf("%s: not in the description: %v", c.path, err)
			continue
		}
		covered[route.Path] = true
		in := &openapi3filter.RequestValidationInput{Request: find, PathParams: params, Route: route,
			Options: &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc}}
		if c.status < 400 {
			if err := openapi3filter.ValidateRequest(ctx, in); err != nil {
				t.Errorf("%s %s: request does not match the description: %v", c.method, c.path, err)
			}
		}
		out := &openapi3filter.ResponseValidationInput{
			RequestValidationInput: in, Status: resp.StatusCode, Header: resp.Header,
			Body:    io.NopCloser(bytes.NewReader(body)),
			Options: &openapi3filter.Options{IncludeResponseStatus: true},
		}
		if err := openapi3filter.ValidateResponse(ctx, out); err != nil {
			t.Errorf("%s %s (%d): response does not match the description: %v", c.method, c.path, c.status, firstLine(err.Error()))
		}
		var v any
		if c.path != "/api/openapi.json" && json.Unmarshal(body, &v) == nil {
			collectKeys(v, seen)
		}
	}
	// A documented field that no answer has is a promise not kept. Request
	// bodies are what clients send, not answers.
	sent := map[string]bool{}
	for _, item := range doc.Paths.Map() {
		for _, op := range item.Operations() {
			if op.RequestBody != nil {
				for _, mt := range op.RequestBody.Value.Content {
					sent[strings.TrimPrefix(mt.Schema.Ref, "#/components/schemas/")] = true
				}
			}
		}
	}
	for name, schema := range doc.Components.Schemas {
		if sent[name] {
			continue
		}
		for prop := range schema.Value.Properties {
			if !seen[prop] {
				t.Errorf("schema %s: field %q is in no answer", name, prop)
			}
		}
	}
	for path := range doc.Paths.Map() {
		if !covered[path] {
			t.Errorf("%s is described but not tested", path)
		}
	}
}

// startContractServer serves the shared index as serve does with an admin
// token: a recorder writing to SQLite in a temporary directory, and /admin
// reporting from the same file.
func startContractServer(t *testing.T) *httptest.Server {
	t.Helper()
	live, err := search.OpenLive(sharedtest.Index(t), search.LiveOptions{})
	if err != nil {
		t.Fatal(err)
	}
	dsn := filepath.Join(t.TempDir(), analytics.SQLiteFile)
	rec := analytics.Dial(dsn, analytics.RecorderOptions{FlushInterval: 20 * time.Millisecond})
	rep := analytics.NewStoreReporter(dsn)
	srv := httptest.NewServer(web.New(live, web.Options{Analytics: rec, Reporter: rep, AdminToken: adminToken}))
	t.Cleanup(func() { srv.Close(); rec.Close(context.Background()); rep.Close(); live.Close() })
	return srv
}

// loginForm gets the login form and returns its CSRF cookie and field.
func loginForm(t *testing.T, client *http.Client, base string) (*http.Cookie, string) {
	t.Helper()
	resp, err := client.Get(base + "/admin/login")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	ck := cookieNamed(resp, "exsearch_admin_csrf")
	if resp.StatusCode != 200 || ck == nil {
		t.Fatalf("login form: %d, CSRF cookie %v", resp.StatusCode, ck)
	}
	return &http.Cookie{Name: ck.Name, Value: ck.Value}, csrfOf(t, string(b))
}

// clickSearchID is a well-formed search id (32 lowercase hex digits).
const clickSearchID = "0123456789abcdef0123456789abcdef"

// articleID is an article of the shared corpora: it has no alternatives.
const articleID = "corpus/motionsplan/_posts/2009-03-30-funktionel-styrketraening"

// costlyQuery is ten misspelt German compounds of issue 13's query, more
// corrections than a search's budget pays for (search/limit.go), so that
// its answer names words in limited, and a word that finds something (the
// squat family).
const costlyQuery = "Kniebeugenlangehantelx Schulterdrückmaschinne Kreuzhebenvariatioen Bankdrückvariationenn " +
	"Rumpfstabilisationsübunng Latzugmaschinenvarinte Kurzhantelseitheebenn Trizepsdrückkabelzugg " +
	"Bizepscurlvariationnen Wadenheebenmaschinne squat"

func collectKeys(v any, into map[string]bool) {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			into[k] = true
			collectKeys(e, into)
		}
	case []any:
		for _, e := range x {
			collectKeys(e, into)
		}
	}
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}
