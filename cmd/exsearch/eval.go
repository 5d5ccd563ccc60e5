package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/peterbourgon/ff/v3/ffcli"

	"github.com/exsearch/exsearch/corpus"
	"github.com/exsearch/exsearch/indexer"
	"github.com/exsearch/exsearch/quality"
	"github.com/exsearch/exsearch/search"
)

func evalCmd(stdout io.Writer) *ffcli.Command {
	fs := flag.NewFlagSet("exsearch eval", flag.ContinueOnError)
	index := fs.String("index", "", "published index to evaluate (default: build one of --corpus)")
	baseline := fs.Bool("baseline", true, "also build and evaluate the plain-bleve baseline of --corpus")
	perQuery := fs.Bool("queries", false, "print every query's nDCG@10")
	var corpora stringsFlag
	fs.Var(&corpora, "corpus", "corpus directory to index for the evaluation (repeatable)")
	return &ffcli.Command{
		Name:       "eval",
		ShortUsage: "exsearch eval [--index DIR | --corpus DIR...] QRELS_FILE...",
		ShortHelp:  "measure ranking quality on judged queries",
		LongHelp: `Run the judged queries of the QRELS_FILEs (the format of ../shared/qrels:
group, visitor language, query, id=grade columns; several files are read as
one set) and print nDCG@10 and success@10 per query group, per visitor
language and overall, and list the queries with relevant documents that
found nothing.

With --corpus (as many as needed), exsearch indexes them itself, and with
--baseline (the default) also indexes them as plain bleve would, and prints
both side by side:

  exsearch eval --corpus ../shared/corpus --corpus ../shared/seeds ../shared/qrels/sample.tsv

Each query is run as its visitor would: in the visitor's language, top 10.`,
		FlagSet: fs,
		Options: envOptions,
		Exec: func(ctx context.Context, args []string) error {
			if len(args) == 0 {
				return errors.New("eval: name at least one QRELS_FILE")
			}
			judged, err := quality.ReadQrels(args...)
			if err != nil {
				return err
			}
			type run struct {
				name string
				dir  string
			}
			var runs []run
			if *index != "" {
				runs = append(runs, run{"exsearch", *index})
			} else {
				if len(corpora) == 0 {
					return errors.New("eval: give --index DIR or at least one --corpus DIR")
				}
				tmp, err := os.MkdirTemp("", "exsearch-eval-")
				if err != nil {
					return err
				}
				defer os.RemoveAll(tmp)
				var sources []corpus.Source
				for _, c := range corpora {
					s, err := corpus.Dir(c)
					if err != nil {
						return err
					}
					sources = append(sources, s)
				}
				kinds := []bool{false}
				if *baseline {
					kinds = []bool{true, false}
				}
				for _, plain := range kinds {
					name, dir := "exsearch", filepath.Join(tmp, "exsearch")
					if plain {
						name, dir = "plain-bleve", filepath.Join(tmp, "plain")
					}
					if _, err := indexer.Reindex(ctx, dir, sources, indexer.ReindexOptions{Plain: plain}); err != nil {
						return err
					}
					runs = append(runs, run{name, dir})
				}
			}
			var names []string
			var reports []*quality.Report
			for _, r := range runs {
				live, err := search.OpenLive(r.dir, search.LiveOptions{})
				if err != nil {
					return err
				}
				rep, err := quality.Evaluate(ctx, live, judged)
				live.Close()
				if err != nil {
					return err
				}
				names = append(names, r.name)
				reports = append(reports, rep)
			}
			quality.Compare(stdout, names, reports)
			if *perQuery {
				fmt.Fprintln(stdout)
				quality.PrintQueries(stdout, names, reports)
			}
			return nil
		},
	}
}

// stringsFlag collects a repeated string flag.
type stringsFlag []string

func (s *stringsFlag) String() string     { return fmt.Sprint([]string(*s)) }
func (s *stringsFlag) Set(v string) error { *s = append(*s, v); return nil }
