package corpus_test

// The tests that guard lingua.go's assumptions about lingua-go (its header
// lists them). lingua-go's root package is imported here only: a test's
// imports do not go into the exsearch binary.

import (
	"bytes"
	"encoding/json"
	"io/fs"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/pemistahl/lingua-go"

	"github.com/exsearch/exsearch/corpus"
	"github.com/exsearch/exsearch/internal/sharedtest"
)

const linguaModule = "github.com/pemistahl/lingua-go"

// TestLinguaModelsMatchModule: the embedded models are the files of the
// lingua-go version go.mod requires, for the detector's languages and no
// others, and lingua-models/README.md names that version. After an upgrade
// of lingua-go this fails until `go generate ./corpus` is run.
func TestLinguaModelsMatchModule(t *testing.T) {
	if _, err := exec.LookPath("go"); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("the go command is needed to find lingua-go's module")
		}
		t.Skip("no go command to find lingua-go's module")
	}
	out, err := exec.Command("go", "mod", "download", "-json", linguaModule).Output()
	if err != nil {
		t.Fatalf("go mod download %s: %v", linguaModule, err)
	}
	var mod struct{ Version, Dir string }
	if err := json.Unmarshal(out, &mod); err != nil || mod.Dir == "" {
		t.Fatalf("go mod download %s: no directory in %s (%v)", linguaModule, out, err)
	}
	var want []string
	for _, folder := range corpus.LinguaFolders() {
		for n := 1; n <= 5; n++ {
			want = append(want, corpus.LinguaModelPath(folder, n))
		}
	}
	var got []string
	err = fs.WalkDir(corpus.LinguaModelFiles, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		got = append(got, p)
		embedded, err := fs.ReadFile(corpus.LinguaModelFiles, p)
		if err != nil {
			return err
		}
		original, err := os.ReadFile(filepath.Join(mod.Dir, "language-models", strings.TrimPrefix(p, "lingua-models/")))
		if err != nil {
			t.Errorf("%s: not in %s %s: %v", p, linguaModule, mod.Version, err)
		} else if !bytes.Equal(embedded, original) {
			t.Errorf("%s differs from %s %s's: run go generate ./corpus", p, linguaModule, mod.Version)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("embedded models %q, want %q", got, want)
	}
	readme, err := os.ReadFile(filepath.Join("lingua-models", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(readme), linguaModule+" "+mod.Version+" ") {
		t.Errorf("lingua-models/README.md does not name %s %s: run go generate ./corpus", linguaModule, mod.Version)
	}
}

// TestLinguaModels reads every embedded model as the detector does: each is
// its language's and its length's, every n-gram is listed once and is n
// letters long, and every probability is above 0 and at most 1.
func TestLinguaModels(t *testing.T) {
	for _, folder := range corpus.LinguaFolders() {
		for n := 1; n <= 5; n++ {
			name := corpus.LinguaModelPath(folder, n)
			raw, err := corpus.ReadLinguaModel(name)
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			probs, err := corpus.LoadLinguaModel(folder, n)
			if err != nil {
				t.Fatal(err)
			}
			listed := 0
			for _, set := range raw.GetNgramSets() {
				listed += len(set.GetNgrams())
				if p := set.GetProbability(); !(p > 0 && p <= 1) {
					t.Errorf("%s: probability %v", name, p)
				}
			}
			if len(probs) != listed || uint32(listed) != raw.GetTotalNgrams() {
				t.Errorf("%s: %d n-grams, %d listed, %d said", name, len(probs), listed, raw.GetTotalNgrams())
			}
			for g := range probs {
				if utf8.RuneCountInString(g) != n {
					t.Errorf("%s: n-gram %q", name, g)
					break
				}
			}
			t.Logf("%s: %d n-grams", path.Base(path.Dir(name))+"/"+path.Base(name), len(probs))
		}
	}
}

// TestDetectorAgreesWithLingua runs exsearch's detector and lingua-go's own,
// built from the same languages, over every text and paragraph of the
// embedded corpus, of the shared corpus, of wger's exercises in all their
// languages (other scripts, Spanish, Swedish, …) and some odd strings: they
// must name the same language for each, or both none. Under the race
// detector a tenth of the texts are compared.
func TestDetectorAgreesWithLingua(t *testing.T) {
	texts := []string{
		"", "1234 5678", "!!! ???", "🏋️ 💪", "a", "æ", "ß", "Straße", "Fußball Maß Grüße",
		"日本語のテキストです", "中文文本", "漢字とかな", "Привет, мир", "Γειά σου κόσμε", "مرحبا بالعالم",
		"Hello Привет", "ÆØÅ æøå", "Blåbærsyltetøy", "Rødgrød med fløde", "Übungen für Anfänger",
		"The quick brown fox jumps over the lazy dog", "Jeg har trent hele dagen", "Jeg har trænet hele dagen",
		"Eg har trena heile dagen", "Hämatom", "straße 中文 日本語",
		"Maß Floß blåbærsyltetøy", // the ß rule decides before the Nordic letters narrow
		"xの日 yの月 zの火 the end",     // words of kana and Han: Japanese, so none
	}
	add := func(s string) {
		if len(s) > 4000 { // what the detector is given at most (detectionSample)
			s = strings.ToValidUTF8(s[:4000], "")
		}
		texts = append(texts, s)
	}
	fromDocs := func(docs []corpus.Document) {
		for _, d := range docs {
			add(corpus.DetectionSample(&d))
			for _, p := range paragraphs(&d) {
				if strings.TrimSpace(p) != "" {
					add(p)
				}
			}
		}
	}
	docs, _, err := corpus.Load(t.Context(), []corpus.Source{corpus.DefaultSource()}, corpus.Options{})
	if err != nil {
		t.Fatal(err)
	}
	fromDocs(docs)
	if docs, _, err = corpus.Load(t.Context(), sharedtest.Sources(t), corpus.Options{}); err != nil {
		t.Fatal(err)
	}
	fromDocs(docs)
	for _, s := range wgerTexts(t) {
		add(s)
	}

	linguaCodes := map[lingua.Language]string{
		lingua.Danish: "da", lingua.Bokmal: "no", lingua.Nynorsk: "no", lingua.German: "de", lingua.English: "en",
	}
	theirs := lingua.NewLanguageDetectorBuilder().
		FromLanguages(lingua.Danish, lingua.Bokmal, lingua.Nynorsk, lingua.German, lingua.English).
		Build()
	slices.Sort(texts)
	texts = slices.Compact(texts)
	if raceDetector { // lingua's detector is slow under it: every tenth text
		var sample []string
		for i := 0; i < len(texts); i += 10 {
			sample = append(sample, texts[i])
		}
		texts = sample
	}
	var ours corpus.Detector
	counts := map[string]int{}
	disagree := 0
	for _, text := range texts {
		want := ""
		if l, ok := theirs.DetectLanguageOf(text); ok {
			want = linguaCodes[l]
		}
		got, err := ours.Detect(text)
		if (err == nil) != (want != "") || got != want {
			disagree++
			if disagree <= 20 {
				t.Errorf("lingua says %q, exsearch %q (%v): %.200q", want, got, err, text)
			}
		}
		counts[want]++
	}
	t.Logf("%d texts: %d da, %d no, %d de, %d en, %d none; %d disagreements",
		len(texts), counts["da"], counts["no"], counts["de"], counts["en"], counts[""], disagree)
}

// wgerTexts are the names and descriptions of wger's exercises in every
// language wger has.
func wgerTexts(t *testing.T) []string {
	b, err := os.ReadFile(filepath.Join(sharedtest.Corpus(t), "wger", "translations.json"))
	if err != nil {
		t.Fatal(err)
	}
	var rows []struct {
		Model  string
		Fields struct{ Name, Description string }
	}
	if err := json.Unmarshal(b, &rows); err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, r := range rows {
		if r.Model == "exercises.translation" {
			out = append(out, r.Fields.Name, corpus.MarkdownToText(r.Fields.Description))
		}
	}
	return out
}
