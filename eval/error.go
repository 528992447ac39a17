package eval

import (
	"fmt"
	"strings"

	"github.com/fqlite/fqlite/lang"
)

// Fauna's error codes (spec/fql.md §6.1).
const (
	CodeInvalidQuery              = "invalid_query"
	CodeUnboundVariable           = "unbound_variable"
	CodeInvalidFunctionInvocation = "invalid_function_invocation"
	CodeInvalidArgument           = "invalid_argument"
	CodeTypeMismatch              = "type_mismatch"
	CodeInvalidBounds             = "invalid_bounds"
	CodeIndexOutOfBounds          = "index_out_of_bounds"
	CodeDivideByZero              = "divide_by_zero"
	CodeNullValue                 = "null_value"
	CodeInvalidNullAccess         = "invalid_null_access"
	CodeDocumentNotFound          = "document_not_found"
	CodeDocumentDeleted           = "document_deleted"
	CodeDocumentIDExists          = "document_id_exists"
	CodeInvalidDocumentID         = "invalid_document_id"
	CodeInvalidID                 = "invalid_id"
	CodeInvalidTime               = "invalid_time"
	CodeInvalidDate               = "invalid_date"
	CodeInvalidUnit               = "invalid_unit"
	CodeInvalidRegex              = "invalid_regex"
	CodeInvalidCursor             = "invalid_cursor"
	CodeInvalidSecret             = "invalid_secret"
	CodePermissionDenied          = "permission_denied"
	CodeConstraintFailure         = "constraint_failure"
	CodeInvalidSchema             = "invalid_schema"
	CodeInvalidWrite              = "invalid_write"
	CodeInvalidEffect             = "invalid_effect"
	CodeInvalidIndexInvocation    = "invalid_index_invocation"
	CodeInvalidReceiver           = "invalid_receiver"
	CodeInvalidType               = "invalid_type"
	CodeAbort                     = "abort"
	CodeStackOverflow             = "stack_overflow"
	CodeValueTooLarge             = "value_too_large"
	CodeInternalFailure           = "internal_failure"
	// Protocol-level codes; they carry no summary (spec/fql.md §6.1.2).
	CodeTimeOut              = "time_out"
	CodeContendedTransaction = "contended_transaction"
	CodeUnauthorized         = "unauthorized"
	CodeInvalidRequest       = "invalid_request"
)

// Pos is a span in a particular source.
type Pos struct {
	Src  *lang.Source
	Span lang.Span
}

// Hint is a diagnostic attached to an error, e.g. "Null value created here".
type Hint struct {
	Kind    string // lang.KindHint or lang.KindCause
	Message string
	Pos
	Annotation string
	Suggestion *string
}

// ConstraintFailure is one entry of a constraint_failure error.
type ConstraintFailure struct {
	// Paths are field paths; each element is a string or an int index.
	Paths   [][]any
	Message string
}

// Label renders the paths as the summary shows them: `a.b[0]`, joined by `,`.
func (c ConstraintFailure) Label() string {
	var parts []string
	for _, p := range c.Paths {
		var b strings.Builder
		for i, e := range p {
			switch e := e.(type) {
			case int:
				fmt.Fprintf(&b, "[%d]", e)
			default:
				if i > 0 {
					b.WriteByte('.')
				}
				fmt.Fprint(&b, e)
			}
		}
		parts = append(parts, b.String())
	}
	return strings.Join(parts, ",")
}

// Error is the one error type of query evaluation and parsing: Fauna's code,
// message, the position it points at, hints, and the call frames it unwound
// through (innermost first). Builtins return errors without a position; the
// call site that invoked them attaches its span (see Thread.locate).
type Error struct {
	Code    string
	Message string
	// At is the primary position; At.Src == nil until the error is located.
	At    Pos
	Hints []Hint
	// Frames are the call sites the error unwound through, innermost first.
	Frames []Pos
	// Checks are the diagnostics of an invalid_query error (parse errors);
	// Message is then "The query failed N validation check(s)".
	Checks []*lang.ParseError
	// ConstraintFailures lists constraint_failure details.
	ConstraintFailures []ConstraintFailure
	// Abort is the value passed to abort().
	Abort Value

	// internal holds the cause of an internal_failure for logs; it is
	// never rendered to clients.
	internal string
	// sealed errors carry their whole stack trace already (an error in a
	// lazy set's function gets the stack the set was made in): unwinding
	// adds no more frames.
	sealed bool
}

// AppendStack appends a recorded stack trace and seals the frames.
func (e *Error) AppendStack(frames []Pos) {
	e.Frames = append(e.Frames, frames...)
	e.sealed = true
}

// Internal returns the diagnostic detail of an internal failure.
func (e *Error) Internal() string { return e.internal }

func (e *Error) Error() string { return e.Code + ": " + e.Message }

// NewError returns an unlocated error.
func NewError(code, message string) *Error { return &Error{Code: code, Message: message} }

// Errorf returns an unlocated error with a formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// located reports whether the error already points somewhere.
func (e *Error) located() bool { return e.At.Src != nil }

// WithHint appends a hint.
func (e *Error) WithHint(h Hint) *Error {
	e.Hints = append(e.Hints, h)
	return e
}

// summaryMessage is the message on the summary's first line: for
// constraint failures it lists the failures (QueryFailure.scala `message`).
func (e *Error) summaryMessage() string {
	if len(e.ConstraintFailures) == 0 {
		return e.Message
	}
	var b strings.Builder
	b.WriteString(e.Message)
	b.WriteString("\nconstraint failures:")
	for _, cf := range e.ConstraintFailures {
		b.WriteString("\n  ")
		msg := cf.Message
		if l := cf.Label(); l != "" {
			msg = l + ": " + msg
		}
		b.WriteString(strings.ReplaceAll(msg, "\n", "\n      "))
	}
	return b.String()
}

// Summary renders the error as Fauna's `summary` (spec/fql.md §6.2).
func (e *Error) Summary() string {
	if len(e.Checks) > 0 {
		parts := make([]string, len(e.Checks))
		for i, c := range e.Checks {
			parts[i] = c.Render()
		}
		return strings.Join(parts, "\n\n")
	}
	if !e.located() {
		return "error: " + e.summaryMessage()
	}
	primary := lang.Diagnostic{Kind: lang.KindError, Message: e.summaryMessage(), Src: e.At.Src, Span: e.At.Span}
	var hints []lang.Diagnostic
	for _, h := range e.Hints {
		hints = append(hints, lang.Diagnostic{Kind: h.Kind, Message: h.Message, Src: h.Src, Span: h.Span, Annotation: h.Annotation, Suggestion: h.Suggestion})
	}
	for i, f := range e.Frames {
		kind := lang.KindFrame
		if i == 0 && len(e.Hints) > 0 {
			kind = lang.KindTrace
		}
		hints = append(hints, lang.Diagnostic{Kind: kind, Src: f.Src, Span: f.Span})
	}
	return lang.RenderSummary(primary, hints)
}

// StripFrames drops every position that is not in the query text: hints and
// frames inside UDF bodies are hidden from callers who may not see logs
// (spec/fql.md §6.2.2).
func (e *Error) StripFrames() {
	keep := func(p Pos) bool { return p.Src != nil && p.Src.Name == lang.QuerySourceName }
	var frames []Pos
	if e.located() && !keep(e.At) {
		// Fauna filters the whole trace; the first remaining frame becomes the error position.
		all := append([]Pos{e.At}, e.Frames...)
		var rest []Pos
		for _, p := range all {
			if keep(p) {
				rest = append(rest, p)
			}
		}
		if len(rest) > 0 {
			e.At, frames = rest[0], rest[1:]
		} else {
			e.At = Pos{}
		}
	} else {
		for _, f := range e.Frames {
			if keep(f) {
				frames = append(frames, f)
			}
		}
	}
	e.Frames = frames
	var hints []Hint
	for _, h := range e.Hints {
		if keep(h.Pos) {
			hints = append(hints, h)
		}
	}
	e.Hints = hints
}

// AsError converts any error into an *Error (internal errors become
// internal_failure so they still render in Fauna's shape).
func AsError(err error) *Error {
	if err == nil {
		return nil
	}
	if e, ok := err.(*Error); ok {
		return e
	}
	if pe, ok := err.(*lang.ParseError); ok {
		return parseFailure([]*lang.ParseError{pe})
	}
	if pl, ok := err.(lang.ParseErrors); ok {
		return parseFailure(pl)
	}
	return &Error{Code: CodeInternalFailure, Message: "An internal failure was encountered during the query", internal: err.Error()}
}

func parseFailure(errs []*lang.ParseError) *Error {
	msg := "The query failed 1 validation check"
	if len(errs) != 1 {
		msg = fmt.Sprintf("The query failed %d validation checks", len(errs))
	}
	return &Error{Code: CodeInvalidQuery, Message: msg, Checks: errs}
}

// Common error constructors. They return unlocated errors; the caller's
// call site attaches the span.

// ErrInvalidArgType is `expected value for `p` of type T, received U`.
func ErrInvalidArgType(param, expected string, actual Value) *Error {
	return Errorf(CodeInvalidArgument, "expected value for `%s` of type %s, received %s", param, expected, TypeName(actual))
}

// ErrInvalidArgument is `invalid argument `p`: reason`.
func ErrInvalidArgument(param, reason string) *Error {
	return Errorf(CodeInvalidArgument, "invalid argument `%s`: %s", param, reason)
}

// ErrTypeMismatch is `expected type: T, received U`.
func ErrTypeMismatch(expected string, actual Value) *Error {
	return Errorf(CodeTypeMismatch, "expected type: %s, received %s", expected, TypeName(actual))
}

// ErrNoSuchFunction is the error for a missing method or operator.
func ErrNoSuchFunction(name string, recv Value) *Error {
	return Errorf(CodeInvalidFunctionInvocation, "The function `%s` does not exist on `%s`", name, TypeName(recv))
}

// ErrIndexOutOfBounds is `index i out of bounds for length n`.
func ErrIndexOutOfBounds(i, n int64) *Error {
	return Errorf(CodeIndexOutOfBounds, "index %d out of bounds for length %d", i, n)
}

// ErrDivideByZero is integer division or modulo by zero.
func ErrDivideByZero() *Error {
	return NewError(CodeDivideByZero, "Attempted integer division by zero.")
}

// ErrValueTooLarge is `Value too large: reason.`.
func ErrValueTooLarge(reason string) *Error {
	return NewError(CodeValueTooLarge, "Value too large: "+reason+".")
}

// ErrInvalidBounds is `expected `p` to be pred, received v`.
func ErrInvalidBounds(param, pred string, actual Value) *Error {
	return Errorf(CodeInvalidBounds, "expected `%s` to be %s, received %s", param, pred, DebugString(actual))
}

// TypeName is the dynamic type name of a value as error messages print it.
func TypeName(v Value) string {
	if v == nil {
		return "Null"
	}
	return v.Type().Name
}

// at locates an unlocated error at p.
func at(e *Error, p Pos) *Error {
	e.At = p
	return e
}

// locate attaches a call site to an error unwinding through it: an
// unlocated error (from a builtin) points at the call site, a located one
// gets the call site as its next frame (Fauna's withStackFrame).
func (t *Thread) locate(err error, p Pos) error {
	e, ok := err.(*Error)
	if !ok {
		return err
	}
	if e.Code == CodeTimeOut || len(e.Checks) > 0 {
		return e
	}
	if e.sealed {
		return e
	}
	if e.At.Src == nil {
		e.At = p
		// Hints raised without a position point where the error does.
		for i := range e.Hints {
			if e.Hints[i].Src == nil {
				e.Hints[i].Pos = p
			}
		}
	} else {
		e.Frames = append(e.Frames, p)
	}
	return e
}

func fmtStringSize(n int) string {
	return fmt.Sprintf("string size %d exceeds limit %d", n, MaxStringSize)
}

// utf16Units counts the UTF-16 code units of s.
func utf16Units(s string) int {
	n := 0
	for _, r := range s {
		if r >= 0x10000 {
			n += 2
		} else {
			n++
		}
	}
	return n
}
