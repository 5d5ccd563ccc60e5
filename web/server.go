// Package web serves exsearch over HTTP with Echo:
//
//   - the JSON API: /api/search, /api/suggest, /api/facets,
//     /api/documents/{id} and /api/documents/{id}/alternatives, described
//     by /api/openapi.json;
//   - the pages, rendered on the server: the search page (/) and a
//     document's page (/d/{id}), with their script, styles and icon under
//     /static/, all embedded in the binary;
//   - analytics: every search recorded, clicks on hits taken at
//     POST /api/click (analytics.go);
//   - the widget, the search box for other sites' pages: /widget.js and
//     /widget.css (widget.go);
//   - health: /healthz (the process is up) and /readyz (an index is served:
//     "ready", or "degraded" with its problems; 503 while none is);
//   - Prometheus metrics at /metrics;
//   - the site owner's search analytics at /admin, behind a token
//     (admin.go).
//
// HEAD is answered wherever GET is.
//
// It speaks search's types; it knows nothing of bleve or of file formats.
package web

import (
	"context"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"
	"golang.org/x/time/rate"

	"github.com/exsearch/exsearch/analytics"
	"github.com/exsearch/exsearch/corpus"
	"github.com/exsearch/exsearch/search"
)

// Searcher is what the web layer needs from the search side. *search.Live
// implements it.
type Searcher interface {
	Search(ctx context.Context, req search.Request) (*search.Result, error)
	Document(ctx context.Context, id string) (*corpus.Document, error)
	Suggest(ctx context.Context, text, ui, prefer string) (*search.Suggestions, error)
	Overview(ctx context.Context, ui string) (*search.Overview, error)
	Alternatives(ctx context.Context, req search.AlternativesRequest) (*search.Alternatives, error)
	Label(facet, value, ui string) string
	Status() (search.Status, error)
	// Cost estimates a search's work before it runs (see admission.go).
	Cost(text string) search.Cost
}

// Options configure the server.
type Options struct {
	Logger *slog.Logger
	// RequestTimeout bounds the time a request may take; 0 means
	// DefaultRequestTimeout.
	RequestTimeout time.Duration
	// RateLimit, if positive, is the sustained number of requests per second
	// one client (by address, see TrustedProxies) may make, with bursts of
	// twice as many.
	RateLimit float64
	// TrustedProxies are the address ranges of the proxies in front of the
	// server. A request's client is its TCP peer, unless the peer is in one
	// of these ranges: then it is the nearest address in X-Forwarded-For
	// that is not. None (the default) means X-Forwarded-For is never
	// believed; loopback and private ranges are not trusted unless listed.
	// The rate limit and the access log both use this address.
	TrustedProxies []*net.IPNet
	// CORSOrigins are the origins whose pages may call the API from the
	// browser ("*" for any); none means no cross-origin access.
	CORSOrigins []string
	// PublicURL is the scheme and host the site is reached at
	// ("https://exsearch.example"), for the absolute URLs pages give of
	// themselves (canonical, hreflang); empty means the address each request
	// was made to.
	PublicURL string
	// Concurrency is how many cheap searches run at once, and a quarter of
	// it (at least one) how many costly ones (see admission.go); 0 means
	// one per processor.
	Concurrency int
	// Reporter answers the owner's analytics views (/admin); nil when
	// analytics are off.
	Reporter analytics.Reporter
	// AdminToken is the owner's secret for /admin (admin_auth.go); empty
	// means there is no /admin.
	AdminToken string
	// Analytics, if set, records searches and clicks (see analytics.go);
	// nil means analytics is off.
	Analytics Analytics
}

// DefaultRequestTimeout is how long a request may take unless told otherwise.
const DefaultRequestTimeout = 5 * time.Second

// contentSecurityPolicy lets the page load only its own scripts and styles
// (no inline script or style), images from anywhere on https (documents'
// pictures live on their sites), and be framed by nobody.
const contentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' https: data:; " +
	"connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

// New returns the HTTP handler serving s.
func New(s Searcher, opts Options) *echo.Echo {
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	if opts.RequestTimeout <= 0 {
		opts.RequestTimeout = DefaultRequestTimeout
	}
	h := &handlers{s: s, log: opts.Logger, metrics: newMetrics(s), publicURL: strings.TrimRight(opts.PublicURL, "/"), analytics: opts.Analytics}
	if opts.Analytics != nil {
		h.metrics.registry.MustRegister(analyticsCollectors(opts.Analytics)...)
	}
	e := echo.New()
	e.HideBanner = true
	e.HidePort = true
	e.HTTPErrorHandler = h.handleError
	e.IPExtractor = clientAddress(opts.TrustedProxies)
	e.Use(middleware.RecoverWithConfig(middleware.RecoverConfig{
		DisablePrintStack: true,
		LogErrorFunc: func(c echo.Context, err error, stack []byte) error {
			opts.Logger.Error("panic", "method", c.Request().Method, "path", c.Request().URL.Path, "err", err, "stack", string(stack))
			return err
		},
	}))
	e.Use(middleware.SecureWithConfig(middleware.SecureConfig{
		XSSProtection:         "0",
		ContentTypeNosniff:    "nosniff",
		XFrameOptions:         "DENY",
		ContentSecurityPolicy: contentSecurityPolicy,
		ReferrerPolicy:        "strict-origin-when-cross-origin",
	}))
	e.Use(middleware.BodyLimit("16K"))
	e.Use(deadline(opts.RequestTimeout))
	if opts.RateLimit > 0 {
		e.Use(middleware.RateLimiterWithConfig(middleware.RateLimiterConfig{
			Store: middleware.NewRateLimiterMemoryStoreWithConfig(middleware.RateLimiterMemoryStoreConfig{
				Rate: rate.Limit(opts.RateLimit), Burst: int(2*opts.RateLimit) + 1, ExpiresIn: 3 * time.Minute,
			}),
			IdentifierExtractor: func(c echo.Context) (string, error) { return c.RealIP(), nil },
			DenyHandler: func(c echo.Context, _ string, _ error) error {
				return c.JSON(http.StatusTooManyRequests, apiError{Error: "too many requests; slow down"})
			},
			ErrorHandler: func(c echo.Context, err error) error {
				return c.JSON(http.StatusForbidden, apiError{Error: "client not identified"})
			},
		}))
	}
	// Admission comes before compression and the handlers, so that all of a
	// search's work, encoding and compressing its answer too, waits its turn.
	e.Use(admit(opts.Concurrency, s.Cost, "/", "/api/search", "/d/*"))
	e.Use(compress())
	if len(opts.CORSOrigins) > 0 {
		e.Use(middleware.CORSWithConfig(middleware.CORSConfig{
			Skipper:       func(c echo.Context) bool { return !strings.HasPrefix(c.Request().URL.Path, "/api/") },
			AllowOrigins:  opts.CORSOrigins,
			AllowMethods:  []string{http.MethodGet, http.MethodHead, http.MethodOptions},
			AllowHeaders:  []string{"If-None-Match"},
			ExposeHeaders: []string{"ETag"},
			MaxAge:        3600,
		}))
	}
	e.Use(h.metrics.middleware)
	e.Use(middleware.RequestLoggerWithConfig(middleware.RequestLoggerConfig{
		LogMethod: true, LogURI: true, LogRoutePath: true, LogStatus: true, LogLatency: true,
		LogResponseSize: true, LogRemoteIP: true, LogError: true, HandleError: true,
		LogValuesFunc: func(c echo.Context, v middleware.RequestLoggerValues) error {
			level := slog.LevelInfo
			if v.Status >= 500 {
				level = slog.LevelError
			}
			opts.Logger.LogAttrs(c.Request().Context(), level, "request",
				slog.String("method", v.Method), slog.String("uri", v.URI), slog.String("route", v.RoutePath),
				slog.Int("status", v.Status), slog.Int64("bytes", v.ResponseSize), slog.Duration("latency", v.Latency),
				slog.String("remote", v.RemoteIP))
			return nil
		},
	}))

	// Whatever answers GET answers HEAD (RFC 9110): the handler runs as for
	// GET and Go's server drops the body, so status and headers are GET's,
	// but for Content-Encoding: gzhttp compresses no answer to HEAD.
	get := func(path string, h echo.HandlerFunc) {
		e.Match([]string{http.MethodGet, http.MethodHead}, path, h)
	}
	get("/healthz", h.healthz)
	get("/readyz", h.readyz)
	get("/api/search", h.apiSearch)
	get("/api/documents/*", h.apiDocument)
	get("/api/suggest", h.apiSuggest)
	get("/api/facets", h.apiFacets)
	get("/api/openapi.json", h.openAPI)
	get("/metrics", h.metrics.handler())
	if opts.Analytics != nil {
		e.POST("/api/click", h.apiClick)
	}
	get("/", h.page)
	get("/d/*", h.documentPage)
	get("/static/*", h.static)
	get("/widget.js", h.widgetJS)
	get("/widget.css", h.widgetCSS)
	adminRoutes(e, opts)
	h.metrics.setRoutes(e.Routes())
	return e
}

type handlers struct {
	s       Searcher
	log     *slog.Logger
	metrics *metrics
	// publicURL is Options.PublicURL without a trailing slash.
	publicURL string
	analytics Analytics // nil: off
}

// apiError is the body of every JSON error.
type apiError struct {
	Error string `json:"error"`
	Param string `json:"param,omitempty"`
}

// handleError answers every error. Request errors become 4xx with a message
// that names the parameter; anything else is a 500 whose detail goes to the
// log, not to the client.
func (h *handlers) handleError(err error, c echo.Context) {
	if c.Response().Committed {
		return
	}
	status := http.StatusInternalServerError
	body := apiError{Error: "internal error"}
	var re *search.RequestError
	var he *echo.HTTPError
	switch {
	case errors.As(err, &re):
		status, body = http.StatusBadRequest, apiError{Error: re.Error(), Param: re.Param}
	case errors.Is(err, search.ErrNotFound):
		status, body = http.StatusNotFound, apiError{Error: "no document with this id"}
	case errors.Is(err, search.ErrNotExercise):
		// The id is fine and the document is there; it is an article,
		// and alternatives are to exercises.
		status, body = http.StatusUnprocessableEntity, apiError{Error: err.Error() + ": alternatives are to exercises", Param: "id"}
	case errors.Is(err, context.DeadlineExceeded):
		// A 4xx, not a 5xx: what the client asked for is what took too long.
		status, body = http.StatusRequestTimeout, apiError{Error: "the request took too long; try fewer words or filters"}
	case errors.Is(err, context.Canceled):
		status, body = 499, apiError{Error: "request cancelled"}
	case errors.As(err, &he):
		status = he.Code
		if msg, ok := he.Message.(string); ok {
			body = apiError{Error: msg}
		} else {
			body = apiError{Error: http.StatusText(he.Code)}
		}
	}
	if status >= 500 {
		h.log.Error("request failed", "method", c.Request().Method, "path", c.Request().URL.Path, "err", err)
	}
	if wantsHTML(c) {
		h.errorPage(c, status, body.Error)
		return
	}
	if err := c.JSON(status, body); err != nil {
		h.log.Error("write error response", "err", err)
	}
}

// deadline gives every request a context that ends after timeout; the
// search stops when it does.
func deadline(timeout time.Duration) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			ctx, cancel := context.WithTimeout(c.Request().Context(), timeout)
			defer cancel()
			c.SetRequest(c.Request().WithContext(ctx))
			return next(c)
		}
	}
}

// clientAddress finds a request's client: the TCP peer, or, when the peer
// is a trusted proxy, the nearest untrusted address in X-Forwarded-For.
// Echo's default believes X-Forwarded-For and X-Real-IP from anyone, so a
// client could escape the rate limit by making up an address per request.
func clientAddress(trusted []*net.IPNet) echo.IPExtractor {
	if len(trusted) == 0 {
		return echo.ExtractIPDirect()
	}
	opts := []echo.TrustOption{echo.TrustLoopback(false), echo.TrustLinkLocal(false), echo.TrustPrivateNet(false)}
	for _, r := range trusted {
		opts = append(opts, echo.TrustIPRange(r))
	}
	return echo.ExtractIPFromXFFHeader(opts...)
}

func wantsHTML(c echo.Context) bool {
	p := c.Request().URL.Path
	return p == "/" || strings.HasPrefix(p, "/d/") || p == "/admin" || strings.HasPrefix(p, "/admin/log")
}
