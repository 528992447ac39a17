package schema

import (
	"sort"
	"strings"

	"github.com/fqlite/fqlite/lang"
)

// Layer tells which kind of check an error comes from (spec/fsl-auth.md §2.1).
type Layer uint8

// Check layers.
const (
	// LayerParse: FSL syntax and the per-file checks of Fauna's converter.
	LayerParse Layer = iota
	// LayerDocument: the checks Fauna makes on each schema document
	// (reserved and invalid names, unknown roles, index paths, ...). From
	// FQL they surface as constraint failures on Path.
	LayerDocument
	// LayerEnvironment: checks across the whole schema (references,
	// wildcard and field types, duplicates between files).
	LayerEnvironment
)

// Hint is a hint or cause attached to an Error.
type Hint struct {
	Kind    string // lang.KindHint or lang.KindCause
	Message string
	Src     *lang.Source
	Span    lang.Span
	// Suggestion makes the hint a patch (see lang.Diagnostic).
	Suggestion *string
}

// Error is one schema problem, located in a source file.
type Error struct {
	Layer      Layer
	Message    string
	Src        *lang.Source
	Span       lang.Span
	Annotation string
	Hints      []Hint
	// Item is the kind and name of the schema item the error is about,
	// when there is one (for "Failed to create Role." style messages).
	Item     lang.ItemKind
	ItemName string
	// Path is the field of the item's schema document the error concerns
	// (`role`, `indexes.byTs.terms[0].field`), as FQL constraint failures
	// label it; "" when the error is not about one field.
	Path string
}

func (e *Error) Error() string { return e.Message }

// Render draws the error as Fauna does: `error: <msg>`, `at file:line:col`,
// the source line with carets, then the hints.
func (e *Error) Render() string {
	primary := lang.Diagnostic{Kind: lang.KindError, Message: e.Message, Src: e.Src, Span: e.Span, Annotation: e.Annotation}
	hints := make([]lang.Diagnostic, len(e.Hints))
	for i, h := range e.Hints {
		hints[i] = lang.Diagnostic{Kind: h.Kind, Message: h.Message, Src: h.Src, Span: h.Span, Suggestion: h.Suggestion}
	}
	return lang.RenderSummary(primary, hints)
}

// Errors is the list of problems of a schema that failed to load, sorted by
// file and position.
type Errors []*Error

func (l Errors) Error() string {
	msgs := make([]string, len(l))
	for i, e := range l {
		msgs[i] = e.Message
	}
	return strings.Join(msgs, "; ")
}

// Render joins the rendered errors with blank lines.
func (l Errors) Render() string {
	parts := make([]string, len(l))
	for i, e := range l {
		parts[i] = e.Render()
	}
	return strings.Join(parts, "\n\n")
}

func (l Errors) sort() {
	sort.SliceStable(l, func(i, j int) bool {
		a, b := l[i], l[j]
		fa, fb := srcName(a.Src), srcName(b.Src)
		if fa != fb {
			return fa < fb
		}
		if a.Span.Start != b.Span.Start {
			return a.Span.Start < b.Span.Start
		}
		return a.Span.End < b.Span.End
	})
}

func srcName(s *lang.Source) string {
	if s == nil {
		return ""
	}
	return s.Name
}

// fromParseErrors converts lang's parse errors.
func fromParseErrors(errs lang.ParseErrors) Errors {
	out := make(Errors, len(errs))
	for i, e := range errs {
		se := &Error{Layer: LayerParse, Message: e.Message, Src: e.Src, Span: e.Span, Annotation: e.Annotation}
		for _, h := range e.Hints {
			se.Hints = append(se.Hints, Hint{Kind: h.Kind, Message: h.Message, Src: e.Src, Span: h.Span, Suggestion: h.Suggestion})
		}
		out[i] = se
	}
	return out
}
