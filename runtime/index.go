package runtime

import (
	"encoding/binary"

	"github.com/fqlite/fqlite/eval"
)

// Index entries live under
//
//	"i" coll(8) index(4) term... value... id(8)
//
// with terms and values in the order-preserving encoding of keys.go, so a
// prefix scan over the terms returns a term's documents in the index's
// order: by values (descending ones inverted), then by document id. Unique
// constraints keep one key per distinct term tuple,
//
//	"u" coll(8) constraint(4) term...   → the owning document id.
//
// Both are maintained on every write, in the writing transaction.

// pathValue reads a path of a document for an index or constraint. ok is
// false when the path is missing.
func (q *query) pathValue(d *Doc, st *docState, p fieldPath) (eval.Value, bool, error) {
	first := p[0].(string)
	var v eval.Value
	switch first {
	case "id":
		v = eval.ID(d.id)
	case "ts":
		// A document written by this query is indexed at the query's time.
		if _, pending := st.ts.(eval.TransactionTime); pending {
			v = eval.Time{T: q.t.Now()}
		} else {
			v = st.ts
		}
	default:
		if def := d.c.def; def != nil && def.computedByName[first] != nil {
			// Computed fields are indexed as they evaluate in a
			// restricted context: no UDFs, no collection reads, no other
			// computed fields; an error indexes as null.
			var ok bool
			var err error
			prev := q.indexing
			q.indexing = true
			prevLimit := q.t.LimitEffects(eval.LimitIndexes)
			v, ok, err = d.field(q.t, st, first)
			q.t.RestoreEffects(prevLimit)
			q.indexing = prev
			if err != nil || !ok {
				if e, isErr := err.(*eval.Error); isErr && e.Code == eval.CodeTimeOut {
					return nil, false, err
				}
				return nil, false, nil
			}
			break
		}
		var ok bool
		var err error
		v, ok, err = d.field(q.t, st, first)
		if err != nil || !ok {
			return nil, false, err
		}
	}
	for _, seg := range p[1:] {
		switch s := seg.(type) {
		case string:
			o, ok := v.(*eval.Object)
			if !ok {
				return nil, false, nil
			}
			if v, ok = o.Get(s); !ok {
				return nil, false, nil
			}
		case int:
			a, ok := v.(*eval.Array)
			if !ok || s >= len(a.Elems) {
				return nil, false, nil
			}
			v = a.Elems[s]
		}
	}
	if eval.IsNull(v) {
		return nil, false, nil
	}
	return v, true, nil
}

// fieldValues returns the values a term or value slot takes for a document:
// one value, or each element of an array for an mva field. A missing
// field is a single nil. one holds the result when there is one value, so
// that the common case allocates nothing.
func (q *query) fieldValues(d *Doc, st *docState, f indexField, one *[1]eval.Value) ([]eval.Value, error) {
	v, ok, err := q.pathValue(d, st, f.path)
	if err != nil {
		return nil, err
	}
	if !ok {
		v = nil
	} else if a, isArray := v.(*eval.Array); isArray && f.mva {
		// Nested arrays flatten: [0, [1, 2]] indexes 0, 1 and 2.
		var out []eval.Value
		var flatten func(a *eval.Array)
		flatten = func(a *eval.Array) {
			for _, e := range a.Elems {
				if sub, ok := e.(*eval.Array); ok {
					flatten(sub)
				} else {
					out = append(out, e)
				}
			}
		}
		flatten(a)
		if len(out) > 0 {
			return out, nil
		}
		v = nil
	}
	one[0] = v
	return one[:], nil
}

// tupleKeys appends to prefix every combination of the fields' values (mva
// fields multiply) and calls emit with each key, which emit must copy;
// skipNull drops tuples with a missing field (terms and unique
// constraints). prefix's spare capacity is used: a single value appends in
// place, several each append to a copy.
func (q *query) tupleKeys(d *Doc, st *docState, prefix []byte, fields []indexField, descOK, skipNull bool, emit func([]byte) error) error {
	if len(fields) == 0 {
		return emit(prefix)
	}
	var one [1]eval.Value
	vals, err := q.fieldValues(d, st, fields[0], &one)
	if err != nil {
		return err
	}
	desc := descOK && fields[0].desc
	if len(vals) == 1 {
		if vals[0] == nil && skipNull {
			return nil
		}
		return q.tupleKeys(d, st, appendOrdered(prefix, vals[0], desc, q), fields[1:], descOK, skipNull, emit)
	}
	seen := map[string]bool{}
	for _, v := range vals {
		if v == nil && skipNull {
			continue
		}
		k := appendOrdered(append([]byte(nil), prefix...), v, desc, q)
		if seen[string(k)] {
			continue
		}
		seen[string(k)] = true
		if err := q.tupleKeys(d, st, k, fields[1:], descOK, skipNull, emit); err != nil {
			return err
		}
	}
	return nil
}

// indexKeys appends a document's entry keys in an index to ks.
func (q *query) indexKeys(ks *keyList, c *collection, idx *indexDef, d *Doc, st *docState) error {
	base := appendIndexPrefix(q.keyScratch(), c.id, idx.num)
	err := q.tupleKeys(d, st, base, idx.terms, false, true, func(k []byte) error {
		return q.tupleKeys(d, st, k, idx.values, true, false, func(k []byte) error {
			ks.add(appendI64(k, d.id), -1)
			return nil
		})
	})
	q.keyBuf = base[:0]
	return err
}

// uniqueKeys appends the keys a document claims under unique constraint
// number i to ks.
func (q *query) uniqueKeys(ks *keyList, c *collection, i int, d *Doc, st *docState) error {
	u := c.def.uniques[i]
	base := appendUniquePrefix(q.keyScratch(), c.id, u.num)
	err := q.tupleKeys(d, st, base, u.fields, false, true, func(k []byte) error {
		ks.add(k, int32(i))
		return nil
	})
	q.keyBuf = base[:0]
	return err
}

// keyScratch is q.keyBuf, taken for building keys: the caller gives it
// back (grown) when done.
func (q *query) keyScratch() []byte {
	b := q.keyBuf[:0]
	q.keyBuf = nil
	if cap(b) < 256 {
		b = make([]byte, 0, 256)
	}
	return b
}

// keyList is a list of keys in one buffer, each with a tag (the unique
// constraint of a claim).
type keyList struct {
	buf  []byte
	ends []int32
	tags []int32
}

func (ks *keyList) reset() {
	ks.buf, ks.ends, ks.tags = ks.buf[:0], ks.ends[:0], ks.tags[:0]
}

func (ks *keyList) add(k []byte, tag int32) {
	ks.buf = append(ks.buf, k...)
	ks.ends = append(ks.ends, int32(len(ks.buf)))
	ks.tags = append(ks.tags, tag)
}

func (ks *keyList) len() int { return len(ks.ends) }

func (ks *keyList) key(i int) []byte {
	start := int32(0)
	if i > 0 {
		start = ks.ends[i-1]
	}
	return ks.buf[start:ks.ends[i]:ks.ends[i]]
}

// has reports whether k is in the list with the given tag (linear: a
// document has few index entries).
func (ks *keyList) has(k []byte, tag int32) bool {
	for i := range ks.ends {
		if ks.tags[i] == tag && string(ks.key(i)) == string(k) {
			return true
		}
	}
	return false
}

// docIndexState is a document's index entries and unique claims (tagged
// with their constraint's position).
type docIndexState struct {
	entries keyList
	uniques keyList
}

func (s *docIndexState) reset() {
	s.entries.reset()
	s.uniques.reset()
}

// indexState fills s with a document's index entries and unique claims.
func (q *query) indexState(s *docIndexState, c *collection, d *Doc, st *docState) error {
	s.reset()
	if st == nil || !st.exists || c.def == nil {
		return nil
	}
	// Index maintenance sees the document whatever the caller may read.
	saved := q.perms
	q.perms = adminPerms
	defer func() { q.perms = saved }()
	for _, idx := range c.def.indexes {
		if err := q.indexKeys(&s.entries, c, idx, d, st); err != nil {
			return err
		}
	}
	for i := range c.def.uniques {
		if err := q.uniqueKeys(&s.uniques, c, i, d, st); err != nil {
			return err
		}
	}
	return nil
}

// reindex moves a document's index entries and unique claims from old to
// new (either may be empty) and reports unique violations. Every entry
// holds a copy of the document's record (rec), so reading a document
// through an index costs no second lookup; the copies are rewritten with
// the document, in the same commit, so they are never stale.
func (q *query) reindex(c *collection, id int64, old, new *docIndexState, rec []byte) error {
	for i := range old.entries.len() {
		if k := old.entries.key(i); !new.entries.has(k, -1) {
			if err := q.tx.Delete(string(k)); err != nil {
				return err
			}
		}
	}
	for i := range new.entries.len() {
		if err := q.tx.PutBytes(new.entries.key(i), rec); err != nil {
			return err
		}
	}
	if c.def == nil {
		return nil
	}
	for i := range old.uniques.len() {
		if k := old.uniques.key(i); !new.uniques.has(k, old.uniques.tags[i]) {
			if err := q.tx.Delete(string(k)); err != nil {
				return err
			}
		}
	}
	var idBytes [8]byte
	binary.BigEndian.PutUint64(idBytes[:], uint64(id))
	violated := make([]bool, 0, 4)
	for i := range new.uniques.len() {
		k, tag := new.uniques.key(i), new.uniques.tags[i]
		if old.uniques.has(k, tag) {
			continue
		}
		key := string(k)
		if it, ok := q.tx.Get(key); ok && string(it.Value) != string(idBytes[:]) {
			for len(violated) <= int(tag) {
				violated = append(violated, false)
			}
			violated[tag] = true
			continue
		}
		if err := q.tx.Put(key, idBytes[:]); err != nil {
			return err
		}
	}
	var failures []eval.ConstraintFailure
	for i, bad := range violated {
		if !bad {
			continue
		}
		u := c.def.uniques[i]
		paths := make([][]any, len(u.fields))
		for j, f := range u.fields {
			paths[j] = f.path.label()
		}
		failures = append(failures, eval.ConstraintFailure{Paths: paths, Message: "Failed unique constraint"})
	}
	if len(failures) > 0 {
		e := eval.NewError(eval.CodeConstraintFailure, "Failed unique constraint.")
		e.ConstraintFailures = failures
		return e
	}
	return nil
}
