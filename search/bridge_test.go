package search

import "testing"

// TestRespell respells folded, analysed terms between bokmål and Danish
// against small vocabularies: each correspondence, combinations of them,
// the fewest changes first, and words with no respelling the vocabulary
// holds.
func TestRespell(t *testing.T) {
	cases := []struct {
		lang, term string
		known      []string
		want       string // "" for none
	}{
		{"da", "trening", []string{"traening"}, "traening"},
		{"da", "kroppsvekt", []string{"kropsvaegt"}, "kropsvaegt"},                  // pp, e, k after a vowel
		{"da", "restitusjon", []string{"restitution"}, "restitution"},               // -sjon
		{"da", "fettforbrenning", []string{"fedtforbraending"}, "fedtforbraending"}, // tt/dt, e/æ, nn/nd
		{"da", "utfall", []string{"udfald"}, "udfald"},                              // t after a vowel, ll/ld
		{"da", "loepeprogram", []string{"loebeprogram"}, "loebeprogram"},
		{"da", "knaeboey", []string{"knaeboej"}, "knaeboej"},      // øy/øj
		{"da", "teknikk", []string{"teknik", "tegnik"}, "teknik"}, // fewest changes
		{"da", "trening", []string{"tradning"}, ""},
		{"da", "ppppppppppppppppp", nil, ""}, // many sites, bounded tries
		{"no", "traening", []string{"trening"}, "trening"},
		{"no", "udfald", []string{"utfall"}, "utfall"},
		{"no", "restitution", []string{"restitusjon"}, "restitusjon"},
		{"no", "teknik", []string{"teknikk"}, "teknikk"},
	}
	for _, c := range cases {
		t.Run(c.lang+"/"+c.term, func(t *testing.T) {
			vocab := map[string]bool{}
			for _, k := range c.known {
				vocab[k] = true
			}
			asked := 0
			got, ok := respell(c.term, respellings[c.lang], func(s string) bool { asked++; return vocab[s] })
			if got != c.want || ok != (c.want != "") {
				t.Errorf("respell(%q) = %q, %v; want %q", c.term, got, ok, c.want)
			}
			if asked > bridgeTries {
				t.Errorf("respell(%q) asked %d times, at most %d", c.term, asked, bridgeTries)
			}
		})
	}
}

// TestNeighbourWords: the bokmål↔Danish word pairs are looked up folded,
// either way, and give the other language's word as written.
func TestNeighbourWords(t *testing.T) {
	for _, c := range []struct{ lang, raw, want string }{
		{"da", "roing", "roning"},
		{"da", "oppvarming", "opvarmning"},
		{"da", "toeying", "udstrækning"}, // folded "tøying"
		{"no", "roning", "roing"},
		{"no", "udstraekning", "tøying"},
		{"no", "ondt", "vondt"},
		{"no", "baglaens", "baklengs"},
		{"de", "roing", ""},
		{"da", "squat", ""},
	} {
		if got := neighbourWords[c.lang][c.raw]; got != c.want {
			t.Errorf("%s %q: %q, want %q", c.lang, c.raw, got, c.want)
		}
	}
	for _, p := range neighbourPairs {
		if p[0] == p[1] {
			t.Errorf("%q pairs with itself", p[0])
		}
	}
}
