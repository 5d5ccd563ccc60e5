package web_test

import (
	"bufio"
	"bytes"
	"context"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/exsearch/exsearch/internal/apiclient"
)

// The API as an integrator meets it: a Go client generated from the served
// description by oapi-codegen (internal/apiclient), driving a real server.

// clientDir is the generated client's package, from web's directory.
const clientDir = "../internal/apiclient"

// TestGeneratedClientIsCurrent regenerates the client from the description
// the server serves, with the go:generate command and configuration of
// internal/apiclient, and fails if it differs from the committed one: the
// description and the client cannot drift apart, and a change to the
// description that a generator cannot handle shows here.
func TestGeneratedClientIsCurrent(t *testing.T) {
	args := generateCommand(t)
	if _, err := exec.LookPath(args[0]); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s is needed to regenerate the client: %v", args[0], err)
		}
		t.Skipf("%s is not on PATH (this fails under CI=true): %v", args[0], err)
	}
	srv := startServer(t)
	status, spec, _ := get(t, srv, "/api/openapi.json")
	if status != http.StatusOK {
		t.Fatalf("/api/openapi.json: %d", status)
	}
	// The command reads its configuration and writes its output relative to
	// its directory, and the description is its last argument.
	dir := t.TempDir()
	config, err := os.ReadFile(filepath.Join(clientDir, "oapi-codegen.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	for name, b := range map[string][]byte{"oapi-codegen.yaml": config, "openapi.json": []byte(spec)} {
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	args[len(args)-1] = "openapi.json"
	cmd := exec.Command(args[0], args[1:]...)
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%s: %v\n%s", strings.Join(args, " "), err, out)
	}
	got, err := os.ReadFile(filepath.Join(dir, "client.gen.go"))
	if err != nil {
		t.Fatal(err)
	}
	want, err := os.ReadFile(filepath.Join(clientDir, "client.gen.go"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		gl, wl := strings.Split(string(got), "\n"), strings.Split(string(want), "\n")
		i := 0
		for i < len(gl) && i < len(wl) && gl[i] == wl[i] {
			i++
		}
		line := func(l []string) string {
			if i < len(l) {
				return l[i]
			}
			return "(end of file)"
		}
		t.Errorf("internal/apiclient/client.gen.go is not what the served description generates: "+
			"run go generate ./internal/apiclient\nfirst difference, line %d:\n  generated: %s\n  committed: %s",
			i+1, line(gl), line(wl))
	}
}

// generateCommand returns the arguments of internal/apiclient's go:generate
// line, which pins the generator's version.
func generateCommand(t *testing.T) []string {
	t.Helper()
	f, err := os.Open(filepath.Join(clientDir, "generate.go"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if cmd, ok := strings.CutPrefix(sc.Text(), "//go:generate "); ok {
			args := strings.Fields(cmd)
			if len(args) < 2 || !strings.HasSuffix(args[len(args)-1], "openapi.json") {
				t.Fatalf("%s: the go:generate line should end with the description, openapi.json: %q", f.Name(), cmd)
			}
			return args
		}
	}
	t.Fatalf("%s: no go:generate line", f.Name())
	return nil
}

// TestGeneratedClient drives a real server over the shared corpora through
// the generated client: the typed answers decode, array filters travel as
// repeated parameters, errors have their documented shape.
func TestGeneratedClient(t *testing.T) {
	srv := startServer(t)
	c, err := apiclient.NewClientWithResponses(srv.URL, apiclient.WithHTTPClient(srv.Client()))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()

	t.Run("search with array filters", func(t *testing.T) {
		search := func(p apiclient.SearchParams) *apiclient.SearchResult {
			t.Helper()
			p.Q, p.Size = ptr("squat"), ptr(5)
			r, err := c.SearchWithResponse(ctx, &p)
			if err != nil {
				t.Fatal(err)
			}
			if r.JSON200 == nil {
				t.Fatalf("%s: %d %s", r.HTTPResponse.Request.URL, r.StatusCode(), r.Body)
			}
			return r.JSON200
		}
		exercise := []apiclient.Kind{apiclient.KindExercise}
		da := search(apiclient.SearchParams{Lang: &[]apiclient.Language{apiclient.LanguageDa}, Kind: &exercise})
		de := search(apiclient.SearchParams{Lang: &[]apiclient.Language{apiclient.LanguageDe}, Kind: &exercise})
		both := search(apiclient.SearchParams{Lang: &[]apiclient.Language{apiclient.LanguageDa, apiclient.LanguageDe}, Kind: &exercise})
		// A document has one language: values of one facet are OR-ed, so
		// both languages find what each finds.
		if da.Total == 0 || de.Total == 0 || both.Total != da.Total+de.Total {
			t.Errorf("squat in da: %d, de: %d, da or de: %d; want the sum", da.Total, de.Total, both.Total)
		}
		if len(both.Hits) == 0 || len(both.Hits) > 5 {
			t.Errorf("%d hits, want 1 to 5 (size=5)", len(both.Hits))
		}
		for _, h := range both.Hits {
			if h.Lang != apiclient.LanguageDa && h.Lang != apiclient.LanguageDe || h.Kind != apiclient.KindExercise {
				t.Errorf("hit %s: lang %s kind %s, want da or de, exercise", h.Id, h.Lang, h.Kind)
			}
		}
		var selected []string
		for _, v := range both.Facets.Lang {
			if v.Selected {
				selected = append(selected, v.Value)
			}
		}
		if slices.Sort(selected); !slices.Equal(selected, []string{"da", "de"}) {
			t.Errorf("selected languages %v, want [da de]", selected)
		}
	})

	t.Run("400 names the parameter", func(t *testing.T) {
		r, err := c.SearchWithResponse(ctx, &apiclient.SearchParams{Q: ptr("squat"), Size: ptr(1000)})
		if err != nil {
			t.Fatal(err)
		}
		if r.StatusCode() != http.StatusBadRequest || r.JSON400 == nil {
			t.Fatalf("size=1000: %d %s, want 400 with an error", r.StatusCode(), r.Body)
		}
		if r.JSON400.Error == "" || r.JSON400.Param == nil || *r.JSON400.Param != "size" {
			t.Errorf("size=1000: %+v, want an error naming param size", *r.JSON400)
		}
	})

	t.Run("document by id", func(t *testing.T) {
		// Its slashes travel escaped (%2F), as the generated client sends
		// any path parameter.
		const id = "corpus/motionsplan/_exercises/bulgarian-split-squat-39"
		r, err := c.GetDocumentWithResponse(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if r.JSON200 == nil {
			t.Fatalf("%s: %d %s", id, r.StatusCode(), r.Body)
		}
		if d := r.JSON200; d.Id != id || d.Kind != apiclient.KindExercise || d.Title == "" {
			t.Errorf("%s: id %q kind %q title %q", id, d.Id, d.Kind, d.Title)
		}
		r, err = c.GetDocumentWithResponse(ctx, "seeds/nope")
		if err != nil {
			t.Fatal(err)
		}
		if r.StatusCode() != http.StatusNotFound || r.JSON404 == nil || r.JSON404.Error == "" {
			t.Errorf("seeds/nope: %d %s, want 404 with an error", r.StatusCode(), r.Body)
		}
	})

	t.Run("suggest", func(t *testing.T) {
		r, err := c.SuggestWithResponse(ctx, &apiclient.SuggestParams{Q: ptr("hams"), Ui: ptr(apiclient.LanguageDe)})
		if err != nil {
			t.Fatal(err)
		}
		if r.JSON200 == nil {
			t.Fatalf("hams: %d %s", r.StatusCode(), r.Body)
		}
		if s := r.JSON200.Suggestions; len(s) == 0 || len(s) > 8 || r.JSON200.Query != "hams" {
			t.Errorf("hams: query %q, %d suggestions, want 1 to 8", r.JSON200.Query, len(s))
		}
	})

	t.Run("alternatives", func(t *testing.T) {
		const id = "corpus/motionsplan/_exercises/bulgarian-split-squat-39"
		r, err := c.GetAlternativesWithResponse(ctx, id, &apiclient.GetAlternativesParams{
			Equipment: &[]string{"dumbbell", "bench"}, Ui: ptr(apiclient.LanguageDe), Size: ptr(5)})
		if err != nil {
			t.Fatal(err)
		}
		if r.JSON200 == nil {
			t.Fatalf("%s: %d %s", id, r.StatusCode(), r.Body)
		}
		a := r.JSON200
		if a.Id != id || len(a.Hits) == 0 || len(a.Hits) > 5 {
			t.Errorf("%s: id %q, %d alternatives, want 1 to 5", id, a.Id, len(a.Hits))
		}
		for _, h := range a.Hits {
			if h.Id == id || h.Kind != apiclient.KindExercise {
				t.Errorf("alternative %s (%s) to itself or not an exercise", h.Id, h.Kind)
			}
			if len(h.Because.Muscle)+len(h.Because.Focus)+len(h.Because.Movement) == 0 {
				t.Errorf("alternative %s shares nothing (because is empty)", h.Id)
			}
		}
		r, err = c.GetAlternativesWithResponse(ctx, articleID, nil)
		if err != nil {
			t.Fatal(err)
		}
		if r.StatusCode() != http.StatusUnprocessableEntity || r.JSON422 == nil || r.JSON422.Param == nil || *r.JSON422.Param != "id" {
			t.Errorf("alternatives to an article: %d %s, want 422 naming id", r.StatusCode(), r.Body)
		}
	})

	t.Run("facets", func(t *testing.T) {
		r, err := c.FacetsWithResponse(ctx, &apiclient.FacetsParams{Ui: ptr(apiclient.LanguageNo)})
		if err != nil {
			t.Fatal(err)
		}
		if r.JSON200 == nil {
			t.Fatalf("%d %s", r.StatusCode(), r.Body)
		}
		o := r.JSON200
		if o.Total == 0 || len(o.Facets.Muscle) == 0 || len(o.Facets.Lang) != 4 {
			t.Fatalf("total %d, %d muscles, %d languages", o.Total, len(o.Facets.Muscle), len(o.Facets.Lang))
		}
		for _, v := range o.Facets.Muscle {
			if l := v.Labels; l.Da == "" || l.No == "" || l.De == "" || l.En == "" || v.Label != l.No {
				t.Errorf("muscle %s: label %q, labels %+v; want all four, label the Norwegian", v.Value, v.Label, l)
			}
		}
	})
}

func ptr[T any](v T) *T { return &v }
