package corpus

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Loading is two passes. The first walks every corpus directory and reads
// each file with the reader its content calls for; dataset fixtures are only
// gathered, since a wger translation needs tables from other files. The
// second joins the fixtures, gives every document its id and language, maps
// facet values through the taxonomy, and keeps each id for the first source
// that claims it (ids.go says how ids are made and checked, and the order).
// Nothing a file contains is lost silently: every file is either loaded,
// reported as a Problem, or listed as ignored.

// Limits. They keep one bad file from taking the run's memory or time, and
// every one of them is reported by name when a file breaks it.
const (
	// DefaultMaxFileSize bounds a single corpus file. The largest real
	// dataset file (wger's translations) is about 3 MB.
	DefaultMaxFileSize = 16 << 20
	// MaxTitleBytes bounds a title and each alternative title.
	MaxTitleBytes = 1000
	// MaxTextBytes bounds a document's excerpt, instructions and body
	// together, as text.
	MaxTextBytes = 2 << 20
	// MaxListItems bounds a front-matter list (tags, equipment, …).
	MaxListItems = 200
)

// DefaultIgnore are file names that describe a repository rather than hold
// corpus content. Hidden files and directories are always ignored.
var DefaultIgnore = []string{"README*", "LICENSE*", "LICENCE*", "CHANGELOG*", "CONTRIBUTING*", "_config.yml", "Gemfile*", "*.lock"}

// Options configure Load. The zero value is ready to use.
type Options struct {
	Taxonomy    *Taxonomy // nil means DefaultTaxonomy()
	Detector    *Detector // nil means a new detector
	MaxFileSize int64     // 0 means DefaultMaxFileSize
	// Ignore are file name patterns (path.Match syntax) that are not corpus
	// files; nil means DefaultIgnore.
	Ignore []string
	// NoInference turns facet inference off (documents keep only declared
	// values), for measuring the product without it.
	NoInference bool
	// BaseURL, if set, is put in front of site-relative URLs and images
	// ("/oevelse/x" → "https://example.dk/oevelse/x"), so that links lead to
	// the site the pages come from.
	BaseURL string
	// Progress, if set, is called after each file is read. The files are
	// listed before any is read, so that a progress bar knows its end.
	Progress func(Progress)
}

// Progress is how far Load has come.
type Progress struct {
	Path       string // the file just read, as in document ids
	Files      int    // files read so far, this one included
	TotalFiles int    // files to read in all
	Docs       int    // documents read so far
}

// Source is one corpus directory: a name (the first element of its
// documents' ids) and its files.
type Source struct {
	Name string
	FS   fs.FS
}

// Dir returns the Source for a directory on disk, named after its last
// path element as the ids convention requires.
func Dir(dir string) (Source, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return Source{}, err
	}
	st, err := os.Stat(abs)
	if err != nil {
		return Source{}, fmt.Errorf("corpus directory: %w", err)
	}
	if !st.IsDir() {
		return Source{}, fmt.Errorf("corpus directory %s: not a directory", dir)
	}
	return Source{Name: filepath.Base(abs), FS: os.DirFS(abs)}, nil
}

// Report is what Load saw: counts, and every file it could not use.
type Report struct {
	Files int `json:"files"` // files read
	// Docs counts documents by language, then kind.
	Docs map[string]map[Kind]int `json:"docs"`
	// Problems are files or records that were skipped, with the reason.
	Problems []*Problem `json:"-"`
	// Warnings are things that were wrong but did not stop a document
	// from being indexed.
	Warnings []*Problem `json:"-"`
	// Ignored are files that are not corpus content (README, hidden files).
	Ignored []string `json:"ignored,omitempty"`
	// Unmapped counts raw facet values the taxonomy does not know, by facet.
	Unmapped map[string]map[string]int `json:"unmapped,omitempty"`
	// OtherLanguages counts dataset records in languages exsearch does not index.
	OtherLanguages map[string]int `json:"other_languages,omitempty"`
	// Inferred counts documents that had a facet inferred, by facet.
	Inferred map[string]int `json:"inferred,omitempty"`
}

// Total returns the number of documents loaded.
func (r *Report) Total() int {
	n := 0
	for _, kinds := range r.Docs {
		for _, c := range kinds {
			n += c
		}
	}
	return n
}

// Load reads every source and returns its documents, sorted by id.
func Load(ctx context.Context, sources []Source, opts Options) ([]Document, *Report, error) {
	l := &loader{
		opts: opts,
		report: &Report{Docs: map[string]map[Kind]int{}, Unmapped: map[string]map[string]int{},
			OtherLanguages: map[string]int{}, Inferred: map[string]int{}},
		fixtures: map[string]*fixtureSet{},
	}
	if l.opts.Taxonomy == nil {
		l.opts.Taxonomy = DefaultTaxonomy()
	}
	if l.opts.Detector == nil {
		l.opts.Detector = &Detector{}
	}
	if l.opts.MaxFileSize == 0 {
		l.opts.MaxFileSize = DefaultMaxFileSize
	}
	if l.opts.Ignore == nil {
		l.opts.Ignore = DefaultIgnore
	}
	names := map[string]bool{}
	for _, s := range sources {
		if !utf8.ValidString(s.Name) {
			return nil, nil, fmt.Errorf("corpus directory %q: name is not valid UTF-8, and it would begin every document id", s.Name)
		}
		if names[s.Name] {
			return nil, nil, fmt.Errorf("two corpus directories are named %q: their document ids would collide", s.Name)
		}
		names[s.Name] = true
		if err := l.walk(ctx, s); err != nil {
			return nil, nil, err
		}
	}
	for i, f := range l.files {
		if err := ctx.Err(); err != nil {
			return nil, nil, err
		}
		l.readFile(f.source, f.path, f.shown)
		if l.opts.Progress != nil {
			l.opts.Progress(Progress{Path: f.shown, Files: i + 1, TotalFiles: len(l.files), Docs: len(l.docs)})
		}
	}
	l.joinFixtures()
	docs := l.finish()
	return docs, l.report, nil
}

type pending struct {
	doc     Document
	srcPath string // the file, for problems
	// record names the dataset record within the file the document came
	// from ("record 3 (\"Sit-Up\")"); empty for a document that is a file.
	record string
}

// place says where p came from, for a reader of the report.
func (p *pending) place() string {
	if p.record == "" {
		return p.srcPath
	}
	return p.srcPath + ", " + p.record
}

// file is one corpus file to read.
type file struct {
	source      Source
	path, shown string
}

type loader struct {
	opts     Options
	report   *Report
	files    []file
	docs     []pending
	fixtures map[string]*fixtureSet // by id prefix (source name + dataset dir)
}

func (l *loader) problem(p string, err error) {
	pr := &Problem{Path: p, Err: err}
	var le *lineError
	if errors.As(err, &le) {
		pr.Line, pr.Err = le.line, le.err
	}
	l.report.Problems = append(l.report.Problems, pr)
}

func (l *loader) warn(p string, err error) {
	pr := &Problem{Path: p, Err: err}
	var le *lineError
	if errors.As(err, &le) {
		pr.Line, pr.Err = le.line, le.err
	}
	l.report.Warnings = append(l.report.Warnings, pr)
}

func (l *loader) ignored(name string) bool {
	if strings.HasPrefix(name, ".") {
		return true
	}
	for _, pat := range l.opts.Ignore {
		if ok, _ := path.Match(pat, name); ok {
			return true
		}
	}
	return false
}

func (l *loader) walk(ctx context.Context, s Source) error {
	return fs.WalkDir(s.FS, ".", func(p string, d fs.DirEntry, err error) error {
		if ctxErr := ctx.Err(); ctxErr != nil {
			return ctxErr
		}
		shown := path.Join(s.Name, p)
		if !utf8.ValidString(shown) {
			// Quoted, so that the report stays text and shows the bytes.
			shown = strconv.Quote(shown)
		}
		if err != nil {
			if p == "." {
				return fmt.Errorf("corpus directory %s: %w", s.Name, err)
			}
			l.problem(shown, err)
			if d != nil && d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if p == "." {
			return nil
		}
		if l.ignored(d.Name()) {
			l.report.Ignored = append(l.report.Ignored, shown)
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if !utf8.ValidString(d.Name()) {
			// Ids are text, and os.DirFS will not open such a name anyway
			// ("invalid argument"); say what is wrong with it instead.
			if d.IsDir() {
				l.problem(shown, fmt.Errorf("directory name is not valid UTF-8; nothing in it is read"))
				return fs.SkipDir
			}
			l.problem(shown, fmt.Errorf("file name is not valid UTF-8"))
			return nil
		}
		if d.IsDir() {
			return nil
		}
		if d.Type()&fs.ModeSymlink != 0 {
			st, err := fs.Stat(s.FS, p)
			if err != nil {
				l.problem(shown, fmt.Errorf("broken symlink: %w", err))
				return nil
			}
			if st.IsDir() {
				// Directories behind symlinks are not followed: that is how
				// loops and trees outside the corpus are kept out.
				l.problem(shown, fmt.Errorf("symlink to a directory is not followed"))
				return nil
			}
		} else if !d.Type().IsRegular() {
			l.problem(shown, fmt.Errorf("not a regular file"))
			return nil
		}
		l.files = append(l.files, file{s, p, shown})
		return nil
	})
}

func (l *loader) readFile(s Source, p, shown string) {
	src, err := readLimited(s.FS, p, l.opts.MaxFileSize)
	if err != nil {
		l.problem(shown, err)
		return
	}
	l.report.Files++
	src = bytes.TrimPrefix(src, []byte("\xef\xbb\xbf"))
	if err := checkText(src); err != nil {
		l.problem(shown, err)
		return
	}
	src = bytes.ReplaceAll(src, []byte("\r\n"), []byte("\n"))
	trimmed := bytes.TrimSpace(src)
	if len(trimmed) == 0 {
		l.problem(shown, fmt.Errorf("empty file"))
		return
	}
	idBase := path.Join(s.Name, strings.TrimSuffix(p, path.Ext(p)))
	datasetDir := path.Join(s.Name, path.Dir(p))
	switch {
	case strings.EqualFold(path.Ext(p), ".json"):
		// A .json file is a dataset or a problem, whatever it starts with:
		// read as text, one holding just `null` or `42` would be indexed as
		// an article titled so.
		l.readJSON(src, shown, datasetDir)
		return
	case looksLikeJSON(trimmed):
		l.readJSON(src, shown, datasetDir)
		return
	case hasFrontMatter(src):
		l.readPage(src, shown, idBase)
		return
	}
	title, body, sections, err := parseArticle(src)
	if err != nil {
		l.problem(shown, err)
		return
	}
	l.docs = append(l.docs, pending{srcPath: shown, doc: Document{ID: idBase, Kind: KindArticle, Title: title, Body: body, Sections: sections}})
}

// looksLikeJSON keeps a text article that happens to start with "[" from
// being read as a dataset.
func looksLikeJSON(b []byte) bool {
	return bytes.HasPrefix(b, []byte("[{")) || bytes.HasPrefix(b, []byte("[\n")) || bytes.HasPrefix(b, []byte("{\"")) || bytes.HasPrefix(b, []byte("[ "))
}

func readLimited(fsys fs.FS, p string, limit int64) ([]byte, error) {
	f, err := fsys.Open(p)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if st, err := f.Stat(); err == nil && st.Size() > limit {
		return nil, fmt.Errorf("file is %d bytes, over the %d byte limit (--max-file-size)", st.Size(), limit)
	}
	src, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(src)) > limit {
		return nil, fmt.Errorf("file is over the %d byte limit (--max-file-size)", limit)
	}
	return src, nil
}

// checkText rejects binary files and text that is not UTF-8, naming where.
func checkText(src []byte) error {
	head := src[:min(len(src), 8192)]
	if bytes.IndexByte(head, 0) >= 0 {
		return fmt.Errorf("binary file (%s), not a corpus document", http.DetectContentType(head))
	}
	if !utf8.Valid(src) {
		off := 0
		for off < len(src) {
			r, size := utf8.DecodeRune(src[off:])
			if r == utf8.RuneError && size <= 1 {
				break
			}
			off += size
		}
		line := 1 + bytes.Count(src[:off], []byte("\n"))
		return &lineError{line: line, err: fmt.Errorf("invalid UTF-8 at byte %d", off)}
	}
	return nil
}

func (l *loader) readJSON(src []byte, shown, datasetDir string) {
	format, err := sniffJSON(src)
	if err != nil {
		l.problem(shown, err)
		return
	}
	switch format {
	case formatDjangoFixture:
		set := l.fixtures[datasetDir]
		if set == nil {
			set = &fixtureSet{}
			l.fixtures[datasetDir] = set
		}
		if err := set.add(shown, src); err != nil {
			l.problem(shown, err)
		}
	case formatFreeExerciseDB:
		docs, errs, err := readFreeExerciseDB(src)
		if err != nil {
			l.problem(shown, err)
			return
		}
		for _, e := range errs {
			l.problem(shown, e)
		}
		for _, p := range docs {
			p.doc.ID = path.Join(datasetDir, p.doc.ID)
			p.srcPath = shown
			l.docs = append(l.docs, p)
		}
	}
}

func (l *loader) readPage(src []byte, shown, id string) {
	p, err := parsePage(src)
	if err != nil {
		l.problem(shown, err)
		return
	}
	for _, w := range p.warnings {
		l.warn(shown, w)
	}
	body, err := p.renderBody()
	if err != nil {
		l.warn(shown, err)
	}
	d := Document{
		ID:           id,
		Kind:         KindArticle,
		Title:        p.title,
		AltTitles:    p.alt,
		Excerpt:      MarkdownToText(StripLiquid(p.excerpt)),
		Instructions: MarkdownToText(StripLiquid(p.instr)),
		Body:         MarkdownToText(body),
		Sections:     MarkdownSections(body),
		TrainingType: p.ttype,
		Tags:         p.tags,
		Categories:   p.cats,
		URL:          strings.TrimSpace(p.url),
		Image:        p.image,
		Modified:     p.modified,
		Raw:          RawFacets{Muscle: p.muscle, Equipment: p.equip, Focus: append(slices.Clone(p.focus), p.ttype...)},
	}
	if p.isExercise() {
		d.Kind = KindExercise
	}
	if d.Title == "" && len(d.AltTitles) > 0 {
		d.Title, d.AltTitles = d.AltTitles[0], d.AltTitles[1:]
	}
	if d.Title == "" {
		l.problem(shown, fmt.Errorf("front matter: no title"))
		return
	}
	if p.language != "" {
		lang, err := ParseLanguage(p.language)
		if err != nil {
			line := 0
			if n := p.fields["language"]; n != nil {
				line = n.Line + 1
			}
			l.problem(shown, &lineError{line: line, err: fmt.Errorf("front matter: %w", err)})
			return
		}
		d.Lang = lang
	}
	l.docs = append(l.docs, pending{srcPath: shown, doc: d})
}

func (l *loader) joinFixtures() {
	dirs := make([]string, 0, len(l.fixtures))
	for d := range l.fixtures {
		dirs = append(dirs, d)
	}
	sort.Strings(dirs)
	for _, dir := range dirs {
		set := l.fixtures[dir]
		if len(set.byModel["exercises.translation"]) == 0 {
			// Lookup tables without translations index nothing; say so
			// rather than dropping the files without a word.
			for _, f := range set.files {
				l.warn(f, fmt.Errorf("a Django fixture with no exercises.translation records in its directory: nothing to index"))
			}
			continue
		}
		res := set.documents()
		for _, e := range res.errs {
			l.problem(e.Path, e.Err)
		}
		for lang, n := range res.otherLangs {
			l.report.OtherLanguages[lang] += n
		}
		for _, p := range res.docs {
			p.doc.ID = path.Join(dir, p.doc.ID)
			l.docs = append(l.docs, p)
		}
	}
}

// finish assigns languages, excerpts and canonical facets, and gives each
// id to its first claimant: a later one is reported with both places and
// skipped, so a duplicate, crafted or not, never removes the document that
// had the id (ids.go gives the order).
func (l *loader) finish() []Document {
	// Files were read, and fixtures joined, in claim order; only the
	// records read from files have to move behind the files' own documents.
	fromRecord := func(p pending) int {
		if p.record != "" {
			return 1
		}
		return 0
	}
	slices.SortStableFunc(l.docs, func(a, b pending) int { return fromRecord(a) - fromRecord(b) })
	owner := map[string]*pending{}
	var out []Document
	for i := range l.docs {
		p := &l.docs[i]
		if first, taken := owner[p.doc.ID]; taken {
			what := ""
			if p.record != "" {
				what = p.record + ": "
			}
			l.problem(p.srcPath, fmt.Errorf("%sdocument id %s is already taken by %s; not indexed", what, p.doc.ID, first.place()))
			continue
		}
		owner[p.doc.ID] = p
		d := p.doc
		d.Source = p.srcPath
		if err := checkLimits(&d); err != nil {
			l.problem(p.srcPath, err)
			continue
		}
		if d.Lang == "" {
			lang, err := l.opts.Detector.Detect(detectionSample(&d))
			if err != nil {
				l.problem(p.srcPath, err)
				continue
			}
			d.Lang, d.LangDetected = lang, true
		}
		d.URL = l.absolute(d.URL)
		d.Image = l.absolute(d.Image)
		if d.Excerpt == "" {
			d.Excerpt = Summary(firstNonEmpty(d.Instructions, d.Body), 240)
		}
		l.reportUnmapped(&d)
		l.opts.Taxonomy.Complete(&d, !l.opts.NoInference)
		for _, f := range d.Inferred {
			l.report.Inferred[f]++
		}
		if l.report.Docs[d.Lang] == nil {
			l.report.Docs[d.Lang] = map[Kind]int{}
		}
		l.report.Docs[d.Lang][d.Kind]++
		out = append(out, d)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

// absolute joins a site-relative path to the base URL, if one is set.
func (l *loader) absolute(u string) string {
	if l.opts.BaseURL == "" || !strings.HasPrefix(u, "/") || strings.HasPrefix(u, "//") {
		return u
	}
	return strings.TrimRight(l.opts.BaseURL, "/") + u
}

// reportUnmapped counts the raw values of d that the taxonomy does not know
// and does not ignore: facet values, tags and categories.
func (l *loader) reportUnmapped(d *Document) {
	tax := l.opts.Taxonomy
	count := func(facet, raw string) {
		if l.report.Unmapped[facet] == nil {
			l.report.Unmapped[facet] = map[string]int{}
		}
		l.report.Unmapped[facet][raw]++
	}
	for facet, raws := range map[string][]string{"muscle": d.Raw.Muscle, "equipment": d.Raw.Equipment, "focus": d.Raw.Focus} {
		for _, r := range raws {
			if _, ok, ignored := tax.Facet(facet).Resolve(r); !ok && !ignored && Slug(r) != "" {
				count(facet, r)
			}
		}
	}
	for _, v := range append(slices.Clone(d.Tags), d.Categories...) {
		if len(tax.ResolveAny(v)) == 0 && !tax.IgnoredTag(v) {
			count("tags", v)
		}
	}
}

// detectionSample is the text the language detector sees: enough of the
// document to be sure, bounded so long articles cost no more than short ones.
func detectionSample(d *Document) string {
	s := d.Title + "\n" + d.Excerpt + "\n" + d.Instructions + "\n" + d.Body
	if len(s) > 4000 {
		s = s[:4000]
		for !utf8.ValidString(s) {
			s = s[:len(s)-1]
		}
	}
	return s
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if strings.TrimSpace(s) != "" {
			return s
		}
	}
	return ""
}

// Summary returns the start of text, cut at a word boundary to at most max
// bytes, with an ellipsis when it was cut.
func Summary(text string, max int) string {
	text = collapseSpace(text)
	if len(text) <= max {
		return text
	}
	cut := strings.LastIndexByte(text[:max], ' ')
	if cut < max/2 {
		cut = max
		for !utf8.ValidString(text[:cut]) {
			cut--
		}
	}
	return strings.TrimRight(text[:cut], " ,.;:") + "…"
}

// checkLimits rejects a document whose fields break the limits.
func checkLimits(d *Document) error {
	if n := len(d.Title); n > MaxTitleBytes {
		return fmt.Errorf("%s: title is %d bytes, the limit is %d", d.ID, n, MaxTitleBytes)
	}
	for _, a := range d.AltTitles {
		if n := len(a); n > MaxTitleBytes {
			return fmt.Errorf("%s: an alternative title is %d bytes, the limit is %d", d.ID, n, MaxTitleBytes)
		}
	}
	if n := len(d.Excerpt) + len(d.Instructions) + len(d.Body); n > MaxTextBytes {
		return fmt.Errorf("%s: text is %d bytes, the limit is %d", d.ID, n, MaxTextBytes)
	}
	for name, l := range map[string][]string{"tags": d.Tags, "categories": d.Categories, "alternative_titles": d.AltTitles,
		"muscle_group": d.Raw.Muscle, "equipment": d.Raw.Equipment, "training_focus": d.Raw.Focus} {
		if len(l) > MaxListItems {
			return fmt.Errorf("%s: %s has %d items, the limit is %d", d.ID, name, len(l), MaxListItems)
		}
	}
	return nil
}
