package eval

import "strings"

// Tag is a parameter type of a built-in: its display name in error messages
// and a cast that accepts (and possibly converts) an argument.
type Tag struct {
	Name   string
	Accept func(v Value) (Value, bool)
}

// Param is a named, typed parameter of a built-in.
type Param struct {
	Name string
	Tag  *Tag
}

// P builds a Param.
func P(name string, tag *Tag) Param { return Param{Name: name, Tag: tag} }

// Overload is one signature of a built-in method.
type Overload struct {
	Params []Param
	// Rest, when set, takes any number of further arguments.
	Rest *Param
	Fn   func(t *Thread, self Value, args []Value) (Value, error)
}

// Method is a built-in method, operator or function with one or more
// overloads. Arguments are checked against the parameter tags before Fn
// runs, which gives every built-in Fauna's uniform argument errors
// (NativeFunction.scala).
type Method struct {
	Name      string
	Arity     Arity
	Overloads []*Overload
	// Fast1, when set on a method with one single-parameter signature, is
	// called instead of Fn for one-argument calls: the argument is passed
	// directly, without the argument stack. Hot methods (startsWith,
	// includes, ...) set it; it must behave exactly as Fn.
	Fast1 func(t *Thread, self, arg Value) (Value, error)
	// PerArity marks overloads that Fauna defines as separate functions of
	// different arities: a wrong argument gets the one-parameter message
	// ("expected value for `size` of type Int, ...").
	PerArity bool
}

// NewMethod declares a method with a single signature.
func NewMethod(name string, params []Param, fn func(t *Thread, self Value, args []Value) (Value, error)) *Method {
	return &Method{Name: name, Arity: FixedArity(len(params)), Overloads: []*Overload{{Params: params, Fn: fn}}}
}

// NewVariadicMethod declares a method taking any number of rest arguments
// after the fixed params.
func NewVariadicMethod(name string, params []Param, rest Param, fn func(t *Thread, self Value, args []Value) (Value, error)) *Method {
	return &Method{Name: name, Arity: VariadicArity(len(params)), Overloads: []*Overload{{Params: params, Rest: &rest, Fn: fn}}}
}

// Overload returns m with another signature added.
func (m *Method) Overload(params []Param, fn func(t *Thread, self Value, args []Value) (Value, error)) *Method {
	m.Overloads = append(m.Overloads, &Overload{Params: params, Fn: fn})
	m.Arity = m.Arity.Union(FixedArity(len(params)))
	return m
}

func (m *Method) overload(o *Method) *Method {
	m.Overloads = append(m.Overloads, o.Overloads...)
	m.Arity = m.Arity.Union(o.Arity)
	return m
}

func (o *Overload) accepts(n int) bool {
	if o.Rest != nil {
		return n >= len(o.Params)
	}
	return n == len(o.Params)
}

func (o *Overload) param(i int) Param {
	if i < len(o.Params) {
		return o.Params[i]
	}
	return *o.Rest
}

// cast checks (and converts in place) the arguments against the overload.
func (o *Overload) cast(args []Value) (bool, int) {
	for i, a := range args {
		p := o.param(i)
		if p.Tag == nil || p.Tag == AnyTag {
			continue
		}
		v, ok := p.Tag.Accept(a)
		if !ok {
			return false, i
		}
		args[i] = v
	}
	return true, -1
}

// Invoke checks the arguments and runs the matching overload. The caller
// has already checked the arity.
func (m *Method) Invoke(t *Thread, self Value, args []Value) (Value, error) {
	if len(m.Overloads) == 1 {
		o := m.Overloads[0]
		if ok, i := o.cast(args); !ok {
			p := o.param(i)
			return nil, ErrInvalidArgType(p.Name, p.Tag.Name, args[i])
		}
		return o.Fn(t, self, args)
	}
	for _, o := range m.Overloads {
		if !o.accepts(len(args)) {
			continue
		}
		// Try the cast on a copy so a failed overload leaves args intact.
		var buf [4]Value
		tmp := append(buf[:0], args...)
		if ok, _ := o.cast(tmp); ok {
			copy(args, tmp)
			return o.Fn(t, self, args)
		}
	}
	var expected []string
	var only *Overload
	for _, o := range m.Overloads {
		if o.accepts(len(args)) {
			expected = append(expected, o.describe())
			only = o
		}
	}
	if len(expected) == 1 && m.PerArity {
		// The overloads are separate functions in Fauna: the one that
		// fits reports its parameter.
		_, i := only.cast(append([]Value(nil), args...))
		if i >= 0 {
			p := only.param(i)
			return nil, ErrInvalidArgType(p.Name, p.Tag.Name, args[i])
		}
	}
	actual := make([]string, len(args))
	for i, a := range args {
		actual[i] = TypeName(a)
	}
	return nil, Errorf(CodeInvalidArgument, "expected arguments to `%s` of type %s, received (%s)",
		m.Name, strings.Join(expected, " | "), strings.Join(actual, ", "))
}

func (o *Overload) describe() string {
	names := make([]string, len(o.Params))
	for i, p := range o.Params {
		names[i] = p.Tag.Name
	}
	return "(" + strings.Join(names, ", ") + ")"
}

// Common parameter tags.
var (
	AnyTag = &Tag{Name: "Any", Accept: func(v Value) (Value, bool) { return v, true }}

	NumberTag = &Tag{Name: "Number", Accept: func(v Value) (Value, bool) {
		return v, IsNumber(v)
	}}

	// IntTag accepts an Int, a Long that fits, or an integral Double, and
	// passes an Int (spec/fql.md §3.1).
	IntTag = &Tag{Name: "Int", Accept: func(v Value) (Value, bool) {
		n, ok := ToInt(v)
		if !ok {
			return v, false
		}
		return IntValue(n), true
	}}

	// IntAsNumberTag is IntTag that names itself Number in errors (how Fauna's
	// signatures print integer parameters).
	IntAsNumberTag = &Tag{Name: "Number", Accept: IntTag.Accept}

	StringTag = &Tag{Name: "String", Accept: func(v Value) (Value, bool) {
		_, ok := v.(String)
		return v, ok
	}}

	BooleanTag = &Tag{Name: "Boolean", Accept: func(v Value) (Value, bool) {
		_, ok := v.(Boolean)
		return v, ok
	}}

	ArrayTag = &Tag{Name: "Array<Any>", Accept: func(v Value) (Value, bool) {
		_, ok := v.(*Array)
		return v, ok
	}}

	ObjectTag = &Tag{Name: "{ *: Any }", Accept: func(v Value) (Value, bool) {
		_, ok := v.(*Object)
		return v, ok
	}}

	FunctionTag = &Tag{Name: "Function", Accept: func(v Value) (Value, bool) {
		_, ok := v.(Callable)
		return v, ok
	}}

	TimeTag = &Tag{Name: "Time", Accept: func(v Value) (Value, bool) {
		_, ok := v.(Time)
		return v, ok
	}}

	DateTag = &Tag{Name: "Date", Accept: func(v Value) (Value, bool) {
		_, ok := v.(Date)
		return v, ok
	}}

	SetTag = &Tag{Name: "Set<Any>", Accept: func(v Value) (Value, bool) {
		_, ok := v.(Set)
		return v, ok
	}}
)
