package lang

// The raw FSL tree (Fauna's FSL.Node, ast/package.scala). The FSL grammar
// does not know item kinds: every item is `@annotations keyword name value`,
// and the converter (fsl_convert.go) decides what each keyword means and
// reports misplaced parts. Keeping the two phases apart is what gives Fauna's
// messages: `collection 3` parses, then fails with "Missing required name".

// fslNode is one item or block member.
type fslNode struct {
	anns  []fslAnnotation
	kw    Name     // the keyword; "field" for field definitions
	name  *Name    // nil when absent
	value fslValue // nil when absent
	sp    Span
	doc   *Span // the doc comment right before a top-level item
}

// fslAnnotation is `@keyword(value)`.
type fslAnnotation struct {
	keyword Name
	value   Name
	sp      Span
}

// fslValue is the value part of a node.
type fslValue interface {
	span() Span
}

// fslBlock is `{ items }`.
type fslBlock struct {
	open  Span
	items []*fslNode
	close Span
}

// fslPaths is `[ expr, ... ]` (index terms and values).
type fslPaths struct {
	open  Span
	paths []Expr
	close Span
}

// fslLit is a value written as an FQL expression.
type fslLit struct {
	expr Expr
}

// fslColonType is `: type` (a type annotation and its colon).
type fslColonType struct {
	colon Span
	ty    TypeExpr
}

func (c *fslColonType) span() Span { return c.colon.To(c.ty.Span()) }

// fslField is the value of a field definition: `compute name: type = value`.
type fslField struct {
	kind  FieldKind
	ct    *fslColonType
	value fslValue // an *fslLit or nil
}

// fslArg is a function parameter; dots is set for `...name`.
type fslArg struct {
	dots *Span
	name Name
	ct   *fslColonType
}

func (a *fslArg) span() Span {
	s := a.name.Sp
	if a.dots != nil {
		s = a.dots.To(s)
	}
	if a.ct != nil {
		s = s.To(a.ct.span())
	}
	return s
}

// fslFunction is `(args): type { body }`.
type fslFunction struct {
	open     Span
	args     []*fslArg
	variadic *fslArg
	close    Span
	ret      *fslColonType
	body     *Block
}

// fslInvalid is text that could not be parsed as a value.
type fslInvalid struct {
	sp Span
}

// fslMigration is one statement of a migrations block.
type fslMigration struct {
	kind  MigrationKind
	path  FieldPath   // the field (add, drop, backfill, move, split, move_conflicts, move_wildcard)
	to    []FieldPath // move: one target; split: the targets
	value Expr        // backfill
	sp    Span
}

func (b *fslBlock) span() Span     { return Span{b.open.Start, b.close.End} }
func (p *fslPaths) span() Span     { return Span{p.open.Start, p.close.End} }
func (l *fslLit) span() Span       { return l.expr.Span() }
func (f *fslFunction) span() Span  { return Span{f.open.Start, f.body.Sp.End} }
func (i *fslInvalid) span() Span   { return i.sp }
func (m *fslMigration) span() Span { return m.sp }

// span of a field value is that of its type and value; Fauna uses a null
// span when both are absent.
func (f *fslField) span() Span {
	switch {
	case f.ct == nil && f.value == nil:
		return Span{}
	case f.value == nil:
		return f.ct.span()
	case f.ct == nil:
		return f.value.span()
	}
	return f.ct.span().To(f.value.span())
}
