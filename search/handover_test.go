package search

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/exsearch/exsearch/indexer"
	"github.com/exsearch/exsearch/internal/sharedtest"
)

// TestLiveKeepsServingWhenCurrentBreaks breaks the current link in every way
// seen in the field while a server runs. The server must keep answering from
// what it has, say it is degraded, remove nothing, and recover once current
// is sound again.
func TestLiveKeepsServingWhenCurrentBreaks(t *testing.T) {
	for _, c := range []struct {
		name   string
		break_ func(t *testing.T, dir, gen string)
	}{
		{"dangling", func(t *testing.T, dir, gen string) { sharedtest.SetCurrent(t, dir, "gen-20000101T000000.000000000Z") }},
		{"regular file", func(t *testing.T, dir, gen string) {
			os.Remove(filepath.Join(dir, "current"))
			os.WriteFile(filepath.Join(dir, "current"), []byte(gen), 0o644)
		}},
		{"deleted", func(t *testing.T, dir, gen string) { os.Remove(filepath.Join(dir, "current")) }},
		{"newer generation truncated", func(t *testing.T, dir, gen string) {
			bad := sharedtest.CopyGeneration(t, dir, gen)
			sharedtest.TruncateSegments(t, filepath.Join(dir, bad))
			sharedtest.SetCurrent(t, dir, bad)
		}},
		{"newer generation with a flipped byte", func(t *testing.T, dir, gen string) {
			bad := sharedtest.CopyGeneration(t, dir, gen)
			sharedtest.FlipBytes(t, filepath.Join(dir, bad))
			sharedtest.SetCurrent(t, dir, bad)
		}},
		{"newer generation without its files", func(t *testing.T, dir, gen string) {
			bad := sharedtest.CopyGeneration(t, dir, gen)
			os.RemoveAll(filepath.Join(dir, bad, "store"))
			sharedtest.SetCurrent(t, dir, bad)
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "ix")
			older := publish(t, dir, "squat")
			gen := publish(t, dir, "squat", "lunge")
			l, err := OpenLive(dir, LiveOptions{})
			if err != nil {
				t.Fatal(err)
			}
			c.break_(t, dir, gen)
			before := indexer.Generations(dir)
			if swapped, err := l.Reload(); swapped || err == nil {
				t.Errorf("reload after breaking current: swapped %v, err %v", swapped, err)
			}
			res, err := l.Search(context.Background(), Request{Query: "lunge", Size: 1})
			if err != nil || res.Total != 1 {
				t.Errorf("the server stopped answering from %s: %v %v", gen, res, err)
			}
			st, _ := l.Status()
			if len(st.Problems) == 0 || st.Generation != gen {
				t.Errorf("status does not say it is degraded: %+v", st)
			}
			for _, p := range st.Problems {
				if strings.Contains(p, dir) {
					t.Errorf("a problem shows the index directory's path: %q", p)
				}
			}
			l.Close()
			after := indexer.Generations(dir)
			if strings.Join(before, ",") != strings.Join(after, ",") {
				t.Errorf("generations before close %v, after %v", before, after)
			}
			for _, g := range []string{older, gen} {
				if _, err := os.Stat(filepath.Join(dir, g, "index_meta.json")); err != nil {
					t.Errorf("generation %s damaged: %v", g, err)
				}
			}
			// Repaired, the directory is served again without complaint.
			sharedtest.SetCurrent(t, dir, gen)
			l2, err := OpenLive(dir, LiveOptions{})
			if err != nil {
				t.Fatalf("restart after repair: %v", err)
			}
			defer l2.Close()
			if st, _ := l2.Status(); len(st.Problems) != 0 || st.Generation != gen {
				t.Errorf("after repair: %+v", st)
			}
		})
	}
}

// TestLiveRecovers: a server that found current broken is well again once
// current is repaired, and a failed generation is retried later, not every
// interval.
func TestLiveRecovers(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "ix")
	gen := publish(t, dir, "squat")
	l, err := OpenLive(dir, LiveOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	bad := sharedtest.CopyGeneration(t, dir, gen)
	sharedtest.TruncateSegments(t, filepath.Join(dir, bad))
	sharedtest.SetCurrent(t, dir, bad)
	_, err1 := l.Reload()
	_, err2 := l.Reload()
	if err1 == nil || err2 == nil || err1 != err2 {
		t.Errorf("a failed generation was checked again at once: %v / %v", err1, err2)
	}
	sharedtest.SetCurrent(t, dir, gen)
	if swapped, err := l.Reload(); swapped || err != nil {
		t.Errorf("back to the served generation: %v %v", swapped, err)
	}
	if st, _ := l.Status(); len(st.Problems) != 0 {
		t.Errorf("still degraded after repair: %v", st.Problems)
	}
}

// TestOpenLiveDamagedCurrent: at startup, a damaged current generation is a
// readable error, or, when an older generation is sound, that one is served
// and the server says it is degraded.
func TestOpenLiveDamagedCurrent(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "ix")
	gen := publish(t, dir, "squat")
	bad := sharedtest.CopyGeneration(t, dir, gen)
	sharedtest.TruncateSegments(t, filepath.Join(dir, bad))
	sharedtest.SetCurrent(t, dir, bad)
	l, err := OpenLive(dir, LiveOptions{})
	if err != nil {
		t.Fatalf("an older sound generation was not served: %v", err)
	}
	st, _ := l.Status()
	if st.Generation != gen || len(st.Problems) == 0 {
		t.Errorf("status %+v", st)
	}
	l.Close()

	os.RemoveAll(filepath.Join(dir, gen))
	if _, err := OpenLive(dir, LiveOptions{}); err == nil || !strings.Contains(err.Error(), "segment") {
		t.Errorf("damaged only generation: %v", err)
	}
}

// TestLiveSurvivesTruncationWhileServing truncates the segment files of the
// generation being served. Their bytes are memory-mapped: touching them
// raises SIGBUS, which kills a process that does not ask for faults to be
// panics. The searches must fail, one by one, and the process live on.
func TestLiveSurvivesTruncationWhileServing(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "ix")
	var titles []string
	for i := 0; i < 300; i++ {
		titles = append(titles, fmt.Sprintf("%s squat %d", strings.Repeat("word", i%7+1), i))
	}
	gen := publish(t, dir, titles...)
	l, err := OpenLive(dir, LiveOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	sharedtest.TruncateSegments(t, filepath.Join(dir, gen))
	ctx := context.Background()
	faults := 0
	count := func(err error) {
		var fe *FaultError
		if errors.As(err, &fe) {
			faults++
		}
	}
	for _, q := range []string{"squat", "wordword", "lunge", ""} {
		_, err := l.Search(ctx, Request{Query: q, Size: 20})
		count(err)
	}
	for _, id := range []string{"t/" + titles[0], "t/" + titles[100]} {
		_, err := l.Document(ctx, id)
		count(err)
	}
	_, err = l.Suggest(ctx, "squ", "en", "")
	count(err)
	if faults == 0 {
		t.Fatal("no read of the truncated files faulted: the test does not test")
	}
	if st, _ := l.Status(); len(st.Problems) == 0 {
		t.Errorf("a generation that faulted is not reported: %+v", st)
	}
}

// TestVerify checks a sound index, and finds each kind of damage.
func TestVerify(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "ix")
	gen := publish(t, dir, "squat", "lunge")
	if err := Verify(filepath.Join(dir, gen)); err != nil {
		t.Fatalf("sound index: %v", err)
	}
	for name, damage := range map[string]func(t testing.TB, gen string){
		"truncated":    sharedtest.TruncateSegments,
		"flipped byte": sharedtest.FlipBytes,
		"no segments": func(t testing.TB, gen string) {
			for _, z := range sharedtest.Segments(t, gen) {
				os.Remove(z)
			}
		},
		"short file": func(t testing.TB, gen string) { os.Truncate(sharedtest.Segments(t, gen)[0], 10) },
	} {
		t.Run(name, func(t *testing.T) {
			bad := sharedtest.CopyGeneration(t, dir, gen)
			damage(t, filepath.Join(dir, bad))
			if err := Verify(filepath.Join(dir, bad)); err == nil {
				t.Error("damage not found")
			}
		})
	}
}

// TestVerifyChecksumMatchesZap guards verify.go's assumption about zap's
// footer (scorch.go, assumption 7): on indexes built by this bleve, in one
// segment and in several, every segment is a store/*.zap file whose
// checksum is the CRC-32 of the bytes before it.
func TestVerifyChecksumMatchesZap(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "ix")
	gen := publish(t, dir, "squat", "lunge", "deadlift")
	several := openEmbedded(t)
	for _, p := range []string{filepath.Join(dir, gen), several.path} {
		if err := VerifyFiles(p); err != nil {
			t.Fatalf("zap's footer checksum is not where verify.go reads it: %v", err)
		}
	}
	if zaps, err := zapFiles(several.path); err != nil || len(zaps) != len(several.segments.parts) {
		t.Errorf("%d segment files (%v), %d segments", len(zaps), err, len(several.segments.parts))
	}
}
