package search

// Result is one page of a search.
type Result struct {
	Query  string                  `json:"query"`
	Total  uint64                  `json:"total"`
	Page   int                     `json:"page"`
	Size   int                     `json:"size"`
	Hits   []Hit                   `json:"hits"`
	Facets map[string][]FacetValue `json:"facets"`
	// Understood is what words of the query were read as facet values,
	// filters or boosts (see understand.go); empty when none were, or
	// when the request asked for the literal text.
	Understood []Understood `json:"understood"`
	// Corrected is the query with the words the index knows in no
	// language spelled as the nearest word of a title or facet name, for
	// "did you mean"; empty when there is nothing to correct.
	Corrected string `json:"corrected,omitempty"`
	// Limited names the words, as typed, that the search's work budget
	// looked up more narrowly than it plans to: as typos within fewer
	// edits, or not at all, or with fewer of the terms they are near, or
	// without a correction (see limit.go). Empty for all but costly
	// searches: a long text of misspelt words.
	Limited []string `json:"limited,omitempty"`
	// TookMS comes last: it is what differs between equal answers, and
	// the API's ETag is over what comes before it.
	TookMS float64 `json:"took_ms"`

	encoded *encoded // shared by a cached result's copies (encoded.go)
}

// Hit is one matching document.
type Hit struct {
	ID         string     `json:"id"`
	Lang       string     `json:"lang"`
	Kind       string     `json:"kind"`
	Title      string     `json:"title"`
	URL        string     `json:"url"`
	Excerpt    string     `json:"excerpt"`
	Image      string     `json:"image"`
	Score      float64    `json:"score"`
	Highlights Highlights `json:"highlights"`
	Muscle     []Value    `json:"muscle"`
	Equipment  []Value    `json:"equipment"`
	Focus      []Value    `json:"focus"`
	// Inferred names the facets whose values were inferred, not declared.
	Inferred []string `json:"inferred"`
	// Section is the part of the document the match is in, when the
	// document has headings: a link can go straight to it.
	Section *Section `json:"section,omitempty"`
}

// Section is a heading of a document and its anchor.
type Section struct {
	Heading string `json:"heading"`
	Anchor  string `json:"anchor"`
}

// Highlights are fragments of a hit's title and body with the matched words
// in <mark>. The text is HTML-escaped; only the <mark> tags are markup.
type Highlights struct {
	Title []string `json:"title"`
	Body  []string `json:"body"`
}

// Value is a facet value with its label in the interface language.
type Value struct {
	Value string `json:"value"`
	Label string `json:"label"`
}

// FacetValue is a facet value with the number of matching documents that
// have it, and whether the request selected it.
type FacetValue struct {
	Value    string `json:"value"`
	Label    string `json:"label"`
	Count    int    `json:"count"`
	Selected bool   `json:"selected"`
	// Parent is the value this one is a part of ("legs" for
	// "hamstrings"); its count includes this one's.
	Parent string `json:"parent,omitempty"`
}
