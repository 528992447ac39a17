package lang

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Printer renders expressions, types and FSL the way Fauna's Displayer
// (ast/Display.scala) does: it is how Fauna stores function bodies,
// predicates and default values in schema documents and how it writes FSL
// for items created through FQL. Lines after a newline are indented by two
// spaces per level.
type Printer struct {
	// Src, when set, is the text the printed nodes came from; decimal
	// literals are then printed from their original digits (`1.50` stays
	// `1.50`, as Fauna keeps BigDecimals), not from their float64 value.
	Src *Source

	b           strings.Builder
	indent      int
	needsIndent bool
}

// NewPrinter returns a Printer for nodes parsed from src (which may be nil).
func NewPrinter(src *Source) *Printer { return &Printer{Src: src, needsIndent: true} }

// String returns what was written.
func (p *Printer) String() string { return p.b.String() }

// Write appends text, indenting it if it starts a line.
func (p *Printer) Write(s string) {
	if p.needsIndent {
		p.b.WriteString(strings.Repeat("  ", p.indent))
		p.needsIndent = false
	}
	p.b.WriteString(s)
	if strings.HasSuffix(s, "\n") {
		p.needsIndent = true
	}
}

// Writeln writes s and a newline.
func (p *Printer) Writeln(s string) {
	p.Write(s)
	p.Write("\n")
}

// Indent and Dedent change the indentation of the following lines.
func (p *Printer) Indent() { p.indent++ }
func (p *Printer) Dedent() { p.indent-- }

// FormatExpr renders an expression as Fauna displays it.
func FormatExpr(e Expr, src *Source) string {
	p := NewPrinter(src)
	p.Expr(e)
	return p.String()
}

// FormatType renders a type expression as Fauna displays it; field
// defaults of schema types are included.
func FormatType(t TypeExpr, src *Source) string {
	return NewPrinter(src).typeString(t, 0)
}

// FormatString renders s as a double-quoted FQL string literal.
func FormatString(s string) string {
	p := NewPrinter(nil)
	p.Str(s)
	return p.String()
}

// FormatIdent renders a name: itself when it is a valid identifier, a
// string literal otherwise.
func FormatIdent(s string) string {
	if isValidIdent(s) {
		return s
	}
	return FormatString(s)
}

// FormatPath renders a field path: `.a.b`, `.["a b"]`, `.[0]`.
func FormatPath(fp FieldPath) string {
	p := NewPrinter(nil)
	p.Path(fp)
	return p.String()
}

// FormatUDFBody renders a function's parameters and body as the long-form
// lambda Fauna stores in Function.body: `(a, ...b) => {\n  body\n}`.
func FormatUDFBody(params []*Param, body *Block, src *Source) string {
	p := NewPrinter(src)
	p.Write("(")
	for i, a := range params {
		if i > 0 {
			p.Write(", ")
		}
		if a.Variadic {
			p.Write("...")
		}
		p.Write(a.Name.Str)
	}
	p.Write(") => ")
	p.Expr(body)
	return p.String()
}

// FormatUDFSignature renders a typed function's signature as Fauna stores
// it in Function.signature (`(a: Int, b: ...Int) => Int`); it is "" unless
// every parameter and the result have a type.
func FormatUDFSignature(params []*Param, ret TypeExpr) string {
	if ret == nil {
		return ""
	}
	for _, a := range params {
		if a.Type == nil {
			return ""
		}
	}
	var b strings.Builder
	b.WriteString("(")
	for i, a := range params {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(a.Name.Str + ": ")
		if a.Variadic {
			b.WriteString("...")
		}
		b.WriteString(FormatType(a.Type, nil))
	}
	b.WriteString(") => " + FormatType(ret, nil))
	return b.String()
}

// Ident writes a name (writeIdent).
func (p *Printer) Ident(s string) {
	if isValidIdent(s) {
		p.Write(s)
	} else {
		p.Str(s)
	}
}

// Str writes a double-quoted string literal (writeStrLit).
func (p *Printer) Str(s string) {
	p.Write("\"")
	p.b.WriteString(escapeFQLString(s))
	p.Write("\"")
}

// escapeFQLString is Displayer.writeStr0.
func escapeFQLString(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch r {
		case '\\':
			b.WriteString(`\\`)
		case 0:
			b.WriteString(`\0`)
		case '"':
			b.WriteString(`\"`)
		case '\n':
			b.WriteString(`\n`)
		case '\r':
			b.WriteString(`\r`)
		case '\v':
			b.WriteString(`\v`)
		case '\t':
			b.WriteString(`\t`)
		case '\b':
			b.WriteString(`\b`)
		case '\f':
			b.WriteString(`\f`)
		case '#':
			b.WriteString(`\#`)
		default:
			switch {
			case r > 0xffff:
				fmt.Fprintf(&b, `\u{%06x}`, r)
			case isDisplay(r) && !(r >= 0xd800 && r <= 0xdfff):
				b.WriteRune(r)
			default:
				fmt.Fprintf(&b, `\u%04x`, r)
			}
		}
	}
	return b.String()
}

// Path writes a field path (writePath).
func (p *Printer) Path(fp FieldPath) {
	for i, e := range fp.Elems {
		switch {
		case e.IsIndex:
			if i == 0 {
				p.Write(".")
			}
			p.Write("[" + strconv.FormatInt(e.Index, 10) + "]")
		case isValidIdent(e.Field):
			p.Write("." + e.Field)
		default:
			if i == 0 {
				p.Write(".")
			}
			p.Write("[")
			p.Str(e.Field)
			p.Write("]")
		}
	}
}

// Lit writes a literal (writeLit).
func (p *Printer) Lit(l *Lit) {
	switch l.Kind {
	case LitNull:
		p.Write("null")
	case LitTrue:
		p.Write("true")
	case LitFalse:
		p.Write("false")
	case LitInt:
		p.Write(l.Int.String())
	case LitFloat:
		p.Write(p.floatText(l))
	case LitStr:
		p.Str(l.Str)
	}
}

// floatText renders a decimal literal as Scala's BigDecimal.toString does.
func (p *Printer) floatText(l *Lit) string {
	if p.Src != nil && l.Sp.Start >= 0 && l.Sp.End <= len(p.Src.Text) && l.Sp.Start < l.Sp.End {
		if s, ok := bigDecimalString(p.Src.Text[l.Sp.Start:l.Sp.End]); ok {
			return s
		}
	}
	f := l.Float
	if math.IsInf(f, 0) || math.IsNaN(f) {
		return strconv.FormatFloat(f, 'g', -1, 64)
	}
	text := strconv.FormatFloat(f, 'g', -1, 64)
	if !strings.ContainsAny(text, ".e") {
		text += ".0"
	}
	if s, ok := bigDecimalString(text); ok {
		return s
	}
	return text
}

// bigDecimalString parses a decimal literal (sign, digits with `_`,
// fraction, exponent) and renders it as java.math.BigDecimal.toString.
func bigDecimalString(text string) (string, bool) {
	t := strings.ReplaceAll(strings.TrimSpace(text), "_", "")
	neg := false
	if t != "" && (t[0] == '-' || t[0] == '+') {
		neg = t[0] == '-'
		t = strings.TrimLeft(t[1:], " \t")
	}
	mant, exp := t, 0
	if i := strings.IndexAny(t, "eE"); i >= 0 {
		mant = t[:i]
		e, err := strconv.Atoi(t[i+1:])
		if err != nil {
			return "", false
		}
		exp = e
	}
	intPart, frac, _ := strings.Cut(mant, ".")
	digits := intPart + frac
	if digits == "" {
		return "", false
	}
	for _, c := range digits {
		if c < '0' || c > '9' {
			return "", false
		}
	}
	scale := len(frac) - exp
	digits = strings.TrimLeft(digits, "0")
	if digits == "" {
		digits = "0"
		neg = false
	}
	n := len(digits)
	adjusted := -scale + n - 1
	var s string
	switch {
	case scale == 0:
		s = digits
	case scale > 0 && adjusted >= -6:
		if n > scale {
			s = digits[:n-scale] + "." + digits[n-scale:]
		} else {
			s = "0." + strings.Repeat("0", scale-n) + digits
		}
	default:
		s = digits[:1]
		if n > 1 {
			s += "." + digits[1:]
		}
		s += "E"
		if adjusted >= 0 {
			s += "+"
		}
		s += strconv.Itoa(adjusted)
	}
	if neg {
		s = "-" + s
	}
	return s, true
}

func (p *Printer) commaSeparated(es []Expr) {
	for i, e := range es {
		if i > 0 {
			p.Write(", ")
		}
		p.Expr(e)
	}
}

// Expr writes an expression (writeExpr).
func (p *Printer) Expr(e Expr) {
	switch x := e.(type) {
	case nil:
	case *Id:
		if x.Name != ThisName {
			p.Write(x.Name)
		}
	case *This:
	case *Lit:
		p.Lit(x)
	case *StrTemplate:
		p.Write("\"")
		for _, part := range x.Parts {
			if part.Expr == nil {
				p.b.WriteString(escapeFQLString(part.Text))
				continue
			}
			p.Write("#{")
			p.Expr(part.Expr)
			p.Write("}")
		}
		p.Write("\"")
	case *If:
		p.Write("if (")
		p.Expr(x.Cond)
		p.Write(") ")
		p.Expr(x.Then)
		if x.Else != nil {
			p.Write(" else ")
			p.Expr(x.Else)
		}
	case *At:
		p.Write("at (")
		p.Expr(x.Time)
		p.Write(") ")
		p.Expr(x.Body)
	case *Match:
		// Fauna cannot display match expressions; keep the source text.
		if p.Src != nil && x.Sp.End <= len(p.Src.Text) {
			p.Write(p.Src.Text[x.Sp.Start:x.Sp.End])
		} else {
			p.Write("match")
		}
	case *Lambda:
		p.Write("(")
		for i, n := range x.Params {
			if i > 0 {
				p.Write(", ")
			}
			if n == nil {
				p.Write("_")
			} else {
				p.Write(n.Str)
			}
		}
		if x.HasVariadic {
			if len(x.Params) > 0 {
				p.Write(", ")
			}
			if x.Variadic == nil {
				p.Write("..._")
			} else {
				p.Write("..." + x.Variadic.Str)
			}
		}
		p.Write(") => ")
		p.Expr(x.Body)
	case *ShortLambda:
		p.Expr(x.Body)
	case *OperatorCall:
		if x.Rhs == nil {
			p.Write(x.Op.Str)
			p.Expr(x.Lhs)
			return
		}
		p.Expr(x.Lhs)
		p.Write(" " + x.Op.Str + " ")
		p.Expr(x.Rhs)
	case *Project:
		p.Expr(x.Base)
		p.Writeln(" {")
		p.Indent()
		for i, f := range x.Fields {
			p.Ident(f.Name.Str)
			p.Write(": ")
			p.Expr(f.Value)
			if i != len(x.Fields)-1 {
				p.Write(",")
			}
			p.Writeln("")
		}
		p.Dedent()
		p.Writeln("}")
	case *ProjectAll:
		p.Expr(x.Base)
		p.Writeln(" { * }")
	case *Object:
		p.Writeln("{")
		p.Indent()
		for i, f := range x.Fields {
			p.Ident(f.Key.Str)
			p.Write(": ")
			p.Expr(f.Value)
			if i != len(x.Fields)-1 {
				p.Write(",")
			}
			p.Writeln("")
		}
		p.Dedent()
		p.Write("}")
	case *Tuple:
		p.Write("(")
		p.commaSeparated(x.Elems)
		p.Write(")")
	case *Array:
		p.Write("[")
		p.commaSeparated(x.Elems)
		p.Write("]")
	case *Block:
		p.Writeln("{")
		p.Indent()
		p.Body(x.Stmts)
		p.Dedent()
		p.Write("}")
	case *MethodChain:
		p.Expr(x.Base)
		for i := range x.Chain {
			c := &x.Chain[i]
			switch c.Kind {
			case ChainBang:
				p.Write("!")
			case ChainSelect:
				if c.Optional {
					p.Write("?")
				}
				p.Write("." + c.Field.Str)
			case ChainApply, ChainAccess:
				if c.ApplyOptional != nil {
					p.Write("?.")
				}
				open, close := "(", ")"
				if c.Kind == ChainAccess {
					open, close = "[", "]"
				}
				p.Write(open)
				p.commaSeparated(c.Args)
				p.Write(close)
			case ChainMethod:
				if c.Optional {
					p.Write("?")
				}
				p.Write("." + c.Field.Str)
				if c.ApplyOptional != nil {
					p.Write("?.")
				}
				p.Write("(")
				p.commaSeparated(c.Args)
				p.Write(")")
			}
		}
	default:
		p.Write(fmt.Sprintf("<%T>", e))
	}
}

// Body writes block statements, one per line (writeBody).
func (p *Printer) Body(stmts []Stmt) {
	for _, s := range stmts {
		if s.Let != nil {
			p.Write("let " + s.Let.Name.Str)
			if s.Let.Type != nil {
				p.Write(": " + p.typeString(s.Let.Type, 0))
			}
			p.Write(" = ")
			p.Expr(s.Let.Value)
		} else {
			p.Expr(s.Expr)
		}
		p.Writeln("")
	}
}

// Type writes a type expression (displayTExpr, with schema defaults).
func (p *Printer) Type(t TypeExpr) { p.Write(p.typeString(t, 0)) }

func displayFieldName(n string) string {
	if isValidIdent(n) {
		return n
	}
	return `"` + n + `"`
}

func (p *Printer) typeString(te TypeExpr, prec int) string {
	t, ok := te.(*Type)
	if !ok || t == nil {
		return ""
	}
	paren := func(s string, limit int) string {
		if prec > limit {
			return "(" + s + ")"
		}
		return s
	}
	join := func(ts []TypeExpr, prec int, sep string) string {
		parts := make([]string, len(ts))
		for i, a := range ts {
			parts[i] = p.typeString(a, prec)
		}
		return strings.Join(parts, sep)
	}
	switch t.Kind {
	case TypeHole:
		return "_"
	case TypeAny:
		return "Any"
	case TypeNever:
		return "Never"
	case TypeSingleton:
		q := NewPrinter(p.Src)
		q.Lit(t.Lit)
		return q.String()
	case TypeName:
		return t.Name
	case TypeCons:
		return t.Name + "<" + join(t.Args, 0, ", ") + ">"
	case TypeObject:
		var elems []string
		for _, f := range t.Fields {
			s := displayFieldName(f.Name.Str) + ": " + p.typeString(f.Type, 0)
			if f.Default != nil {
				s += " = " + FormatExpr(f.Default, p.Src)
			}
			elems = append(elems, s)
		}
		if t.Wildcard != nil {
			elems = append(elems, "*: "+p.typeString(t.Wildcard, 0))
		}
		if len(elems) == 0 {
			return "{}"
		}
		return "{ " + strings.Join(elems, ", ") + " }"
	case TypeTuple:
		return "[" + join(t.Args, 0, ", ") + "]"
	case TypeLambda:
		if len(t.Args) == 1 && t.Variadic == nil {
			return paren(p.typeString(t.Args[0], 11)+" => "+p.typeString(t.Result, 10), 10)
		}
		args := make([]string, 0, len(t.Args)+1)
		for _, a := range t.Args {
			args = append(args, p.typeString(a, 10))
		}
		if t.Variadic != nil {
			args = append(args, "..."+p.typeString(t.Variadic, 10))
		}
		return paren("("+strings.Join(args, ", ")+") => "+p.typeString(t.Result, 10), 10)
	case TypeUnion:
		return paren(join(t.Args, 20, " | "), 20)
	case TypeIntersect:
		return paren(join(t.Args, 30, " & "), 30)
	case TypeNullable:
		return p.typeString(t.Args[0], 50) + "?"
	}
	return ""
}
