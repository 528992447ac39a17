package runtime

import (
	"fmt"
	"strconv"

	"github.com/fqlite/fqlite/eval"
)

// dataMode says how written fields are read (Schema.scala DataMode): in
// the default mode `ttl` is the document's ttl and reserved names are
// refused; in plain-data mode (createData, updateData, replaceData) every
// field is user data.
type dataMode uint8

const (
	modeDefault dataMode = iota
	modePlainData
)

type writeOp uint8

const (
	opCreate writeOp = iota
	opUpdate
	opReplace
	opDelete
)

func (op writeOp) verb() string {
	switch op {
	case opCreate:
		return "create"
	case opUpdate:
		return "update"
	case opReplace:
		return "replace"
	}
	return "delete"
}

// failedWrite is the constraint_failure of a user-collection write.
func failedWrite(op writeOp, c *collection, id int64, failures []eval.ConstraintFailure) *eval.Error {
	var msg string
	if op == opCreate {
		msg = fmt.Sprintf("Failed to create document in collection `%s`.", c.name)
	} else {
		// Replace failures read like update failures (CollectionConfig.scala).
		verb := op.verb()
		if op == opReplace {
			verb = "update"
		}
		msg = fmt.Sprintf("Failed to %s document with id %d in collection `%s`.", verb, id, c.name)
	}
	e := eval.NewError(eval.CodeConstraintFailure, msg)
	e.ConstraintFailures = failures
	return e
}

func fieldFailure(msg string, path ...any) eval.ConstraintFailure {
	if len(path) == 0 {
		return eval.ConstraintFailure{Message: msg}
	}
	return eval.ConstraintFailure{Paths: [][]any{path}, Message: msg}
}

// beginDocWrite refuses writes the query may not make to c's documents.
func (q *query) beginDocWrite(c *collection) error {
	if q.atPast > 0 {
		return eval.NewError(eval.CodeInvalidWrite, "Cannot write at a snapshot time in the past.")
	}
	if q.collsChanged[c.id] {
		return eval.NewError(eval.CodeInvalidWrite, "Cannot modify a document and its collection in the same query.")
	}
	if q.collsWritten == nil {
		q.collsWritten = map[uint64]bool{}
	}
	q.collsWritten[c.id] = true
	return nil
}

// docIDFromValue casts a caller-given id: an ID, a Long/Int or a numeric
// string, not negative.
func docIDFromValue(v eval.Value) (int64, *eval.ConstraintFailure) {
	var n int64
	switch x := v.(type) {
	case eval.ID:
		n = int64(x)
	case eval.Int:
		n = int64(x)
	case eval.Long:
		n = int64(x)
	case eval.String:
		i, err := strconv.ParseInt(string(x), 10, 64)
		if err != nil {
			f := fieldFailure("Expected ID | String | Long, provided "+providedType(nil, v), "id")
			return 0, &f
		}
		n = i
	default:
		f := fieldFailure("Expected ID | String | Long, provided "+providedType(nil, v), "id")
		return 0, &f
	}
	if n < 0 {
		f := fieldFailure("id must be nonnegative", "id")
		return 0, &f
	}
	return n, nil
}

// elideNulls drops null-valued fields, recursively (Data.elideNulls).
func elideNulls(o *eval.Object) *eval.Object {
	if !hasNulls(o) {
		return o
	}
	out := eval.NewObject(o.Len())
	for i, k := range o.Keys() {
		v := o.ValueAt(i)
		if eval.IsNull(v) {
			continue
		}
		if sub, ok := v.(*eval.Object); ok {
			v = elideNulls(sub)
		}
		out.Set(k, v)
	}
	return out
}

// patchObject merges a patch into base: nested objects merge, a null
// removes the field (Data.patch with a Diff).
func patchObject(base, patch *eval.Object) *eval.Object {
	out := eval.NewObject(base.Len() + patch.Len())
	for i, k := range base.Keys() {
		out.Set(k, base.ValueAt(i))
	}
	for i, k := range patch.Keys() {
		v := patch.ValueAt(i)
		if eval.IsNull(v) {
			out = withoutKey(out, k)
			continue
		}
		if pv, ok := v.(*eval.Object); ok {
			if bv, ok := out.Get(k); ok {
				if bo, ok := bv.(*eval.Object); ok {
					out.Set(k, patchObject(bo, pv))
					continue
				}
			}
			out.Set(k, elideNulls(pv))
			continue
		}
		out.Set(k, v)
	}
	return out
}

func withoutKey(o *eval.Object, key string) *eval.Object {
	if o.Lookup(key) < 0 {
		return o
	}
	out := eval.NewObject(o.Len())
	for i, k := range o.Keys() {
		if k != key {
			out.Set(k, o.ValueAt(i))
		}
	}
	return out
}

// splitInput separates the meta fields of a default-mode write (id, ttl)
// from user data and lists reserved-name failures.
func splitInput(c *collection, op writeOp, mode dataMode, in *eval.Object) (data *eval.Object, ttl eval.Value, hasTTL bool, failures []eval.ConstraintFailure) {
	if mode == modePlainData {
		return in, nil, false, nil
	}
	if !needsSplit(c, op, in) {
		return in, nil, false, nil
	}
	data = eval.NewObject(in.Len())
	for i, k := range in.Keys() {
		v := in.ValueAt(i)
		switch {
		case k == "ttl":
			ttl, hasTTL = v, true
			continue
		case k == "id" && op == opCreate:
			continue
		case reservedFieldNames[k]:
			failures = append(failures, fieldFailure("Is a reserved field and cannot be used", k))
			continue
		}
		if c.def != nil && c.def.computedByName[k] != nil {
			failures = append(failures, fieldFailure("Cannot write to a computed field", k))
			continue
		}
		data.Set(k, v)
	}
	return data, ttl, hasTTL, failures
}

// checkTTL validates a written ttl.
func checkTTL(c *collection, ttl eval.Value) *eval.ConstraintFailure {
	if eval.IsNull(ttl) {
		return nil
	}
	if _, ok := ttl.(eval.Time); !ok {
		f := fieldFailure("Expected Time | Null, provided "+providedType(nil, ttl), "ttl")
		return &f
	}
	if c.def != nil && !c.def.documentTTLs {
		f := fieldFailure("Unexpected field provided", "ttl")
		return &f
	}
	return nil
}

// createDoc is `Coll.create(data)` / `Coll.createData(data)`.
func (q *query) createDoc(c *collection, mode dataMode, in *eval.Object) (eval.Value, error) {
	action := "`create`"
	if mode == modePlainData {
		action = "`createData`"
	}
	if err := q.t.CheckEffect(action, eval.EffectWrite); err != nil {
		return nil, err
	}
	persist := in
	if mode == modeDefault && in.Lookup("id") >= 0 {
		// The id of a create is not stored as a value.
		persist = withoutKey(in, "id")
	}
	if err := checkPersistable(persist); err != nil {
		return nil, err
	}
	if err := q.beginDocWrite(c); err != nil {
		return nil, err
	}
	data, ttl, hasTTL, failures := splitInput(c, opCreate, mode, in)
	var id int64
	given := false
	if mode == modeDefault {
		if v, ok := in.Get("id"); ok {
			if eval.IsNull(v) {
				failures = append(failures, fieldFailure("Missing required field of type ID | String | Long", "id"))
			} else if n, f := docIDFromValue(v); f != nil {
				failures = append(failures, *f)
			} else {
				id, given = n, true
			}
		}
	}
	if hasTTL {
		if f := checkTTL(c, ttl); f != nil {
			failures = append(failures, *f)
		}
	}
	if len(failures) > 0 {
		return nil, failedWrite(opCreate, c, 0, failures)
	}
	if !given {
		for {
			id = q.db.ids.next(q.t.Now())
			if _, taken := q.tx.Get(docKey(c.id, id)); !taken {
				break
			}
		}
	} else if _, taken := q.tx.Get(docKey(c.id, id)); taken {
		return nil, eval.Errorf(eval.CodeDocumentIDExists, "Collection `%s` already contains document with id %d.", c.name, id)
	}
	if eval.IsNull(ttl) {
		ttl = nil
	}
	if ttl == nil && c.def != nil && c.def.ttlDays > 0 {
		ttl = eval.Time{T: q.t.Now().AddDate(0, 0, int(c.def.ttlDays))}
	}
	// Field rules see explicit nulls (a null object field gets no
	// defaults); the stored data has none.
	data, err := q.applyFieldSchema(c, opCreate, mode, 0, data, true)
	if err != nil {
		return nil, err
	}
	data = elideNulls(data)
	d := &Doc{c: c, id: id}
	st := &docState{exists: true, data: data, ttl: ttl, ts: eval.TransactionTime{}}
	if q.perms.kind != permAdmin {
		action := actCreate
		if given {
			action = actCreateWithID
		}
		if err := q.requireAction(c.name, action, q.docWithState(&Doc{c: c, id: id}, st)); err != nil {
			return nil, err
		}
	}
	if err := q.storeDoc(opCreate, c, d, nil, st); err != nil {
		return nil, err
	}
	return q.docWithState(d, st), nil
}

// updateDoc is `doc.update(patch)` / `doc.updateData(patch)`; replace
// replaces the user fields instead of merging.
func (q *query) updateDoc(d *Doc, op writeOp, mode dataMode, in *eval.Object) (eval.Value, error) {
	c := d.c
	action := "`" + op.verb() + "`"
	if mode == modePlainData {
		action = "`" + op.verb() + "Data`"
	}
	if err := q.t.CheckEffect(action, eval.EffectWrite); err != nil {
		return nil, err
	}
	if err := checkPersistable(in); err != nil {
		return nil, err
	}
	if err := q.beginDocWrite(c); err != nil {
		return nil, err
	}
	old, err := q.rawState(d)
	if err != nil {
		return nil, err
	}
	if !old.exists {
		return nil, docNotFound(d, old)
	}
	patch, ttl, hasTTL, failures := splitInput(c, op, mode, in)
	if hasTTL {
		if f := checkTTL(c, ttl); f != nil {
			failures = append(failures, *f)
		}
	}
	if len(failures) > 0 {
		return nil, failedWrite(op, c, d.id, failures)
	}
	var data *eval.Object
	if op == opUpdate {
		oldData, err := old.userData(q)
		if err != nil {
			return nil, err
		}
		data = patchObject(oldData, patch)
	} else {
		data = patch
	}
	newTTL := old.ttl
	if op == opReplace {
		newTTL = nil
	}
	if hasTTL {
		newTTL = ttl
		if eval.IsNull(ttl) {
			newTTL = nil
		}
	}
	data, err = q.applyFieldSchema(c, op, mode, d.id, data, op == opReplace)
	if err != nil {
		return nil, err
	}
	data = elideNulls(data)
	st := &docState{exists: true, data: data, ttl: newTTL, ts: eval.TransactionTime{}}
	if q.perms.kind != permAdmin {
		oldDoc := q.docWithState(&Doc{c: c, id: d.id}, old)
		newDoc := q.docWithState(&Doc{c: c, id: d.id}, st)
		if err := q.requireAction(c.name, actWrite, oldDoc, newDoc); err != nil {
			return nil, err
		}
	}
	if err := q.storeDoc(op, c, d, old, st); err != nil {
		return nil, err
	}
	return q.docWithState(&Doc{c: c, id: d.id}, st), nil
}

// deleteDoc is `doc.delete()`.
func (q *query) deleteDoc(d *Doc) (eval.Value, error) {
	c := d.c
	if err := q.t.CheckEffect("`delete`", eval.EffectWrite); err != nil {
		return nil, err
	}
	if err := q.beginDocWrite(c); err != nil {
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
	st := &docState{deleted: true}
	if err := q.storeDoc(opDelete, c, d, old, st); err != nil {
		return nil, err
	}
	return q.docWithState(&Doc{c: c, id: d.id}, st), nil
}

func docNotFound(d *Doc, st *docState) *eval.Error {
	coll, id, named := d.DocKey()
	if named {
		return eval.Errorf(eval.CodeDocumentNotFound, "%s `%s` not found.", coll, id)
	}
	_ = st
	return eval.Errorf(eval.CodeDocumentNotFound, "Collection `%s` does not contain document with id %s.", coll, id)
}

// docWithState returns a Doc carrying the state the query just wrote.
func (q *query) docWithState(d *Doc, st *docState) *Doc {
	d.pre, d.preSerial, d.preGen = st, q.serial, q.gen
	return d
}

// storeDoc writes a user or system document's new state (st.exists false
// deletes it), maintains its index entries and unique claims, and runs the
// collection's check constraints.
func (q *query) storeDoc(op writeOp, c *collection, d *Doc, old, st *docState) error {
	key := docKey(c.id, d.id)
	if q.idxOld == nil {
		q.idxOld, q.idxNew = new(docIndexState), new(docIndexState)
	}
	oldIdx, newIdx := q.idxOld, q.idxNew
	oldIdx.reset()
	if old != nil {
		if err := q.indexState(oldIdx, c, &Doc{c: c, id: d.id}, old); err != nil {
			return err
		}
	}
	var recBytes []byte
	if st.exists {
		var b []byte
		var err error
		if c.kind == kindUser {
			b, err = encodeUserRecord(st.data, st.ttl, q)
		} else {
			b, err = encodeValue(nil, st.fields, q)
		}
		if err != nil {
			return err
		}
		if err := q.tx.Put(key, b); err != nil {
			return storeError(err)
		}
		recBytes = b
	} else if err := q.tx.Delete(key); err != nil {
		return storeError(err)
	}
	q.written(d, st)
	nd := q.docWithState(&Doc{c: c, id: d.id}, st)
	if err := q.indexState(newIdx, c, nd, st); err != nil {
		return err
	}
	if err := q.reindex(c, d.id, oldIdx, newIdx, recBytes); err != nil {
		return err
	}
	if st.exists && c.def != nil && len(c.def.checks) > 0 {
		return q.runChecks(op, c, nd)
	}
	return nil
}

// runChecks evaluates the check constraints on the written document. They
// may read but not write; an error inside one fails the query as it is.
func (q *query) runChecks(op writeOp, c *collection, d *Doc) error {
	var failures []eval.ConstraintFailure
	prevLimit := q.t.LimitEffects(eval.LimitCheckConstraints)
	defer q.t.RestoreEffects(prevLimit)
	saved := q.perms
	q.perms = adminPerms
	defer func() { q.perms = saved }()
	for _, ch := range c.def.checks {
		v, err := q.t.Call1(ch.fn, d)
		if err != nil {
			return err
		}
		switch b := v.(type) {
		case eval.Boolean:
			if !b {
				failures = append(failures, fieldFailure(fmt.Sprintf("Document failed check constraint `%s`", ch.name)))
			}
		case *eval.Null:
			failures = append(failures, fieldFailure(fmt.Sprintf("Document failed check constraint `%s`", ch.name)))
		default:
			failures = append(failures, fieldFailure(fmt.Sprintf("Error evaluating check constraint `%s`: function returned a non-boolean value", ch.name)))
		}
	}
	if len(failures) > 0 {
		return failedWrite(op, c, d.id, failures)
	}
	return nil
}

// applyFieldSchema applies declared fields: defaults on create/replace,
// type checks, and refuses undeclared fields without a wildcard.
func (q *query) applyFieldSchema(c *collection, op writeOp, mode dataMode, id int64, data *eval.Object, defaults bool) (*eval.Object, error) {
	def := c.def
	if def == nil || (len(def.fields) == 0 && def.wildcard == "") {
		return data, nil
	}
	var failures []eval.ConstraintFailure
	if defaults {
		for _, fd := range def.fields {
			cur, has := data.Get(fd.name)
			if has && eval.IsNull(cur) {
				continue
			}
			if !has && fd.deflt == nil || has {
				// Nested defaults of object fields.
				nv, set, err := fd.typ.insertDefaults(q, cur, has)
				if err != nil {
					failures = append(failures, fieldFailure("Default field evaluation failed.\n"+eval.AsError(err).Summary(), fd.name))
					continue
				}
				if set && (!has || nv != cur) {
					data = data.Copy()
					data.Set(fd.name, nv)
				}
				continue
			}
			prevLimit := q.t.LimitEffects(eval.LimitDefaultValues)
			v, err := fd.deflt.Eval(q.t)
			q.t.RestoreEffects(prevLimit)
			if err != nil {
				failures = append(failures, fieldFailure("Default field evaluation failed.\n"+eval.AsError(err).Message, fd.name))
				continue
			}
			if !eval.IsNull(v) {
				data = data.Copy()
				data.Set(fd.name, v)
			}
		}
	}
	for _, fd := range def.fields {
		v, ok := data.Get(fd.name)
		if ok && eval.IsNull(v) {
			ok = false
		}
		if !ok {
			if !fd.typ.optional() {
				failures = append(failures, fieldFailure("Missing required field of type "+fd.typ.display(q.cat), fd.name))
			}
			continue
		}
		for _, te := range fd.typ.check(q.cat, v) {
			failures = append(failures, fieldFailure(te.msg, append([]any{fd.name}, te.path...)...))
		}
	}
	if def.wildcard == "" && len(def.fields) > 0 {
		for _, k := range data.Keys() {
			if def.fieldByName[k] == nil {
				failures = append(failures, fieldFailure("Unexpected field provided", k))
			}
		}
	}
	if len(failures) > 0 {
		if mode == modePlainData {
			// User fields named like document members are labelled under
			// `data` to tell them apart (`data.ttl`).
			for i, f := range failures {
				for j, p := range f.Paths {
					if len(p) > 0 {
						if s, ok := p[0].(string); ok && isSpecialFieldName(s) {
							failures[i].Paths[j] = append([]any{"data"}, p...)
						}
					}
				}
			}
		}
		return nil, failedWrite(op, c, id, failures)
	}
	return data, nil
}

// hasNulls reports whether an object holds a null field at any depth.
func hasNulls(o *eval.Object) bool {
	for _, v := range o.Values() {
		switch x := v.(type) {
		case *eval.Null:
			return true
		case *eval.Object:
			if hasNulls(x) {
				return true
			}
		}
	}
	return false
}

// needsSplit reports whether a default-mode input has meta, reserved or
// computed fields to take out (most writes have none).
func needsSplit(c *collection, op writeOp, in *eval.Object) bool {
	for _, k := range in.Keys() {
		if k == "ttl" || reservedFieldNames[k] {
			return true
		}
		if c.def != nil && c.def.computedByName[k] != nil {
			return true
		}
	}
	return false
}
