// Package jekyll reads a page the way Jekyll, the site generator the
// corpus's sites are built with, reads it, so that the text indexed is the
// text the site shows:
//
//   - front matter, the YAML mapping between "---" lines at the top of a
//     page, read as leniently as Jekyll reads it (Parse, Page);
//   - the body's Liquid, rendered with the front matter bound to `page`
//     and Jekyll's own tags and filters (RenderBody), or stripped of its
//     markup where it cannot be rendered (StripLiquid);
//   - the ids kramdown, Jekyll's Markdown converter, gives headings
//     (HeadingIDs).
//
// It knows nothing of what a page is about: which field is a title or a
// muscle, and what a document is, are package corpus's business, which
// calls this one. Errors about a line of the page are LineErrors, counted
// from the top of the file.
//
// A page may be written to hurt, and the Liquid engine (osteele/liquid, the
// engine of gojekyll) has no limits of its own, so every render is bounded
// (limits.go, page_variable.go): at most 100,000 loop iterations, 8 ×
// MaxOutputBytes produced by filters and captures, a second of wall-clock
// time, blocks 50 deep and tags of 4,000 bytes; only short literal ranges;
// at most MaxOutputBytes of output, or of any one value. The page variable
// follows an alias one level only and holds at most 10,000 values, 32
// levels deep, texts of 64 KiB and lists of MaxListItems. A render that
// breaks a bound fails, and RenderBody strips the body instead: a page is
// never lost to its Liquid. Where the bounds rely on the engine's internals
// (its node tree, its error texts) is liquid_engine.go, each assumption
// listed with the test that guards it.
package jekyll
