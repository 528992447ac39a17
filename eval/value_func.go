package eval

import (
	"math/bits"
	"strconv"
	"strings"
)

// Arity is the set of argument counts a function accepts (Value.Func.Arity):
// a fixed set of counts (overloads) or "at least Min" for variadic functions.
type Arity struct {
	Variadic bool
	Min      int    // Variadic: the required count
	Counts   uint64 // fixed: bit n set when n arguments are accepted
}

// FixedArity accepts exactly the given counts.
func FixedArity(counts ...int) Arity {
	var a Arity
	for _, c := range counts {
		a.Counts |= 1 << uint(c)
	}
	return a
}

// VariadicArity accepts min or more arguments.
func VariadicArity(min int) Arity { return Arity{Variadic: true, Min: min} }

// Accepts reports whether n arguments are accepted.
func (a Arity) Accepts(n int) bool {
	if a.Variadic {
		return n >= a.Min
	}
	return n < 64 && a.Counts&(1<<uint(n)) != 0
}

// Union combines the arities of two overloads.
func (a Arity) Union(b Arity) Arity {
	if a.Variadic || b.Variadic {
		m := a.Min
		if !a.Variadic || (b.Variadic && b.Min < m) {
			m = b.Min
		}
		return Arity{Variadic: true, Min: m}
	}
	return Arity{Counts: a.Counts | b.Counts}
}

// Describe renders the arity as Fauna does: "no arguments", "exactly 1
// argument", "1 or 2 arguments", "at least 1 argument", with word
// "argument" or "parameter".
func (a Arity) Describe(word string) string {
	if a.Variadic {
		switch a.Min {
		case 0:
			return "any number of " + word + "s"
		case 1:
			return "at least 1 " + word
		}
		return "at least " + strconv.Itoa(a.Min) + " " + word + "s"
	}
	var counts []string
	for c := a.Counts; c != 0; c &= c - 1 {
		counts = append(counts, strconv.Itoa(bits.TrailingZeros64(c)))
	}
	switch {
	case len(counts) == 1 && counts[0] == "0":
		return "no " + word + "s"
	case len(counts) == 1 && counts[0] == "1":
		return "exactly 1 " + word
	case len(counts) == 1:
		return "exactly " + counts[0] + " " + word + "s"
	}
	return strings.Join(counts[:len(counts)-1], ", ") + " or " + counts[len(counts)-1] + " " + word + "s"
}

// ErrArity is the error for calling a function with the wrong number of
// arguments.
func ErrArity(a Arity, n int) *Error {
	was := "were"
	if n == 1 {
		was = "was"
	}
	return Errorf(CodeInvalidFunctionInvocation, "callee function expects %s, but %d %s provided.", a.Describe("argument"), n, was)
}

// Callable is a value that can be applied to arguments.
type Callable interface {
	Value
	Arity() Arity
	// Call runs the function. args is only valid during the call: keep a
	// copy to retain it.
	Call(t *Thread, args []Value) (Value, error)
}

// NativeFunc is a built-in function: a global function (Recv == nil) or a
// method bound to its receiver (`'abc'.concat` without the call).
type NativeFunc struct {
	Name   string
	Recv   Value
	Method *Method
}

// Type returns FunctionType.
func (*NativeFunc) Type() *Type { return FunctionType }

// Arity returns the method's arity.
func (f *NativeFunc) Arity() Arity { return f.Method.Arity }

// Call invokes the method on the bound receiver.
func (f *NativeFunc) Call(t *Thread, args []Value) (Value, error) {
	if !f.Method.Arity.Accepts(len(args)) {
		return nil, ErrArity(f.Method.Arity, len(args))
	}
	return f.Method.Invoke(t, f.Recv, args)
}

var (
	_ Callable = (*NativeFunc)(nil)
	_ Callable = (*Lambda)(nil)
)

// NamedFunction is a callable value defined outside the core (a user
// function); it renders as `[function <name>]`.
type NamedFunction interface {
	Callable
	FunctionName() string
}
