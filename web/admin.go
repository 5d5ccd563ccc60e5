package web

import (
	"bytes"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/exsearch/exsearch/analytics"
	"github.com/exsearch/exsearch/corpus"
	"github.com/exsearch/exsearch/search"
)

// The site owner's view of search analytics, /admin: for the last 7 or 30
// days and one interface language or all, what visitors search for, what
// finds nothing, what finds something nobody clicks, the click-through rate
// and mean clicked rank, the facets used, and searches per day as an SVG
// chart drawn on the server (admin_chart.go). Each table is also a CSV file
// (/admin/export/{table}.csv?days=&lang=).
//
//	GET  /admin                      the report (the login form, 401, to a stranger)
//	GET  /admin/export/{table}.csv   one table as CSV
//	GET  /admin/login                the login form
//	POST /admin/login                log in: a session cookie
//	POST /admin/logout               log out
//
// Access is in admin_auth.go. The page is in English only: it has one
// reader, the owner, and its words are analytics terms.
//
// Recorded queries are visitor input shown on the owner's page: they go
// through html/template like everything else (in HTML and in the SVG), and
// through analytics.WriteCSV's formula guard into CSV.

// adminViews answers /admin's pages.
type adminViews struct {
	rep  analytics.Reporter // nil: analytics are off
	auth *adminAuth
	now  func() time.Time
}

// adminRoutes adds /admin to e when opts has an admin token; without one,
// every /admin path is a 404.
func adminRoutes(e *echo.Echo, opts Options) {
	if opts.AdminToken == "" {
		return
	}
	a := newAdminAuth(opts.AdminToken, strings.TrimRight(opts.PublicURL, "/"), opts.Logger)
	v := &adminViews{rep: opts.Reporter, auth: a, now: time.Now}
	g := e.Group("/admin", adminHeaders)
	getHead := []string{http.MethodGet, http.MethodHead}
	g.Match(getHead, "", v.report, a.require(v.loginRequired))
	g.Match(getHead, "/export/:file", v.export, a.require(v.loginRequired))
	g.Match(getHead, "/login", v.loginPage)
	g.POST("/login", v.login)
	g.POST("/logout", v.logout)
}

// adminHeaders keeps /admin's answers out of caches and search engines.
// (The Content-Security-Policy is the site's, set for every answer.)
func adminHeaders(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		h := c.Response().Header()
		h.Set("Cache-Control", "no-store")
		h.Set("X-Robots-Tag", "noindex, nofollow")
		return next(c)
	}
}

// adminPeriod reads days= (7 by default, at most a year) and lang= (all by
// default, or an interface language).
func adminPeriod(q url.Values, now time.Time) (analytics.Period, error) {
	p := analytics.Period{Days: 7, Until: now.UTC()}
	if s := q.Get("days"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > 366 {
			return p, &search.RequestError{Param: "days", Msg: "want a number of days from 1 to 366, got " + strconv.Quote(truncate(s, 20))}
		}
		p.Days = n
	}
	switch l := q.Get("lang"); {
	case l == "" || l == "all":
	case corpus.IsLanguage(l):
		p.Lang = l
	default:
		return p, &search.RequestError{Param: "lang", Msg: `want "all", "da", "no", "de" or "en", got ` + strconv.Quote(truncate(l, 20))}
	}
	return p, nil
}

// adminLink is one choice of a switch (period, language).
type adminLink struct {
	Label, URL string
	Current    bool
}

// adminData is what admin.html renders.
type adminData struct {
	Period   analytics.Period
	Report   *analytics.Report // nil when analytics are off
	Periods  []adminLink
	Langs    []adminLink
	Chart    chart
	Tables   []analytics.Table
	PerDay   analytics.Table
	CSV      map[string]string // table name → its export URL
	LangName string
	CTR      string
	CSRF     string
}

func adminURL(path string, days int, lang string) string {
	q := url.Values{"days": {strconv.Itoa(days)}}
	if lang != "" {
		q.Set("lang", lang)
	}
	return path + "?" + q.Encode()
}

// report answers the report page.
func (v *adminViews) report(c echo.Context) error {
	p, err := adminPeriod(c.QueryParams(), v.now())
	if err != nil {
		return err
	}
	d := adminData{Period: p, CSRF: v.auth.csrfToken(c), LangName: "all languages", CSV: map[string]string{}}
	for _, n := range []int{7, 30} {
		d.Periods = append(d.Periods, adminLink{fmt.Sprintf("Last %d days", n), adminURL("/admin", n, p.Lang), n == p.Days})
	}
	d.Langs = append(d.Langs, adminLink{"All", adminURL("/admin", p.Days, ""), p.Lang == ""})
	for _, l := range uiLanguages {
		d.Langs = append(d.Langs, adminLink{l.Name, adminURL("/admin", p.Days, l.Code), p.Lang == l.Code})
		if l.Code == p.Lang {
			d.LangName = l.Name
		}
	}
	if v.rep != nil {
		if d.Report, err = v.rep.Report(c.Request().Context(), p); err != nil {
			return fmt.Errorf("analytics report: %w", err)
		}
		for _, t := range analytics.Tables(d.Report) {
			d.CSV[t.Name] = adminURL("/admin/export/"+t.Name+".csv", p.Days, p.Lang)
			if t.Name == "per-day" {
				d.PerDay = t
				continue
			}
			d.Tables = append(d.Tables, t)
		}
		d.Chart = newChart(analytics.Days(d.Report))
		d.CTR = analytics.Percent(d.Report.CTR)
	}
	return render(c, http.StatusOK, "admin.html", d)
}

// export answers one table as CSV, to be saved.
func (v *adminViews) export(c echo.Context) error {
	name, ok := strings.CutSuffix(c.Param("file"), ".csv")
	if !ok {
		return echo.NewHTTPError(http.StatusNotFound, "want /admin/export/{table}.csv")
	}
	p, err := adminPeriod(c.QueryParams(), v.now())
	if err != nil {
		return err
	}
	if v.rep == nil {
		return echo.NewHTTPError(http.StatusServiceUnavailable, "analytics are off: nothing is recorded")
	}
	r, err := v.rep.Report(c.Request().Context(), p)
	if err != nil {
		return fmt.Errorf("analytics report: %w", err)
	}
	t, err := analytics.TableOf(r, name)
	if err != nil {
		return echo.NewHTTPError(http.StatusNotFound, err.Error())
	}
	var buf bytes.Buffer
	if err := analytics.WriteCSV(&buf, t); err != nil {
		return err
	}
	lang := p.Lang
	if lang == "" {
		lang = "all"
	}
	file := fmt.Sprintf("exsearch-%s-%dd-%s.csv", name, p.Days, lang)
	c.Response().Header().Set("Content-Disposition", `attachment; filename="`+file+`"`)
	return c.Blob(http.StatusOK, "text/csv; charset=utf-8", buf.Bytes())
}

// loginData is what admin-login.html renders.
type loginData struct {
	CSRF, Error string
}

func (v *adminViews) loginForm(c echo.Context, status int, msg string) error {
	return render(c, status, "admin-login.html", loginData{CSRF: v.auth.csrfToken(c), Error: msg})
}

// loginRequired answers a stranger's request for the report with the
// login form.
func (v *adminViews) loginRequired(c echo.Context) error {
	return v.loginForm(c, http.StatusUnauthorized, "")
}

func (v *adminViews) loginPage(c echo.Context) error {
	if ck, err := c.Cookie(sessionCookie); err == nil && v.auth.validSession(ck.Value) {
		return c.Redirect(http.StatusSeeOther, "/admin")
	}
	return v.loginForm(c, http.StatusOK, "")
}

func (v *adminViews) login(c echo.Context) error {
	if err := v.auth.checkCSRF(c); err != nil {
		return err
	}
	if err := v.auth.tooMany(c); err != nil {
		return err
	}
	if !v.auth.isToken(c.FormValue("token")) {
		v.auth.failed(c, "form")
		return v.loginForm(c, http.StatusUnauthorized, "That is not the admin token.")
	}
	v.auth.startSession(c)
	return c.Redirect(http.StatusSeeOther, "/admin")
}

func (v *adminViews) logout(c echo.Context) error {
	if err := v.auth.checkCSRF(c); err != nil {
		return err
	}
	v.auth.endSession(c)
	return c.Redirect(http.StatusSeeOther, "/admin/login")
}
