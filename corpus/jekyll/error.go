package jekyll

import (
	"fmt"
	"strings"
)

// LineError is an error about one line of a file: here, a front-matter
// field of the wrong shape, broken YAML, Liquid that cannot be rendered.
// Line counts from the top of the file, front matter included, so that a
// caller can point an editor at it.
type LineError struct {
	Line int
	Err  error
}

func (e *LineError) Error() string { return fmt.Sprintf("line %d: %v", e.Line, e.Err) }
func (e *LineError) Unwrap() error { return e.Err }

func errAtLine(line int, format string, args ...any) error {
	return &LineError{Line: line, Err: fmt.Errorf(format, args...)}
}

// lineErrorAt is err at the file line of src's byte offset; src starts on
// the file line firstLine.
func lineErrorAt(src string, firstLine, offset int, err error) error {
	return &LineError{Line: firstLine + strings.Count(src[:offset], "\n"), Err: err}
}
