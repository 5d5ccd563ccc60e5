package web

import (
	"net/url"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/exsearch/exsearch/search"
)

// Document ids are paths ("corpus/motionsplan/_exercises/x"), and a file's
// name is kept in its id as it is: "100% effort.md" gives "x/100% effort".
// They travel in the path of /d/{id} and /api/documents/{id} with each
// element escaped (escapeID), and are read back from the request's escaped
// path, unescaped exactly once (documentID). Echo's path parameter will not
// do: it is the decoded path when the URL is escaped the default way and the
// escaped one otherwise, so unescaping it again turned the link of an id
// with a "%" into a 400.

// documentID is the id in the request's path after prefix.
func documentID(c echo.Context, prefix string) (string, error) {
	escaped, ok := strings.CutPrefix(c.Request().URL.EscapedPath(), prefix)
	if !ok {
		return "", &search.RequestError{Param: "id", Msg: "not a valid document id"}
	}
	id, err := url.PathUnescape(escaped)
	if err != nil || id == "" {
		return "", &search.RequestError{Param: "id", Msg: "not a valid document id"}
	}
	return id, nil
}

// escapeID escapes each element of a document id for a URL path.
func escapeID(id string) string {
	parts := strings.Split(id, "/")
	for i, p := range parts {
		parts[i] = url.PathEscape(p)
	}
	return strings.Join(parts, "/")
}

// docURL links a document page, at a section if anchor is given.
func docURL(id, ui string, anchor ...string) string {
	u := "/d/" + escapeID(id) + "?ui=" + url.QueryEscape(ui)
	if len(anchor) > 0 && anchor[0] != "" {
		u += "#" + url.PathEscape(anchor[0])
	}
	return u
}
