package runtime

import (
	"github.com/fqlite/fqlite/eval"
)

// Permissions decide every document read, write, function call and schema
// operation (spec/fsl-auth.md §5). A query starts with the permissions of
// its secret; a UDF with @role swaps in the role's for its body.

type permKind uint8

const (
	permAdmin permKind = iota
	permServer
	permServerReadOnly
	permClient
	// permRoles: the privileges of user roles (keys with a user role,
	// @role(userRole) UDFs, @role/ scopes).
	permRoles
	// permInstance: a token identity's baseline rights plus the roles
	// its membership matches.
	permInstance
	// permPredicate: what auth predicates run with: read any document but
	// keys, roles, access providers and databases; call UDFs.
	permPredicate
)

type perms struct {
	kind     permKind
	roles    []*roleDef
	identity *Doc // permInstance: the token's identity (baseline rights)
}

var (
	adminPerms     = &perms{kind: permAdmin}
	serverPerms    = &perms{kind: permServer}
	serverROPerms  = &perms{kind: permServerReadOnly}
	clientPerms    = &perms{kind: permClient}
	predicatePerms = &perms{kind: permPredicate}
)

// builtinPerms returns the permissions of a built-in role name.
func builtinPerms(name string) *perms {
	switch name {
	case "admin":
		return adminPerms
	case "server":
		return serverPerms
	case "server-readonly":
		return serverROPerms
	case "client":
		return clientPerms
	}
	return nil
}

// canLog reports whether the permissions may see log() output and UDF
// frames (built-in roles but client).
func (p *perms) canLog() bool {
	return p.kind == permAdmin || p.kind == permServer || p.kind == permServerReadOnly
}

// Privilege actions.
const (
	actRead         = "read"
	actCreate       = "create"
	actCreateWithID = "create_with_id"
	actWrite        = "write"
	actDelete       = "delete"
	actCall         = "call"
	actHistoryRead  = "history_read"
	actHistoryWrite = "history_write"
)

// restrictedForServer are the system collections only admin may read and
// write (§5.1).
var restrictedForServer = map[string]bool{"Key": true, "Role": true, "AccessProvider": true, "Database": true}

// builtinAllows is the table of §5.1.
func builtinAllows(kind permKind, res string, action string) bool {
	switch kind {
	case permAdmin:
		return true
	case permClient:
		return false
	case permServer, permServerReadOnly, permPredicate:
		switch action {
		case actRead, actHistoryRead:
			return !restrictedForServer[res]
		case actCall:
			return kind != permServerReadOnly
		default:
			return kind == permServer && !restrictedForServer[res]
		}
	}
	return false
}

// allows reports whether the current permissions grant action on the
// resource (a collection or function name); args are passed to privilege
// predicates.
func (q *query) allows(res, action string, args ...eval.Value) bool {
	p := q.perms
	switch p.kind {
	case permRoles, permInstance:
	default:
		return builtinAllows(p.kind, res, action)
	}
	if p.kind == permInstance && q.baselineAllows(p.identity, res, action, args) {
		return true
	}
	if action == actCreateWithID {
		// create_with_id needs create, and create_with_id or (v4's)
		// history_write.
		if !q.rolesAllow(p.roles, res, actCreate, args) {
			return false
		}
		return q.rolesAllow(p.roles, res, actCreateWithID, args) || q.rolesAllow(p.roles, res, actHistoryWrite, args)
	}
	return q.rolesAllow(p.roles, res, action, args)
}

// rolesAllow: any role granting the action unconditionally, or with a
// predicate that returns true.
func (q *query) rolesAllow(roles []*roleDef, res, action string, args []eval.Value) bool {
	var preds []*eval.Lambda
	for _, r := range roles {
		g, ok := r.grant(res, action)
		if !ok {
			continue
		}
		if g == nil {
			return true
		}
		if r.identityPreds[g] {
			// `(doc) => doc == Query.identity()`, without running it.
			if q.isIdentity(args) {
				return true
			}
			continue
		}
		preds = append(preds, g)
	}
	for _, pred := range preds {
		if q.predicateTrue(pred, args) {
			return true
		}
	}
	return false
}

// baselineAllows: a token identity may read its Credential and its Tokens,
// and delete its Tokens (§5.2).
func (q *query) baselineAllows(identity *Doc, res, action string, args []eval.Value) bool {
	if identity == nil || len(args) == 0 {
		return false
	}
	switch {
	case res == "Credential" && action == actRead:
	case res == "Token" && (action == actRead || action == actDelete):
	default:
		return false
	}
	d, ok := args[0].(*Doc)
	if !ok {
		return false
	}
	st, err := q.rawState(d)
	if err != nil || !st.exists {
		return false
	}
	owner, ok := st.fields.Get("document")
	if !ok {
		return false
	}
	od, ok := owner.(*Doc)
	return ok && od.c.id == identity.c.id && od.id == identity.id
}

// predicateTrue runs a privilege or membership predicate: it must return
// exactly true; any other value or any error denies (and is never shown).
// Predicates run read-only, with the internal predicate permissions.
func (q *query) predicateTrue(pred *eval.Lambda, args []eval.Value) bool {
	if n := pred.Arity(); !n.Accepts(len(args)) {
		for k := len(args) - 1; k >= 0; k-- {
			if n.Accepts(k) {
				args = args[:k]
				break
			}
		}
		if !n.Accepts(len(args)) {
			return false
		}
	}
	savedPerms, savedIdent := q.perms, q.predIdentityHidden
	// Inside a user @role UDF, predicates see no identity (§5.4).
	q.predIdentityHidden = q.perms.kind == permRoles && q.inRoleUDF > 0
	q.perms = predicatePerms
	prevLimit := q.t.LimitEffects(eval.LimitAuthPredicates)
	logs := len(q.t.Logs)
	v, err := q.t.Call(pred, args...)
	q.t.Logs = q.t.Logs[:logs]
	q.t.RestoreEffects(prevLimit)
	q.perms, q.predIdentityHidden = savedPerms, savedIdent
	return err == nil && v == eval.True
}

// canReadDoc reports whether the current permissions may read a document
// (decisions are cached per query while nothing is written).
func (q *query) canReadDoc(d *Doc, st *docState) bool {
	p := q.perms
	switch p.kind {
	case permAdmin:
		return true
	case permServer, permServerReadOnly, permPredicate, permClient:
		return builtinAllows(p.kind, d.c.name, actRead)
	}
	k := readCacheKey{docKeyT{d.c.id, d.id, d.name}, p}
	if e, ok := q.readCache[k]; ok && e.gen == q.gen {
		return e.ok
	}
	arg := d
	if d.trusted || d.pre != st || d.preSerial != q.serial || d.preGen != q.gen {
		arg = q.docWithState(&Doc{c: d.c, id: d.id, name: d.name}, st)
	}
	ok := q.allows(d.c.name, actRead, arg)
	if q.readCache == nil {
		q.readCache = map[readCacheKey]readDecision{}
	}
	q.readCache[k] = readDecision{gen: q.gen, ok: ok}
	return ok
}

type readCacheKey struct {
	doc   docKeyT
	perms *perms
}

type readDecision struct {
	gen uint64
	ok  bool
}

// hasAnyRead reports whether some grant of read on a collection exists
// (index methods refuse outright otherwise, §5.5).
func (q *query) hasAnyRead(coll string) bool {
	p := q.perms
	switch p.kind {
	case permRoles, permInstance:
		for _, r := range p.roles {
			if _, ok := r.grant(coll, actRead); ok {
				return true
			}
		}
		return false
	}
	return builtinAllows(p.kind, coll, actRead)
}

// errDenied is the error of a refused action.
func errDenied() *eval.Error {
	return eval.NewError(eval.CodePermissionDenied, "Insufficient privileges to perform the action.")
}

// requireAction fails unless the action is allowed.
func (q *query) requireAction(res, action string, args ...eval.Value) error {
	if q.allows(res, action, args...) {
		return nil
	}
	return errDenied()
}

// withPerms runs fn with other permissions (internal work: constraint
// checks, index maintenance).
func (q *query) withPerms(p *perms, fn func() error) error {
	saved := q.perms
	q.perms = p
	defer func() { q.perms = saved }()
	return fn()
}

// isIdentity is the value of `args[0] == Query.identity()` inside an auth
// predicate.
func (q *query) isIdentity(args []eval.Value) bool {
	if len(args) == 0 {
		return false
	}
	ident := q.principal.identity
	if ident == nil || (q.perms.kind == permRoles && q.inRoleUDF > 0) {
		return false
	}
	d, ok := args[0].(*Doc)
	return ok && d.c.id == ident.c.id && d.id == ident.id && d.name == ident.name
}
