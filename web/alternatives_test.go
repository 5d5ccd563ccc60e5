package web_test

import (
	"strings"
	"testing"

	"github.com/exsearch/exsearch/search"
)

const squatID = "corpus/motionsplan/_exercises/bulgarian-split-squat-39"

// TestAlternativesPage: an exercise's page lists its alternatives, with why,
// in each interface language, and the "I have" picker filters them by the
// equipment in the URL and shows that choice checked.
func TestAlternativesPage(t *testing.T) {
	srv := startServer(t)
	headings := map[string]string{"da": "Alternativer", "no": "Alternativer", "de": "Alternativen", "en": "Alternatives"}
	same := map[string]string{"da": "Samme", "no": "Samme", "de": "Gleiche", "en": "Same"}
	for ui, h := range headings {
		page := getDoc(t, srv, "/d/"+squatID+"?ui="+ui)
		if got := strings.TrimSpace(page.Find("#alternatives").Text()); got != h {
			t.Errorf("ui=%s: heading %q, want %q", ui, got, h)
		}
		items := page.Find(".alternatives-list li")
		if items.Length() == 0 {
			t.Fatalf("ui=%s: no alternatives", ui)
		}
		if because := items.First().Find(".because").Text(); !strings.Contains(because, same[ui]) {
			t.Errorf("ui=%s: reason %q does not say what is the same (%q)", ui, because, same[ui])
		}
		if href, _ := items.First().Find("a").Attr("href"); !strings.HasPrefix(href, "/d/") || !strings.Contains(href, "ui="+ui) {
			t.Errorf("ui=%s: alternative links %q", ui, href)
		}
	}

	// I have dumbbells: the choice is in the URL, checked, and every
	// alternative needs dumbbells or nothing.
	page := getDoc(t, srv, "/d/"+squatID+"?ui=da&equipment=dumbbell")
	if !page.Find(`.have input[name=equipment][value=dumbbell]`).Is("[checked]") {
		t.Error("the equipment chosen is not checked")
	}
	if page.Find(`.have input[name=equipment][value=barbell]`).Is("[checked]") {
		t.Error("equipment not chosen is checked")
	}
	if action, _ := page.Find("form.have").Attr("action"); action != "/d/"+squatID+"#alternatives" {
		t.Errorf("the picker submits to %q", action)
	}
	var api search.Alternatives
	getJSON(t, srv, "/api/documents/"+squatID+"/alternatives?equipment=dumbbell&prefer_lang=da&ui=da", 200, &api)
	if n := page.Find(".alternatives-list li").Length(); n != len(api.Hits) || n == 0 {
		t.Errorf("the page lists %d alternatives, the API %d", n, len(api.Hits))
	}
	for _, h := range api.Hits {
		for _, e := range h.Equipment {
			if e.Value != "dumbbell" && e.Value != "bodyweight" {
				t.Errorf("%s needs %s", h.ID, e.Value)
			}
		}
	}

	// An article has no alternatives section.
	if n := getDoc(t, srv, "/d/"+articleID+"?ui=en").Find(".alternatives").Length(); n != 0 {
		t.Errorf("an article's page has %d alternatives sections", n)
	}
	// Bad parameters are named.
	for _, q := range []string{"size=-1", "equipment_mode=all", "ui=fr", "colour=red"} {
		status, body, _ := get(t, srv, "/api/documents/"+squatID+"/alternatives?"+q)
		param, _, _ := strings.Cut(q, "=")
		if status != 400 || !strings.Contains(body, `"param":"`+param+`"`) {
			t.Errorf("%s: %d %.120s, want a 400 naming %s", q, status, body, param)
		}
	}
}
