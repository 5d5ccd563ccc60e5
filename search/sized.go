package search

import (
	"math"
	"sync"

	"github.com/hashicorp/golang-lru/v2/simplelru"
)

// sizedCache keeps recently used values, bounded by their size in bytes
// rather than by their number: a common word's postings weigh a thousand
// times a rare one's. Values are shared between searches and never
// modified once added. A nil cache keeps nothing.
type sizedCache[K comparable, V any] struct {
	mu    sync.Mutex
	lru   *simplelru.LRU[K, V]
	size  func(V) int
	bytes int
	limit int
}

// newSizedCache keeps values of at most limit bytes in all, as size weighs
// them; nil when limit is not positive.
func newSizedCache[K comparable, V any](limit int, size func(V) int) *sizedCache[K, V] {
	if limit <= 0 {
		return nil
	}
	c := &sizedCache[K, V]{limit: limit, size: size}
	// The entry count is bounded by bytes, not by the LRU's own limit.
	c.lru, _ = simplelru.NewLRU[K, V](math.MaxInt32, func(_ K, v V) {
		c.bytes -= c.size(v)
	})
	return c
}

func (c *sizedCache[K, V]) get(k K) (V, bool) {
	if c == nil {
		var zero V
		return zero, false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.lru.Get(k)
}

// add keeps v unless it would take more than a quarter of the cache.
func (c *sizedCache[K, V]) add(k K, v V) {
	if c == nil || c.size(v) > c.limit/4 {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.lru.Contains(k) {
		return
	}
	c.lru.Add(k, v)
	c.bytes += c.size(v)
	for c.bytes > c.limit {
		c.lru.RemoveOldest()
	}
}
