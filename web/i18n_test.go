package web

import (
	"strings"
	"testing"
)

func TestNegotiateUI(t *testing.T) {
	for h, want := range map[string]string{
		"nb-NO,nb;q=0.9": "no", "nn": "no", "no": "no", "da-DK": "da", "de-AT": "de",
		"en-US": "en", "fr-FR": "en", "": "en", "garbage;;": "en", "fr;q=0.9,da;q=0.8": "da",
	} {
		if got := negotiateUI(h); got != want {
			t.Errorf("negotiateUI(%q) = %s, want %s", h, got, want)
		}
	}
}

func TestFormatCount(t *testing.T) {
	for _, c := range []struct {
		ui   string
		n    any
		want string
	}{{"en", 1234567, "1,234,567"}, {"da", uint64(1234), "1.234"}, {"de", 12, "12"}, {"no", 12345, "12\u00a0345"}} {
		if got := formatCount(c.ui, c.n); got != c.want {
			t.Errorf("formatCount(%s, %v) = %q, want %q", c.ui, c.n, got, c.want)
		}
	}
}

// Every message has all four languages.
func TestMessagesComplete(t *testing.T) {
	for key, m := range messages {
		for _, l := range []string{"da", "no", "de", "en"} {
			if m[l] == "" {
				t.Errorf("message %q has no %s text", key, l)
			}
		}
	}
	for _, key := range []string{"have", "section", "inferred", "muscle", "equipment", "focus", "lang", "kind"} {
		if _, ok := messages[key]; !ok {
			t.Errorf("message %q is missing", key)
		}
	}
}

// Every interface message is in the four languages, with the same
// placeholders in each.
func TestMessages(t *testing.T) {
	for key, m := range messages {
		want := strings.Count(m["en"], "%")
		for _, l := range uiLanguages {
			if m[l.Code] == "" {
				t.Errorf("%s: no %s", key, l.Code)
			}
			if strings.Count(m[l.Code], "%") != want {
				t.Errorf("%s: %s has other placeholders than en", key, l.Code)
			}
		}
	}
}
