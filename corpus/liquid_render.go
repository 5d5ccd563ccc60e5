package corpus

import (
	"errors"
	"fmt"
	"reflect"
	"regexp"
	"strings"
	"sync"

	"github.com/osteele/liquid"
	"github.com/osteele/liquid/expressions"
	"github.com/osteele/liquid/filters"
	"github.com/osteele/liquid/render"
)

// Jekyll renders a page's body as a Liquid template before its Markdown,
// with the front matter bound to `page`: motionsplan's exercise pages are
// written that way ("{{ page.title }} kan trænes med {% for f in
// page.equipment %}…"), so stripping the markup leaves sentences with holes.
// The body is rendered here the way Jekyll would, by osteele/liquid (the
// engine of gojekyll, a Go Jekyll), with `page` from the front matter (see
// liquid_page.go), `site` empty (the rest of the site is not in the corpus)
// and Jekyll's own tags and filters (liquid_jekyll.go).
//
// Rendering is bounded (liquid_limits.go) and never fails a page: when the
// front matter cannot be bound, the template does not parse, uses a tag or
// filter Jekyll's plugins would have provided, or breaks a limit, the body
// is stripped of its Liquid (StripLiquid) as before, and the loader reports
// a warning. Front-matter values (title, excerpt, instructions) are not
// rendered, as Jekyll does not render them either; they are stripped.

// hasLiquid reports whether s holds Liquid markup at all; most files do not.
func hasLiquid(s string) bool {
	return strings.Contains(s, "{{") || strings.Contains(s, "{%")
}

// renderBody returns the page's body, Liquid rendered, for Markdown. When
// the Liquid cannot be rendered it returns the body stripped of it, and an
// error that says why.
func (p *page) renderBody() (string, error) {
	if !hasLiquid(p.body) {
		return p.body, nil
	}
	vars, err := pageVariable(p.fields)
	if err == nil {
		var out string
		if out, err = renderLiquid(p.body, vars, p.bodyLine); err == nil {
			return out, nil
		}
	}
	return StripLiquid(p.body), liquidFallback(err)
}

// liquidFallback words a render error as the warning it becomes, keeping
// its line.
func liquidFallback(err error) error {
	var le *lineError
	if errors.As(err, &le) {
		return &lineError{line: le.line, err: fmt.Errorf("body not rendered as Liquid, tags stripped instead: %w", le.err)}
	}
	return fmt.Errorf("body not rendered as Liquid, tags stripped instead: %w", err)
}

// renderLiquid renders src with the page variable page (plain values:
// strings, numbers, []any, map[string]any, …). firstLine is the file line src
// starts on, for errors. It fails, rather than running long or growing
// large, on templates that break the limits in liquid_limits.go.
func renderLiquid(src string, page map[string]any, firstLine int) (string, error) {
	if err := checkMarkup(src, firstLine); err != nil {
		return "", err
	}
	r := liquidRenderers.Get().(*liquidRenderer)
	defer liquidRenderers.Put(r)
	return r.render(src, map[string]any{"page": page, "site": map[string]any{}}, firstLine)
}

// liquidRenderers hold engines between renders. An engine is not shared by
// two renders at once, since its filters pay into its render's budget.
var liquidRenderers = sync.Pool{New: func() any { return newLiquidRenderer() }}

// liquidRenderer is an engine whose filters and tags pay into budget.
type liquidRenderer struct {
	engine *liquid.Engine
	budget liquidBudget
	// step is the node bound puts at the start of every loop body: an
	// output of nothing through a filter that pays for one iteration.
	step render.Node
	// capture is a {% capture %} block with a limit, whose renderer bound
	// gives every capture block.
	capture *render.BlockNode
}

// loopStepFilter names the filter behind liquidRenderer.step, and
// cappedCapture the block behind liquidRenderer.capture.
const (
	loopStepFilter = "exsearch_loop_step"
	cappedCapture  = "exsearch_capture"
)

func newLiquidRenderer() *liquidRenderer {
	r := &liquidRenderer{engine: liquid.NewEngine()}
	// The standard filters again, each wrapped to pay for what it returns.
	filters.AddStandardFilters(filterAdder(r.addFilter))
	for name, fn := range jekyllFilters {
		r.addFilter(name, fn)
	}
	r.engine.RegisterFilter(loopStepFilter, func(any) any {
		if err := r.budget.step(); err != nil {
			panic(expressions.FilterError{FilterName: loopStepFilter, Err: err})
		}
		return nil
	})
	for _, name := range jekyllEmptyTags {
		r.engine.RegisterTag(name, func(render.Context) (string, error) { return "", nil })
	}
	r.engine.RegisterBlock("highlight", highlightBlock)
	r.engine.RegisterBlock(cappedCapture, r.captureText)
	tpl, err := r.engine.ParseString("{{ nil | " + loopStepFilter + " }}{% " + cappedCapture + " x %}{% end" + cappedCapture + " %}")
	if err != nil {
		panic(err)
	}
	nodes := tpl.GetRoot().(*render.SeqNode).Children
	r.step, r.capture = nodes[0], nodes[1].(*render.BlockNode)
	return r
}

// filterAdder lets filters.AddStandardFilters register into a function.
type filterAdder func(name string, fn any)

func (f filterAdder) AddFilter(name string, fn any) { f(name, fn) }

// addFilter registers fn wrapped so that each result is paid for. The
// wrapper has fn's type, so the engine converts arguments as for fn.
func (r *liquidRenderer) addFilter(name string, fn any) {
	f := reflect.ValueOf(fn)
	call := f.Call
	if f.Type().IsVariadic() {
		call = f.CallSlice
	}
	wrapped := reflect.MakeFunc(f.Type(), func(in []reflect.Value) []reflect.Value {
		out := call(in)
		if err := r.budget.pay(out[0].Interface()); err != nil {
			panic(expressions.FilterError{FilterName: name, Err: err})
		}
		return out
	})
	r.engine.RegisterFilter(name, wrapped.Interface())
}

// captureText renders {% capture name %} with a limit on its text.
func (r *liquidRenderer) captureText(ctx render.Context) (string, error) {
	s, err := renderCapped(ctx, MaxTextBytes)
	if err != nil {
		return "", err
	}
	if err := r.budget.pay(s); err != nil {
		return "", err
	}
	ctx.Set(strings.TrimSpace(ctx.TagArgs()), s)
	return "", nil
}

// render parses and renders src. The engine panics on some malformed input
// and on writer errors; those become errors like any other.
func (r *liquidRenderer) render(src string, vars map[string]any, firstLine int) (out string, err error) {
	r.budget.reset()
	defer func() {
		if p := recover(); p != nil {
			out, err = "", liquidPanic(p)
		}
		if r.budget.err != nil {
			out, err = "", r.budget.err
		}
	}()
	tpl, serr := r.engine.ParseTemplateLocation([]byte(src), "", firstLine)
	if serr != nil {
		return "", sourceError(serr)
	}
	r.bound([]render.Node{tpl.GetRoot()})
	w := &cappedWriter{limit: MaxTextBytes}
	if serr := tpl.FRender(w, vars); serr != nil {
		return "", sourceError(serr)
	}
	return w.String(), nil
}

var liquidErrorPrefix = regexp.MustCompile(`^Liquid error(?: \(line \d+\))?: `)

// sourceError turns the engine's error into a lineError on its file line.
func sourceError(e liquid.SourceError) error {
	msg := liquidErrorPrefix.ReplaceAllString(e.Error(), "")
	// Errors that panicked through an expression carry a stack trace.
	msg, _, _ = strings.Cut(msg, "\nOriginal stacktrace:")
	err := errors.New(msg)
	if c := e.Cause(); c != nil && errors.Is(c, errLiquidLimit) {
		err = c
	}
	if e.LineNumber() > 0 {
		return &lineError{line: e.LineNumber(), err: err}
	}
	return err
}

// liquidPanic turns what the engine panicked with into an error.
func liquidPanic(p any) error {
	if err, ok := p.(error); ok {
		if errors.Is(err, errLiquidLimit) {
			return err
		}
		msg, _, _ := strings.Cut(err.Error(), "\nOriginal stacktrace:")
		return fmt.Errorf("the Liquid engine failed: %s", msg)
	}
	return fmt.Errorf("the Liquid engine failed: %v", p)
}
