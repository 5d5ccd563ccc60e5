package corpus

import (
	"fmt"
	"path"
	"sort"
)

// A dataset file holds many documents, a record each. The two formats the
// loader knows (sniffJSON tells them apart) are read differently: a
// free-exercise-db file is complete in itself and read at once
// (freeexercisedb.go), while wger's Django fixtures refer to each other
// across files, so they are gathered per folder as files are read and
// joined once all are (wger.go). Either way a record's document id is its
// dataset folder and its native id (ids.go).

// readJSON reads a dataset file found in the folder datasetDir: a
// free-exercise-db file into documents at once, a fixture into records for
// its folder's set, to be joined when every file is read.
func (r *fileRead) readJSON(src []byte, shown, datasetDir string) {
	format, err := sniffJSON(src)
	if err != nil {
		r.problem(shown, err)
		return
	}
	switch format {
	case formatDjangoFixture:
		recs, err := parseFixture(shown, src)
		if err != nil {
			r.problem(shown, err)
			return
		}
		r.fixture = &fixtureFile{dir: datasetDir, path: shown, records: recs}
	case formatFreeExerciseDB:
		docs, errs, err := readFreeExerciseDB(src)
		if err != nil {
			r.problem(shown, err)
			return
		}
		for _, e := range errs {
			r.problem(shown, e)
		}
		for _, p := range docs {
			p.doc.ID = path.Join(datasetDir, p.doc.ID)
			p.srcPath = shown
			r.docs = append(r.docs, p)
		}
	}
}

// joinFixtures turns each folder's fixtures into documents, folder by
// folder in lexical order, which is their claim order (ids.go).
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
			l.records = append(l.records, p)
		}
	}
}
