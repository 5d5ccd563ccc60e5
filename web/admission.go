package web

import (
	"runtime"
	"slices"

	"github.com/labstack/echo/v4"
	"golang.org/x/sync/semaphore"
)

// Admission. A search is CPU work from start to end, so running more of them
// at once than there are processors only interleaves them: every one takes
// longer, and Go's scheduler, which favours the goroutine readied last,
// leaves some waiting far longer than others. Searches beyond the number of
// processors wait their turn instead, first come first served, bounded by
// the request's deadline. Under load the slowest answers then take a few
// times the median, not tens of times.

// admit lets at most n requests to the given routes through at once, in the
// order they came; other routes (health, metrics, assets) pass freely.
// n <= 0 means one per processor.
func admit(n int, routes ...string) echo.MiddlewareFunc {
	if n <= 0 {
		n = runtime.GOMAXPROCS(0)
	}
	sem := semaphore.NewWeighted(int64(n))
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			if !slices.Contains(routes, c.Path()) {
				return next(c)
			}
			if err := sem.Acquire(c.Request().Context(), 1); err != nil {
				return err
			}
			defer sem.Release(1)
			return next(c)
		}
	}
}
