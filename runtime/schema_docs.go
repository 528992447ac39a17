package runtime

import (
	"fmt"
	"regexp"
	"sort"

	"github.com/fqlite/fqlite/eval"
	"github.com/fqlite/fqlite/runtime/store"
)

// Schema documents (Collection, Function, Role, AccessProvider, Database)
// are named documents stored under "n" coll(8) name. Writing one marks the
// query as a schema change: the schema version is bumped at commit, and the
// next query compiles a new catalog.

// schemaColl describes one schema collection: the fields its documents may
// have, and how a written document is validated and normalised.
type schemaColl struct {
	*collection
	label   string // "Collection", "Function", "Role", ...
	allowed map[string]bool
	// normalize validates a new document state and returns it in stored
	// form; old is the previous state (nil on create).
	normalize func(q *query, rec, old *eval.Object) (*eval.Object, []eval.ConstraintFailure, error)
	// afterWrite applies side effects of a write (index builds, document
	// deletion); rec is nil on delete.
	afterWrite func(q *query, name string, rec, old *eval.Object) error
}

var identRe = regexp.MustCompile(`^[a-zA-Z_][a-zA-Z0-9_]*$`)

// reservedIdents may not name schema items (Tokens.invalidVariables and
// reservedTypeNames, GlobalNamespaceValidator).
var reservedIdents = fieldSet(
	"if", "else", "at", "match", "case", "let", "null", "true", "false", "isa", "join", "on", "of",
	"FQL", "_", "Any", "Never", "struct", "interface", "type", "function", "collection",
	"Int", "Long", "Double", "Float", "Number", "String", "Boolean", "Null", "ID", "Bytes", "UUID",
	"Time", "Date", "Array", "Object", "Struct", "Set", "SetCursor", "Lambda", "Function",
	"Ref", "NullDoc", "Doc", "NamedRef", "EmptyRef", "TransactionTime", "Tuple", "Union",
)

// validateIdent checks a schema item name (GlobalNamespaceValidator).
func validateIdent(field, name string) *eval.ConstraintFailure {
	_, builtin := eval.Global(name)
	if reservedIdents[name] || builtin {
		f := fieldFailure(fmt.Sprintf("The identifier `%s` is reserved.", name), field)
		return &f
	}
	if !identRe.MatchString(name) {
		f := fieldFailure("Invalid identifier.", field)
		return &f
	}
	return nil
}

// schemaWriteError is the constraint_failure of a schema document write:
// "Failed to create Collection." / "Failed to update Role `x`.".
func schemaWriteError(op writeOp, sc *schemaColl, name string, failures []eval.ConstraintFailure) *eval.Error {
	var msg string
	if op == opCreate {
		msg = fmt.Sprintf("Failed to create %s.", sc.label)
	} else {
		msg = fmt.Sprintf("Failed to %s %s `%s`.", op.verb(), sc.label, name)
	}
	e := eval.NewError(eval.CodeConstraintFailure, msg)
	e.ConstraintFailures = failures
	return e
}

// namedExists reports whether a named document exists (own writes seen).
func (q *query) namedExists(coll uint64, name string) bool {
	_, ok := q.tx.Get(namedKey(coll, name))
	return ok
}

// readNamed reads a named document's stored record.
func (q *query) readNamed(coll uint64, name string) (*eval.Object, error) {
	it, ok := q.tx.Get(namedKey(coll, name))
	if !ok {
		return nil, nil
	}
	v, err := decodeValue(it.Value, q, it.Time)
	if err != nil {
		return nil, err
	}
	rec, _ := v.(*eval.Object)
	return rec, nil
}

// globalNameTaken reports a collection or function (name or alias) that
// already uses name, other than the item being written.
func (q *query) globalNameTaken(name, self string, selfColl uint64) string {
	for _, sc := range []*schemaColl{collectionSchema, functionSchema} {
		if sc.id == selfColl && name == self {
			continue
		}
		if q.namedExists(sc.id, name) {
			return sc.label
		}
		taken := ""
		scanNamed(q.tx, sc.id, func(n string, rec *eval.Object) bool {
			if sc.id == selfColl && n == self {
				return true
			}
			if a, ok := rec.Get("alias"); ok {
				if s, ok := a.(eval.String); ok && string(s) == name {
					taken = sc.label
					return false
				}
			}
			return true
		})
		if taken != "" {
			return taken
		}
	}
	return ""
}

// checkFields refuses fields a schema document may not have.
func (sc *schemaColl) checkFields(rec *eval.Object) []eval.ConstraintFailure {
	var failures []eval.ConstraintFailure
	for _, k := range rec.Keys() {
		if !sc.allowed[k] {
			failures = append(failures, fieldFailure("Unexpected field provided", k))
		}
	}
	return failures
}

// sortedRecord orders a schema record: name first, then fields
// alphabetically, data last (as Fauna renders schema documents).
func sortedRecord(rec *eval.Object) *eval.Object {
	keys := append([]string(nil), rec.Keys()...)
	sort.SliceStable(keys, func(i, j int) bool {
		rank := func(k string) int {
			switch {
			case k == "name":
				return 0
			case k == "data":
				return 3
			case isHiddenField(k):
				return 4
			}
			return 1
		}
		ri, rj := rank(keys[i]), rank(keys[j])
		if ri != rj {
			return ri < rj
		}
		return keys[i] < keys[j]
	})
	out := eval.NewObject(len(keys))
	for _, k := range keys {
		v, _ := rec.Get(k)
		out.Set(k, v)
	}
	return out
}

// writeSchemaDoc creates, updates, replaces or deletes a schema document.
func (q *query) writeSchemaDoc(sc *schemaColl, op writeOp, name string, in *eval.Object) (eval.Value, error) {
	if err := q.t.CheckEffect("`"+op.verb()+"`", eval.EffectWrite); err != nil {
		return nil, err
	}
	if in != nil {
		if err := checkPersistable(in); err != nil {
			return nil, err
		}
	}
	var old *eval.Object
	var err error
	if op != opCreate {
		if old, err = q.readNamed(sc.id, name); err != nil {
			return nil, err
		}
		if old == nil {
			return nil, eval.Errorf(eval.CodeDocumentNotFound, "%s `%s` not found.", sc.label, name)
		}
	}
	var rec *eval.Object
	switch op {
	case opCreate:
		rec = in
	case opUpdate:
		// A deep merge: `indexes: { byX: { queryable: false } }` changes
		// one index, `indexes: { byX: null }` removes it; arrays are
		// replaced.
		rec = patchObject(withoutHidden(old), in)
	case opReplace:
		rec = elideNulls(in)
		if n, ok := old.Get("name"); ok {
			if _, given := rec.Get("name"); !given {
				rec.Set("name", n)
			}
		}
	}
	newName := name
	if rec != nil {
		rec = elideNulls(rec)
		if failures := sc.checkFields(rec); len(failures) > 0 {
			return nil, schemaWriteError(op, sc, name, failures)
		}
		if dv, ok := rec.Get("data"); ok {
			if _, isObj := dv.(*eval.Object); !isObj {
				return nil, schemaWriteError(op, sc, name, []eval.ConstraintFailure{fieldFailure("Expected { *: Any } | Null, provided "+providedType(nil, dv), "data")})
			}
		}
		nv, ok := rec.Get("name")
		if !ok {
			return nil, schemaWriteError(op, sc, name, []eval.ConstraintFailure{fieldFailure("Missing required field of type String", "name")})
		}
		ns, ok := nv.(eval.String)
		if !ok {
			return nil, schemaWriteError(op, sc, name, []eval.ConstraintFailure{fieldFailure("Expected String, provided "+providedType(nil, nv), "name")})
		}
		newName = string(ns)
		var failures []eval.ConstraintFailure
		if f := validateIdent("name", newName); f != nil {
			failures = append(failures, *f)
		} else if sc == roleSchema && builtinRoles[newName] {
			failures = append(failures, fieldFailure(fmt.Sprintf("The identifier `%s` is reserved.", newName), "name"))
		} else if newName != name || op == opCreate {
			if sc == collectionSchema || sc == functionSchema {
				if taken := q.globalNameTaken(newName, name, sc.id); taken != "" {
					failures = append(failures, fieldFailure(fmt.Sprintf("A %s already exists with the name `%s`", taken, newName), "name"))
				}
			} else if q.namedExists(sc.id, newName) {
				failures = append(failures, fieldFailure(fmt.Sprintf("A %s already exists with the name `%s`", sc.label, newName), "name"))
			}
		}
		if a, ok := rec.Get("alias"); ok {
			if as, ok := a.(eval.String); ok {
				if f := validateIdent("alias", string(as)); f != nil {
					failures = append(failures, *f)
				} else if taken := q.globalNameTaken(string(as), name, sc.id); taken != "" && string(as) != newName {
					failures = append(failures, fieldFailure(fmt.Sprintf("A %s already exists with the alias `%s`", taken, string(as)), "alias"))
				}
			}
		}
		if len(failures) > 0 {
			return nil, schemaWriteError(op, sc, name, failures)
		}
		if old != nil {
			// Keep the internal fields (collection id, creation order).
			for i, k := range old.Keys() {
				if isHiddenField(k) {
					rec.Set(k, old.ValueAt(i))
				}
			}
		} else {
			// Schema documents list in creation order.
			key := metaKey(fmt.Sprintf("seq/%d", sc.id))
			seq := readCounter(q.tx, key) + 1
			if err := writeCounter(q.tx, key, seq); err != nil {
				return nil, err
			}
			rec.Set("#seq", eval.Long(seq))
		}
		rec, failures, err = sc.normalize(q, rec, old)
		if err != nil {
			return nil, err
		}
		if len(failures) > 0 {
			return nil, schemaWriteError(op, sc, name, failures)
		}
		rec = sortedRecord(rec)
	}
	if q.perms.kind != permAdmin {
		var err error
		oldDoc := func() *Doc {
			return q.docWithState(&Doc{c: sc.collection, name: name}, &docState{exists: true, fields: old, ts: eval.TransactionTime{}})
		}
		newDoc := func() *Doc {
			return q.docWithState(&Doc{c: sc.collection, name: newName}, &docState{exists: true, fields: rec, ts: eval.TransactionTime{}})
		}
		switch op {
		case opCreate:
			err = q.requireAction(sc.name, actCreate, newDoc())
		case opDelete:
			err = q.requireAction(sc.name, actDelete, oldDoc())
		default:
			err = q.requireAction(sc.name, actWrite, oldDoc(), newDoc())
		}
		if err != nil {
			return nil, err
		}
	}
	if sc == roleSchema && op != opCreate && (rec == nil || newName != name) {
		if err := q.roleRenamedOrDeleted(name, newName, rec == nil); err != nil {
			return nil, err
		}
	}
	q.schemaWritten = true
	if sc.id == idDatabase && rec == nil {
		q.databaseDropped = true
	}
	if op != opCreate && (newName != name || rec == nil) {
		if err := q.tx.Delete(namedKey(sc.id, name)); err != nil {
			return nil, storeError(err)
		}
		q.written(&Doc{c: sc.collection, name: name}, &docState{deleted: rec == nil})
	}
	if rec != nil {
		b, err := encodeValue(nil, rec, q)
		if err != nil {
			return nil, err
		}
		if err := q.tx.Put(namedKey(sc.id, newName), b); err != nil {
			return nil, storeError(err)
		}
	}
	if sc.afterWrite != nil {
		if err := sc.afterWrite(q, newName, rec, old); err != nil {
			return nil, err
		}
	}
	d := &Doc{c: sc.collection, name: newName}
	if rec == nil {
		d.name = name
		st := &docState{deleted: true}
		q.written(d, st)
		return q.docWithState(d, st), nil
	}
	st := &docState{exists: true, fields: rec, ts: eval.TransactionTime{}}
	q.written(d, st)
	return q.docWithState(d, st), nil
}

func withoutHidden(o *eval.Object) *eval.Object {
	out := eval.NewObject(o.Len())
	for i, k := range o.Keys() {
		if !isHiddenField(k) {
			out.Set(k, o.ValueAt(i))
		}
	}
	return out
}

// namedSet is `Collection.all()` and friends: schema documents by name.
type namedSet struct {
	sc *schemaColl
}

func (*namedSet) Type() *eval.Type { return eval.SetType }
func (*namedSet) PageSize() int    { return eval.DefaultPageSize }

func (s *namedSet) Each(t *eval.Thread, yield func(eval.Value) (bool, error)) error {
	q := queryOf(t)
	if q == nil {
		return nil
	}
	type entry struct {
		seq int64
		doc *Doc
	}
	var docs []entry
	p := namedPrefix(s.sc.id)
	err := rangeScan(q.tx, p, store.PrefixEnd(p), false, func(k string, it store.Item) (bool, error) {
		d := &Doc{c: s.sc.collection, name: k[len(p):]}
		st, err := q.docFromScan(d, it, new(docState))
		if err != nil {
			return false, err
		}
		if st.exists && q.canReadDoc(d, st) {
			seq, _ := st.fields.Get("#seq")
			n, _ := eval.AsInt64(seq)
			docs = append(docs, entry{n, q.docWithState(d, st)})
		}
		return true, nil
	})
	if err != nil {
		return err
	}
	sort.SliceStable(docs, func(i, j int) bool { return docs[i].seq < docs[j].seq })
	for _, e := range docs {
		if more, err := yield(e.doc); err != nil || !more {
			return err
		}
	}
	return nil
}

// defineSchemaCollMembers gives a schema collection its static members:
// byName, all, where, firstWhere, create.
func defineSchemaCollMembers(sc *schemaColl) {
	ty := sc.module.Type()
	ty.DefineMethod(eval.NewMethod("byName", []eval.Param{eval.P("name", eval.StringTag)}, func(t *eval.Thread, _ eval.Value, args []eval.Value) (eval.Value, error) {
		if err := t.CheckEffect("`byName`", eval.EffectRead); err != nil {
			return nil, err
		}
		return &Doc{c: sc.collection, name: string(args[0].(eval.String))}, nil
	}))
	ty.DefineMethod(eval.NewMethod("all", nil, func(t *eval.Thread, _ eval.Value, args []eval.Value) (eval.Value, error) {
		if err := t.CheckEffect("`all`", eval.EffectRead); err != nil {
			return nil, err
		}
		return &namedSet{sc: sc}, nil
	}))
	ty.DefineMethod(eval.NewMethod("where", []eval.Param{eval.P("pred", eval.FunctionTag)}, func(t *eval.Thread, _ eval.Value, args []eval.Value) (eval.Value, error) {
		return eval.SetType.Methods["where"].Invoke(t, &namedSet{sc: sc}, args)
	}))
	ty.DefineMethod(eval.NewMethod("firstWhere", []eval.Param{eval.P("pred", eval.FunctionTag)}, func(t *eval.Thread, _ eval.Value, args []eval.Value) (eval.Value, error) {
		return eval.SetType.Methods["firstWhere"].Invoke(t, &namedSet{sc: sc}, args)
	}))
	ty.DefineMethod(eval.NewMethod("create", []eval.Param{eval.P("data", eval.ObjectTag)}, func(t *eval.Thread, _ eval.Value, args []eval.Value) (eval.Value, error) {
		q, err := needQuery(t)
		if err != nil {
			return nil, err
		}
		return q.writeSchemaDoc(sc, opCreate, "", args[0].(*eval.Object))
	}))
}

// defineSchemaDocMethods gives schema documents update, replace, delete.
func defineSchemaDocMethods(c *collection, ty *eval.Type) {
	sc := schemaCollByID[c.id]
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
			return q.writeSchemaDoc(sc, op, self.(*Doc).name, args[0].(*eval.Object))
		}))
	}
	ty.DefineMethod(eval.NewMethod("delete", nil, func(t *eval.Thread, self eval.Value, args []eval.Value) (eval.Value, error) {
		q, err := needQuery(t)
		if err != nil {
			return nil, err
		}
		return q.writeSchemaDoc(sc, opDelete, self.(*Doc).name, nil)
	}))
}
