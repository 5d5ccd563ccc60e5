package quality

import (
	"math"
	"sort"
	"strings"
)

// grade returns the judged grade of a result id. Judged ids are relative to
// the shared data directory; an index built from other roots has other
// prefixes, so ids are matched by suffix on a path boundary.
func (j *Judged) grade(id string) int {
	if g, ok := j.Grades[id]; ok {
		return g
	}
	for jid, g := range j.Grades {
		if strings.HasSuffix(id, "/"+jid) || strings.HasSuffix(jid, "/"+id) {
			return g
		}
	}
	return 0
}

// NDCG is the normalised discounted cumulative gain of ranked ids at k, with
// gains 2^grade - 1 and log2 discounts.
func (j *Judged) NDCG(ranked []string, k int) float64 {
	dcg := 0.0
	for i, id := range ranked {
		if i >= k {
			break
		}
		dcg += gain(j.grade(id)) / math.Log2(float64(i+2))
	}
	var grades []int
	for _, g := range j.Grades {
		grades = append(grades, g)
	}
	sort.Sort(sort.Reverse(sort.IntSlice(grades)))
	ideal := 0.0
	for i, g := range grades {
		if i >= k {
			break
		}
		ideal += gain(g) / math.Log2(float64(i+2))
	}
	if ideal == 0 {
		return 0
	}
	return dcg / ideal
}

func gain(g int) float64 { return math.Pow(2, float64(g)) - 1 }

// HasGrade2 reports whether any document is judged exactly what the visitor
// wants; success is only defined for such queries.
func (j *Judged) HasGrade2() bool {
	for _, g := range j.Grades {
		if g == 2 {
			return true
		}
	}
	return false
}

// relevant reports whether any document is judged relevant at all.
func (j *Judged) relevant() bool {
	for _, g := range j.Grades {
		if g > 0 {
			return true
		}
	}
	return false
}

// Success reports whether a grade-2 document is among the first k ids.
func (j *Judged) Success(ranked []string, k int) bool {
	for i, id := range ranked {
		if i >= k {
			break
		}
		if j.grade(id) == 2 {
			return true
		}
	}
	return false
}
