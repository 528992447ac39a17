package eval

import (
	"math/big"
	"time"

	"github.com/fqlite/fqlite/lang"
)

// node is a compiled expression: a Go closure over the frame of the
// function it runs in.
type node func(f *frame) (Value, error)

// funcCode is a compiled function body: the query itself or a lambda.
type funcCode struct {
	name       string // "<lambda>", or a UDF's name
	src        *lang.Source
	nslots     int
	params     []int    // slot of each parameter
	paramNames []string // "" for `_`
	variadic   int      // slot of the rest parameter, -1 without one
	arity      Arity
	body       node
}

// Lambda is a function value: compiled code plus the values it captured
// when it was created (FQL closures capture values, not variables).
type Lambda struct {
	code *funcCode
	caps []Value
	// UDF is the user function this lambda is the body of, if any.
	UDF *UDFInfo
}

// UDFInfo names a user-defined function and the role its body runs under.
type UDFInfo struct {
	Name string
	Role string
}

// Type returns LambdaType.
func (*Lambda) Type() *Type { return LambdaType }

// Arity returns the lambda's arity.
func (l *Lambda) Arity() Arity { return l.code.arity }

// Params returns the parameter names ("" for `_`).
func (l *Lambda) Params() []string { return l.code.paramNames }

// Call applies the lambda.
func (l *Lambda) Call(t *Thread, args []Value) (Value, error) {
	if !l.code.arity.Accepts(len(args)) {
		return nil, ErrArity(l.code.arity, len(args))
	}
	if err := t.Tick(); err != nil {
		return nil, err
	}
	f, err := t.pushFrame(l.code.nslots)
	if err != nil {
		return nil, err
	}
	f.caps = l.caps
	f.src = l.code.src
	for i, slot := range l.code.params {
		if i < len(args) {
			f.slots[slot] = args[i]
		}
	}
	if l.code.variadic >= 0 {
		var rest []Value
		if n := len(l.code.params); len(args) > n {
			rest = make([]Value, len(args)-n)
			copy(rest, args[n:])
		}
		f.slots[l.code.variadic] = NewArray(rest)
	}
	v, err := l.code.body(f)
	t.popFrame(f)
	return v, err
}

// Program is a compiled query. It is immutable and safe to run from many
// goroutines at once, each with its own Thread.
type Program struct {
	Src    *lang.Source
	AST    *lang.Block
	params []string
	code   *funcCode
}

// Params are the names bound by Eval's arguments (query arguments).
func (p *Program) Params() []string { return p.params }

// Eval runs the program with the given argument values (matching Params).
func (p *Program) Eval(t *Thread, args ...Value) (Value, error) {
	f, err := t.pushFrame(p.code.nslots)
	if err != nil {
		return nil, err
	}
	f.caps = nil
	f.src = p.Src
	for i := range p.params {
		if i < len(args) {
			f.slots[i] = args[i]
		} else {
			f.slots[i] = NullValue
		}
	}
	v, err := p.code.body(f)
	t.popFrame(f)
	return v, err
}

// capRef says where a captured variable comes from in the enclosing
// function's frame: a slot or one of its own captures.
type capRef struct {
	slot, cap int
}

// fnScope is a function being compiled: its block scopes mapping names to
// slots, and the variables it captures from enclosing functions.
type fnScope struct {
	parent   *fnScope
	blocks   []map[string]int
	nslots   int
	caps     []capRef
	capNames map[string]int
}

func newFnScope(parent *fnScope) *fnScope {
	return &fnScope{parent: parent, blocks: []map[string]int{{}}, capNames: map[string]int{}}
}

func (s *fnScope) declare(name string) int {
	slot := s.nslots
	s.nslots++
	s.blocks[len(s.blocks)-1][name] = slot
	return slot
}

func (s *fnScope) push() { s.blocks = append(s.blocks, map[string]int{}) }
func (s *fnScope) pop()  { s.blocks = s.blocks[:len(s.blocks)-1] }

// lookup resolves a local name to a slot or a capture index.
func (s *fnScope) lookup(name string) (slot, cap int, ok bool) {
	for i := len(s.blocks) - 1; i >= 0; i-- {
		if slot, ok := s.blocks[i][name]; ok {
			return slot, -1, true
		}
	}
	if ci, ok := s.capNames[name]; ok {
		return -1, ci, true
	}
	if s.parent == nil {
		return -1, -1, false
	}
	ps, pc, ok := s.parent.lookup(name)
	if !ok {
		return -1, -1, false
	}
	ci := len(s.caps)
	s.caps = append(s.caps, capRef{slot: ps, cap: pc})
	s.capNames[name] = ci
	return -1, ci, true
}

// compiler turns an AST into closures. Names are resolved to slots here,
// once, so evaluation never looks a variable up by name.
type compiler struct {
	src   *lang.Source
	scope *fnScope
	// errs collects compile errors (invalid_query checks).
	errs []*lang.ParseError
}

func (c *compiler) pos(sp lang.Span) Pos { return Pos{Src: c.src, Span: sp} }

// Compile compiles a parsed query. params are names bound by Eval's
// arguments, visible to the query as variables.
func Compile(src *lang.Source, ast *lang.Block, params ...string) (*Program, error) {
	c := &compiler{src: src, scope: newFnScope(nil)}
	for _, p := range params {
		c.scope.declare(p)
	}
	body := c.block(ast, false)
	if len(c.errs) > 0 {
		return nil, parseFailure(c.errs)
	}
	return &Program{Src: src, AST: ast, params: params, code: &funcCode{
		name: "<query>", src: src, nslots: c.scope.nslots, variadic: -1, body: body,
	}}, nil
}

// CompileLambda compiles a UDF body (a lambda expression parsed from its
// own source) into a Lambda with no captures.
func CompileLambda(src *lang.Source, lam *lang.Lambda, udf *UDFInfo) (*Lambda, error) {
	c := &compiler{src: src, scope: newFnScope(nil)}
	code := c.lambdaCode(lam, newFnScope(nil))
	if len(c.errs) > 0 {
		return nil, parseFailure(c.errs)
	}
	code.name = udf.Name
	return &Lambda{code: code, UDF: udf}, nil
}

func (c *compiler) expr(e lang.Expr) node {
	switch x := e.(type) {
	case *lang.Lit:
		return c.literal(x)
	case *lang.StrTemplate:
		return c.template(x)
	case *lang.Id:
		return c.ident(x.Name, x.Sp)
	case *lang.This:
		return c.ident(lang.ThisName, x.Sp)
	case *lang.If:
		return c.ifExpr(x)
	case *lang.At:
		return c.atExpr(x)
	case *lang.Match:
		return c.unsupported("match expr not supported", x.Sp)
	case *lang.ProjectAll:
		return c.unsupported("project expr not supported", x.Sp)
	case *lang.Lambda:
		return c.lambda(x)
	case *lang.ShortLambda:
		return c.lambda(&lang.Lambda{Params: []*lang.Name{{Str: lang.ThisName}}, Body: x.Body, Sp: x.Span()})
	case *lang.OperatorCall:
		return c.operator(x)
	case *lang.MethodChain:
		return c.chain(x)
	case *lang.Project:
		return c.project(x)
	case *lang.Object:
		return c.object(x)
	case *lang.Tuple:
		if len(x.Elems) == 1 {
			return c.expr(x.Elems[0])
		}
		return c.array(x.Elems)
	case *lang.Array:
		return c.array(x.Elems)
	case *lang.Block:
		return c.block(x, true)
	}
	panic("eval: unknown expression node")
}

// unsupported compiles syntax Fauna parses but refuses to run: the error
// is an invalid_query check raised when the expression is reached.
func (c *compiler) unsupported(msg string, sp lang.Span) node {
	pe := &lang.ParseError{Message: msg, Src: c.src, Span: sp}
	return func(f *frame) (Value, error) {
		return nil, parseFailure([]*lang.ParseError{pe})
	}
}

func (c *compiler) literal(l *lang.Lit) node {
	var v Value
	switch l.Kind {
	case lang.LitNull:
		v = &Null{Cause: NullLiteral, At: c.pos(l.Sp)}
	case lang.LitTrue:
		v = True
	case lang.LitFalse:
		v = False
	case lang.LitInt:
		v = bigNumber(l.Int)
	case lang.LitFloat:
		v = Double(l.Float)
	case lang.LitStr:
		v = String(l.Str)
	}
	return constant(v)
}

// LiteralValue is the value of a literal (FSL singleton types, defaults).
func LiteralValue(l *lang.Lit) (Value, error) {
	switch l.Kind {
	case lang.LitNull:
		return NullValue, nil
	case lang.LitTrue:
		return True, nil
	case lang.LitFalse:
		return False, nil
	case lang.LitInt:
		return bigNumber(l.Int), nil
	case lang.LitFloat:
		return Double(l.Float), nil
	}
	return String(l.Str), nil
}

func constant(v Value) node {
	return func(*frame) (Value, error) { return v, nil }
}

// bigNumber types an integer literal: Int if it fits 32 bits, else Long,
// else Double (spec/fql.md §1.3).
func bigNumber(n *big.Int) Value {
	if n.IsInt64() {
		return Number(n.Int64())
	}
	f, _ := new(big.Float).SetInt(n).Float64()
	return Double(f)
}

func (c *compiler) ident(name string, sp lang.Span) node {
	if slot, ci, ok := c.scope.lookup(name); ok {
		if slot >= 0 {
			return func(f *frame) (Value, error) { return f.slots[slot], nil }
		}
		return func(f *frame) (Value, error) { return f.caps[ci], nil }
	}
	if v, ok := Global(name); ok {
		return constant(v)
	}
	at := c.pos(sp)
	return func(f *frame) (Value, error) {
		if env := f.t.Env; env != nil {
			v, ok, err := env.Global(f.t, name)
			if err != nil {
				return nil, f.t.locate(err, at)
			}
			if ok {
				return v, nil
			}
		}
		e := Errorf(CodeUnboundVariable, "Unbound variable `%s`", name)
		e.At = at
		return nil, e
	}
}

func (c *compiler) block(b *lang.Block, scoped bool) node {
	if scoped {
		c.scope.push()
		defer c.scope.pop()
	}
	type stmt struct {
		slot int // >= 0 for a let
		run  node
	}
	stmts := make([]stmt, len(b.Stmts))
	for i, s := range b.Stmts {
		if s.Let != nil {
			run := c.expr(s.Let.Value)
			stmts[i] = stmt{slot: c.scope.declare(s.Let.Name.Str), run: run}
		} else {
			stmts[i] = stmt{slot: -1, run: c.expr(s.Expr)}
		}
	}
	if len(stmts) == 1 {
		return stmts[0].run
	}
	return func(f *frame) (Value, error) {
		var v Value
		for _, s := range stmts {
			var err error
			if v, err = s.run(f); err != nil {
				return nil, err
			}
			if s.slot >= 0 {
				f.slots[s.slot] = v
			}
		}
		return v, nil
	}
}

func (c *compiler) ifExpr(x *lang.If) node {
	cond, then := c.expr(x.Cond), c.expr(x.Then)
	condAt := c.pos(x.Cond.Span())
	var els node
	if x.Else != nil {
		els = c.expr(x.Else)
	} else {
		null := &Null{Cause: NullLiteral, At: c.pos(x.Sp)}
		els = constant(null)
	}
	return func(f *frame) (Value, error) {
		v, err := cond(f)
		if err != nil {
			return nil, err
		}
		switch v {
		case True:
			return then(f)
		case False:
			return els(f)
		}
		if b, ok := v.(Boolean); ok {
			if b {
				return then(f)
			}
			return els(f)
		}
		return nil, at(ErrTypeMismatch("Boolean", v), condAt)
	}
}

func (c *compiler) atExpr(x *lang.At) node {
	ts, body := c.expr(x.Time), c.expr(x.Body)
	tsAt := c.pos(x.Time.Span())
	return func(f *frame) (Value, error) {
		v, err := ts(f)
		if err != nil {
			return nil, err
		}
		switch tv := v.(type) {
		case Time:
			if tv.T.After(f.t.Now()) {
				return nil, at(ErrInvalidArgument("at_time", "cannot evaluate `at` in the future"), tsAt)
			}
			if h, ok := f.t.Env.(AtHandler); ok {
				return h.At(f.t, tv.T, func() (Value, error) { return body(f) })
			}
			return body(f)
		case TransactionTime:
			return body(f)
		}
		return nil, at(ErrTypeMismatch("Time", v), tsAt)
	}
}

// AtHandler is implemented by environments that can read at a past time.
type AtHandler interface {
	At(t *Thread, ts time.Time, body func() (Value, error)) (Value, error)
}

func (c *compiler) lambda(x *lang.Lambda) node {
	inner := newFnScope(c.scope)
	code := c.lambdaCode(x, inner)
	caps := inner.caps
	if len(caps) == 0 {
		l := &Lambda{code: code}
		return constant(l)
	}
	return func(f *frame) (Value, error) {
		vals := make([]Value, len(caps))
		for i, r := range caps {
			if r.slot >= 0 {
				vals[i] = f.slots[r.slot]
			} else {
				vals[i] = f.caps[r.cap]
			}
		}
		return &Lambda{code: code, caps: vals}, nil
	}
}

// lambdaCode compiles a lambda body in the given (new) function scope.
func (c *compiler) lambdaCode(x *lang.Lambda, scope *fnScope) *funcCode {
	code := &funcCode{name: "<lambda>", src: c.src, variadic: -1}
	outer := c.scope
	c.scope = scope
	for _, p := range x.Params {
		if p == nil {
			code.params = append(code.params, scope.declare("_"))
			code.paramNames = append(code.paramNames, "")
			continue
		}
		code.params = append(code.params, scope.declare(p.Str))
		code.paramNames = append(code.paramNames, p.Str)
	}
	if x.HasVariadic {
		name := "_"
		if x.Variadic != nil {
			name = x.Variadic.Str
		}
		code.variadic = scope.declare(name)
		code.arity = VariadicArity(len(x.Params))
	} else {
		code.arity = FixedArity(len(x.Params))
	}
	code.body = c.expr(x.Body)
	code.nslots = scope.nslots
	c.scope = outer
	return code
}

func (c *compiler) object(x *lang.Object) node {
	keys := make([]string, len(x.Fields))
	vals := make([]node, len(x.Fields))
	for i, fl := range x.Fields {
		keys[i] = lang.Intern(fl.Key.Str)
		vals[i] = c.expr(fl.Value)
	}
	return func(f *frame) (Value, error) {
		o := &Object{keys: keys, vals: make([]Value, len(vals))}
		for i, n := range vals {
			v, err := n(f)
			if err != nil {
				return nil, err
			}
			o.vals[i] = v
		}
		if len(keys) > objectIndexThreshold {
			o.index = make(map[string]int, len(keys))
			for i, k := range keys {
				o.index[k] = i
			}
		}
		return o, nil
	}
}

func (c *compiler) array(elems []lang.Expr) node {
	nodes := make([]node, len(elems))
	for i, e := range elems {
		nodes[i] = c.expr(e)
	}
	if len(nodes) == 0 {
		return constant(EmptyArray)
	}
	return func(f *frame) (Value, error) {
		out := make([]Value, len(nodes))
		for i, n := range nodes {
			v, err := n(f)
			if err != nil {
				return nil, err
			}
			out[i] = v
		}
		return &Array{Elems: out}, nil
	}
}

// MaxStringSize is Fauna's string size limit in UTF-16 units.
const MaxStringSize = 16777216

func (c *compiler) template(x *lang.StrTemplate) node {
	type part struct {
		text string
		n    node
	}
	parts := make([]part, len(x.Parts))
	for i, p := range x.Parts {
		if p.Expr == nil {
			parts[i] = part{text: p.Text}
		} else {
			parts[i] = part{n: c.expr(p.Expr)}
		}
	}
	where := c.pos(x.Sp)
	return func(f *frame) (Value, error) {
		var b []byte
		size := 0
		for _, p := range parts {
			s := p.text
			if p.n != nil {
				v, err := p.n(f)
				if err != nil {
					return nil, err
				}
				if s, err = f.t.DisplayString(v); err != nil {
					return nil, err
				}
			}
			size += utf16Units(s)
			if size > MaxStringSize {
				return nil, at(ErrValueTooLarge(fmtStringSize(size)), where)
			}
			b = append(b, s...)
		}
		return String(b), nil
	}
}
