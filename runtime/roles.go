package runtime

import (
	"fmt"
	"sort"

	"github.com/fqlite/fqlite/eval"
	"github.com/fqlite/fqlite/lang"
	"github.com/fqlite/fqlite/runtime/store"
)

// builtinRoles are the roles every database has (spec/fsl-auth.md §5.1).
var builtinRoles = map[string]bool{"admin": true, "server": true, "server-readonly": true, "client": true}

// roleDef is a user-defined role, compiled: privileges by resource
// (canonical collection or function name) and action, and memberships.
type roleDef struct {
	name    string
	rec     *eval.Object
	privs   map[string]map[string]*eval.Lambda // nil lambda: unconditional
	members []membership
	// identityPreds are the predicates of the form
	// `(doc) => doc == Query.identity()`, which are checked without
	// running them.
	identityPreds map[*eval.Lambda]bool
}

type membership struct {
	coll string // canonical collection name
	pred *eval.Lambda
}

// grant returns the predicate of the role's grant of action on res (nil
// for an unconditional grant) and whether there is one.
func (r *roleDef) grant(res, action string) (*eval.Lambda, bool) {
	acts, ok := r.privs[res]
	if !ok {
		return nil, false
	}
	pred, ok := acts[action]
	return pred, ok
}

func newRoleDef(name string, rec *eval.Object) *roleDef {
	return &roleDef{name: name, rec: rec}
}

// compile resolves a role's resources against the catalog (aliases name
// their collection or function) and compiles its predicates. Predicates
// that do not compile deny (they were validated when written).
func (r *roleDef) compile(c *catalog) {
	r.privs = map[string]map[string]*eval.Lambda{}
	src := "*predicate:" + r.name + "*"
	for _, p := range arrayOf(r.rec, "privileges") {
		res := c.canonicalResource(stringField(p, "resource"))
		acts := r.privs[res]
		if acts == nil {
			acts = map[string]*eval.Lambda{}
			r.privs[res] = acts
		}
		ao, _ := fieldOf(p, "actions").(*eval.Object)
		if ao == nil {
			continue
		}
		for i, a := range ao.Keys() {
			switch v := ao.ValueAt(i).(type) {
			case eval.Boolean:
				if v {
					acts[a] = nil
				}
			case eval.String:
				if fn, err := compileBody(src, string(v)); err == nil {
					acts[a] = fn
					if isIdentityPredicate(string(v)) {
						if r.identityPreds == nil {
							r.identityPreds = map[*eval.Lambda]bool{}
						}
						r.identityPreds[fn] = true
					}
				}
			}
		}
	}
	for _, m := range arrayOf(r.rec, "membership") {
		mem := membership{coll: c.canonicalResource(stringField(m, "resource"))}
		if pred := stringField(m, "predicate"); pred != "" {
			fn, err := compileBody(src, pred)
			if err != nil {
				continue
			}
			mem.pred = fn
		}
		r.members = append(r.members, mem)
	}
}

// canonicalResource maps a privilege or membership resource (a collection
// or function name or alias, or a system collection) to the name checks
// use.
func (c *catalog) canonicalResource(name string) string {
	if name == "Credentials" {
		return "Credential"
	}
	if col := c.colls[name]; col != nil {
		return col.name
	}
	if f := c.funcs[name]; f != nil {
		return f.defName
	}
	return name
}

func arrayOf(o *eval.Object, key string) []eval.Value {
	v, ok := o.Get(key)
	if !ok {
		return nil
	}
	if a, ok := v.(*eval.Array); ok {
		return a.Elems
	}
	if obj, ok := v.(*eval.Object); ok {
		return []eval.Value{obj}
	}
	return nil
}

func fieldOf(v eval.Value, key string) eval.Value {
	o, ok := v.(*eval.Object)
	if !ok {
		return nil
	}
	f, _ := o.Get(key)
	return f
}

// roleExists reports whether a role name is built in or defined (own
// writes included).
func (q *query) roleExists(name string) bool {
	return builtinRoles[name] || q.namedExists(idRole, name)
}

// enterRole switches to a UDF's role for the duration of its body
// (§5.6): a built-in role's permissions, or the user role's alone. It
// returns the function that switches back.
func (q *query) enterRole(role string) func() {
	saved := q.perms
	if p := builtinPerms(role); p != nil {
		q.perms = p
		return func() { q.perms = saved }
	}
	r := q.cat.roles[role]
	if r == nil {
		q.perms = clientPerms
	} else {
		q.perms = &perms{kind: permRoles, roles: []*roleDef{r}}
	}
	q.inRoleUDF++
	return func() {
		q.perms = saved
		q.inRoleUDF--
	}
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
	// `audience` names this database (the `aud` its JWTs carry); it is
	// read-only: set at creation, kept by update and replace.
	var audience eval.Value
	if old != nil {
		audience, _ = old.Get("audience")
	}
	if v, given := rec.Get("audience"); given && (audience == nil || eval.DisplayString(v) != eval.DisplayString(audience)) {
		failures = append(failures, fieldFailure("Failed to update field because it is readonly", "audience"))
	}
	if audience == nil {
		gid, err := q.dbGlobalID()
		if err != nil {
			return nil, nil, err
		}
		audience = eval.String(canonicalDBURL(gid))
	}
	out := rec.Copy()
	out.Set("audience", audience)
	return out, failures, nil
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
	if q.namedExists(idCollection, res) || q.namedExists(idFunction, res) {
		return true
	}
	// An alias names its collection or function.
	found := false
	for _, coll := range []uint64{idCollection, idFunction} {
		scanNamed(q.tx, coll, func(_ string, rec *eval.Object) bool {
			if stringOf(rec, "alias") == res {
				found = true
				return false
			}
			return true
		})
	}
	return found
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

// sortedRoles lists the catalog's roles by name (a deterministic order for
// membership evaluation).
func sortedRoles(c *catalog) []*roleDef {
	out := make([]*roleDef, 0, len(c.roles))
	for _, r := range c.roles {
		out = append(out, r)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].name < out[j].name })
	return out
}

// roleRenamedOrDeleted keeps keys in step with their role (fsl-auth.md
// §2.1): renaming a role rewrites the keys that name it; deleting a role a
// key still uses fails.
func (q *query) roleRenamedOrDeleted(oldName, newName string, deleted bool) error {
	p := docPrefix(idKey)
	var users []int64
	err := rangeScan(q.tx, p, store.PrefixEnd(p), false, func(k string, it store.Item) (bool, error) {
		st, err := q.decodeState(keyColl, it)
		if err != nil || !st.exists {
			return err == nil, err
		}
		if stringOf(st.fields, "role") == oldName {
			users = append(users, docIDFromKey(k))
		}
		return true, nil
	})
	if err != nil || len(users) == 0 {
		return err
	}
	if deleted {
		e := eval.Errorf(eval.CodeConstraintFailure, "Failed to delete Role `%s`.", oldName)
		e.ConstraintFailures = []eval.ConstraintFailure{{Message: fmt.Sprintf("The key `%d` refers to this document by its previous identifier `%s`.", users[0], oldName)}}
		return e
	}
	for _, id := range users {
		d := &Doc{c: keyColl, id: id}
		st, err := q.rawState(d)
		if err != nil {
			return err
		}
		fields := st.fields.Copy()
		fields.Set("role", eval.String(newName))
		if err := q.storeDoc(opUpdate, keyColl, d, st, &docState{exists: true, fields: fields, ts: eval.TransactionTime{}}); err != nil {
			return err
		}
	}
	return nil
}

// isIdentityPredicate recognises `(doc) => doc == Query.identity()` (and
// `Query.identity() == doc`), the most common read predicate: "a token
// reads its own document".
func isIdentityPredicate(body string) bool {
	lam, err := lang.ParseLambda(lang.NewSource("*predicate*", body))
	if err != nil || len(lam.Params) != 1 || lam.Params[0] == nil || lam.HasVariadic {
		return false
	}
	param := lam.Params[0].Str
	op, ok := lam.Body.(*lang.OperatorCall)
	if !ok || op.Op.Str != "==" || op.Lhs == nil || op.Rhs == nil {
		return false
	}
	isParam := func(e lang.Expr) bool {
		id, ok := e.(*lang.Id)
		return ok && id.Name == param
	}
	isIdentity := func(e lang.Expr) bool {
		ch, ok := e.(*lang.MethodChain)
		if !ok || len(ch.Chain) != 1 {
			return false
		}
		base, ok := ch.Base.(*lang.Id)
		c := ch.Chain[0]
		return ok && base.Name == "Query" && c.Kind == lang.ChainMethod && c.Field.Str == "identity" && len(c.Args) == 0 && !c.Optional && c.ApplyOptional == nil
	}
	return (isParam(op.Lhs) && isIdentity(op.Rhs)) || (isIdentity(op.Lhs) && isParam(op.Rhs))
}
