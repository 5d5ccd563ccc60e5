package web

import (
	"net"
	"net/http"
	"net/netip"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"
)

// origin is the scheme and host that the page's absolute URLs start with.
// Without Options.PublicURL the Host header is taken at its word, but only
// if it is a host name or address with a port a URL can have: Go's server
// lets through names such as "a'b" or "x.example:99999", and a page must
// not hand a crawler or a cache URLs that cannot be. Else the address the
// request came in on stands in.
func (h *handlers) origin(c echo.Context) string {
	if h.publicURL != "" {
		return h.publicURL
	}
	r := c.Request()
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	host := r.Host
	if !validHost(host) {
		host = ""
		if a, ok := r.Context().Value(http.LocalAddrContextKey).(net.Addr); ok {
			host = a.String()
		}
	}
	return scheme + "://" + host
}

// validHost reports whether hostport is a DNS name (RFC 1123 labels), an
// IPv4 address or a bracketed IPv6 address, with an optional port 1–65535.
func validHost(hostport string) bool {
	host, port := hostport, ""
	if i := strings.LastIndexByte(hostport, ':'); i >= 0 && !strings.HasSuffix(hostport, "]") {
		host, port = hostport[:i], hostport[i+1:]
		if n, err := strconv.Atoi(port); err != nil || n < 1 || n > 65535 || port[0] == '0' || port[0] == '+' {
			return false
		}
	}
	if strings.HasPrefix(host, "[") && strings.HasSuffix(host, "]") {
		a, err := netip.ParseAddr(host[1 : len(host)-1])
		return err == nil && a.Is6() && a.Zone() == ""
	}
	if _, err := netip.ParseAddr(host); err == nil {
		return !strings.Contains(host, ":") // an IPv6 address needs its brackets
	}
	if host == "" || len(host) > 253 {
		return false
	}
	for _, label := range strings.Split(strings.TrimSuffix(host, "."), ".") {
		if label == "" || len(label) > 63 || label[0] == '-' || label[len(label)-1] == '-' {
			return false
		}
		for i := 0; i < len(label); i++ {
			b := label[i]
			if !('a' <= b && b <= 'z' || 'A' <= b && b <= 'Z' || '0' <= b && b <= '9' || b == '-') {
				return false
			}
		}
	}
	return true
}
