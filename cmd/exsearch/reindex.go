package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/url"
	"os"
	"sort"
	"strings"
	"text/tabwriter"

	"github.com/peterbourgon/ff/v3/ffcli"

	"github.com/exsearch/exsearch/corpus"
	"github.com/exsearch/exsearch/indexer"
	"github.com/exsearch/exsearch/search"
)

func reindexCmd(stdout io.Writer) *ffcli.Command {
	fs := flag.NewFlagSet("exsearch reindex", flag.ContinueOnError)
	index := fs.String("index", "", "index directory to publish into (required)")
	strict := fs.Bool("strict", false, "fail if any corpus file cannot be read")
	taxonomy := fs.String("taxonomy", "", "taxonomy file merged over the built-in one")
	dryRun := fs.Bool("dry-run", false, "read and check the corpus, but build and publish nothing")
	asJSON := fs.Bool("json", false, "print the summary as JSON")
	maxFile := fs.Int64("max-file-size", corpus.DefaultMaxFileSize, "largest corpus file read, in bytes")
	baseURL := fs.String("base-url", "", "site address put in front of site-relative page and image paths (e.g. https://motionsplan.dk)")
	progressMode := fs.String("progress", "auto", "progress on stderr: bar, log (a line every few seconds), none, or auto (a bar on a terminal, else log)")
	keep := fs.Int("keep", indexer.DefaultKeep, "index generations to keep (the current one included)")
	plain := fs.Bool("plain", false, "build the plain-bleve baseline instead (bleve's stock analyzers, as \"exsearch eval\" does), to compare speed and memory on the same files")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile of the run to this file (for go tool pprof)")
	return &ffcli.Command{
		Name:       "reindex",
		ShortUsage: "exsearch reindex --index DIR [flags] CORPUS_DIR...",
		ShortHelp:  "build an index of corpus directories and publish it",
		LongHelp: `Read every file in the corpus directories, build a new index, and publish it
atomically into DIR. A server serving DIR switches to the new index without a
restart; it never sees a half-built one, and a failed build leaves the previous
index in place. Before it is published, the new index is read back: its files'
checksums, an open and a few queries (what "exsearch verify" does). Of older
generations, --keep are kept in all (the current one included); "exsearch
rollback" goes back to one.

Files are read by content: Jekyll front-matter pages, plain-text articles,
wger fixtures and free-exercise-db JSON. A file that cannot be read is
reported with the reason and skipped (with --strict, the run fails). Document
ids start with the corpus directory's name: "reindex --index ix ../shared/corpus"
gives ids like corpus/motionsplan/_exercises/…

Exit status: 0 on success, 1 on failure.`,
		FlagSet: fs,
		Options: envOptions,
		Exec: func(ctx context.Context, args []string) error {
			if *index == "" && !*dryRun {
				return errors.New("reindex: --index DIR is required")
			}
			if len(args) == 0 {
				return errors.New("reindex: name at least one CORPUS_DIR")
			}
			if *baseURL != "" {
				if u, err := url.Parse(*baseURL); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
					return fmt.Errorf("--base-url: want an http(s) address like https://example.com, got %q", *baseURL)
				}
			}
			prog, err := newProgress(*progressMode, os.Stderr)
			if err != nil {
				return err
			}
			stopProfile, err := startCPUProfile(*cpuProfile)
			if err != nil {
				return err
			}
			defer stopProfile()
			var sources []corpus.Source
			for _, a := range args {
				s, err := corpus.Dir(a)
				if err != nil {
					return err
				}
				sources = append(sources, s)
			}
			opts := indexer.ReindexOptions{
				Load:    corpus.Options{MaxFileSize: *maxFile, BaseURL: *baseURL, Progress: prog.files},
				Build:   indexer.BuildOptions{Progress: prog.indexed},
				Publish: indexer.PublishOptions{Keep: *keep, Check: search.Verify},
				Strict:  *strict,
				DryRun:  *dryRun,
				Plain:   *plain,
				Corpora: args,
			}
			if *taxonomy != "" {
				t, err := corpus.LoadTaxonomy(*taxonomy)
				if err != nil {
					return err
				}
				opts.Load.Taxonomy = t
			}
			sum, err := indexer.Reindex(ctx, *index, sources, opts)
			prog.done()
			if sum != nil {
				if *asJSON {
					printSummaryJSON(stdout, sum, err)
				} else {
					printSummary(stdout, sum, *index)
				}
			}
			return err
		},
	}
}

func printSummary(w io.Writer, sum *indexer.Summary, dir string) {
	r := sum.Report
	if sum.Generation != "" {
		fmt.Fprintf(w, "indexed %d documents from %d files in %s (reading %s, indexing %s; peak memory %s)\n",
			r.Total(), r.Files, sum.Total.Round(1e6), sum.Load.Round(1e6), sum.Index.Round(1e6), formatBytes(peakRSS()))
		fmt.Fprintf(w, "published %s into %s\n\n", sum.Generation, dir)
	} else {
		fmt.Fprintf(w, "read %d documents from %d files in %s; nothing published\n\n", r.Total(), r.Files, sum.Load.Round(1e6))
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "language\texercise\tarticle\ttotal\t")
	var te, ta int
	for _, lang := range corpus.Languages {
		e, a := r.Docs[lang][corpus.KindExercise], r.Docs[lang][corpus.KindArticle]
		te, ta = te+e, ta+a
		fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t\n", lang, e, a, e+a)
	}
	fmt.Fprintf(tw, "total\t%d\t%d\t%d\t\n", te, ta, te+ta)
	tw.Flush()

	fmt.Fprintf(w, "\nskipped: %d\n", len(r.Problems))
	for _, p := range r.Problems {
		fmt.Fprintf(w, "  %v\n", p)
	}
	if len(r.Warnings) > 0 {
		fmt.Fprintf(w, "warnings: %d\n", len(r.Warnings))
		for _, p := range r.Warnings {
			fmt.Fprintf(w, "  %v\n", p)
		}
	}
	if len(r.Ignored) > 0 {
		fmt.Fprintf(w, "ignored (not corpus content): %s\n", strings.Join(r.Ignored, ", "))
	}
	if len(r.Inferred) > 0 {
		fmt.Fprintf(w, "facets inferred from titles, tags and categories (none declared): %s\n", countList(r.Inferred))
	}
	if n := r.Concepts["concepts"]; n > 0 {
		by := map[string]int{}
		for k, v := range r.Concepts {
			if k != "concepts" {
				by[k] = v
			}
		}
		fmt.Fprintf(w, "exercise concepts mined (documents of one exercise, across languages): %d, joined by %s\n", n, countList(by))
	}
	if len(r.OtherLanguages) > 0 {
		fmt.Fprintf(w, "dataset records in languages exsearch does not index: %s\n", countList(r.OtherLanguages))
	}
	if len(r.Unmapped) == 0 {
		fmt.Fprintln(w, "unmapped facet values: none")
	} else {
		fmt.Fprintln(w, "unmapped facet values (kept as they are; add them to a --taxonomy file):")
		for _, f := range corpus.FacetNames {
			if m := r.Unmapped[f]; len(m) > 0 {
				fmt.Fprintf(w, "  %s: %s\n", f, countList(m))
			}
		}
	}
}

// countList prints "a 3, b 2, c 1", largest first.
func countList(m map[string]int) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if m[keys[i]] != m[keys[j]] {
			return m[keys[i]] > m[keys[j]]
		}
		return keys[i] < keys[j]
	})
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = fmt.Sprintf("%s %d", k, m[k])
	}
	return strings.Join(parts, ", ")
}

func printSummaryJSON(w io.Writer, sum *indexer.Summary, runErr error) {
	type problem struct {
		Path   string `json:"path"`
		Line   int    `json:"line,omitempty"`
		Reason string `json:"reason"`
	}
	conv := func(ps []*corpus.Problem) []problem {
		out := []problem{}
		for _, p := range ps {
			out = append(out, problem{Path: p.Path, Line: p.Line, Reason: p.Err.Error()})
		}
		return out
	}
	out := map[string]any{
		"ok":               runErr == nil,
		"generation":       sum.Generation,
		"documents":        sum.Report.Total(),
		"files":            sum.Report.Files,
		"docs":             sum.Report.Docs,
		"skipped":          conv(sum.Report.Problems),
		"warnings":         conv(sum.Report.Warnings),
		"ignored":          sum.Report.Ignored,
		"other_languages":  sum.Report.OtherLanguages,
		"unmapped":         sum.Report.Unmapped,
		"inferred":         sum.Report.Inferred,
		"concepts":         sum.Report.Concepts,
		"seconds":          sum.Total.Seconds(),
		"reading_seconds":  sum.Load.Seconds(),
		"indexing_seconds": sum.Index.Seconds(),
		"peak_rss_bytes":   peakRSS(),
	}
	if runErr != nil {
		out["error"] = runErr.Error()
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.Encode(out)
}
