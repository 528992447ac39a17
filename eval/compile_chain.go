package eval

import (
	"sync/atomic"

	"github.com/fqlite/fqlite/lang"
)

// Method chains: `.field`, `?.field`, calls, indexing and `!`, evaluated as
// FQLInterpreter.evalMethodChain0 does, with the same error spans.

// NullReceiver is returned by field reads on a value that stands for a
// null, such as a missing or unreadable document. The chain then behaves as
// for a null receiver: `?.` yields null, `.` raises.
type NullReceiver struct{ Null *Null }

func (e *NullReceiver) Error() string { return "null receiver" }

type methodCacheEntry struct {
	ty *Type
	m  *Method
	// fast1 and tag are the method's one-argument entry point and its
	// parameter tag (nil tag: any value), when it has one.
	fast1 func(t *Thread, self, arg Value) (Value, error)
	tag   *Tag
	param string
}

type chainStep struct {
	kind          lang.ChainKind
	field         string
	fieldPos      Pos
	optional      bool // `?.` before the field
	applyOptional bool // `?.` before the parentheses/brackets
	args          []node
	const1        Value // the argument of a one-argument call when it is a literal
	argsPos       Pos
	span          lang.Span // the component's span (the next component's callee span)

	methodCache atomic.Pointer[methodCacheEntry]
	fieldSlot   atomic.Int32
	// exec runs the step (chosen by kind at compile time).
	exec func(f *frame, v Value, cspan lang.Span, src *lang.Source) (Value, bool, error)
}

func (c *compiler) chain(x *lang.MethodChain) node {
	base := c.expr(x.Base)
	baseSpan := x.Base.Span()
	steps := make([]*chainStep, len(x.Chain))
	for i := range x.Chain {
		el := &x.Chain[i]
		s := &chainStep{
			kind:          el.Kind,
			field:         el.Field.Str,
			fieldPos:      c.pos(el.Field.Sp),
			optional:      el.Optional,
			applyOptional: el.ApplyOptional != nil,
			argsPos:       c.pos(el.ArgsSpan),
			span:          el.Span(),
		}
		if el.Kind == lang.ChainSelect {
			s.span = el.Field.Sp
		}
		if el.Kind == lang.ChainApply || el.Kind == lang.ChainAccess || el.Kind == lang.ChainMethod {
			s.span = el.ArgsSpan
		}
		for _, a := range el.Args {
			s.args = append(s.args, c.expr(a))
		}
		if len(el.Args) == 1 {
			if lit, ok := el.Args[0].(*lang.Lit); ok && lit.Kind != lang.LitNull {
				s.const1, _ = s.args[0](nil)
			}
		}
		switch el.Kind {
		case lang.ChainSelect:
			s.field = lang.Intern(s.field)
			s.exec = s.selectField
		case lang.ChainApply:
			s.exec = func(f *frame, v Value, _ lang.Span, _ *lang.Source) (Value, bool, error) {
				return s.apply(f, v, "", Pos{})
			}
		case lang.ChainAccess:
			s.exec = s.access
		case lang.ChainMethod:
			s.exec = s.methodCall
		default:
			s.exec = s.run
		}
		steps[i] = s
	}
	src := c.src
	plain := true // no `?.` and no `!`: nothing can short-circuit
	for _, el := range x.Chain {
		if el.Kind == lang.ChainBang || el.Optional || el.ApplyOptional != nil {
			plain = false
		}
	}
	switch {
	case len(steps) == 1:
		s := steps[0]
		return func(f *frame) (Value, error) {
			v, err := base(f)
			if err != nil {
				return nil, err
			}
			v, _, err = s.exec(f, v, baseSpan, src)
			return v, err
		}
	case plain && len(steps) == 2:
		s0, s1 := steps[0], steps[1]
		return func(f *frame) (Value, error) {
			v, err := base(f)
			if err != nil {
				return nil, err
			}
			if v, _, err = s0.exec(f, v, baseSpan, src); err != nil {
				return nil, err
			}
			v, _, err = s1.exec(f, v, s0.span, src)
			return v, err
		}
	case plain:
		return func(f *frame) (Value, error) {
			v, err := base(f)
			if err != nil {
				return nil, err
			}
			cspan := baseSpan
			for _, s := range steps {
				if v, _, err = s.exec(f, v, cspan, src); err != nil {
					return nil, err
				}
				cspan = s.span
			}
			return v, nil
		}
	}
	return func(f *frame) (Value, error) {
		v, err := base(f)
		if err != nil {
			return nil, err
		}
		cspan := baseSpan
		short := false
		for _, s := range steps {
			if s.kind == lang.ChainBang {
				sp := cspan.To(s.argsPos.Span)
				if err := bang(f.t, v, Pos{src, sp}); err != nil {
					return nil, err
				}
				cspan = sp
				continue
			}
			if short {
				cspan = s.span
				continue
			}
			if v, short, err = s.exec(f, v, cspan, src); err != nil {
				return nil, err
			}
			cspan = s.span
		}
		return v, nil
	}
}

// run evaluates one non-bang component; short reports a `?.` short circuit.
func (s *chainStep) run(f *frame, v Value, cspan lang.Span, src *lang.Source) (Value, bool, error) {
	switch s.kind {
	case lang.ChainSelect:
		return s.selectField(f, v, cspan, src)
	case lang.ChainApply:
		return s.apply(f, v, "", Pos{})
	case lang.ChainAccess:
		return s.access(f, v, cspan, src)
	case lang.ChainMethod:
		return s.methodCall(f, v, cspan, src)
	case lang.ChainBang:
		err := bang(f.t, v, Pos{src, cspan.To(s.argsPos.Span)})
		return v, false, err
	}
	return v, false, nil
}

// bang is `x!`: a null or a missing document is an error.
func bang(t *Thread, v Value, where Pos) error {
	switch x := v.(type) {
	case *Null:
		return t.nullError(x, where)
	case Document:
		missing, err := x.Presence(t)
		if err != nil {
			return t.locate(err, where)
		}
		if missing != NullLiteral {
			return t.nullError(&Null{Cause: missing, Doc: x, At: where}, where)
		}
	}
	return nil
}

// nullError is FQLInterpreter.handleNullCause: the error of asserting a
// null, with a "Null value created here" hint when the null's origin is
// elsewhere.
func (t *Thread) nullError(n *Null, where Pos) error {
	var e *Error
	switch n.Cause {
	case NullDocNotFound, NullDocDeleted, NullCollDeleted:
		e = docNotFoundError(n)
	default:
		e = NewError(CodeNullValue, n.nullMessage())
	}
	e.At = where
	if n.At.Src != nil && !(n.At.Src == where.Src && where.Span.Overlaps(n.At.Span)) {
		e.WithHint(Hint{Kind: lang.KindHint, Message: "Null value created here", Pos: n.At})
	}
	return e
}

// docNotFoundError is the document_not_found error for a null document.
func docNotFoundError(n *Null) *Error {
	if d, ok := n.Doc.(Document); ok {
		if n.Cause == NullCollDeleted {
			_, id, _ := d.DocKey()
			return Errorf(CodeDocumentNotFound, "Document with id %s does not exist because the collection was deleted.", id)
		}
		coll, id, named := d.DocKey()
		if named {
			return Errorf(CodeDocumentNotFound, "%s `%s` not found.", coll, id)
		}
		return Errorf(CodeDocumentNotFound, "Collection `%s` does not contain document with id %s.", coll, id)
	}
	return NewError(CodeDocumentNotFound, "Document not found.")
}

// nullAccess is evalNullAccess: reading a member of a null receiver.
func (s *chainStep) nullAccess(t *Thread, recv Value, field string, fieldPos Pos, n *Null, optional bool, cspan lang.Span, src *lang.Source) (Value, bool, error) {
	if _, isDoc := recv.(Document); isDoc {
		switch n.Cause {
		case NullDocNotFound, NullDocDeleted, NullCollDeleted:
			if optional {
				nn := *n
				nn.At = Pos{src, cspan}
				return &nn, true, nil
			}
			e := docNotFoundError(n)
			e.At = Pos{src, cspan}
			return nil, false, e
		case NullPermission:
			if optional {
				nn := *n
				nn.At = Pos{src, cspan}
				return &nn, true, nil
			}
			e := NewError(CodePermissionDenied, "Insufficient privileges to perform the action.")
			e.At = Pos{src, cspan}
			return nil, false, e
		}
	}
	if optional {
		return n, true, nil
	}
	e := Errorf(CodeInvalidNullAccess, "Cannot access `%s` on null.", field)
	e.At = fieldPos
	if n.At.Src != nil {
		e.WithHint(Hint{Kind: lang.KindHint, Message: "Null value created here", Pos: n.At})
	}
	return nil, false, e
}

// GetField reads a field the way `v.name` does. A nil Value with a non-nil
// *Null means the receiver itself is null (or a missing document).
func GetField(t *Thread, v Value, name string, at Pos) (Value, *Null, error) {
	if n, ok := v.(*Null); ok {
		if m, ok := NullType.Methods[name]; ok {
			return &NativeFunc{Name: name, Recv: v, Method: m}, nil, nil
		}
		return nil, n, nil
	}
	ty := v.Type()
	if fn, ok := ty.Fields[name]; ok {
		r, err := fn(t, v)
		if nr, ok := err.(*NullReceiver); ok {
			return nil, nr.Null, nil
		}
		return r, nil, err
	}
	if ty.MethodLookup == nil {
		if m, ok := ty.Methods[name]; ok {
			return &NativeFunc{Name: name, Recv: v, Method: m}, nil, nil
		}
	}
	if ty.DynamicField != nil {
		r, ok, err := ty.DynamicField(t, v, name)
		if nr, isNR := err.(*NullReceiver); isNR {
			return nil, nr.Null, nil
		}
		if err != nil {
			return nil, nil, err
		}
		if ok {
			return r, nil, nil
		}
	}
	if ty.MethodLookup != nil {
		m, n, err := ty.MethodLookup(t, v, name)
		if err != nil || n != nil {
			return nil, n, err
		}
		if m != nil {
			return &NativeFunc{Name: name, Recv: v, Method: m}, nil, nil
		}
	}
	return &Null{Cause: NullMissingField, Field: name, At: at, Receiver: v}, nil, nil
}

func (s *chainStep) selectField(f *frame, v Value, cspan lang.Span, src *lang.Source) (Value, bool, error) {
	// Fast path: object field through a cached slot.
	if o, ok := v.(*Object); ok {
		i := int(s.fieldSlot.Load())
		if i < len(o.keys) && o.keys[i] == s.field {
			return o.vals[i], false, nil
		}
		if i := o.Lookup(s.field); i >= 0 {
			s.fieldSlot.Store(int32(i))
			return o.vals[i], false, nil
		}
	}
	r, n, err := GetField(f.t, v, s.field, s.fieldPos)
	if err != nil {
		return nil, false, f.t.locate(err, s.fieldPos)
	}
	if n != nil {
		return s.nullAccess(f.t, v, s.field, s.fieldPos, n, s.optional, cspan, src)
	}
	return r, false, nil
}

// evalArgs evaluates argument nodes onto the thread's argument stack.
func evalArgs(f *frame, args []node) (int, error) {
	t := f.t
	base := t.pushArgs(len(args))
	for i, a := range args {
		v, err := a(f)
		if err != nil {
			t.popArgs(base)
			return 0, err
		}
		t.stack[base+i] = v
	}
	return base, nil
}

// apply is evalAp: calling a value. field/fieldPos are set when the value
// was read from a field for a method call (`obj.f(x)`).
func (s *chainStep) apply(f *frame, v Value, field string, fieldPos Pos) (Value, bool, error) {
	t := f.t
	optional := s.applyOptional
	if n, ok := v.(*Null); ok {
		if optional {
			return v, true, nil
		}
		if n.Cause == NullMissingField {
			e := ErrNoSuchFunction(n.Field, n.Receiver)
			e.At = n.At
			return nil, false, e
		}
	}
	if fn, ok := v.(Callable); ok {
		res, err := callWithArgs(f, fn, s.args, &s.argsPos)
		return res, false, err
	}
	if call := v.Type().Call; call != nil {
		base, err := evalArgs(f, s.args)
		if err != nil {
			return nil, false, err
		}
		res, err := call(t, v, t.stack[base:base+len(s.args)])
		t.popArgs(base)
		if err != nil {
			return nil, false, t.locate(err, s.argsPos)
		}
		return res, false, nil
	}
	if field != "" {
		e := Errorf(CodeInvalidFunctionInvocation, "`%s`: Expected a function, found `%s`", field, TypeName(v))
		e.At = fieldPos
		return nil, false, e
	}
	return nil, false, at(ErrTypeMismatch("Function", v), s.argsPos)
}

// callWithArgs evaluates args and applies fn, attaching the call site.
func callWithArgs(f *frame, fn Callable, args []node, argsPos *Pos) (Value, error) {
	t := f.t
	base, err := evalArgs(f, args)
	if err != nil {
		return nil, err
	}
	t.site = argsPos
	res, err := fn.Call(t, t.stack[base:base+len(args)])
	t.popArgs(base)
	if err != nil {
		return nil, t.locate(err, *argsPos)
	}
	return res, nil
}

func (s *chainStep) access(f *frame, v Value, cspan lang.Span, src *lang.Source) (Value, bool, error) {
	t := f.t
	if n, ok := v.(*Null); ok {
		if _, err := evalArgsDiscard(f, s.args); err != nil {
			return nil, false, err
		}
		return s.nullAccess(t, v, "[]", s.argsPos, n, s.applyOptional, cspan, src)
	}
	m := v.Type().Index
	if m == nil {
		e := ErrNoSuchFunction("[]", v)
		e.At = s.argsPos
		return nil, false, e
	}
	base, err := evalArgs(f, s.args)
	if err != nil {
		return nil, false, err
	}
	args := t.stack[base : base+len(s.args)]
	var res Value
	if !m.Arity.Accepts(len(args)) {
		err = ErrArity(m.Arity, len(args))
	} else {
		res, err = m.Invoke(t, v, args)
	}
	t.popArgs(base)
	if nr, ok := err.(*NullReceiver); ok {
		return s.nullAccess(t, v, "[]", s.argsPos, nr.Null, s.applyOptional, cspan, src)
	}
	if err != nil {
		return nil, false, t.locate(err, s.argsPos)
	}
	if n, ok := res.(*Null); ok && n.Cause == NullMissingField && n.At.Src == nil {
		nn := *n
		nn.At = s.argsPos
		res = &nn
	}
	return res, false, nil
}

func evalArgsDiscard(f *frame, args []node) (int, error) {
	for _, a := range args {
		if _, err := a(f); err != nil {
			return 0, err
		}
	}
	return 0, nil
}

// lookupMethod finds a method for `v.name(...)`: (nil, nil) means no such
// method (the field is read and called instead), a *Null a null receiver.
func (s *chainStep) lookupMethod(t *Thread, v Value) (*Method, *Null, error) {
	if n, ok := v.(*Null); ok {
		if m, ok := NullType.Methods[s.field]; ok {
			return m, nil, nil
		}
		return nil, n, nil
	}
	ty := v.Type()
	if ty.MethodLookup != nil {
		return ty.MethodLookup(t, v, s.field)
	}
	if c := s.methodCache.Load(); c != nil && c.ty == ty {
		return c.m, nil, nil
	}
	return s.cacheMethod(ty).m, nil, nil
}

func (s *chainStep) cacheMethod(ty *Type) *methodCacheEntry {
	m := ty.Methods[s.field]
	e := &methodCacheEntry{ty: ty, m: m}
	if m != nil && m.Fast1 != nil && len(s.args) == 1 {
		e.fast1 = m.Fast1
		p := m.Overloads[0].Params[0]
		if p.Tag != nil && p.Tag != AnyTag {
			e.tag, e.param = p.Tag, p.Name
		}
	}
	s.methodCache.Store(e)
	return e
}

func (s *chainStep) methodCall(f *frame, v Value, cspan lang.Span, src *lang.Source) (Value, bool, error) {
	t := f.t
	// Fast path: a cached one-argument builtin on a non-null receiver.
	if c := s.methodCache.Load(); c != nil && c.fast1 != nil && c.ty == v.Type() && c.ty.MethodLookup == nil {
		a := s.const1
		if a == nil {
			var err error
			if a, err = s.args[0](f); err != nil {
				return nil, false, err
			}
		}
		if c.tag != nil {
			var ok bool
			if a, ok = c.tag.Accept(a); !ok {
				return nil, false, at(ErrInvalidArgType(c.param, c.tag.Name, a), s.argsPos)
			}
		}
		t.site = &s.argsPos
		res, err := c.fast1(t, v, a)
		if err != nil {
			return nil, false, t.locate(err, s.argsPos)
		}
		return res, false, nil
	}
	m, n, err := s.lookupMethod(t, v)
	if err != nil {
		return nil, false, t.locate(err, s.fieldPos)
	}
	if n != nil {
		return s.nullAccess(t, v, s.field, s.fieldPos, n, s.optional, cspan, src)
	}
	if m != nil {
		res, err := callMethod(f, m, v, s.args, &s.argsPos)
		return res, false, err
	}
	// No method: read the field and call its value.
	fv, short, err := s.selectField(f, v, cspan, src)
	if err != nil || short {
		return fv, short, err
	}
	return s.apply(f, fv, s.field, s.fieldPos)
}

// callMethod evaluates args and runs a built-in method on recv.
func callMethod(f *frame, m *Method, recv Value, args []node, argsPos *Pos) (Value, error) {
	t := f.t
	if m.Fast1 != nil && len(args) == 1 {
		a, err := args[0](f)
		if err != nil {
			return nil, err
		}
		p := m.Overloads[0].Params[0]
		if p.Tag != nil && p.Tag != AnyTag {
			if a, err = castArg(p, a); err != nil {
				return nil, t.locate(err, *argsPos)
			}
		}
		t.site = argsPos
		res, err := m.Fast1(t, recv, a)
		if err != nil {
			return nil, t.locate(err, *argsPos)
		}
		return res, nil
	}
	base, err := evalArgs(f, args)
	if err != nil {
		return nil, err
	}
	a := t.stack[base : base+len(args)]
	var res Value
	if !m.Arity.Accepts(len(a)) {
		err = ErrArity(m.Arity, len(a))
	} else {
		t.site = argsPos
		res, err = m.Invoke(t, recv, a)
	}
	t.popArgs(base)
	if err != nil {
		return nil, t.locate(err, *argsPos)
	}
	return res, nil
}

// project compiles `e { a, b: expr }` (FQLInterpreter.evalProject).
func (c *compiler) project(x *lang.Project) node {
	base := c.expr(x.Base)
	// The projection is a lambda over `$this` building an object.
	obj := &lang.Object{Sp: x.Sp}
	for _, fl := range x.Fields {
		obj.Fields = append(obj.Fields, lang.ObjectField{Key: fl.Name, Value: fl.Value})
	}
	fn := c.lambda(&lang.Lambda{Params: []*lang.Name{{Str: lang.ThisName}}, Body: obj, Sp: x.Sp})
	where := c.pos(x.Sp)
	return func(f *frame) (Value, error) {
		v, err := base(f)
		if err != nil {
			return nil, err
		}
		lv, err := fn(f)
		if err != nil {
			return nil, err
		}
		l := lv.(*Lambda)
		t := f.t
		switch x := v.(type) {
		case Document:
			missing, err := x.Presence(t)
			if err != nil {
				return nil, t.locate(err, where)
			}
			if missing != NullLiteral {
				return &Null{Cause: missing, Doc: x, At: where}, nil
			}
			return t.callLocated(l, where, v)
		case *Object:
			return t.callLocated(l, where, v)
		case *Array, Set:
			if m, ok := v.Type().Methods["map"]; ok {
				base := t.pushArgs(1)
				t.stack[base] = l
				res, err := m.Invoke(t, v, t.stack[base:base+1])
				t.popArgs(base)
				if err != nil {
					return nil, t.locate(err, where)
				}
				return res, nil
			}
		}
		return v, nil
	}
}

// callLocated calls fn with args and attaches where to errors.
func (t *Thread) callLocated(fn Callable, where Pos, args ...Value) (Value, error) {
	v, err := fn.Call(t, args)
	if err != nil {
		return nil, t.locate(err, where)
	}
	return v, nil
}

// Call applies a function value from a builtin (map, where, ...). Lambdas
// called this way add no frame of their own (spec/fql.md §6.2.2).
func (t *Thread) Call(fn Callable, args ...Value) (Value, error) {
	base := t.pushArgs(len(args))
	copy(t.stack[base:], args)
	v, err := fn.Call(t, t.stack[base:base+len(args)])
	t.popArgs(base)
	return v, err
}

// Call1 applies fn to one argument without allocating.
func (t *Thread) Call1(fn Callable, a Value) (Value, error) {
	base := t.pushArgs(1)
	t.stack[base] = a
	v, err := fn.Call(t, t.stack[base:base+1])
	t.popArgs(base)
	return v, err
}

// Call2 applies fn to two arguments without allocating.
func (t *Thread) Call2(fn Callable, a, b Value) (Value, error) {
	base := t.pushArgs(2)
	t.stack[base] = a
	t.stack[base+1] = b
	v, err := fn.Call(t, t.stack[base:base+2])
	t.popArgs(base)
	return v, err
}

// castArg checks one argument against its parameter's tag.
func castArg(p Param, a Value) (Value, error) {
	v, ok := p.Tag.Accept(a)
	if !ok {
		return nil, ErrInvalidArgType(p.Name, p.Tag.Name, a)
	}
	return v, nil
}
