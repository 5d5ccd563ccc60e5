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
	"runtime"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Loading is two passes. The first walks every corpus directory, listing
// its files, then reads each file with the reader sniff picks for it: a
// front-matter page (page.go), a plain-text article (article.go) or a
// dataset (datasets.go). A document's id is made as it is read (ids.go).
// Dataset fixtures are only gathered, since a wger translation needs tables
// from other files. The second pass joins the fixtures (wger.go) and
// finishes every document (finish.go): it keeps each id for the first
// source that claims it, and gives documents their language, excerpt and
// canonical facets.
//
// Reading a file touches nothing but the file: what it gives (documents,
// problems, warnings, fixture records) is a fileRead of its own, which the
// loader adds to what it has in the order the walk listed the files. So
// files are read several at once (Options.Workers, inorder.go) and the
// outcome is the same as if they were read one by one.
//
// Nothing a file contains is lost silently: every file is either loaded,
// reported as a Problem, or listed as ignored (Report).

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
	// Progress, if set, is called after each file is read, file by file in
	// the order they were listed, on the goroutine that called Load. The
	// files are listed before any is read, so that a progress bar knows its
	// end.
	Progress func(Progress)
	// Workers is how many files are read at once; 0 means GOMAXPROCS, and
	// 1 reads them one by one on the goroutine that called Load. The
	// outcome is the same for any number (inorder.go). With more than one,
	// the sources' file systems are read from several goroutines at once,
	// which os.DirFS and embed.FS allow.
	Workers int
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
	// dir is FS's directory on disk when Dir made it, so that files are
	// read with the few system calls a read needs (readfile_unix.go).
	dir string
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
	return Source{Name: filepath.Base(abs), FS: os.DirFS(abs), dir: abs}, nil
}

// Load reads every source and returns its documents, sorted by id.
func Load(ctx context.Context, sources []Source, opts Options) ([]Document, *Report, error) {
	var docs []Document
	report, err := Stream(ctx, sources, opts, func(d *Document) error {
		docs = append(docs, *d)
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	sort.Slice(docs, func(i, j int) bool { return docs[i].ID < docs[j].ID })
	for i := range docs {
		report.Mined.Apply(&docs[i])
	}
	return docs, report, nil
}

// Stream reads every source as Load does, but hands each document to each
// as soon as it is finished, in claim order (ids.go), rather than keeping
// them all: the documents of files as the files are read, then those of
// dataset records, which wait for every file (a wger translation needs
// tables from other files). What Load returns is what Stream gives, sorted
// by id. An error from each stops the reading and is returned. The report
// is complete when Stream returns, its problems in the order Load gives
// them: the files' own, then those found in finishing documents.
func Stream(ctx context.Context, sources []Source, opts Options, each func(*Document) error) (*Report, error) {
	l := &loader{
		opts: opts,
		report: &Report{Docs: map[string]map[Kind]int{}, Unmapped: map[string]map[string]int{},
			OtherLanguages: map[string]int{}, Inferred: map[string]int{}},
		fixtures: map[string]*fixtureSet{},
		owner:    map[string]string{},
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
	if l.opts.Workers == 0 {
		l.opts.Workers = runtime.GOMAXPROCS(0)
	}
	names := map[string]bool{}
	for _, s := range sources {
		if !utf8.ValidString(s.Name) {
			return nil, fmt.Errorf("corpus directory %q: name is not valid UTF-8, and it would begin every document id", s.Name)
		}
		if names[s.Name] {
			return nil, fmt.Errorf("two corpus directories are named %q: their document ids would collide", s.Name)
		}
		names[s.Name] = true
		if err := l.walk(ctx, s); err != nil {
			return nil, err
		}
	}
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	var eachErr error
	give := func(p *pending) {
		if eachErr != nil {
			return
		}
		if d := l.finish(p); d != nil {
			l.miner.add(d)
			if eachErr = each(d); eachErr != nil {
				cancel(eachErr)
			}
		}
	}
	read := func(i int) *fileRead { return readFile(l.files[i], l.opts.MaxFileSize) }
	use := func(i int, r *fileRead) {
		l.add(r, give)
		if l.opts.Progress != nil {
			l.opts.Progress(Progress{Path: l.files[i].shown, Files: i + 1, TotalFiles: len(l.files), Docs: l.read})
		}
	}
	if err := inOrder(ctx, len(l.files), l.opts.Workers, read, use); err != nil {
		if eachErr != nil {
			return nil, eachErr
		}
		return nil, err
	}
	if eachErr != nil {
		return nil, eachErr
	}
	l.joinFixtures()
	for i := range l.records {
		give(&l.records[i])
	}
	if eachErr != nil {
		return nil, eachErr
	}
	l.records = nil
	l.report.Problems = append(l.report.Problems, l.late...)
	l.report.Mined = l.miner.mine()
	l.report.Concepts = l.report.Mined.Counts
	return l.report, nil
}

// file is one corpus file to read.
type file struct {
	source      Source
	path, shown string
}

type loader struct {
	opts   Options
	report *Report
	files  []file
	read   int // documents read so far, for Progress
	// records are the documents of dataset records, which are finished
	// after every file's own (finish.go).
	records  []pending
	fixtures map[string]*fixtureSet // by id prefix (source name + dataset dir)
	// owner is where each id's first claimant came from (finish.go).
	owner map[string]string
	// late are the problems found in finishing documents, reported after
	// those of reading the files.
	late []*Problem
	// miner gathers what mining concepts needs of each document (mine.go).
	miner miner
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
			if !st.Mode().IsRegular() {
				l.problem(shown, fmt.Errorf("symlink to something that is %w", errNotRegular))
				return nil
			}
		} else if !d.Type().IsRegular() {
			l.problem(shown, errNotRegular)
			return nil
		}
		l.files = append(l.files, file{s, p, shown})
		return nil
	})
}

// errNotRegular refuses devices, FIFOs and sockets: reading one could block
// the run or never end.
var errNotRegular = errors.New("not a regular file")

// fileRead is what reading one file gave.
type fileRead struct {
	read     bool // the file's bytes were read (Report.Files counts it)
	docs     []pending
	problems []*Problem
	warnings []*Problem
	fixture  *fixtureFile // a Django fixture's records, for its folder's set
}

// problem reports that the file at p, or part of it, was skipped.
func (r *fileRead) problem(p string, err error) {
	r.problems = append(r.problems, problemAt(p, err))
}

// warn reports something wrong in the file at p that did not stop its
// document from being indexed.
func (r *fileRead) warn(p string, err error) {
	r.warnings = append(r.warnings, problemAt(p, err))
}

// add adds what reading a file gave to what the loader has: the file's own
// documents go to give at once, dataset records wait (finish.go).
func (l *loader) add(r *fileRead, give func(*pending)) {
	if r.read {
		l.report.Files++
	}
	l.report.Problems = append(l.report.Problems, r.problems...)
	l.report.Warnings = append(l.report.Warnings, r.warnings...)
	l.read += len(r.docs)
	for i := range r.docs {
		if r.docs[i].record != "" {
			l.records = append(l.records, r.docs[i])
		} else {
			give(&r.docs[i])
		}
	}
	if fx := r.fixture; fx != nil {
		set := l.fixtures[fx.dir]
		if set == nil {
			set = &fixtureSet{}
			l.fixtures[fx.dir] = set
		}
		set.add(fx.path, fx.records)
	}
}

// readFile reads one file, of at most limit bytes, with the reader sniff
// picks for it.
func readFile(f file, limit int64) *fileRead {
	r := &fileRead{}
	src, err := readLimited(f.source, f.path, limit)
	if err != nil {
		r.problem(f.shown, err)
		return r
	}
	r.read = true
	src = bytes.TrimPrefix(src, []byte("\xef\xbb\xbf"))
	if err := checkText(src); err != nil {
		r.problem(f.shown, err)
		return r
	}
	if bytes.Contains(src, []byte("\r\n")) {
		src = bytes.ReplaceAll(src, []byte("\r\n"), []byte("\n"))
	}
	if len(bytes.TrimSpace(src)) == 0 {
		r.problem(f.shown, fmt.Errorf("empty file"))
		return r
	}
	name := f.source.Name
	idBase := path.Join(name, strings.TrimSuffix(f.path, path.Ext(f.path)))
	switch sniff(f.path, src) {
	case datasetFile:
		r.readJSON(src, f.shown, path.Join(name, path.Dir(f.path)))
	case pageFile:
		r.readPage(src, f.shown, idBase)
	default:
		r.readArticle(src, f.shown, idBase)
	}
	return r
}

// readLimited reads file p of s whole, refusing it past limit bytes.
func readLimited(s Source, p string, limit int64) ([]byte, error) {
	if s.dir != "" {
		return readDiskFile(s.dir, p, limit)
	}
	f, err := s.FS.Open(p)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var buf bytes.Buffer
	if st, err := f.Stat(); err == nil {
		if st.Size() > limit {
			return nil, errOverLimit(st.Size(), limit)
		}
		// Room for the file and for the read that finds its end, so that
		// it is read into one buffer and not copied as it grows.
		buf.Grow(int(st.Size()) + bytes.MinRead)
	}
	if _, err := buf.ReadFrom(io.LimitReader(f, limit+1)); err != nil {
		return nil, err
	}
	src := buf.Bytes()
	if int64(len(src)) > limit {
		return nil, errOverLimit(-1, limit)
	}
	return src, nil
}

// errOverLimit says a file is over the --max-file-size limit, with its size
// when known (size < 0: it grew past the limit as it was read).
func errOverLimit(size, limit int64) error {
	if size < 0 {
		return fmt.Errorf("file is over the %d byte limit (--max-file-size)", limit)
	}
	return fmt.Errorf("file is %d bytes, over the %d byte limit (--max-file-size)", size, limit)
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
		return &lineError{Line: line, Err: fmt.Errorf("invalid UTF-8 at byte %d", off)}
	}
	return nil
}
