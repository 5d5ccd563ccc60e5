package web

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"
)

// The widget: the search box with results, facet chips and "equipment I
// have", for other sites' pages (static/widget.js says how it behaves).
// Another site loads it from here, so it is served at a fixed address,
// /widget.js, with its stylesheet at /widget.css?v=<hash>:
//
//   - the script carries the messages it shows in all four languages, taken
//     from messages (i18n.go) when the server starts: one set of
//     translations, and one cacheable file whatever language a page asks
//     for;
//   - the script's address has no fingerprint (other sites' pages name it),
//     so it may be kept for five minutes and is revalidated by its ETag; the
//     stylesheet's address, which the script makes, has one and is kept for
//     a year;
//   - both carry Cross-Origin-Resource-Policy: cross-origin, so that a host
//     page that isolates itself (Cross-Origin-Embedder-Policy) may still
//     load them.

// widgetKeys are the messages the widget shows.
var widgetKeys = []string{
	"search", "placeholder", "muscle", "equipment", "focus", "have", "results", "result", "for",
	"quoted", "noresultsfor", "nothing", "widgetall", "widgetdown",
}

// widgetScript is static/widget.js with its messages and stylesheet
// address filled in.
var widgetScript = func() staticAsset {
	src := assets["widget.js"].body
	byUI := map[string]map[string]string{}
	for _, l := range uiLanguages {
		byUI[l.Code] = map[string]string{}
		for _, k := range widgetKeys {
			byUI[l.Code][k] = t(l.Code, k)
		}
	}
	msgs, err := json.Marshal(byUI)
	if err != nil {
		panic(err)
	}
	css, _ := json.Marshal("/widget.css?v=" + assets["widget.css"].hash)
	body := fill(src, "{/*messages*/}", msgs)
	body = fill(body, `"/*css*/"`, css)
	sum := sha256.Sum256(body)
	return staticAsset{body: body, ctype: assetTypes[".js"], hash: hex.EncodeToString(sum[:8])}
}()

// fill replaces the one placeholder in src, and stops the program at start
// if there is not exactly one.
func fill(src []byte, placeholder string, with []byte) []byte {
	if n := bytes.Count(src, []byte(placeholder)); n != 1 {
		panic(fmt.Sprintf("web: static/widget.js has %d of %s, want 1", n, placeholder))
	}
	return bytes.Replace(src, []byte(placeholder), with, 1)
}

// widgetJS serves the widget's script.
func (h *handlers) widgetJS(c echo.Context) error {
	return serveWidgetAsset(c, widgetScript, false)
}

// widgetCSS serves the widget's stylesheet.
func (h *handlers) widgetCSS(c echo.Context) error {
	a := assets["widget.css"]
	return serveWidgetAsset(c, a, c.QueryParam("v") == a.hash)
}

func serveWidgetAsset(c echo.Context, a staticAsset, fingerprinted bool) error {
	hdr := c.Response().Header()
	etag := `"` + a.hash + `"`
	hdr.Set("ETag", etag)
	hdr.Set("Cross-Origin-Resource-Policy", "cross-origin")
	if fingerprinted {
		hdr.Set("Cache-Control", "public, max-age=31536000, immutable")
	} else {
		hdr.Set("Cache-Control", "public, max-age=300")
	}
	if match := c.Request().Header.Get("If-None-Match"); match != "" && strings.Contains(match, etag) {
		return c.NoContent(http.StatusNotModified)
	}
	return c.Blob(http.StatusOK, a.ctype, a.body)
}
