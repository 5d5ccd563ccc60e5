package quality

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/exsearch/exsearch/corpus"
	"github.com/exsearch/exsearch/search"
)

// Alternatives' ground truth. wger groups the variations of one exercise
// (squat: front, sumo, goblet, pistol, …) by a variation_group uuid on its
// exercise records (exercise-base-data.json); each exercise has one
// translation record per language (translations.json), and each indexed
// translation is a document, corpus/wger/<translation uuid>. For an exercise
// in a group, the other members are what "swap this exercise" should name:
// any translation of a member counts as finding it.
//
// The groups are read from the fixtures at evaluation time; nothing of them
// is copied into the project.

// AltK is the depth recall is measured at; AltP the depth of precision.
const (
	AltK = 10
	AltP = 5
)

// VariationGroup is one wger variation group: its members' indexed
// documents, by wger exercise id.
type VariationGroup struct {
	ID      string
	Members map[int][]string // exercise pk → document ids of its translations
}

// ReadVariationGroups reads wger's variation groups from the fixture
// directory dir, naming each translation's document as prefix + uuid
// ("corpus/wger/"). Groups of fewer than two exercises are left out.
func ReadVariationGroups(dir, prefix string) ([]VariationGroup, error) {
	type record struct {
		Model  string          `json:"model"`
		PK     int             `json:"pk"`
		Fields json.RawMessage `json:"fields"`
	}
	read := func(name string) ([]record, error) {
		path := filepath.Join(dir, name)
		b, err := os.ReadFile(path)
		if err != nil {
			return nil, err
		}
		var rs []record
		if err := json.Unmarshal(b, &rs); err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		return rs, nil
	}
	exercises, err := read("exercise-base-data.json")
	if err != nil {
		return nil, err
	}
	translations, err := read("translations.json")
	if err != nil {
		return nil, err
	}
	groupOf := map[int]string{}
	for _, r := range exercises {
		var f struct {
			Group *string `json:"variation_group"`
		}
		if r.Model != "exercises.exercise" || json.Unmarshal(r.Fields, &f) != nil || f.Group == nil || *f.Group == "" {
			continue
		}
		groupOf[r.PK] = *f.Group
	}
	byGroup := map[string]*VariationGroup{}
	for _, r := range translations {
		var f struct {
			UUID     string `json:"uuid"`
			Exercise int    `json:"exercise"`
		}
		if r.Model != "exercises.translation" || json.Unmarshal(r.Fields, &f) != nil || f.UUID == "" {
			continue
		}
		g, ok := groupOf[f.Exercise]
		if !ok {
			continue
		}
		if byGroup[g] == nil {
			byGroup[g] = &VariationGroup{ID: g, Members: map[int][]string{}}
		}
		byGroup[g].Members[f.Exercise] = append(byGroup[g].Members[f.Exercise], prefix+f.UUID)
	}
	var out []VariationGroup
	for _, g := range byGroup {
		out = append(out, *g)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	if len(out) == 0 {
		return nil, fmt.Errorf("%s: no variation groups", dir)
	}
	return out, nil
}

// SplitVariationGroups splits groups into a development half, on which the
// ranking may be tuned, and a test half, which only reports: a group goes
// to the test half when the FNV-1a hash of its uuid is odd. The split
// depends on nothing but the uuid, so it stays put as the fixtures grow.
func SplitVariationGroups(groups []VariationGroup) (dev, test []VariationGroup) {
	for _, g := range groups {
		h := fnv.New32a()
		h.Write([]byte(g.ID))
		if h.Sum32()%2 == 1 {
			test = append(test, g)
		} else {
			dev = append(dev, g)
		}
	}
	return dev, test
}

// Alternativer answers alternatives requests and reads documents;
// *search.Live and *search.Index are.
type Alternativer interface {
	Alternatives(ctx context.Context, req search.AlternativesRequest) (*search.Alternatives, error)
	Document(ctx context.Context, id string) (*corpus.Document, error)
}

// AltScore sums up the alternatives of every indexed member of every group.
type AltScore struct {
	Sources int     // documents asked about: indexed translations of a member with indexed fellow members
	Groups  int     // groups with such a member
	Recall  float64 // mean recall@AltK of the fellow members (any translation finds one)
	// Precision is the mean share of the top AltP that are translations of
	// fellow members. Its ceiling is below 1: a group of three has two
	// fellow members, and other sources' good alternatives are not in any
	// group.
	Precision float64
	// RecallWger is recall@AltK among wger's documents only: whether the
	// ranking puts a group's members above wger's other exercises, with
	// the other sources' equivalent exercises (which no group lists) set
	// aside.
	RecallWger float64
	// PerGroup is each group's mean recall@AltK, to see where recall is
	// lost (TestAlternatives -v lists the worst).
	PerGroup []AltGroupScore
	// Places says what fills the top AltK places.
	Places AltPlaces
}

// AltPlaces counts the top AltK places of every source by what holds
// them. Recall can only rise by taking places from the others, and the
// groups list a part of the exercises of one movement: an exercise of the
// source's family that no group lists (Unlisted, OtherSource) is as good
// a swap by the ranking's lights, and a miss by the groups'.
type AltPlaces struct {
	Total int
	// Member is a member of the source's group (or the source itself in
	// another document mining did not join to it).
	Member int
	// OtherGroup is a member of another variation group.
	OtherGroup int
	// Unlisted is an exercise of the groups' source (prefix) in no group,
	// sharing a family with the source; OtherSource is one of another
	// source, sharing a family.
	Unlisted, OtherSource int
	// NoFamily is any other: it shares no family with the source.
	NoFamily int
}

// AltGroupScore is one group's share of an AltScore.
type AltGroupScore struct {
	ID      string
	Sources int
	Recall  float64
}

// EvaluateAlternatives asks s for each indexed translation's alternatives
// (in its own language, preferred) and scores them against its group.
// prefix is what the groups' document ids start with.
//
// Alternatives show one document per exercise: of the documents mining
// joined into one concept (a wger exercise's translations, another
// source's page of the same exercise; corpus/mine.go), only the best. So
// a member counts as found when any document of its concept is, and a
// member found twice in the top AltP counts once for precision.
//
// all are every group a document may be a member of (Places; nil: groups).
func EvaluateAlternatives(ctx context.Context, s Alternativer, groups, all []VariationGroup, prefix string, musclesOnly bool) (AltScore, error) {
	var sc AltScore
	concepts := map[string]string{} // document id → its concept; "" for none
	conceptOf := func(id string) (string, error) {
		c, ok := concepts[id]
		if !ok {
			d, err := s.Document(ctx, id)
			if err != nil {
				return "", fmt.Errorf("%s: %w", id, err)
			}
			c = d.Concept
			concepts[id] = c
		}
		return c, nil
	}
	if all == nil {
		all = groups
	}
	// listed: a document's group, by its id and by its concept.
	listed := map[string]string{}
	for _, g := range all {
		for _, ids := range g.Members {
			for _, id := range ids {
				listed[id] = g.ID
				c, err := conceptOf(id)
				if errors.Is(err, search.ErrNotFound) {
					continue // not indexed
				}
				if err != nil {
					return sc, fmt.Errorf("group %s: %w", g.ID, err)
				}
				if c != "" {
					listed[c] = g.ID
				}
			}
		}
	}
	groupOf := func(id string) (string, error) {
		if g, ok := listed[id]; ok {
			return g, nil
		}
		c, err := conceptOf(id)
		if err != nil || c == "" {
			return "", err
		}
		return listed[c], nil
	}
	for _, g := range groups {
		// What is indexed: a member's documents the index answers for.
		indexed := map[int][]string{}
		answers := map[string]*search.Alternatives{}
		for ex, ids := range g.Members {
			for _, id := range ids {
				a, err := s.Alternatives(ctx, search.AlternativesRequest{ID: id, Size: AltK, MusclesOnly: musclesOnly})
				if errors.Is(err, search.ErrNotFound) {
					continue // a translation in a language exsearch does not index
				}
				if err != nil {
					return sc, fmt.Errorf("group %s: %s: %w", g.ID, id, err)
				}
				indexed[ex] = append(indexed[ex], id)
				answers[id] = a
			}
		}
		if len(indexed) < 2 {
			continue
		}
		sc.Groups++
		memberOf := map[string]int{}
		byConcept := map[string]int{} // concept → member; -1 when two members share it
		for ex, ids := range indexed {
			for _, id := range ids {
				memberOf[id] = ex
				c, err := conceptOf(id)
				if err != nil {
					return sc, fmt.Errorf("group %s: %w", g.ID, err)
				}
				if other, ok := byConcept[c]; c != "" && ok && other != ex {
					byConcept[c] = -1
				} else if c != "" {
					byConcept[c] = ex
				}
			}
		}
		member := func(id string) (int, bool, error) {
			if m, ok := memberOf[id]; ok {
				return m, true, nil
			}
			c, err := conceptOf(id)
			if err != nil || c == "" {
				return 0, false, err
			}
			m, ok := byConcept[c]
			return m, ok && m >= 0, nil
		}
		gs := AltGroupScore{ID: g.ID}
		for ex, ids := range indexed {
			fellows := len(indexed) - 1
			for _, id := range ids {
				// Ask again in the source's own language, as its page does.
				a, err := s.Alternatives(ctx, search.AlternativesRequest{ID: id, Size: search.MaxSize, PreferLang: answers[id].Lang, MusclesOnly: musclesOnly})
				if err != nil {
					return sc, fmt.Errorf("group %s: %s: %w", g.ID, id, err)
				}
				found, foundWger := map[int]bool{}, map[int]bool{}
				wger := 0
				for _, h := range a.Hits {
					if !strings.HasPrefix(h.ID, prefix) || wger == AltK {
						continue
					}
					wger++
					m, ok, err := member(h.ID)
					if err != nil {
						return sc, fmt.Errorf("group %s: %w", g.ID, err)
					}
					if ok && m != ex {
						foundWger[m] = true
					}
				}
				rel5 := 0
				for i, h := range a.Hits[:min(AltK, len(a.Hits))] {
					m, ok, err := member(h.ID)
					if err != nil {
						return sc, fmt.Errorf("group %s: %w", g.ID, err)
					}
					if !ok || m == ex || found[m] {
						continue
					}
					found[m] = true
					if i < AltP {
						rel5++
					}
				}
				for _, h := range a.Hits[:min(AltK, len(a.Hits))] {
					other, err := groupOf(h.ID)
					if err != nil {
						return sc, fmt.Errorf("group %s: %w", g.ID, err)
					}
					sc.Places.Total++
					switch {
					case other == g.ID:
						sc.Places.Member++
					case other != "":
						sc.Places.OtherGroup++
					case len(h.Because.Movement) == 0:
						sc.Places.NoFamily++
					case strings.HasPrefix(h.ID, prefix):
						sc.Places.Unlisted++
					default:
						sc.Places.OtherSource++
					}
				}
				sc.Sources++
				gs.Sources++
				gs.Recall += float64(len(found)) / float64(min(fellows, AltK))
				sc.Recall += float64(len(found)) / float64(min(fellows, AltK))
				sc.Precision += float64(rel5) / AltP
				sc.RecallWger += float64(len(foundWger)) / float64(min(fellows, AltK))
			}
		}
		gs.Recall /= float64(gs.Sources)
		sc.PerGroup = append(sc.PerGroup, gs)
	}
	if sc.Sources > 0 {
		sc.Recall /= float64(sc.Sources)
		sc.Precision /= float64(sc.Sources)
		sc.RecallWger /= float64(sc.Sources)
	}
	return sc, nil
}
