package jekyll

import (
	"errors"
	"fmt"
	"reflect"
	"regexp"
	"strings"

	"github.com/osteele/liquid"
	"github.com/osteele/liquid/expressions"
	"github.com/osteele/liquid/render"
)

// The Liquid engine, github.com/osteele/liquid (v1.6.0 as of this
// writing), has no limits of its own and no hooks for them, so the bounds
// in limits.go lean on parts of it that its documentation does not
// promise. That reliance is in this file. Each assumption is listed with
// the test that fails if an upgrade breaks it, so an upgrade is this list
// and `go test ./corpus/...`:
//
//  1. A parsed template's root is a *render.SeqNode, and a block tag is a
//     *render.BlockNode whose exported Name, Body and Clauses are read when
//     it renders, so bound can rewrite them between parsing and
//     rendering. TestLoopSteps counts every loop iteration exactly.
//  2. A for or tablerow block renders its Body once per iteration, so a
//     node put first in the Body runs once per iteration, even when the
//     rest renders nothing. TestLoopSteps.
//  3. Nodes compiled in one template of an engine work in another template
//     of the same engine: bound splices in nodes compiled by
//     compileBoundNodes. TestLoopSteps, TestCaptureIsCapped.
//  4. A BlockNode keeps the renderer it was compiled with: a copy of a
//     node compiled from our capped capture block, given another block's
//     Token, Body and Clauses, renders that block with our renderer. That
//     is how every {% capture %} gets a limit, since the engine does not
//     let the capture tag be registered again. TestCaptureIsCapped, and
//     TestRenderLiquid ("capture").
//  5. A filter that panics with an expressions.FilterError stops the render
//     with a SourceError; a filter that panics with another error, a tag
//     that panics, and a writer that fails make the engine panic, and
//     render recovers it. TestRenderLiquidFallsBack (the limit cases, and
//     "a panic in the engine"), TestPanicInAFilter.
//  6. filters.AddStandardFilters registers into anything with an
//     AddFilter(name, fn) method, and a filter made by reflect.MakeFunc
//     with another filter's type is called with its arguments converted as
//     for that filter. TestRenderLiquid (join, downcase, plus, truncate,
//     date).
//  7. A SourceError's text starts "Liquid error (line N): ", and an error
//     that panicked through an expression carries "\nOriginal stacktrace:"
//     and a stack; sourceError and liquidPanic cut both, so that a warning
//     reads as its reason. TestLoadRendersLiquid in corpus (a warning to
//     the letter), TestRenderLiquidFallsBack (no prefix), TestPanicInAFilter
//     (no stack).
//  8. A FilterError hides the error it holds from errors.Is, so a limit a
//     filter breaks is known by the budget, which records the first one,
//     and render reports that rather than the engine's error.
//     TestRenderLiquidFallsBack (the limit cases are errLiquidLimit).
//  9. A range given to a filter is made a list in full before the filter
//     runs, where no budget sees it; checkMarkup refuses ranges that are
//     not short and literal for that reason. Should that change, nothing
//     breaks: the check is only stricter than it need be.
//     TestRenderLiquidFallsBack ("a long range", "a range of variables")
//     keeps the refusal.

// compileBoundNodes compiles the nodes bound splices into templates: the
// loop step, an output of nothing through loopStepFilter, and the capped
// capture block.
func (r *liquidRenderer) compileBoundNodes() {
	tpl, err := r.engine.ParseString("{{ nil | " + loopStepFilter + " }}{% " + cappedCapture + " x %}{% end" + cappedCapture + " %}")
	if err != nil {
		panic(err)
	}
	nodes := tpl.GetRoot().(*render.SeqNode).Children
	r.step, r.capture = nodes[0], nodes[1].(*render.BlockNode)
}

// bound rewrites a compiled template so that its work is counted: the
// start of every loop body gets r.step, so that each iteration pays, even
// one that renders nothing; and every capture block becomes r.capture's
// kind, whose text has a limit (Liquid's own capture collects without one,
// and the engine does not let a block be defined twice). The engine's node
// types are open for this; the renderers are taken from nodes compiled
// from r's own tags.
func (r *liquidRenderer) bound(nodes []render.Node) {
	for i, n := range nodes {
		switch n := n.(type) {
		case *render.SeqNode:
			r.bound(n.Children)
		case *render.BlockNode:
			r.bound(n.Body)
			for _, c := range n.Clauses {
				r.bound(c.Body)
			}
			switch n.Name {
			case "for", "tablerow":
				n.Body = append([]render.Node{r.step}, n.Body...)
			case "capture":
				c := *r.capture
				c.Token, c.Body, c.Clauses = n.Token, n.Body, n.Clauses
				nodes[i] = &c
			}
		}
	}
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

var liquidErrorPrefix = regexp.MustCompile(`^Liquid error(?: \(line \d+\))?: `)

// sourceError turns the engine's error into a LineError on its file line.
func sourceError(e liquid.SourceError) error {
	msg := liquidErrorPrefix.ReplaceAllString(e.Error(), "")
	// Errors that panicked through an expression carry a stack trace.
	msg, _, _ = strings.Cut(msg, "\nOriginal stacktrace:")
	err := errors.New(msg)
	if c := e.Cause(); c != nil && errors.Is(c, errLiquidLimit) {
		err = c
	}
	if e.LineNumber() > 0 {
		return &LineError{Line: e.LineNumber(), Err: err}
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
