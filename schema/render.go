package schema

import (
	"sort"
	"strconv"
	"strings"

	"github.com/fqlite/fqlite/lang"
)

// Rendering the schema back to FSL, the way Fauna's Displayer writes
// schema items (ast/Display.scala): two-space indentation, one member per
// line, fields before members, and Fauna's canonical spelling of types,
// paths and expressions. Parsing the output gives the same model.

// GeneratedFile names the file that holds items without a source file
// (created through FQL).
const GeneratedFile = "main.fsl"

// item is any schema item of the model.
type item interface {
	pos() Pos
	render(p *lang.Printer)
}

func (c *Collection) pos() Pos     { return c.Pos }
func (f *Function) pos() Pos       { return f.Pos }
func (r *Role) pos() Pos           { return r.Pos }
func (a *AccessProvider) pos() Pos { return a.Pos }

// FSL renders the schema as FSL files: each item goes to the file it came
// from (GeneratedFile for items without one), in source order, separated by
// blank lines.
func (s *Schema) FSL() map[string]string {
	byFile := map[string][]item{}
	add := func(it item) {
		f := it.pos().File()
		if f == "" {
			f = GeneratedFile
		}
		byFile[f] = append(byFile[f], it)
	}
	for _, c := range s.Collections {
		add(c)
	}
	for _, f := range s.Functions {
		add(f)
	}
	for _, r := range s.Roles {
		add(r)
	}
	for _, a := range s.AccessProviders {
		add(a)
	}
	out := map[string]string{}
	for name, items := range byFile {
		sort.SliceStable(items, func(i, j int) bool {
			pi, pj := items[i].pos(), items[j].pos()
			if (pi.Src == nil) != (pj.Src == nil) {
				return pi.Src != nil
			}
			return pi.Src != nil && pi.Sp.Start < pj.Sp.Start
		})
		parts := make([]string, len(items))
		for i, it := range items {
			parts[i] = renderItem(it)
		}
		out[name] = strings.Join(parts, "\n")
	}
	return out
}

func renderItem(it item) string {
	p := lang.NewPrinter(it.pos().Src)
	it.render(p)
	return p.String()
}

// FSL renders the collection as an FSL item.
func (c *Collection) FSL() string { return renderItem(c) }

// FSL renders the function as an FSL item.
func (f *Function) FSL() string { return renderItem(f) }

// FSL renders the role as an FSL item.
func (r *Role) FSL() string { return renderItem(r) }

// FSL renders the access provider as an FSL item.
func (a *AccessProvider) FSL() string { return renderItem(a) }

func writeDoc(p *lang.Printer, doc string) {
	if doc == "" {
		return
	}
	p.Write(doc)
	if !strings.HasSuffix(doc, "\n") {
		p.Write("\n")
	}
}

// src picks the source of a sub-element, falling back to the item's.
func withSrc(p *lang.Printer, pos Pos, f func()) {
	old := p.Src
	if pos.Src != nil {
		p.Src = pos.Src
	}
	f()
	p.Src = old
}

func (c *Collection) render(p *lang.Printer) {
	writeDoc(p, c.Doc)
	if c.Alias != "" {
		p.Write("@alias(")
		p.Ident(c.Alias)
		p.Writeln(")")
	}
	p.Write("collection ")
	p.Ident(c.Name)
	p.Writeln(" {")
	p.Indent()
	for _, f := range c.Fields {
		withSrc(p, f.Pos, func() {
			p.Write(f.Name + ": ")
			p.Type(f.Type)
			if f.Default != nil {
				p.Write(" = ")
				p.Expr(f.Default)
			}
			p.Writeln("")
		})
	}
	for _, f := range c.ComputedFields {
		withSrc(p, f.Pos, func() {
			p.Write("compute " + f.Name)
			if f.Type != nil {
				p.Write(": ")
				p.Type(f.Type)
			}
			p.Write(" = ")
			writeLambda(p, f.Lambda, true)
			p.Writeln("")
		})
	}
	if c.Wildcard != nil {
		p.Write("*: ")
		p.Type(c.Wildcard)
		p.Writeln("")
	}
	for _, idx := range c.Indexes {
		p.Write("index ")
		p.Ident(idx.Name)
		p.Writeln(" {")
		p.Indent()
		if len(idx.Terms) > 0 {
			p.Write("terms ")
			writeTerms(p, idx.Terms)
			p.Writeln("")
		}
		if len(idx.Values) > 0 {
			p.Write("values [")
			for i, v := range idx.Values {
				if i > 0 {
					p.Write(", ")
				}
				if v.Desc {
					p.Write("desc(")
				}
				writeTerm(p, v.Path, v.MVA)
				if v.Desc {
					p.Write(")")
				}
			}
			p.Writeln("]")
		}
		p.Dedent()
		p.Writeln("}")
	}
	for _, u := range c.Uniques {
		p.Write("unique ")
		writeTerms(p, u.Terms)
		p.Writeln("")
	}
	for _, ch := range c.Checks {
		p.Write("check ")
		p.Ident(ch.Name)
		p.Write(" (")
		writeLambda(p, ch.Lambda, false)
		p.Writeln(")")
	}
	if c.HistoryDays != 0 {
		p.Writeln("history_days " + strconv.FormatInt(c.HistoryDays, 10))
	}
	if c.TTLDays != nil {
		p.Writeln("ttl_days " + strconv.FormatInt(*c.TTLDays, 10))
	}
	if c.DocumentTTLs != nil {
		p.Writeln("document_ttls " + strconv.FormatBool(*c.DocumentTTLs))
	}
	if len(c.Migrations) > 0 {
		p.Writeln("migrations {")
		p.Indent()
		for _, m := range c.Migrations {
			writeMigration(p, m)
		}
		p.Dedent()
		p.Writeln("}")
	}
	p.Dedent()
	p.Writeln("}")
}

func writeTerm(p *lang.Printer, path lang.FieldPath, mva bool) {
	if mva {
		p.Write("mva(")
	}
	p.Path(path)
	if mva {
		p.Write(")")
	}
}

func writeTerms(p *lang.Printer, terms []IndexTerm) {
	p.Write("[")
	for i, t := range terms {
		if i > 0 {
			p.Write(", ")
		}
		writeTerm(p, t.Path, t.MVA)
	}
	p.Write("]")
}

// writeLambda writes a lambda; computed fields put a short lambda in
// parentheses (Fauna's writeField).
func writeLambda(p *lang.Printer, l *Lambda, parenShort bool) {
	if l == nil {
		return
	}
	withSrc(p, l.Pos, func() {
		if _, short := l.Expr.(*lang.ShortLambda); short && parenShort {
			p.Write("(")
			p.Expr(l.Expr)
			p.Write(")")
			return
		}
		p.Expr(l.Expr)
	})
}

func writeMigration(p *lang.Printer, m *lang.Migration) {
	p.Write(m.Kind.String())
	if m.Kind != lang.MigrationAddWildcard {
		p.Write(" ")
		p.Path(m.Path)
	}
	switch m.Kind {
	case lang.MigrationBackfill:
		p.Write(" = ")
		p.Expr(m.Value)
	case lang.MigrationMove, lang.MigrationSplit:
		p.Write(" -> ")
		for i, t := range m.To {
			if i > 0 {
				p.Write(", ")
			}
			p.Path(t)
		}
	}
	p.Writeln("")
}

func writePredicate(p *lang.Printer, l *Lambda) {
	if l == nil {
		return
	}
	p.Writeln(" {")
	p.Indent()
	p.Write("predicate (")
	writeLambda(p, l, false)
	p.Writeln(")")
	p.Dedent()
	p.Write("}")
}

func (f *Function) render(p *lang.Printer) {
	writeDoc(p, f.Doc)
	if f.Alias != "" {
		p.Write("@alias(")
		p.Ident(f.Alias)
		p.Writeln(")")
	}
	if f.Role != "" {
		p.Write("@role(")
		p.Ident(f.Role)
		p.Writeln(")")
	}
	p.Write("function ")
	p.Ident(f.Name)
	p.Write("(")
	params := f.Params
	if f.Variadic != nil {
		params = append(append([]Param{}, params...), *f.Variadic)
	}
	for i, a := range params {
		if i > 0 {
			p.Write(", ")
		}
		if f.Variadic != nil && i == len(params)-1 {
			p.Write("...")
		}
		p.Write(a.Name)
		if a.Type != nil {
			p.Write(": ")
			p.Type(a.Type)
		}
	}
	p.Write(")")
	if f.Return != nil {
		p.Write(": ")
		p.Type(f.Return)
	}
	p.Write(" ")
	var body lang.Expr
	if f.Lambda != nil {
		body = f.Lambda.Body
	}
	if b, ok := body.(*lang.Block); ok {
		p.Expr(b)
	} else {
		p.Writeln("{")
		p.Indent()
		p.Expr(body)
		p.Writeln("")
		p.Dedent()
		p.Write("}")
	}
	p.Writeln("")
}

func (r *Role) render(p *lang.Printer) {
	writeDoc(p, r.Doc)
	p.Write("role ")
	p.Ident(r.Name)
	p.Writeln(" {")
	p.Indent()
	for _, priv := range r.Privileges {
		p.Write("privileges ")
		p.Ident(priv.Resource)
		p.Writeln(" {")
		p.Indent()
		for _, a := range Actions {
			pred, ok := priv.Actions[a]
			if !ok {
				continue
			}
			p.Write(string(a))
			writePredicate(p, pred)
			p.Writeln("")
		}
		p.Dedent()
		p.Writeln("}")
	}
	for _, m := range r.Membership {
		p.Write("membership ")
		p.Ident(m.Collection)
		writePredicate(p, m.Predicate)
		p.Writeln("")
	}
	p.Dedent()
	p.Writeln("}")
}

func (a *AccessProvider) render(p *lang.Printer) {
	writeDoc(p, a.Doc)
	p.Write("access provider ")
	p.Ident(a.Name)
	p.Writeln(" {")
	p.Indent()
	p.Write("issuer ")
	p.Str(a.Issuer)
	p.Writeln("")
	p.Write("jwks_uri ")
	p.Str(a.JWKSURI)
	p.Writeln("")
	for _, r := range a.Roles {
		p.Write("role ")
		p.Ident(r.Role)
		writePredicate(p, r.Predicate)
		p.Writeln("")
	}
	p.Dedent()
	p.Writeln("}")
}
