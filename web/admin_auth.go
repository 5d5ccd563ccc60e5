package web

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/labstack/echo/v4"
	"golang.org/x/time/rate"
)

// Access to /admin. The owner has one secret, the admin token
// (Options.AdminToken); without one, /admin does not exist (404). A request
// is the owner's when it carries
//
//   - the token as "Authorization: Bearer <token>" (scripts, curl), or
//   - a session cookie from the login form: "<expiry>.<mac>", the mac an
//     HMAC-SHA256 of the expiry under a key derived from the token. The
//     cookie never holds the token, a stolen one expires (sessionLifetime),
//     and a new token ends every session. Sessions hold no state on the
//     server, so that any replica accepts a cookie another one issued.
//
// The token is compared as a SHA-256 sum with subtle.ConstantTimeCompare (so
// that neither its bytes nor its length leak through timing), and macs with
// hmac.Equal.
//
// Every state-changing action (login, logout) is a POST that must carry a
// CSRF token: the double-submit kind, its cookie a random nonce and its form
// field an HMAC of the nonce under the key, so that a cookie planted by a
// sibling domain is useless without the token. Before that, the browser's
// own word is checked: a Sec-Fetch-Site other than same-origin, or an
// Origin other than the site's, is refused. Either failure is a 403.
//
// Failed attempts (form or bearer) are logged without what was sent, each
// waits failureDelay, and a client that fails failureBurst times in a row
// must then wait failureEvery per further try (429).

const (
	sessionCookie   = "exsearch_admin"
	csrfCookie      = "exsearch_admin_csrf"
	csrfField       = "csrf"
	sessionLifetime = 12 * time.Hour
	failureBurst    = 5
	failureEvery    = 10 * time.Second
)

// failureDelay is how long a failed attempt waits before its answer.
var failureDelay = 300 * time.Millisecond

type adminAuth struct {
	key       []byte   // HMAC key for sessions and CSRF tokens, derived from the token
	tokenSum  [32]byte // SHA-256 of the token
	publicURL string
	log       *slog.Logger
	now       func() time.Time
	failures  failureLimiter
}

func newAdminAuth(token, publicURL string, log *slog.Logger) *adminAuth {
	mac := hmac.New(sha256.New, []byte(token))
	mac.Write([]byte("exsearch admin key v1"))
	return &adminAuth{key: mac.Sum(nil), tokenSum: sha256.Sum256([]byte(token)), publicURL: publicURL, log: log, now: time.Now,
		failures: failureLimiter{by: map[string]*rate.Limiter{}}}
}

func (a *adminAuth) sign(purpose, msg string) string {
	mac := hmac.New(sha256.New, a.key)
	mac.Write([]byte(purpose + "\x00" + msg))
	return hex.EncodeToString(mac.Sum(nil))
}

// isToken says, in constant time, whether s is the admin token.
func (a *adminAuth) isToken(s string) bool {
	sum := sha256.Sum256([]byte(s))
	return subtle.ConstantTimeCompare(sum[:], a.tokenSum[:]) == 1
}

// session is a session cookie's value, valid until expiry.
func (a *adminAuth) session(expiry time.Time) string {
	exp := strconv.FormatInt(expiry.Unix(), 10)
	return exp + "." + a.sign("session", exp)
}

// validSession says whether v is a session cookie this key issued and that
// has not expired.
func (a *adminAuth) validSession(v string) bool {
	exp, mac, ok := strings.Cut(v, ".")
	if !ok {
		return false
	}
	unix, err := strconv.ParseInt(exp, 10, 64)
	if err != nil {
		return false
	}
	now := a.now()
	if !hmac.Equal([]byte(mac), []byte(a.sign("session", exp))) {
		return false
	}
	expiry := time.Unix(unix, 0)
	return now.Before(expiry) && expiry.Sub(now) <= sessionLifetime
}

// secure says whether cookies must be Secure: the request came over https,
// or the site is reached at an https PublicURL (behind a proxy that ends
// TLS).
func (a *adminAuth) secure(c echo.Context) bool {
	return c.Scheme() == "https" || strings.HasPrefix(a.publicURL, "https://")
}

func (a *adminAuth) cookie(c echo.Context, name, value string, maxAge int) {
	c.SetCookie(&http.Cookie{Name: name, Value: value, Path: "/admin", MaxAge: maxAge,
		HttpOnly: true, Secure: a.secure(c), SameSite: http.SameSiteStrictMode})
}

func (a *adminAuth) startSession(c echo.Context) {
	a.cookie(c, sessionCookie, a.session(a.now().Add(sessionLifetime)), int(sessionLifetime/time.Second))
}

func (a *adminAuth) endSession(c echo.Context) {
	a.cookie(c, sessionCookie, "", -1)
}

// csrfToken is the CSRF token for a form on the page being rendered; it
// sets the CSRF cookie if the request has none.
func (a *adminAuth) csrfToken(c echo.Context) string {
	if ck, err := c.Cookie(csrfCookie); err == nil && len(ck.Value) == 64 {
		return a.sign("csrf", ck.Value)
	}
	var nonce [32]byte
	rand.Read(nonce[:])
	v := hex.EncodeToString(nonce[:])
	a.cookie(c, csrfCookie, v, int(sessionLifetime/time.Second))
	return a.sign("csrf", v)
}

// checkCSRF refuses (403) a state-changing request that a browser says
// came from elsewhere, or that lacks the CSRF token of its cookie.
func (a *adminAuth) checkCSRF(c echo.Context) error {
	r := c.Request()
	if s := r.Header.Get("Sec-Fetch-Site"); s != "" && s != "same-origin" && s != "none" {
		return echo.NewHTTPError(http.StatusForbidden, "cross-site request refused (Sec-Fetch-Site: "+truncate(s, 20)+")")
	}
	if o := r.Header.Get("Origin"); o != "" && o != a.publicURL && o != c.Scheme()+"://"+r.Host {
		return echo.NewHTTPError(http.StatusForbidden, "request from another origin refused")
	}
	ck, err := c.Cookie(csrfCookie)
	if err != nil || ck.Value == "" {
		return echo.NewHTTPError(http.StatusForbidden, "no CSRF cookie: reload the form (cookies must be allowed)")
	}
	if !hmac.Equal([]byte(c.FormValue(csrfField)), []byte(a.sign("csrf", ck.Value))) {
		return echo.NewHTTPError(http.StatusForbidden, "wrong or missing CSRF token: reload the form")
	}
	return nil
}

// failed logs a failed attempt, without what was sent, and counts it
// against the client.
func (a *adminAuth) failed(c echo.Context, how string) {
	a.log.Warn("admin: authentication failed", "how", how, "remote", c.RealIP(), "path", c.Request().URL.Path)
	a.failures.fail(c.RealIP())
	time.Sleep(failureDelay)
}

// tooMany answers 429 when the client has failed too often of late.
func (a *adminAuth) tooMany(c echo.Context) error {
	if !a.failures.blocked(c.RealIP()) {
		return nil
	}
	c.Response().Header().Set("Retry-After", strconv.Itoa(int(failureEvery/time.Second)))
	return echo.NewHTTPError(http.StatusTooManyRequests, "too many failed attempts; wait and try again")
}

// require lets through the owner's requests only: a right bearer token or
// a valid session. Without either, the report page answers with the login
// form (401) and anything else with a 401.
func (a *adminAuth) require(loginPage echo.HandlerFunc) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			if auth := c.Request().Header.Get("Authorization"); auth != "" {
				if err := a.tooMany(c); err != nil {
					return err
				}
				scheme, token, _ := strings.Cut(auth, " ")
				if strings.EqualFold(scheme, "Bearer") && a.isToken(strings.TrimSpace(token)) {
					return next(c)
				}
				a.failed(c, "bearer")
				c.Response().Header().Set("WWW-Authenticate", `Bearer realm="exsearch admin", error="invalid_token"`)
				return echo.NewHTTPError(http.StatusUnauthorized, "wrong admin token")
			}
			if ck, err := c.Cookie(sessionCookie); err == nil && a.validSession(ck.Value) {
				return next(c)
			}
			c.Response().Header().Set("WWW-Authenticate", `Bearer realm="exsearch admin"`)
			if c.Path() == "/admin" {
				return loginPage(c)
			}
			return echo.NewHTTPError(http.StatusUnauthorized, "log in at /admin/login or send the admin token as a bearer token")
		}
	}
}

// failureLimiter counts failed attempts per client.
type failureLimiter struct {
	mu sync.Mutex
	by map[string]*rate.Limiter
}

// maxClients bounds the failure limiter's memory: past it, it starts over.
const maxClients = 10000

func (f *failureLimiter) limiter(client string) *rate.Limiter {
	f.mu.Lock()
	defer f.mu.Unlock()
	l, ok := f.by[client]
	if !ok {
		if len(f.by) >= maxClients {
			clear(f.by)
		}
		l = rate.NewLimiter(rate.Every(failureEvery), failureBurst)
		f.by[client] = l
	}
	return l
}

func (f *failureLimiter) blocked(client string) bool { return f.limiter(client).Tokens() < 1 }

func (f *failureLimiter) fail(client string) { f.limiter(client).Allow() }
