package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/peterbourgon/ff/v3/ffcli"

	"github.com/exsearch/exsearch/corpus"
	"github.com/exsearch/exsearch/synth"
)

func genCorpusCmd(stdout io.Writer) *ffcli.Command {
	fs := flag.NewFlagSet("exsearch gen-corpus", flag.ContinueOnError)
	docs := fs.Int("docs", 10000, "number of documents")
	out := fs.String("out", "", "directory to write them into (must not exist)")
	queries := fs.String("queries", "", "also write the benchmark query log's queries (synth/queries.tsv, mixed, one a line) to this file")
	return &ffcli.Command{
		Name:       "gen-corpus",
		ShortUsage: "exsearch gen-corpus --docs N --out DIR SOURCE_CORPUS_DIR...",
		ShortHelp:  "write a synthetic corpus for benchmarks",
		LongHelp: `Write N synthetic exercise pages and articles into DIR as Jekyll front-matter
files, a thousand to a folder, by recombining the text and facets of the source
corpora (e.g. ../shared/corpus) in all four languages. The same N always gives
the same documents. Then:

  exsearch gen-corpus --docs 100000 --out /tmp/synth ../shared/corpus
  exsearch reindex --index /tmp/synth-ix /tmp/synth`,
		FlagSet: fs,
		Options: envOptions,
		Exec: func(ctx context.Context, args []string) error {
			if *out == "" || len(args) == 0 {
				return errors.New("gen-corpus: give --out DIR and at least one SOURCE_CORPUS_DIR")
			}
			if *docs <= 0 {
				return fmt.Errorf("gen-corpus: --docs must be positive, got %d", *docs)
			}
			if _, err := os.Stat(*out); err == nil {
				return fmt.Errorf("gen-corpus: %s exists; give a new directory", *out)
			}
			var sources []corpus.Source
			for _, a := range args {
				s, err := corpus.Dir(a)
				if err != nil {
					return err
				}
				sources = append(sources, s)
			}
			start := time.Now()
			pool, _, err := corpus.Load(ctx, sources, corpus.Options{})
			if err != nil {
				return err
			}
			g, err := synth.New(pool, corpus.DefaultTaxonomy())
			if err != nil {
				return err
			}
			if err := g.Write(*out, *docs); err != nil {
				return err
			}
			if *queries != "" {
				if err := os.WriteFile(*queries, []byte(strings.Join(synth.Queries(0), "\n")+"\n"), 0o644); err != nil {
					return err
				}
			}
			fmt.Fprintf(stdout, "wrote %d documents into %s in %s\n", *docs, *out, time.Since(start).Round(time.Millisecond))
			return nil
		},
	}
}
