package analytics

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// Searches made while typing. The page and the widget search as the
// visitor types (debounced), so "squ", "squa" and "squat" would each be a
// search in the owner's tables, and the prefixes would crowd out what
// visitors settled on. Hosted search analytics keep only the last search of
// such a run; exsearch does the same without knowing who typed: the page
// sends the id of the search it showed while typing with the next one
// (refines=<search_id>), and when that search is written, the refined one is
// removed, unless a hit of it was clicked or the new query is not an edit
// of it. The link between the two is used once, here, and stored nowhere.

// RefineWindow bounds how far back a refined search is looked for: a
// visitor types on within seconds of a pause, and the bound keeps the
// lookup on the recent rows of the at_ms index (searches has no index on
// id, which would cost every write). The lookup reads the window's rows:
// a few hundred at a few searches a second; at thousands a second an index
// on searches(id) would be the better trade.
const RefineWindow = 2 * time.Minute

// Refines reports whether a search for next, made as the visitor went on
// typing after a search for prev, settles prev: next types on (prev is its
// prefix), takes letters back (next is prev's prefix), or fixes a typo (at
// most two edits apart). A query typed over with another word keeps prev.
func Refines(prev, next string) bool {
	p, n := []rune(prev), []rune(next)
	if hasPrefix(n, p) || hasPrefix(p, n) {
		return true
	}
	return editDistance(p, n, 2) <= 2
}

func hasPrefix(s, prefix []rune) bool {
	if len(prefix) > len(s) {
		return false
	}
	for i := range prefix {
		if s[i] != prefix[i] {
			return false
		}
	}
	return true
}

// editDistance is the Levenshtein distance of a and b, or max+1 when it is
// more than max.
func editDistance(a, b []rune, max int) int {
	if d := len(a) - len(b); d > max || -d > max {
		return max + 1
	}
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		best := cur[0]
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			best = min(best, cur[j])
		}
		if best > max {
			return max + 1
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// refinement is a search of an earlier batch that a search of this one
// refines.
type refinement struct {
	id, next string
	at       time.Time
}

// settle removes from a batch the searches that a later search of the
// same batch refines, and returns the refinements of searches written
// before; a search that a click of the batch names is neither (the drop
// runs before the batch's clicks are written).
func settle(searches []Search, clicks []Click) ([]Search, []refinement) {
	refining := false
	for _, s := range searches {
		refining = refining || s.Refines != ""
	}
	if !refining {
		return searches, nil
	}
	clicked := map[string]bool{}
	for _, c := range clicks {
		clicked[c.SearchID] = true
	}
	at := map[string]int{}
	for i, s := range searches {
		at[s.ID] = i
	}
	dropped := map[string]bool{}
	var earlier []refinement
	for _, s := range searches {
		if s.Refines == "" {
			continue
		}
		i, ok := at[s.Refines]
		switch {
		case clicked[s.Refines]:
			// Clicked in this batch, written after the drop: kept.
		case !ok:
			earlier = append(earlier, refinement{s.Refines, s.Query, s.Time})
		case Refines(searches[i].Query, s.Query):
			dropped[s.Refines] = true
		}
	}
	kept := make([]Search, 0, len(searches))
	for _, s := range searches {
		if !dropped[s.ID] {
			kept = append(kept, s)
		}
	}
	return kept, earlier
}

// dropRefined removes the searches of earlier batches that refs refine,
// when they were not clicked and the refining query is an edit of theirs.
func (s *sqlStore) dropRefined(ctx context.Context, refs []refinement) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("analytics: refined searches: %w", err)
	}
	defer tx.Rollback()
	for _, r := range refs {
		since := r.at.Add(-RefineWindow).UnixMilli()
		var prev string
		err := tx.QueryRowContext(ctx, s.rebind("SELECT query_text FROM searches WHERE at_ms >= ? AND id = ?"), since, r.id).Scan(&prev)
		if errors.Is(err, sql.ErrNoRows) || err == nil && !Refines(prev, r.next) {
			continue
		}
		if err != nil {
			return fmt.Errorf("analytics: refined search: %w", err)
		}
		res, err := tx.ExecContext(ctx, s.rebind("DELETE FROM searches WHERE at_ms >= ? AND id = ? AND NOT EXISTS (SELECT 1 FROM clicks WHERE search_id = ?)"), since, r.id, r.id)
		if err != nil {
			return fmt.Errorf("analytics: drop a refined search: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			continue
		}
		if _, err := tx.ExecContext(ctx, s.rebind("DELETE FROM search_facets WHERE at_ms >= ? AND search_id = ?"), since, r.id); err != nil {
			return fmt.Errorf("analytics: drop a refined search's facets: %w", err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("analytics: refined searches: %w", err)
	}
	return nil
}
