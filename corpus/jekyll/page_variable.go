package jekyll

import "go.yaml.in/yaml/v3"

// Jekyll binds a page's front matter to the Liquid variable `page`, as the
// values YAML gives: strings, numbers, booleans, dates, lists and mappings.
// The front matter reader keeps yaml's node tree (see frontmatter.go), so the
// tree is turned into plain values here, under the reader's own rules: an
// alias is followed one level only (an alias inside what an alias names is
// nothing), a list or mapping holds at most MaxListItems items, and the
// whole variable at most maxPageValues values, a text at most maxPageText
// bytes (a template may compare or search a text once per tag, so long
// texts make short templates slow). A front matter that breaks a rule is
// not bound at all: RenderBody strips the body's Liquid instead of
// rendering it with a page that is not the page Jekyll would see.

const (
	// MaxListItems bounds a list, or a mapping's keys, in the page
	// variable. It is corpus.MaxListItems, the limit on a document's lists
	// (a test there keeps the two equal).
	MaxListItems = 200
	// maxPageValues bounds the values in a page variable, aliases counted
	// as often as they are used. Real pages have well under a hundred.
	maxPageValues = 10_000
	// maxPageDepth bounds how deeply mappings and lists nest in it.
	maxPageDepth = 32
	// maxPageText bounds one text in it. Real values are a few hundred
	// bytes; an excerpt or instructions a few thousand.
	maxPageText = 64 << 10
)

// pageVariable returns the front matter's fields as Liquid's `page`.
func pageVariable(fields map[string]*yaml.Node) (map[string]any, error) {
	c := &pageConverter{}
	out := make(map[string]any, len(fields))
	for key, n := range fields {
		v, err := c.value(key, n, 0, false)
		if err != nil {
			return nil, err
		}
		out[key] = v
	}
	return out, nil
}

type pageConverter struct{ values int }

// value converts n, found under key (for errors); inAlias says n is part
// of what an alias names, whose own aliases are not followed.
func (c *pageConverter) value(key string, n *yaml.Node, depth int, inAlias bool) (any, error) {
	if n == nil {
		return nil, nil
	}
	if c.values++; c.values > maxPageValues {
		return nil, errAtLine(n.Line+1, "front matter: more than %d values in all (aliases counted where used)", maxPageValues)
	}
	if depth > maxPageDepth {
		return nil, errAtLine(n.Line+1, "front matter: %s: nested more than %d levels deep", key, maxPageDepth)
	}
	switch n.Kind {
	case yaml.AliasNode:
		if inAlias || n.Alias == nil {
			return nil, nil
		}
		return c.value(key, n.Alias, depth, true)
	case yaml.ScalarNode:
		if len(n.Value) > maxPageText {
			return nil, errAtLine(n.Line+1, "front matter: %s is %d bytes, the limit for Liquid is %d", key, len(n.Value), maxPageText)
		}
		return scalarValue(n), nil
	case yaml.SequenceNode:
		if len(n.Content) > MaxListItems {
			return nil, errAtLine(n.Line+1, "front matter: %s has %d items, the limit is %d", key, len(n.Content), MaxListItems)
		}
		out := make([]any, 0, len(n.Content))
		for _, item := range n.Content {
			v, err := c.value(key, item, depth+1, inAlias)
			if err != nil {
				return nil, err
			}
			out = append(out, v)
		}
		return out, nil
	case yaml.MappingNode:
		return c.mapping(key, n, depth, inAlias)
	case yaml.DocumentNode:
		if len(n.Content) == 1 {
			return c.value(key, n.Content[0], depth, inAlias)
		}
	}
	return nil, nil
}

// mapping converts a mapping. Keys that are not text are left out, later
// keys win, and merge keys ("<<: *defaults") fill in what is not set.
func (c *pageConverter) mapping(key string, n *yaml.Node, depth int, inAlias bool) (map[string]any, error) {
	if len(n.Content)/2 > MaxListItems {
		return nil, errAtLine(n.Line+1, "front matter: %s has %d keys, the limit is %d", key, len(n.Content)/2, MaxListItems)
	}
	out := map[string]any{}
	var merged []map[string]any
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if k.Kind != yaml.ScalarNode {
			continue
		}
		val, err := c.value(key+"."+k.Value, v, depth+1, inAlias)
		if err != nil {
			return nil, err
		}
		if k.Tag == "!!merge" {
			merged = append(merged, mergeSources(val)...)
			continue
		}
		out[k.Value] = val
	}
	for _, m := range merged {
		for k, v := range m {
			if _, set := out[k]; !set {
				out[k] = v
			}
		}
	}
	return out, nil
}

// mergeSources are the mappings a merge key names: one, or a list of them.
func mergeSources(v any) []map[string]any {
	switch v := v.(type) {
	case map[string]any:
		return []map[string]any{v}
	case []any:
		var out []map[string]any
		for _, item := range v {
			if m, ok := item.(map[string]any); ok {
				out = append(out, m)
			}
		}
		return out
	}
	return nil
}

// scalarValue gives a scalar the Go type of its YAML type. Strings, by far
// the most common, are taken as they are; other tags are decoded by yaml.
func scalarValue(n *yaml.Node) any {
	switch n.Tag {
	case "!!str", "":
		return n.Value
	case "!!null":
		return nil
	}
	var v any
	if err := n.Decode(&v); err != nil {
		return n.Value
	}
	return v
}
