package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"html"
	"io"
	"os"
	"strings"

	"github.com/peterbourgon/ff/v3/ffcli"
	"golang.org/x/term"

	"github.com/exsearch/exsearch/corpus"
	"github.com/exsearch/exsearch/search"
)

// filterFlag collects repeated --filter facet=value flags.
type filterFlag map[string][]string

func (f filterFlag) String() string { return fmt.Sprint(map[string][]string(f)) }
func (f filterFlag) Set(s string) error {
	name, value, ok := strings.Cut(s, "=")
	if !ok || name == "" || value == "" {
		return fmt.Errorf("want facet=value (facets: %s), got %q", strings.Join(search.Facets, ", "), s)
	}
	f[name] = append(f[name], value)
	return nil
}

func searchCmd(stdout io.Writer) *ffcli.Command {
	fs := flag.NewFlagSet("exsearch search", flag.ContinueOnError)
	index := fs.String("index", "", "published index directory (default: the embedded corpus)")
	cacheDir := fs.String("cache-dir", "", "where the embedded corpus is indexed (default: the user cache directory)")
	size := fs.Int("size", 10, "hits to show")
	page := fs.Int("page", 1, "page of hits")
	ui := fs.String("ui", "en", "language of facet labels: da, no, de or en")
	asJSON := fs.Bool("json", false, "print the result as the API's JSON")
	prefer := fs.String("prefer-lang", "", "lift documents in this language: da, no, de or en")
	literal := fs.Bool("literal", false, "search the words as typed: read none as a filter or boost (the API's understand=off)")
	filters := filterFlag{}
	fs.Var(filters, "filter", "facet filter facet=value, repeatable (e.g. --filter muscle=hamstrings)")
	return &ffcli.Command{
		Name:       "search",
		ShortUsage: "exsearch search [flags] QUERY...",
		ShortHelp:  "search an index from the terminal",
		LongHelp:   "Print the top hits for QUERY and the facet counts over all matching documents.",
		FlagSet:    fs,
		Options:    envOptions,
		Exec: func(ctx context.Context, args []string) error {
			log, _ := newLogger("text", "warn")
			dir, err := resolveIndex(ctx, *index, *cacheDir, log)
			if err != nil {
				return err
			}
			live, err := search.OpenLive(dir, search.LiveOptions{})
			if err != nil {
				return err
			}
			defer live.Close()
			res, err := live.Search(ctx, search.Request{
				Query: strings.Join(args, " "), Filters: filters, Page: *page, Size: *size, UILang: *ui,
				PreferLang: *prefer, Literal: *literal,
			})
			var re *search.RequestError
			if errors.As(err, &re) {
				return fmt.Errorf("--%s: %s", strings.ReplaceAll(re.Param, "_", "-"), re.Msg)
			}
			if err != nil {
				return err
			}
			if *asJSON {
				enc := json.NewEncoder(stdout)
				enc.SetIndent("", "  ")
				return enc.Encode(res)
			}
			printResult(stdout, res, isTerminal(stdout))
			return nil
		},
	}
}

func printResult(w io.Writer, res *search.Result, bold bool) {
	fmt.Fprintf(w, "%d hits for %q (%.1f ms)\n", res.Total, res.Query, res.TookMS)
	for _, u := range res.Understood {
		fmt.Fprintf(w, "understood %q: %s %s=%s\n", u.From, u.Mode, u.Facet, strings.Join(u.Values, ","))
	}
	fmt.Fprintln(w)
	for i, h := range res.Hits {
		fmt.Fprintf(w, "%2d. %s  [%s %s]  %.2f\n", (res.Page-1)*res.Size+i+1, h.Title, h.Lang, h.Kind, h.Score)
		fmt.Fprintf(w, "    %s\n", h.ID)
		text := h.Excerpt
		if len(h.Highlights.Body) > 0 {
			text = terminalHighlight(h.Highlights.Body[0], bold)
		}
		if text != "" {
			fmt.Fprintf(w, "    %s\n", corpus.Summary(text, 160))
		}
	}
	fmt.Fprintln(w)
	for _, f := range search.Facets {
		values := res.Facets[f]
		if len(values) == 0 {
			continue
		}
		var parts []string
		for _, v := range values {
			parts = append(parts, fmt.Sprintf("%s %d", v.Value, v.Count))
		}
		fmt.Fprintf(w, "%-10s %s\n", f+":", strings.Join(parts, ", "))
	}
}

// terminalHighlight turns a highlight fragment into terminal text: the
// matches in bold on a terminal, plain otherwise.
func terminalHighlight(s string, bold bool) string {
	on, off := "", ""
	if bold {
		on, off = "\x1b[1m", "\x1b[0m"
	}
	return html.UnescapeString(strings.NewReplacer("<mark>", on, "</mark>", off).Replace(s))
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}
