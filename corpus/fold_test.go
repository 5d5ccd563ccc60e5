package corpus

import (
	"testing"

	"github.com/exsearch/exsearch/corpus/jekyll"
)

func TestFold(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"Bænkpres", "baenkpres"},
		{"BAENK-PRES", "baenk pres"},
		{"Knæbøjning", "knaeboejning"},
		{"Bankdrücken", "bankdruecken"},
		{"Gesäß", "gesaess"},
		{"Øvre ryg", "oevre ryg"},
		{"  none (bodyweight exercise) ", "none bodyweight exercise"},
		{"Fiksér", "fikser"},
		{"e-z curl bar", "e z curl bar"},
		{"", ""},
		{"--", ""},
		{"ﬁtness", "fitness"},
		{"ＳＱＵＡＴ ｊｕｍｐ", "squat jump"},
		{"Kası", "kasi"},
		{"knæ\u200dbøj\u00adning\u200b", "knaeboejning"},
		{"\ufeffBænkpres", "baenkpres"},
	} {
		if got := Fold(c.in); got != c.want {
			t.Errorf("Fold(%q) = %q, want %q", c.in, got, c.want)
		}
	}
	for in, want := range map[string]string{"bænkpr": "baenkpr", "KNÆBØJNING": "knaeboejning", "fiksér": "fikser", "don't": "don't", "squat": "squat", "straße": "strasse", "ﬁtness": "fitness", "ｓｑｕａｔ": "squat", "ılık": "ilik", "squ\u2060at": "squat"} {
		if got := FoldWord(in); got != want {
			t.Errorf("FoldWord(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestNormalize(t *testing.T) {
	for in, want := range map[string]string{
		"squat": "squat", "Bænkpres": "Bænkpres", "Fikse\u0301r": "Fiksér", // NFD composed
		"ﬁtness": "fitness", "ﬂy": "fly", "ｓｑｕａｔ": "squat", "Ｋｎｉｅｂｅｕｇｅ": "Kniebeuge",
		"dıp": "dip", "squ\u200bat": "squat", "squ\u200cat": "squat", "squ\u200dat": "squat",
		"squ\u2060at": "squat", "Kurz\u00adhantel": "Kurzhantel", "\ufeffsquat": "squat",
	} {
		if got := Normalize(in); got != want {
			t.Errorf("Normalize(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestSlugs pins the three ways a name becomes an id-shaped string. They
// differ on purpose: Slug makes facet ids, compared folded (ø is oe);
// Jekyll's slugify filter (jekyll.Slugify) keeps every letter (ø stays ø),
// as the site's pages render it; a heading's anchor (jekyll.HeadingIDs) is
// kramdown's, which keeps ASCII letters only and drops everything up to
// the first one, so that url#anchor lands where the site put it.
func TestSlugs(t *testing.T) {
	for _, c := range []struct{ in, slug, slugify, anchor string }{
		{"Øvre ryg", "oevre-ryg", "øvre-ryg", "vre-ryg"},
		{"Hvordan træner du baglår?", "hvordan-traener-du-baglaar", "hvordan-træner-du-baglår", "hvordan-trner-du-baglr"},
		{"3 gode øvelser", "3-gode-oevelser", "3-gode-øvelser", "gode-velser"},
		{"Gesäß", "gesaess", "gesäß", "ges"},
		{"Fiksér", "fikser", "fiksér", "fiksr"},
		{"  --Front Squat!-- ", "front-squat", "front-squat", "front-squat---"},
		{"Don't stop", "don-t-stop", "don-t-stop", "dont-stop"},
		{"a_b.c", "a-b-c", "a-b-c", "abc"},
		{"e-z curl bar", "e-z-curl-bar", "e-z-curl-bar", "e-z-curl-bar"},
		{"!!!", "", "", "section"},
		{"", "", "", "section"},
	} {
		if got := Slug(c.in); got != c.slug {
			t.Errorf("Slug(%q) = %q, want %q", c.in, got, c.slug)
		}
		if got := jekyll.Slugify(c.in); got != c.slugify {
			t.Errorf("jekyll.Slugify(%q) = %q, want %q", c.in, got, c.slugify)
		}
		if got := (jekyll.HeadingIDs{}).ID(c.in); got != c.anchor {
			t.Errorf("jekyll.HeadingIDs.ID(%q) = %q, want %q", c.in, got, c.anchor)
		}
	}
}
