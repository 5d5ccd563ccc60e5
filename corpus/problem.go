package corpus

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/exsearch/exsearch/corpus/jekyll"
)

// Problem is a file (or part of one) that could not be used, with the reason.
// It prints as "path:line: reason" so that editors and terminals can jump to it.
type Problem struct {
	// Path is relative to the corpus directory's parent, e.g.
	// corpus/wger/translations.json. A path that is not valid UTF-8 is
	// given quoted as by %q, quotes included ("corpus/bad\xff.md"), so
	// that it stays text in a report and its bytes show.
	Path string
	Line int // 1-based; 0 when the problem has no line
	Err  error
}

func (p *Problem) Error() string {
	if p.Line > 0 {
		return fmt.Sprintf("%s:%d: %v", p.Path, p.Line, p.Err)
	}
	return fmt.Sprintf("%s: %v", p.Path, p.Err)
}

func (p *Problem) Unwrap() error { return p.Err }

// lineError is an error that knows the line (within the text being parsed)
// it is about. Readers return it; the loader turns it into a Problem with the
// file's path. It is jekyll's, so that a Jekyll page's errors and every other
// reader's are one kind: jekyll cannot use a type of this package, which
// imports it.
type lineError = jekyll.LineError

func errAtLine(line int, format string, args ...any) error {
	return &lineError{Line: line, Err: fmt.Errorf(format, args...)}
}

// jsonError adds the line number to a JSON syntax or type error.
func jsonError(src []byte, err error) error {
	var off int64 = -1
	switch e := err.(type) {
	case *json.SyntaxError:
		off = e.Offset
	case *json.UnmarshalTypeError:
		off = e.Offset
	}
	if off < 0 || off > int64(len(src)) {
		return fmt.Errorf("invalid JSON: %w", err)
	}
	line := 1 + strings.Count(string(src[:off]), "\n")
	return &lineError{Line: line, Err: fmt.Errorf("invalid JSON: %w", err)}
}

// problemAt is err, about the file at p, as a Problem: the line of an error
// that knows it goes to Line.
func problemAt(p string, err error) *Problem {
	pr := &Problem{Path: p, Err: err}
	var le *lineError
	if errors.As(err, &le) {
		pr.Line, pr.Err = le.Line, le.Err
	}
	return pr
}

// problem reports that the file at p, or part of it, was skipped: one the
// walk or the finishing pass turned away.
func (l *loader) problem(p string, err error) {
	l.report.Problems = append(l.report.Problems, problemAt(p, err))
}

// warn reports something wrong in the file at p that did not stop its
// document from being indexed.
func (l *loader) warn(p string, err error) {
	l.report.Warnings = append(l.report.Warnings, problemAt(p, err))
}
