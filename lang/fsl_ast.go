package lang

import "strconv"

// The FSL syntax tree that ParseFSL returns (Fauna's SchemaItem,
// ast/SchemaItem.scala). Every node keeps the span of the text it came
// from; optional members are nil when the source leaves them out.

// SchemaItem is a top-level FSL item: *Collection, *Function, *Role or
// *AccessProvider.
type SchemaItem interface {
	Node
	// ItemKind tells the kind of item.
	ItemKind() ItemKind
	// ItemName is the item's name.
	ItemName() Name
	// Doc is the span of the doc comment right before the item, if any.
	Doc() *Span
}

// ItemKind is the kind of a schema item; kinds sort as Fauna sorts them in
// diffs (collections, functions, roles, access providers).
type ItemKind uint8

// Schema item kinds.
const (
	ItemCollection ItemKind = iota
	ItemFunction
	ItemRole
	ItemAccessProvider
)

// String is the item's FSL keyword.
func (k ItemKind) String() string {
	switch k {
	case ItemCollection:
		return "collection"
	case ItemFunction:
		return "function"
	case ItemRole:
		return "role"
	case ItemAccessProvider:
		return "access provider"
	}
	return "item(" + strconv.Itoa(int(k)) + ")"
}

// Annotation is `@alias(name)` or `@role(name)`.
type Annotation struct {
	Keyword Name // alias or role
	Value   Name
	Sp      Span
}

// Span returns the annotation's span.
func (a *Annotation) Span() Span { return a.Sp }

// IntMember is a member with an integer value (`history_days 3`).
type IntMember struct {
	Value   int64
	ValueSp Span
	Sp      Span
}

// BoolMember is a member with a boolean value (`document_ttls true`).
type BoolMember struct {
	Value   bool
	ValueSp Span
	Sp      Span
}

// StrMember is a member with a string value (`issuer "..."`).
type StrMember struct {
	Value   string
	ValueSp Span
	Sp      Span
}

// SchemaLambda is a function written in FSL: a computed field, a check
// constraint or a predicate. Expr is the lambda as written (a *Lambda or a
// *ShortLambda such as `.public`); Lambda is the same function with a short
// lambda's implicit parameter made explicit, ready to compile.
type SchemaLambda struct {
	Expr   Expr
	Lambda *Lambda
	Sp     Span
}

// Span returns the lambda's span.
func (l *SchemaLambda) Span() Span { return l.Sp }

func newSchemaLambda(e Expr, sp Span) *SchemaLambda {
	switch x := e.(type) {
	case *Lambda:
		return &SchemaLambda{Expr: x, Lambda: x, Sp: sp}
	case *ShortLambda:
		return &SchemaLambda{Expr: x, Lambda: &Lambda{Params: []*Name{{Str: ThisName}}, Body: x.Body, Sp: x.Span()}, Sp: sp}
	}
	return nil
}

// --- collections ---

// Collection is a `collection` item.
type Collection struct {
	Name         Name
	Alias        *Annotation
	Fields       []*Field // defined, computed and wildcard fields, in source order
	Migrations   *MigrationBlock
	Indexes      []*Index
	Uniques      []*Unique
	Checks       []*Check
	HistoryDays  *IntMember // nil: not written (Fauna's default is 0)
	TTLDays      *IntMember
	DocumentTTLs *BoolMember
	DocComment   *Span
	Sp           Span
}

// FieldKind distinguishes the fields of a collection.
type FieldKind uint8

// Field kinds.
const (
	FieldDefined  FieldKind = iota // name: Type = default
	FieldComputed                  // compute name: Type = lambda
	FieldWildcard                  // *: Type
)

// Field is a field of a collection.
type Field struct {
	Kind FieldKind
	// Name is the field name, "*" for the wildcard.
	Name Name
	// KeywordSp is the span of `compute`, or the name's span.
	KeywordSp Span
	// Type is the declared type; nil for a computed field without one.
	Type TypeExpr
	// Default is a defined field's default value, if any.
	Default Expr
	// Compute is a computed field's function.
	Compute *SchemaLambda
	Sp      Span
}

// Span returns the field's span.
func (f *Field) Span() Span { return f.Sp }

// PathElem is one step of a field path: a field name or an array index.
type PathElem struct {
	Field   string
	Index   int64
	IsIndex bool
	Sp      Span
}

// FieldPath is a path into a document such as `.address.city` or `.tags[0]`.
type FieldPath struct {
	Elems []PathElem
	Sp    Span
}

// Span returns the path's span.
func (p FieldPath) Span() Span { return p.Sp }

// Equal reports whether two paths name the same field (spans aside).
func (p FieldPath) Equal(o FieldPath) bool {
	if len(p.Elems) != len(o.Elems) {
		return false
	}
	for i, e := range p.Elems {
		f := o.Elems[i]
		if e.IsIndex != f.IsIndex || e.Field != f.Field || e.Index != f.Index {
			return false
		}
	}
	return true
}

// IndexTerm is an index term or a unique constraint's field.
type IndexTerm struct {
	Path FieldPath
	MVA  bool
	Sp   Span
}

// IndexValue is an index value; values sort ascending unless Desc.
type IndexValue struct {
	Path FieldPath
	MVA  bool
	Desc bool
	Sp   Span
}

// Index is `index name { terms [...] values [...] }`.
type Index struct {
	Name     Name
	Terms    []*IndexTerm // nil when there are no terms
	TermsSp  Span         // the `terms [...]` member
	Values   []*IndexValue
	ValuesSp Span
	BlockSp  Span
	Sp       Span
}

// Unique is `unique [terms]`.
type Unique struct {
	Terms   []*IndexTerm
	TermsSp Span // the brackets
	Sp      Span
}

// Check is `check name (lambda)`.
type Check struct {
	Name      Name
	Predicate *SchemaLambda
	Sp        Span
}

// MigrationBlock is `migrations { ... }`.
type MigrationBlock struct {
	Items []*Migration
	Sp    Span
}

// MigrationKind is the kind of a migration statement.
type MigrationKind uint8

// Migration statement kinds.
const (
	MigrationBackfill MigrationKind = iota
	MigrationDrop
	MigrationSplit
	MigrationMove
	MigrationAdd
	MigrationMoveConflicts
	MigrationMoveWildcard
	MigrationAddWildcard
)

// String is the statement's keyword.
func (k MigrationKind) String() string {
	return [...]string{"backfill", "drop", "split", "move", "add", "move_conflicts", "move_wildcard", "add_wildcard"}[k]
}

// Migration is one statement of a migrations block.
type Migration struct {
	Kind  MigrationKind
	Path  FieldPath   // the field it applies to (not for add_wildcard)
	To    []FieldPath // move: the target; split: the targets
	Value Expr        // backfill: the value
	Sp    Span
}

// --- functions ---

// Param is a function parameter.
type Param struct {
	Name     Name
	Type     TypeExpr // nil when untyped
	Variadic bool
}

// Function is a `function` item (a UDF).
type Function struct {
	Name   Name
	Alias  *Annotation
	Role   *Annotation
	Params []*Param // the variadic parameter, if any, is last
	Return TypeExpr // nil when untyped
	SigSp  Span     // from `(` to the return type or `)`
	Body   *Block
	// Lambda is `(params) => body`, the function the UDF runs.
	Lambda *Lambda
	// BodySource is the body as Fauna stores it in the Function document:
	// the parameter list and the block as a long-form lambda.
	BodySource string
	// Signature is the typed signature Fauna stores (`(a: Int) => Int`), or
	// "" when the parameters are untyped.
	Signature  string
	DocComment *Span
	Sp         Span
}

// --- roles ---

// Role is a `role` item.
type Role struct {
	Name        Name
	Privileges  []*Privilege
	Memberships []*Membership
	DocComment  *Span
	Sp          Span
}

// Privilege is `privileges Resource { actions }`.
type Privilege struct {
	Resource Name
	Actions  []*Action
	BlockSp  Span
	Sp       Span
}

// Action is one action of a privilege, with an optional predicate.
type Action struct {
	Name      Name // create, read, write, ...
	Predicate *SchemaLambda
	Sp        Span
}

// Membership is `membership Collection { predicate (...) }`.
type Membership struct {
	Collection Name
	Predicate  *SchemaLambda
	Sp         Span
}

// --- access providers ---

// AccessProvider is an `access provider` item.
type AccessProvider struct {
	Name       Name
	Issuer     *StrMember
	JWKSURI    *StrMember
	Roles      []*ProviderRole
	BlockSp    Span
	DocComment *Span
	Sp         Span
}

// ProviderRole is `role name { predicate (...) }` in an access provider.
type ProviderRole struct {
	Role      Name
	Predicate *SchemaLambda
	Sp        Span
}

func (c *Collection) Span() Span     { return c.Sp }
func (f *Function) Span() Span       { return f.Sp }
func (r *Role) Span() Span           { return r.Sp }
func (a *AccessProvider) Span() Span { return a.Sp }

func (*Collection) ItemKind() ItemKind     { return ItemCollection }
func (*Function) ItemKind() ItemKind       { return ItemFunction }
func (*Role) ItemKind() ItemKind           { return ItemRole }
func (*AccessProvider) ItemKind() ItemKind { return ItemAccessProvider }

func (c *Collection) ItemName() Name     { return c.Name }
func (f *Function) ItemName() Name       { return f.Name }
func (r *Role) ItemName() Name           { return r.Name }
func (a *AccessProvider) ItemName() Name { return a.Name }

func (c *Collection) Doc() *Span     { return c.DocComment }
func (f *Function) Doc() *Span       { return f.DocComment }
func (r *Role) Doc() *Span           { return r.DocComment }
func (a *AccessProvider) Doc() *Span { return a.DocComment }

var (
	_ SchemaItem = (*Collection)(nil)
	_ SchemaItem = (*Function)(nil)
	_ SchemaItem = (*Role)(nil)
	_ SchemaItem = (*AccessProvider)(nil)
)
