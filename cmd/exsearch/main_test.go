package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/exsearch/exsearch/analytics"
	"github.com/exsearch/exsearch/internal/sharedtest"
	"github.com/exsearch/exsearch/search"
	"github.com/exsearch/exsearch/synth"
)

func runCmd(t *testing.T, args ...string) (string, error) {
	t.Helper()
	var out bytes.Buffer
	err := run(context.Background(), args, &out)
	return out.String(), err
}

// TestReindexSearchCommands runs the README's reindex and search commands
// on the shared corpora.
func TestReindexSearchCommands(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "ix")
	out, err := runCmd(t, "reindex", "--index", dir, sharedtest.Corpus(t), sharedtest.Seeds(t))
	if err != nil {
		t.Fatalf("reindex: %v\n%s", err, out)
	}
	for _, want := range []string{"published gen-", "skipped: 0", "unmapped facet values: none", "ignored (not corpus content): corpus/README.md"} {
		if !strings.Contains(out, want) {
			t.Errorf("reindex summary lacks %q:\n%s", want, out)
		}
	}
	if !strings.Contains(out, "total") || !strings.Contains(out, "exercise") {
		t.Errorf("no counts table:\n%s", out)
	}

	out, err = runCmd(t, "search", "--index", dir, "--size", "3", "nordic", "hamstring")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(out, "\n")
	if !strings.Contains(lines[0], `hits for "nordic hamstring"`) || !strings.Contains(out, "seeds/000_81e3d64a3fd8258c") {
		t.Errorf("search output:\n%s", out)
	}
	if !strings.Contains(out, "muscle:") || !strings.Contains(out, "lang:") {
		t.Errorf("search output has no facet counts:\n%s", out)
	}
	if strings.Contains(out, "<mark>") || strings.Contains(out, "\x1b[") {
		t.Errorf("markup or escapes in non-terminal output:\n%s", out)
	}

	out, err = runCmd(t, "search", "--index", dir, "--json", "--filter", "muscle=hamstrings", "--size", "1")
	if err != nil {
		t.Fatal(err)
	}
	var res search.Result
	if err := json.Unmarshal([]byte(out), &res); err != nil || res.Total == 0 {
		t.Errorf("--json: %v %d", err, res.Total)
	}
	// What is read in the query is said, and --literal reads nothing.
	out, err = runCmd(t, "search", "--index", dir, "--size", "1", "uden", "udstyr", "armbøjninger")
	if err != nil || !strings.Contains(out, `understood "uden udstyr": filter equipment=bodyweight`) {
		t.Errorf("search output does not say what was understood (%v):\n%s", err, out)
	}
	out, err = runCmd(t, "search", "--index", dir, "--size", "1", "--literal", "--prefer-lang", "da", "uden", "udstyr", "armbøjninger")
	if err != nil || strings.Contains(out, "understood") {
		t.Errorf("--literal (%v):\n%s", err, out)
	}
	if _, err := runCmd(t, "search", "--index", dir, "--prefer-lang", "xx", "x"); err == nil || !strings.Contains(err.Error(), "--prefer-lang") {
		t.Errorf("bad --prefer-lang: %v", err)
	}
	if _, err := runCmd(t, "search", "--index", dir, "--size", "500", "x"); err == nil || !strings.Contains(err.Error(), "--size") {
		t.Errorf("bad --size: %v", err)
	}
	if _, err := runCmd(t, "search", "--index", dir, "--filter", "nonsense", "x"); err == nil {
		t.Error("bad --filter accepted")
	}

	// --json summary, and a dry run publishes nothing new.
	out, err = runCmd(t, "reindex", "--dry-run", "--json", sharedtest.Seeds(t))
	if err != nil {
		t.Fatal(err)
	}
	var sum struct {
		OK         bool
		Documents  int
		Generation string
	}
	if err := json.Unmarshal([]byte(out), &sum); err != nil || !sum.OK || sum.Documents != 5 || sum.Generation != "" {
		t.Errorf("dry run summary %+v (%v)\n%s", sum, err, out)
	}
}

func TestReindexFailures(t *testing.T) {
	dir := t.TempDir()
	if _, err := runCmd(t, "reindex", "--index", filepath.Join(dir, "ix"), filepath.Join(dir, "missing")); err == nil {
		t.Error("missing corpus directory accepted")
	}
	if _, err := runCmd(t, "reindex", filepath.Join(dir)); err == nil || !strings.Contains(err.Error(), "--index") {
		t.Errorf("missing --index: %v", err)
	}
	site := filepath.Join(dir, "site")
	os.MkdirAll(site, 0o755)
	os.WriteFile(filepath.Join(site, "ok.md"), []byte("---\ntitle: Ok\nlanguage: da\n---\nTekst\n"), 0o644)
	os.WriteFile(filepath.Join(site, "bad.md"), []byte("---\ntitle: [\n---\n"), 0o644)
	out, err := runCmd(t, "reindex", "--strict", "--index", filepath.Join(dir, "ix"), site)
	if err == nil || !strings.Contains(out, "site/bad.md") {
		t.Errorf("--strict with a bad file: err %v\n%s", err, out)
	}
	if _, err := os.Stat(filepath.Join(dir, "ix", "current")); !os.IsNotExist(err) {
		t.Error("--strict failure published an index")
	}
	out, err = runCmd(t, "reindex", "--index", filepath.Join(dir, "ix"), site)
	if err != nil || !strings.Contains(out, "skipped: 1") || !strings.Contains(out, "site/bad.md:2: front matter") {
		t.Errorf("without --strict: err %v\n%s", err, out)
	}
}

// TestServeDefaultCorpus runs `exsearch serve` with no index, as a newcomer
// does: it must index the embedded corpus into the cache directory, answer,
// and shut down cleanly when signalled.
func TestServeDefaultCorpus(t *testing.T) {
	cache := t.TempDir()
	t.Setenv("EXSEARCH_CACHE_DIR", cache)
	addr := freeAddr(t)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- run(ctx, []string{"serve", "--addr", addr, "--log-level", "warn"}, io.Discard) }()

	base := "http://" + addr
	waitReady(t, base, done)
	var res search.Result
	getJSON(t, base+"/api/search?size=0", &res)
	langs := map[string]int{}
	for _, v := range res.Facets["lang"] {
		langs[v.Value] = v.Count
	}
	for _, l := range []string{"da", "no", "de", "en"} {
		if langs[l] < 13 {
			t.Errorf("default corpus: %d %s documents", langs[l], l)
		}
	}
	getJSON(t, base+"/api/search?q=Kniebeuge", &res)
	if res.Total == 0 || res.Hits[0].Lang != "de" {
		t.Errorf("Kniebeuge: %+v", res.Hits)
	}
	resp, err := http.Get(base + "/?q=planke&ui=da")
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("page: %v %v", err, resp)
	}
	resp.Body.Close()
	if _, err := os.Stat(filepath.Join(cache, "default-index", "current")); err != nil {
		t.Errorf("default index not in the cache directory: %v", err)
	}

	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("serve exited with %v", err)
		}
	case <-time.After(15 * time.Second):
		t.Fatal("serve did not shut down")
	}

	// Analytics are on by default, in SQLite beside the default index;
	// shutting down wrote what was queued. The count (size=0) is not a
	// search a visitor read.
	st, err := analytics.Open(context.Background(), filepath.Join(cache, analytics.SQLiteFile), 0)
	if err != nil {
		t.Fatalf("analytics store beside the default index: %v", err)
	}
	r, err := st.Report(context.Background(), analytics.Period{Days: 1})
	st.Close()
	if err != nil || r.Searches != 2 || strings.Join(r.Languages, ",") != "da,en" {
		t.Errorf("analytics after serving: %+v, %v; want the 2 searches (en, da)", r, err)
	}

	// A second start reuses the cached index.
	before, _ := os.Readlink(filepath.Join(cache, "default-index", "current"))
	ctx, cancel = context.WithCancel(context.Background())
	defer cancel()
	done = make(chan error, 1)
	addr = freeAddr(t)
	go func() { done <- run(ctx, []string{"serve", "--addr", addr, "--log-level", "warn"}, io.Discard) }()
	waitReady(t, "http://"+addr, done)
	after, _ := os.Readlink(filepath.Join(cache, "default-index", "current"))
	if before != after {
		t.Errorf("the cached default index was rebuilt (%s → %s)", before, after)
	}
}

func TestEvalCommand(t *testing.T) {
	out, err := runCmd(t, "eval", "--corpus", sharedtest.Corpus(t), "--corpus", sharedtest.Seeds(t), "--queries",
		filepath.Join(sharedtest.Qrels(t), "sample.tsv"), filepath.Join("..", "..", "quality", "testdata", "dev.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"plain-bleve nDCG@10", "exsearch nDCG@10", "overall", "muscle", "lang da", "lang de", "forlår", "Fliegende mit Kurzhanteln"} {
		if !strings.Contains(out, want) {
			t.Errorf("eval output lacks %q:\n%s", want, out)
		}
	}
	if _, err := runCmd(t, "eval", filepath.Join(sharedtest.Qrels(t), "sample.tsv")); err == nil {
		t.Error("eval without an index or corpus succeeded")
	}
}

func TestGenCorpus(t *testing.T) {
	out := filepath.Join(t.TempDir(), "synth")
	queries := filepath.Join(t.TempDir(), "queries.txt")
	if _, err := runCmd(t, "gen-corpus", "--docs", "120", "--out", out, "--queries", queries, sharedtest.Corpus(t)); err != nil {
		t.Fatal(err)
	}
	if log, err := os.ReadFile(queries); err != nil || string(log) != strings.Join(synth.Queries(0), "\n")+"\n" {
		t.Errorf("--queries did not write the query log, one a line: %v\n%.200s", err, log)
	}
	again := filepath.Join(t.TempDir(), "synth")
	runCmd(t, "gen-corpus", "--docs", "120", "--out", again, sharedtest.Corpus(t))
	a, _ := os.ReadFile(filepath.Join(out, "0000", "0000077.md"))
	b, _ := os.ReadFile(filepath.Join(again, "0000", "0000077.md"))
	if len(a) == 0 || string(a) != string(b) {
		t.Error("gen-corpus is not deterministic")
	}
	res, err := runCmd(t, "reindex", "--strict", "--index", filepath.Join(t.TempDir(), "ix"), out)
	if err != nil || !strings.Contains(res, "indexed 120 documents") {
		t.Errorf("reindex of the synthetic corpus: %v\n%s", err, res)
	}
	for _, l := range []string{"da", "no", "de", "en"} {
		if !strings.Contains(res, "\n        "+l+" ") {
			t.Errorf("no %s documents:\n%s", l, res)
		}
	}
	if _, err := runCmd(t, "gen-corpus", "--docs", "5", "--out", out, sharedtest.Corpus(t)); err == nil {
		t.Error("gen-corpus wrote into an existing directory")
	}
}

func TestVersion(t *testing.T) {
	out, err := runCmd(t, "version")
	if err != nil || !strings.HasPrefix(out, "exsearch ") {
		t.Errorf("%q %v", out, err)
	}
	if _, err := runCmd(t, "frobnicate"); err == nil {
		t.Error("unknown command accepted")
	}
}

func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

func waitReady(t *testing.T, base string, done chan error) {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		select {
		case err := <-done:
			t.Fatalf("serve exited: %v", err)
		default:
		}
		resp, err := http.Get(base + "/readyz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				return
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatal("server not ready within 60 s")
}

func getJSON(t *testing.T, u string, v any) {
	t.Helper()
	resp, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != 200 {
		b, _ := io.ReadAll(resp.Body)
		t.Fatalf("GET %s: %d %s", u, resp.StatusCode, b)
	}
	if err := json.NewDecoder(resp.Body).Decode(v); err != nil {
		t.Fatal(fmt.Errorf("GET %s: %w", u, err))
	}
}

// TestMain runs the exsearch command itself when the test binary is started
// with EXSEARCH_RUN_MAIN=1, so that tests can run it as a real process (and
// kill it).
func TestMain(m *testing.M) {
	if os.Getenv("EXSEARCH_RUN_MAIN") == "1" {
		main()
		os.Exit(0)
	}
	sharedtest.Main(m)
}

// command returns the exsearch command as a process of its own.
func command(args ...string) *exec.Cmd {
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = append(os.Environ(), "EXSEARCH_RUN_MAIN=1")
	return cmd
}
