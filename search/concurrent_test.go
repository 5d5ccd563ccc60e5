package search

import (
	"context"
	"encoding/json"
	"sync"
	"testing"

	"github.com/exsearch/exsearch/internal/benchcorpus"
	"github.com/exsearch/exsearch/synth"
)

// TestConcurrentSearches: searches running at once share the index, its
// postings cache and its scratch memory, and each gets the answer it gets
// alone.
func TestConcurrentSearches(t *testing.T) {
	ix := openAt(t, benchcorpus.Index(t, 5000, false))
	var reqs []Request
	for _, q := range append(synth.Queries(40), "") {
		reqs = append(reqs, Request{Query: q, Size: 10}, Request{Query: q, Size: 5, Page: 2, PreferLang: "de",
			Filters: map[string][]string{"muscle": {"legs"}}})
	}
	want := make([]string, len(reqs))
	for i, r := range reqs {
		want[i] = answer(t, ix, r)
	}
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for round := 0; round < 3; round++ {
				for i := range reqs {
					j := (i*7 + g*13 + round) % len(reqs)
					if got := answer(t, ix, reqs[j]); got != want[j] {
						t.Errorf("%+v: answer differs when searched concurrently", reqs[j])
						return
					}
				}
			}
		}()
	}
	wg.Wait()
}

// answer is a search's result without its timing.
func answer(t *testing.T, ix *Index, r Request) string {
	res, err := ix.Search(context.Background(), r)
	if err != nil {
		t.Error(err)
		return ""
	}
	res.TookMS = 0
	b, _ := json.Marshal(res)
	return string(b)
}
