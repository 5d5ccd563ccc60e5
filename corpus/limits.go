package corpus

import "fmt"

// Limits keep one bad file from taking the run's memory or time, and every
// one of them is reported by name when a file breaks it. The file size is
// checked as a file is read (readLimited); the others when its documents
// are finished (checkLimits). Rendering a page's Liquid has bounds of its
// own (package jekyll), set so that what it renders fits in these.

const (
	// DefaultMaxFileSize bounds a single corpus file. The largest real
	// dataset file (wger's translations) is about 3 MB.
	DefaultMaxFileSize = 16 << 20
	// MaxTitleBytes bounds a title and each alternative title.
	MaxTitleBytes = 1000
	// MaxTextBytes bounds a document's excerpt, instructions and body
	// together, as text.
	MaxTextBytes = 2 << 20
	// MaxListItems bounds each of a document's lists (tags, equipment, …).
	MaxListItems = 200
)

// checkLimits rejects a document whose fields break the limits.
func checkLimits(d *Document) error {
	if n := len(d.Title); n > MaxTitleBytes {
		return fmt.Errorf("%s: title is %d bytes, the limit is %d", d.ID, n, MaxTitleBytes)
	}
	for _, a := range d.AltTitles {
		if n := len(a); n > MaxTitleBytes {
			return fmt.Errorf("%s: an alternative title is %d bytes, the limit is %d", d.ID, n, MaxTitleBytes)
		}
	}
	if n := len(d.Excerpt) + len(d.Instructions) + len(d.Body); n > MaxTextBytes {
		return fmt.Errorf("%s: text is %d bytes, the limit is %d", d.ID, n, MaxTextBytes)
	}
	for name, l := range map[string][]string{"tags": d.Tags, "categories": d.Categories, "alternative_titles": d.AltTitles,
		"muscle_group": d.Raw.Muscle, "equipment": d.Raw.Equipment, "training_focus": d.Raw.Focus} {
		if len(l) > MaxListItems {
			return fmt.Errorf("%s: %s has %d items, the limit is %d", d.ID, name, len(l), MaxListItems)
		}
	}
	return nil
}
