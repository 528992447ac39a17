package runtime

import (
	"crypto/rand"
	"encoding/binary"
	"fmt"

	"golang.org/x/crypto/bcrypt"

	"github.com/fqlite/fqlite/eval"
	"github.com/fqlite/fqlite/runtime/store"
)

// Key, Token and Credential documents (spec/fsl-auth.md §3.5, §4). Their
// fields are stored as given plus hidden ones: a key's or token's secret
// hash (#hash), a credential's bcrypt password hash (#password). Secrets
// appear only in the in-memory document a create or login returns.

// sysWriteError is the constraint_failure of a Key/Token/Credential write.
func sysWriteError(op writeOp, c *collection, id int64, failures []eval.ConstraintFailure) *eval.Error {
	var msg string
	if op == opCreate {
		msg = fmt.Sprintf("Failed to create %s.", c.name)
	} else {
		verb := op.verb()
		if op == opReplace {
			verb = "update"
		}
		msg = fmt.Sprintf("Failed to %s %s with id %d.", verb, c.name, id)
	}
	e := eval.NewError(eval.CodeConstraintFailure, msg)
	e.ConstraintFailures = failures
	return e
}

// sysFields are the fields each system collection's documents accept.
var sysFields = map[uint64]map[string]bool{
	idKey:        fieldSet("role", "database", "ttl", "data"),
	idToken:      fieldSet("document", "ttl", "data"),
	idCredential: fieldSet("document", "password", "data"),
}

// validateSysFields checks a Key/Token/Credential input and returns the
// stored fields (without password, in a stable order).
func (q *query) validateSysFields(c *collection, in *eval.Object) (*eval.Object, []eval.ConstraintFailure) {
	var failures []eval.ConstraintFailure
	for _, k := range in.Keys() {
		if k == "secret" && c != credentialColl {
			failures = append(failures, fieldFailure("Failed to update field because it is readonly", "secret"))
			continue
		}
		if k == "id" && c != keyColl {
			// Tokens and credentials may be created with an id.
			continue
		}
		if !sysFields[c.id][k] {
			failures = append(failures, fieldFailure("Unexpected field provided", k))
		}
	}
	out := eval.NewObject(4)
	order := map[uint64][]string{
		idKey:        {"ttl", "role", "database", "data"},
		idToken:      {"ttl", "document", "data"},
		idCredential: {"document", "data"},
	}[c.id]
	for _, k := range order {
		v, ok := in.Get(k)
		if !ok || eval.IsNull(v) {
			continue
		}
		switch k {
		case "ttl":
			if _, isTime := v.(eval.Time); !isTime {
				failures = append(failures, fieldFailure("Expected Time | Null, provided "+providedType(nil, v), "ttl"))
				continue
			}
		case "role":
			s, isStr := v.(eval.String)
			if !isStr {
				failures = append(failures, fieldFailure("Expected String, provided "+providedType(nil, v), "role"))
				continue
			}
			if !q.roleExists(string(s)) {
				failures = append(failures, fieldFailure(fmt.Sprintf("Field refers to an unknown role name `%s`.", s), "role"))
				continue
			}
		case "database":
			s, isStr := v.(eval.String)
			if !isStr || !q.namedExists(idDatabase, string(s)) {
				failures = append(failures, fieldFailure(fmt.Sprintf("Field refers to an unknown database name `%s`.", eval.DisplayString(v)), "database"))
				continue
			}
		case "document":
			d, isDoc := v.(*Doc)
			if !isDoc || d.c.kind != kindUser || d.c.deleted {
				failures = append(failures, fieldFailure("Expected document from a user-defined collection.", "document"))
				continue
			}
		case "data":
			if _, isObj := v.(*eval.Object); !isObj {
				failures = append(failures, fieldFailure("Expected { *: Any } | Null, provided "+providedType(nil, v), "data"))
				continue
			}
		}
		out.Set(k, v)
	}
	if c == keyColl {
		if _, ok := in.Get("role"); !ok {
			failures = append(failures, fieldFailure("Missing required field of type String", "role"))
		}
	}
	if c != keyColl {
		if _, ok := in.Get("document"); !ok {
			failures = append(failures, fieldFailure("Missing required field of type Ref<Any>", "document"))
		}
	}
	return out, failures
}

// globalIDKey holds the database's global id.
var globalIDKey = metaKey("globalid")

// dbGlobalID is the database's global id, embedded in token secrets and
// in access providers' audience; it is made on first use.
func (q *query) dbGlobalID() (uint64, error) {
	key := globalIDKey
	if v := readCounter(q.tx, key); v != 0 {
		return v, nil
	}
	var v uint64
	if q.db.opts.DeterministicIDs {
		v = q.db.ids.deterministicGlobalID()
	} else {
		var b [8]byte
		if _, err := rand.Read(b[:]); err != nil {
			return 0, err
		}
		v = binary.BigEndian.Uint64(b[:]) | 1
	}
	return v, writeCounter(q.tx, key, v)
}

// createSystemDoc is Key.create, Token.create and Credential.create.
func (q *query) createSystemDoc(c *collection, in *eval.Object) (*Doc, error) {
	if err := q.t.CheckEffect("`create`", eval.EffectWrite); err != nil {
		return nil, err
	}
	if err := checkPersistable(in); err != nil {
		return nil, err
	}
	fields, failures := q.validateSysFields(c, in)
	var id int64
	if v, ok := in.Get("id"); ok && c != keyColl {
		n, f := docIDFromValue(v)
		if f != nil {
			failures = append(failures, *f)
		}
		id = n
		fields = withoutKey(fields, "id")
	}
	if len(failures) > 0 {
		return nil, sysWriteError(opCreate, c, 0, failures)
	}
	if id == 0 {
		for {
			id = q.db.ids.next(q.t.Now())
			if _, taken := q.tx.Get(docKey(c.id, id)); !taken {
				break
			}
		}
	} else if _, taken := q.tx.Get(docKey(c.id, id)); taken {
		return nil, eval.Errorf(eval.CodeDocumentIDExists, "Collection `%s` already contains document with id %d.", c.name, id)
	}
	var secret string
	stored := fields.Copy()
	switch c {
	case keyColl, tokenColl:
		kind, gid := secretKey, uint64(0)
		if c == tokenColl {
			kind = secretToken
			var err error
			if gid, err = q.dbGlobalID(); err != nil {
				return nil, err
			}
		}
		var err error
		if secret, err = newSecret(kind, id, gid); err != nil {
			return nil, err
		}
		stored.Set("#hash", eval.Bytes(secretHash(secret)))
	case credentialColl:
		if err := q.setPassword(stored, in); err != nil {
			return nil, err
		}
	}
	d := &Doc{c: c, id: id}
	st := &docState{exists: true, fields: stored, ts: eval.TransactionTime{}}
	if q.perms.kind != permAdmin {
		if err := q.requireAction(c.name, actCreate, q.docWithState(&Doc{c: c, id: id}, st)); err != nil {
			return nil, err
		}
	}
	if c == credentialColl {
		if err := q.claimCredential(id, nil, stored); err != nil {
			return nil, err
		}
	}
	if err := q.storeDoc(opCreate, c, d, nil, st); err != nil {
		return nil, err
	}
	if secret == "" {
		return q.docWithState(&Doc{c: c, id: id}, st), nil
	}
	// The result shows the secret, once, without a read check (§3.5).
	shown := stored.Copy()
	shown.Set("secret", eval.String(secret))
	out := q.docWithState(&Doc{c: c, id: id, trusted: true}, &docState{exists: true, fields: shown, ts: eval.TransactionTime{}})
	return out, nil
}

// setPassword hashes a credential's password into #password.
func (q *query) setPassword(stored, in *eval.Object) error {
	pv, ok := in.Get("password")
	if !ok || eval.IsNull(pv) {
		return nil
	}
	pw, ok := pv.(eval.String)
	if !ok {
		return sysWriteError(opCreate, credentialColl, 0, []eval.ConstraintFailure{fieldFailure("Expected String | Null, provided "+providedType(nil, pv), "password")})
	}
	cost := q.db.opts.PasswordCost
	if cost == 0 {
		cost = bcrypt.DefaultCost
	}
	h, err := bcrypt.GenerateFromPassword([]byte(pw), cost)
	if err != nil {
		return err
	}
	stored.Set("#password", eval.Bytes(h))
	return nil
}

// credentialKey is the unique key that binds a document to its credential.
func (q *query) credentialKey(doc eval.Value) string {
	return string(appendOrdered(uniquePrefix(idCredential, 1), doc, false, q))
}

// claimCredential moves the one-credential-per-document claim from old's
// document to new's (either may be nil) and fails when new's document
// already has a credential.
func (q *query) claimCredential(id int64, old, new *eval.Object) error {
	var oldDoc, newDoc eval.Value
	if old != nil {
		oldDoc, _ = old.Get("document")
	}
	if new != nil {
		newDoc, _ = new.Get("document")
	}
	if oldDoc != nil && (newDoc == nil || q.credentialKey(oldDoc) != q.credentialKey(newDoc)) {
		if err := q.tx.Delete(q.credentialKey(oldDoc)); err != nil {
			return storeError(err)
		}
	}
	if newDoc == nil {
		return nil
	}
	k := q.credentialKey(newDoc)
	idBytes := binary.BigEndian.AppendUint64(nil, uint64(id))
	if it, ok := q.tx.Get(k); ok && string(it.Value) != string(idBytes) {
		e := eval.NewError(eval.CodeConstraintFailure, "Failed unique constraint.")
		e.ConstraintFailures = []eval.ConstraintFailure{{Paths: [][]any{{"document"}}, Message: "Failed unique constraint"}}
		return e
	}
	return storeError(q.tx.Put(k, idBytes))
}

// updateSystemDoc is update/replace on a Key, Token or Credential.
func (q *query) updateSystemDoc(d *Doc, op writeOp, in *eval.Object) (eval.Value, error) {
	c := d.c
	if err := q.t.CheckEffect("`"+op.verb()+"`", eval.EffectWrite); err != nil {
		return nil, err
	}
	if err := checkPersistable(in); err != nil {
		return nil, err
	}
	old, err := q.rawState(d)
	if err != nil {
		return nil, err
	}
	if !old.exists {
		return nil, docNotFound(d, old)
	}
	merged := in
	if op == opUpdate {
		merged = patchObject(withoutHidden(old.fields), in)
	} else if c != keyColl {
		if _, ok := in.Get("document"); !ok {
			if dv, ok := old.fields.Get("document"); ok {
				merged = in.Copy()
				merged.Set("document", dv)
			}
		}
	}
	fields, failures := q.validateSysFields(c, merged)
	if len(failures) > 0 {
		return nil, sysWriteError(op, c, d.id, failures)
	}
	stored := fields.Copy()
	for i, k := range old.fields.Keys() {
		if isHiddenField(k) {
			stored.Set(k, old.fields.ValueAt(i))
		}
	}
	if c == credentialColl {
		if _, ok := in.Get("password"); ok {
			stored = withoutKey(stored, "#password")
			if err := q.setPassword(stored, in); err != nil {
				return nil, err
			}
		}
	}
	st := &docState{exists: true, fields: stored, ts: eval.TransactionTime{}}
	if q.perms.kind != permAdmin {
		if err := q.requireAction(c.name, actWrite, q.docWithState(&Doc{c: c, id: d.id}, old), q.docWithState(&Doc{c: c, id: d.id}, st)); err != nil {
			return nil, err
		}
	}
	if c == credentialColl {
		if err := q.claimCredential(d.id, old.fields, stored); err != nil {
			return nil, err
		}
	}
	if err := q.storeDoc(op, c, d, old, st); err != nil {
		return nil, err
	}
	return q.docWithState(&Doc{c: c, id: d.id}, st), nil
}

// deleteSystemDoc deletes a Key, Token or Credential.
func (q *query) deleteSystemDoc(d *Doc) (eval.Value, error) {
	c := d.c
	if err := q.t.CheckEffect("`delete`", eval.EffectWrite); err != nil {
		return nil, err
	}
	old, err := q.rawState(d)
	if err != nil {
		return nil, err
	}
	if !old.exists {
		return nil, docNotFound(d, old)
	}
	if q.perms.kind != permAdmin {
		if err := q.requireAction(c.name, actDelete, q.docWithState(&Doc{c: c, id: d.id}, old)); err != nil {
			return nil, err
		}
	}
	if c == credentialColl {
		if err := q.claimCredential(d.id, old.fields, nil); err != nil {
			return nil, err
		}
	}
	st := &docState{deleted: true}
	if err := q.storeDoc(opDelete, c, d, old, st); err != nil {
		return nil, err
	}
	return q.docWithState(&Doc{c: c, id: d.id, trusted: true}, st), nil
}

// defineSystemCollMembers gives Key, Token and Credential their static
// members.
func defineSystemCollMembers(c *collection) {
	ty := c.module.Type()
	defineIDedCollectionMembers(c, ty)
	ty.DefineMethod(eval.NewMethod("create", []eval.Param{eval.P("data", eval.ObjectTag)}, func(t *eval.Thread, _ eval.Value, args []eval.Value) (eval.Value, error) {
		q, err := needQuery(t)
		if err != nil {
			return nil, err
		}
		return q.createSystemDoc(c, args[0].(*eval.Object))
	}))
	switch c {
	case tokenColl:
		ty.DefineMethod(eval.NewMethod("byDocument", []eval.Param{eval.P("document", docTag)}, func(t *eval.Thread, _ eval.Value, args []eval.Value) (eval.Value, error) {
			return &tokenSet{doc: args[0].(*Doc)}, nil
		}))
	case credentialColl:
		ty.DefineMethod(eval.NewMethod("byDocument", []eval.Param{eval.P("document", docTag)}, func(t *eval.Thread, _ eval.Value, args []eval.Value) (eval.Value, error) {
			q, err := needQuery(t)
			if err != nil {
				return nil, err
			}
			// A reference, without a read: a missing credential is a null
			// document (§4.1).
			if it, ok := q.tx.Get(q.credentialKey(args[0])); ok && len(it.Value) == 8 {
				return &Doc{c: credentialColl, id: int64(binary.BigEndian.Uint64(it.Value))}, nil
			}
			return &Doc{c: credentialColl, id: -1}, nil
		}))
	}
}

// docTag accepts documents (`expected value for `document` of type Doc`).
var docTag = &eval.Tag{Name: "Doc", Accept: func(v eval.Value) (eval.Value, bool) {
	d, ok := v.(*Doc)
	return v, ok && d.c.kind != kindNamed
}}

// defineSystemDocMethods gives Key, Token and Credential documents update,
// replace, delete, and credentials login and verify.
func defineSystemDocMethods(c *collection, ty *eval.Type) {
	for _, m := range []struct {
		name string
		op   writeOp
	}{{"update", opUpdate}, {"replace", opReplace}} {
		op := m.op
		ty.DefineMethod(eval.NewMethod(m.name, []eval.Param{eval.P("data", eval.ObjectTag)}, func(t *eval.Thread, self eval.Value, args []eval.Value) (eval.Value, error) {
			q, err := needQuery(t)
			if err != nil {
				return nil, err
			}
			return q.updateSystemDoc(self.(*Doc), op, args[0].(*eval.Object))
		}))
	}
	ty.DefineMethod(eval.NewMethod("delete", nil, func(t *eval.Thread, self eval.Value, args []eval.Value) (eval.Value, error) {
		q, err := needQuery(t)
		if err != nil {
			return nil, err
		}
		return q.deleteSystemDoc(self.(*Doc))
	}))
	if c.id != idCredential {
		return
	}
	login := func(t *eval.Thread, self eval.Value, args []eval.Value) (eval.Value, error) {
		q, err := needQuery(t)
		if err != nil {
			return nil, err
		}
		st, err := self.(*Doc).state(t)
		if err != nil {
			return nil, err
		}
		if st.denied {
			return nil, errDenied()
		}
		if !q.passwordMatches(st, string(args[0].(eval.String))) {
			return nil, eval.NewError(eval.CodeInvalidSecret, "Provided secret did not match.")
		}
		in := eval.NewObject(2)
		doc, _ := st.fields.Get("document")
		in.Set("document", doc)
		if len(args) > 1 {
			in.Set("ttl", args[1])
		}
		return q.createSystemDoc(tokenColl, in)
	}
	ty.DefineMethod(eval.NewMethod("login", []eval.Param{eval.P("secret", eval.StringTag)}, login).
		Overload([]eval.Param{eval.P("secret", eval.StringTag), eval.P("ttl", eval.TimeTag)}, login))
	ty.DefineMethod(eval.NewMethod("verify", []eval.Param{eval.P("secret", eval.StringTag)}, func(t *eval.Thread, self eval.Value, args []eval.Value) (eval.Value, error) {
		q, err := needQuery(t)
		if err != nil {
			return nil, err
		}
		st, err := self.(*Doc).state(t)
		if err != nil {
			return nil, err
		}
		if st.denied {
			return nil, errDenied()
		}
		return eval.Boolean(q.passwordMatches(st, string(args[0].(eval.String)))), nil
	}))
}

// passwordMatches checks a password against a credential's bcrypt hash.
func (q *query) passwordMatches(st *docState, password string) bool {
	hv, ok := st.fields.Get("#password")
	if !ok {
		return false
	}
	h, ok := hv.(eval.Bytes)
	return ok && bcrypt.CompareHashAndPassword([]byte(h), []byte(password)) == nil
}

// tokenSet is `Token.byDocument(doc)`: the tokens whose identity is doc.
type tokenSet struct {
	doc *Doc
}

func (*tokenSet) Type() *eval.Type { return eval.SetType }
func (*tokenSet) PageSize() int    { return eval.DefaultPageSize }

func (s *tokenSet) Each(t *eval.Thread, yield func(eval.Value) (bool, error)) error {
	q := queryOf(t)
	if q == nil {
		return nil
	}
	p := docPrefix(idToken)
	return rangeScan(q.tx, p, store.PrefixEnd(p), false, func(k string, it store.Item) (bool, error) {
		d := &Doc{c: tokenColl, id: docIDFromKey(k)}
		st, err := q.docFromScan(d, it, new(docState))
		if err != nil {
			return false, err
		}
		if !st.exists {
			return true, nil
		}
		owner, _ := st.fields.Get("document")
		od, ok := owner.(*Doc)
		if !ok || od.c.id != s.doc.c.id || od.id != s.doc.id || !q.canReadDoc(d, st) {
			return true, nil
		}
		return yield(q.docWithState(d, st))
	})
}
