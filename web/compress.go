package web

import (
	"net/http"

	"github.com/klauspost/compress/gzhttp"
	"github.com/klauspost/compress/gzip"
	"github.com/labstack/echo/v4"
)

// Compression. Answers are compressed with klauspost/compress's gzhttp
// (gzip, or zstd for browsers that ask for it), at the fastest gzip level:
// on search answers it compresses nearly as well as the default level at a
// fraction of the CPU, and its encoder is several times faster than the
// standard library's, which echo's own Gzip middleware uses. Under load,
// compression was a sixth of the server's work.

// compress compresses answers of 1 KB and more for clients that accept it.
func compress() echo.MiddlewareFunc {
	wrap, err := gzhttp.NewWrapper(gzhttp.MinSize(1024), gzhttp.CompressionLevel(gzip.BestSpeed))
	if err != nil {
		panic(err) // the options are constant
	}
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) (err error) {
			// The handlers write through the compressing writer; what they
			// wrote is on the original response too (it is what gzhttp
			// writes to), which outer middleware and the error handler get
			// back, even after a panic.
			orig := c.Response()
			defer c.SetResponse(orig)
			wrap(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				c.SetRequest(r)
				c.SetResponse(echo.NewResponse(w, c.Echo()))
				err = next(c)
			})).ServeHTTP(orig, c.Request())
			return err
		}
	}
}
