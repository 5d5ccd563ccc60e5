package corpus

import (
	"fmt"
	"slices"
	"strings"
)

// Finishing a document happens as soon as its claim comes up: a file's own
// documents as the file is used, in walk order, and the dataset records'
// once every file is read and the fixtures are joined (they come after the
// files in claim order, ids.go). It gives each id to its first claimant; it rejects documents over the limits
// (limits.go); and it fills in what a source left out: the language
// (detected when none is declared), an excerpt, absolute URLs, canonical
// and inferred facets (taxonomy.go, infer.go). What it sees is counted in
// the Report: documents by language and kind, unmapped raw values,
// inferred facets.

// pending is a document read but not yet finished.
type pending struct {
	doc     Document
	srcPath string // the file, for problems
	// record names the dataset record within the file the document came
	// from ("record 3 (\"Sit-Up\")"); empty for a document that is a file.
	record string
}

// place says where p came from, for a reader of the report.
func (p *pending) place() string {
	if p.record == "" {
		return p.srcPath
	}
	return p.srcPath + ", " + p.record
}

// finish assigns p's language, excerpt and canonical facets and returns
// its document, or reports it and returns nil. Each id goes to its first
// claimant: a later one is reported with both places and skipped, so a
// duplicate, crafted or not, never removes the document that had the id.
// Documents come in claim order (ids.go): the files' own as the files are
// read, then the dataset records' (Stream).
func (l *loader) finish(p *pending) *Document {
	if first, taken := l.owner[p.doc.ID]; taken {
		what := ""
		if p.record != "" {
			what = p.record + ": "
		}
		l.lateProblem(p.srcPath, fmt.Errorf("%sdocument id %s is already taken by %s; not indexed", what, p.doc.ID, first))
		return nil
	}
	l.owner[p.doc.ID] = p.place()
	d := &p.doc
	d.Source = p.srcPath
	if err := checkLimits(d); err != nil {
		l.lateProblem(p.srcPath, err)
		return nil
	}
	if d.Lang == "" {
		lang, err := l.opts.Detector.Detect(detectionSample(d))
		if err != nil {
			l.lateProblem(p.srcPath, err)
			return nil
		}
		d.Lang, d.LangDetected = lang, true
	}
	d.URL = l.absolute(d.URL)
	d.Image = l.absolute(d.Image)
	if d.Excerpt == "" {
		d.Excerpt = Summary(firstNonEmpty(d.Instructions, d.Body), 240)
	}
	l.reportUnmapped(d)
	l.opts.Taxonomy.Complete(d, !l.opts.NoInference)
	for _, f := range d.Inferred {
		l.report.Inferred[f]++
	}
	if l.report.Docs[d.Lang] == nil {
		l.report.Docs[d.Lang] = map[Kind]int{}
	}
	l.report.Docs[d.Lang][d.Kind]++
	return d
}

// lateProblem reports a document skipped while finishing it; such problems
// follow those of reading the files.
func (l *loader) lateProblem(p string, err error) {
	l.late = append(l.late, problemAt(p, err))
}

// absolute joins a site-relative path to the base URL, if one is set.
func (l *loader) absolute(u string) string {
	if l.opts.BaseURL == "" || !strings.HasPrefix(u, "/") || strings.HasPrefix(u, "//") {
		return u
	}
	return strings.TrimRight(l.opts.BaseURL, "/") + u
}

// reportUnmapped counts the raw values of d that the taxonomy does not know
// and does not ignore: facet values, tags and categories.
func (l *loader) reportUnmapped(d *Document) {
	tax := l.opts.Taxonomy
	count := func(facet, raw string) {
		if l.report.Unmapped[facet] == nil {
			l.report.Unmapped[facet] = map[string]int{}
		}
		l.report.Unmapped[facet][raw]++
	}
	for facet, raws := range map[string][]string{"muscle": d.Raw.Muscle, "equipment": d.Raw.Equipment, "focus": d.Raw.Focus} {
		for _, r := range raws {
			if _, ok, ignored := tax.Facet(facet).Resolve(r); !ok && !ignored && Slug(r) != "" {
				count(facet, r)
			}
		}
	}
	for _, v := range append(slices.Clone(d.Tags), d.Categories...) {
		if len(tax.ResolveAny(v)) == 0 && !tax.IgnoredTag(v) {
			count("tags", v)
		}
	}
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if strings.TrimSpace(s) != "" {
			return s
		}
	}
	return ""
}
