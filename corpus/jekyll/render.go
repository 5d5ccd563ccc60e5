package jekyll

import (
	"errors"
	"fmt"
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
// page_variable.go), `site` empty (the rest of the site is not in the
// corpus) and Jekyll's own tags and filters (filters.go).
//
// Rendering is bounded (limits.go) and never fails a page: when the front
// matter cannot be bound, the template does not parse, uses a tag or filter
// Jekyll's plugins would have provided, or breaks a limit, the body is
// stripped of its Liquid (StripLiquid) instead, with an error that says why
// for the caller to report. Front-matter values are not rendered, as Jekyll
// does not render them either; a caller strips them.
//
// What this file asks of the engine beyond its documented API (rewriting
// its node tree, reading its error texts) is in liquid_engine.go.

// hasLiquid reports whether s holds Liquid markup at all; most files do not.
func hasLiquid(s string) bool {
	return strings.Contains(s, "{{") || strings.Contains(s, "{%")
}

// RenderBody returns the page's body, Liquid rendered, for Markdown. When
// the Liquid cannot be rendered it returns the body stripped of it, and an
// error that says why.
func (p *Page) RenderBody() (string, error) {
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
	var le *LineError
	if errors.As(err, &le) {
		return &LineError{Line: le.Line, Err: fmt.Errorf("body not rendered as Liquid, tags stripped instead: %w", le.Err)}
	}
	return fmt.Errorf("body not rendered as Liquid, tags stripped instead: %w", err)
}

// renderLiquid renders src with the page variable page (plain values:
// strings, numbers, []any, map[string]any, …). firstLine is the file line src
// starts on, for errors. It fails, rather than running long or growing
// large, on templates that break the limits in limits.go.
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
	r.compileBoundNodes()
	return r
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
	w := &cappedWriter{limit: MaxOutputBytes}
	if serr := tpl.FRender(w, vars); serr != nil {
		return "", sourceError(serr)
	}
	return w.String(), nil
}
