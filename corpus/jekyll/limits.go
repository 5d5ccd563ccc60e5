package jekyll

import (
	"errors"
	"fmt"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/osteele/liquid/render"
)

// A page's Liquid is a program, and a page may be written to hurt:
// loops nested over long lists, a string doubled by a filter in a loop, a
// range of a billion numbers. The Liquid engine has no limits of its own,
// so rendering is bounded here, in two steps.
//
// Before parsing, checkMarkup refuses what the engine would handle badly
// however it is run: blocks nested deeper than the renderer's recursion
// should go, markup longer than any real tag, and ranges other than small
// literal ones (the engine turns a range into a list in full when a filter
// is applied to it, before any check here could see it).
//
// While rendering, a budget counts loop iterations (see bound), the bytes
// that filters and captures produce, and wall-clock time as a last resort;
// the output is capped at MaxOutputBytes. Whatever breaks a limit stops the
// render with an error, and RenderBody strips the page's Liquid instead.

const (
	// MaxOutputBytes bounds a rendered body, and any one value a filter or
	// capture makes. It is corpus.MaxTextBytes, the limit the page's
	// document has to meet anyway (a test there keeps the two equal): a
	// longer body would only be rejected later, with its text.
	MaxOutputBytes = 2 << 20
	// maxLoopSteps bounds the loop iterations of one render: a page that
	// lists its 200 tags in two nested loops still fits.
	maxLoopSteps = 100_000
	// maxLiquidWork bounds the bytes that filters and captures produce in
	// one render, every result counted.
	maxLiquidWork = 8 * MaxOutputBytes
	// maxLiquidTime stops a render that is slow in a way the other limits
	// do not count (comparisons of long strings in a long loop, say). Real
	// pages render in microseconds.
	maxLiquidTime = time.Second
	// maxLiquidNesting bounds nested blocks; rendering recurses per level.
	maxLiquidNesting = 50
	// maxMarkupBytes bounds one {{ … }} or {% … %}; an expression is
	// evaluated recursively per filter, so its length bounds the depth.
	maxMarkupBytes = 4000
)

var errLiquidLimit = errors.New("over a rendering limit")

var (
	liquidMarkup  = regexp.MustCompile(`(?s)\{\{.*?\}\}|\{%.*?%\}`)
	liquidTagName = regexp.MustCompile(`^\{%-?\s*(\w+)`)
	liquidQuoted  = regexp.MustCompile(`"[^"]*"|'[^']*'`)
	liquidRange   = regexp.MustCompile(`\(\s*(-?\d+)\s*\.\.\s*(-?\d+)\s*\)`)
)

// liquidBlocks are the tags that open a block, and so a level of nesting.
var liquidBlocks = map[string]bool{"for": true, "if": true, "unless": true, "case": true, "capture": true,
	"tablerow": true, "comment": true, "raw": true, "highlight": true}

// checkMarkup refuses a template before the engine sees it. firstLine is
// the file line src starts on, for errors.
func checkMarkup(src string, firstLine int) error {
	depth := 0
	for _, loc := range liquidMarkup.FindAllStringIndex(src, -1) {
		m := src[loc[0]:loc[1]]
		if len(m) > maxMarkupBytes {
			return lineErrorAt(src, firstLine, loc[0], fmt.Errorf("%w: a tag of %d bytes, the limit is %d", errLiquidLimit, len(m), maxMarkupBytes))
		}
		if err := checkRanges(m); err != nil {
			return lineErrorAt(src, firstLine, loc[0], err)
		}
		name := liquidTagName.FindStringSubmatch(m)
		switch {
		case name == nil:
		case liquidBlocks[name[1]]:
			if depth++; depth > maxLiquidNesting {
				return lineErrorAt(src, firstLine, loc[0], fmt.Errorf("%w: blocks nested more than %d deep", errLiquidLimit, maxLiquidNesting))
			}
		case strings.HasPrefix(name[1], "end") && liquidBlocks[name[1][3:]]:
			depth--
		}
	}
	return nil
}

// checkRanges allows the ranges of one tag only when both ends are
// numbers and the range is short; ".." in quoted strings is text.
func checkRanges(markup string) error {
	m := liquidQuoted.ReplaceAllString(markup, `""`)
	if !strings.Contains(m, "..") {
		return nil
	}
	for _, r := range liquidRange.FindAllStringSubmatch(m, -1) {
		lo, err1 := strconv.Atoi(r[1])
		hi, err2 := strconv.Atoi(r[2])
		if err1 != nil || err2 != nil || hi-lo >= maxLoopSteps {
			return fmt.Errorf("%w: the range %s is too long", errLiquidLimit, r[0])
		}
	}
	if strings.Contains(liquidRange.ReplaceAllString(m, "()"), "..") {
		return fmt.Errorf("%w: a range whose ends are not numbers", errLiquidLimit)
	}
	return nil
}

// liquidBudget is what one render may still spend. err is the first limit
// the render broke: the engine wraps the errors of filters and tags its own
// way, so the render asks the budget rather than the error it gets back.
type liquidBudget struct {
	steps    int
	work     int
	deadline time.Time
	err      error
}

func (b *liquidBudget) reset() {
	*b = liquidBudget{steps: maxLoopSteps, work: maxLiquidWork, deadline: time.Now().Add(maxLiquidTime)}
}

func (b *liquidBudget) fail(err error) error {
	if b.err == nil {
		b.err = err
	}
	return b.err
}

// step pays for one loop iteration.
func (b *liquidBudget) step() error {
	if b.steps--; b.steps < 0 {
		return b.fail(fmt.Errorf("%w: more than %d loop iterations", errLiquidLimit, maxLoopSteps))
	}
	if time.Now().After(b.deadline) {
		return b.fail(fmt.Errorf("%w: rendering took longer than %v", errLiquidLimit, maxLiquidTime))
	}
	return nil
}

// pay pays for a value a filter or capture produced.
func (b *liquidBudget) pay(v any) error {
	n := liquidSize(v)
	if n > MaxOutputBytes {
		return b.fail(fmt.Errorf("%w: a value of %d bytes, the limit is %d", errLiquidLimit, n, MaxOutputBytes))
	}
	if b.work -= n; b.work < 0 {
		return b.fail(fmt.Errorf("%w: filters produced more than %d bytes", errLiquidLimit, maxLiquidWork))
	}
	if time.Now().After(b.deadline) {
		return b.fail(fmt.Errorf("%w: rendering took longer than %v", errLiquidLimit, maxLiquidTime))
	}
	return nil
}

// liquidSize estimates the bytes a value holds: the text of strings, and a
// word or two per list item or map entry plus the text of string items.
func liquidSize(v any) int {
	switch v := v.(type) {
	case nil:
		return 0
	case string:
		return len(v)
	case []byte:
		return len(v)
	case []any:
		n := 16 * len(v)
		for _, item := range v {
			if s, ok := item.(string); ok {
				n += len(s)
			}
		}
		return n
	case []string:
		n := 16 * len(v)
		for _, s := range v {
			n += len(s)
		}
		return n
	}
	switch rv := reflect.ValueOf(v); rv.Kind() {
	case reflect.Slice, reflect.Array, reflect.Map:
		return 32 * rv.Len()
	}
	return 8
}

// cappedWriter collects output up to a limit and refuses more.
type cappedWriter struct {
	strings.Builder
	limit int
}

func (w *cappedWriter) Write(p []byte) (int, error) {
	if w.Len()+len(p) > w.limit {
		return 0, fmt.Errorf("%w: output over %d bytes", errLiquidLimit, w.limit)
	}
	return w.Builder.Write(p)
}

// renderCapped renders a block's children into a string of at most limit
// bytes. The engine's own InnerString has no limit.
func renderCapped(ctx render.Context, limit int) (string, error) {
	w := &cappedWriter{limit: limit}
	if err := ctx.RenderChildren(w); err != nil {
		return "", err
	}
	return w.String(), nil
}

// captureText renders {% capture name %} with a limit on its text; bound
// gives every capture block this renderer.
func (r *liquidRenderer) captureText(ctx render.Context) (string, error) {
	s, err := renderCapped(ctx, MaxOutputBytes)
	if err != nil {
		return "", err
	}
	if err := r.budget.pay(s); err != nil {
		return "", err
	}
	ctx.Set(strings.TrimSpace(ctx.TagArgs()), s)
	return "", nil
}
