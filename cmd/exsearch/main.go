// Command exsearch is a multilingual full-text search engine for training
// exercises (Danish, Norwegian, German, English).
//
// Usage:
//
//	exsearch serve   [flags]                      serve the search page and JSON API
//	exsearch reindex --index DIR [flags] CORPUS_DIR...  build and publish an index
//	exsearch verify  --index DIR                  check every index generation
//	exsearch rollback --index DIR [GEN]           serve an older generation again
//	exsearch search  [flags] QUERY...             search from the terminal
//	exsearch eval    [flags] QRELS_FILE           measure ranking quality
//	exsearch analytics [flags]                    what visitors search for and click
//	exsearch gen-corpus --docs N --out DIR SRC... write a synthetic corpus
//	exsearch health  [--addr HOST:PORT]           exit 0 if the server is ready (container health checks)
//	exsearch version                              print the version
//
// With no --index, serve and search use the embedded default corpus, indexed
// on first use into a cache directory. Every flag can also be set from the
// environment as EXSEARCH_<FLAG> (e.g. EXSEARCH_INDEX=/var/lib/exsearch).
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/debug"
	"syscall"

	"github.com/peterbourgon/ff/v3"
	"github.com/peterbourgon/ff/v3/ffcli"
)

// version is set at build time with -ldflags "-X main.version=…".
var version = "dev"

// versionString is the version with what the Go toolchain recorded of the
// build: the commit (and whether the tree had changes), the Go version, and
// the bleve version, which decides what index files a binary can read.
func versionString() string {
	s := "exsearch " + version
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return s
	}
	var rev, modified string
	for _, kv := range info.Settings {
		switch kv.Key {
		case "vcs.revision":
			rev = kv.Value
		case "vcs.modified":
			if kv.Value == "true" {
				modified = "+changes"
			}
		}
	}
	if rev != "" {
		s += " (commit " + rev[:min(12, len(rev))] + modified + ")"
	}
	s += " " + info.GoVersion
	for _, d := range info.Deps {
		if d.Path == "github.com/blevesearch/bleve/v2" {
			s += " bleve " + d.Version
		}
	}
	return s
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdout)
	stop()
	if err != nil && !errors.Is(err, flag.ErrHelp) {
		fmt.Fprintln(os.Stderr, "exsearch:", err)
		os.Exit(1)
	}
}

// run is the whole program, with its output going to stdout (logs go to
// stderr), so that tests can run it in-process.
func run(ctx context.Context, args []string, stdout io.Writer) error {
	root := &ffcli.Command{
		Name:       "exsearch",
		ShortUsage: "exsearch <serve|reindex|verify|rollback|search|eval|analytics|gen-corpus|health|version> [flags] [args]",
		ShortHelp:  "multilingual search for training exercises",
		LongHelp: `exsearch indexes exercise pages (Jekyll front matter), articles and exercise
datasets (wger, free-exercise-db) in Danish, Norwegian, German and English, and
serves a search page and a JSON API with facets by muscle group, equipment and
training focus.

Every flag can also be set in the environment as EXSEARCH_<FLAG>, with dashes
as underscores: EXSEARCH_INDEX, EXSEARCH_ADDR, EXSEARCH_CACHE_DIR, …`,
		Subcommands: []*ffcli.Command{serveCmd(), reindexCmd(stdout), verifyCmd(stdout), rollbackCmd(stdout), searchCmd(stdout), evalCmd(stdout), analyticsCmd(stdout), genCorpusCmd(stdout), healthCmd(stdout), versionCmd(stdout)},
		Exec: func(context.Context, []string) error {
			return flag.ErrHelp
		},
	}
	if err := root.Parse(args); err != nil {
		return err
	}
	return root.Run(ctx)
}

// envOptions makes every flag settable as EXSEARCH_<FLAG>.
var envOptions = []ff.Option{ff.WithEnvVarPrefix("EXSEARCH")}

func versionCmd(stdout io.Writer) *ffcli.Command {
	return &ffcli.Command{
		Name:       "version",
		ShortUsage: "exsearch version",
		ShortHelp:  "print the version",
		Exec: func(context.Context, []string) error {
			fmt.Fprintln(stdout, versionString())
			return nil
		},
	}
}
