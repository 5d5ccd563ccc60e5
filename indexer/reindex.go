package indexer

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strings"
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

// Reindex reads the sources, builds an index of them and publishes it into
// dir. The documents are spooled to disk as they are read, not kept, and
// read back as the build indexes them (spool.go), so memory does not grow
// with the corpus's text. The summary is returned even when the run fails
// after reading, so the caller can show what was wrong.
func Reindex(ctx context.Context, dir string, sources []corpus.Source, opts ReindexOptions) (*Summary, error) {
	start := time.Now()
	if opts.Plain {
		opts.Load.NoInference = true
	}
	tax := taxonomyOrDefault(opts.Load.Taxonomy)
	var sp *spool
	each := func(*corpus.Document) error { return nil }
	if !opts.DryRun {
		var err error
		if sp, err = newSpool(dir); err != nil {
			return nil, err
		}
		defer sp.close()
		each = func(d *corpus.Document) error { return sp.add(d, tax) }
	}
	restoreGC := func() {}
	if !opts.Plain {
		restoreGC = readingGC(&opts.Load, opts.Build)
	}
	report, err := corpus.Stream(ctx, sources, opts.Load, each)
	restoreGC()
	if err != nil {
		return nil, err
	}
	sum := &Summary{Report: report, Load: time.Since(start)}
	if opts.Strict && len(report.Problems) > 0 {
		return sum, &StrictError{Problems: report.Problems}
	}
	if report.Total() == 0 {
		return sum, fmt.Errorf("no documents to index: refusing to publish an empty index")
	}
	if opts.DryRun {
		sum.Total = time.Since(start)
		return sum, nil
	}
	titles, err := sp.finish()
	if err != nil {
		return sum, err
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
		Labels:      sp.labels.labels(),
		Skipped:     len(report.Problems),
	}
	for lang, kinds := range report.Docs {
		meta.Docs[lang] = map[string]int{}
		for k, n := range kinds {
			meta.Docs[lang][string(k)] = n
		}
	}
	opts.Build.Taxonomy = tax
	opts.Build.Index.Plain = opts.Plain
	if !opts.Plain {
		opts.Build.Index.Dictionaries = sp.words.dictionary(tax)
	}
	sp.words = dictionaryWords{}
	if report.Mined != nil {
		opts.Build.Concepts = report.Mined.Names
	}
	indexStart := time.Now()
	gen, err := Publish(ctx, dir, func(path string) error {
		meta.BuildSeconds = time.Since(start).Seconds()
		return build(ctx, path, titles, mined(report.Mined, sp.batches), meta, opts.Build)
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

// readingGC runs the garbage collector while the files are read as a build
// runs it: at BuildOptions.GCPercent, under BuildOptions.MemoryLimit, by
// default the limit of a build of as many documents as there are files
// (MemoryLimit), set once Stream has listed them (load's Progress). It
// returns what restores the settings it found. Reading allocates much (YAML
// nodes, Markdown trees) but keeps little: at the runtime's 100% the
// collector ran every few megabytes and took a fifth of reading's CPU. The
// limit grows with the files, as what reading keeps of each does, so that a
// large corpus is not collected more often than at 100%. Plain bleve's
// reading keeps the runtime's settings, as its build does.
func readingGC(load *corpus.Options, opts BuildOptions) (restore func()) {
	percent, limit := opts.GCPercent, opts.MemoryLimit
	if percent == 0 {
		percent = 400
	}
	var undo []func()
	if percent > 0 {
		old := debug.SetGCPercent(percent)
		undo = append(undo, func() { debug.SetGCPercent(old) })
	}
	if limit >= 0 && os.Getenv("GOMEMLIMIT") == "" {
		first := limit
		if first == 0 {
			first = MemoryLimit(0) // until the files are listed
		}
		old := debug.SetMemoryLimit(first)
		undo = append(undo, func() { debug.SetMemoryLimit(old) })
		if limit == 0 {
			progress, sized := load.Progress, false
			load.Progress = func(p corpus.Progress) {
				if !sized {
					sized = true
					debug.SetMemoryLimit(MemoryLimit(p.TotalFiles))
				}
				if progress != nil {
					progress(p)
				}
			}
		}
	}
	return func() {
		for _, f := range undo {
			f()
		}
	}
}

// labelSet remembers how a facet value the taxonomy does not know was
// spelled, so the API can show "Bildæk" rather than its slug (Meta.Labels).
// It gathers them document by document, in any order: of several spellings
// of a value, that of the document first in id order wins.
type labelSet struct {
	first map[string]map[string]labelFrom
}

type labelFrom struct{ raw, id string }

func (l *labelSet) add(d *corpus.Document, tax *corpus.Taxonomy) {
	add := func(facet string, ids, raws []string) {
		for _, r := range raws {
			s := corpus.Slug(r)
			if !slices.Contains(ids, s) || tax.Facet(facet).Term(s) != nil {
				continue
			}
			if l.first == nil {
				l.first = map[string]map[string]labelFrom{}
			}
			if l.first[facet] == nil {
				l.first[facet] = map[string]labelFrom{}
			}
			if had, ok := l.first[facet][s]; !ok || d.ID < had.id {
				l.first[facet][strings.Clone(s)] = labelFrom{strings.Clone(r), strings.Clone(d.ID)}
			}
		}
	}
	add("muscle", d.Muscle, d.Raw.Muscle)
	add("equipment", d.Equipment, d.Raw.Equipment)
	add("focus", d.Focus, d.Raw.Focus)
}

func (l *labelSet) labels() map[string]map[string]string {
	out := map[string]map[string]string{}
	for facet, m := range l.first {
		out[facet] = map[string]string{}
		for s, f := range m {
			out[facet][s] = f.raw
		}
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

// mined gives next's documents with what mining decided of them, which it
// could decide only once every document was read (corpus.Mined).
func mined(m *corpus.Mined, next batches) batches {
	return func(size int, yield func([]corpus.Document) error) error {
		return next(size, func(docs []corpus.Document) error {
			for i := range docs {
				m.Apply(&docs[i])
			}
			return yield(docs)
		})
	}
}
