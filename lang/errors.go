package lang

import "strings"

// ParseHint is a hint or cause attached to a parse error.
type ParseHint struct {
	Kind       string // KindHint or KindCause
	Message    string
	Span       Span
	Suggestion *string
}

// ParseError is one parse diagnostic. Fauna reports every parse error as an
// `invalid_query` failure whose summary lists these (spec/fql.md §6.6).
type ParseError struct {
	Message    string
	Src        *Source
	Span       Span
	Annotation string
	Hints      []ParseHint
}

func (e *ParseError) Error() string { return e.Message }

// Render draws the error as a summary section.
func (e *ParseError) Render() string {
	primary := Diagnostic{Kind: KindError, Message: e.Message, Src: e.Src, Span: e.Span, Annotation: e.Annotation}
	hints := make([]Diagnostic, len(e.Hints))
	for i, h := range e.Hints {
		hints[i] = Diagnostic{Kind: h.Kind, Message: h.Message, Src: e.Src, Span: h.Span, Suggestion: h.Suggestion}
	}
	return RenderSummary(primary, hints)
}

// ParseErrors is the list of errors of a failed parse.
type ParseErrors []*ParseError

func (l ParseErrors) Error() string {
	msgs := make([]string, len(l))
	for i, e := range l {
		msgs[i] = e.Message
	}
	return strings.Join(msgs, "; ")
}

// Render joins the rendered errors with blank lines.
func (l ParseErrors) Render() string {
	parts := make([]string, len(l))
	for i, e := range l {
		parts[i] = e.Render()
	}
	return strings.Join(parts, "\n\n")
}
