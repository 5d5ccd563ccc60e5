package search

import (
	"bytes"
	"context"
	"encoding/json"
	"path/filepath"
	"testing"
)

// A cached result's copies share one encoding, and what it gives, with
// took_ms after it, is what encoding/json makes of each copy.
func TestEncodedHeadShared(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "ix")
	publish(t, dir, "squat")
	l, err := OpenLive(dir, LiveOptions{CacheSize: 16})
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	ctx := context.Background()
	a, err := l.Search(ctx, Request{Query: "squat", Size: 5})
	if err != nil {
		t.Fatal(err)
	}
	b, err := l.Search(ctx, Request{Query: "squat", Size: 5})
	if err != nil {
		t.Fatal(err)
	}
	b.TookMS = a.TookMS + 1.25 // a copy's own
	if a == b || a.encoded == nil || a.encoded != b.encoded {
		t.Fatalf("the cache's copies share no encoding: %p %p", a.encoded, b.encoded)
	}
	ha, ta, err := a.EncodedHead()
	if err != nil {
		t.Fatal(err)
	}
	hb, tb, _ := b.EncodedHead()
	if &ha[0] != &hb[0] || ta != tb {
		t.Error("a copy encoded again")
	}
	for _, r := range []*Result{a, b} {
		want, _ := json.Marshal(r)
		took, _ := json.Marshal(r.TookMS)
		got := append(append(append([]byte{}, ha...), `,"took_ms":`...), took...)
		got = append(got, '}')
		if !bytes.Equal(got, want) {
			t.Errorf("head and took_ms\n%s\nencoding/json\n%s", got, want)
		}
	}

	// An uncached result is encoded each time, alike; another answer has
	// another tag.
	c, err := l.Search(ctx, Request{Query: "squat", Size: 4})
	if err != nil {
		t.Fatal(err)
	}
	c.encoded = nil
	hc, tc, _ := c.EncodedHead()
	if tc == ta || bytes.Equal(hc, ha) {
		t.Error("a different page has the same encoding")
	}
	hc2, tc2, _ := c.EncodedHead()
	if tc2 != tc || !bytes.Equal(hc2, hc) {
		t.Error("encoding not stable")
	}
}
