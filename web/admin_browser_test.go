package web_test

import (
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/exsearch/exsearch/internal/browsertest"
	"github.com/exsearch/exsearch/web"
)

// /admin in a real browser: the owner logs in through the form, reads the
// report (whose recorded queries include markup and script, shown as
// text), switches the period and logs out; axe checks the login form and
// the report, and the report goes to the artifacts as a screenshot.
func TestBrowserAdmin(t *testing.T) {
	srv := startAdmin(t, web.Options{Reporter: &reportOf{r: hostileReport()}, AdminToken: adminToken})
	browser := browsertest.Browser(t)
	b := newTab(t, browser, srv.URL)

	b.open("/admin")
	b.waitFor("the login form", `document.querySelector("form[action='/admin/login'] input#token") !== null`)
	b.checkA11y("admin login")
	b.screenshot("admin-login")
	b.do("type the token", chromedp.SendKeys(chromedp.CSS("#token"), adminToken))
	b.navigateBy("log in", chromedp.Click(chromedp.CSS("form[action='/admin/login'] button")))
	b.waitFor("the report", `location.pathname === "/admin" && document.querySelectorAll("table.report-table").length === 5`)

	// Recorded queries are text in the page, never markup.
	if !evalIn[bool](b, `[...document.querySelectorAll("table.report-table tbody th")].some(th => th.textContent === "<script>alert(1)</script>")`) {
		t.Error("the recorded <script> query is not shown as text")
	}
	if n := evalIn[int](b, `document.querySelectorAll("script, main img, main svg:not(.chart)").length`); n != 0 {
		t.Errorf("%d elements made from recorded queries", n)
	}
	if n := evalIn[int](b, `document.querySelectorAll("svg.chart rect.bar").length`); n != 7 {
		t.Errorf("7 days: %d bars", n)
	}
	b.navigateBy("switch to 30 days", chromedp.Click(chromedp.CSS(`nav.switches a[href*="days=30"]`)))
	b.waitFor("30 days", `new URLSearchParams(location.search).get("days") === "30" && document.querySelectorAll("svg.chart rect.bar").length === 30`)
	if got := evalIn[string](b, `document.querySelector("nav.switches a[aria-current]").textContent`); got != "Last 30 days" {
		t.Errorf("current period %q", got)
	}
	b.do("open the numbers", chromedp.Click(chromedp.CSS("details.numbers > summary")))
	b.checkA11y("admin report")
	b.screenshot("admin-report")

	b.navigateBy("log out", chromedp.Click(chromedp.CSS("form.logout button")))
	b.waitFor("the login form again", `location.pathname === "/admin/login" && document.querySelector("#token") !== null`)
	b.open("/admin")
	if evalIn[bool](b, `document.querySelector("table.report-table") !== null`) {
		t.Error("the report is shown after logging out")
	}
}
