package indexer

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"time"

	"github.com/exsearch/exsearch/corpus"
)

// ReindexOptions configure Reindex.
type ReindexOptions struct {
	Load    corpus.Options
	Build   BuildOptions
	Publish PublishOptions
	// Strict makes any unreadable corpus file fail the run.
	Strict bool
	// DryRun loads and checks the corpus but builds and publishes nothing.
	DryRun bool
	// Corpora are the directory names to record in the metadata; nil means
	// the sources' names.
	Corpora []string
	// Fingerprint is recorded in the metadata (see corpus.DefaultFingerprint).
	Fingerprint string
	// Plain builds the baseline index: bleve's stock analyzers, declared
	// facets only (see Options.Plain).
	Plain bool
}

// Summary is what a reindex did.
type Summary struct {
	Report     *corpus.Report
	Generation string // "" for a dry run
	Path       string
	Load       time.Duration
	Index      time.Duration
	Total      time.Duration
}

// StrictError is returned under Strict when files were skipped.
type StrictError struct{ Problems []*corpus.Problem }

func (e *StrictError) Error() string {
	return fmt.Sprintf("%d corpus file(s) could not be read (--strict): first: %v", len(e.Problems), e.Problems[0])
}

// Reindex loads the sources, builds an index of them and publishes it into
// dir. The summary is returned even when the run fails after loading, so the
// caller can show what was wrong.
func Reindex(ctx context.Context, dir string, sources []corpus.Source, opts ReindexOptions) (*Summary, error) {
	start := time.Now()
	if opts.Plain {
		opts.Load.NoInference = true
	}
	docs, report, err := corpus.Load(ctx, sources, opts.Load)
	if err != nil {
		return nil, err
	}
	sum := &Summary{Report: report, Load: time.Since(start)}
	if opts.Strict && len(report.Problems) > 0 {
		return sum, &StrictError{Problems: report.Problems}
	}
	if len(docs) == 0 {
		return sum, fmt.Errorf("no documents to index: refusing to publish an empty index")
	}
	if opts.DryRun {
		sum.Total = time.Since(start)
		return sum, nil
	}
	corpora := opts.Corpora
	if corpora == nil {
		for _, s := range sources {
			corpora = append(corpora, s.Name)
		}
	}
	meta := Meta{
		Corpora:     corpora,
		Fingerprint: opts.Fingerprint,
		Docs:        map[string]map[string]int{},
		Labels:      unmappedLabels(docs, taxonomyOrDefault(opts.Load.Taxonomy)),
		Skipped:     len(report.Problems),
	}
	for lang, kinds := range report.Docs {
		meta.Docs[lang] = map[string]int{}
		for k, n := range kinds {
			meta.Docs[lang][string(k)] = n
		}
	}
	opts.Build.Taxonomy = taxonomyOrDefault(opts.Load.Taxonomy)
	opts.Build.Index.Plain = opts.Plain
	if !opts.Plain {
		opts.Build.Index.Dictionaries = Dictionary(docs, opts.Build.Taxonomy)
	}
	indexStart := time.Now()
	gen, err := Publish(ctx, dir, func(path string) error {
		meta.BuildSeconds = time.Since(start).Seconds()
		return Build(ctx, path, docs, meta, opts.Build)
	}, opts.Publish)
	if err != nil {
		return sum, err
	}
	sum.Generation = gen
	sum.Path = filepath.Join(dir, gen)
	sum.Index = time.Since(indexStart)
	sum.Total = time.Since(start)
	return sum, nil
}

// unmappedLabels remembers how a facet value the taxonomy does not know was
// spelled, so the API can show "Bildæk" rather than its slug.
func unmappedLabels(docs []corpus.Document, tax *corpus.Taxonomy) map[string]map[string]string {
	out := map[string]map[string]string{}
	add := func(facet string, ids, raws []string) {
		for _, r := range raws {
			s := corpus.Slug(r)
			if !slices.Contains(ids, s) || tax.Facet(facet).Term(s) != nil {
				continue
			}
			if out[facet] == nil {
				out[facet] = map[string]string{}
			}
			if _, ok := out[facet][s]; !ok {
				out[facet][s] = r
			}
		}
	}
	for i := range docs {
		d := &docs[i]
		add("muscle", d.Muscle, d.Raw.Muscle)
		add("equipment", d.Equipment, d.Raw.Equipment)
		add("focus", d.Focus, d.Raw.Focus)
	}
	return out
}

func taxonomyOrDefault(t *corpus.Taxonomy) *corpus.Taxonomy {
	if t == nil {
		return corpus.DefaultTaxonomy()
	}
	return t
}

// Exists reports whether dir holds a published index.
func Exists(dir string) bool {
	_, err := os.Lstat(filepath.Join(dir, currentLink))
	return err == nil
}
