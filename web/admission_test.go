package web

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/labstack/echo/v4"
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
	e.Use(admit(1, "/slow"))
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
