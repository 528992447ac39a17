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
			v = eval.Time{T: q.t.Now}
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
// field is a single nil.
func (q *query) fieldValues(d *Doc, st *docState, f indexField) ([]eval.Value, error) {
	v, ok, err := q.pathValue(d, st, f.path)
	if err != nil {
		return nil, err
	}
	if !ok {
		return []eval.Value{nil}, nil
	}
	if f.mva {
		if a, ok := v.(*eval.Array); ok {
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
			if len(out) == 0 {
				return []eval.Value{nil}, nil
			}
			return out, nil
		}
	}
	return []eval.Value{v}, nil
}

// tupleKeys appends to prefix every combination of the fields' values (mva
// fields multiply) and calls emit with each key; skipNull drops tuples
// with a missing field (terms and unique constraints).
func (q *query) tupleKeys(d *Doc, st *docState, prefix []byte, fields []indexField, descOK, skipNull bool, emit func([]byte) error) error {
	if len(fields) == 0 {
		return emit(prefix)
	}
	vals, err := q.fieldValues(d, st, fields[0])
	if err != nil {
		return err
	}
	var seen map[string]bool
	if len(vals) > 1 {
		seen = map[string]bool{}
	}
	for _, v := range vals {
		if v == nil && skipNull {
			continue
		}
		k := appendOrdered(append([]byte(nil), prefix...), v, descOK && fields[0].desc, q)
		if len(vals) > 1 {
			if seen[string(k)] {
				continue
			}
			seen[string(k)] = true
		}
		if err := q.tupleKeys(d, st, k, fields[1:], descOK, skipNull, emit); err != nil {
			return err
		}
	}
	return nil
}

// indexKeys returns the entry keys of a document in an index.
func (q *query) indexKeys(c *collection, idx *indexDef, d *Doc, st *docState) ([]string, error) {
	var keys []string
	base := indexPrefix(c.id, idx.num)
	err := q.tupleKeys(d, st, base, idx.terms, false, true, func(k []byte) error {
		return q.tupleKeys(d, st, k, idx.values, true, false, func(k []byte) error {
			keys = append(keys, string(appendI64(k, d.id)))
			return nil
		})
	})
	return keys, err
}

// uniqueKeys returns the keys a document claims under a unique constraint.
func (q *query) uniqueKeys(c *collection, u *uniqueDef, d *Doc, st *docState) ([]string, error) {
	var keys []string
	err := q.tupleKeys(d, st, uniquePrefix(c.id, u.num), u.fields, false, true, func(k []byte) error {
		keys = append(keys, string(k))
		return nil
	})
	return keys, err
}

// docIndexState is a document's index entries and unique claims.
type docIndexState struct {
	entries []string
	uniques [][]string // per constraint
}

func (q *query) indexState(c *collection, d *Doc, st *docState) (*docIndexState, error) {
	s := &docIndexState{}
	if st == nil || !st.exists || c.def == nil {
		return s, nil
	}
	// Index maintenance sees the document whatever the caller may read.
	saved := q.perms
	q.perms = adminPerms
	defer func() { q.perms = saved }()
	for _, idx := range c.def.indexes {
		keys, err := q.indexKeys(c, idx, d, st)
		if err != nil {
			return nil, err
		}
		s.entries = append(s.entries, keys...)
	}
	s.uniques = make([][]string, len(c.def.uniques))
	for i, u := range c.def.uniques {
		keys, err := q.uniqueKeys(c, u, d, st)
		if err != nil {
			return nil, err
		}
		s.uniques[i] = keys
	}
	return s, nil
}

// reindex moves a document's index entries and unique claims from old to
// new (either may be empty) and reports unique violations. Every entry
// holds a copy of the document's record (rec), so reading a document
// through an index costs no second lookup; the copies are rewritten with
// the document, in the same commit, so they are never stale.
func (q *query) reindex(c *collection, id int64, old, new *docIndexState, rec []byte) error {
	for _, k := range old.entries {
		if !contains(new.entries, k) {
			if err := q.tx.Delete(k); err != nil {
				return err
			}
		}
	}
	for _, k := range new.entries {
		if err := q.tx.Put(k, rec); err != nil {
			return err
		}
	}
	if c.def == nil {
		return nil
	}
	idBytes := binary.BigEndian.AppendUint64(nil, uint64(id))
	var failures []eval.ConstraintFailure
	for i, u := range c.def.uniques {
		var oldKeys, newKeys []string
		if i < len(old.uniques) {
			oldKeys = old.uniques[i]
		}
		if i < len(new.uniques) {
			newKeys = new.uniques[i]
		}
		for _, k := range oldKeys {
			if !contains(newKeys, k) {
				if err := q.tx.Delete(k); err != nil {
					return err
				}
			}
		}
		violated := false
		for _, k := range newKeys {
			if contains(oldKeys, k) {
				continue
			}
			if it, ok := q.tx.Get(k); ok && string(it.Value) != string(idBytes) {
				violated = true
				continue
			}
			if err := q.tx.Put(k, idBytes); err != nil {
				return err
			}
		}
		if violated {
			paths := make([][]any, len(u.fields))
			for j, f := range u.fields {
				paths[j] = f.path.label()
			}
			failures = append(failures, eval.ConstraintFailure{Paths: paths, Message: "Failed unique constraint"})
		}
	}
	if len(failures) > 0 {
		e := eval.NewError(eval.CodeConstraintFailure, "Failed unique constraint.")
		e.ConstraintFailures = failures
		return e
	}
	return nil
}

// contains is a linear search: a document has few index entries.
func contains(keys []string, k string) bool {
	for _, x := range keys {
		if x == k {
			return true
		}
	}
	return false
}
