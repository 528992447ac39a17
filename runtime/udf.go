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
	// name is the identifier the function was looked up by (its name or
	// its alias), which is how it renders (UserFunction.scala).
	name      string
	defName   string
	alias     string
	body      string
	role      string
	signature string

	code *udfCode
}

// udfCode is the compiled body, shared by a function's name and alias.
type udfCode struct {
	once sync.Once
	fn   *eval.Lambda
	err  error
}

var udfType = func() *eval.Type {
	ty := eval.NewType("UserFunction")
	eval.DefineComparisonOps(ty)
	ty.Fields["definition"] = func(t *eval.Thread, self eval.Value) (eval.Value, error) {
		return &Doc{c: functionColl, name: self.(*udf).defName}, nil
	}
	ty.DefineMethod(eval.NewMethod("toString", nil, func(t *eval.Thread, self eval.Value, args []eval.Value) (eval.Value, error) {
		return eval.String("[function " + self.(*udf).name + "]"), nil
	}))
	return ty
}()

var _ eval.NamedFunction = (*udf)(nil)

func newUDF(name string, rec *eval.Object) *udf {
	f := &udf{name: name, defName: name, code: &udfCode{}}
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
	c := f.code
	c.once.Do(func() {
		src := lang.NewSource("*udf:"+f.defName+"*", f.body)
		lam, err := lang.ParseLambda(src)
		if err != nil {
			c.err = eval.AsError(err)
			return
		}
		c.fn, c.err = eval.CompileLambda(src, lam, &eval.UDFInfo{Name: f.defName, Role: f.role})
	})
	return c.fn, c.err
}

// aliased returns the function as looked up by its alias.
func (f *udf) aliased() *udf {
	g := *f
	g.name = f.alias
	return &g
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
	if q := queryOf(t); q != nil && q.indexing {
		return nil, errIndexContext
	}
	fn, err := f.compile()
	if err != nil {
		return nil, err
	}
	return callUDF(t, f, fn, args)
}

// callUDF checks the caller may call the function, then runs its body
// under the function's role when it has one (§5.6).
func callUDF(t *eval.Thread, f *udf, fn *eval.Lambda, args []eval.Value) (eval.Value, error) {
	site := t.CallSite() // before anything else runs (predicates call too)
	q := queryOf(t)
	if q == nil {
		return fn.Call(t, args)
	}
	if q.perms.kind != permAdmin && !q.allows(f.defName, actCall, args...) {
		return nil, errDenied()
	}
	t.PushCallSite(site)
	defer t.PopCallSite()
	if f.role == "" {
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
		lam, err := lang.ParseLambda(src)
		if err == nil && len(lam.Params) == 1 && lam.Params[0] != nil && lam.Params[0].Str == lang.ThisName {
			// `(.x)` is a lambda elsewhere, but not a function body.
			err = &lang.ParseError{Message: "Short form lambdas are not allowed here", Span: lam.Sp, Src: src}
		}
		if err != nil {
			failures = append(failures, bodyParseFailure(eval.AsError(err), "body"))
		}
	}
	if rv, ok := rec.Get("role"); ok {
		s, isStr := rv.(eval.String)
		if !isStr {
			failures = append(failures, fieldFailure("Expected String | Null, provided "+providedType(nil, rv), "role"))
		} else if !q.roleExists(string(s)) {
			failures = append(failures, fieldFailure("Field refers to an unknown role name `"+string(s)+"`.", "role"))
		} else if s == "admin" && q.perms.kind != permAdmin && (old == nil || stringOf(old, "role") != "admin") {
			// Only admin may hand out admin (fsl-auth.md §1.3).
			msg := "Cannot grant a function admin permissions using the server role."
			if old == nil {
				msg = "Cannot create a function with admin permissions using the server role."
			}
			failures = append(failures, fieldFailure(msg, "role"))
		}
	}
	return rec, failures, nil
}
