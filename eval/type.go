package eval

// Type is a value's dynamic type: its display name, used in error messages
// ("Int", "{ *: Any }", "Array<Any>"), and its tables of fields, methods and
// operators. Built-in types are package variables filled at init time by
// this package (operators) and by stdlib (methods); storage-backed types
// (documents, collection sets) are created by the runtime package with the
// same structure, so the evaluator dispatches on them without knowing them.
type Type struct {
	Name string

	// Fields are computed properties (`s.length`, `t.year`).
	Fields map[string]FieldFunc
	// Methods are callable members; reading one without calling it yields a
	// bound function.
	Methods map[string]*Method
	// Ops are the binary and unary operators (`+`, `==`, unary `-`).
	Ops map[string]*Method
	// Index implements `v[i]` (one parameter); nil when the type is not
	// indexable. It may return a *NullReceiver error (documents).
	Index *Method
	// MethodLookup, when set, replaces the Methods lookup (documents check
	// existence before exposing most methods).
	MethodLookup func(t *Thread, self Value, name string) (*Method, *Null, error)
	// DynamicField reads a field that is neither in Fields nor in Methods
	// (object keys, document data). ok=false means the field is missing.
	DynamicField func(t *Thread, self Value, name string) (v Value, ok bool, err error)
	// Call implements applying the value itself: `f(x)`.
	Call func(t *Thread, self Value, args []Value) (Value, error)
	// HasToString is false for objects and documents, which have no
	// toString method (spec/fql.md §5).
	NoToString bool
}

// FieldFunc computes a field of a value.
type FieldFunc func(t *Thread, self Value) (Value, error)

// NewType returns an empty type with the given display name.
func NewType(name string) *Type {
	return &Type{
		Name:    name,
		Fields:  map[string]FieldFunc{},
		Methods: map[string]*Method{},
		Ops:     map[string]*Method{},
	}
}

// Built-in value types.
var (
	IntType             = NewType("Int")
	LongType            = NewType("Long")
	DoubleType          = NewType("Double")
	StringType          = NewType("String")
	BooleanType         = NewType("Boolean")
	NullType            = NewType("Null")
	IDType              = NewType("ID")
	BytesType           = NewType("Bytes")
	UUIDType            = NewType("UUID")
	TimeType            = NewType("Time")
	DateType            = NewType("Date")
	TransactionTimeType = NewType("TransactionTime")
	SetCursorType       = NewType("SetCursor")
	ArrayType           = NewType("Array<Any>")
	ObjectType          = NewType("{ *: Any }")
	SetType             = NewType("Set<Any>")
	LambdaType          = NewType("Lambda")
	FunctionType        = NewType("Function")
)

// AllBuiltinTypes lists the types every value kind of the language core uses.
var AllBuiltinTypes = []*Type{
	IntType, LongType, DoubleType, StringType, BooleanType, NullType, IDType,
	BytesType, UUIDType, TimeType, DateType, TransactionTimeType,
	SetCursorType, ArrayType, ObjectType, SetType, LambdaType, FunctionType,
}

func init() {
	ObjectType.NoToString = true
}

// DefineMethod adds (or overloads) a method of the type.
func (ty *Type) DefineMethod(m *Method) {
	if prev, ok := ty.Methods[m.Name]; ok {
		ty.Methods[m.Name] = prev.overload(m)
		return
	}
	ty.Methods[m.Name] = m
}

// DefineOp adds (or overloads) an operator of the type.
func (ty *Type) DefineOp(m *Method) {
	if prev, ok := ty.Ops[m.Name]; ok {
		ty.Ops[m.Name] = prev.overload(m)
		return
	}
	ty.Ops[m.Name] = m
}

// DefineField adds a computed field.
func (ty *Type) DefineField(name string, f FieldFunc) { ty.Fields[name] = f }

// HasMember reports whether the type has a field or method of that name.
func (ty *Type) HasMember(name string) bool {
	if _, ok := ty.Fields[name]; ok {
		return true
	}
	_, ok := ty.Methods[name]
	return ok
}
