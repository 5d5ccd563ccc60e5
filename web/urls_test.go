package web

import "testing"

func TestLinkURL(t *testing.T) {
	for in, want := range map[string]string{
		"https://motionsplan.dk/x": "https://motionsplan.dk/x",
		"/oevelse/x":               "",
		"javascript:alert(1)":      "",
		"data:text/html,x":         "",
		"//evil.example/x":         "",
	} {
		if got := linkURL(in); got != want {
			t.Errorf("linkURL(%q) = %q, want %q", in, got, want)
		}
	}
}
