package web

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/exsearch/exsearch/search"
)

// Metrics, in Prometheus's text format at /metrics, from the standard Go
// client. Each server has a registry of its own (no global state): request
// latency by route, method and status, searches by outcome, the response
// cache, the served index's size and age and how often a new one was picked
// up, and the Go runtime's and process's own.
//
// Every distinct set of label values is a series the registry keeps for the
// life of the process, so no label takes its value straight from a request:
// methods outside HTTP's own are "other", routes are the registered
// patterns or "unmatched", statuses outside 100–599 are "other". Unbounded,
// 2,000 made-up 30 KB methods once grew /metrics to 963 MB (issue 13).

type metrics struct {
	registry *prometheus.Registry
	latency  *prometheus.HistogramVec
	searches *prometheus.CounterVec
	// routes are the registered route patterns; set by New once every
	// route is added, before the first request.
	routes map[string]bool
}

func newMetrics(s Searcher) *metrics {
	m := &metrics{
		registry: prometheus.NewRegistry(),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "exsearch_http_request_duration_seconds",
			Help:    "Time to answer HTTP requests, by route and status.",
			Buckets: []float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5},
		}, []string{"route", "method", "status"}),
		searches: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "exsearch_searches_total",
			Help: "Searches, by endpoint (search, page, suggest) and outcome (ok, no_results, bad_request, cancelled, error).",
		}, []string{"endpoint", "outcome"}),
	}
	status := func(get func(st statusView) float64) func() float64 {
		return func() float64 {
			st, err := s.Status()
			if err != nil {
				return 0
			}
			return get(statusView{st.Total, st.Built, st.Reloads, st.Cache.Hits, st.Cache.Misses, st.Cache.Entries})
		}
	}
	m.registry.MustRegister(
		m.latency, m.searches,
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "exsearch_index_documents", Help: "Documents in the served index."},
			status(func(v statusView) float64 { return float64(v.docs) })),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "exsearch_index_age_seconds", Help: "Time since the served index was built."},
			status(func(v statusView) float64 { return time.Since(v.built).Seconds() })),
		prometheus.NewCounterFunc(prometheus.CounterOpts{Name: "exsearch_index_reloads_total", Help: "Newly published indexes picked up without a restart."},
			status(func(v statusView) float64 { return float64(v.reloads) })),
		prometheus.NewCounterFunc(prometheus.CounterOpts{Name: "exsearch_cache_hits_total", Help: "Searches answered from the response cache."},
			status(func(v statusView) float64 { return float64(v.hits) })),
		prometheus.NewCounterFunc(prometheus.CounterOpts{Name: "exsearch_cache_misses_total", Help: "Searches the response cache did not hold."},
			status(func(v statusView) float64 { return float64(v.misses) })),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "exsearch_cache_entries", Help: "Results in the response cache."},
			status(func(v statusView) float64 { return float64(v.entries) })),
	)
	return m
}

type statusView struct {
	docs         int
	built        time.Time
	reloads      int64
	hits, misses int64
	entries      int
}

// search counts a search by its outcome. Searches that find nothing are
// counted apart: a rising share of them says what visitors miss.
func (m *metrics) search(endpoint string, res *search.Result, err error) {
	outcome := "ok"
	var reqErr *search.RequestError
	switch {
	case errors.As(err, &reqErr):
		outcome = "bad_request"
	case errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded):
		outcome = "cancelled"
	case err != nil:
		outcome = "error"
	case res != nil && res.Total == 0:
		outcome = "no_results"
	}
	m.searches.WithLabelValues(endpoint, outcome).Inc()
}

// middleware observes every request's latency by route.
func (m *metrics) middleware(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		start := time.Now()
		if err := next(c); err != nil {
			// Answer the error here, so that its status is known.
			c.Error(err)
		}
		m.latency.WithLabelValues(m.routeLabel(c.Path()), methodLabel(c.Request().Method), statusLabel(c.Response().Status)).
			Observe(time.Since(start).Seconds())
		return nil
	}
}

// setRoutes records the registered route patterns, the only values the
// route label takes besides "unmatched".
func (m *metrics) setRoutes(routes []*echo.Route) {
	m.routes = map[string]bool{}
	for _, r := range routes {
		m.routes[r.Path] = true
	}
}

func (m *metrics) routeLabel(path string) string {
	if m.routes[path] {
		return path
	}
	return "unmatched"
}

// methods are the methods of RFC 9110; any other is labelled "other".
var methods = map[string]bool{
	http.MethodGet: true, http.MethodHead: true, http.MethodPost: true, http.MethodPut: true, http.MethodDelete: true,
	http.MethodPatch: true, http.MethodOptions: true, http.MethodConnect: true, http.MethodTrace: true,
}

func methodLabel(method string) string {
	if methods[method] {
		return method
	}
	return "other"
}

func statusLabel(code int) string {
	if code < 100 || code > 599 {
		return "other"
	}
	return strconv.Itoa(code)
}

func (m *metrics) handler() echo.HandlerFunc {
	return echo.WrapHandler(promhttp.HandlerFor(m.registry, promhttp.HandlerOpts{
		// The server compresses (see compress.go); compressing here too
		// would send gzip inside gzip.
		DisableCompression: true,
	}))
}
