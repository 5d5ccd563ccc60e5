package corpus

import (
	"fmt"
	"slices"
	"sort"
	"strings"
)

// The finishing pass runs once every file is read and the fixtures are
// joined. It puts the pending documents in claim order (ids.go) and gives
// each id to its first claimant; it rejects documents over the limits
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

// finish assigns languages, excerpts and canonical facets, and gives each
// id to its first claimant: a later one is reported with both places and
// skipped, so a duplicate, crafted or not, never removes the document that
// had the id (ids.go gives the order).
func (l *loader) finish() []Document {
	// Files were read, and fixtures joined, in claim order; only the
	// records read from files have to move behind the files' own documents.
	fromRecord := func(p pending) int {
		if p.record != "" {
			return 1
		}
		return 0
	}
	slices.SortStableFunc(l.docs, func(a, b pending) int { return fromRecord(a) - fromRecord(b) })
	owner := map[string]*pending{}
	var out []Document
	for i := range l.docs {
		p := &l.docs[i]
		if first, taken := owner[p.doc.ID]; taken {
			what := ""
			if p.record != "" {
				what = p.record + ": "
			}
			l.problem(p.srcPath, fmt.Errorf("%sdocument id %s is already taken by %s; not indexed", what, p.doc.ID, first.place()))
			continue
		}
		owner[p.doc.ID] = p
		d := p.doc
		d.Source = p.srcPath
		if err := checkLimits(&d); err != nil {
			l.problem(p.srcPath, err)
			continue
		}
		if d.Lang == "" {
			lang, err := l.opts.Detector.Detect(detectionSample(&d))
			if err != nil {
				l.problem(p.srcPath, err)
				continue
			}
			d.Lang, d.LangDetected = lang, true
		}
		d.URL = l.absolute(d.URL)
		d.Image = l.absolute(d.Image)
		if d.Excerpt == "" {
			d.Excerpt = Summary(firstNonEmpty(d.Instructions, d.Body), 240)
		}
		l.reportUnmapped(&d)
		l.opts.Taxonomy.Complete(&d, !l.opts.NoInference)
		for _, f := range d.Inferred {
			l.report.Inferred[f]++
		}
		if l.report.Docs[d.Lang] == nil {
			l.report.Docs[d.Lang] = map[Kind]int{}
		}
		l.report.Docs[d.Lang][d.Kind]++
		out = append(out, d)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
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
