package eval

import (
	"github.com/fqlite/fqlite/lang"
)

// Operators (FQLInterpreter evalExpr OperatorCall): `??`, `&&`, `||` and
// `isa` are control flow; every other operator is a method of the left
// operand, looked up before the right operand is evaluated.

func (c *compiler) operator(x *lang.OperatorCall) node {
	if x.Rhs == nil {
		return c.unary(x)
	}
	switch x.Op.Str {
	case "??":
		return c.orElse(x)
	case "&&":
		return c.boolOp(x, false)
	case "||":
		return c.boolOp(x, true)
	case "isa":
		return c.isa(x)
	}
	return c.binary(x)
}

// nullOpError is FunctionDoesNotExist for an operator, with the "Null value
// created here" hint when the receiver is a null.
func nullOpError(op string, recv Value, opPos Pos) error {
	e := ErrNoSuchFunction(op, recv)
	e.At = opPos
	if n, ok := recv.(*Null); ok && n.At.Src != nil {
		e.WithHint(Hint{Kind: lang.KindHint, Message: "Null value created here", Pos: n.At})
	}
	return e
}

func (c *compiler) unary(x *lang.OperatorCall) node {
	operand := c.expr(x.Lhs)
	op := x.Op.Str
	opPos := c.pos(x.Op.Sp)
	callPos := c.pos(x.Sp)
	return func(f *frame) (Value, error) {
		v, err := operand(f)
		if err != nil {
			return nil, err
		}
		switch op {
		case "-":
			switch v.(type) {
			case Int, Long, Double:
				return Negate(v), nil
			}
		case "!":
			if b, ok := v.(Boolean); ok {
				return Bool(!bool(b)), nil
			}
		}
		m := v.Type().Ops[op]
		if m == nil {
			return nil, nullOpError(op, v, opPos)
		}
		if !m.Arity.Accepts(0) {
			return nil, at(ErrArity(m.Arity, 0), callPos)
		}
		res, err := m.Invoke(f.t, v, nil)
		if err != nil {
			return nil, f.t.locate(err, callPos)
		}
		return res, nil
	}
}

func (c *compiler) binary(x *lang.OperatorCall) node {
	lhs, rhs := c.expr(x.Lhs), c.expr(x.Rhs)
	op := x.Op.Str
	opPos := c.pos(x.Op.Sp)
	rhsPos := c.pos(x.Rhs.Span())
	cmp := comparisonOps[op]
	arith := op == "+" || op == "-" || op == "*" || op == "/" || op == "%" || op == "**"
	if n := c.intComparison(op, lhs, x.Rhs); n != nil {
		return n
	}
	return func(f *frame) (Value, error) {
		a, err := lhs(f)
		if err != nil {
			return nil, err
		}
		// Fast paths: every type has the comparison operators, and numbers
		// have arithmetic; neither depends on tables.
		if cmp != nil {
			b, err := rhs(f)
			if err != nil {
				return nil, err
			}
			r, err := cmp(f.t, a, b)
			if err != nil {
				return nil, f.t.locate(err, rhsPos)
			}
			return Bool(r), nil
		}
		if arith {
			switch a.(type) {
			case Int, Long, Double:
				b, err := rhs(f)
				if err != nil {
					return nil, err
				}
				switch b.(type) {
				case Int, Long, Double:
					r, err := Arith(op, a, b)
					if err != nil {
						return nil, at(err.(*Error), rhsPos)
					}
					return r, nil
				}
				param := "other"
				if op == "**" {
					param = "exponent"
				}
				return nil, at(ErrInvalidArgType(param, "Number", b), rhsPos)
			}
		}
		m := a.Type().Ops[op]
		if m == nil {
			return nil, nullOpError(op, a, opPos)
		}
		b, err := rhs(f)
		if err != nil {
			return nil, err
		}
		t := f.t
		base := t.pushArgs(1)
		t.stack[base] = b
		var res Value
		if !m.Arity.Accepts(1) {
			err = ErrArity(m.Arity, 1)
		} else {
			res, err = m.Invoke(t, a, t.stack[base:base+1])
		}
		t.popArgs(base)
		if err != nil {
			return nil, t.locate(err, rhsPos)
		}
		return res, nil
	}
}

// boolOp is `&&` (short on false) and `||` (short on true); both operands
// must be Booleans (no truthiness, spec/fql.md §3.3).
func (c *compiler) boolOp(x *lang.OperatorCall, shortOn bool) node {
	lhs, rhs := c.expr(x.Lhs), c.expr(x.Rhs)
	lhsPos, rhsPos := c.pos(x.Lhs.Span()), c.pos(x.Rhs.Span())
	return func(f *frame) (Value, error) {
		a, err := lhs(f)
		if err != nil {
			return nil, err
		}
		ab, ok := a.(Boolean)
		if !ok {
			return nil, at(ErrTypeMismatch("Boolean", a), lhsPos)
		}
		if bool(ab) == shortOn {
			return a, nil
		}
		b, err := rhs(f)
		if err != nil {
			return nil, err
		}
		if _, ok := b.(Boolean); !ok {
			return nil, at(ErrTypeMismatch("Boolean", b), rhsPos)
		}
		return b, nil
	}
}

// orElse is `a ?? b`: b when a is null or a document that does not exist
// or cannot be read.
func (c *compiler) orElse(x *lang.OperatorCall) node {
	lhs, rhs := c.expr(x.Lhs), c.expr(x.Rhs)
	lhsPos := c.pos(x.Lhs.Span())
	return func(f *frame) (Value, error) {
		a, err := lhs(f)
		if err != nil {
			return nil, err
		}
		switch d := a.(type) {
		case *Null:
			return rhs(f)
		case Document:
			_, missing, err := d.Expand(f.t)
			if err != nil {
				return nil, f.t.locate(err, lhsPos)
			}
			if missing != NullLiteral {
				return rhs(f)
			}
		}
		return a, nil
	}
}

// isa is `x isa Module`.
func (c *compiler) isa(x *lang.OperatorCall) node {
	lhs, rhs := c.expr(x.Lhs), c.expr(x.Rhs)
	rhsPos := c.pos(x.Rhs.Span())
	return func(f *frame) (Value, error) {
		a, err := lhs(f)
		if err != nil {
			return nil, err
		}
		b, err := rhs(f)
		if err != nil {
			return nil, err
		}
		m, ok := b.(*Module)
		if !ok {
			return nil, at(ErrInvalidArgument("type_object", "expected a module object"), rhsPos)
		}
		return Bool(m.Contains(a)), nil
	}
}

// intComparison specialises `x < 18`-style comparisons with an integer
// literal: an Int operand compares without dispatch; anything else takes
// the general path.
func (c *compiler) intComparison(op string, lhs node, rhsExpr lang.Expr) node {
	lit, ok := rhsExpr.(*lang.Lit)
	if !ok || lit.Kind != lang.LitInt || !lit.Int.IsInt64() {
		return nil
	}
	var test func(a, b int64) bool
	switch op {
	case "<":
		test = func(a, b int64) bool { return a < b }
	case "<=":
		test = func(a, b int64) bool { return a <= b }
	case ">":
		test = func(a, b int64) bool { return a > b }
	case ">=":
		test = func(a, b int64) bool { return a >= b }
	case "==":
		test = func(a, b int64) bool { return a == b }
	case "!=":
		test = func(a, b int64) bool { return a != b }
	default:
		return nil
	}
	n := lit.Int.Int64()
	rhs := bigNumber(lit.Int)
	cmp := comparisonOps[op]
	return func(f *frame) (Value, error) {
		a, err := lhs(f)
		if err != nil {
			return nil, err
		}
		if ai, ok := a.(Int); ok {
			return Bool(test(int64(ai), n)), nil
		}
		r, err := cmp(f.t, a, rhs)
		return Bool(r), err
	}
}
