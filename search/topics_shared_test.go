package search_test

import (
	"testing"

	"github.com/exsearch/exsearch/search"
)

// TestTopicConceptArticles: a question about a muscle finds the article
// about it in another language although the article lacks the question's
// words.
func TestTopicConceptArticles(t *testing.T) {
	l := openShared(t)
	const want = "seeds/004_c9a4d7fabb4b82ba" // the Danish article on training the glutes
	res := run(t, l, search.Request{Query: "hvordan trener jeg rumpa", Size: 10, PreferLang: "no"})
	if r := rank(res, want); r < 1 || r > 3 {
		t.Errorf("hvordan trener jeg rumpa: %s at rank %d, want in the top 3", want, r)
	}
}
