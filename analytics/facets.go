package analytics

import (
	"bytes"
	"context"
	"slices"
	"strings"
)

// A search's facets are stored in its own row, in the column facets, as
// text both databases keep alike: one line per facet value, in a stable
// order,
//
//	<a or u> <facet> TAB <value> LF
//
// "a" for a filter the visitor asked for, "u" for one understood from the
// query; a value's backslashes, tabs and line feeds are written \\, \t and
// \n. Before schema version 2 they were rows of search_facets, which
// reports still read (migrate.go).

// appendFacets appends the facets column of a search's filters and
// understood facets to buf.
func appendFacets(buf []byte, filters, understood map[string][]string) []byte {
	buf = appendFacetLines(buf, 'a', filters)
	return appendFacetLines(buf, 'u', understood)
}

func appendFacetLines(buf []byte, kind byte, m map[string][]string) []byte {
	if len(m) == 0 {
		return buf
	}
	var names [8]string // a search has a few facets: sorted without allocating
	keys := names[:0]
	for f := range m {
		keys = append(keys, f)
	}
	slices.Sort(keys)
	for _, f := range keys {
		vs := m[f]
		for i, v := range vs {
			if slices.Contains(vs[:i], v) {
				continue
			}
			buf = append(buf, kind)
			buf = appendEscaped(buf, f)
			buf = append(buf, '\t')
			buf = appendEscaped(buf, v)
			buf = append(buf, '\n')
		}
	}
	return buf
}

func appendEscaped(buf []byte, s string) []byte {
	if !strings.ContainsAny(s, "\\\t\n") {
		return append(buf, s...)
	}
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '\\':
			buf = append(buf, `\\`...)
		case '\t':
			buf = append(buf, `\t`...)
		case '\n':
			buf = append(buf, `\n`...)
		default:
			buf = append(buf, c)
		}
	}
	return buf
}

func unescape(s []byte) string {
	if bytes.IndexByte(s, '\\') < 0 {
		return string(s)
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+1 < len(s) {
			i++
			switch s[i] {
			case 't':
				b.WriteByte('\t')
			case 'n':
				b.WriteByte('\n')
			default:
				b.WriteByte(s[i])
			}
			continue
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// facetValue is a facet and one of its values.
type facetValue struct{ facet, value string }

// parseFacets returns the distinct facet values of a facets column,
// asked for or understood alike; a malformed line is skipped.
func parseFacets(col string) []facetValue {
	var out []facetValue
	for line := range strings.SplitSeq(col, "\n") {
		if len(line) < 2 || (line[0] != 'a' && line[0] != 'u') {
			continue
		}
		f, v, ok := bytes.Cut([]byte(line[1:]), []byte{'\t'})
		if !ok {
			continue
		}
		fv := facetValue{unescape(f), unescape(v)}
		if !slices.Contains(out, fv) {
			out = append(out, fv)
		}
	}
	return out
}

// facets counts each facet value over the window's searches that used it,
// asked for or understood (once per search if both): from the searches'
// facets column, and from search_facets for searches stored before schema
// version 2. Ties are broken by facet, then value, by bytes.
func (s *sqlStore) facets(ctx context.Context, args []any, limit int) ([]FacetCount, error) {
	counts := map[facetValue]int{}
	rs, err := s.db.QueryContext(ctx, s.rebind(`SELECT facets FROM searches s
		WHERE s.at_ms >= ? AND s.at_ms < ? AND (? = '' OR s.ui = ?) AND s.facets <> ''`), args...)
	if err != nil {
		return nil, err
	}
	defer rs.Close()
	for rs.Next() {
		var col string
		if err := rs.Scan(&col); err != nil {
			return nil, err
		}
		for _, fv := range parseFacets(col) {
			counts[fv]++
		}
	}
	if err := rs.Err(); err != nil {
		return nil, err
	}
	old, err := s.db.QueryContext(ctx, s.rebind(window+`SELECT f.facet, f.value, COUNT(DISTINCT f.search_id)
		FROM search_facets f JOIN w ON w.id = f.search_id
		WHERE f.at_ms >= ? AND f.at_ms < ?
		GROUP BY f.facet, f.value`), append(args, args[0], args[1])...)
	if err != nil {
		return nil, err
	}
	defer old.Close()
	for old.Next() {
		var fv facetValue
		var n int
		if err := old.Scan(&fv.facet, &fv.value, &n); err != nil {
			return nil, err
		}
		counts[fv] += n
	}
	if err := old.Err(); err != nil {
		return nil, err
	}
	out := make([]FacetCount, 0, len(counts))
	for fv, n := range counts {
		out = append(out, FacetCount{Facet: fv.facet, Value: fv.value, Searches: n})
	}
	slices.SortFunc(out, func(a, b FacetCount) int {
		if a.Searches != b.Searches {
			return b.Searches - a.Searches
		}
		if c := strings.Compare(a.Facet, b.Facet); c != 0 {
			return c
		}
		return strings.Compare(a.Value, b.Value)
	})
	if len(out) > limit {
		out = out[:limit]
	}
	return out, nil
}
