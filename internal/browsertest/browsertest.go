// Package browsertest drives a real browser, Debian's headless Chromium,
// from Go tests with chromedp, and gives them axe-core (installed from npm by
// `npm ci`) for accessibility checks and a directory for screenshots.
//
// Without Chromium or axe-core, tests skip on a developer's machine but fail
// under CI (CI=true), where .ci/run installs both: a skipped browser test
// there would hide a broken set-up.
package browsertest

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/exsearch/exsearch/internal/sharedtest"
)

// StepTimeout bounds one step of a test (a navigation, a wait for the page
// to update), so that a broken page fails the test instead of hanging it.
const StepTimeout = 20 * time.Second

// missing skips t, or fails it under CI.
func missing(t testing.TB, format string, args ...any) {
	t.Helper()
	msg := fmt.Sprintf(format, args...)
	if os.Getenv("CI") == "true" {
		t.Fatalf("%s (.ci/run installs it)", msg)
	}
	t.Skipf("%s; skipping (this fails under CI=true)", msg)
}

// chromium finds the browser: $EXSEARCH_CHROMIUM, else chromium on the PATH.
func chromium(t testing.TB) string {
	t.Helper()
	if p := os.Getenv("EXSEARCH_CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	missing(t, "no Chromium found (apt-get install chromium, or set EXSEARCH_CHROMIUM)")
	return ""
}

// Browser starts a headless Chromium for the test, stopped when it ends, and
// returns its context; chromedp.NewContext of it opens a tab.
func Browser(t testing.TB) context.Context {
	t.Helper()
	path := chromium(t)
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.DisableGPU,
		chromedp.NoSandbox, // CI runs as root, where Chromium's sandbox cannot start
		chromedp.WindowSize(1280, 900),
		// The machine's network is closed: Chromium's own calls home
		// would only fail, many at a time.
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-domain-reliability", true),
		chromedp.Flag("no-pings", true),
	)
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(alloc)
	// The first Run starts the browser; it must not have a timeout, which
	// would stop the whole browser when it expires.
	if err := chromedp.Do(ctx); err != nil {
		cancel()
		cancelAlloc()
		t.Fatalf("start %s: %v", path, err)
	}
	t.Cleanup(func() { cancel(); cancelAlloc() })
	return ctx
}

// Tab opens a new tab in the browser.
func Tab(t testing.TB, browser context.Context) context.Context {
	t.Helper()
	ctx, cancel := chromedp.NewContext(browser)
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("open a tab: %v", err)
	}
	t.Cleanup(cancel)
	return ctx
}

// Axe returns the source of axe-core, from node_modules at the module root
// (`npm ci` puts it there, pinned by package-lock.json).
func Axe(t testing.TB) string {
	t.Helper()
	root, err := sharedtest.ModuleRoot()
	if err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join(root, "node_modules", "axe-core", "axe.min.js"))
	if err != nil {
		missing(t, "axe-core is not installed (run npm ci at the module root): %v", err)
	}
	return string(b)
}

// Artifacts is the directory screenshots go to: $EXSEARCH_ARTIFACTS, else
// exsearch-artifacts in the system's temporary directory.
func Artifacts(t testing.TB) string {
	t.Helper()
	dir := os.Getenv("EXSEARCH_ARTIFACTS")
	if dir == "" {
		dir = filepath.Join(os.TempDir(), "exsearch-artifacts")
	}
	dir = filepath.Join(dir, "screenshots")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// Name makes a file name of a test's name.
func Name(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' {
			return r
		}
		return '-'
	}, s)
}
