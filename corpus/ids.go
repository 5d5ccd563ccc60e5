package corpus

import (
	"errors"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Document ids are the API's handle on a document and the index's key, so
// they must be stable and unique. They are made in one of two ways:
//
//	a file:            <corpus dir name>/<path inside, without extension>
//	                   corpus/motionsplan/_exercises/bulgarian-split-squat-39
//	a dataset record:  <dataset folder path>/<the record's native id>
//	                   corpus/wger/<translation uuid>, corpus/free-exercise-db/3_4_Sit-Up
//
// A file's id comes from the file system, which whoever runs reindex
// controls. A record's native id comes from inside a file, which anyone who
// can get a dataset into the corpus writes. So a native id is checked before
// it is joined to its folder: it must be one path element of plain text.
// Otherwise "../../etc/passwd" climbs out of its prefix (path.Join makes it
// "etc/passwd"), "a/b" poses as a document of a subfolder, and a control
// character garbles every log line and report that prints it.
//
// Such records are rejected (reported with their file and record, then
// skipped), not escaped. Every native id in the real datasets is a uuid
// or a name of letters, digits, '_' and '-', so an id that fails is a
// broken or crafted record; an escaped one would be an id that no source
// spells and no one could guess, and two bad ids could escape to one.
//
// Two sources can still produce one id: x.md beside x.txt, or a record
// named like a page in its dataset folder. The first claimant keeps the id
// and each later one is reported naming both places, so a crafted
// duplicate can never take the real document out of the index. The first
// keeps the id even if it is then skipped for another reason (a title over
// the limit): a later claimant is not promoted into its place.
//
// Claim order:
//  1. the documents of files, in the order they are read: the sources in
//     the order given, each walked in lexical order;
//  2. free-exercise-db records, by file in that same order, then record by
//     record;
//  3. wger translations, by dataset folder in lexical order, then by id
//     (of two with one uuid, the first in the fixtures: files in read
//     order, records in file order).
//
// Records come after files because a record picks its own id: one read
// before the page it imitates must not win by being early.

// checkRecordID returns why a dataset record's native id cannot be the last
// element of a document id, or nil if it can.
func checkRecordID(id string) error {
	switch {
	case strings.TrimSpace(id) == "":
		return errors.New("is empty")
	case !utf8.ValidString(id):
		return errors.New("is not valid UTF-8")
	case id == "." || id == "..":
		return errors.New("is a path step")
	case strings.Contains(id, "/"):
		return errors.New("contains a slash")
	case strings.Contains(id, `\`):
		return errors.New("contains a backslash")
	case strings.IndexFunc(id, unicode.IsControl) >= 0:
		return errors.New("contains a control character")
	}
	return nil
}
