package runtime

import (
	"strings"

	"github.com/fqlite/fqlite/eval"
	"github.com/fqlite/fqlite/stdlib"
)

// principal is what a secret authenticated as (spec/fsl-auth.md §3.3).
type principal struct {
	perms    *perms
	identity *Doc // token or @doc identity
	token    *Doc // the Token document of a token secret
}

// errUnauthorized is the one answer to every refused secret: unknown,
// malformed, deleted, expired, or a token whose identity is gone (§3.4).
func errUnauthorized() *eval.Error {
	return eval.NewError(eval.CodeUnauthorized, "Access token required")
}

// authenticate resolves the query's secret. It reads the key or token
// document (and a token's identity) in the query's transaction, so a
// concurrent logout conflicts with the query instead of racing it.
func (q *query) authenticate(secret string) error {
	if secret == "" {
		q.setPrincipal(principal{perms: adminPerms})
		return nil
	}
	if strings.HasPrefix(secret, "ey") && strings.Contains(secret, ".") {
		// JWTs from access providers are not accepted yet.
		return errUnauthorized()
	}
	base, scope := splitScopedSecret(secret)
	var p principal
	var keyRole string
	switch {
	case q.db.opts.RootSecret != "" && hashesEqual(secretHash(base), secretHash(q.db.opts.RootSecret)):
		p = principal{perms: adminPerms}
		keyRole = "admin"
	default:
		kind, id := decodeSecret(base)
		switch kind {
		case secretKey:
			st, err := q.systemDocState(keyColl, id)
			if err != nil {
				return err
			}
			if st == nil || !secretMatches(st, base) {
				return errUnauthorized()
			}
			keyRole = stringOf(st.fields, "role")
			if bp := builtinPerms(keyRole); bp != nil {
				p = principal{perms: bp}
			} else if r := q.cat.roles[keyRole]; r != nil {
				p = principal{perms: &perms{kind: permRoles, roles: []*roleDef{r}}}
			} else {
				p = principal{perms: clientPerms}
			}
		case secretToken:
			st, err := q.systemDocState(tokenColl, id)
			if err != nil {
				return err
			}
			if st == nil || !secretMatches(st, base) {
				return errUnauthorized()
			}
			docV, _ := st.fields.Get("document")
			ident, ok := docV.(*Doc)
			if !ok {
				return errUnauthorized()
			}
			ist, err := q.rawState(ident)
			if err != nil {
				return err
			}
			if !ist.exists {
				return errUnauthorized()
			}
			tok := q.docWithState(&Doc{c: tokenColl, id: id}, st)
			p = principal{identity: ident, token: tok}
			p.perms = q.instancePerms(ident)
			// Tokens ignore scopes.
			scope = nil
		default:
			return errUnauthorized()
		}
	}
	if scope != nil {
		sp, err := q.scoped(keyRole, scope)
		if err != nil {
			return err
		}
		p = sp
	}
	q.setPrincipal(p)
	return nil
}

func (q *query) setPrincipal(p principal) {
	q.principal = p
	q.perms = p.perms
}

// secretMatches compares a secret with the stored hash of its document.
func secretMatches(st *docState, secret string) bool {
	h, ok := st.fields.Get("#hash")
	if !ok {
		return false
	}
	b, ok := h.(eval.Bytes)
	return ok && hashesEqual([]byte(b), secretHash(secret))
}

// systemDocState reads a key or token document; nil when it does not
// exist (deleted, expired).
func (q *query) systemDocState(c *collection, id int64) (*docState, error) {
	st, err := q.rawState(&Doc{c: c, id: id})
	if err != nil {
		return nil, err
	}
	if !st.exists {
		return nil, nil
	}
	return st, nil
}

// instancePerms are a token identity's permissions: baseline rights plus
// every role whose membership names the identity's collection and whose
// predicate, if any, returns true for it (§5.3).
func (q *query) instancePerms(ident *Doc) *perms {
	p := &perms{kind: permInstance, identity: ident}
	saved := q.principal
	q.principal = principal{identity: ident}
	defer func() { q.principal = saved }()
	for _, r := range sortedRoles(q.cat) {
		for _, m := range r.members {
			if m.coll != ident.c.name {
				continue
			}
			if m.pred == nil || q.predicateTrue(m.pred, []eval.Value{ident}) {
				p.roles = append(p.roles, r)
				break
			}
		}
	}
	return p
}

// scoped applies a `secret:scope` suffix (§3.2): only admin keys (and the
// root secret) may choose a built-in role or a user role; admin and
// server keys may act as a document.
func (q *query) scoped(keyRole string, sc *secretScope) (principal, error) {
	if sc.dbPath != "" {
		// fqlite databases have no children.
		return principal{}, errUnauthorized()
	}
	switch {
	case sc.builtin != "":
		if keyRole != "admin" {
			return principal{}, errUnauthorized()
		}
		return principal{perms: builtinPerms(sc.builtin)}, nil
	case sc.role != "":
		if keyRole != "admin" {
			return principal{}, errUnauthorized()
		}
		if p := builtinPerms(sc.role); p != nil {
			return principal{perms: p}, nil
		}
		r := q.cat.roles[sc.role]
		if r == nil {
			return principal{}, errUnauthorized()
		}
		return principal{perms: &perms{kind: permRoles, roles: []*roleDef{r}}}, nil
	case sc.docColl != "":
		if keyRole != "admin" && keyRole != "server" {
			return principal{}, errUnauthorized()
		}
		c := q.cat.colls[sc.docColl]
		if c == nil {
			return principal{}, errUnauthorized()
		}
		d := &Doc{c: c, id: sc.docID}
		st, err := q.rawState(d)
		if err != nil {
			return principal{}, err
		}
		if !st.exists {
			return principal{}, errUnauthorized()
		}
		p := principal{identity: d}
		p.perms = q.instancePerms(d)
		return p, nil
	}
	return principal{}, errUnauthorized()
}

func init() {
	q := stdlib.QueryModule.Type()
	q.DefineMethod(eval.NewMethod("identity", nil, func(t *eval.Thread, _ eval.Value, _ []eval.Value) (eval.Value, error) {
		qq := queryOf(t)
		if qq == nil || qq.principal.identity == nil || qq.predIdentityHidden {
			return &eval.Null{Cause: eval.NullNoSuchElement, Reason: "missing identity", At: t.CallSite()}, nil
		}
		return qq.principal.identity, nil
	}))
	q.DefineMethod(eval.NewMethod("token", nil, func(t *eval.Thread, _ eval.Value, _ []eval.Value) (eval.Value, error) {
		qq := queryOf(t)
		if qq == nil || qq.principal.token == nil {
			return &eval.Null{Cause: eval.NullNoSuchElement, Reason: "no token", At: t.CallSite()}, nil
		}
		return qq.principal.token, nil
	}))
	q.DefineMethod(eval.NewMethod("isEnvTypechecked", nil, func(t *eval.Thread, _ eval.Value, _ []eval.Value) (eval.Value, error) {
		return eval.False, nil
	}))
	q.DefineMethod(eval.NewMethod("isEnvProtected", nil, func(t *eval.Thread, _ eval.Value, _ []eval.Value) (eval.Value, error) {
		if qq := queryOf(t); qq != nil && qq.perms.kind != permAdmin {
			return nil, errDenied()
		}
		return eval.False, nil
	}))
}
