package main

import (
	"bufio"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"github.com/exsearch/exsearch/indexer"
	"github.com/exsearch/exsearch/internal/sharedtest"
)

// The HTTP side of the chaos tests (see chaos_test.go): what a visitor, a
// crawler or an attacker sends.

// TestChaosOddMethods sends 10,000 requests with made-up methods, some of
// them 30 KB long. Before the fix each became a /metrics label: /metrics
// grew to hundreds of MB and memory with it.
func TestChaosOddMethods(t *testing.T) {
	dir, _ := seedsIndex(t)
	s := startServer(t, dir, nil)
	addr := strings.TrimPrefix(s.base, "http://")
	var wg sync.WaitGroup
	for w := 0; w < 4; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			conn, err := net.Dial("tcp", addr)
			if err != nil {
				t.Error(err)
				return
			}
			defer conn.Close()
			r := bufio.NewReader(conn)
			for i := 0; i < 2500; i++ {
				method := fmt.Sprintf("M%dX%d", w, i)
				if i%50 == 0 {
					method += strings.Repeat("Q", 30<<10)
				}
				fmt.Fprintf(conn, "%s /api/search?q=x HTTP/1.1\r\nHost: x\r\n\r\n", method)
				resp, err := http.ReadResponse(r, nil)
				if err != nil {
					// The server may close a connection after an error
					// answer; open another.
					conn.Close()
					if conn, err = net.Dial("tcp", addr); err != nil {
						t.Error(err)
						return
					}
					r = bufio.NewReader(conn)
					continue
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
			}
		}(w)
	}
	wg.Wait()
	s.alive(t)
	resp, err := http.Get(s.base + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if len(b) > 100<<10 {
		t.Errorf("/metrics is %d bytes after 10,000 odd methods (limit 100 KB)", len(b))
	}
	s.stop(t)
}

// TestChaosOverflowAndHEAD: pages that overflow page×size, and HEAD on
// every GET route.
func TestChaosOverflowAndHEAD(t *testing.T) {
	dir, _ := seedsIndex(t)
	s := startServer(t, dir, nil)
	for _, q := range []string{"page=4611686018427387904&size=2", "page=4611686018427387905&size=4", "page=9223372036854775807&size=100", "page=99999999999999999999"} {
		resp, err := http.Get(s.base + "/api/search?" + q)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 400 || !strings.Contains(string(b), `"param":"page"`) {
			t.Errorf("%s: %d %s", q, resp.StatusCode, b)
		}
	}
	for _, p := range []string{"/", "/?q=styrke", "/api/search?q=styrke", "/api/suggest?q=sty", "/api/facets", "/healthz", "/readyz", "/metrics", "/api/openapi.json"} {
		resp, err := http.Head(s.base + p)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 200 {
			t.Errorf("HEAD %s: %d", p, resp.StatusCode)
		}
	}
	s.stop(t)
}

// TestChaosForgedHeaders: with a rate limit and no trusted proxy, a new
// X-Forwarded-For per request does not make a new client, and the access
// log records the TCP peer. With the peer trusted, the header is the client.
func TestChaosForgedHeaders(t *testing.T) {
	dir, _ := seedsIndex(t)
	send := func(s *chaosServer) (passed int) {
		for i := 0; i < 30; i++ {
			req, _ := http.NewRequest("GET", s.base+"/api/search?q=styrke", nil)
			req.Header.Set("X-Forwarded-For", fmt.Sprintf("203.0.113.%d", i+1))
			req.Header.Set("X-Real-IP", fmt.Sprintf("198.51.100.%d", i+1))
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode == 200 {
				passed++
			}
		}
		return passed
	}
	s := startServer(t, dir, nil, "--rate-limit", "2")
	if passed := send(s); passed > 6 {
		t.Errorf("forged headers from an untrusted peer: %d of 30 passed a limit of 2/s", passed)
	}
	s.stop(t)
	if strings.Contains(s.log.String(), "203.0.113.") || strings.Contains(s.log.String(), "198.51.100.") {
		t.Error("the access log records a forged address")
	}
	s = startServer(t, dir, nil, "--rate-limit", "2", "--trusted-proxies", "127.0.0.0/8,::1/128")
	if passed := send(s); passed < 25 {
		t.Errorf("behind a trusted proxy, distinct clients: only %d of 30 passed", passed)
	}
	s.stop(t)
	if !strings.Contains(s.log.String(), "203.0.113.") {
		t.Error("behind a trusted proxy, the access log does not record the client")
	}
}

// TestChaosOddIDs indexes files whose names hold %, #, ? and spaces, a
// dataset record with a path-escaping id, a JSON file holding null and a
// file name that is not UTF-8. Every link on the page must lead to its
// document, the record and the odd files must be reported, not indexed.
func TestChaosOddIDs(t *testing.T) {
	src := filepath.Join(t.TempDir(), "site")
	os.MkdirAll(filepath.Join(src, "data"), 0o755)
	page := func(name, title string) {
		body := "---\ntitle: " + title + "\nlanguage: da\nmuscle_group: [quadriceps]\n---\nEn øvelse for forreste lår med mange gentagelser og styrke.\n"
		if err := os.WriteFile(filepath.Join(src, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	page("100% effort.md", "Fuld indsats squat")
	page("a#b?c.md", "Hash spørgsmål squat")
	page("plus+and space.md", "Plus mellemrum squat")
	os.WriteFile(filepath.Join(src, "null.json"), []byte("null"), 0o644)
	os.WriteFile(filepath.Join(src, "bad\xffname.md"), []byte("---\ntitle: x\n---\ny\n"), 0o644)
	os.WriteFile(filepath.Join(src, "data", "exercises.json"), []byte(`[{"id":"../../etc/passwd","name":"Crafted","primaryMuscles":["quadriceps"],"instructions":["x"]},{"id":"Real_Squat","name":"Real squat","primaryMuscles":["quadriceps"],"instructions":["Squat down."]}]`), 0o644)

	dir := filepath.Join(t.TempDir(), "ix")
	out, err := command("reindex", "--index", dir, "--progress", "none", src).CombinedOutput()
	if err != nil {
		t.Fatalf("reindex: %v\n%s", err, out)
	}
	for _, want := range []string{"null.json", `bad\xffname`, "../../etc/passwd"} {
		if !strings.Contains(string(out), want) {
			t.Errorf("reindex does not report %q:\n%s", want, out)
		}
	}
	s := startServer(t, dir, nil)
	var res struct {
		Total int
		Hits  []struct{ ID, Title string }
	}
	getJSON(t, s.base+"/api/search?size=20", &res)
	var ids []string
	for _, h := range res.Hits {
		ids = append(ids, h.ID)
		if strings.Contains(h.ID, "etc/passwd") || strings.EqualFold(h.Title, "null") {
			t.Errorf("indexed %q %q", h.ID, h.Title)
		}
	}
	for _, want := range []string{"site/100% effort", "site/a#b?c", "site/plus+and space", "site/data/Real_Squat"} {
		if !slices.Contains(ids, want) {
			t.Errorf("%q not indexed (have %v)", want, ids)
		}
	}

	// Follow every document link on the results page, then every language
	// link on each document page: each must answer 200 with that document.
	doc := fetchHTML(t, s.base+"/?q=squat&ui=da")
	links := 0
	doc.Find(`a[href^="/d/"]`).Each(func(_ int, a *goquery.Selection) {
		href, _ := a.Attr("href")
		links++
		d := fetchHTML(t, s.base+href)
		title := strings.TrimSpace(d.Find("h1").First().Text())
		// The interface-language links (an alternative's lang attribute
		// does not make it one).
		d.Find(`a[data-ui]`).Each(func(_ int, l *goquery.Selection) {
			lh, _ := l.Attr("href")
			if !strings.HasPrefix(lh, "/d/") {
				return
			}
			u, _ := url.Parse(lh)
			if h, _ := url.Parse(href); u.EscapedPath() != h.EscapedPath() {
				t.Errorf("language link %q on %q leads elsewhere", lh, href)
			}
			if got := strings.TrimSpace(fetchHTML(t, s.base+lh).Find("h1").First().Text()); got != title {
				t.Errorf("language link %q: title %q, want %q", lh, got, title)
			}
		})
	})
	if links < 3 {
		t.Errorf("only %d document links on the page", links)
	}
	s.stop(t)
}

func fetchHTML(t *testing.T, u string) *goquery.Document {
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
	d, err := goquery.NewDocumentFromReader(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// TestChaosCostlyClients: eight clients send the costliest query of the
// hostile log (32 misspelt compounds, word order shuffled to defeat the
// cache) while a ninth searches as visitors do. Every ordinary search must
// be answered; the latencies are logged (bench/fairness.sh measures them
// against the target).
func TestChaosCostlyClients(t *testing.T) {
	dir, _ := seedsIndex(t)
	s := startServer(t, dir, nil, "--cache-size", "0")
	words := strings.Fields(costlyQuery)
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for c := 0; c < 8; c++ {
		wg.Add(1)
		go func(seed uint64) {
			defer wg.Done()
			r := rand.New(rand.NewPCG(seed, 1))
			for {
				select {
				case <-stop:
					return
				default:
				}
				w := slices.Clone(words)
				r.Shuffle(len(w), func(i, j int) { w[i], w[j] = w[j], w[i] })
				resp, err := http.Get(s.base + "/api/search?q=" + url.QueryEscape(strings.Join(w, " ")))
				if err != nil {
					continue
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if resp.StatusCode >= 500 && resp.StatusCode != 503 {
					t.Errorf("costly query: %d", resp.StatusCode)
				}
			}
		}(uint64(c))
	}
	time.Sleep(300 * time.Millisecond)
	var lat []time.Duration
	for i := 0; i < 60; i++ {
		q := []string{"styrke", "knæbøjning", "squat", "Kniebeuge", "trening for løpere", "benpres"}[i%6]
		start := time.Now()
		resp, err := http.Get(s.base + "/api/search?q=" + url.QueryEscape(q))
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		lat = append(lat, time.Since(start))
		if resp.StatusCode != 200 {
			t.Errorf("ordinary search %q under costly load: %d", q, resp.StatusCode)
		}
	}
	close(stop)
	wg.Wait()
	slices.Sort(lat)
	t.Logf("ordinary searches under 8 costly clients: p50 %v, p99 %v (measured against the target by bench/fairness.sh)", lat[len(lat)/2], lat[len(lat)*99/100])
	s.alive(t)
	s.stop(t)
}

// costlyQuery is the costliest query of the hostile log: 32 misspelt
// German compounds, each expanded by typo tolerance.
const costlyQuery = "Kniebeugenlanghantelx Schulterdrückmaschinne Bankdrückenkurzhantell Kreuzhebenrumänischh " +
	"Seitheberkabelzugg Beinpressemaschinne Wadenheberstehendd Bizepscurlslanghantell " +
	"Trizepsdrückenkabell Klimmzügeobergriffx Rudernlanghantelvorgebeugtt Ausfallschrittegehendd " +
	"Hüftstreckermaschinne Brustpressemaschinne Latziehenbreitgriffx Schulterpressekurzhantell " +
	"Bauchpressemaschinne Rückenstreckerbankk Nackendrückenlanghantell Frontheberkurzhantell " +
	"Beinbeugermaschinne Beinstreckermaschinne Kurzhantelflyesflachh Kabelzugüberkreuzz " +
	"Kettlebellschwüngee Kastensprüngehochh Liegestützeerhöhtt Dipsbarrenstützz " +
	"Hantelrudernseitlichh Überkopfdrückenstehendd Goodmorningslanghantell Hackenschmidtkniebeugee"

// TestChaosPermissions runs the server as another user (nobody) over an
// index that root rebuilds, as after `sudo exsearch reindex`. Generations
// follow the umask: with 022 the server can read and switch; with 077 it
// cannot, and keeps serving, degraded, and nothing is lost. Before the fix
// generations were 0700 whatever the umask.
func TestChaosPermissions(t *testing.T) {
	if os.Geteuid() != 0 {
		if os.Getenv("CI") == "true" {
			t.Fatal("CI runs as root; this test needs root to run the server as nobody")
		}
		t.Skip("needs root to run the server as another user (CI runs it)")
	}
	// The test binary and the index must be reachable by nobody.
	base := t.TempDir()
	for p := base; p != "/" && p != os.TempDir(); p = filepath.Dir(p) {
		os.Chmod(p, 0o755)
	}
	bin := filepath.Join(base, "exsearch.test")
	b, err := os.ReadFile(os.Args[0])
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(bin, b, 0o755); err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(base, "ix")
	reindex := func(umask string) {
		t.Helper()
		cmd := exec.Command("sh", "-c", "umask "+umask+" && exec \"$0\" \"$@\"", bin, "reindex", "--index", dir, "--progress", "none", sharedtest.Seeds(t))
		cmd.Env = append(os.Environ(), "EXSEARCH_RUN_MAIN=1")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("reindex (umask %s): %v\n%s", umask, err, out)
		}
	}
	reindex("022")
	asNobody := func(cmd *exec.Cmd) {
		cmd.Path = bin
		cmd.Args[0] = bin
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534}}
	}
	// The index directory is root's: nobody's analytics go where nobody
	// may write (in the index directory, they would fail, and /readyz
	// would say "degraded" for that).
	data := filepath.Join(base, "data")
	if err := os.Mkdir(data, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Chown(data, 65534, 65534); err != nil {
		t.Fatal(err)
	}
	s := startServer(t, dir, asNobody, "--analytics-dsn", filepath.Join(data, "analytics.sqlite"))
	_, gen1, _ := indexer.Current(dir)
	time.Sleep(2 * time.Millisecond)
	reindex("022")
	_, gen2, _ := indexer.Current(dir)
	s.waitFor(t, "the second generation", func(r readyView) bool { return r.Index.Generation == gen2 && r.Status == "ready" })
	reindex("077")
	_, gen3, _ := indexer.Current(dir)
	r := s.waitFor(t, "degraded", func(r readyView) bool { return r.Status == "degraded" })
	if r.Index.Generation != gen2 {
		t.Errorf("readyz %+v", r)
	}
	s.answers(t)
	s.stop(t)
	if got := wholeDir(t, dir); got != gen2+","+gen3 {
		t.Errorf("generations %s, want %s,%s (gen1 %s pruned by reindex's --keep 2)", got, gen2, gen3, gen1)
	}
}
