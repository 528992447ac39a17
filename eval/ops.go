package eval

import (
	"math"
	"math/big"
	"math/bits"
)

// Operators of the built-in types (Numbers.scala, Strings.scala,
// Booleans.scala, FieldTable.scala). They are ordinary methods of the left
// operand's type; the compiler calls the Go functions directly on the hot
// path and falls back to the tables for everything else.

func addInts(a, b int64) Value {
	s := a + b
	if (s > a) == (b > 0) {
		return Number(s)
	}
	return Double(float64(a) + float64(b))
}

func subInts(a, b int64) Value {
	d := a - b
	if (d < a) == (b > 0) {
		return Number(d)
	}
	return Double(float64(a) - float64(b))
}

func mulInts(a, b int64) Value {
	hi, lo := bits.Mul64(uint64(absI(a)), uint64(absI(b)))
	neg := (a < 0) != (b < 0)
	if a == math.MinInt64 || b == math.MinInt64 {
		if a == 0 || b == 0 {
			return IntValue(0)
		}
		if a == 1 {
			return Number(b)
		}
		if b == 1 {
			return Number(a)
		}
		return Double(float64(a) * float64(b))
	}
	if hi != 0 || lo > math.MaxInt64 {
		if neg && hi == 0 && lo == 1<<63 {
			return Number(math.MinInt64)
		}
		return Double(float64(a) * float64(b))
	}
	r := int64(lo)
	if neg {
		r = -r
	}
	return Number(r)
}

func absI(a int64) int64 {
	if a < 0 {
		return -a
	}
	return a
}

// Arith is a binary arithmetic operator on numbers.
func Arith(op string, a, b Value) (Value, error) {
	ai, aInt := AsInt64(a)
	bi, bInt := AsInt64(b)
	if aInt && bInt {
		switch op {
		case "+":
			return addInts(ai, bi), nil
		case "-":
			return subInts(ai, bi), nil
		case "*":
			return mulInts(ai, bi), nil
		case "/":
			if bi == 0 {
				return nil, ErrDivideByZero()
			}
			return Number(ai / bi), nil
		case "%":
			if bi == 0 {
				return nil, ErrDivideByZero()
			}
			return Number(ai % bi), nil
		case "**":
			return expInts(ai, bi), nil
		}
	}
	af, _ := AsFloat(a)
	bf, _ := AsFloat(b)
	switch op {
	case "+":
		return Double(af + bf), nil
	case "-":
		return Double(af - bf), nil
	case "*":
		return Double(af * bf), nil
	case "/":
		return Double(af / bf), nil
	case "%":
		return Double(math.Mod(af, bf)), nil
	case "**":
		return Double(JavaPow(af, bf)), nil
	}
	return nil, ErrNoSuchFunction(op, a)
}

// expInts is Numbers.expIntegers: exact powers of integers.
func expInts(x, y int64) Value {
	switch {
	case y == 0, x == 1:
		return IntValue(1)
	case x == -1:
		if y%2 == 0 {
			return IntValue(1)
		}
		return IntValue(-1)
	case x == 0 && y > 0:
		return IntValue(0)
	case y > 0 && y <= math.MaxInt32-1:
		// The result has about y*log2|x| bits; beyond a double's range it
		// is infinite, so skip the (huge) exact computation.
		bitsNeeded := float64(y) * math.Log2(math.Abs(float64(x)))
		if bitsNeeded > 1100 {
			if x < 0 && y%2 == 1 {
				return Double(math.Inf(-1))
			}
			return Double(math.Inf(1))
		}
		r := new(big.Int).Exp(big.NewInt(x), big.NewInt(y), nil)
		return bigNumber(r)
	}
	return Double(JavaPow(float64(x), float64(y)))
}

// JavaPow is Math.pow with Java's special cases (Go agrees except that
// Java returns NaN for pow(±1, ±Inf) and pow(-1, ±Inf)).
func JavaPow(x, y float64) float64 {
	if math.IsInf(y, 0) && (x == 1 || x == -1) {
		return math.NaN()
	}
	if math.IsNaN(y) {
		return math.NaN()
	}
	return math.Pow(x, y)
}

// JavaD2L converts a double to a long like Java's (long) cast.
func JavaD2L(f float64) int64 {
	switch {
	case math.IsNaN(f):
		return 0
	case f >= 9.223372036854775807e18:
		return math.MaxInt64
	case f <= -9.223372036854775808e18:
		return math.MinInt64
	}
	return int64(f)
}

func toBits(v Value) int64 {
	switch n := v.(type) {
	case Int:
		return int64(n)
	case Long:
		return int64(n)
	case Double:
		return JavaD2L(float64(n))
	}
	return 0
}

// Bitwise is `&`, `|` and `^` on numbers.
func Bitwise(op string, a, b Value) Value {
	x, y := toBits(a), toBits(b)
	switch op {
	case "&":
		return Number(x & y)
	case "|":
		return Number(x | y)
	}
	return Number(x ^ y)
}

// Negate is unary minus: the type is kept, without overflow promotion.
func Negate(v Value) Value {
	switch n := v.(type) {
	case Int:
		return IntValue(int64(int32(-n)))
	case Long:
		return Long(-n)
	case Double:
		return Double(-n)
	}
	return v
}

func numberOp(name, param string, fn func(a, b Value) (Value, error)) *Method {
	return NewMethod(name, []Param{{Name: param, Tag: NumberTag}}, func(t *Thread, self Value, args []Value) (Value, error) {
		return fn(self, args[0])
	})
}

func cmpOp(name string, fn func(t *Thread, a, b Value) (bool, error)) *Method {
	return NewMethod(name, []Param{{Name: "other", Tag: AnyTag}}, func(t *Thread, self Value, args []Value) (Value, error) {
		r, err := fn(t, self, args[0])
		return Bool(r), err
	})
}

// comparisonOps are defined on every type (FieldTable.scala BaseFieldTable).
var comparisonOps = map[string]func(t *Thread, a, b Value) (bool, error){
	"==": Equal,
	"!=": func(t *Thread, a, b Value) (bool, error) { eq, err := Equal(t, a, b); return !eq, err },
	"<":  func(t *Thread, a, b Value) (bool, error) { c, ok := compare(t, a, b); return ok && c < 0, nil },
	"<=": func(t *Thread, a, b Value) (bool, error) { c, ok := compare(t, a, b); return ok && c <= 0, nil },
	">":  func(t *Thread, a, b Value) (bool, error) { c, ok := compare(t, a, b); return ok && c > 0, nil },
	">=": func(t *Thread, a, b Value) (bool, error) { c, ok := compare(t, a, b); return ok && c >= 0, nil },
}

// DefineComparisonOps gives a type the universal comparison operators;
// types created outside this package (documents, modules) call it.
func DefineComparisonOps(ty *Type) {
	for name, fn := range comparisonOps {
		ty.DefineOp(cmpOp(name, fn))
	}
}

func init() {
	for _, ty := range AllBuiltinTypes {
		DefineComparisonOps(ty)
	}
	for _, ty := range []*Type{IntType, LongType, DoubleType} {
		for _, op := range []string{"+", "-", "*", "/", "%"} {
			op := op
			ty.DefineOp(numberOp(op, "other", func(a, b Value) (Value, error) { return Arith(op, a, b) }))
		}
		ty.DefineOp(numberOp("**", "exponent", func(a, b Value) (Value, error) { return Arith("**", a, b) }))
		for _, op := range []string{"&", "|", "^"} {
			op := op
			ty.DefineOp(numberOp(op, "other", func(a, b Value) (Value, error) { return Bitwise(op, a, b), nil }))
		}
		ty.DefineOp(NewMethod("-", nil, func(t *Thread, self Value, args []Value) (Value, error) { return Negate(self), nil }))
		ty.DefineOp(NewMethod("~", nil, func(t *Thread, self Value, args []Value) (Value, error) { return Number(^toBits(self)), nil }))
	}
	StringType.DefineOp(NewMethod("+", []Param{{Name: "other", Tag: AnyTag}}, func(t *Thread, self Value, args []Value) (Value, error) {
		return ConcatDisplay(t, self.(String), args[0])
	}))
	BooleanType.DefineOp(NewMethod("!", nil, func(t *Thread, self Value, args []Value) (Value, error) {
		return Bool(!bool(self.(Boolean))), nil
	}))
}

// ConcatDisplay is `s + x`: s followed by the display string of x.
func ConcatDisplay(t *Thread, s String, x Value) (Value, error) {
	d, err := t.DisplayString(x)
	if err != nil {
		return nil, err
	}
	if n := utf16Units(string(s)) + utf16Units(d); n > MaxStringSize {
		return nil, ErrValueTooLarge(fmtStringSize(n))
	}
	return String(string(s) + d), nil
}

// DisplayString converts any value with the display conversion; documents
// are read through the thread.
func (t *Thread) DisplayString(v Value) (string, error) {
	if d, ok := v.(Document); ok {
		return t.DebugString(d)
	}
	return DisplayString(v), nil
}

// DebugString is DebugString with documents read through the thread.
func (t *Thread) DebugString(v Value) (string, error) {
	m, err := materializeForDebug(t, v)
	if err != nil {
		return "", err
	}
	return DebugString(m), nil
}

// materializeForDebug expands documents for debug strings: the top-level
// document shows its fields, nested ones their id.
func materializeForDebug(t *Thread, v Value) (Value, error) {
	switch x := v.(type) {
	case Document:
		fields, missing, err := x.Expand(t)
		if err != nil {
			return nil, err
		}
		if fields == nil {
			return &DocValue{Doc: x, Missing: missing}, nil
		}
		return &DocValue{Doc: x, Fields: fields, Exists: true}, nil
	case *Array:
		out := make([]Value, len(x.Elems))
		for i, e := range x.Elems {
			m, err := materializeForDebug(t, e)
			if err != nil {
				return nil, err
			}
			out[i] = m
		}
		return NewArray(out), nil
	case *Object:
		out := NewObject(x.Len())
		for i, k := range x.keys {
			m, err := materializeForDebug(t, x.vals[i])
			if err != nil {
				return nil, err
			}
			out.Set(k, m)
		}
		return out, nil
	}
	return v, nil
}
