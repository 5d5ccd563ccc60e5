// Package analytics records what visitors search for and click, and answers
// the site owner's questions about it: what do visitors look for, what do
// they fail to find, what do they click?
//
// It records no IP address, user agent, cookie or user id: a search is its
// text, filters and outcome, a click is a search id and a rank. Records are
// written off the request path, in batches, through a bounded queue that
// drops (and counts) what it cannot hold rather than make a search wait.
//
// Stores: SQLite in the data directory (a pure-Go driver, so the default
// needs nothing installed) or PostgreSQL (so that many replicas share one
// store). Both run versioned migrations on open and remove rows older than
// the retention.
//
// The types in this file are the contract between the recorder (web's
// handlers feed it), the stores, and the owner's views (/admin and
// "exsearch analytics").
package analytics

import (
	"context"
	"time"
)

// Search is one search as recorded: from the page, the widget or the API.
type Search struct {
	// ID is the search's id, returned to the client so that a click can
	// name the search it came from (random, 128 bits, hex).
	ID   string
	Time time.Time
	// Query is the text as normalised for search (corpus.Normalize, lower
	// case, folded spaces), not as typed.
	Query string
	// Filters are the facet filters asked for: facet name → values.
	Filters map[string][]string
	// UI and Prefer are the interface and preferred languages.
	UI, Prefer string
	// Source is where the search came from: "page", "widget" or "api".
	Source string
	Total  int
	Page   int
	// Understood is what was read from the query as filters or intent
	// (search.Result's understood part), facet → values.
	Understood map[string][]string
	// Refines is the id of the search the visitor made just before this
	// one while typing (refine.go): when this one is an edit of it and it
	// had no click, that one is removed. It is not stored.
	Refines string
}

// Click is a visitor opening a hit of a recorded search.
type Click struct {
	SearchID string
	Time     time.Time
	// Rank is the hit's position in the whole result list, from 1.
	Rank int
	// DocID is the document clicked.
	DocID string
}

// Period is a report's window: the days up to Until, and optionally one
// interface language ("" for all).
type Period struct {
	Days  int
	Until time.Time
	Lang  string
	// Rows bounds each table of the report; 0 means DefaultRows.
	Rows int
}

// QueryCount is one row of a query table.
type QueryCount struct {
	Query    string  `json:"query"`
	Searches int     `json:"searches"`
	Clicks   int     `json:"clicks"`
	CTR      float64 `json:"ctr"`
	// MeanHits is the mean number of hits the query had.
	MeanHits float64 `json:"mean_hits"`
}

// FacetCount is how often a facet value was used as a filter (asked for or
// understood from the query).
type FacetCount struct {
	Facet    string `json:"facet"`
	Value    string `json:"value"`
	Searches int    `json:"searches"`
}

// DayCount is the searches of one day (UTC).
type DayCount struct {
	Day      string `json:"day"` // 2006-01-02
	Searches int    `json:"searches"`
	Clicks   int    `json:"clicks"`
}

// Report answers the owner's questions for one Period.
type Report struct {
	Days     int       `json:"days"`
	Since    time.Time `json:"since"`
	Until    time.Time `json:"until"`
	Lang     string    `json:"lang,omitempty"`
	Searches int       `json:"searches"`
	Clicks   int       `json:"clicks"`
	// CTR is the share of searches with at least one click.
	CTR float64 `json:"ctr"`
	// MeanClickedRank is the mean rank of clicked hits (0: no clicks).
	MeanClickedRank float64      `json:"mean_clicked_rank"`
	TopQueries      []QueryCount `json:"top_queries"`
	NoResults       []QueryCount `json:"no_results"`
	NoClicks        []QueryCount `json:"no_clicks"`
	Facets          []FacetCount `json:"facets"`
	PerDay          []DayCount   `json:"per_day"`
	// Languages are the interface languages seen in the window, for a
	// per-language view.
	Languages []string `json:"languages"`
}

// Reporter answers reports; the stores implement it.
type Reporter interface {
	Report(ctx context.Context, p Period) (*Report, error)
}
