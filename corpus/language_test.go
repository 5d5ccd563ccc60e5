package corpus

import "testing"

func TestParseLanguage(t *testing.T) {
	for in, want := range map[string]string{"da": "da", "DA-dk": "da", "nb": "no", "no": "no", "Deutsch": "de", "en-GB": "en"} {
		if got, err := ParseLanguage(in); err != nil || got != want {
			t.Errorf("ParseLanguage(%q) = %q, %v", in, got, err)
		}
	}
	if _, err := ParseLanguage("fr"); err == nil {
		t.Error("fr accepted")
	}
}
