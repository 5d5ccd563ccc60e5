package search

import (
	"encoding/json"
	"sync/atomic"

	lru "github.com/hashicorp/golang-lru/v2"
)

// The response cache keeps recent results of an index generation, keyed by
// the normalised request. It belongs to the Index it caches for, so a newly
// published index starts with an empty cache and the old one goes with it.
// Results are shared between requests and never modified once cached.

// DefaultCacheSize is the number of results a cache holds.
const DefaultCacheSize = 4096

type resultCache struct {
	lru *lru.Cache[string, *Result]
}

func newResultCache(size int) *resultCache {
	if size <= 0 {
		return nil
	}
	c, err := lru.New[string, *Result](size)
	if err != nil {
		return nil
	}
	return &resultCache{lru: c}
}

// cacheKey is a normalised request as a string.
func cacheKey(req Request) string {
	b, _ := json.Marshal(req)
	return string(b)
}

// CacheStats counts cache lookups.
type CacheStats struct {
	Enabled bool  `json:"enabled"`
	Size    int   `json:"size"`
	Entries int   `json:"entries"`
	Hits    int64 `json:"hits"`
	Misses  int64 `json:"misses"`
}

type cacheCounters struct{ hits, misses atomic.Int64 }
