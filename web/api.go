package web

import (
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/exsearch/exsearch/search"
)

func (h *handlers) healthz(c echo.Context) error {
	return c.JSON(http.StatusOK, map[string]string{"status": "ok"})
}

// readyz answers 200 with the served index's metadata once an index is
// open, and 503 when none is.
func (h *handlers) readyz(c echo.Context) error {
	st, err := h.s.Status()
	if err != nil {
		return c.JSON(http.StatusServiceUnavailable, apiError{Error: "no index open"})
	}
	return c.JSON(http.StatusOK, map[string]any{
		"status":         "ready",
		"index":          st.Meta,
		"reloads":        st.Reloads,
		"index_age_secs": int64(time.Since(st.Built).Seconds()),
	})
}

func (h *handlers) apiSearch(c echo.Context) error {
	req, err := parseRequest(c.QueryParams(), "en")
	if err != nil {
		return err
	}
	res, err := h.s.Search(c.Request().Context(), req)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, res)
}

func (h *handlers) apiDocument(c echo.Context) error {
	id, err := url.PathUnescape(c.Param("*"))
	if err != nil || id == "" {
		return echo.NewHTTPError(http.StatusBadRequest, "id: not a valid document id")
	}
	d, err := h.s.Document(c.Request().Context(), id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, d)
}

// apiSuggest completes what a visitor is typing: q, and optionally ui (the
// labels' language) and prefer_lang.
func (h *handlers) apiSuggest(c echo.Context) error {
	v := c.QueryParams()
	for name, values := range v {
		switch name {
		case "q", "ui", "prefer_lang":
			if len(values) > 1 {
				return &search.RequestError{Param: name, Msg: "given more than once"}
			}
		default:
			if !strings.HasPrefix(name, "_") {
				return &search.RequestError{Param: name, Msg: "unknown parameter (known: q, ui, prefer_lang)"}
			}
		}
	}
	res, err := h.s.Suggest(c.Request().Context(), v.Get("q"), v.Get("ui"), v.Get("prefer_lang"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, res)
}
