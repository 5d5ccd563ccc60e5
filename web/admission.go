package web

import (
	"runtime"
	"slices"

	"github.com/labstack/echo/v4"
	"golang.org/x/sync/semaphore"

	"github.com/exsearch/exsearch/search"
)

// Admission. A search is CPU work from start to end, so running more of them
// at once than there are processors only interleaves them: every one takes
// longer, and Go's scheduler, which favours the goroutine readied last,
// leaves some waiting far longer than others. Searches beyond the number of
// processors wait their turn instead, first come first served, bounded by
// the request's deadline. Under load the slowest answers then take a few
// times the median, not tens of times.
//
// Searches differ in cost by a factor of a thousand, though: a few known
// words take a millisecond or two, 32 misspelt compounds, each looked up as
// a typo, half a second (issue 13). In one line, eight clients sending those
// kept an ordinary search waiting 3 s. So searches go in one of two lanes,
// by the cost search estimates before running them (search/cost.go): cheap
// ones have a slot per processor, as before, and costly ones a lane of their
// own with a slot per four processors (at least one), each lane first come
// first served. A cheap search never waits for a costly one, and costly ones
// wait for each other.
//
// The costly lane's slots come on top of the cheap ones, not out of them:
// with both lanes full, cheap searches share the processors with a costly
// one or two and run a little slower, rather than losing a processor
// outright whenever a costly search runs.
//
// Nothing is turned away for the length of the line; a search waits at most
// its deadline (then 408). Turning costly searches away at once (503) when
// the line is long would not shorten it: a client that asks in a loop, as
// a flood does, would ask again at once, and a rejected request still costs
// its estimate and an HTTP exchange, while a waiting one costs nothing. The
// deadline already bounds the line to the rate of arrivals times the
// timeout, and --rate-limit bounds what one address may send.

// admit lets at most n cheap and costlySlots(n) costly requests to the
// given routes through at once, each lane in the order they came, judging
// a request by cost(q); other routes (health, metrics, assets) pass freely.
// n <= 0 means one per processor.
func admit(n int, cost func(text string) search.Cost, routes ...string) echo.MiddlewareFunc {
	if n <= 0 {
		n = runtime.GOMAXPROCS(0)
	}
	cheap := semaphore.NewWeighted(int64(n))
	costly := semaphore.NewWeighted(int64(costlySlots(n)))
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			if !slices.Contains(routes, c.Path()) {
				return next(c)
			}
			lane := cheap
			if cost(c.QueryParam("q")).Costly() {
				lane = costly
			}
			if err := lane.Acquire(c.Request().Context(), 1); err != nil {
				return err
			}
			defer lane.Release(1)
			return next(c)
		}
	}
}

// costlySlots is how many costly searches run at once beside n cheap ones.
func costlySlots(n int) int { return max(1, n/4) }
