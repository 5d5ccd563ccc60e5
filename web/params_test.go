package web

import (
	"errors"
	"net/url"
	"strings"
	"testing"

	"github.com/exsearch/exsearch/search"
)

// TestParamsCheck: each endpoint refuses a parameter it does not take and a
// single-valued one given twice, naming it; cache busters pass everywhere,
// campaign tags where a search is. /api/facets once took ui twice.
func TestParamsCheck(t *testing.T) {
	for _, c := range []struct {
		name  string
		p     params
		query string
		param string // the parameter the error names; "" for none
		msg   string // what the error says
	}{
		{"search", searchParams, "q=squat&muscle=legs&muscle=glutes&page=2&size=5&ui=da&prefer_lang=da&equipment_mode=have", "", ""},
		{"search busters and tags", searchParams, "q=x&_=123&utm_source=mail", "", ""},
		{"search q twice", searchParams, "q=a&q=b", "q", "given more than once"},
		{"search misspelt facet", searchParams, "muscles=hamstrings", "muscles",
			"unknown parameter (known: q, page, size, ui, prefer_lang, equipment_mode, understand, muscle, equipment, focus, lang, kind)"},
		{"suggest", suggestParams, "q=sq&ui=de&prefer_lang=de&_=1", "", ""},
		{"suggest size", suggestParams, "q=sq&size=3", "size", "unknown parameter (known: q, ui, prefer_lang)"},
		{"suggest tag", suggestParams, "q=sq&utm_source=mail", "utm_source", "unknown parameter (known: q, ui, prefer_lang)"},
		{"suggest ui twice", suggestParams, "q=sq&ui=de&ui=da", "ui", "given more than once"},
		{"facets", facetsParams, "ui=da&_=1", "", ""},
		{"facets q", facetsParams, "q=x", "q", "unknown parameter (known: ui)"},
		{"facets ui twice", facetsParams, "ui=da&ui=de", "ui", "given more than once"},
	} {
		v, err := url.ParseQuery(c.query)
		if err != nil {
			t.Fatal(err)
		}
		err = c.p.check(v)
		var re *search.RequestError
		switch {
		case c.param == "" && err != nil:
			t.Errorf("%s: %v", c.name, err)
		case c.param == "":
		case !errors.As(err, &re):
			t.Errorf("%s: error %v, want one naming %s", c.name, err, c.param)
		case re.Param != c.param || !strings.Contains(re.Msg, c.msg):
			t.Errorf("%s: error %+v, want %s: %s", c.name, re, c.param, c.msg)
		}
	}
}
