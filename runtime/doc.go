package runtime

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/fqlite/fqlite/eval"
)

// Doc is a document value: a reference (collection and id, or name for
// schema documents) that reads the document through the current query's
// transaction when a field is used. A reference to a missing document is
// still a Doc (`Coll.byId(id)` is never null); reading its fields yields
// document_not_found, and `doc == null` is true (spec/fql.md §3.5).
//
// A Doc produced by a read or a write of the running query carries the
// state it saw (pre), which saves a lookup while no later write could have
// changed it. Docs are immutable and may outlive the query (cursors), so
// the shortcut is only taken when the query (its serial number, unique
// per attempt) and its write count match.
type Doc struct {
	c    *collection
	id   int64
	name string // named (schema) documents

	pre       *docState
	preSerial uint64
	preGen    uint64
	// trusted documents are in-memory results shown to the caller without
	// a read check: the result of Key.create, Token.create, login.
	trusted bool
	// inArena: the Doc lives in its query's arena (see queryArena).
	inArena bool
}

var (
	_ eval.Document       = (*Doc)(nil)
	_ eval.DocRef         = (*Doc)(nil)
	_ eval.Detachable     = (*Doc)(nil)
	_ eval.OutputDocument = (*Doc)(nil)
)

// docState is a document as the query sees it.
type docState struct {
	exists  bool
	deleted bool // deleted earlier in this query
	// collDeleted: the document's collection no longer exists.
	collDeleted bool
	// denied: the caller may not read the document.
	denied bool
	// data are the user fields of a user-collection document; fields the
	// stored fields of a system or schema document.
	data   *eval.Object
	fields *eval.Object
	// raw is the encoded data of a user document read from the store,
	// decoded into data on first use; rawTxn is its commit time.
	raw    []byte
	rawTxn time.Time
	ttl    eval.Value // nil when the document has no ttl
	ts     eval.Value // Time, or TransactionTime when written in this query
}

var (
	missingState     = &docState{}
	collDeletedState = &docState{collDeleted: true}
	deniedState      = &docState{denied: true}
)

// Type returns the collection's document type.
func (d *Doc) Type() *eval.Type { return d.c.docType }

// DocKey identifies the document.
func (d *Doc) DocKey() (coll string, id string, named bool) {
	if d.c.kind == kindNamed {
		return d.c.name, d.name, true
	}
	return d.c.name, strconv.FormatInt(d.id, 10), false
}

// Coll is the collection module.
func (d *Doc) Coll() *eval.Module { return d.c.module }

// DocExists reports whether the document exists.
func (d *Doc) DocExists(t *eval.Thread) (bool, error) {
	st, err := d.state(t)
	if err != nil {
		return false, err
	}
	return st.exists, nil
}

// state reads the document in the running query, as the caller may see
// it: a document the current permissions may not read looks missing
// (permission denied, spec/fsl-auth.md §5.5).
func (d *Doc) state(t *eval.Thread) (*docState, error) {
	q := queryOf(t)
	if q == nil {
		return missingState, nil
	}
	st, err := q.rawState(d)
	if err != nil || !st.exists || d.trusted || q.perms.kind == permAdmin {
		return st, err
	}
	if !q.canReadDoc(d, st) {
		return deniedState, nil
	}
	return st, nil
}

// userData returns a user document's fields, decoding them on first use.
// A docState belongs to one query, so the cache needs no lock.
func (st *docState) userData(q *query) (*eval.Object, error) {
	if st.data == nil && st.raw != nil {
		data, err := decodeDataObject(st.raw, q, st.rawTxn, nil)
		if err != nil {
			return nil, err
		}
		st.data, st.raw = data, nil
	}
	if st.data == nil {
		st.data = eval.NewObject(0)
	}
	return st.data, nil
}

// missingCause is the null cause of a document that cannot be read.
func (st *docState) missingCause() eval.NullCause {
	if st.collDeleted {
		return eval.NullCollDeleted
	}
	if st.denied {
		return eval.NullPermission
	}
	if st.deleted {
		return eval.NullDocDeleted
	}
	return eval.NullDocNotFound
}

// nullReceiver is the error field reads of a missing document return.
func (d *Doc) nullReceiver(st *docState) error {
	return &eval.NullReceiver{Null: &eval.Null{Cause: st.missingCause(), Doc: d}}
}

// Presence reports whether the document can be read.
func (d *Doc) Presence(t *eval.Thread) (eval.NullCause, error) {
	st, err := d.state(t)
	if err != nil {
		return 0, err
	}
	if !st.exists {
		return st.missingCause(), nil
	}
	return eval.NullLiteral, nil
}

// Expand reads the document for output: id/name, coll, ts, ttl, computed
// fields, then the user fields; user fields whose names are reserved stay
// under `data` (CollectionSchema.toExternalData).
func (d *Doc) Expand(t *eval.Thread) (*eval.Object, eval.NullCause, error) {
	st, err := d.state(t)
	if err != nil {
		return nil, 0, err
	}
	if !st.exists {
		return nil, st.missingCause(), nil
	}
	switch d.c.kind {
	case kindNamed:
		return d.expandNamed(st), eval.NullLiteral, nil
	case kindSystem:
		return d.expandSystem(st), eval.NullLiteral, nil
	}
	q := queryOf(t)
	plain := d.c.def == nil || len(d.c.def.computed) == 0
	if plain && st.data == nil && st.raw != nil {
		// The common case: decode the stored fields straight into the
		// output.
		// id, coll, ts, the ttl if any, and the data fields (reserved
		// names among them go under one "data" field). Documents read out
		// as results take Output's shortcut instead.
		size := 3 + dataFieldCount(st.raw)
		if st.ttl != nil {
			size++
		}
		out := eval.NewObject(size)
		out.Append("id", eval.ID(d.id))
		out.Append("coll", d.c.module)
		out.Append("ts", st.ts)
		if st.ttl != nil {
			out.Append("ttl", st.ttl)
		}
		var special *eval.Object
		// A stored record's keys are distinct, and none of the special
		// ones reaches out: Append needs no search.
		_, err := decodeDataObject(st.raw, q, st.rawTxn, func(k string, v eval.Value) {
			if isSpecialFieldName(k) {
				if special == nil {
					special = eval.NewObject(2)
				}
				special.Append(k, v)
				return
			}
			out.Append(k, v)
		})
		if err != nil {
			return nil, 0, err
		}
		if special != nil {
			out.Set("data", special)
		} else if st.ttl == nil {
			d.c.rememberOutKeys(out.Keys())
		}
		return out, eval.NullLiteral, nil
	}
	data, err := st.userData(q)
	if err != nil {
		return nil, 0, err
	}
	out := eval.NewObject(4 + data.Len())
	out.Set("id", eval.ID(d.id))
	out.Set("coll", d.c.module)
	out.Set("ts", st.ts)
	if st.ttl != nil {
		out.Set("ttl", st.ttl)
	}
	if def := d.c.def; def != nil {
		for _, cf := range def.computed {
			v, err := cf.eval(t, d)
			if err != nil {
				return nil, 0, err
			}
			if !eval.IsNull(v) {
				out.Set(cf.name, v)
			}
		}
	}
	var special *eval.Object
	for i, k := range data.Keys() {
		v := data.ValueAt(i)
		if isSpecialFieldName(k) || (d.c.def != nil && d.c.def.computedByName[k] != nil) {
			if special == nil {
				special = eval.NewObject(2)
			}
			special.Set(k, v)
			continue
		}
		out.Set(k, v)
	}
	if special != nil {
		out.Set("data", special)
	}
	return out, eval.NullLiteral, nil
}

func (d *Doc) expandNamed(st *docState) *eval.Object {
	out := eval.NewObject(4 + st.fields.Len())
	out.Set("name", eval.String(d.name))
	out.Set("coll", d.c.module)
	out.Set("ts", st.ts)
	for i, k := range st.fields.Keys() {
		if k == "name" || isHiddenField(k) {
			continue
		}
		out.Set(k, st.fields.ValueAt(i))
	}
	return out
}

func (d *Doc) expandSystem(st *docState) *eval.Object {
	out := eval.NewObject(4 + st.fields.Len())
	out.Set("id", eval.ID(d.id))
	out.Set("coll", d.c.module)
	out.Set("ts", st.ts)
	for i, k := range st.fields.Keys() {
		if isHiddenField(k) {
			continue
		}
		out.Set(k, st.fields.ValueAt(i))
	}
	return out
}

// isHiddenField reports fields fqlite keeps in system records for itself
// (collection ids, secret hashes); they never reach FQL.
func isHiddenField(k string) bool { return len(k) > 0 && k[0] == '#' }

// reservedFieldNames may not be written as top-level user fields in the
// default data mode (Tokens.ReservedFieldNames).
var reservedFieldNames = map[string]bool{
	"id": true, "coll": true, "ts": true, "data": true,
	"delete": true, "update": true, "replace": true, "updateData": true, "replaceData": true, "exists": true,
}

// sharedOutKeys returns the collection's last output keys when a plain
// document without a ttl may share them (it has as many fields), or nil.
func (d *Doc) sharedOutKeys(st *docState, n int) []string {
	if st.ttl != nil {
		return nil
	}
	p := d.c.outKeys.Load()
	if p == nil || len(*p) != 3+n {
		return nil
	}
	return *p
}

// decodeShared fills out, an object of the shared output keys, with the
// document's id, coll, ts and data fields; ok is false when the document's
// fields are not the keys'.
func (d *Doc) decodeShared(q *query, st *docState, keys []string, out *eval.Object) (ok bool, err error) {
	out.SetAt(0, eval.ID(d.id))
	out.SetAt(1, d.c.module)
	out.SetAt(2, st.ts)
	i, same := 3, true
	_, err = decodeDataObject(st.raw, q, st.rawTxn, func(k string, v eval.Value) {
		if same && keys[i] == k {
			out.SetAt(i, v)
			i++
		} else {
			same = false
		}
	})
	return same && err == nil, err
}

// Output implements eval.OutputDocument for the common case, a plain
// document of a user collection with the shared output keys: its
// DocValue, a detached copy of it and its fields take one allocation.
func (d *Doc) Output(t *eval.Thread) (*eval.DocValue, error) {
	if d.c.kind != kindUser || (d.c.def != nil && len(d.c.def.computed) > 0) {
		return nil, nil
	}
	st, err := d.state(t)
	if err != nil || !st.exists || st.data != nil || st.raw == nil {
		return nil, err
	}
	keys := d.sharedOutKeys(st, dataFieldCount(st.raw))
	if keys == nil {
		return nil, nil
	}
	var (
		dv   *eval.DocValue
		copy *Doc
		out  *eval.Object
		vals []eval.Value
	)
	switch n := len(keys); {
	case n <= 4:
		b := &docOutput4{}
		dv, copy, out, vals = &b.dv, &b.d, &b.o, b.v[:]
	case n <= 6:
		b := &docOutput6{}
		dv, copy, out, vals = &b.dv, &b.d, &b.o, b.v[:]
	case n <= 8:
		b := &docOutput8{}
		dv, copy, out, vals = &b.dv, &b.d, &b.o, b.v[:]
	default:
		return nil, nil
	}
	eval.InitObjectWithKeys(out, keys, vals)
	if ok, err := d.decodeShared(queryOf(t), st, keys, out); !ok {
		return nil, err
	}
	*copy = Doc{c: d.c, id: d.id, name: d.name, trusted: d.trusted}
	*dv = eval.DocValue{Doc: copy, Fields: out, Exists: true}
	return dv, nil
}

// docOutputN is a document's output in one allocation (Doc.Output).
type (
	docOutput4 struct {
		dv eval.DocValue
		d  Doc
		o  eval.Object
		v  [4]eval.Value
	}
	docOutput6 struct {
		dv eval.DocValue
		d  Doc
		o  eval.Object
		v  [6]eval.Value
	}
	docOutput8 struct {
		dv eval.DocValue
		d  Doc
		o  eval.Object
		v  [8]eval.Value
	}
)

// maxSharedKeys bounds the documents whose output keys are shared: larger
// ones gain little from it.
const maxSharedKeys = 8

// rememberOutKeys keeps the output keys of a plain document read out, for
// the next documents of the collection to share (Output). The keys
// of data fields are copied: they point into the stored record, which
// the collection should not keep alive.
func (c *collection) rememberOutKeys(keys []string) {
	if len(keys) > maxSharedKeys {
		return
	}
	if p := c.outKeys.Load(); p != nil && slices.Equal(*p, keys) {
		return
	}
	kept := make([]string, len(keys))
	for i, k := range keys {
		kept[i] = strings.Clone(k)
	}
	c.outKeys.Store(&kept)
}

// isSpecialFieldName reports whether a user field is rendered under
// `data` because its name clashes with a document member
// (Tokens.SpecialFieldNames). A switch: it runs for every field of every
// document read out.
func isSpecialFieldName(k string) bool {
	switch k {
	case "id", "coll", "ts", "data", "ttl",
		"delete", "update", "replace", "updateData", "replaceData", "exists":
		return true
	}
	return false
}
