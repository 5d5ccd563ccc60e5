package indexer

import (
	"context"
	"encoding/json"
	"path/filepath"
	"testing"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/index/scorch/mergeplan"

	"github.com/exsearch/exsearch/corpus"
)

// TestBuildSegments: an index of up to MaxSegments batches keeps its
// segments (at most one per batch), one of more batches is merged into one
// segment, and either way every document and the metadata are there.
func TestBuildSegments(t *testing.T) {
	docs, _, err := corpus.Load(context.Background(), []corpus.Source{corpus.DefaultSource()}, corpus.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		batch, maxSegments int
	}{
		{batch: (len(docs) + MaxSegments - 1) / MaxSegments, maxSegments: MaxSegments},
		{batch: len(docs)/MaxSegments - 1, maxSegments: 1},
	} {
		dir := filepath.Join(t.TempDir(), "ix")
		if err := Build(context.Background(), dir, docs, Meta{Corpora: []string{"default"}}, BuildOptions{BatchSize: c.batch}); err != nil {
			t.Fatal(err)
		}
		idx, err := bleve.OpenUsing(dir, map[string]any{"read_only": true})
		if err != nil {
			t.Fatal(err)
		}
		n, err := idx.DocCount()
		if err != nil || n != uint64(len(docs)) {
			t.Errorf("batches of %d: %d documents (%v), want %d", c.batch, n, err, len(docs))
		}
		for _, d := range docs {
			if doc, err := idx.Document(d.ID); err != nil || doc == nil {
				t.Errorf("batches of %d: document %s is missing (%v)", c.batch, d.ID, err)
			}
		}
		if m, err := ReadMeta(idx); err != nil || m.Total != len(docs) {
			t.Errorf("batches of %d: metadata %+v (%v)", c.batch, m, err)
		}
		adv, err := idx.Advanced()
		if err != nil {
			t.Fatal(err)
		}
		r, err := adv.Reader()
		if err != nil {
			t.Fatal(err)
		}
		segments := len(r.(*scorch.IndexSnapshot).Segments())
		if segments < 1 || segments > c.maxSegments {
			t.Errorf("batches of %d: %d segments, want 1 to %d", c.batch, segments, c.maxSegments)
		}
		r.Close()
		idx.Close()
	}
}

// smallSegment is a segment as scorch's merge planner sees it.
type smallSegment uint64

func (s smallSegment) Id() uint64      { return uint64(s) }
func (s smallSegment) FullSize() int64 { return 5000 }
func (s smallSegment) LiveSize() int64 { return 5000 }
func (s smallSegment) HasVector() bool { return false }
func (s smallSegment) FileSize() int64 { return 5000 }

// TestBuildDoesNotMerge: while documents come in, scorch's merge planner,
// given the options a build opens its index with, plans no merge of any
// number of segments, where its defaults would (TestBuildSegments cannot
// tell: eight segments are below the defaults' tier width, and the
// persister's own merging of segments that arrive together varies).
func TestBuildDoesNotMerge(t *testing.T) {
	var segs []mergeplan.Segment
	for i := 0; i < 40; i++ {
		segs = append(segs, smallSegment(i+1))
	}
	plan := func(config map[string]any) int {
		t.Helper()
		o := mergeplan.DefaultMergePlanOptions // scorch starts from its defaults
		if v, ok := config["scorchMergePlanOptions"]; ok {
			b, _ := json.Marshal(v)
			if err := json.Unmarshal(b, &o); err != nil {
				t.Fatal(err)
			}
			if err := mergeplan.ValidateMergePlannerOptions(&o); err != nil {
				t.Fatal(err)
			}
		}
		p, err := mergeplan.Plan(segs, &o)
		if err != nil {
			t.Fatal(err)
		}
		if p == nil {
			return 0
		}
		return len(p.Tasks)
	}
	if n := plan(buildConfig(Options{})); n != 0 {
		t.Errorf("a build's merge options plan %d merges of 40 segments", n)
	}
	if n := plan(map[string]any{}); n == 0 {
		t.Error("scorch's default options plan no merge of 40 segments: the test does not test")
	}
	if _, ok := buildConfig(Options{Plain: true})["scorchMergePlanOptions"]; ok {
		t.Error("the plain baseline must merge as stock bleve does")
	}
}
