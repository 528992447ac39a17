package stdlib

import (
	"math"

	"github.com/fqlite/fqlite/eval"
)

// The Math module (Math.scala): constants and numeric functions. Functions
// that return "a Double" compute with the JVM's algorithms (fdlibm.go), so
// results agree with Fauna to the last bit.

func init() {
	ty := MathModule.Type()
	for name, v := range map[string]float64{
		"NaN":      math.NaN(),
		"Infinity": math.Inf(1),
		"E":        math.E,
		"PI":       math.Pi,
	} {
		val := eval.Double(v)
		ty.DefineField(name, func(*eval.Thread, eval.Value) (eval.Value, error) { return val, nil })
	}

	x := params{p("x", eval.NumberTag)}
	xy := params{p("x", eval.NumberTag), p("y", eval.NumberTag)}

	def(ty, "abs", x, mathAbs)
	def(ty, "sign", x, func(t *eval.Thread, _ eval.Value, args []eval.Value) (eval.Value, error) {
		// compareNumbers with 0: NaN counts as positive, -0.0 as negative.
		c, _ := eval.Compare(t, args[0], eval.IntValue(0))
		return eval.IntValue(int64(c)), nil
	})
	def(ty, "ceil", x, roundingFunc(math.Ceil))
	def(ty, "floor", x, roundingFunc(math.Floor))
	def(ty, "round", params{p("x", eval.NumberTag), p("precision", eval.IntTag)}, mathRound)
	def(ty, "trunc", params{p("x", eval.NumberTag), p("precision", eval.IntTag)}, mathTrunc)
	def(ty, "max", xy, func(t *eval.Thread, _ eval.Value, args []eval.Value) (eval.Value, error) {
		// The original operand is returned, so its type is kept; x wins ties.
		if c, _ := eval.Compare(t, args[0], args[1]); c < 0 {
			return args[1], nil
		}
		return args[0], nil
	})
	def(ty, "min", xy, func(t *eval.Thread, _ eval.Value, args []eval.Value) (eval.Value, error) {
		if c, _ := eval.Compare(t, args[0], args[1]); c <= 0 {
			return args[0], nil
		}
		return args[1], nil
	})

	numbers := func(tag *eval.Tag) params { return params{p("numbers", tag)} }
	def(ty, "sum", numbers(eval.ArrayTag), func(t *eval.Thread, _ eval.Value, args []eval.Value) (eval.Value, error) {
		sum, _, err := sumNumbers(t, args[0])
		return sum, err
	})
	def(ty, "sum", numbers(eval.SetTag), func(t *eval.Thread, _ eval.Value, args []eval.Value) (eval.Value, error) {
		sum, _, err := sumNumbers(t, args[0])
		return sum, err
	})
	def(ty, "mean", numbers(eval.ArrayTag), func(t *eval.Thread, _ eval.Value, args []eval.Value) (eval.Value, error) {
		sum, n, err := sumNumbers(t, args[0])
		if err != nil {
			return nil, err
		}
		// Math.scala divides by the size as a Double: always a Double
		// result, NaN for an empty array.
		return eval.Arith("/", sum, eval.Double(float64(n)))
	})
	def(ty, "mean", numbers(eval.SetTag), func(t *eval.Thread, _ eval.Value, args []eval.Value) (eval.Value, error) {
		sum, n, err := sumNumbers(t, args[0])
		if err != nil {
			return nil, err
		}
		// For sets the count is an Int: integer division for integer sums,
		// divide_by_zero for an empty set (spec/fql.md §5.1).
		return eval.Arith("/", sum, eval.Number(n))
	})

	def(ty, "sqrt", x, func(t *eval.Thread, _ eval.Value, args []eval.Value) (eval.Value, error) {
		if c, _ := eval.Compare(t, args[0], eval.IntValue(0)); c < 0 {
			return nil, eval.ErrInvalidArgument("x", "x must be nonnegative")
		}
		return eval.Double(math.Sqrt(toFloat(args[0]))), nil
	})
	for name, f := range map[string]func(float64) float64{"log": fdLog, "log10": fdLog10} {
		def(ty, name, x, func(t *eval.Thread, _ eval.Value, args []eval.Value) (eval.Value, error) {
			if c, _ := eval.Compare(t, args[0], eval.IntValue(0)); c <= 0 {
				return nil, eval.ErrInvalidArgument("x", "x must be positive")
			}
			return eval.Double(f(toFloat(args[0]))), nil
		})
	}
	for name, f := range map[string]func(float64) float64{"acos": fdAcos, "asin": fdAsin} {
		def(ty, name, x, func(t *eval.Thread, _ eval.Value, args []eval.Value) (eval.Value, error) {
			v := toFloat(args[0])
			if v < -1 || v > 1 {
				return nil, eval.ErrInvalidArgument("x", "argument must lie in [-1, 1]")
			}
			return eval.Double(f(v)), nil
		})
	}
	for name, f := range map[string]func(float64) float64{
		"atan":    fdAtan,
		"cos":     fdCos,
		"cosh":    fdCosh,
		"degrees": func(v float64) float64 { return v * 57.29577951308232 }, // Math.toDegrees
		"exp":     jvmExp,
		"radians": func(v float64) float64 { return v * 0.017453292519943295 }, // Math.toRadians
		"sin":     fdSin,
		"sinh":    fdSinh,
		"tan":     fdTan,
		"tanh":    fdTanh,
	} {
		def(ty, name, x, func(_ *eval.Thread, _ eval.Value, args []eval.Value) (eval.Value, error) {
			return eval.Double(f(toFloat(args[0]))), nil
		})
	}
	def(ty, "hypot", xy, func(_ *eval.Thread, _ eval.Value, args []eval.Value) (eval.Value, error) {
		return eval.Double(fdHypot(toFloat(args[0]), toFloat(args[1]))), nil
	})
	def(ty, "pow", params{p("x", eval.NumberTag), p("power", eval.NumberTag)}, func(_ *eval.Thread, _ eval.Value, args []eval.Value) (eval.Value, error) {
		return eval.Double(fdPow(toFloat(args[0]), toFloat(args[1]))), nil
	})
}

func toFloat(v eval.Value) float64 {
	f, _ := eval.AsFloat(v)
	return f
}

// mathAbs keeps the type, and like the JVM it overflows silently:
// Math.abs(-2147483648) is -2147483648.
func mathAbs(_ *eval.Thread, _ eval.Value, args []eval.Value) (eval.Value, error) {
	switch n := args[0].(type) {
	case eval.Int:
		if n < 0 {
			return eval.IntValue(int64(-int32(n))), nil
		}
		return n, nil
	case eval.Long:
		if n < 0 {
			return -n, nil
		}
		return n, nil
	case eval.Double:
		return eval.Double(math.Abs(float64(n))), nil
	}
	return args[0], nil
}

// roundingFunc is ceil/floor: integers are returned unchanged, Doubles stay
// Doubles.
func roundingFunc(f func(float64) float64) fn {
	return func(_ *eval.Thread, _ eval.Value, args []eval.Value) (eval.Value, error) {
		if d, ok := args[0].(eval.Double); ok {
			return eval.Double(f(float64(d))), nil
		}
		return args[0], nil
	}
}

// Math.round and Math.trunc reuse FQL v4's RoundFunction and TruncFunction:
// an integer input gives a Long; a Double is split into its whole and
// fractional parts, with Java's saturating double-to-long casts. The
// rounding adds 0.5 and truncates, so negative numbers round toward zero
// at .5 and beyond (Math.round(-1.7, 0) is -1.0).

func mathRound(_ *eval.Thread, _ eval.Value, args []eval.Value) (eval.Value, error) {
	prec := int64(args[1].(eval.Int))
	if d, ok := args[0].(eval.Double); ok {
		num := float64(d)
		if prec > 0 {
			scale := float64(javaD2I(math.Pow(10, float64(prec))))
			whole := eval.JavaD2L(num)
			frac := eval.JavaD2L(float64((num - float64(whole) + 0.5/scale) * scale))
			return eval.Double(float64(whole) + float64(frac)/scale), nil
		}
		scale := math.Pow(10, float64(prec))
		r := float64(eval.JavaD2L(float64(num*scale)+0.5)) / scale
		return eval.Double(float64(eval.JavaD2L(r))), nil
	}
	n, _ := eval.AsInt64(args[0])
	if prec > 0 {
		return eval.Long(n), nil
	}
	scale := math.Pow(10, float64(prec))
	r := float64(eval.JavaD2L(float64(float64(n)*scale)+0.5)) / scale
	return eval.Long(eval.JavaD2L(r)), nil
}

func mathTrunc(_ *eval.Thread, _ eval.Value, args []eval.Value) (eval.Value, error) {
	prec := int64(args[1].(eval.Int))
	if d, ok := args[0].(eval.Double); ok {
		num := float64(d)
		if prec > 0 {
			scale := float64(javaD2I(math.Pow(10, float64(prec))))
			whole := eval.JavaD2L(num)
			frac := eval.JavaD2L(float64((num - float64(whole)) * scale))
			return eval.Double(float64(whole) + float64(frac)/scale), nil
		}
		scale := math.Pow(10, float64(prec))
		return eval.Double(float64(eval.JavaD2L(num*scale)) / scale), nil
	}
	n, _ := eval.AsInt64(args[0])
	if prec > 0 {
		return eval.Long(n), nil
	}
	scale := math.Pow(10, float64(prec))
	return eval.Long(eval.JavaD2L(float64(eval.JavaD2L(float64(n)*scale)) / scale)), nil
}

// javaD2I is Java's (int) cast of a double: saturating, NaN to 0.
func javaD2I(f float64) int32 {
	switch {
	case math.IsNaN(f):
		return 0
	case f >= math.MaxInt32:
		return math.MaxInt32
	case f <= math.MinInt32:
		return math.MinInt32
	}
	return int32(f)
}

// sumNumbers adds the elements of an array or set with the `+` rules and
// counts them.
func sumNumbers(t *eval.Thread, v eval.Value) (eval.Value, int64, error) {
	var sum eval.Value = eval.IntValue(0)
	var n int64
	add := func(e eval.Value) (bool, error) {
		if !eval.IsNumber(e) {
			return false, eval.ErrInvalidArgument("numbers", "all array elements must be numbers")
		}
		s, err := eval.Arith("+", sum, e)
		if err != nil {
			return false, err
		}
		sum = s
		n++
		return true, nil
	}
	switch x := v.(type) {
	case *eval.Array:
		for _, e := range x.Elems {
			if _, err := add(e); err != nil {
				return nil, 0, err
			}
		}
	case eval.Set:
		if err := x.Each(t, add); err != nil {
			return nil, 0, err
		}
	}
	return sum, n, nil
}
