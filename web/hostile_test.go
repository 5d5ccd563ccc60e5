package web_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/exsearch/exsearch/internal/sharedtest"
	"github.com/exsearch/exsearch/search"
	"github.com/exsearch/exsearch/web"
)

// TestHostileQueries: the API answers a normal result or a 4xx JSON error
// naming the problem, never a 5xx, and quickly.
func TestHostileQueries(t *testing.T) {
	srv := startServer(t)
	repeated, distinct := url.Values{}, url.Values{}
	for i := 0; i < 2000; i++ {
		repeated.Add("muscle", "legs")
		distinct.Add("equipment", fmt.Sprintf("thing%d", i))
	}
	manyQ := url.Values{}
	for i := 0; i < 1000; i++ {
		manyQ.Add("q", "squat")
	}
	cases := []struct {
		name, query string
		status      int
		param       string
	}{
		{"100 KB q", "q=" + strings.Repeat("a", 100<<10), 400, "q"},
		{"1000 words", "q=" + url.QueryEscape(strings.TrimSpace(strings.Repeat("a ", 1000))), 400, "q"},
		{"40 words", "q=" + url.QueryEscape(strings.TrimSpace(strings.Repeat("squat ", 40))), 400, "q"},
		{"unbalanced quotes", "q=" + url.QueryEscape(`"squat (deep`), 200, ""},
		{"query syntax _id:*", "q=" + url.QueryEscape("_id:*"), 200, ""},
		{"query syntax +-", "q=" + url.QueryEscape("+-title:x"), 200, ""},
		{"regexp", "q=" + url.QueryEscape("/.*/"), 200, ""},
		{"wildcards", "q=" + url.QueryEscape("*a*a*a*"), 200, ""},
		{"fuzzy syntax", "q=" + url.QueryEscape("title:~"), 200, ""},
		{"size 0", "q=squat&size=0", 200, ""},
		{"size -1", "size=-1", 400, "size"},
		{"size 1e9", "size=1000000000", 400, "size"},
		{"millionth hit", "page=100000&size=10", 400, "page"},
		{"unknown facet", "colour=red", 400, "colour"},
		{"unknown facet value", "muscle=spleen", 200, ""},
		{"invalid UTF-8", "q=%ff%fe", 400, "q"},
		{"NUL byte", "q=squat%00deep", 200, ""},
		{"invalid UTF-8 value", "muscle=%ff", 400, "muscle"},
		{"one value 2000 times", repeated.Encode(), 200, ""},
		{"2000 values", distinct.Encode(), 400, "equipment"},
		{"q 1000 times", manyQ.Encode(), 400, "q"},
		{"script everywhere", "q=%3Cscript%3E&ui=%3Cscript%3E", 400, "ui"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			start := time.Now()
			status, body, h := get(t, srv, "/api/search?"+c.query)
			if status != c.status {
				t.Fatalf("status %d, want %d: %.200s", status, c.status, body)
			}
			if !strings.HasPrefix(h.Get("Content-Type"), "application/json") {
				t.Errorf("content type %q", h.Get("Content-Type"))
			}
			if c.param != "" && !strings.Contains(body, `"param":"`+c.param+`"`) {
				t.Errorf("error does not name %s: %.200s", c.param, body)
			}
			if took := time.Since(start); took > 2*time.Second {
				t.Errorf("took %v", took)
			}
		})
	}
}

// TestPageRendersHostileInputInert puts markup-breaking strings in every
// parameter of the page.
func TestPageRendersHostileInputInert(t *testing.T) {
	srv := startServer(t)
	for _, evil := range []string{`<script>alert(1)</script>`, `"><img src=x onerror=alert(1)>`, `' onmouseover='alert(1)`, "javascript:alert(1)"} {
		v := url.Values{"q": {evil}, "muscle": {evil}, "equipment": {evil}, "lang": {"da"}, "kind": {evil}}
		status, body, _ := get(t, srv, "/?"+v.Encode())
		if status != 200 {
			t.Fatalf("%q: status %d", evil, status)
		}
		// Escaped, the strings are harmless text; only raw markup counts.
		for _, bad := range []string{"<script>alert", "<img src=x", "onmouseover='alert", `href="javascript:`} {
			if strings.Contains(body, bad) {
				t.Errorf("%q rendered as markup (%s)", evil, bad)
			}
		}
		status, body, _ = get(t, srv, "/d/"+url.PathEscape(evil)+"?ui="+url.QueryEscape(evil))
		if status >= 500 || strings.Contains(body, "<script>alert") {
			t.Errorf("document page with %q: %d", evil, status)
		}
	}
}

func TestSecurityHeaders(t *testing.T) {
	srv := startServer(t)
	for _, p := range []string{"/", "/api/search?q=squat", "/static/style.css", "/nope", "/api/search?size=x"} {
		_, _, h := get(t, srv, p)
		csp := h.Get("Content-Security-Policy")
		if csp == "" || strings.Contains(csp, "unsafe-inline") || !strings.Contains(csp, "frame-ancestors 'none'") {
			t.Errorf("%s: CSP %q", p, csp)
		}
		if h.Get("X-Content-Type-Options") != "nosniff" || h.Get("Referrer-Policy") == "" || h.Get("X-Frame-Options") != "DENY" {
			t.Errorf("%s: headers %v", p, h)
		}
	}
	// Errors do not leak paths or stack traces.
	_, body, _ := get(t, srv, "/api/documents/%ff%00")
	if strings.Contains(body, "/work/") || strings.Contains(body, "goroutine") || strings.Contains(body, ".go:") {
		t.Errorf("error body leaks: %s", body)
	}
}

func TestRateLimit(t *testing.T) {
	live, err := search.OpenLive(sharedtest.Index(t), search.LiveOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer live.Close()
	srv := httptest.NewServer(web.New(live, web.Options{RateLimit: 5}))
	defer srv.Close()
	limited := 0
	for i := 0; i < 40; i++ {
		status, _, _ := get(t, srv, "/healthz")
		if status == http.StatusTooManyRequests {
			limited++
		}
	}
	if limited == 0 {
		t.Error("40 requests at once were not limited at 5/s")
	}
}

func TestRequestDeadline(t *testing.T) {
	live, err := search.OpenLive(sharedtest.Index(t), search.LiveOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer live.Close()
	srv := httptest.NewServer(web.New(live, web.Options{RequestTimeout: time.Nanosecond}))
	defer srv.Close()
	status, body, _ := get(t, srv, "/api/search?q=squat")
	if status != http.StatusRequestTimeout || !strings.Contains(body, "took too long") {
		t.Errorf("a search past its deadline: %d %s", status, body)
	}
}

// TestClientAddress: the rate limit and the access log key on the TCP peer,
// and take X-Forwarded-For only from a peer inside a trusted proxy range.
// Both once trusted X-Forwarded-For and X-Real-IP from anyone, so a client
// that sent a new address with each request was never limited, and the log
// recorded the address it made up.
func TestClientAddress(t *testing.T) {
	live, err := search.OpenLive(sharedtest.Index(t), search.LiveOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer live.Close()
	var proxies []*net.IPNet
	for _, cidr := range []string{"10.0.0.0/8", "2001:db8::/32"} {
		_, r, err := net.ParseCIDR(cidr)
		if err != nil {
			t.Fatal(err)
		}
		proxies = append(proxies, r)
	}
	for _, c := range []struct {
		name        string
		opts        web.Options
		peer        string
		xff         func(i int) string // X-Forwarded-For of the i-th request
		wantLimited bool               // most of 30 requests at 2/s are 429
		wantRemote  func(i int) string // the access log's address for request i
	}{
		{
			name: "no trusted proxies: forged headers are ignored",
			peer: "203.0.113.7", xff: fresh, wantLimited: true, wantRemote: always("203.0.113.7"),
		},
		{
			name: "no trusted proxies: a loopback peer is not trusted either",
			peer: "127.0.0.1", xff: fresh, wantLimited: true, wantRemote: always("127.0.0.1"),
		},
		{
			name: "an untrusted peer's header is ignored",
			opts: web.Options{TrustedProxies: proxies}, peer: "203.0.113.7", xff: fresh,
			wantLimited: true, wantRemote: always("203.0.113.7"),
		},
		{
			name: "a trusted proxy's header names the client",
			opts: web.Options{TrustedProxies: proxies}, peer: "10.1.2.3", xff: fresh,
			wantLimited: false, wantRemote: fresh,
		},
		{
			name: "one client behind a trusted proxy is limited",
			opts: web.Options{TrustedProxies: proxies}, peer: "10.1.2.3", xff: always("198.51.100.9"),
			wantLimited: true, wantRemote: always("198.51.100.9"),
		},
		{
			name: "addresses a client put before the proxy's are not believed",
			opts: web.Options{TrustedProxies: proxies}, peer: "10.1.2.3",
			xff:         func(i int) string { return fresh(i) + ", 198.51.100.200" },
			wantLimited: true, wantRemote: always("198.51.100.200"),
		},
		{
			name: "a chain of trusted proxies",
			opts: web.Options{TrustedProxies: proxies}, peer: "10.1.2.3",
			xff:         func(i int) string { return fresh(i) + ", 2001:db8::1" },
			wantLimited: false, wantRemote: fresh,
		},
		{
			name: "loopback is not trusted unless listed",
			opts: web.Options{TrustedProxies: proxies}, peer: "127.0.0.1", xff: fresh,
			wantLimited: true, wantRemote: always("127.0.0.1"),
		},
	} {
		t.Run(c.name, func(t *testing.T) {
			var logs bytes.Buffer
			opts := c.opts
			opts.RateLimit = 2
			opts.Logger = slog.New(slog.NewJSONHandler(&logs, nil))
			e := web.New(live, opts)
			limited := 0
			for i := 0; i < 30; i++ {
				req := httptest.NewRequest(http.MethodGet, "/healthz", nil)
				req.RemoteAddr = net.JoinHostPort(c.peer, "40000")
				req.Header.Set("X-Forwarded-For", c.xff(i))
				req.Header.Set("X-Real-IP", fmt.Sprintf("192.0.2.%d", i))
				rec := httptest.NewRecorder()
				e.ServeHTTP(rec, req)
				if rec.Code == http.StatusTooManyRequests {
					limited++
				}
			}
			if c.wantLimited && limited < 20 {
				t.Errorf("%d of 30 requests at once limited at 2/s, want most", limited)
			}
			if !c.wantLimited && limited > 0 {
				t.Errorf("%d of 30 requests from 30 clients limited at 2/s, want none", limited)
			}
			// Requests the limit turns away come before the access log and
			// are not in it; the first ones all are.
			dec := json.NewDecoder(&logs)
			for i := 0; ; i++ {
				var line struct{ Msg, Remote string }
				if err := dec.Decode(&line); err == io.EOF {
					if i != 30-limited {
						t.Errorf("%d request lines logged, want %d", i, 30-limited)
					}
					break
				} else if err != nil {
					t.Fatal(err)
				}
				if want := c.wantRemote(i); line.Msg != "request" || line.Remote != want {
					t.Fatalf("request %d logged as %+v, want remote %s", i, line, want)
				}
			}
		})
	}
}

// fresh is a new X-Forwarded-For address for each request.
func fresh(i int) string { return fmt.Sprintf("198.51.100.%d", i) }

func always(addr string) func(int) string { return func(int) string { return addr } }
