package lang

import (
	"testing"
)

// TestParseErrorMessages checks Fauna's generic and specific parse errors,
// from Fauna's QueryErrorSpec (fql/shared/src/test/scala/error).
func TestParseErrorMessages(t *testing.T) {
	const eof = -1
	cases := []struct {
		query string
		at    int // byte offset of the caret; eof: one past the last visible char
		msg   string
	}{
		{"", 0, "Unexpected end of query. Expected statement or expression"},
		{"2 3", 2, "Expected end-of-input"},
		{"{", eof, "Unexpected end of block. Expected statement or expression"},
		{"{ a:", eof, "Expected expression"},
		{"{ a: }", 5, "Expected expression"},
		{"{ a: (3 }", 8, "Expected `)`, `,`, or `...`"},
		{"{ a: [3 }", 8, "Expected `,` or `]`"},
		{"if", eof, "Expected `(`"},
		{"if true", 3, "Expected `(`"},
		{"if true 3 else", 3, "Expected `(`"},
		{"if (true)", eof, "Expected expression"},
		{"if (true) 3 else", eof, "Expected expression"},
		{"##", 0, "Unexpected end of query. Expected statement or expression"},
		{"let", eof, "Expected identifier"},
		{"let.foo", 3, "Expected identifier"},
		{"let a", eof, "Expected `:` or `=`"},
		{"let a:", eof, "Expected type"},
		{"let a: int", eof, "Expected `<` or `=`"},
		{"let a =", eof, "Expected expression"},
		{"let a: int =", eof, "Expected expression"},
		{"3.", eof, "Expected digit or identifier"},
		{"foo(,)", 4, "Expected `)` or expression"},
		{"foo(", eof, "Expected `)` or expression"},
		{"foo(a", eof, "Expected `)` or `,`"},
		{"foo(3", eof, "Expected `)` or `,`"},
		{`'\u12'`, 5, "Expected hex digit"},
		{`'\uz'`, 3, "Expected `{` or hex digit"},
		{`'\u{1234'`, 8, "Expected `}` or hex digit"},
		{`'\3'`, 2, "Expected escape code"},
		{"foo { 3 }", 6, "Expected `*` or identifier"},
		{"foo { foo: }", 11, "Expected expression"},
		{"foo { foo: 3 bar }", 13, "Expected `,` or `}`"},
	}
	for _, c := range cases {
		_, err := ParseQuery(NewSource(QuerySourceName, c.query))
		if err == nil {
			t.Errorf("%q: parsed, want error %q", c.query, c.msg)
			continue
		}
		errs := err.(ParseErrors)
		if len(errs) != 1 {
			t.Errorf("%q: %d errors: %v", c.query, len(errs), errs)
			continue
		}
		at := c.at
		if at == eof {
			at = len(c.query)
		}
		if errs[0].Message != c.msg || errs[0].Span.Start != at {
			t.Errorf("%q: got %q at %d, want %q at %d", c.query, errs[0].Message, errs[0].Span.Start, c.msg, at)
		}
	}
}
