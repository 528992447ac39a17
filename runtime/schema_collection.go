package runtime

import (
	"fmt"
	"sort"
	"strings"

	"github.com/fqlite/fqlite/eval"
	"github.com/fqlite/fqlite/runtime/store"
)

// normalizeCollection validates a Collection document and fills in what
// Fauna stores: history_days, normalised index terms and values with
// queryable/status, normalised constraints, the internal collection id.
func normalizeCollection(q *query, rec, old *eval.Object) (*eval.Object, []eval.ConstraintFailure, error) {
	var failures []eval.ConstraintFailure
	out := rec.Copy()
	if _, ok := out.Get("#id"); !ok {
		seq := readCounter(q.tx, collSeqKey)
		if seq < firstUserCollectionID {
			seq = firstUserCollectionID
		}
		seq++
		if err := writeCounter(q.tx, collSeqKey, seq); err != nil {
			return nil, nil, err
		}
		out.Set("#id", eval.Long(seq))
	}
	if _, ok := out.Get("history_days"); !ok {
		out.Set("history_days", eval.IntValue(0))
	}
	for _, f := range []string{"history_days", "ttl_days"} {
		if v, ok := out.Get(f); ok {
			n, isInt := eval.AsInt64(v)
			if !isInt {
				failures = append(failures, fieldFailure("Expected Long | Null, provided "+providedType(nil, v), f))
			} else if n < 0 {
				failures = append(failures, fieldFailure("Non-negative value required.", f))
			}
		}
	}
	if v, ok := out.Get("document_ttls"); ok {
		if _, ok := v.(eval.Boolean); !ok {
			failures = append(failures, fieldFailure("Expected Boolean | Null, provided "+providedType(nil, v), "document_ttls"))
		}
	}
	if v, ok := out.Get("indexes"); ok {
		var prev eval.Value
		if old != nil {
			prev, _ = old.Get("indexes")
		}
		idx, fs := normalizeIndexes(v, prev)
		failures = append(failures, fs...)
		out.Set("indexes", idx)
	} else {
		out.Set("indexes", eval.NewObject(0))
	}
	if v, ok := out.Get("constraints"); ok {
		cs, fs := normalizeConstraints(v)
		failures = append(failures, fs...)
		out.Set("constraints", cs)
	} else {
		out.Set("constraints", eval.NewArray(nil))
	}
	if v, ok := out.Get("computed_fields"); ok {
		failures = append(failures, checkNamedBodies("computed_fields", v)...)
		if cf, ok := v.(*eval.Object); ok {
			if fv, ok := out.Get("fields"); ok {
				if fo, ok := fv.(*eval.Object); ok {
					for _, k := range cf.Keys() {
						if fo.Lookup(k) >= 0 {
							failures = append(failures, fieldFailure(fmt.Sprintf("Computed field '%s' collides with a defined field", k), "computed_fields"))
						}
					}
				}
			}
		}
	}
	if v, ok := out.Get("fields"); ok {
		o, isObj := v.(*eval.Object)
		if !isObj {
			failures = append(failures, fieldFailure("Expected { *: { signature: String, default: String | Null } } | Null, provided "+providedType(nil, v), "fields"))
		} else {
			for i, k := range o.Keys() {
				if !identRe.MatchString(k) {
					failures = append(failures, fieldFailure("Invalid identifier.", "fields"))
					continue
				}
				if isSpecialFieldName(k) {
					failures = append(failures, fieldFailure(fmt.Sprintf("The name '%s' is reserved.", k), "fields"))
					continue
				}
				sig := stringField(o.ValueAt(i), "signature")
				if _, err := parseFieldType(sig); err != nil || sig == "" {
					failures = append(failures, signatureFailure(err, "fields", k, "signature"))
				}
				if fo, ok := o.ValueAt(i).(*eval.Object); ok {
					if d, ok := fo.Get("default"); ok {
						if _, isStr := d.(eval.String); !isStr && !eval.IsNull(d) {
							failures = append(failures, fieldFailure("Expected String | Null, provided "+providedType(nil, d), "fields", k, "default"))
						}
					}
				}
			}
		}
	}
	if v, ok := out.Get("wildcard"); ok {
		if w, isStr := v.(eval.String); isStr {
			if _, err := parseFieldTypeIn("*wildcard*", string(w)); err != nil {
				failures = append(failures, signatureFailure(err, "wildcard"))
			}
		}
	}
	if len(failures) == 0 {
		failures = append(failures, checkDefaults(q, out)...)
	}
	if len(failures) == 0 {
		// Everything else must compile.
		if _, err := compileCollDef("", out); err != nil {
			failures = append(failures, fieldFailure(errorText(err)))
		}
	}
	return out, failures, nil
}

func errorText(err error) string {
	if e, ok := err.(*eval.Error); ok {
		return e.Message
	}
	return err.Error()
}

func checkNamedBodies(field string, v eval.Value) []eval.ConstraintFailure {
	o, ok := v.(*eval.Object)
	if !ok {
		return []eval.ConstraintFailure{fieldFailure("Expected { *: { body: String, signature: String | Null } } | Null, provided "+providedType(nil, v), field)}
	}
	var failures []eval.ConstraintFailure
	for i, k := range o.Keys() {
		if !identRe.MatchString(k) {
			failures = append(failures, fieldFailure("Invalid identifier.", field))
			continue
		}
		if isSpecialFieldName(k) {
			failures = append(failures, fieldFailure(fmt.Sprintf("The name '%s' is reserved.", k), field))
			continue
		}
		body := stringField(o.ValueAt(i), "body")
		fn, err := compileBody("*body*", body)
		if err != nil {
			failures = append(failures, bodyParseFailure(err, field, k, "body"))
			continue
		}
		if !fn.Arity().Accepts(1) {
			failures = append(failures, fieldFailure(fmt.Sprintf("Expected exactly 1 argument, but the function was defined with %d arguments", len(fn.Params())), field, k, "body"))
		}
	}
	return failures
}

// normalizeIndexes validates `indexes` and adds what fqlite maintains
// (queryable, status). old is the previous definition (status may be
// echoed back unchanged).
func normalizeIndexes(v, old eval.Value) (eval.Value, []eval.ConstraintFailure) {
	o, ok := v.(*eval.Object)
	if !ok {
		return v, []eval.ConstraintFailure{fieldFailure("Expected { *: { terms: Array<{ field: String, mva: Boolean | Null }> | Null, values: Array<{ field: String, mva: Boolean | Null, order: \"asc\" | \"desc\" | Null }> | Null, queryable: Boolean | Null } } | Null, provided "+providedType(nil, v), "indexes")}
	}
	oldIdx, _ := old.(*eval.Object)
	var failures []eval.ConstraintFailure
	out := eval.NewObject(o.Len())
	for i, name := range o.Keys() {
		if !identRe.MatchString(name) {
			failures = append(failures, fieldFailure("Invalid identifier.", "indexes"))
			continue
		}
		if collReservedNames[name] {
			failures = append(failures, fieldFailure(fmt.Sprintf("The name '%s' is reserved.", name), "indexes"))
			continue
		}
		def, ok := o.ValueAt(i).(*eval.Object)
		if !ok {
			failures = append(failures, fieldFailure("Expected { terms: Array<{ field: String, mva: Boolean | Null }> | Null, values: Array<{ field: String, mva: Boolean | Null, order: \"asc\" | \"desc\" | Null }> | Null, queryable: Boolean | Null }, provided "+providedType(nil, o.ValueAt(i)), "indexes", name))
			continue
		}
		var prevStatus eval.Value
		if oldIdx != nil {
			if od, ok := oldIdx.Get(name); ok {
				if odo, ok := od.(*eval.Object); ok {
					prevStatus, _ = odo.Get("status")
				}
			}
		}
		nd := eval.NewObject(4)
		shaped := false
		for _, k := range def.Keys() {
			switch k {
			case "terms", "values", "queryable":
			case "status":
				st, _ := def.Get("status")
				if prevStatus == nil || !sameValue(st, prevStatus) {
					failures = append(failures, fieldFailure("Failed to update field because it is readonly", "indexes", name, "status"))
				}
			default:
				failures = append(failures, fieldFailure("Unexpected field provided", "indexes", name, k))
			}
		}
		for _, part := range []string{"terms", "values"} {
			pv, ok := def.Get(part)
			if !ok || eval.IsNull(pv) {
				continue
			}
			arr, ok := pv.(*eval.Array)
			if !ok {
				failures = append(failures, fieldFailure("Expected Array, provided "+providedType(nil, pv), "indexes", name, part))
				continue
			}
			shaped = true
			for j, e := range arr.Elems {
				if msg := checkIndexField(e, part == "values"); msg != "" {
					path := []any{"indexes", name, part, j}
					if _, isObj := e.(*eval.Object); isObj || msg != "Unexpected field provided" {
						path = append(path, "field")
					}
					if msg == "Unexpected field provided" {
						path = path[:4]
					}
					failures = append(failures, fieldFailure(msg, path...))
				}
			}
			nd.Set(part, arr)
		}
		if !shaped {
			failures = append(failures, fieldFailure("Union requires fields [terms], [values], or [terms, values]", "indexes", name))
			continue
		}
		if q, ok := def.Get("queryable"); ok {
			nd.Set("queryable", q)
		} else {
			nd.Set("queryable", eval.True)
		}
		nd.Set("status", eval.String("complete"))
		out.Set(name, nd)
	}
	return out, failures
}

func sameValue(a, b eval.Value) bool {
	eq, _ := eval.Equal(nil, a, b)
	return eq
}

// checkIndexField validates a term or value's field path and returns the
// failure message, or "".
func checkIndexField(e eval.Value, value bool) string {
	if _, msg := normalizeIndexField(e, value); msg != "" {
		return msg
	}
	var field string
	switch x := e.(type) {
	case eval.String:
		field = string(x)
	case *eval.Object:
		field = stringField(x, "field")
	}
	if field == "" {
		return "Value cannot be empty."
	}
	p, err := parseFieldPath(field)
	if err != nil {
		return fmt.Sprintf("Value `%s` is not a valid FQL path expression.", field)
	}
	if len(p) == 1 {
		switch p[0] {
		case "coll":
			if value {
				return "`coll` is not supported as a specified index value."
			}
			return "`coll` is not supported as an index term."
		case "id":
			if !value {
				return "`id` is not supported as an index term, use the native byId method to look up a document by its id."
			}
		case "ts":
			if !value {
				return "`ts` may only be used as an index value, not as an index term."
			}
		}
	}
	return ""
}

// normalizeIndexField validates an index term or value, `"email"` or
// `{ field: ".email", mva?, order? }`. Definitions written in FQL are
// stored as given (Fauna returns them as written); FSL pushes store the
// normalised `{ field: ".email", mva: false }` form.
func normalizeIndexField(e eval.Value, value bool) (eval.Value, string) {
	switch x := e.(type) {
	case eval.String:
	case *eval.Object:
		fv, ok := x.Get("field")
		if _, isStr := fv.(eval.String); !ok || !isStr {
			return nil, "Missing required field of type String"
		}
		if m, ok := x.Get("mva"); ok && !eval.IsNull(m) {
			if _, ok := m.(eval.Boolean); !ok {
				return nil, "Expected Boolean | Null, provided " + providedType(nil, m)
			}
		}
		if o, ok := x.Get("order"); ok && !eval.IsNull(o) {
			s, _ := o.(eval.String)
			if !value || (s != "asc" && s != "desc") {
				return nil, "Unexpected field provided"
			}
		}
		for _, k := range x.Keys() {
			switch k {
			case "field", "mva":
			case "order":
				if !value {
					return nil, "Unexpected field provided"
				}
			default:
				return nil, "Unexpected field provided"
			}
		}
	default:
		return nil, "Expected { field: String, mva: Boolean | Null } | String, provided " + providedType(nil, e)
	}
	return e, ""
}

// normalizeConstraints validates `constraints`.
func normalizeConstraints(v eval.Value) (eval.Value, []eval.ConstraintFailure) {
	a, ok := v.(*eval.Array)
	if !ok {
		return v, []eval.ConstraintFailure{fieldFailure("Expected Array<{ *: Any }> | Null, provided "+providedType(nil, v), "constraints")}
	}
	var failures []eval.ConstraintFailure
	out := make([]eval.Value, 0, len(a.Elems))
	checkNames := map[string]int{}
	uniqueSeen := map[uint32]bool{}
	for i, e := range a.Elems {
		o, ok := e.(*eval.Object)
		if !ok {
			failures = append(failures, fieldFailure("Expected { unique: Array<...> } | { check: { name: String, body: String } }, provided "+providedType(nil, e), "constraints", i))
			continue
		}
		if st, ok := o.Get("status"); ok {
			// status is maintained by fqlite; echoing the current value back
			// (a definition read and written again) is accepted.
			if s, isStr := st.(eval.String); !isStr || s != "active" {
				failures = append(failures, fieldFailure("Failed to update field because it is readonly", "constraints", i, "status"))
				continue
			}
		}
		if u, ok := o.Get("unique"); ok {
			arr, ok := u.(*eval.Array)
			if !ok || len(arr.Elems) == 0 {
				failures = append(failures, fieldFailure("Expected non-empty terms for a unique constraint", "constraints", i, "unique"))
				continue
			}
			fields := make([]eval.Value, 0, len(arr.Elems))
			for j, f := range arr.Elems {
				nf, msg := normalizeIndexField(f, false)
				if msg != "" {
					failures = append(failures, fieldFailure(msg, "constraints", i, "unique", j))
					continue
				}
				// `{ field: "x" }` is returned in the simple form, "x".
				if o, ok := nf.(*eval.Object); ok && o.Len() == 1 {
					nf, _ = o.Get("field")
				}
				path, _ := parseFieldPath(stringField(nf, "field"))
				if len(path) == 1 && (path[0] == "id" || path[0] == "coll" || path[0] == "ts") {
					failures = append(failures, fieldFailure(fmt.Sprintf("`%s` cannot be used in a unique constraint.", path[0]), "constraints", i, "unique", j))
				}
				fields = append(fields, nf)
			}
			ud, err := parseUniqueDef(eval.NewArray(fields))
			if err == nil {
				if uniqueSeen[ud.num] {
					failures = append(failures, fieldFailure("Duplicate unique constraint on path ["+canonicalUnique(ud)+"]", "constraints"))
					continue
				}
				uniqueSeen[ud.num] = true
			}
			out = append(out, eval.ObjectOf("unique", eval.NewArray(fields), "status", eval.String("active")))
			continue
		}
		if ch, ok := o.Get("check"); ok {
			co, ok := ch.(*eval.Object)
			name := stringField(ch, "name")
			body := stringField(ch, "body")
			if !ok || name == "" || body == "" {
				failures = append(failures, fieldFailure("Expected { name: String, body: String }", "constraints", i, "check"))
				continue
			}
			if !identRe.MatchString(name) {
				failures = append(failures, fieldFailure("Invalid identifier.", "constraints", i, "check", "name"))
				continue
			}
			checkNames[name]++
			fn, err := compileBody("*body*", body)
			if err != nil {
				failures = append(failures, bodyParseFailure(err, "constraints", i, "check", "body"))
				continue
			}
			if !fn.Arity().Accepts(1) {
				failures = append(failures, fieldFailure(fmt.Sprintf("Expected exactly 1 argument, but the function was defined with %d arguments", len(fn.Params())), "constraints", i, "check", "body"))
				continue
			}
			out = append(out, eval.ObjectOf("check", co))
			continue
		}
		failures = append(failures, fieldFailure("Expected { unique: Array<...> } | { check: { name: String, body: String } }", "constraints", i))
	}
	var dups []string
	for name, n := range checkNames {
		if n > 1 {
			dups = append(dups, name)
		}
	}
	sort.Strings(dups)
	for _, name := range dups {
		failures = append(failures, fieldFailure(fmt.Sprintf("Duplicate check constraint name '%s'", name), "constraints"))
	}
	return eval.NewArray(out), failures
}

// bodyParseFailure is the failure of an FQL body that does not parse:
// "Unable to parse FQL source code." followed by the parse errors, each
// rendered against `*body*` and indented (QueryFailure.scala).
func bodyParseFailure(err error, path ...any) eval.ConstraintFailure {
	msg := "Unable to parse FQL source code."
	if e, ok := err.(*eval.Error); ok && len(e.Checks) > 0 {
		for _, c := range e.Checks {
			msg += "\n" + c.Render()
		}
	}
	return fieldFailure(msg, path...)
}

// afterCollectionWrite keeps a collection's stored data in step with its
// definition: new indexes and unique constraints are built from the
// existing documents (fqlite builds synchronously, so indexes are always
// queryable), dropped ones are removed, and deleting a collection deletes
// its documents.
func afterCollectionWrite(q *query, name string, rec, old *eval.Object) error {
	src := rec
	if src == nil {
		src = old
	}
	idv, _ := src.Get("#id")
	n, _ := eval.AsInt64(idv)
	id := uint64(n)
	if q.collsChanged == nil {
		q.collsChanged = map[uint64]bool{}
	}
	if old != nil {
		if q.collsWritten[id] {
			return eval.NewError(eval.CodeInvalidWrite, "Cannot modify a document and its collection in the same query.")
		}
		q.collsChanged[id] = true
	}
	if rec == nil {
		for _, p := range []string{docPrefix(id), string(indexPrefix(id, 0)[:9]), string(uniquePrefix(id, 0)[:9])} {
			if err := deleteRange(q.tx, p, store.PrefixEnd(p)); err != nil {
				return err
			}
		}
		return nil
	}
	if old == nil {
		return nil
	}
	newC, err := newUserCollection(q.cat, name, rec)
	if err != nil {
		return err
	}
	oldDef, err := compileCollDef(name, old)
	if err != nil {
		return err
	}
	keepIdx := map[uint32]bool{}
	for _, idx := range newC.def.indexes {
		keepIdx[idx.num] = true
	}
	for _, idx := range oldDef.indexes {
		if !keepIdx[idx.num] {
			p := string(indexPrefix(id, idx.num))
			if err := deleteRange(q.tx, p, store.PrefixEnd(p)); err != nil {
				return err
			}
		}
	}
	hadIdx := map[uint32]bool{}
	for _, idx := range oldDef.indexes {
		hadIdx[idx.num] = true
	}
	keepU := map[uint32]bool{}
	for _, u := range newC.def.uniques {
		keepU[u.num] = true
	}
	for _, u := range oldDef.uniques {
		if !keepU[u.num] {
			p := string(uniquePrefix(id, u.num))
			if err := deleteRange(q.tx, p, store.PrefixEnd(p)); err != nil {
				return err
			}
		}
	}
	hadU := map[uint32]bool{}
	for _, u := range oldDef.uniques {
		hadU[u.num] = true
	}
	var build []*indexDef
	for _, idx := range newC.def.indexes {
		if !hadIdx[idx.num] {
			build = append(build, idx)
		}
	}
	var buildU []int // positions in newC.def.uniques
	for i, u := range newC.def.uniques {
		if !hadU[u.num] {
			buildU = append(buildU, i)
		}
	}
	if len(build) == 0 && len(buildU) == 0 {
		return nil
	}
	p := docPrefix(id)
	return rangeScan(q.tx, p, store.PrefixEnd(p), false, func(k string, it store.Item) (bool, error) {
		d := &Doc{c: newC, id: docIDFromKey(k)}
		st, err := q.decodeState(newC, it)
		if err != nil || !st.exists {
			return err == nil, err
		}
		d = q.docWithState(d, st)
		var keys keyList
		for _, idx := range build {
			if err := q.indexKeys(&keys, newC, idx, d, st); err != nil {
				return false, err
			}
		}
		for i := range keys.len() {
			if err := q.tx.PutBytes(keys.key(i), it.Value); err != nil {
				return false, storeError(err)
			}
		}
		keys.reset()
		for _, i := range buildU {
			if err := q.uniqueKeys(&keys, newC, i, d, st); err != nil {
				return false, err
			}
		}
		for i := range keys.len() {
			key := string(keys.key(i))
			if _, taken := q.tx.Get(key); taken {
				// Existing duplicates do not fail the build (as in
				// Fauna); the first document keeps the claim and new
				// duplicates are refused from now on.
				continue
			}
			if err := q.tx.Put(key, appendU64(nil, uint64(d.id))); err != nil {
				return false, storeError(err)
			}
		}
		return true, nil
	})
}

// deleteRange deletes every key in [lo, hi).
func deleteRange(tx *store.Txn, lo, hi string) error {
	return rangeScan(tx, lo, hi, false, func(k string, _ store.Item) (bool, error) {
		return true, storeError(tx.Delete(k))
	})
}

// storeError turns store failures into query errors.
func storeError(err error) error {
	switch err {
	case nil:
		return nil
	case store.ErrTxnTooLarge, store.ErrValueTooLarge, store.ErrKeyTooLarge:
		return eval.NewError(eval.CodeValueTooLarge, "Transaction exceeds the maximum size (16 MiB).")
	}
	return err
}

// collReservedNames are the static members of a user collection, which
// index names may not shadow (CollectionValidators.isNameReservedInColl).
var collReservedNames = fieldSet("all", "where", "firstWhere", "create", "createData", "createAll", "byId", "definition", "toString")

// canonicalUnique names a unique constraint's paths: ".a, .b". The
// constraint identity ignores the order of the paths.
func canonicalUnique(u *uniqueDef) string {
	paths := make([]string, len(u.fields))
	for i, f := range u.fields {
		paths[i] = f.path.String()
	}
	return strings.Join(paths, ", ")
}

// signatureFailure is "Failed parsing user-provided signature." with the
// parse errors nested below it.
func signatureFailure(err error, path ...any) eval.ConstraintFailure {
	msg := "Failed parsing user-provided signature."
	if e, ok := err.(*eval.Error); ok && len(e.Checks) > 0 {
		for _, c := range e.Checks {
			msg += "\n" + c.Render()
		}
	}
	return fieldFailure(msg, path...)
}

// checkDefaults evaluates each defined field's default as Fauna does when
// a collection is defined: defaults must be pure (Time.now() and newId()
// are allowed).
func checkDefaults(q *query, rec *eval.Object) []eval.ConstraintFailure {
	fv, ok := rec.Get("fields")
	if !ok {
		return nil
	}
	fields, ok := fv.(*eval.Object)
	if !ok {
		return nil
	}
	var failures []eval.ConstraintFailure
	for i, name := range fields.Keys() {
		src := stringField(fields.ValueAt(i), "default")
		if src == "" {
			continue
		}
		if _, err := evalDefault(q, name, src); err != nil {
			failures = append(failures, fieldFailure("Default field evaluation failed.\n"+eval.AsError(err).Summary(), name))
		}
	}
	return failures
}

// evalDefault evaluates a default value expression under the default-value
// effect limit; errors point into `*field:<name>*`.
func evalDefault(q *query, name, src string) (eval.Value, error) {
	prog, err := compileDefault(name, src)
	if err != nil {
		return nil, err
	}
	prevLimit := q.t.LimitEffects(eval.LimitDefaultValues)
	defer q.t.RestoreEffects(prevLimit)
	return prog.Eval(q.t)
}
