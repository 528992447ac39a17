package runtime

import (
	"encoding/binary"
	"fmt"
	"math"
	"strconv"

	"github.com/fqlite/fqlite/eval"
	"github.com/fqlite/fqlite/runtime/store"
)

// defineUserCollectionMembers gives a user collection's module its static
// members (Collections.scala UserCollectionCompanion): all, where,
// firstWhere, create, createData, byId, definition, `Coll(id)` and one
// method per index.
func defineUserCollectionMembers(c *collection) {
	ty := c.module.Type()
	defineIDedCollectionMembers(c, ty)
	ty.DefineMethod(eval.NewMethod("create", []eval.Param{eval.P("data", eval.ObjectTag)}, func(t *eval.Thread, _ eval.Value, args []eval.Value) (eval.Value, error) {
		q, err := needQuery(t)
		if err != nil {
			return nil, err
		}
		return q.createDoc(c, modeDefault, args[0].(*eval.Object))
	}))
	ty.DefineMethod(eval.NewMethod("createData", []eval.Param{eval.P("data", eval.ObjectTag)}, func(t *eval.Thread, _ eval.Value, args []eval.Value) (eval.Value, error) {
		q, err := needQuery(t)
		if err != nil {
			return nil, err
		}
		return q.createDoc(c, modePlainData, args[0].(*eval.Object))
	}))
	ty.Fields["definition"] = func(t *eval.Thread, self eval.Value) (eval.Value, error) {
		return &Doc{c: collectionColl, name: c.name}, nil
	}
	for _, idx := range c.def.indexes {
		defineIndexMethod(c, ty, idx)
	}
}

// defineIDedCollectionMembers are the members shared by user collections
// and the IDed system collections (Key, Token, Credential).
func defineIDedCollectionMembers(c *collection, ty *eval.Type) {
	ty.DefineMethod(eval.NewMethod("all", nil, func(t *eval.Thread, _ eval.Value, args []eval.Value) (eval.Value, error) {
		if err := t.CheckEffect("`all`", eval.EffectRead); err != nil {
			return nil, err
		}
		return newCollSet(c), nil
	}).Overload([]eval.Param{eval.P("range", eval.AnyTag)}, func(t *eval.Thread, _ eval.Value, args []eval.Value) (eval.Value, error) {
		if err := t.CheckEffect("`all`", eval.EffectRead); err != nil {
			return nil, err
		}
		return collRange(c, args[0])
	}))
	ty.DefineMethod(eval.NewMethod("where", []eval.Param{eval.P("pred", eval.FunctionTag)}, func(t *eval.Thread, _ eval.Value, args []eval.Value) (eval.Value, error) {
		if err := t.CheckEffect("`where`", eval.EffectRead); err != nil {
			return nil, err
		}
		return eval.SetType.Methods["where"].Invoke(t, newCollSet(c), args)
	}))
	ty.DefineMethod(eval.NewMethod("firstWhere", []eval.Param{eval.P("pred", eval.FunctionTag)}, func(t *eval.Thread, _ eval.Value, args []eval.Value) (eval.Value, error) {
		if err := t.CheckEffect("`firstWhere`", eval.EffectRead); err != nil {
			return nil, err
		}
		return eval.SetType.Methods["firstWhere"].Invoke(t, newCollSet(c), args)
	}))
	byID := func(t *eval.Thread, _ eval.Value, args []eval.Value) (eval.Value, error) {
		if err := t.CheckEffect("`byId`", eval.EffectRead); err != nil {
			return nil, err
		}
		id, err := idArg(args[0])
		if err != nil {
			return nil, err
		}
		return &Doc{c: c, id: id}, nil
	}
	ty.DefineMethod(eval.NewMethod("byId", []eval.Param{eval.P("id", idTag)}, byID))
	call := eval.NewMethod(c.name, []eval.Param{eval.P("id", idTag)}, byID)
	ty.Call = func(t *eval.Thread, self eval.Value, args []eval.Value) (eval.Value, error) {
		if !call.Arity.Accepts(len(args)) {
			return nil, eval.ErrArity(call.Arity, len(args))
		}
		return call.Invoke(t, self, args)
	}
}

// idTag accepts what Fauna casts to an ID: IDs, integers and numeric strings.
var idTag = &eval.Tag{Name: "ID", Accept: func(v eval.Value) (eval.Value, bool) {
	switch x := v.(type) {
	case eval.ID:
		return x, true
	case eval.Int:
		return eval.ID(x), true
	case eval.Long:
		return eval.ID(x), true
	case eval.String:
		n, err := strconv.ParseInt(string(x), 10, 64)
		if err != nil {
			return nil, false
		}
		return eval.ID(n), true
	}
	return nil, false
}}

func idArg(v eval.Value) (int64, error) {
	if id, ok := v.(eval.ID); ok {
		return int64(id), nil
	}
	if n, ok := eval.AsInt64(v); ok {
		return n, nil
	}
	return 0, eval.ErrTypeMismatch("ID", v)
}

// needQuery returns the running query, or an error when the thread runs
// outside a database (never for queries run by DB.Query).
func needQuery(t *eval.Thread) (*query, error) {
	q := queryOf(t)
	if q == nil {
		return nil, eval.NewError(eval.CodeInvalidEffect, "No database is open.")
	}
	return q, nil
}

// rangeBounds reads a `{ from, to }` range argument.
func rangeBounds(v eval.Value) (from, to eval.Value, err error) {
	o, ok := v.(*eval.Object)
	if ok {
		from, _ = o.Get("from")
		to, _ = o.Get("to")
	}
	if !ok || (from == nil && to == nil) {
		return nil, nil, eval.NewError(eval.CodeInvalidArgument, "invalid argument `range`: should be an object contining `{ from }`, `{ to }`, or `{ from, to }` fields")
	}
	return from, to, nil
}

// rangeDocID reads a range bound over document ids.
func rangeDocID(field string, v eval.Value) (int64, error) {
	switch x := v.(type) {
	case *Doc:
		return x.id, nil
	case eval.ID:
		return int64(x), nil
	case eval.Int:
		return int64(x), nil
	case eval.Long:
		return int64(x), nil
	case eval.String:
		if n, err := strconv.ParseInt(string(x), 10, 64); err == nil {
			return n, nil
		}
	}
	return 0, eval.Errorf(eval.CodeInvalidArgument, "invalid argument `range`: The `%s` field must be a document id.", field)
}

// collRange is `Coll.all({ from, to })`.
func collRange(c *collection, arg eval.Value) (eval.Value, error) {
	from, to, err := rangeBounds(arg)
	if err != nil {
		return nil, err
	}
	s := newCollSet(c)
	if from != nil {
		id, err := rangeDocID("from", from)
		if err != nil {
			return nil, err
		}
		s.lo = docKey(c.id, id)
	}
	if to != nil {
		id, err := rangeDocID("to", to)
		if err != nil {
			return nil, err
		}
		s.hi = docKey(c.id, id) + "\x00"
	}
	return s, nil
}

// defineIndexMethod adds `Coll.<index>(term1, ..., termN[, range])`.
func defineIndexMethod(c *collection, ty *eval.Type, idx *indexDef) {
	params := make([]eval.Param, len(idx.terms))
	for i := range params {
		params[i] = eval.P(fmt.Sprintf("term%d", i+1), eval.AnyTag)
	}
	withRange := append(append([]eval.Param(nil), params...), eval.P("range", eval.AnyTag))
	action := "`" + idx.name + "`"
	run := func(t *eval.Thread, args []eval.Value, rng eval.Value) (eval.Value, error) {
		if err := t.CheckEffect(action, eval.EffectRead); err != nil {
			return nil, err
		}
		if !idx.queryable {
			return nil, eval.Errorf(eval.CodeInvalidIndexInvocation, "The index `%s.%s` is not queryable.", c.name, idx.name)
		}
		q, err := needQuery(t)
		if err != nil {
			return nil, err
		}
		if !q.hasAnyRead(c.name) {
			return nil, eval.Errorf(eval.CodePermissionDenied, "Insufficient privileges to read from collection %s.", c.name)
		}
		return q.indexLookup(c, idx, args, rng)
	}
	ty.DefineMethod(eval.NewMethod(idx.name, params, func(t *eval.Thread, _ eval.Value, args []eval.Value) (eval.Value, error) {
		return run(t, args, nil)
	}).Overload(withRange, func(t *eval.Thread, _ eval.Value, args []eval.Value) (eval.Value, error) {
		return run(t, args[:len(args)-1], args[len(args)-1])
	}))
}

// indexLookup builds the set of an index call.
func (q *query) indexLookup(c *collection, idx *indexDef, terms []eval.Value, rng eval.Value) (eval.Value, error) {
	prefix := q.keyBuf[:0]
	prefix = appendU64(append(prefix, prefixIndex), c.id)
	prefix = binary.BigEndian.AppendUint32(prefix, idx.num)
	for i, v := range terms {
		if !indexable(v) {
			return nil, eval.Errorf(eval.CodeInvalidArgument, "invalid argument `term%d`: Argument cannot be used as lookup term", i+1)
		}
		prefix = appendOrdered(prefix, v, false, q)
	}
	q.keyBuf = prefix[:0]
	// The set and its bounds take one allocation when the bounds are
	// short, as they are for most terms.
	cell := q.newIndexSet()
	s := &cell.s
	*s = indexSet{c: c, idx: idx}
	s.lo, s.hi = prefixRange(cell.bounds[:], prefix)
	if rng == nil {
		return s, nil
	}
	from, to, err := rangeBounds(rng)
	if err != nil {
		return nil, err
	}
	if from != nil {
		b, err := q.rangePrefix(idx, prefix, "from", from)
		if err != nil {
			return nil, err
		}
		s.lo = string(b)
	}
	if to != nil {
		b, err := q.rangePrefix(idx, prefix, "to", to)
		if err != nil {
			return nil, err
		}
		s.hi = store.PrefixEnd(string(b))
	}
	return s, nil
}

// rangePrefix encodes a range bound: a prefix of the index values (a single
// value or an array of values), or a document id when the index has no
// values.
func (q *query) rangePrefix(idx *indexDef, prefix []byte, field string, v eval.Value) ([]byte, error) {
	b := append([]byte(nil), prefix...)
	if len(idx.values) == 0 {
		id, err := rangeDocID(field, v)
		if err != nil {
			return nil, err
		}
		return appendI64(b, id), nil
	}
	elems := []eval.Value{v}
	if a, ok := v.(*eval.Array); ok {
		if len(idx.values) > 1 {
			elems = a.Elems
		} else if field == "to" {
			// A one-value index compares an array bound as a prefix: a null
			// (which sorts last) makes `to` inclusive of longer arrays.
			elems = []eval.Value{eval.NewArray(append(append([]eval.Value(nil), a.Elems...), eval.NullValue))}
		}
	}
	if len(elems) > len(idx.values) {
		return nil, eval.Errorf(eval.CodeInvalidArgument, "invalid argument `range`: The field `%s` can have at most %d values", field, len(idx.values))
	}
	for i, e := range elems {
		if !indexable(e) {
			return nil, eval.Errorf(eval.CodeInvalidArgument, "invalid argument `range`: The `%s` field should be either an indexable value or an array of values", field)
		}
		if isIDPath(idx.values[i].path) {
			// On an id value a document bound is its id, null is the
			// smallest id and anything that is not an id the largest
			// (CollectionIndexMethod.collectRange).
			switch x := e.(type) {
			case *Doc:
				e = eval.ID(x.id)
			case *eval.Null:
				e = eval.ID(math.MinInt64)
			default:
				if id, err := rangeDocID(field, e); err == nil {
					e = eval.ID(id)
				} else {
					e = eval.ID(math.MaxInt64)
				}
			}
		}
		b = appendOrdered(b, e, idx.values[i].desc, q)
	}
	return b, nil
}

func isIDPath(p fieldPath) bool { return len(p) == 1 && p[0] == "id" }

// indexable reports whether a value can be an index term (persistable).
func indexable(v eval.Value) bool {
	switch x := v.(type) {
	case *eval.Null, eval.Boolean, eval.Int, eval.Long, eval.Double, eval.String, eval.Bytes,
		eval.Time, eval.Date, eval.ID, eval.UUID, *Doc:
		return true
	case *eval.Array:
		for _, e := range x.Elems {
			if !indexable(e) {
				return false
			}
		}
		return true
	case *eval.Object:
		for _, e := range x.Values() {
			if !indexable(e) {
				return false
			}
		}
		return true
	}
	return false
}
