package web

import (
	_ "embed"
	"net/http"

	"github.com/labstack/echo/v4"
)

// The API's description, written by hand and checked against real answers
// by a test (openapi_test.go): every endpoint, every required field, every
// error shape.
//
//go:embed openapi.json
var openAPIDocument []byte

func (h *handlers) openAPI(c echo.Context) error {
	c.Response().Header().Set("Cache-Control", "public, max-age=3600")
	return c.Blob(http.StatusOK, "application/json", openAPIDocument)
}
