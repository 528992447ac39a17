package eval

// Module is a named singleton object: a built-in module (`Math`, `Time`),
// a type module used with `isa` (`String`, `Number`), or a collection. Its
// Type carries the static fields and methods.
type Module struct {
	Name string
	// Parent orders modules that belong to another (Collection.Deleted).
	Parent *Module
	typ    *Type
	// Contains implements `v isa Module`.
	Contains func(v Value) bool
}

// NewModule creates a module whose `isa` test is contains (nil: only the
// module itself).
func NewModule(name string, contains func(Value) bool) *Module {
	m := &Module{Name: name, typ: NewType(name)}
	if contains == nil {
		contains = func(v Value) bool { return v == Value(m) }
	}
	m.Contains = contains
	return m
}

// Type returns the module's own type (its static members).
func (m *Module) Type() *Type { return m.typ }

// ModuleType is the type that holds the module's static members.
func (m *Module) ModuleType() *Type { return m.typ }

// globals are the built-in global names (functions and modules), filled by
// stdlib at init time. Lookups after init are read-only.
var globals = map[string]Value{}

// DefineGlobal registers a built-in global function or module.
func DefineGlobal(name string, v Value) { globals[name] = v }

// Global returns a built-in global.
func Global(name string) (Value, bool) {
	v, ok := globals[name]
	return v, ok
}

// DefineGlobalFunc registers a global function.
func DefineGlobalFunc(m *Method) {
	DefineGlobal(m.Name, &NativeFunc{Name: m.Name, Method: m})
}
