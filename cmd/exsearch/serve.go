package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os"
	"runtime"
	"strings"
	"time"

	"github.com/peterbourgon/ff/v3/ffcli"

	"github.com/exsearch/exsearch/analytics"
	"github.com/exsearch/exsearch/search"
	"github.com/exsearch/exsearch/web"
)

func serveCmd() *ffcli.Command {
	fs := flag.NewFlagSet("exsearch serve", flag.ContinueOnError)
	addr := fs.String("addr", "127.0.0.1:8080", "address to listen on")
	index := fs.String("index", "", "published index directory to serve (default: the embedded corpus, indexed into the cache directory)")
	cacheDir := fs.String("cache-dir", "", "where the embedded corpus is indexed (default: the user cache directory)")
	reload := fs.Duration("reload-interval", time.Second, "how often to look for a newly published index")
	grace := fs.Duration("shutdown-grace", 2*time.Second, "on SIGTERM, how long to keep answering on open connections (each answer closing its connection) before closing idle ones; new connections are refused at once")
	cacheSize := fs.Int("cache-size", search.DefaultCacheSize, "search results cached per index generation (0: no cache)")
	timeout := fs.Duration("request-timeout", web.DefaultRequestTimeout, "longest a request may take")
	rateLimit := fs.Float64("rate-limit", 0, "requests per second one client may make (0: no limit)")
	trustedProxies := fs.String("trusted-proxies", "", "comma-separated address ranges (CIDR) of proxies whose X-Forwarded-For names the client (default: none, the TCP peer is the client)")
	corsOrigins := fs.String("cors-origins", "", "comma-separated origins whose pages may call the API, e.g. https://example.dk (\"*\": any)")
	publicURL := fs.String("public-url", "", "scheme and host the site is reached at, e.g. https://exsearch.example, for the absolute URLs pages give of themselves (default: the address of each request)")
	concurrency := fs.Int("concurrency", 0, "searches run at once; more wait their turn (0: one per processor)")
	adminToken := fs.String("admin-token", "", "the site owner's secret for /admin, the search analytics (default: none, no /admin); better set as EXSEARCH_ADMIN_TOKEN, since a flag shows in the process list")
	analyticsOn := fs.String("analytics", "on", "record searches and clicks for the site owner: on or off")
	analyticsDSN := fs.String("analytics-dsn", "", "where analytics are stored: postgres://… for PostgreSQL (default: the SQLite file analytics.sqlite in the index directory, or in the cache directory for the embedded corpus)")
	analyticsRetention := fs.String("analytics-retention", "90d", "how long analytics rows are kept, in days (90d)")
	logFormat := fs.String("log-format", "text", "log format: text or json")
	logLevel := fs.String("log-level", "info", "log level: debug, info, warn or error")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile of the server to this file until it stops (for go tool pprof)")
	return &ffcli.Command{
		Name:       "serve",
		ShortUsage: "exsearch serve [flags]",
		ShortHelp:  "serve the search page and JSON API",
		LongHelp: `Serve the search page (/), the JSON API (/api/search, /api/suggest,
/api/facets, /api/documents/{id}, described at /api/openapi.json), health
endpoints (/healthz, /readyz) and Prometheus metrics (/metrics). With an
admin token (--admin-token, EXSEARCH_ADMIN_TOKEN), also the site owner's
search analytics at /admin.

With --index DIR, serve the index published in DIR by "exsearch reindex", and
switch to a newly published one without a restart. Without it, serve the
embedded default corpus.

A new generation is served only once its files' checksums are right and it
answers a probe; until then, and whenever current cannot be read, the server
keeps answering from what it has and /readyz says "degraded" and why. A read
that faults on damaged files fails that request (500), not the process. serve
never removes a generation: reindex does, keeping --keep of them.

Analytics (--analytics on, the default) records every search (its normalised
text, filters, languages, hit count, page and what was understood) and the
clicks on hits, with no IP address, user agent, cookie or user id, into
SQLite beside the index or into PostgreSQL (--analytics-dsn postgres://…),
keeping --analytics-retention days. Writes are batched off the request path;
a store that is down loses analytics, never searches, and /readyz says so.`,
		FlagSet: fs,
		Options: envOptions,
		Exec: func(ctx context.Context, args []string) error {
			if len(args) > 0 {
				return fmt.Errorf("serve takes no arguments (got %q)", strings.Join(args, " "))
			}
			log, err := newLogger(*logFormat, *logLevel)
			if err != nil {
				return err
			}
			proxies, err := parseRanges("--trusted-proxies", *trustedProxies)
			if err != nil {
				return err
			}
			if err := checkPublicURL(*publicURL); err != nil {
				return err
			}
			checkAdminToken(*adminToken, log)
			an, err := parseAnalytics(*analyticsOn, *analyticsDSN, *analyticsRetention)
			if err != nil {
				return err
			}
			dir, err := resolveIndex(ctx, *index, *cacheDir, log)
			if err != nil {
				return err
			}
			if an.on && an.dsn == "" {
				if an.dsn, err = defaultAnalyticsDSN(*index, *cacheDir); err != nil {
					return err
				}
			}
			stopProfile, err := startCPUProfile(*cpuProfile)
			if err != nil {
				return err
			}
			defer stopProfile()
			return serve(ctx, serveConfig{addr: *addr, dir: dir, reload: *reload, grace: *grace, cacheSize: *cacheSize, analytics: an,
				web: web.Options{Logger: log, RequestTimeout: *timeout, RateLimit: *rateLimit, TrustedProxies: proxies,
					CORSOrigins: splitList(*corsOrigins), Concurrency: *concurrency, PublicURL: *publicURL,
					AdminToken: *adminToken}}, log)
		},
	}
}

// checkPublicURL accepts an empty --public-url or an http(s) origin: a
// scheme and a host, nothing after them.
func checkPublicURL(s string) error {
	if s == "" {
		return nil
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || strings.Trim(u.Path, "/") != "" || u.RawQuery != "" || u.Fragment != "" || u.User != nil {
		return fmt.Errorf("--public-url %q: want a scheme and host only, like https://exsearch.example", s)
	}
	return nil
}

// minAdminToken is the length below which an admin token is easy to
// guess (32 random hex digits are 128 bits).
const minAdminToken = 16

// checkAdminToken says whether /admin is on, and warns of a short token;
// it never logs the token.
func checkAdminToken(token string, log *slog.Logger) {
	switch {
	case token == "":
		log.Info("no admin token: /admin is off")
	case len(token) < minAdminToken:
		log.Warn("the admin token is short: easy to guess; use 16 characters or more, e.g. openssl rand -hex 16", "length", len(token))
	}
}

type serveConfig struct {
	addr, dir string
	reload    time.Duration
	grace     time.Duration
	cacheSize int
	analytics analyticsConfig
	web       web.Options
}

// analyticsConfig is what the --analytics flags say.
type analyticsConfig struct {
	on        bool
	dsn       string // "": the SQLite file in the data directory
	retention time.Duration
}

// parseAnalytics reads the --analytics flags, naming the one that is wrong.
func parseAnalytics(on, dsn, retention string) (analyticsConfig, error) {
	var c analyticsConfig
	switch on {
	case "on":
		c.on = true
	case "off":
	default:
		return c, fmt.Errorf("--analytics: want on or off, got %q", on)
	}
	var err error
	if c.retention, err = analytics.ParseRetention("--analytics-retention", retention); err != nil {
		return c, err
	}
	if strings.Contains(dsn, "://") && !strings.HasPrefix(dsn, "postgres://") && !strings.HasPrefix(dsn, "postgresql://") {
		return c, fmt.Errorf("--analytics-dsn: want postgres://… or the path of a SQLite file, got a %s URL", dsn[:strings.Index(dsn, "://")])
	}
	c.dsn = dsn
	return c, nil
}

func serve(ctx context.Context, cfg serveConfig, log *slog.Logger) error {
	addr, dir := cfg.addr, cfg.dir
	cfg.web.Concurrency = schedule(cfg.web.Concurrency)
	live, err := search.OpenLive(dir, search.LiveOptions{Logger: log, CacheSize: cfg.cacheSize})
	if err != nil {
		return err
	}
	defer live.Close()
	st, _ := live.Status()
	watchCtx, stopWatch := context.WithCancel(ctx)
	defer stopWatch()
	go live.Watch(watchCtx, cfg.reload)

	var d drainer
	if cfg.analytics.on {
		rec := analytics.Dial(cfg.analytics.dsn, analytics.RecorderOptions{Retention: cfg.analytics.retention, Logger: log})
		defer func() {
			closeCtx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			if err := rec.Close(closeCtx); err != nil {
				log.Warn("analytics: not all records were written", "err", err)
			}
		}()
		cfg.web.Analytics = rec
		if cfg.web.AdminToken != "" {
			rep := analytics.NewStoreReporter(cfg.analytics.dsn)
			defer rep.Close()
			cfg.web.Reporter = rep
		}
		where := cfg.analytics.dsn
		if strings.Contains(where, "://") {
			where = "postgres"
		}
		log.Info("analytics on", "store", where, "retention", cfg.analytics.retention.String())
	} else {
		log.Info("analytics off: searches and clicks are not recorded")
	}

	srv := &http.Server{
		Handler:           d.handler(web.New(live, cfg.web)),
		ConnState:         d.connState,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       10 * time.Second,
		WriteTimeout:      cfg.web.RequestTimeout + 5*time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	log.Info("serving", "addr", "http://"+ln.Addr().String(), "index", dir, "generation", st.Generation, "docs", st.Total)
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	log.Info("shutting down: draining in-flight requests", "grace", cfg.grace)
	if err := d.drain(srv, ln, cfg.grace, log); err != nil {
		return err
	}
	// Serve returned when drain closed its listener.
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) && !errors.Is(err, net.ErrClosed) {
		return err
	}
	return nil
}

func newLogger(format, level string) (*slog.Logger, error) {
	var lv slog.Level
	if err := lv.UnmarshalText([]byte(level)); err != nil {
		return nil, fmt.Errorf("--log-level: %w", err)
	}
	opts := &slog.HandlerOptions{Level: lv}
	switch format {
	case "text":
		return slog.New(slog.NewTextHandler(os.Stderr, opts)), nil
	case "json":
		return slog.New(slog.NewJSONHandler(os.Stderr, opts)), nil
	}
	return nil, fmt.Errorf("--log-format: want text or json, got %q", format)
}

// splitList reads a comma-separated flag value, ignoring blanks.
func splitList(v string) []string {
	var out []string
	for _, s := range strings.Split(v, ",") {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// parseRanges reads a comma-separated list of address ranges in CIDR
// notation; a lone address is a range of one. An error names the flag and
// the value it could not read.
func parseRanges(flag, v string) ([]*net.IPNet, error) {
	var out []*net.IPNet
	for _, s := range splitList(v) {
		cidr := s
		if ip := net.ParseIP(s); ip != nil && ip.To4() != nil {
			cidr += "/32"
		} else if ip != nil {
			cidr += "/128"
		}
		_, r, err := net.ParseCIDR(cidr)
		if err != nil {
			return nil, fmt.Errorf("%s: %q is not an address range like 10.0.0.0/8 or 2001:db8::/32", flag, s)
		}
		out = append(out, r)
	}
	return out, nil
}

// schedule sets how many searches run at once (concurrency, or one per
// processor when 0) and gives the Go scheduler one processor more than
// that, unless GOMAXPROCS is set in the environment. Go's scheduler polls
// the network only when a processor runs out of work (or every 10 ms): with
// every processor busy searching, a request that arrives waits up to that
// long before it is even read, and under load one answer in ten took twice
// the median. With a processor to spare, requests are read as they come and
// queue for a search slot in order (see web/admission.go): on two cores,
// p99 went from 23 to 17 ms at the same throughput.
func schedule(concurrency int) int {
	procs := runtime.GOMAXPROCS(0)
	if concurrency <= 0 {
		concurrency = procs
	}
	if os.Getenv("GOMAXPROCS") == "" {
		runtime.GOMAXPROCS(concurrency + 1)
	}
	return concurrency
}
