package corpus

// Report is what Load saw: counts, and every file it could not use.
type Report struct {
	Files int `json:"files"` // files read
	// Docs counts documents by language, then kind.
	Docs map[string]map[Kind]int `json:"docs"`
	// Problems are files or records that were skipped, with the reason.
	Problems []*Problem `json:"-"`
	// Warnings are things that were wrong but did not stop a document
	// from being indexed.
	Warnings []*Problem `json:"-"`
	// Ignored are files that are not corpus content (README, hidden files).
	Ignored []string `json:"ignored,omitempty"`
	// Unmapped counts raw facet values the taxonomy does not know, by facet.
	Unmapped map[string]map[string]int `json:"unmapped,omitempty"`
	// OtherLanguages counts dataset records in languages exsearch does not index.
	OtherLanguages map[string]int `json:"other_languages,omitempty"`
	// Inferred counts documents that had a facet inferred, by facet.
	Inferred map[string]int `json:"inferred,omitempty"`
	// Concepts counts the exercise concepts mined from the data (see
	// mine.go): "concepts" in all, and those each kind of evidence joined.
	Concepts map[string]int `json:"concepts,omitempty"`
	// Mined is what mining decided, for documents given before it could
	// (Stream): Mined.Apply completes each.
	Mined *Mined `json:"-"`
}

// Total returns the number of documents loaded.
func (r *Report) Total() int {
	n := 0
	for _, kinds := range r.Docs {
		for _, c := range kinds {
			n += c
		}
	}
	return n
}
