package corpus

import (
	"bytes"
	"errors"
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

// hasFrontMatter reports whether src opens with a front-matter delimiter.
func hasFrontMatter(src []byte) bool {
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

// page is a front-matter file's content before it becomes a Document.
type page struct {
	fields   map[string]*yaml.Node
	title    string
	alt      []string
	excerpt  string
	instr    string
	body     string // Markdown with Liquid, as in the file
	bodyLine int    // the file line body starts on
	language string
	kind     string
	url      string
	image    string
	modified time.Time
	muscle   []string
	equip    []string
	focus    []string
	ttype    []string
	tags     []string
	cats     []string
	warnings []error
}

var yamlLine = regexp.MustCompile(`line (\d+)`)

// yamlError rewrites yaml's "line N" (counted within the front matter) into
// a file line and returns it as a lineError.
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
	return &lineError{line: line, err: fmt.Errorf("front matter: %s", msg)}
}

// parsePage reads a front-matter file. src must start with "---".
func parsePage(src []byte) (*page, error) {
	fm, body, bodyLine, err := splitFrontMatter(src)
	if err != nil {
		return nil, err
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(fm, &doc); err != nil {
		return nil, yamlError(err, 2)
	}
	p := &page{fields: map[string]*yaml.Node{}}
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
	var errs []error
	text := func(key string) string {
		s, err := scalarField(p.fields[key], key)
		if err != nil {
			errs = append(errs, err)
		}
		return s
	}
	list := func(keys ...string) []string {
		var out []string
		for _, key := range keys {
			l, err := listField(p.fields[key], key)
			if err != nil {
				errs = append(errs, err)
			}
			out = append(out, l...)
		}
		return out
	}
	p.title = cleanInline(text("title"))
	p.alt = cleanList(list("alternative_titles", "alternative_title"))
	p.excerpt = text("excerpt")
	p.instr = text("instructions")
	p.language = text("language")
	p.kind = text("kind")
	p.url = text("permalink")
	p.muscle = cleanList(list("muscle_group", "muscle_groups"))
	p.equip = cleanList(list("equipment"))
	p.focus = cleanList(list("training_focus"))
	p.ttype = cleanList(list("training_type"))
	p.tags = cleanList(list("tags"))
	p.cats = cleanList(list("categories", "category"))
	p.image = firstImage(p.fields)
	if ts := text("last_modified_at"); ts != "" {
		p.modified, err = parseTime(ts)
		if err != nil {
			p.warnings = append(p.warnings, errAtLine(p.fields["last_modified_at"].Line+1, "last_modified_at: %v", err))
		}
	} else if ts := text("date"); ts != "" {
		p.modified, _ = parseTime(ts)
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	p.body, p.bodyLine = string(body), bodyLine
	return p, nil
}

// isExercise decides an untyped page's kind by the fields it declares: only
// exercise pages describe muscles, equipment, focus or instructions.
func (p *page) isExercise() bool {
	switch strings.ToLower(p.kind) {
	case "exercise":
		return true
	case "article", "post":
		return false
	}
	for _, k := range []string{"muscle_group", "equipment", "training_focus", "instructions", "training_type"} {
		if _, ok := p.fields[k]; ok {
			return true
		}
	}
	return false
}

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

func parseTime(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	for _, l := range timeLayouts {
		if t, err := time.Parse(l, s); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, fmt.Errorf("%q is not a date (want e.g. 2016-12-07T18:08:39Z)", s)
}

// cleanInline strips Liquid and folds white space in a one-line value.
func cleanInline(s string) string { return collapseSpace(StripLiquid(s)) }

// cleanList cleans every value and drops the ones that end up empty, and
// repeats (tags often repeat a category).
func cleanList(in []string) []string {
	var out []string
	seen := map[string]bool{}
	for _, v := range in {
		v = cleanInline(v)
		if v == "" || seen[v] {
			continue
		}
		seen[v] = true
		out = append(out, v)
	}
	return out
}
