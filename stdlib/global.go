package stdlib

import (
	"strings"

	"github.com/fqlite/fqlite/eval"
)

// Global functions (abort, log, dbg, newId, asc, desc), the FQL root
// module, the type modules used with `isa`, and the universal toString.

// Modules other files extend with static members.
var (
	FQLModule             *eval.Module
	StringModule          *eval.Module
	BooleanModule         *eval.Module
	NumberModule          *eval.Module
	NullModule            *eval.Module
	ObjectModule          *eval.Module
	StructModule          *eval.Module
	ArrayModule           *eval.Module
	SetModule             *eval.Module
	SetCursorModule       *eval.Module
	DocModule             *eval.Module
	FunctionModule        *eval.Module
	TimeModule            *eval.Module
	DateModule            *eval.Module
	BytesModule           *eval.Module
	IDModule              *eval.Module
	UUIDModule            *eval.Module
	TransactionTimeModule *eval.Module
	MathModule            *eval.Module
	QueryModule           *eval.Module
)

func isKind[T any](v eval.Value) bool {
	_, ok := v.(T)
	return ok
}

func init() {
	StringModule = newModule("String", isKind[eval.String])
	BooleanModule = newModule("Boolean", isKind[eval.Boolean])
	NumberModule = newModule("Number", eval.IsNumber)
	newModule("Int", isKind[eval.Int])
	newModule("Long", isKind[eval.Long])
	newModule("Double", isKind[eval.Double])
	newModule("Float", isKind[eval.Double])
	NullModule = newModule("Null", isKind[*eval.Null])
	ObjectModule = newModule("Object", func(v eval.Value) bool {
		return isKind[*eval.Object](v) || isKind[eval.Document](v)
	})
	StructModule = newModule("Struct", isKind[*eval.Object])
	ArrayModule = newModule("Array", isKind[*eval.Array])
	SetModule = newModule("Set", isKind[eval.Set])
	SetCursorModule = newModule("SetCursor", isKind[eval.SetCursor])
	newModule("EventSource", func(eval.Value) bool { return false })
	DocModule = newModule("Doc", isKind[eval.Document])
	FunctionModule = newModule("Function", isKind[eval.Callable])
	TimeModule = newModule("Time", isKind[eval.Time])
	DateModule = newModule("Date", isKind[eval.Date])
	BytesModule = newModule("Bytes", isKind[eval.Bytes])
	IDModule = newModule("ID", isKind[eval.ID])
	UUIDModule = newModule("UUID", isKind[eval.UUID])
	TransactionTimeModule = newModule("TransactionTime", isKind[eval.TransactionTime])
	MathModule = newModule("Math", nil)
	QueryModule = newModule("Query", nil)

	// FQL reaches every built-in global even when a local shadows it.
	FQLModule = newModule("FQL", nil)
	FQLModule.Type().DynamicField = func(t *eval.Thread, self eval.Value, name string) (eval.Value, bool, error) {
		if name == "FQL" {
			return FQLModule, true, nil
		}
		v, ok := eval.Global(name)
		return v, ok, nil
	}

	// toString exists on every type but objects and documents.
	for _, ty := range eval.AllBuiltinTypes {
		if ty.NoToString {
			continue
		}
		def(ty, "toString", nil, func(t *eval.Thread, self eval.Value, args []eval.Value) (eval.Value, error) {
			s, err := t.DisplayString(self)
			return eval.String(s), err
		})
	}

	global("abort", params{p("return", eval.AnyTag)}, func(t *eval.Thread, _ eval.Value, args []eval.Value) (eval.Value, error) {
		e := eval.NewError(eval.CodeAbort, "Query aborted.")
		e.Abort = args[0]
		return nil, e
	})
	eval.DefineGlobalFunc(eval.NewVariadicMethod("log", nil, p("args", eval.AnyTag),
		func(t *eval.Thread, _ eval.Value, args []eval.Value) (eval.Value, error) {
			parts := make([]string, len(args))
			for i, a := range args {
				s, err := t.DisplayString(a)
				if err != nil {
					return nil, err
				}
				parts[i] = s
			}
			t.Log(strings.Join(parts, " "), t.CallSite())
			return eval.NullValue, nil
		}))
	global("dbg", params{p("value", eval.AnyTag)}, func(t *eval.Thread, _ eval.Value, args []eval.Value) (eval.Value, error) {
		s, err := t.DebugString(args[0])
		if err != nil {
			return nil, err
		}
		t.Log(s, t.CallSite())
		return args[0], nil
	})
	global("newId", nil, func(t *eval.Thread, _ eval.Value, _ []eval.Value) (eval.Value, error) {
		if err := t.CheckEffect("`newId`", eval.EffectObservation); err != nil {
			return nil, err
		}
		return t.NewID()
	})
	for _, dir := range []string{"asc", "desc"} {
		dir := dir
		global(dir, params{p("accessor", eval.FunctionTag)}, func(t *eval.Thread, _ eval.Value, args []eval.Value) (eval.Value, error) {
			f := args[0].(eval.Callable)
			if err := checkArity("accessor", f, 1); err != nil {
				return nil, err
			}
			return eval.ObjectOf(dir, f), nil
		})
	}
}
