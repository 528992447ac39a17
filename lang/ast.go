package lang

import "math/big"

// Node is any syntax tree node; every node knows the span of text it came from.
type Node interface {
	Span() Span
}

// Expr is an FQL expression. The concrete types below mirror Fauna's
// fql.ast.Expr so evaluation rules can be ported one to one.
type Expr interface {
	Node
	exprNode()
}

// Name is an identifier occurrence (a field, a parameter, a variable).
type Name struct {
	Str string
	Sp  Span
}

// Span returns the name's span.
func (n Name) Span() Span { return n.Sp }

// ThisName is the hidden parameter of a short lambda (`.age > 18`).
const ThisName = "$this"

// LitKind distinguishes literal values.
type LitKind uint8

// Literal kinds.
const (
	LitNull LitKind = iota
	LitTrue
	LitFalse
	LitInt   // Int holds the exact value
	LitFloat // Float holds the value
	LitStr
)

// Lit is a literal value.
type Lit struct {
	Kind  LitKind
	Int   *big.Int
	Float float64
	Str   string
	Sp    Span
}

// Id is a variable or global name.
type Id struct {
	Name string
	Sp   Span
}

// TemplatePart is either literal text (Expr == nil) or an interpolated expression.
type TemplatePart struct {
	Text string
	Expr Expr
}

// StrTemplate is an interpolated string ("a#{b}c" or a <<+ heredoc).
type StrTemplate struct {
	Parts []TemplatePart
	Sp    Span
}

// If is `if (Cond) Then` with an optional `else Else` (Else == nil without it).
type If struct {
	Cond, Then, Else Expr
	Sp               Span
}

// At is `at (Time) Body`.
type At struct {
	Time, Body Expr
	Sp         Span
}

// Match is parsed for fidelity and rejected at evaluation, as Fauna does.
type Match struct {
	Scrutinee Expr
	Sp        Span
}

// Lambda is a long-form lambda `(a, b) => body` or `x => body`. A nil entry
// in Params is an `_` parameter. Variadic, when HasVariadic, names the rest
// parameter (nil for `..._`).
type Lambda struct {
	Params      []*Name
	HasVariadic bool
	Variadic    *Name
	Body        Expr
	Sp          Span
}

// ShortLambda is a body that refers to an implicit parameter through This
// nodes (`.name`, `.age > 18`).
type ShortLambda struct {
	Body Expr
}

// This is the implicit parameter of a short lambda.
type This struct {
	Sp Span
}

// OperatorCall is a unary (Rhs == nil) or binary operator application.
type OperatorCall struct {
	Lhs Expr
	Op  Name
	Rhs Expr
	Sp  Span
}

// ChainKind distinguishes the components of a method chain.
type ChainKind uint8

// Chain component kinds.
const (
	ChainSelect ChainKind = iota // .field / ?.field
	ChainBang                    // !
	ChainApply                   // (args) / ?.(args)
	ChainAccess                  // [args] / ?.[args]
	ChainMethod                  // .field(args), with optional ?. on either part
)

// ChainElem is one postfix component of a MethodChain.
type ChainElem struct {
	Kind ChainKind
	// Field is the selected name (Select, Method).
	Field Name
	// DotSpan covers the `.` or `?.` before Field.
	DotSpan Span
	// Optional: `?.` before the field (Select, Method).
	Optional bool
	// ApplyOptional is the span of a `?.` before the parentheses or brackets
	// (Apply, Access, Method), when present.
	ApplyOptional *Span
	// Args are the call or index arguments.
	Args []Expr
	// ArgsSpan covers the parentheses/brackets with the arguments, or the `!`.
	ArgsSpan Span
}

// Span returns the component's span as Fauna computes it.
func (c *ChainElem) Span() Span {
	switch c.Kind {
	case ChainSelect:
		return c.DotSpan.To(c.Field.Sp)
	case ChainBang:
		return c.ArgsSpan
	case ChainMethod:
		return c.DotSpan.To(c.ArgsSpan)
	default:
		if c.ApplyOptional != nil {
			return c.ApplyOptional.To(c.ArgsSpan)
		}
		return c.ArgsSpan
	}
}

// MethodChain is a base expression followed by postfix components.
type MethodChain struct {
	Base  Expr
	Chain []ChainElem
	Sp    Span
}

// ProjField is one element of a projection `x { a, b: expr }`.
type ProjField struct {
	Name  Name
	Value Expr // an expression over This
}

// Project is `expr { fields }`.
type Project struct {
	Base   Expr
	Fields []ProjField
	Sp     Span
}

// ProjectAll is `expr { * }`, parsed and rejected at evaluation like Fauna.
type ProjectAll struct {
	Base Expr
	Sp   Span
}

// ObjectField is one `key: value` of an object literal.
type ObjectField struct {
	Key   Name
	Value Expr
}

// Object is an object literal.
type Object struct {
	Fields []ObjectField
	Sp     Span
}

// Tuple is a parenthesised expression list: `(e)` is e, `(a, b)` an array.
type Tuple struct {
	Elems []Expr
	Sp    Span
}

// Array is an array literal.
type Array struct {
	Elems []Expr
	Sp    Span
}

// Stmt is a block statement: a Let or an expression statement.
type Stmt struct {
	// Let is non-nil for a `let` statement.
	Let *Let
	// Expr is the expression of an expression statement.
	Expr Expr
}

// Span returns the statement's span.
func (s Stmt) Span() Span {
	if s.Let != nil {
		return s.Let.Sp
	}
	return s.Expr.Span()
}

// Let is `let name (: type)? = value`.
type Let struct {
	Name  Name
	Type  TypeExpr // nil without an annotation
	Value Expr
	Sp    Span
}

// Block is a braced statement list, or the whole query.
type Block struct {
	Stmts []Stmt
	Sp    Span
}

func (e *Lit) Span() Span          { return e.Sp }
func (e *Id) Span() Span           { return e.Sp }
func (e *StrTemplate) Span() Span  { return e.Sp }
func (e *If) Span() Span           { return e.Sp }
func (e *At) Span() Span           { return e.Sp }
func (e *Match) Span() Span        { return e.Sp }
func (e *Lambda) Span() Span       { return e.Sp }
func (e *ShortLambda) Span() Span  { return e.Body.Span() }
func (e *This) Span() Span         { return e.Sp }
func (e *OperatorCall) Span() Span { return e.Sp }
func (e *MethodChain) Span() Span  { return e.Sp }
func (e *Project) Span() Span      { return e.Sp }
func (e *ProjectAll) Span() Span   { return e.Sp }
func (e *Object) Span() Span       { return e.Sp }
func (e *Tuple) Span() Span        { return e.Sp }
func (e *Array) Span() Span        { return e.Sp }
func (e *Block) Span() Span        { return e.Sp }

func (*Lit) exprNode()          {}
func (*Id) exprNode()           {}
func (*StrTemplate) exprNode()  {}
func (*If) exprNode()           {}
func (*At) exprNode()           {}
func (*Match) exprNode()        {}
func (*Lambda) exprNode()       {}
func (*ShortLambda) exprNode()  {}
func (*This) exprNode()         {}
func (*OperatorCall) exprNode() {}
func (*MethodChain) exprNode()  {}
func (*Project) exprNode()      {}
func (*ProjectAll) exprNode()   {}
func (*Object) exprNode()       {}
func (*Tuple) exprNode()        {}
func (*Array) exprNode()        {}
func (*Block) exprNode()        {}

// TypeExpr is an FQL/FSL type expression (let annotations, FSL field types,
// function signatures). The evaluator ignores annotations; the schema layer
// checks stored values against field types.
type TypeExpr interface {
	Node
	typeNode()
}

// TypeKind distinguishes type expressions.
type TypeKind uint8

// Type expression kinds.
const (
	TypeAny TypeKind = iota
	TypeNever
	TypeName      // Name, e.g. String, Customer
	TypeCons      // Name<Args...>
	TypeSingleton // a literal: "active", 1, true, null
	TypeObject    // { a: T, b?: T, *: T }
	TypeTuple     // [A, B]
	TypeLambda    // (A, B) => C
	TypeUnion     // A | B
	TypeIntersect // A & B
	TypeNullable  // T?
	TypeHole      // _
)

// TypeField is one field of an object type.
type TypeField struct {
	Name     Name
	Type     TypeExpr
	Optional bool // `name?: T`
	Default  Expr // FSL field defaults inside nested objects (rejected where not allowed)
}

// Type is a type expression node.
type Type struct {
	Kind     TypeKind
	Name     string
	Args     []TypeExpr // Cons arguments, tuple elements, union/intersect members, lambda params, Nullable base
	Fields   []TypeField
	Wildcard TypeExpr // object `*: T`
	Variadic TypeExpr // lambda `...T`
	Result   TypeExpr // lambda result
	Lit      *Lit     // singleton value
	Sp       Span
}

func (t *Type) Span() Span { return t.Sp }
func (*Type) typeNode()    {}
