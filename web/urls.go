package web

import (
	"net/url"
	"slices"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/exsearch/exsearch/search"
)

// URLs the server makes and reads: document ids in paths, the links of the
// search page, and the addresses documents bring from their sources.
//
// Document ids are paths ("corpus/motionsplan/_exercises/x"), and a file's
// name is kept in its id as it is: "100% effort.md" gives "x/100% effort".
// They travel in the path of /d/{id} and /api/documents/{id} with each
// element escaped (escapeID), and are read back from the request's escaped
// path, unescaped exactly once (documentID). Echo's path parameter will not
// do: it is the decoded path when the URL is escaped the default way and the
// escaped one otherwise, so unescaping it again turned the link of an id
// with a "%" into a 400.
//
// Every state of the search page is a URL (see page.go), so its links are
// the page's own parameters with one changed: with and without change one,
// pageURL makes the link, langURLs links the same page in each interface
// language.
//
// A document's url and images come from its source and are shown as they
// are, so only absolute http(s) addresses are shown: anything else would
// lead into this server, or run as script (imageURL, linkURL).

// documentID is the id in the request's path after prefix.
func documentID(c echo.Context, prefix string) (string, error) {
	escaped, ok := strings.CutPrefix(c.Request().URL.EscapedPath(), prefix)
	if !ok {
		return "", &search.RequestError{Param: "id", Msg: "not a valid document id"}
	}
	return unescapeID(escaped)
}

// alternativesSuffix ends the path of a document's alternatives,
// /api/documents/{id}/alternatives. An id that ends in the same element
// ("x/alternatives") is told apart by its last "/" escaped (escapeID does
// so): /api/documents/x%2Falternatives is that document,
// /api/documents/x/alternatives the alternatives of x.
const alternativesSuffix = "/alternatives"

// documentOrAlternatives reads the path of /api/documents/*: the id, and
// whether the document's alternatives are asked for.
func documentOrAlternatives(c echo.Context, prefix string) (id string, alternatives bool, err error) {
	escaped, ok := strings.CutPrefix(c.Request().URL.EscapedPath(), prefix)
	if !ok {
		return "", false, &search.RequestError{Param: "id", Msg: "not a valid document id"}
	}
	escaped, alternatives = strings.CutSuffix(escaped, alternativesSuffix)
	id, err = unescapeID(escaped)
	return id, alternatives, err
}

func unescapeID(escaped string) (string, error) {
	id, err := url.PathUnescape(escaped)
	if err != nil || id == "" {
		return "", &search.RequestError{Param: "id", Msg: "not a valid document id"}
	}
	return id, nil
}

// escapeID escapes each element of a document id for a URL path. An id
// whose last element is "alternatives" has the "/" before it escaped too,
// so that its path is not read as another document's alternatives (see
// alternativesSuffix).
func escapeID(id string) string {
	parts := strings.Split(id, "/")
	for i, p := range parts {
		parts[i] = url.PathEscape(p)
	}
	escaped := strings.Join(parts, "/")
	if head, ok := strings.CutSuffix(escaped, alternativesSuffix); ok && head != "" {
		escaped = head + "%2F" + alternativesSuffix[1:]
	}
	return escaped
}

// docURL links a document page, at a section if anchor is given.
func docURL(id, ui string, anchor ...string) string {
	u := "/d/" + escapeID(id) + "?ui=" + url.QueryEscape(ui)
	if len(anchor) > 0 && anchor[0] != "" {
		u += "#" + url.PathEscape(anchor[0])
	}
	return u
}

// langURLs links the current page in each interface language. path is
// escaped already: a decoded one breaks at the first "#" or "?" in an id.
func langURLs(path string, q url.Values) map[string]string {
	out := map[string]string{}
	for _, l := range uiLanguages {
		v := with(q, "ui", l.Code)
		if path == "/" {
			out[l.Code] = pageURL(v)
		} else {
			out[l.Code] = path + "?" + v.Encode()
		}
	}
	return out
}

// with returns a copy of v with key set to value. A link that changes
// anything but the page goes to the first page: the one shown may not exist
// in the new results.
func with(v url.Values, key, value string) url.Values {
	out := url.Values{}
	for k, vs := range v {
		out[k] = append([]string(nil), vs...)
	}
	out.Set(key, value)
	if key != "page" {
		out.Del("page")
	}
	return out
}

// without returns v with one value of key removed, back on the first page.
func without(v url.Values, key, value string) url.Values {
	out := with(v, "page", "")
	out[key] = slices.DeleteFunc(out[key], func(s string) bool { return s == value })
	return out
}

// pageURL is the search page's URL for v. It drops from v, in place, each
// parameter whose only value is empty, so that with(v, "page", "") is the
// first page, linked without "page=".
func pageURL(v url.Values) string {
	for k, vs := range v {
		if len(vs) == 1 && vs[0] == "" {
			delete(v, k)
		}
	}
	if len(v) == 0 {
		return "/"
	}
	return "/?" + v.Encode()
}

// imageURL returns an image address the page can show: only absolute http(s)
// URLs; a site-relative path belongs to a site this server is not (index
// with --base-url to make them absolute).
func imageURL(s string) string {
	if u, err := url.Parse(s); err == nil && (u.Scheme == "https" || u.Scheme == "http") && u.Host != "" {
		return s
	}
	return ""
}

// linkURL returns a link the page may use for a document's url: absolute
// http(s) URLs only. A site-relative path would lead into this server, and
// javascript: or data: URLs are never links.
func linkURL(s string) string { return imageURL(s) }
