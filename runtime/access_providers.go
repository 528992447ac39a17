package runtime

import (
	"github.com/fqlite/fqlite/eval"
	"github.com/fqlite/fqlite/runtime/store"
)

// Access providers (spec/fsl-auth.md §1.5, §3.6): an identity provider's
// JWTs are secrets. A token names its database by audience and its
// provider by issuer; it holds the provider's roles whose predicate (if
// any) accepts its payload. It has no identity; Query.token() is its
// payload.

// providerDef is an access provider compiled for the catalog.
type providerDef struct {
	name, issuer, jwksURI string
	roles                 []providerRole
}

type providerRole struct {
	role string
	pred *eval.Lambda // nil: every token of the provider has the role
}

// newProviderDef compiles an AccessProvider document. A role predicate
// that does not compile grants nothing (it was validated when written).
func newProviderDef(name string, rec *eval.Object) *providerDef {
	p := &providerDef{name: name, issuer: stringOf(rec, "issuer"), jwksURI: stringOf(rec, "jwks_uri")}
	src := "*predicate:" + name + "*"
	roles := arrayOf(rec, "roles")
	if v, ok := rec.Get("roles"); ok {
		if one, ok := v.(eval.String); ok {
			roles = []eval.Value{one}
		}
	}
	for _, r := range roles {
		switch v := r.(type) {
		case eval.String:
			p.roles = append(p.roles, providerRole{role: string(v)})
		case *eval.Object:
			pr := providerRole{role: stringField(v, "role")}
			if body := stringField(v, "predicate"); body != "" {
				fn, err := compileBody(src, body)
				if err != nil {
					continue
				}
				pr.pred = fn
			}
			p.roles = append(p.roles, pr)
		}
	}
	return p
}

// authenticateJWT authenticates a JWT secret.
func (q *query) authenticateJWT(secret string) error {
	var t *jwt
	var cached *verifiedJWT
	if v, ok := q.db.jwt.verified.Load(secret); ok {
		cached = v.(*verifiedJWT)
		t = cached.t
	} else {
		var err error
		if t, err = parseJWT(secret); err != nil {
			return errUnauthorized()
		}
	}
	if !t.timely(q.t.Now()) {
		return errUnauthorized()
	}
	gid, ok := t.audienceGlobalID()
	if !ok {
		return errUnauthorized()
	}
	if own := readCounter(q.tx, globalIDKey); own != gid {
		c, err := q.childWith(func(tx *store.Txn) bool { return readCounter(tx, globalIDKey) == gid })
		if err != nil {
			return err
		}
		if c == nil {
			return errUnauthorized()
		}
		q.redirect = &redirect{db: c, secret: secret}
		return errRedirect
	}
	prov := q.cat.providers[t.issuer]
	if prov == nil {
		return errUnauthorized()
	}
	ks := q.db.jwt.keySet(prov.jwksURI)
	if ks == nil {
		return errUnauthorized()
	}
	if cached == nil || cached.jwksURI != prov.jwksURI || cached.set != ks {
		if !ks.verify(t) {
			return errUnauthorized()
		}
		q.db.jwt.remember(secret, &verifiedJWT{t: t, jwksURI: prov.jwksURI, set: ks})
	}
	payload := t.payload
	var roles []*roleDef
	q.principal = principal{token: payload}
	for _, pr := range prov.roles {
		r := q.cat.roles[pr.role]
		if r == nil {
			continue
		}
		if pr.pred == nil || q.predicateTrue(pr.pred, []eval.Value{payload}) {
			roles = append(roles, r)
		}
	}
	if len(roles) == 0 {
		return errUnauthorized()
	}
	q.setPrincipal(principal{perms: &perms{kind: permRoles, roles: roles}, token: payload})
	return nil
}

// remember caches a verified token.
func (s *jwtState) remember(token string, v *verifiedJWT) {
	if s.count.Add(1) > maxVerifiedJWTs {
		s.verified.Clear()
		s.count.Store(1)
	}
	s.verified.Store(token, v)
}
