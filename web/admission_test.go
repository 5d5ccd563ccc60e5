package web

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/exsearch/exsearch/search"
)

// TestAdmission: no more than n requests to the admitted routes run at
// once, the rest are let in first come first served, a request whose
// deadline passes while it waits gets its context's error, and other routes
// never wait.
func TestAdmission(t *testing.T) {
	e := echo.New()
	release := make(chan struct{})
	var mu sync.Mutex
	var running, most int
	var order []string
	e.Use(admit(1, cheapAll, "/slow"))
	e.GET("/slow", func(c echo.Context) error {
		mu.Lock()
		running++
		most = max(most, running)
		order = append(order, c.QueryParam("n"))
		mu.Unlock()
		if c.QueryParam("n") == "first" {
			<-release
		}
		mu.Lock()
		running--
		mu.Unlock()
		return c.NoContent(http.StatusNoContent)
	})
	e.GET("/free", func(c echo.Context) error { return c.NoContent(http.StatusNoContent) })
	serve := func(target string, ctx context.Context) *httptest.ResponseRecorder {
		w := httptest.NewRecorder()
		e.ServeHTTP(w, httptest.NewRequest(http.MethodGet, target, nil).WithContext(ctx))
		return w
	}

	var wg sync.WaitGroup
	wg.Add(1)
	go func() { defer wg.Done(); serve("/slow?n=first", context.Background()) }()
	waitFor(t, func() bool { mu.Lock(); defer mu.Unlock(); return running == 1 })
	// Queued in order: second, then third.
	for _, n := range []string{"second", "third"} {
		wg.Add(1)
		go func() { defer wg.Done(); serve("/slow?n="+n, context.Background()) }()
		time.Sleep(20 * time.Millisecond)
	}
	if w := serve("/free", context.Background()); w.Code != http.StatusNoContent {
		t.Errorf("a free route waited or failed: %d", w.Code)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Millisecond)
	defer cancel()
	var gotErr error
	e.HTTPErrorHandler = func(err error, c echo.Context) { gotErr = err; c.NoContent(http.StatusRequestTimeout) }
	if w := serve("/slow?n=late", ctx); w.Code != http.StatusRequestTimeout || !errors.Is(gotErr, context.DeadlineExceeded) {
		t.Errorf("a request past its deadline: status %d, error %v", w.Code, gotErr)
	}
	close(release)
	wg.Wait()
	if most != 1 {
		t.Errorf("%d requests ran at once, want 1", most)
	}
	if want := []string{"first", "second", "third"}; len(order) != 3 || order[0] != want[0] || order[1] != want[1] || order[2] != want[2] {
		t.Errorf("order %v, want %v", order, want)
	}
}

// TestAdmissionLanes: a costly search is let in while the cheap lane is
// full, and cheap searches while the costly lane is full and has a line;
// costly searches are let in one at a time, in the order they came, and
// one whose deadline passes while it waits gets its context's error.
func TestAdmissionLanes(t *testing.T) {
	e := echo.New()
	var mu sync.Mutex
	running := map[string]bool{}
	var order []string
	release := map[string]chan struct{}{}
	for _, q := range []string{"cheap1", "costly1", "costly2", "costly3"} {
		release[q] = make(chan struct{})
	}
	e.Use(admit(1, fakeCost, "/search"))
	e.GET("/search", func(c echo.Context) error {
		q := c.QueryParam("q")
		mu.Lock()
		running[q] = true
		order = append(order, q)
		mu.Unlock()
		if ch := release[q]; ch != nil {
			<-ch
		}
		mu.Lock()
		delete(running, q)
		mu.Unlock()
		return c.NoContent(http.StatusNoContent)
	})
	isRunning := func(q string) func() bool {
		return func() bool { mu.Lock(); defer mu.Unlock(); return running[q] }
	}
	ran := func(n int) func() bool {
		return func() bool { mu.Lock(); defer mu.Unlock(); return len(order) == n }
	}
	var wg sync.WaitGroup
	start := func(q string) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			w := httptest.NewRecorder()
			e.ServeHTTP(w, httptest.NewRequest(http.MethodGet, "/search?q="+q, nil))
			if w.Code != http.StatusNoContent {
				t.Errorf("%s: status %d", q, w.Code)
			}
		}()
	}

	// The cheap lane's one slot is taken; a costly search goes ahead.
	start("cheap1")
	waitFor(t, isRunning("cheap1"))
	start("costly1")
	waitFor(t, isRunning("costly1"))
	// The costly lane is full and has a line of two.
	start("costly2")
	time.Sleep(20 * time.Millisecond)
	start("costly3")
	time.Sleep(20 * time.Millisecond)
	// A cheap search waits for the cheap one only.
	start("cheap2")
	time.Sleep(20 * time.Millisecond)
	if isRunning("cheap2")() {
		t.Error("two cheap searches ran at once with one cheap slot")
	}
	close(release["cheap1"])
	waitFor(t, ran(3))
	start("cheap3")
	waitFor(t, ran(4))

	// A costly search whose deadline passes in line is told so.
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Millisecond)
	defer cancel()
	var gotErr error
	e.HTTPErrorHandler = func(err error, c echo.Context) { gotErr = err; c.NoContent(http.StatusRequestTimeout) }
	w := httptest.NewRecorder()
	e.ServeHTTP(w, httptest.NewRequest(http.MethodGet, "/search?q=costly4", nil).WithContext(ctx))
	if w.Code != http.StatusRequestTimeout || !errors.Is(gotErr, context.DeadlineExceeded) {
		t.Errorf("a costly search past its deadline: status %d, error %v", w.Code, gotErr)
	}

	close(release["costly1"])
	waitFor(t, isRunning("costly2"))
	time.Sleep(20 * time.Millisecond)
	if isRunning("costly3")() {
		t.Error("two costly searches ran at once with one costly slot")
	}
	close(release["costly2"])
	close(release["costly3"])
	wg.Wait()
	want := []string{"cheap1", "costly1", "cheap2", "cheap3", "costly2", "costly3"}
	if !slices.Equal(order, want) {
		t.Errorf("order %v, want %v", order, want)
	}
}

// cheapAll calls every search cheap.
func cheapAll(string) search.Cost { return search.Cost{} }

// fakeCost calls the searches for "costly…" costly.
func fakeCost(text string) search.Cost {
	if strings.HasPrefix(text, "costly") {
		return search.Cost{Units: search.CostlyUnits + 1}
	}
	return search.Cost{Units: 1}
}

func waitFor(t *testing.T, ok func() bool) {
	t.Helper()
	for i := 0; i < 500; i++ {
		if ok() {
			return
		}
		time.Sleep(2 * time.Millisecond)
	}
	t.Fatal("timed out")
}
