package jekyll

import (
	"encoding/json"
	"fmt"
	"html"
	"net/url"
	"strings"
	"time"
	"unicode"

	"github.com/osteele/liquid/expressions"
	"github.com/osteele/liquid/render"
	"github.com/osteele/liquid/values"
)

// Jekyll adds tags and filters to Liquid. The ones pages use in their text
// are defined here, as far as they make sense without the rest of the site:
//
//   - include, include_cached and include_relative insert a file from the
//     site's _includes (galleries, video embeds, feature rows: the theme's
//     chrome), which is not part of the corpus; they render nothing, and
//     read nothing, so a page cannot make its reader open a file.
//   - link and post_url give the URL of another page, which is not text a
//     reader reads (a Markdown link keeps its words); seo and feed_meta
//     write <head> tags. They render nothing.
//   - highlight keeps its code, as a <pre> block.
//   - The filters a page body uses on its own front matter (where,
//     where_exp, group_by, array_to_sentence_string, slugify, date_to_string,
//     …) work as in Jekyll; those that turn text into HTML or URLs
//     (markdownify, relative_url, …) return their input, since the body is
//     reduced to text afterwards anyway.
//
// A tag or filter not named here (a plugin's) fails the render, and the
// page's Liquid is stripped instead.

// jekyllEmptyTags render nothing.
var jekyllEmptyTags = []string{"include", "include_cached", "include_relative", "link", "post_url", "seo", "feed_meta"}

// jekyllFilters are Jekyll's filters, by name.
var jekyllFilters = map[string]any{
	"where":     whereFilter,
	"where_exp": whereExpFilter,
	"group_by":  groupByFilter,
	"array_to_sentence_string": func(a []any, connector func(string) string) string {
		return sentence(a, connector("and"))
	},
	"push":    func(a []any, v any) []any { return append(append([]any{}, a...), v) },
	"unshift": func(a []any, v any) []any { return append([]any{v}, a...) },
	"pop": func(a []any) []any {
		if len(a) == 0 {
			return a
		}
		return a[:len(a)-1]
	},
	"shift": func(a []any) []any {
		if len(a) == 0 {
			return a
		}
		return a[1:]
	},
	"jsonify": func(v any) (string, error) {
		b, err := json.Marshal(v)
		return string(b), err
	},
	"slugify":              Slugify,
	"normalize_whitespace": normalizeWhitespace,
	"number_of_words":      func(s string) int { return len(strings.Fields(s)) },
	"xml_escape":           html.EscapeString,
	"cgi_escape":           url.QueryEscape,
	"uri_escape":           url.PathEscape,
	"markdownify":          func(s string) string { return s },
	"smartify":             func(s string) string { return s },
	"relative_url":         func(s string) string { return s },
	"absolute_url":         func(s string) string { return s },
	"date_to_string":       func(t time.Time) string { return t.Format("02 Jan 2006") },
	"date_to_long_string":  func(t time.Time) string { return t.Format("02 January 2006") },
	"date_to_xmlschema":    func(t time.Time) string { return t.Format(time.RFC3339) },
	"date_to_rfc822":       func(t time.Time) string { return t.Format(time.RFC1123Z) },
}

// property is item's value for a property name, as Liquid reads item.name.
func property(item any, name string) any {
	return values.ValueOf(item).PropertyValue(values.ValueOf(name)).Interface()
}

// whereFilter keeps the items whose property is value, or holds it when
// the property is a list; values compare as text, as in Jekyll.
func whereFilter(a []any, name string, value any) []any {
	want := fmt.Sprint(value)
	out := []any{}
	for _, item := range a {
		p := property(item, name)
		list, ok := p.([]any)
		if !ok {
			list = []any{p}
		}
		for _, v := range list {
			if v != nil && fmt.Sprint(v) == want {
				out = append(out, item)
				break
			}
		}
	}
	return out
}

// whereExpFilter keeps the items for which expr, with the item bound to
// name, is true: {{ site.posts | where_exp: "post", "post.url != page.url" }}.
func whereExpFilter(a []any, name string, expr expressions.Closure) ([]any, error) {
	out := []any{}
	for _, item := range a {
		v, err := expr.Bind(name, item).Evaluate()
		if err != nil {
			return nil, err
		}
		if v != nil && v != false {
			out = append(out, item)
		}
	}
	return out, nil
}

// groupByFilter groups items by a property, in the order groups appear.
func groupByFilter(a []any, name string) []any {
	var out []any
	index := map[string]map[string]any{}
	for _, item := range a {
		key := fmt.Sprint(property(item, name))
		g := index[key]
		if g == nil {
			g = map[string]any{"name": key, "items": []any{}, "size": 0}
			index[key] = g
			out = append(out, g)
		}
		g["items"] = append(g["items"].([]any), item)
		g["size"] = g["size"].(int) + 1
	}
	return out
}

// sentence joins items as English prose does: "a, b, and c".
func sentence(a []any, connector string) string {
	s := make([]string, len(a))
	for i, v := range a {
		s[i] = fmt.Sprint(v)
	}
	switch len(s) {
	case 0:
		return ""
	case 1:
		return s[0]
	case 2:
		return s[0] + " " + connector + " " + s[1]
	}
	return strings.Join(s[:len(s)-1], ", ") + ", " + connector + " " + s[len(s)-1]
}

// Slugify is Jekyll's slugify filter in its default mode: lower case,
// every run of characters other than letters and digits one dash, no dash
// at either end. It keeps every letter as it is ("Øvre ryg" is
// "øvre-ryg"), because it must render a page's text as the site shows it.
// corpus.Slug makes facet ids instead, which are compared folded, and so
// spells the letters out ("oevre-ryg"); the two are kept apart on purpose.
// A heading's anchor is a third thing again (HeadingIDs).
func Slugify(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(r)
			continue
		}
		dash = true
	}
	return b.String()
}

// normalizeWhitespace is Jekyll's normalize_whitespace: every run of white
// space one space, none at either end. A byte that is not UTF-8 becomes
// U+FFFD, as everywhere text is reduced (string([]rune(s)) does that).
func normalizeWhitespace(s string) string {
	return strings.Join(strings.Fields(string([]rune(s))), " ")
}

// highlightBlock renders Jekyll's {% highlight lang %}…{% endhighlight %}:
// the code, as a preformatted block, escaped so that it stays text.
func highlightBlock(ctx render.Context) (string, error) {
	code, err := renderCapped(ctx, MaxOutputBytes)
	if err != nil {
		return "", err
	}
	return "\n<pre><code>" + html.EscapeString(strings.Trim(code, "\n")) + "</code></pre>\n", nil
}
