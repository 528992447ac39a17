package schema

import (
	"github.com/fqlite/fqlite/lang"
)

// Schema is a validated set of schema items: what a directory of .fsl
// files (or the generated main.fsl of items created through FQL) defines.
// Items keep their file order.
type Schema struct {
	Collections     []*Collection
	Functions       []*Function
	Roles           []*Role
	AccessProviders []*AccessProvider
	// Files are the sources the items were parsed from, by name.
	Files map[string]*lang.Source
}

// Pos locates a schema element: its source (nil for elements built by
// hand) and span.
type Pos struct {
	Src *lang.Source
	Sp  lang.Span
}

// File is the name of the element's source file, or "".
func (p Pos) File() string {
	if p.Src == nil {
		return ""
	}
	return p.Src.Name
}

// --- collections ---

// Collection is a user collection.
type Collection struct {
	Name  string
	Alias string // "" when none
	// Fields are the defined fields, in order. A collection without defined
	// fields is schemaless.
	Fields []*Field
	// Wildcard is the type of `*: T`, or nil when not declared.
	Wildcard       lang.TypeExpr
	ComputedFields []*ComputedField
	Indexes        []*Index
	Uniques        []*Unique
	Checks         []*Check
	HistoryDays    int64
	TTLDays        *int64 // nil: documents do not expire
	DocumentTTLs   *bool  // nil: not set (documents may have a ttl iff there are no defined fields)
	Migrations     []*lang.Migration
	Doc            string // the doc comment, if any
	Pos
	// Decl is the FSL item, when the collection was parsed.
	Decl *lang.Collection
}

// Field is a defined field: `name: Type = default`.
type Field struct {
	Name    string
	Type    lang.TypeExpr
	Default lang.Expr // nil when there is no default
	Pos
}

// Signature renders the field's type as Fauna stores it (`String?`).
func (f *Field) Signature() string { return lang.FormatType(f.Type, f.Src) }

// DefaultSource renders the default value as Fauna stores it, or "".
func (f *Field) DefaultSource() string {
	if f.Default == nil {
		return ""
	}
	return lang.FormatExpr(f.Default, f.Src)
}

// Nullable reports whether the field's type accepts null, that is whether
// documents may leave the field out.
func (f *Field) Nullable() bool { return typeAcceptsNull(f.Type) }

func typeAcceptsNull(te lang.TypeExpr) bool {
	t, ok := te.(*lang.Type)
	if !ok || t == nil {
		return false
	}
	switch t.Kind {
	case lang.TypeAny, lang.TypeNullable:
		return true
	case lang.TypeName:
		return t.Name == "Null"
	case lang.TypeSingleton:
		return t.Lit != nil && t.Lit.Kind == lang.LitNull
	case lang.TypeUnion:
		for _, a := range t.Args {
			if typeAcceptsNull(a) {
				return true
			}
		}
	}
	return false
}

// ComputedField is `compute name: Type = (doc) => ...`.
type ComputedField struct {
	Name   string
	Type   lang.TypeExpr // nil when not declared
	Lambda *Lambda
	Pos
}

// Signature renders the declared type, or "".
func (f *ComputedField) Signature() string {
	if f.Type == nil {
		return ""
	}
	return lang.FormatType(f.Type, f.Src)
}

// Lambda is a function written in the schema: a computed field, a check
// constraint, a role or access-provider predicate.
type Lambda struct {
	// Fn is the function to run; a short lambda (`.public`) has its
	// implicit parameter made explicit.
	Fn *lang.Lambda
	// Expr is the lambda as written: a *lang.Lambda or *lang.ShortLambda.
	Expr lang.Expr
	Pos
}

// Body renders the lambda as Fauna stores it in schema documents
// (`(doc) => doc.ok`); a short lambda renders in parentheses (`(.ok)`), a
// form Fauna also accepts as a lambda.
func (l *Lambda) Body() string {
	if sl, ok := l.Expr.(*lang.ShortLambda); ok {
		return "(" + lang.FormatExpr(sl, l.Src) + ")"
	}
	return lang.FormatExpr(l.Expr, l.Src)
}

func newLambda(sl *lang.SchemaLambda, src *lang.Source) *Lambda {
	if sl == nil {
		return nil
	}
	return &Lambda{Fn: sl.Lambda, Expr: sl.Expr, Pos: Pos{src, sl.Sp}}
}

// IndexTerm is an index term or a unique constraint's field.
type IndexTerm struct {
	Path lang.FieldPath
	MVA  bool
}

// Field renders the path as Fauna stores it (`.address.city`).
func (t IndexTerm) Field() string { return lang.FormatPath(t.Path) }

// IndexValue is an index value.
type IndexValue struct {
	Path lang.FieldPath
	MVA  bool
	Desc bool
}

// Field renders the path as Fauna stores it.
func (v IndexValue) Field() string { return lang.FormatPath(v.Path) }

// Index is a user-defined index, queried as `Coll.name(terms...)`.
type Index struct {
	Name   string
	Terms  []IndexTerm
	Values []IndexValue
	Pos
}

// Unique is a unique constraint.
type Unique struct {
	Terms []IndexTerm
	Pos
}

// Check is a check constraint.
type Check struct {
	Name   string
	Lambda *Lambda
	Pos
}

// --- functions ---

// Param is a function parameter.
type Param struct {
	Name string
	Type lang.TypeExpr // nil when untyped
}

// Function is a user-defined function.
type Function struct {
	Name  string
	Alias string
	// Role is the `@role` the body runs with, or "" to run with the
	// caller's permissions.
	Role     string
	Params   []Param
	Variadic *Param // the `...rest` parameter, if any
	Return   lang.TypeExpr
	// Signature is the typed signature (`(a: Int) => Int`), or "" when the
	// parameters are untyped.
	Signature string
	// Body is the function as Fauna stores it in Function.body: the
	// parameters and block as a long-form lambda.
	Body string
	// Lambda is the function to run.
	Lambda *lang.Lambda
	Doc    string
	Pos
	Decl *lang.Function
}

// --- roles ---

// Action is a privilege action.
type Action string

// Privilege actions, in Fauna's order.
const (
	ActionCreate           Action = "create"
	ActionCreateWithID     Action = "create_with_id"
	ActionDelete           Action = "delete"
	ActionRead             Action = "read"
	ActionWrite            Action = "write"
	ActionHistoryRead      Action = "history_read"
	ActionHistoryWrite     Action = "history_write"
	ActionUnrestrictedRead Action = "unrestricted_read"
	ActionCall             Action = "call"
)

// Actions lists the actions in Fauna's order.
var Actions = []Action{ActionCreate, ActionCreateWithID, ActionDelete, ActionRead, ActionWrite,
	ActionHistoryRead, ActionHistoryWrite, ActionUnrestrictedRead, ActionCall}

// Role is a user-defined role.
type Role struct {
	Name       string
	Privileges []*Privilege
	Membership []*Membership
	Doc        string
	Pos
	Decl *lang.Role
}

// Privilege grants actions on a resource: a user collection or function
// (by name or alias) or a system collection (Collection, Function, Role,
// AccessProvider, Database, Key, Token, Credential).
type Privilege struct {
	Resource string
	// Actions maps each granted action to its predicate; a nil predicate
	// grants the action unconditionally. Actions not in the map are denied.
	Actions map[Action]*Lambda
	Pos
}

// Grants reports whether the privilege lists a, and its predicate (nil
// when unconditional).
func (p *Privilege) Grants(a Action) (*Lambda, bool) {
	l, ok := p.Actions[a]
	return l, ok
}

// Membership makes the documents of a collection (tokens for them) members
// of the role, when the predicate, if any, returns true.
type Membership struct {
	Collection string
	Predicate  *Lambda // nil: every document
	Pos
}

// --- access providers ---

// AccessProvider is a JWT issuer whose tokens act with the given roles.
type AccessProvider struct {
	Name    string
	Issuer  string
	JWKSURI string
	Roles   []ProviderRole
	Doc     string
	Pos
	Decl *lang.AccessProvider
}

// ProviderRole is a role granted to an access provider's tokens, when the
// predicate, if any, returns true for the JWT.
type ProviderRole struct {
	Role      string
	Predicate *Lambda
	Pos
}

// --- lookups ---

// Collection returns the collection with the given name or alias.
func (s *Schema) Collection(name string) *Collection {
	for _, c := range s.Collections {
		if c.Name == name {
			return c
		}
	}
	for _, c := range s.Collections {
		if c.Alias == name {
			return c
		}
	}
	return nil
}

// Function returns the function with the given name or alias.
func (s *Schema) Function(name string) *Function {
	for _, f := range s.Functions {
		if f.Name == name {
			return f
		}
	}
	for _, f := range s.Functions {
		if f.Alias == name {
			return f
		}
	}
	return nil
}

// Role returns the role with the given name.
func (s *Schema) Role(name string) *Role {
	for _, r := range s.Roles {
		if r.Name == name {
			return r
		}
	}
	return nil
}

// AccessProvider returns the access provider with the given name.
func (s *Schema) AccessProvider(name string) *AccessProvider {
	for _, a := range s.AccessProviders {
		if a.Name == name {
			return a
		}
	}
	return nil
}

// AccessProviderByIssuer returns the access provider with the given issuer.
func (s *Schema) AccessProviderByIssuer(issuer string) *AccessProvider {
	for _, a := range s.AccessProviders {
		if a.Issuer == issuer {
			return a
		}
	}
	return nil
}

// RolesWithMembership returns the roles whose membership includes the
// collection (by name), in schema order.
func (s *Schema) RolesWithMembership(collection string) []*Role {
	var out []*Role
	for _, r := range s.Roles {
		for _, m := range r.Membership {
			if c := s.Collection(m.Collection); c != nil && c.Name == collection {
				out = append(out, r)
				break
			}
		}
	}
	return out
}
