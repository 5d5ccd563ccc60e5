// Package corpus turns files on disk into Documents: the one shape every
// later stage (indexer, search, web) works with.
//
// A corpus directory may hold any mix of Jekyll front-matter pages, plain-text
// articles and dataset files (the wger fixtures, free-exercise-db). The reader
// for a file is chosen by its content, because real sites keep front-matter
// pages in .txt files and articles in .md files alike; only a .json file is
// known by its name (sniff.go). Load's two passes are described in load.go.
// What Jekyll does to a page (its front matter, its Liquid, the ids of its
// headings) is package corpus/jekyll's; this package says what a page's
// fields mean for a Document.
//
// Every Document has exactly one language (Lang) and canonical facet ids
// (Muscle, Equipment, Focus) from the Taxonomy; the raw values the source
// used are kept in Raw so that nothing is silently dropped.
package corpus

import "time"

// Kind says whether a document describes one exercise or is a free-text article.
type Kind string

const (
	KindExercise Kind = "exercise"
	KindArticle  Kind = "article"
)

// Kinds lists the kinds in display order.
var Kinds = []Kind{KindExercise, KindArticle}

// Document is one searchable unit: an exercise page, an article, or one
// translation of a dataset record.
type Document struct {
	// ID is stable and derived from the source: the corpus directory's name,
	// then the path inside it without extension (or the dataset folder and the
	// record's native id).
	ID   string `json:"id"`
	Lang string `json:"lang"`
	Kind Kind   `json:"kind"`

	Title        string   `json:"title"`
	AltTitles    []string `json:"alternative_titles,omitempty"`
	Excerpt      string   `json:"excerpt,omitempty"`
	Instructions string   `json:"instructions,omitempty"`
	// Body is plain text: Liquid has been rendered (or stripped), Markdown
	// and HTML reduced away.
	// Paragraphs are separated by blank lines.
	Body string `json:"body,omitempty"`
	// Sections is the body split at its headings; text before the first
	// heading is a section without a heading. Empty when the body has no
	// headings.
	Sections []Section `json:"sections,omitempty"`

	// Canonical facet ids (see Taxonomy). A raw value with no canonical id is
	// kept here as its slug, so that it stays findable.
	Muscle    []string `json:"muscle,omitempty"`
	Equipment []string `json:"equipment,omitempty"`
	Focus     []string `json:"focus,omitempty"`
	// Families are the exercise families (taxonomy exercise concepts) the
	// title and alternative titles name: "Front Squat" is a squat.
	Families []string `json:"families,omitempty"`
	// Concept is the exercise concept mined from the data this document
	// belongs to (see mine.go): the id shared by every document that
	// describes the same exercise, in any language; empty when no other
	// document does.
	Concept string `json:"concept,omitempty"`
	// Record names the source's exercise record when a source describes one
	// exercise in several documents (wger's translations of one exercise),
	// for mining concepts; it is not kept.
	Record string `json:"-"`
	// Inferred names the facets whose values were inferred from the title,
	// tags and categories because the source declared none.
	Inferred []string `json:"inferred,omitempty"`

	TrainingType []string `json:"training_type,omitempty"`
	Tags         []string `json:"tags,omitempty"`
	Categories   []string `json:"categories,omitempty"`

	URL      string    `json:"url,omitempty"`
	Image    string    `json:"image,omitempty"`
	Modified time.Time `json:"last_modified_at,omitzero"`

	// LangDetected is true when Lang came from language identification
	// rather than from the source.
	LangDetected bool `json:"lang_detected,omitempty"`

	// Raw holds the facet values exactly as the source wrote them, before
	// they were mapped to canonical ids.
	Raw RawFacets `json:"raw,omitzero"`

	// Source is the file the document was read from, relative to the
	// corpus directory's parent (for error messages and the summary).
	Source string `json:"source,omitempty"`
}

// RawFacets are a document's facet values as its source spelled them.
type RawFacets struct {
	Muscle    []string `json:"muscle,omitempty"`
	Equipment []string `json:"equipment,omitempty"`
	Focus     []string `json:"focus,omitempty"`
}

// Section is a part of a document's body under one heading.
type Section struct {
	Heading string `json:"heading,omitempty"`
	// Anchor is the id a Jekyll (kramdown) page gives the heading, so that
	// url#anchor lands on it.
	Anchor string `json:"anchor,omitempty"`
	Text   string `json:"text"`
}
