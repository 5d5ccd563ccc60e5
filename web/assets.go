package web

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
	"net/http"
	"path"
	"strings"

	"github.com/labstack/echo/v4"
)

// Static assets: the page's script, style sheet and icon, embedded in the
// binary from static/. Each is linked with a fingerprint in its URL
// (assetURL: "app.js" is /static/app.js?v=<hash>), so that browsers may keep
// it for a year and still get a new version the moment the server has one.
// The hash is also the ETag, for a request without the fingerprint.

//go:embed static
var staticFS embed.FS

// staticAsset is one file of static/, typed and hashed once, at start.
type staticAsset struct {
	body  []byte
	ctype string
	hash  string
}

// assets are the files of static/ by name. A file whose extension has no
// type in assetTypes stops the program at start, rather than be served as
// the wrong type.
var assets = func() map[string]staticAsset {
	out := map[string]staticAsset{}
	sub, _ := fs.Sub(staticFS, "static")
	entries, _ := fs.ReadDir(sub, ".")
	for _, e := range entries {
		b, err := fs.ReadFile(sub, e.Name())
		if err != nil {
			panic(err)
		}
		sum := sha256.Sum256(b)
		// Not mime.TypeByExtension: it reads the machine's mime.types,
		// which differ between machines.
		ctype, ok := assetTypes[path.Ext(e.Name())]
		if !ok {
			panic("web: no content type for static file " + e.Name())
		}
		out[e.Name()] = staticAsset{body: b, ctype: ctype, hash: hex.EncodeToString(sum[:8])}
	}
	return out
}()

// assetTypes are the content types of static files, by extension.
var assetTypes = map[string]string{
	".css": "text/css; charset=utf-8",
	".js":  "text/javascript; charset=utf-8",
	".svg": "image/svg+xml",
}

// assetURL is the fingerprinted URL of a static file.
func assetURL(name string) string {
	a, ok := assets[name]
	if !ok {
		panic("web: no static file " + name)
	}
	return "/static/" + name + "?v=" + a.hash
}

// static serves an asset: for a year when the URL has its fingerprint, for
// five minutes when it has none or an old one.
func (h *handlers) static(c echo.Context) error {
	a, ok := assets[strings.TrimPrefix(c.Param("*"), "/")]
	if !ok {
		return echo.NewHTTPError(http.StatusNotFound, "not found")
	}
	hdr := c.Response().Header()
	etag := `"` + a.hash + `"`
	hdr.Set("ETag", etag)
	if c.QueryParam("v") == a.hash {
		hdr.Set("Cache-Control", "public, max-age=31536000, immutable")
	} else {
		hdr.Set("Cache-Control", "public, max-age=300")
	}
	if match := c.Request().Header.Get("If-None-Match"); match != "" && strings.Contains(match, etag) {
		return c.NoContent(http.StatusNotModified)
	}
	return c.Blob(http.StatusOK, a.ctype, a.body)
}
