package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/peterbourgon/ff/v3/ffcli"

	"github.com/exsearch/exsearch/indexer"
	"github.com/exsearch/exsearch/search"
)

func verifyCmd(stdout io.Writer) *ffcli.Command {
	fs := flag.NewFlagSet("exsearch verify", flag.ContinueOnError)
	index := fs.String("index", "", "published index directory to check (required)")
	return &ffcli.Command{
		Name:       "verify",
		ShortUsage: "exsearch verify --index DIR",
		ShortHelp:  "check every index generation in DIR",
		LongHelp: `Check every generation in the index directory DIR the way a server checks one
before serving it: read every segment file whole and compare its checksum,
open the index, and run a few queries. Print one line per generation, and say
which one current names.

Exit status: 0 when every generation is sound and current names one of them,
1 otherwise (damage is printed; nothing is changed: see "exsearch rollback"
and "exsearch reindex").`,
		FlagSet: fs,
		Options: envOptions,
		Exec: func(ctx context.Context, args []string) error {
			if *index == "" {
				return errors.New("verify: --index DIR is required")
			}
			if len(args) > 0 {
				return fmt.Errorf("verify takes no arguments (got %q)", strings.Join(args, " "))
			}
			return verify(stdout, *index)
		},
	}
}

func verify(w io.Writer, dir string) error {
	if _, err := os.Stat(dir); err != nil {
		return fmt.Errorf("verify: %w", err)
	}
	gens := indexer.Generations(dir)
	_, cur, curErr := indexer.Current(dir)
	if len(gens) == 0 && curErr == nil && cur == "" {
		// A bare index, not a published directory.
		if err := search.Verify(dir); err != nil {
			fmt.Fprintf(w, "damaged  %s: %v\n", dir, err)
			return errors.New("verify: the index is damaged")
		}
		fmt.Fprintf(w, "ok       %s (a bare index)\n", dir)
		return nil
	}
	bad := 0
	for _, g := range gens {
		mark := ""
		if g == cur {
			mark = " (current)"
		}
		if err := search.Verify(filepath.Join(dir, g)); err != nil {
			bad++
			fmt.Fprintf(w, "damaged  %s%s: %v\n", g, mark, err)
			continue
		}
		fmt.Fprintf(w, "ok       %s%s\n", g, mark)
	}
	switch {
	case curErr != nil:
		fmt.Fprintf(w, "current: %v\n", curErr)
		return errors.New("verify: current does not name a readable generation")
	case bad > 0:
		return fmt.Errorf("verify: %d of %d generations are damaged", bad, len(gens))
	}
	return nil
}

func rollbackCmd(stdout io.Writer) *ffcli.Command {
	fs := flag.NewFlagSet("exsearch rollback", flag.ContinueOnError)
	index := fs.String("index", "", "published index directory (required)")
	return &ffcli.Command{
		Name:       "rollback",
		ShortUsage: "exsearch rollback --index DIR [GEN]",
		ShortHelp:  "make an older index generation current again",
		LongHelp: `Point DIR's current link at generation GEN (a gen-… name, as "exsearch verify"
lists them), or, without GEN, at the newest generation older than the current
one that passes the same check as a server's (checksums, open, queries).
Servers switch within their reload interval. A generation that fails the check
is never made current.

The generation rolled back from is kept, unless a later reindex prunes it
(reindex keeps the newest --keep generations and the current one).`,
		FlagSet: fs,
		Options: envOptions,
		Exec: func(ctx context.Context, args []string) error {
			if *index == "" {
				return errors.New("rollback: --index DIR is required")
			}
			if len(args) > 1 {
				return fmt.Errorf("rollback takes at most one generation (got %q)", strings.Join(args, " "))
			}
			gen := ""
			if len(args) == 1 {
				gen = filepath.Base(args[0])
			}
			before, _ := os.Readlink(filepath.Join(*index, "current"))
			now, err := indexer.Rollback(ctx, *index, gen, search.Verify, 0)
			if err != nil {
				return err
			}
			fmt.Fprintf(stdout, "current: %s (was %s)\n", now, before)
			return nil
		},
	}
}
