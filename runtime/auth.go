package runtime

import (
	"errors"
	"time"

	"github.com/fqlite/fqlite/eval"
	"github.com/fqlite/fqlite/stdlib"
)

// principal is what a secret authenticated as (spec/fsl-auth.md §3.3).
type principal struct {
	perms    *perms
	identity *Doc // token or @doc identity
	// token is the Token document of a token secret, or a JWT's payload.
	token eval.Value
}

// errNotHere: the secret's key or token is not in this database (it may
// be in a child).
var errNotHere = errors.New("secret not in this database")

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
	if looksLikeJWT(secret) {
		return q.authenticateJWT(secret)
	}
	base, scope := splitScopedSecret(secret)
	var p principal
	var keyRole string
	h := secretHash(base)
	if q.db.rootHash != nil && hashesEqual(h, q.db.rootHash) {
		p = principal{perms: adminPerms}
		keyRole = "admin"
	} else {
		e, err := q.resolveSecret(base, h)
		if errors.Is(err, errNotHere) {
			// A key or token of a child database.
			kind, id := decodeSecret(base)
			c, cerr := q.childHoldingSecret(kind, id)
			if cerr != nil {
				return cerr
			}
			if c == nil {
				return errUnauthorized()
			}
			q.redirect = &redirect{db: c, secret: secret}
			return errRedirect
		}
		if err != nil {
			return err
		}
		p, keyRole = e.principal(q), e.keyRole
		if e.kind == secretToken {
			// Tokens ignore scopes.
			scope = nil
		}
		if e.database != "" {
			// A key made for a child database acts there with its role.
			c, err := q.childByName(e.database)
			if err != nil {
				return err
			}
			if c == nil {
				return errUnauthorized()
			}
			r := &redirect{db: c}
			if builtinPerms(e.keyRole) != nil {
				r.builtin = e.keyRole
			} else {
				r.role = e.keyRole
			}
			q.redirect = r
			return errRedirect
		}
	}
	if scope != nil && scope.dbPath != "" {
		// `secret:child[/grandchild]:scope`, for admin secrets only.
		if keyRole != "admin" {
			return errUnauthorized()
		}
		c, err := q.childByPath(scope.dbPath)
		if err != nil {
			return err
		}
		if c == nil {
			return errUnauthorized()
		}
		r := &redirect{db: c}
		switch {
		case scope.builtin != "":
			r.builtin = scope.builtin
		case scope.role != "":
			if builtinPerms(scope.role) != nil {
				r.builtin = scope.role
			} else {
				r.role = scope.role
			}
		default:
			// `@doc/...` in a child: not supported.
			return errUnauthorized()
		}
		q.redirect = r
		return errRedirect
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

// authEntry is a verified secret: what it authenticates as, and the
// versions of the documents it was derived from. A later query reuses it
// while the key or token document and the token's identity document are
// unchanged and the schema is the same, so resolving a known secret costs
// a hash, a map lookup and one or two point reads (which also put those
// documents in the query's read set: a concurrent logout conflicts with
// the query instead of racing it).
type authEntry struct {
	kind         secretKind
	id           int64
	docVersion   uint64
	identColl    uint64
	identID      int64
	identVersion uint64
	catVersion   uint64
	perms        *perms
	keyRole      string
	ttl          time.Time // zero: the secret does not expire
	ident, token *Doc
	database     string // a key's child database
}

func (e *authEntry) principal(q *query) principal {
	if e.kind != secretToken {
		return principal{perms: e.perms}
	}
	// The identity and token references are immutable and belong to the
	// entry's catalog version, so queries share them.
	p := principal{perms: e.perms, identity: e.ident}
	if e.token != nil {
		p.token = e.token
	}
	return p
}

// resolveSecret authenticates a key or token secret, from the cache when
// nothing it depends on changed.
func (q *query) resolveSecret(base string, h []byte) (*authEntry, error) {
	kind, id := decodeSecret(base)
	if kind == secretInvalid {
		return nil, errUnauthorized()
	}
	var hk [32]byte
	copy(hk[:], h)
	c := keyColl
	if kind == secretToken {
		c = tokenColl
	}
	it, ok := q.tx.Get(docKey(c.id, id))
	if !ok {
		return nil, errNotHere
	}
	if v, ok := q.db.auth.Load(hk); ok {
		e := v.(*authEntry)
		if e.kind == kind && e.id == id && e.docVersion == it.Version && e.catVersion == q.cat.version && q.identityUnchanged(e) {
			if !e.ttl.IsZero() && !e.ttl.After(q.t.Now()) {
				return nil, errUnauthorized()
			}
			return e, nil
		}
	}
	st, err := q.decodeState(c, it)
	if err != nil {
		return nil, err
	}
	if !st.exists || !secretMatches(st, h) {
		return nil, errUnauthorized()
	}
	e := &authEntry{kind: kind, id: id, docVersion: it.Version, catVersion: q.cat.version}
	if tv, ok := st.fields.Get("ttl"); ok {
		if tm, ok := tv.(eval.Time); ok {
			e.ttl = tm.T
		}
	}
	if kind == secretKey {
		e.keyRole = stringOf(st.fields, "role")
		e.database = stringOf(st.fields, "database")
		if bp := builtinPerms(e.keyRole); bp != nil {
			e.perms = bp
		} else if r := q.cat.roles[e.keyRole]; r != nil {
			e.perms = &perms{kind: permRoles, roles: []*roleDef{r}}
		} else {
			e.perms = clientPerms
		}
	} else {
		docV, _ := st.fields.Get("document")
		ident, ok := docV.(*Doc)
		if !ok {
			return nil, errUnauthorized()
		}
		iit, ok := q.tx.Get(docKey(ident.c.id, ident.id))
		if !ok {
			return nil, errUnauthorized()
		}
		ist, err := q.decodeState(ident.c, iit)
		if err != nil {
			return nil, err
		}
		if !ist.exists {
			return nil, errUnauthorized()
		}
		e.identColl, e.identID, e.identVersion = ident.c.id, ident.id, iit.Version
		e.ident = &Doc{c: ident.c, id: ident.id}
		e.token = &Doc{c: tokenColl, id: id}
		e.perms = q.instancePerms(e.ident)
	}
	if it.Version != 0 {
		q.db.auth.Store(hk, e)
	}
	return e, nil
}

// identityUnchanged reports whether a cached token's identity document is
// the version its permissions were computed from (membership predicates
// read it; deleting it ends the token).
func (q *query) identityUnchanged(e *authEntry) bool {
	if e.kind != secretToken {
		return true
	}
	it, ok := q.tx.Get(docKey(e.identColl, e.identID))
	return ok && it.Version == e.identVersion && q.collByID(e.identColl) != nil
}

func (q *query) setPrincipal(p principal) {
	q.principal = p
	q.perms = p.perms
}

// secretMatches compares a secret's hash with the stored one.
func secretMatches(st *docState, hash []byte) bool {
	h, ok := st.fields.Get("#hash")
	if !ok {
		return false
	}
	b, ok := h.(eval.Bytes)
	return ok && hashesEqual([]byte(b), hash)
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
