package web_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/xml"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/exsearch/exsearch/analytics"
	"github.com/exsearch/exsearch/internal/sharedtest"
	"github.com/exsearch/exsearch/search"
	"github.com/exsearch/exsearch/web"
)

// /admin, the owner's analytics: access (token, login form, session
// cookie, CSRF), and the views of a report (HTML, SVG chart, CSV) with
// hostile recorded queries. The report comes from reportOf, a Reporter that
// answers the Report the test built: the stores are tested in package
// analytics against real databases; these tests are about the views.

const adminToken = "correct-horse-battery-staple-42"

// reportOf answers its report for every period, as a store would: for the
// days and language asked (which it records).
type reportOf struct {
	r       analytics.Report
	mu      sync.Mutex
	periods []analytics.Period
}

func (f *reportOf) Report(_ context.Context, p analytics.Period) (*analytics.Report, error) {
	f.mu.Lock()
	f.periods = append(f.periods, p)
	f.mu.Unlock()
	r := f.r
	r.Days, r.Lang, r.Until = p.Days, p.Lang, p.Until
	r.Since = p.Until.AddDate(0, 0, -p.Days)
	return &r, nil
}

// Recorded queries as a visitor could make them: script, markup, a
// javascript: URL and spreadsheet formulas.
const (
	xssScript = `<script>alert(1)</script>`
	xssImg    = `"><img src=x onerror=alert(1)>`
	xssURL    = `javascript:alert(1)`
	formula   = `=HYPERLINK("http://evil.example","click")`
)

func hostileReport() analytics.Report {
	q := func(s string, n, clicks int, hits float64) analytics.QueryCount {
		return analytics.QueryCount{Query: s, Searches: n, Clicks: clicks, CTR: float64(clicks) / float64(n), MeanHits: hits}
	}
	return analytics.Report{
		Searches: 120, Clicks: 30, CTR: 0.25, MeanClickedRank: 2.4,
		TopQueries: []analytics.QueryCount{q("squat", 50, 20, 31), q(xssScript, 9, 1, 2), q(formula, 4, 0, 1), q("+45 kg", 3, 0, 5)},
		NoResults:  []analytics.QueryCount{q(xssImg, 7, 0, 0), q("@SUM(A1:A9)", 2, 0, 0)},
		NoClicks:   []analytics.QueryCount{q(xssURL, 5, 0, 12), q("-2+3", 1, 0, 4)},
		Facets:     []analytics.FacetCount{{Facet: "equipment", Value: "kettlebell", Searches: 12}, {Facet: "muscle", Value: `<svg onload=alert(1)>`, Searches: 1}},
		PerDay:     []analytics.DayCount{{Day: time.Now().UTC().Format(time.DateOnly), Searches: 70, Clicks: 20}, {Day: time.Now().UTC().AddDate(0, 0, -2).Format(time.DateOnly), Searches: 50, Clicks: 10}},
		Languages:  []string{"da", "en"},
	}
}

// logBuffer is a logger's output, safe to read while the server writes.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *logBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *logBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// startAdmin serves the default corpus with /admin configured by opts.
func startAdmin(t *testing.T, opts web.Options) *httptest.Server {
	t.Helper()
	live, err := search.OpenLive(sharedtest.DefaultIndex(t), search.LiveOptions{})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(web.New(live, opts))
	t.Cleanup(func() { srv.Close(); live.Close() })
	return srv
}

// adminClient keeps cookies and does not follow redirects.
func adminClient(t *testing.T) *http.Client {
	jar, _ := cookiejar.New(nil)
	return &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

func do(t *testing.T, c *http.Client, method, u string, form url.Values, header ...string) (*http.Response, string) {
	t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequest(method, u, body)
	if err != nil {
		t.Fatal(err)
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

var csrfInput = regexp.MustCompile(`name="csrf" value="([0-9a-f]+)"`)

func csrfOf(t *testing.T, page string) string {
	t.Helper()
	m := csrfInput.FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("no CSRF field in the page:\n%s", page)
	}
	return m[1]
}

func cookieNamed(resp *http.Response, name string) *http.Cookie {
	for _, c := range resp.Cookies() {
		if c.Name == name {
			return c
		}
	}
	return nil
}

func TestAdminOffWithoutToken(t *testing.T) {
	srv := startAdmin(t, web.Options{Reporter: &reportOf{r: hostileReport()}})
	c := adminClient(t)
	for _, r := range []struct{ method, path string }{
		{"GET", "/admin"}, {"GET", "/admin/login"}, {"POST", "/admin/login"}, {"POST", "/admin/logout"},
		{"GET", "/admin/export/top-queries.csv"},
	} {
		resp, _ := do(t, c, r.method, srv.URL+r.path, url.Values{}, "Authorization", "Bearer ")
		if resp.StatusCode != http.StatusNotFound {
			t.Errorf("%s %s without a configured token: %d, want 404", r.method, r.path, resp.StatusCode)
		}
	}
}

func TestAdminBearer(t *testing.T) {
	var logs logBuffer
	srv := startAdmin(t, web.Options{Reporter: &reportOf{r: hostileReport()}, AdminToken: adminToken,
		Logger: slog.New(slog.NewTextHandler(&logs, nil))})
	c := adminClient(t)

	// No token: the report page is the login form, other paths a bare 401.
	resp, body := do(t, c, "GET", srv.URL+"/admin", nil)
	if resp.StatusCode != http.StatusUnauthorized || !strings.Contains(body, `name="token"`) || !strings.Contains(body, `action="/admin/login"`) {
		t.Errorf("GET /admin without a token: %d, want 401 with the login form:\n%s", resp.StatusCode, body)
	}
	checkAdminHeaders(t, resp)
	if resp, _ := do(t, c, "GET", srv.URL+"/admin/export/top-queries.csv", nil); resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("CSV without a token: %d, want 401", resp.StatusCode)
	}

	const wrong = "not-the-token-but-long-enough"
	for _, auth := range []string{"Bearer " + wrong, "Bearer " + adminToken + "x", "Basic " + adminToken, "Bearer"} {
		resp, body := do(t, c, "GET", srv.URL+"/admin", nil, "Authorization", auth)
		if resp.StatusCode != http.StatusUnauthorized || strings.Contains(body, "Top queries") {
			t.Errorf("Authorization %q: %d, want 401 and no report", auth, resp.StatusCode)
		}
	}
	if got := strings.Count(logs.String(), "admin: authentication failed"); got != 4 {
		t.Errorf("%d failed attempts logged, want 4; log:\n%s", got, logs.String())
	}
	if strings.Contains(logs.String(), wrong) || strings.Contains(logs.String(), adminToken) {
		t.Errorf("the log holds a token:\n%s", logs.String())
	}

	resp, body = do(t, c, "GET", srv.URL+"/admin", nil, "Authorization", "Bearer "+adminToken)
	if resp.StatusCode != http.StatusOK || !strings.Contains(body, "Top queries") {
		t.Fatalf("right bearer token: %d\n%s", resp.StatusCode, body)
	}
	checkAdminHeaders(t, resp)
	for _, path := range []string{"/admin", "/admin/login", "/admin/export/facets.csv"} {
		if resp, _ := do(t, c, "HEAD", srv.URL+path, nil, "Authorization", "Bearer "+adminToken); resp.StatusCode != http.StatusOK {
			t.Errorf("HEAD %s: %d, want 200 as for GET", path, resp.StatusCode)
		}
	}
}

func checkAdminHeaders(t *testing.T, resp *http.Response) {
	t.Helper()
	h := resp.Header
	if h.Get("Cache-Control") != "no-store" || !strings.Contains(h.Get("X-Robots-Tag"), "noindex") ||
		!strings.Contains(h.Get("Content-Security-Policy"), "script-src 'self'") {
		t.Errorf("%s: Cache-Control %q, X-Robots-Tag %q, CSP %q", resp.Request.URL.Path, h.Get("Cache-Control"), h.Get("X-Robots-Tag"), h.Get("Content-Security-Policy"))
	}
}

func TestAdminFailedLoginsAreLimited(t *testing.T) {
	srv := startAdmin(t, web.Options{Reporter: &reportOf{r: hostileReport()}, AdminToken: adminToken})
	c := adminClient(t)
	var codes []int
	for range 7 {
		resp, _ := do(t, c, "GET", srv.URL+"/admin", nil, "Authorization", "Bearer guess")
		codes = append(codes, resp.StatusCode)
	}
	if codes[0] != http.StatusUnauthorized || codes[6] != http.StatusTooManyRequests {
		t.Errorf("seven wrong tokens answered %v: want 401 at first, 429 once the client has failed five times", codes)
	}
	// Even the right token waits its turn once the client is blocked.
	if resp, _ := do(t, c, "GET", srv.URL+"/admin", nil, "Authorization", "Bearer "+adminToken); resp.StatusCode != http.StatusTooManyRequests {
		t.Errorf("right token from a blocked client: %d, want 429", resp.StatusCode)
	}
}

func TestAdminLoginForm(t *testing.T) {
	var logs logBuffer
	srv := startAdmin(t, web.Options{Reporter: &reportOf{r: hostileReport()}, AdminToken: adminToken,
		Logger: slog.New(slog.NewTextHandler(&logs, nil))})
	c := adminClient(t)
	resp, body := do(t, c, "GET", srv.URL+"/admin/login", nil)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("login form: %d", resp.StatusCode)
	}
	checkAdminHeaders(t, resp)
	csrf := csrfOf(t, body)
	login := srv.URL + "/admin/login"

	// CSRF: a wrong or missing token, or a browser's word that the form
	// came from elsewhere, is a 403, even with the right admin token.
	for _, c2 := range []struct {
		name   string
		form   url.Values
		header []string
	}{
		{"wrong CSRF token", url.Values{"token": {adminToken}, "csrf": {strings.Repeat("0", 64)}}, nil},
		{"no CSRF token", url.Values{"token": {adminToken}}, nil},
		{"cross-site", url.Values{"token": {adminToken}, "csrf": {csrf}}, []string{"Sec-Fetch-Site", "cross-site"}},
		{"same-site", url.Values{"token": {adminToken}, "csrf": {csrf}}, []string{"Sec-Fetch-Site", "same-site"}},
		{"other origin", url.Values{"token": {adminToken}, "csrf": {csrf}}, []string{"Origin", "https://evil.example"}},
	} {
		resp, _ := do(t, c, "POST", login, c2.form, c2.header...)
		if resp.StatusCode != http.StatusForbidden || cookieNamed(resp, "exsearch_admin") != nil {
			t.Errorf("%s: %d, want 403 and no session", c2.name, resp.StatusCode)
		}
	}
	// Without the CSRF cookie (another browser), the form's token is no use.
	if resp, _ := do(t, adminClient(t), "POST", login, url.Values{"token": {adminToken}, "csrf": {csrf}}); resp.StatusCode != http.StatusForbidden {
		t.Errorf("CSRF token without its cookie: %d, want 403", resp.StatusCode)
	}

	// A wrong admin token: the form again, 401, logged without the token.
	resp, body = do(t, c, "POST", login, url.Values{"token": {"wrong-token-typed"}, "csrf": {csrf}}, "Origin", srv.URL, "Sec-Fetch-Site", "same-origin")
	if resp.StatusCode != http.StatusUnauthorized || !strings.Contains(body, "not the admin token") || cookieNamed(resp, "exsearch_admin") != nil {
		t.Errorf("wrong admin token: %d\n%s", resp.StatusCode, body)
	}
	if !strings.Contains(logs.String(), "how=form") || strings.Contains(logs.String(), "wrong-token-typed") {
		t.Errorf("failed login logged wrongly:\n%s", logs.String())
	}

	// The right one: a session cookie, and a redirect to the report.
	resp, _ = do(t, c, "POST", login, url.Values{"token": {adminToken}, "csrf": {csrf}}, "Origin", srv.URL, "Sec-Fetch-Site", "same-origin")
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/admin" {
		t.Fatalf("login: %d to %q, want 303 to /admin", resp.StatusCode, resp.Header.Get("Location"))
	}
	s := cookieNamed(resp, "exsearch_admin")
	if s == nil {
		t.Fatal("login set no session cookie")
	}
	if !s.HttpOnly || s.SameSite != http.SameSiteStrictMode || s.Path != "/admin" || s.Secure ||
		s.MaxAge <= 0 || s.MaxAge > 24*3600 || strings.Contains(s.Value, adminToken) {
		t.Errorf("session cookie %s: want HttpOnly, SameSite=Strict, Path=/admin, not Secure over http, a lifetime within a day, no token", s)
	}
	resp, body = do(t, c, "GET", srv.URL+"/admin", nil)
	if resp.StatusCode != http.StatusOK || !strings.Contains(body, "Top queries") {
		t.Fatalf("report with the session: %d", resp.StatusCode)
	}
	checkAdminHeaders(t, resp)

	// A forged cookie: another expiry with the mac of the real one, or
	// made up altogether.
	exp, mac, _ := strings.Cut(s.Value, ".")
	for _, forged := range []string{"4102444800." + mac, exp + "." + strings.Repeat("a", len(mac)), exp, adminToken, ""} {
		other := adminClient(t)
		resp, _ := do(t, other, "GET", srv.URL+"/admin", nil, "Cookie", "exsearch_admin="+forged)
		if resp.StatusCode != http.StatusUnauthorized {
			t.Errorf("forged session %q: %d, want 401", forged, resp.StatusCode)
		}
	}

	// Logout needs the CSRF token too, then ends the session.
	logout := srv.URL + "/admin/logout"
	if resp, _ := do(t, c, "POST", logout, url.Values{"csrf": {"nope"}}); resp.StatusCode != http.StatusForbidden {
		t.Errorf("logout with a wrong CSRF token: %d, want 403", resp.StatusCode)
	}
	if resp, _ := do(t, c, "GET", srv.URL+"/admin", nil); resp.StatusCode != http.StatusOK {
		t.Errorf("the refused logout ended the session: %d", resp.StatusCode)
	}
	resp, _ = do(t, c, "POST", logout, url.Values{"csrf": {csrf}})
	if resp.StatusCode != http.StatusSeeOther || cookieNamed(resp, "exsearch_admin") == nil || cookieNamed(resp, "exsearch_admin").MaxAge >= 0 {
		t.Errorf("logout: %d, session cookie %v; want 303 and the cookie removed", resp.StatusCode, cookieNamed(resp, "exsearch_admin"))
	}
	if resp, _ := do(t, c, "GET", srv.URL+"/admin", nil); resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("after logout: %d, want 401", resp.StatusCode)
	}
}

func TestAdminCookieSecureOverHTTPS(t *testing.T) {
	for _, c := range []struct {
		name, publicURL string
		header          []string
	}{
		{"behind a TLS proxy", "", []string{"X-Forwarded-Proto", "https"}},
		{"https public URL", "https://exsearch.example", nil},
	} {
		srv := startAdmin(t, web.Options{Reporter: &reportOf{r: hostileReport()}, AdminToken: adminToken, PublicURL: c.publicURL})
		cl := adminClient(t)
		resp, body := do(t, cl, "GET", srv.URL+"/admin/login", nil, c.header...)
		if ck := cookieNamed(resp, "exsearch_admin_csrf"); ck == nil || !ck.Secure {
			t.Errorf("%s: CSRF cookie %v, want Secure", c.name, ck)
		}
		// The jar keeps Secure cookies for https only: send it by hand.
		ck := cookieNamed(resp, "exsearch_admin_csrf")
		resp, _ = do(t, cl, "POST", srv.URL+"/admin/login", url.Values{"token": {adminToken}, "csrf": {csrfOf(t, body)}},
			append([]string{"Cookie", ck.Name + "=" + ck.Value}, c.header...)...)
		if s := cookieNamed(resp, "exsearch_admin"); resp.StatusCode != http.StatusSeeOther || s == nil || !s.Secure {
			t.Errorf("%s: login %d, session cookie %v, want Secure", c.name, resp.StatusCode, s)
		}
	}
}

func TestAdminReportEscapesRecordedQueries(t *testing.T) {
	rep := &reportOf{r: hostileReport()}
	// A store that handed back a damaged day would put it in the chart.
	rep.r.PerDay = append(rep.r.PerDay, analytics.DayCount{Day: `"><script>alert(2)</script>`, Searches: 1})
	srv := startAdmin(t, web.Options{Reporter: rep, AdminToken: adminToken})
	c := adminClient(t)
	resp, body := do(t, c, "GET", srv.URL+"/admin?days=30&lang=da", nil, "Authorization", "Bearer "+adminToken)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("report: %d\n%s", resp.StatusCode, body)
	}
	if p := rep.periods[len(rep.periods)-1]; p.Days != 30 || p.Lang != "da" {
		t.Errorf("asked the store for %+v, want 30 days of da", p)
	}
	for _, raw := range []string{"<script>alert", "<img src=x", "<svg onload", `href="javascript:`, `="javascript:`} {
		if strings.Contains(body, raw) {
			t.Errorf("the page holds %q unescaped", raw)
		}
	}
	for _, escaped := range []string{"&lt;script&gt;alert(1)&lt;/script&gt;", "&#34;&gt;&lt;img src=x onerror=alert(1)&gt;", "javascript:alert(1)", "&lt;svg onload=alert(1)&gt;"} {
		if !strings.Contains(body, escaped) {
			t.Errorf("the page lacks %q", escaped)
		}
	}
	svg := chartOf(t, body)
	var titles []string
	for _, b := range svg.Bars {
		titles = append(titles, b.Title)
	}
	if !strings.Contains(strings.Join(titles, "\n"), `"><script>alert(2)</script>: 1 searches`) {
		t.Errorf("the damaged day is not in the chart as text: %q", titles)
	}
	if strings.Contains(svg.raw, "<script>") {
		t.Error("the chart holds a script element")
	}
}

// svgChart is the chart as XML.
type svgChart struct {
	Title string `xml:"title"`
	Desc  string `xml:"desc"`
	Bars  []struct {
		Class  string `xml:"class,attr"`
		Height string `xml:"height,attr"`
		Title  string `xml:"title"`
	} `xml:"rect"`
	raw string
}

// chartOf finds the chart in a page and reads it as XML: it must be
// well-formed on its own.
func chartOf(t *testing.T, page string) svgChart {
	t.Helper()
	start := strings.Index(page, `<svg class="chart"`)
	end := strings.Index(page, "</svg>")
	if start < 0 || end < start {
		t.Fatalf("no chart in the page")
	}
	raw := page[start : end+len("</svg>")]
	var c svgChart
	d := xml.NewDecoder(strings.NewReader(raw))
	d.Strict = true
	if err := d.Decode(&c); err != nil {
		t.Fatalf("the chart is not well-formed XML: %v\n%s", err, raw)
	}
	c.raw = raw
	return c
}

func TestAdminChartHasABarPerDay(t *testing.T) {
	srv := startAdmin(t, web.Options{Reporter: &reportOf{r: hostileReport()}, AdminToken: adminToken})
	c := adminClient(t)
	for _, days := range []int{7, 30} {
		_, body := do(t, c, "GET", srv.URL+"/admin?days="+strconv.Itoa(days), nil, "Authorization", "Bearer "+adminToken)
		svg := chartOf(t, body)
		if len(svg.Bars) != days {
			t.Errorf("%d days: %d bars", days, len(svg.Bars))
		}
		tall := 0
		for _, b := range svg.Bars {
			if b.Class != "bar" {
				t.Errorf("bar of class %q", b.Class)
			}
			if b.Height != "0" {
				tall++
			}
		}
		if tall != 2 {
			t.Errorf("%d days: %d bars above zero, want the 2 days with searches", days, tall)
		}
		if svg.Title != "Searches per day" || !strings.Contains(svg.Desc, "120 in all") {
			t.Errorf("chart title %q, description %q", svg.Title, svg.Desc)
		}
		// The numbers are also a table: a row per day.
		if n := strings.Count(body[strings.Index(body, `id="per-day-title"`):strings.Index(body, `id="top-queries-title"`)], "<tr>"); n != days+1 {
			t.Errorf("%d days: the per-day table has %d rows with its header", days, n)
		}
	}
}

func TestAdminCSV(t *testing.T) {
	srv := startAdmin(t, web.Options{Reporter: &reportOf{r: hostileReport()}, AdminToken: adminToken})
	c := adminClient(t)
	bearer := []string{"Authorization", "Bearer " + adminToken}
	cells := map[string]bool{}
	for _, table := range analytics.TableNames {
		resp, body := do(t, c, "GET", srv.URL+"/admin/export/"+table+".csv?days=30&lang=en", nil, bearer...)
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("%s: %d %s", table, resp.StatusCode, body)
		}
		if ct, cd := resp.Header.Get("Content-Type"), resp.Header.Get("Content-Disposition"); !strings.HasPrefix(ct, "text/csv") ||
			cd != `attachment; filename="exsearch-`+table+`-30d-en.csv"` {
			t.Errorf("%s: Content-Type %q, Content-Disposition %q", table, ct, cd)
		}
		checkAdminHeaders(t, resp)
		rows, err := csv.NewReader(strings.NewReader(body)).ReadAll()
		if err != nil {
			t.Fatalf("%s: %v", table, err)
		}
		for _, row := range rows[1:] {
			for _, cell := range row {
				cells[cell] = true
			}
		}
	}
	for _, want := range []string{xssScript, xssImg, xssURL, `'` + formula, "'+45 kg", "'@SUM(A1:A9)", "'-2+3", "squat", "40.0%"} {
		if !cells[want] {
			t.Errorf("no cell %q in the CSV files", want)
		}
	}
	for cell := range cells {
		if cell != "" && strings.ContainsRune("=+-@", rune(cell[0])) {
			t.Errorf("cell %q starts a formula", cell)
		}
	}
	for path, want := range map[string]int{
		"/admin/export/nope.csv":               404,
		"/admin/export/top-queries":            404,
		"/admin/export/top-queries.csv?days=0": 400,
		"/admin/export/facets.csv?lang=sv":     400,
		"/admin?days=many":                     400,
	} {
		if resp, body := do(t, c, "GET", srv.URL+path, nil, bearer...); resp.StatusCode != want {
			t.Errorf("%s: %d, want %d: %s", path, resp.StatusCode, want, body)
		}
	}
}

func TestAdminWithoutAnalytics(t *testing.T) {
	srv := startAdmin(t, web.Options{AdminToken: adminToken})
	c := adminClient(t)
	resp, body := do(t, c, "GET", srv.URL+"/admin", nil, "Authorization", "Bearer "+adminToken)
	if resp.StatusCode != http.StatusOK || !strings.Contains(body, "Analytics are off") {
		t.Errorf("report without a store: %d\n%s", resp.StatusCode, body)
	}
	if resp, _ := do(t, c, "GET", srv.URL+"/admin/export/facets.csv", nil, "Authorization", "Bearer "+adminToken); resp.StatusCode != http.StatusServiceUnavailable {
		t.Errorf("CSV without a store: %d, want 503", resp.StatusCode)
	}
}
