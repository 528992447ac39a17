package runtime

import (
	"sync"

	"github.com/fqlite/fqlite/eval"
	"github.com/fqlite/fqlite/lang"
)

// udf is a user-defined function: a Function document compiled to a lambda
// on first use. Its body's errors point into `*udf:<name>*`, and each call
// adds a frame to error summaries. The role the body runs under (@role)
// is applied by the authorizer.
type udf struct {
	name      string
	alias     string
	body      string
	role      string
	signature string

	once sync.Once
	fn   *eval.Lambda
	err  error
}

var udfType = func() *eval.Type {
	ty := eval.NewType("UserFunction")
	eval.DefineComparisonOps(ty)
	ty.Fields["definition"] = func(t *eval.Thread, self eval.Value) (eval.Value, error) {
		return &Doc{c: functionColl, name: self.(*udf).name}, nil
	}
	ty.DefineMethod(eval.NewMethod("toString", nil, func(t *eval.Thread, self eval.Value, args []eval.Value) (eval.Value, error) {
		return eval.String("[function " + self.(*udf).name + "]"), nil
	}))
	return ty
}()

var _ eval.NamedFunction = (*udf)(nil)

func newUDF(name string, rec *eval.Object) *udf {
	f := &udf{name: name}
	f.alias = stringOf(rec, "alias")
	f.body = stringOf(rec, "body")
	f.role = stringOf(rec, "role")
	f.signature = stringOf(rec, "signature")
	return f
}

func stringOf(o *eval.Object, key string) string {
	v, ok := o.Get(key)
	if !ok {
		return ""
	}
	s, _ := v.(eval.String)
	return string(s)
}

// Type returns the UDF type.
func (*udf) Type() *eval.Type { return udfType }

// FunctionName is the function's name.
func (f *udf) FunctionName() string { return f.name }

func (f *udf) compile() (*eval.Lambda, error) {
	f.once.Do(func() {
		src := lang.NewSource("*udf:"+f.name+"*", f.body)
		lam, err := lang.ParseLambda(src)
		if err != nil {
			f.err = eval.AsError(err)
			return
		}
		f.fn, f.err = eval.CompileLambda(src, lam, &eval.UDFInfo{Name: f.name, Role: f.role})
	})
	return f.fn, f.err
}

// Arity is the arity of the body.
func (f *udf) Arity() eval.Arity {
	fn, err := f.compile()
	if err != nil {
		return eval.VariadicArity(0)
	}
	return fn.Arity()
}

// Call runs the body.
func (f *udf) Call(t *eval.Thread, args []eval.Value) (eval.Value, error) {
	fn, err := f.compile()
	if err != nil {
		return nil, err
	}
	return callUDF(t, f, fn, args)
}

// callUDF runs a UDF body under the UDF's role, when it has one.
func callUDF(t *eval.Thread, f *udf, fn *eval.Lambda, args []eval.Value) (eval.Value, error) {
	q := queryOf(t)
	if q == nil || f.role == "" {
		return fn.Call(t, args)
	}
	restore := q.enterRole(f.role)
	defer restore()
	return fn.Call(t, args)
}

// normalizeFunction validates a Function document: the body must be a
// long-form lambda.
func normalizeFunction(q *query, rec, old *eval.Object) (*eval.Object, []eval.ConstraintFailure, error) {
	var failures []eval.ConstraintFailure
	bv, ok := rec.Get("body")
	if !ok {
		failures = append(failures, fieldFailure("Missing required field of type String", "body"))
	} else if s, ok := bv.(eval.String); !ok {
		failures = append(failures, fieldFailure("Expected String, provided "+providedType(nil, bv), "body"))
	} else {
		src := lang.NewSource("*body*", string(s))
		if _, err := lang.ParseLambda(src); err != nil {
			failures = append(failures, fieldFailure("Unable to parse FQL source code.", "body"))
		}
	}
	if rv, ok := rec.Get("role"); ok {
		s, isStr := rv.(eval.String)
		if !isStr {
			failures = append(failures, fieldFailure("Expected String | Null, provided "+providedType(nil, rv), "role"))
		} else if !q.roleExists(string(s)) {
			failures = append(failures, fieldFailure("Field refers to an unknown role name `"+string(s)+"`.", "role"))
		}
	}
	return rec, failures, nil
}
