package web

import (
	"net/url"
	"testing"
)

// FuzzParseRequest: any query string parses to a request or an error that
// names a parameter, never a panic.
func FuzzParseRequest(f *testing.F) {
	for _, s := range []string{"q=squat&muscle=legs&page=2&size=5", "size=abc", "q=%ff", "muscle=a&muscle=b&equipment_mode=have", "&&==", "q=" + "x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		v, err := url.ParseQuery(raw)
		if err != nil {
			return
		}
		req, err := parseRequest(v, "en")
		if err != nil {
			if re, ok := err.(interface{ Error() string }); !ok || re.Error() == "" {
				t.Errorf("empty error for %q", raw)
			}
			return
		}
		_ = req
	})
}
