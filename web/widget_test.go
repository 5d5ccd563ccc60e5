package web

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"regexp"
	"testing"
)

// widgetBudget is what the widget may weigh, script and stylesheet
// gzipped, as the issue asks: it loads on other sites' every page.
const widgetBudget = 15 * 1024

func gzipped(t *testing.T, b []byte) int {
	t.Helper()
	var buf bytes.Buffer
	w, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	if _, err := w.Write(b); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Len()
}

func TestWidgetSize(t *testing.T) {
	js, css := gzipped(t, widgetScript.body), gzipped(t, assets["widget.css"].body)
	t.Logf("widget.js %d B (%d B gzipped), widget.css %d B (%d B gzipped): %d B gzipped in all",
		len(widgetScript.body), js, len(assets["widget.css"].body), css, js+css)
	if js+css > widgetBudget {
		t.Errorf("the widget weighs %d B gzipped, over its budget of %d B", js+css, widgetBudget)
	}
}

// The served script has the messages in each language, in that language:
// none missing (which would show the English one) and no placeholder left.
func TestWidgetMessages(t *testing.T) {
	m := regexp.MustCompile(`var MESSAGES = (\{.*\});`).FindSubmatch(widgetScript.body)
	if m == nil {
		t.Fatal("no MESSAGES in the served widget.js")
	}
	var byUI map[string]map[string]string
	if err := json.Unmarshal(m[1], &byUI); err != nil {
		t.Fatalf("MESSAGES: %v", err)
	}
	for _, l := range uiLanguages {
		for _, k := range widgetKeys {
			if messages[k][l.Code] == "" {
				t.Errorf("message %q has no %s", k, l.Code)
			}
			if got := byUI[l.Code][k]; got != messages[k][l.Code] {
				t.Errorf("widget message %s/%s = %q, want %q", l.Code, k, got, messages[k][l.Code])
			}
		}
	}
	if byUI["da"]["placeholder"] == byUI["en"]["placeholder"] {
		t.Error("the Danish placeholder is the English one")
	}
	for _, p := range []string{"/*messages*/", "/*css*/"} {
		if bytes.Contains(widgetScript.body, []byte(p)) {
			t.Errorf("the served widget.js still has %s", p)
		}
	}
	if !bytes.Contains(widgetScript.body, []byte(`"/widget.css?v=`+assets["widget.css"].hash+`"`)) {
		t.Error("the served widget.js does not link the stylesheet by its fingerprint")
	}
}

// The widget puts data into the page only as text: no innerHTML,
// insertAdjacentHTML, document.write or eval, anywhere.
func TestWidgetInsertsText(t *testing.T) {
	for _, bad := range []string{"innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function", "setAttribute(\"style"} {
		if bytes.Contains(assets["widget.js"].body, []byte(bad)) {
			t.Errorf("widget.js uses %s", bad)
		}
	}
}
