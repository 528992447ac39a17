package stdlib

import (
	"github.com/fqlite/fqlite/eval"
)

// Shorthands for declaring builtins.

type fn = func(t *eval.Thread, self eval.Value, args []eval.Value) (eval.Value, error)

type params = []eval.Param

func p(name string, tag *eval.Tag) eval.Param { return eval.P(name, tag) }

// def declares a method with one signature on ty.
func def(ty *eval.Type, name string, ps params, f fn) {
	ty.DefineMethod(eval.NewMethod(name, ps, f))
}

// defVariadic declares a method whose last parameter repeats.
func defVariadic(ty *eval.Type, name string, ps params, rest eval.Param, f fn) {
	ty.DefineMethod(eval.NewVariadicMethod(name, ps, rest, f))
}

// global declares a global function.
func global(name string, ps params, f fn) {
	eval.DefineGlobalFunc(eval.NewMethod(name, ps, f))
}

// newModule creates a module and registers it as a global. contains
// implements `isa` (nil: only the module itself).
func newModule(name string, contains func(eval.Value) bool) *eval.Module {
	m := eval.NewModule(name, contains)
	eval.DefineComparisonOps(m.Type())
	eval.DefineGlobal(name, m)
	return m
}

// checkArity verifies that a function argument can be called with n
// arguments (`predicate` should accept 1 parameter, ...).
func checkArity(param string, f eval.Callable, n int) error {
	if f.Arity().Accepts(n) {
		return nil
	}
	s := "s"
	if n == 1 {
		s = ""
	}
	return eval.Errorf(eval.CodeInvalidArgument, "`%s` should accept %d parameter%s, provided function requires %s.",
		param, n, s, f.Arity().Describe("parameter"))
}

// call1 calls f with one argument without allocating.
func call1(t *eval.Thread, f eval.Callable, a eval.Value) (eval.Value, error) {
	return t.Call1(f, a)
}

// call2 calls f with two arguments without allocating.
func call2(t *eval.Thread, f eval.Callable, a, b eval.Value) (eval.Value, error) {
	return t.Call2(f, a, b)
}

// predicateResult interprets a predicate's result: true, false or null
// (false); anything else is a type_mismatch.
func predicateResult(v eval.Value) (bool, error) {
	switch b := v.(type) {
	case eval.Boolean:
		return bool(b), nil
	case *eval.Null:
		return false, nil
	}
	return false, eval.ErrTypeMismatch("Boolean", v)
}

func str(v eval.Value) string { return string(v.(eval.String)) }

func intArg(v eval.Value) int64 {
	n, _ := eval.AsInt64(v)
	return n
}

// fast1 gives a one-parameter method a direct one-argument entry point
// (eval.Method.Fast1); fn must behave exactly as the method's Fn.
func fast1(ty *eval.Type, name string, fn func(t *eval.Thread, self, arg eval.Value) (eval.Value, error)) {
	ty.Methods[name].Fast1 = fn
}
