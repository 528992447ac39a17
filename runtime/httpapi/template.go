package httpapi

import (
	"regexp"
	"strconv"
	"strings"

	"github.com/fqlite/fqlite/eval"
	"github.com/fqlite/fqlite/lang"
)

// The driver's query templates (spec/wire.md §2.2) become one source text.
// Each `value` fragment is bound to a hidden argument and the text gets
// that argument's name where the value was interpolated, so a template
// sent again with other values is the same text: the program cache in
// runtime compiles it once.
//
// Hidden names are seven characters long, like the `<value>` Fauna prints
// for an interpolated value in error summaries, so rewriting them in a
// summary keeps the caret underline aligned. The `'` makes them names no
// one writes by accident (FQL identifiers may contain it).

const placeholderPrefix = "_v'"

// placeholderRE finds hidden names in rendered summaries and messages.
var placeholderRE = regexp.MustCompile(`_v'[0-9]{4,}`)

// placeholders are the first hidden names, made once.
var placeholders = func() (a [64]string) {
	for i := range a {
		a[i] = makePlaceholder(i)
	}
	return
}()

func placeholder(i int) string {
	if i < len(placeholders) {
		return placeholders[i]
	}
	return makePlaceholder(i)
}

func makePlaceholder(i int) string {
	if i < 10000 {
		s := strconv.Itoa(i)
		return placeholderPrefix + strings.Repeat("0", 4-len(s)) + s
	}
	return placeholderPrefix + strconv.Itoa(i)
}

// hideValues writes `<value>` for the hidden names in a rendered text.
func hideValues(s string) string {
	if !strings.Contains(s, placeholderPrefix) {
		return s
	}
	return placeholderRE.ReplaceAllString(s, "<value>")
}

// requestError is a protocol error of the request itself (400
// invalid_request).
type requestError struct{ msg string }

func (e *requestError) Error() string { return e.msg }

func invalidRequest(msg string) error { return &requestError{msg} }

// template assembles a query's text and the values of its hidden
// arguments.
type template struct {
	b      strings.Builder
	names  []string
	values []eval.Value
	// nbuf and vbuf hold the first hidden arguments without allocating.
	nbuf [4]string
	vbuf [4]eval.Value
	r    resolver
	// bad is the first value fragment that does not decode: a check error
	// pointing at its place in the text.
	bad *lang.ParseError
}

func (t *template) fragment(n *jnode, inContainer bool) error {
	if n.kind != jObject || len(n.keys) != 1 {
		return invalidRequest("Invalid request body: a query fragment must be an object with one of the keys fql, value, array, object")
	}
	v := n.elems[0]
	switch n.keys[0] {
	case "fql":
		if v.kind != jArray {
			return invalidRequest("Invalid request body: `fql` must be an array")
		}
		if inContainer {
			t.b.WriteByte('(')
		}
		for _, part := range v.elems {
			if part.kind == jString {
				t.b.WriteString(part.s)
				continue
			}
			if err := t.fragment(part, false); err != nil {
				return err
			}
		}
		if inContainer {
			t.b.WriteByte(')')
		}
	case "value":
		start := t.b.Len()
		name := placeholder(len(t.names))
		t.b.WriteString(name)
		val, err := decodeTagged(v, t.r)
		if err != nil {
			if t.bad == nil {
				t.bad = &lang.ParseError{Message: "Invalid value: " + err.Error(), Span: lang.Span{Start: start, End: t.b.Len()}}
			}
			val = eval.NullValue
		}
		t.names = append(t.names, name)
		t.values = append(t.values, val)
	case "array":
		if v.kind != jArray {
			return invalidRequest("Invalid request body: `array` must be an array")
		}
		t.b.WriteByte('[')
		for i, e := range v.elems {
			if i > 0 {
				t.b.WriteString(", ")
			}
			if err := t.fragment(e, true); err != nil {
				return err
			}
		}
		t.b.WriteByte(']')
	case "object":
		if v.kind != jObject {
			return invalidRequest("Invalid request body: `object` must be an object")
		}
		if len(v.keys) == 0 {
			t.b.WriteString("{}")
			return nil
		}
		seen := make(map[string]bool, len(v.keys))
		t.b.WriteString("{ ")
		for i, k := range v.keys {
			if seen[k] {
				return invalidRequest("Invalid request body: duplicate key '" + k + "' in an object fragment")
			}
			seen[k] = true
			if i > 0 {
				t.b.WriteString(", ")
			}
			t.b.WriteString(eval.QuoteString(k))
			t.b.WriteString(": ")
			if err := t.fragment(v.elems[i], true); err != nil {
				return err
			}
		}
		t.b.WriteString(" }")
	default:
		return invalidRequest("Invalid request body: unknown query fragment '" + n.keys[0] + "'")
	}
	return nil
}

// checkError returns the check error of a bad value fragment, located in
// the assembled text.
func (t *template) checkError(text string) *eval.Error {
	if t.bad == nil {
		return nil
	}
	t.bad.Src = lang.NewSource(lang.QuerySourceName, text)
	return eval.AsError(t.bad)
}
