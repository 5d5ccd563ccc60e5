package jekyll

import (
	"bytes"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"
)

// Jekyll front matter is a YAML mapping between a first line "---" and the
// next line "---" (or "..."), followed by the page body. Real sites write it
// loosely, so the reader is lenient where Jekyll is (anchors, a redefined
// anchor, empty lists spelled [], nothing or "- ", scalars where lists are
// expected, unknown keys) and precise where it has to fail: broken YAML and a
// missing closing line are errors with the line number in the file.
//
// The YAML is decoded into a node tree first, not into a struct: that keeps
// the reader in control of shapes (a title that is a list, a header that is a
// string) and of aliases, which it follows at most one level, so an alias
// bomb costs nothing.
//
// What a field means is the caller's business. A Page hands out any field
// as text (Text) or as a list (List), in the shapes Jekyll accepts, with
// an error on the field's line for a shape it does not; and it binds all
// of them, whatever they are, to Liquid's `page` when it renders its body
// (render.go).

// HasFrontMatter reports whether src opens with a front-matter delimiter.
func HasFrontMatter(src []byte) bool {
	line, _, _ := bytes.Cut(src, []byte("\n"))
	return string(bytes.TrimRight(line, " \t\r")) == "---"
}

// splitFrontMatter returns the YAML between the delimiters and the body after
// them, with the 1-based file line on which the body starts.
func splitFrontMatter(src []byte) (fm, body []byte, bodyLine int, err error) {
	rest := src
	_, rest, _ = bytes.Cut(rest, []byte("\n")) // the opening ---
	line := 2
	start := rest
	offset := 0
	for len(rest) > 0 {
		l, next, found := bytes.Cut(rest, []byte("\n"))
		t := string(bytes.TrimRight(l, " \t\r"))
		if t == "---" || t == "..." {
			return start[:offset], next, line + 1, nil
		}
		offset += len(l)
		if found {
			offset++
		}
		rest = next
		line++
	}
	return nil, nil, 0, errAtLine(1, "front matter: no closing '---' line")
}

// Page is a page read: its front matter's fields, and its body.
type Page struct {
	fields   map[string]*yaml.Node
	body     string // Markdown with Liquid, as in the file
	bodyLine int    // the file line body starts on
}

var yamlLine = regexp.MustCompile(`line (\d+)`)

// yamlError rewrites yaml's "line N" (counted within the front matter) into
// a file line and returns it as a LineError.
func yamlError(err error, firstLine int) error {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	line := firstLine
	msg = yamlLine.ReplaceAllStringFunc(msg, func(m string) string {
		n, _ := strconv.Atoi(yamlLine.FindStringSubmatch(m)[1])
		line = n + firstLine - 1
		return fmt.Sprintf("line %d", line)
	})
	msg = strings.ReplaceAll(msg, "unmarshal errors:\n  ", "")
	if m := yamlLine.FindStringSubmatch(msg); m != nil {
		// The line is reported in front of the message; do not repeat it.
		msg = strings.TrimSpace(strings.TrimPrefix(msg, m[0]+":"))
	}
	return &LineError{Line: line, Err: fmt.Errorf("front matter: %s", msg)}
}

// Parse reads a page with front matter. src must start with "---".
func Parse(src []byte) (*Page, error) {
	fm, body, bodyLine, err := splitFrontMatter(src)
	if err != nil {
		return nil, err
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(fm, &doc); err != nil {
		return nil, yamlError(err, 2)
	}
	p := &Page{fields: map[string]*yaml.Node{}, body: string(body), bodyLine: bodyLine}
	if len(doc.Content) > 0 {
		root := doc.Content[0]
		if root.Kind != yaml.MappingNode {
			return nil, errAtLine(root.Line+1, "front matter: want a mapping of fields, got %s", kindName(root))
		}
		for i := 0; i+1 < len(root.Content); i += 2 {
			// Later keys win, as in Jekyll.
			p.fields[root.Content[i].Value] = root.Content[i+1]
		}
	}
	return p, nil
}

// Has reports whether the front matter declares key, with any value, null
// and empty ones included.
func (p *Page) Has(key string) bool {
	_, ok := p.fields[key]
	return ok
}

// Line is the file line of key's value, or 0 when key is not declared.
func (p *Page) Line(key string) int {
	if n := p.fields[key]; n != nil {
		return n.Line + 1
	}
	return 0
}

// Text is key's value as text: "" when it is missing or null, the item of
// a one-item list, and an error on its line for a list of more or a
// mapping.
func (p *Page) Text(key string) (string, error) { return scalarField(p.fields[key], key) }

// List is key's values: a text is a one-item list; null, [] and empty
// items ("- ") are nothing. A mapping, or an item that is not text, is an
// error on its line.
func (p *Page) List(key string) ([]string, error) { return listField(p.fields[key], key) }

// Image is the page's picture, where Jekyll themes declare it (see
// firstImage).
func (p *Page) Image() string { return firstImage(p.fields) }

func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.SequenceNode:
		return "a list"
	case yaml.MappingNode:
		return "a mapping"
	case yaml.ScalarNode:
		return "text"
	}
	return "nothing"
}

// deref follows an alias to the node it names. Anchors are resolved by the
// YAML parser as they are met, so a redefined anchor refers to its latest
// definition, which is what Jekyll does.
func deref(n *yaml.Node) *yaml.Node {
	if n != nil && n.Kind == yaml.AliasNode {
		return n.Alias
	}
	return n
}

// scalarField returns a field's text. A missing or null field is "".
func scalarField(n *yaml.Node, key string) (string, error) {
	n = deref(n)
	if n == nil {
		return "", nil
	}
	switch n.Kind {
	case yaml.ScalarNode:
		if n.Tag == "!!null" {
			return "", nil
		}
		return n.Value, nil
	case yaml.SequenceNode:
		// A one-item list where text was expected is a common slip.
		if len(n.Content) == 1 {
			return scalarField(n.Content[0], key)
		}
		if len(n.Content) == 0 {
			return "", nil
		}
	}
	return "", errAtLine(n.Line+1, "front matter: %s: want text, got %s", key, kindName(n))
}

// listField returns a field's values. A scalar is a one-item list; null,
// [] and "- " items are empty.
func listField(n *yaml.Node, key string) ([]string, error) {
	n = deref(n)
	if n == nil {
		return nil, nil
	}
	switch n.Kind {
	case yaml.ScalarNode:
		if n.Tag == "!!null" || strings.TrimSpace(n.Value) == "" {
			return nil, nil
		}
		return []string{n.Value}, nil
	case yaml.SequenceNode:
		var out []string
		for i, item := range n.Content {
			item = deref(item)
			if item.Kind != yaml.ScalarNode {
				return nil, errAtLine(item.Line+1, "front matter: %s: item %d: want text, got %s", key, i+1, kindName(item))
			}
			if item.Tag == "!!null" || strings.TrimSpace(item.Value) == "" {
				continue
			}
			out = append(out, item.Value)
		}
		return out, nil
	}
	return nil, errAtLine(n.Line+1, "front matter: %s: want a list, got %s", key, kindName(n))
}

// firstImage picks the page's picture: the first gallery thumbnail, else the
// header's teaser or overlay image. Shapes that do not fit are ignored: an
// image is decoration, not a reason to reject a page.
func firstImage(fields map[string]*yaml.Node) string {
	if g := deref(fields["gallery"]); g != nil && g.Kind == yaml.SequenceNode {
		for _, item := range g.Content {
			for _, k := range []string{"image_path", "url"} {
				if v := mappingText(deref(item), k); v != "" {
					return v
				}
			}
		}
	}
	if h := deref(fields["header"]); h != nil {
		for _, k := range []string{"teaser", "overlay_image", "image"} {
			if v := mappingText(h, k); v != "" {
				return v
			}
		}
	}
	if v, _ := scalarField(fields["image"], "image"); v != "" {
		return v
	}
	return ""
}

func mappingText(m *yaml.Node, key string) string {
	if m == nil || m.Kind != yaml.MappingNode {
		return ""
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			v := deref(m.Content[i+1])
			if v.Kind == yaml.ScalarNode && v.Tag != "!!null" {
				return strings.TrimSpace(v.Value)
			}
		}
	}
	return ""
}

var timeLayouts = []string{
	time.RFC3339,
	"2006-01-02 15:04:05 -0700",
	"2006-01-02 15:04:05 -07:00",
	"2006-01-02 15:04:05",
	"2006-01-02T15:04:05",
	"2006-01-02 15:04",
	"2006-01-02",
}

// ParseTime reads a front-matter date in the forms Jekyll sites write:
// RFC 3339, "2006-01-02 15:04:05 -0700" and shorter, down to a day. The
// time is in UTC.
func ParseTime(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	for _, l := range timeLayouts {
		if t, err := time.Parse(l, s); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, fmt.Errorf("%q is not a date (want e.g. 2016-12-07T18:08:39Z)", s)
}
