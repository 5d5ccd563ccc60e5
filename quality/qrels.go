// Package quality measures how well exsearch ranks: it reads judged queries
// (qrels), runs them against an index, and computes nDCG@10 and success@10
// per query group and overall. It is how ranking changes are judged: a
// change must lift whole groups, and CI fails when quality drops below the
// floors measured for the current product.
package quality

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/exsearch/exsearch/corpus"
)

// Judged is one query with its graded judgements.
type Judged struct {
	Group string // e.g. "exercise", "muscle", "article"
	Lang  string // the visitor's language
	Query string
	// Grades maps document ids to 2 (exactly what the visitor wants) or 1
	// (relevant but less useful); unjudged documents count as 0.
	Grades map[string]int
	Line   int
}

// ParseQrels reads the tab-separated format of ../shared/qrels: group, lang,
// query, then id=grade columns. Errors name the line.
func ParseQrels(r io.Reader, name string) ([]Judged, error) {
	var out []Judged
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	line := 0
	for sc.Scan() {
		line++
		text := strings.TrimRight(sc.Text(), "\r")
		if strings.TrimSpace(text) == "" || strings.HasPrefix(text, "#") {
			continue
		}
		cols := strings.Split(text, "\t")
		if len(cols) < 4 {
			return nil, fmt.Errorf("%s:%d: want group, lang, query and at least one id=grade, got %d columns", name, line, len(cols))
		}
		if !utf8.ValidString(text) {
			return nil, fmt.Errorf("%s:%d: not valid UTF-8", name, line)
		}
		j := Judged{Group: cols[0], Lang: cols[1], Query: cols[2], Grades: map[string]int{}, Line: line}
		if strings.TrimSpace(j.Group) == "" {
			return nil, fmt.Errorf("%s:%d: group (column 1) is empty", name, line)
		}
		if !slices.Contains(corpus.Languages, j.Lang) {
			return nil, fmt.Errorf("%s:%d: lang (column 2) %q: want one of %s", name, line, j.Lang, strings.Join(corpus.Languages, ", "))
		}
		if strings.TrimSpace(j.Query) == "" {
			return nil, fmt.Errorf("%s:%d: query (column 3) is empty", name, line)
		}
		for _, c := range cols[3:] {
			c = strings.TrimSpace(c)
			if c == "" {
				continue
			}
			i := strings.LastIndexByte(c, '=')
			if i <= 0 {
				return nil, fmt.Errorf("%s:%d: %q is not id=grade", name, line, c)
			}
			g, err := strconv.Atoi(c[i+1:])
			if err != nil || g < 0 || g > 2 {
				return nil, fmt.Errorf("%s:%d: %q: grade must be 0, 1 or 2", name, line, c)
			}
			j.Grades[c[:i]] = g
		}
		out = append(out, j)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return out, nil
}

// ReadQrels reads and concatenates qrels files, in order.
func ReadQrels(paths ...string) ([]Judged, error) {
	var out []Judged
	for _, p := range paths {
		f, err := os.Open(p)
		if err != nil {
			return nil, err
		}
		j, err := ParseQrels(f, p)
		f.Close()
		if err != nil {
			return nil, err
		}
		out = append(out, j...)
	}
	return out, nil
}

// Key identifies a query as a visitor typed it: its language and its text,
// case and surrounding space aside. Two judged sets that share a key share
// a query.
func (j *Judged) Key() string {
	return j.Lang + "\t" + strings.ToLower(strings.TrimSpace(j.Query))
}
