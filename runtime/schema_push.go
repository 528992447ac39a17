package runtime

import (
	"context"
	"errors"
	"sort"

	"github.com/fqlite/fqlite/eval"
	"github.com/fqlite/fqlite/runtime/store"
	"github.com/fqlite/fqlite/schema"
)

// PushOptions configure PushSchema.
type PushOptions struct {
	// DryRun validates the files and computes the changes without applying
	// them.
	DryRun bool
}

// PushResult says what a push changed (or would change).
type PushResult struct {
	// Changes lists the items added, removed and modified, as schema.Diff
	// reports them.
	Changes []schema.Change
	// Version is the schema version after the push.
	Version uint64
}

// PushSchema makes the database's schema the one the FSL files define
// (file name → source), in one transaction: items in the files are created
// or replaced, items not in them are deleted (Fauna's override mode). The
// user `data` of existing schema documents is kept. Errors are a
// schema.Errors (invalid files) or an *eval.Error (a document the schema
// layer could not store, e.g. a unique constraint that existing documents
// violate).
func (db *DB) PushSchema(ctx context.Context, files map[string]string, o PushOptions) (*PushResult, error) {
	want, err := schema.Parse(files)
	if err != nil {
		return nil, err
	}
	res := &PushResult{}
	var qerr error
	_, err = db.st.Update(ctx, db.opts.MaxAttempts, func(tx *store.Txn) error {
		q, err := db.begin(ctx, tx)
		if err != nil {
			return err
		}
		defer q.release()
		cur, err := q.currentSchema()
		if err != nil {
			qerr = err
			return errQueryFailed
		}
		res.Changes = schema.Diff(cur, want)
		if o.DryRun {
			res.Version = q.cat.version
			return nil
		}
		if err := q.applySchema(want); err != nil {
			qerr = err
			return errQueryFailed
		}
		if err := q.finish(); err != nil {
			qerr = err
			return errQueryFailed
		}
		res.Version = readCounter(tx, schemaVersionKey)
		return nil
	})
	if errors.Is(err, errQueryFailed) {
		return nil, qerr
	}
	if err != nil {
		return nil, err
	}
	return res, nil
}

// schemaOrder is the order items are written in: roles before functions
// (a function's @role must exist), collections first (roles name them).
func schemaOrder() []*schemaColl {
	return []*schemaColl{collectionSchema, roleSchema, functionSchema, accessProviderSchema}
}

// applySchema writes the documents of s and deletes the schema documents s
// does not define.
func (q *query) applySchema(s *schema.Schema) error {
	want := map[*schemaColl]map[string]*eval.Object{
		collectionSchema:     {},
		functionSchema:       {},
		roleSchema:           {},
		accessProviderSchema: {},
	}
	for _, c := range s.Collections {
		want[collectionSchema][c.Name] = collectionDocument(c)
	}
	for _, f := range s.Functions {
		want[functionSchema][f.Name] = functionDocument(f)
	}
	for _, r := range s.Roles {
		want[roleSchema][r.Name] = roleDocument(r)
	}
	for _, a := range s.AccessProviders {
		want[accessProviderSchema][a.Name] = accessProviderDocument(a)
	}
	// Deletions first, so a name can move between kinds.
	order := schemaOrder()
	for i := len(order) - 1; i >= 0; i-- {
		sc := order[i]
		var gone []string
		scanNamed(q.tx, sc.id, func(name string, _ *eval.Object) bool {
			if _, keep := want[sc][name]; !keep {
				gone = append(gone, name)
			}
			return true
		})
		for _, name := range gone {
			if _, err := q.writeSchemaDoc(sc, opDelete, name, nil); err != nil {
				return err
			}
		}
	}
	for _, sc := range order {
		names := make([]string, 0, len(want[sc]))
		for name := range want[sc] {
			names = append(names, name)
		}
		sort.Strings(names)
		for _, name := range names {
			doc := want[sc][name]
			old, err := q.readNamed(sc.id, name)
			if err != nil {
				return err
			}
			if old == nil {
				if _, err := q.writeSchemaDoc(sc, opCreate, "", doc); err != nil {
					return err
				}
				continue
			}
			if data, ok := old.Get("data"); ok {
				doc = doc.Copy()
				doc.Set("data", data)
			}
			if sameSchemaDoc(old, doc) {
				continue
			}
			if _, err := q.writeSchemaDoc(sc, opReplace, name, doc); err != nil {
				return err
			}
		}
	}
	return nil
}

// sameSchemaDoc compares a stored schema document with a wanted one,
// ignoring fields fqlite maintains (status, internal fields).
func sameSchemaDoc(stored, want *eval.Object) bool {
	a, b := comparableSchemaDoc(stored), comparableSchemaDoc(want)
	eq, _ := eval.Equal(nil, a, b)
	return eq
}

func comparableSchemaDoc(o *eval.Object) *eval.Object {
	out := eval.NewObject(o.Len())
	keys := append([]string(nil), o.Keys()...)
	sort.Strings(keys)
	for _, k := range keys {
		if isHiddenField(k) {
			continue
		}
		v, _ := o.Get(k)
		switch k {
		case "history_days":
			if n, _ := eval.AsInt64(v); n == 0 {
				continue
			}
		case "indexes":
			if io, ok := v.(*eval.Object); ok {
				v = stripIndexStatus(io)
				if v.(*eval.Object).Len() == 0 {
					continue
				}
			}
		case "constraints":
			if a, ok := v.(*eval.Array); ok {
				if len(a.Elems) == 0 {
					continue
				}
				v = stripConstraintStatus(a)
			}
		}
		out.Set(k, v)
	}
	return out
}

func stripIndexStatus(o *eval.Object) *eval.Object {
	out := eval.NewObject(o.Len())
	for i, name := range o.Keys() {
		def, ok := o.ValueAt(i).(*eval.Object)
		if !ok {
			out.Set(name, o.ValueAt(i))
			continue
		}
		nd := eval.NewObject(def.Len())
		for j, k := range def.Keys() {
			if k == "status" || (k == "queryable" && def.ValueAt(j) == eval.True) {
				continue
			}
			nd.Set(k, def.ValueAt(j))
		}
		out.Set(name, nd)
	}
	return out
}

func stripConstraintStatus(a *eval.Array) *eval.Array {
	out := make([]eval.Value, len(a.Elems))
	for i, e := range a.Elems {
		o, ok := e.(*eval.Object)
		if !ok {
			out[i] = e
			continue
		}
		n := eval.NewObject(o.Len())
		for j, k := range o.Keys() {
			if k != "status" {
				n.Set(k, o.ValueAt(j))
			}
		}
		out[i] = n
	}
	return eval.NewArray(out)
}

// collectionDocument maps an FSL collection to its Collection document
// (spec/fsl-auth.md §1.6).
func collectionDocument(c *schema.Collection) *eval.Object {
	doc := eval.NewObject(8)
	doc.Set("name", eval.String(c.Name))
	if c.Alias != "" {
		doc.Set("alias", eval.String(c.Alias))
	}
	if len(c.Fields) > 0 {
		fields := eval.NewObject(len(c.Fields))
		for _, f := range c.Fields {
			fd := eval.ObjectOf("signature", eval.String(f.Signature()))
			if d := f.DefaultSource(); d != "" {
				fd.Set("default", eval.String(d))
			}
			fields.Set(f.Name, fd)
		}
		doc.Set("fields", fields)
	}
	if c.Wildcard != nil {
		doc.Set("wildcard", eval.String(formatType(c.Wildcard, c.Src)))
	}
	if len(c.ComputedFields) > 0 {
		cfs := eval.NewObject(len(c.ComputedFields))
		for _, cf := range c.ComputedFields {
			d := eval.ObjectOf("body", eval.String(cf.Lambda.Body()))
			if sig := cf.Signature(); sig != "" {
				d.Set("signature", eval.String(sig))
			}
			cfs.Set(cf.Name, d)
		}
		doc.Set("computed_fields", cfs)
	}
	idx := eval.NewObject(len(c.Indexes))
	for _, ix := range c.Indexes {
		d := eval.NewObject(2)
		if len(ix.Terms) > 0 {
			terms := make([]eval.Value, len(ix.Terms))
			for i, t := range ix.Terms {
				terms[i] = eval.ObjectOf("field", eval.String(t.Field()), "mva", eval.Boolean(t.MVA))
			}
			d.Set("terms", eval.NewArray(terms))
		}
		if len(ix.Values) > 0 {
			values := make([]eval.Value, len(ix.Values))
			for i, v := range ix.Values {
				order := "asc"
				if v.Desc {
					order = "desc"
				}
				values[i] = eval.ObjectOf("field", eval.String(v.Field()), "order", eval.String(order), "mva", eval.Boolean(v.MVA))
			}
			d.Set("values", eval.NewArray(values))
		}
		idx.Set(ix.Name, d)
	}
	doc.Set("indexes", idx)
	var cons []eval.Value
	for _, u := range c.Uniques {
		terms := make([]eval.Value, len(u.Terms))
		for i, t := range u.Terms {
			terms[i] = eval.ObjectOf("field", eval.String(t.Field()), "mva", eval.Boolean(t.MVA))
		}
		cons = append(cons, eval.ObjectOf("unique", eval.NewArray(terms)))
	}
	for _, ch := range c.Checks {
		cons = append(cons, eval.ObjectOf("check", eval.ObjectOf("name", eval.String(ch.Name), "body", eval.String(ch.Lambda.Body()))))
	}
	doc.Set("constraints", eval.NewArray(cons))
	doc.Set("history_days", eval.Long(c.HistoryDays))
	if c.TTLDays != nil {
		doc.Set("ttl_days", eval.Long(*c.TTLDays))
	}
	if c.DocumentTTLs != nil {
		doc.Set("document_ttls", eval.Boolean(*c.DocumentTTLs))
	}
	return doc
}

// functionDocument maps an FSL function to its Function document.
func functionDocument(f *schema.Function) *eval.Object {
	doc := eval.ObjectOf("name", eval.String(f.Name), "body", eval.String(f.Body))
	if f.Alias != "" {
		doc.Set("alias", eval.String(f.Alias))
	}
	if f.Signature != "" {
		doc.Set("signature", eval.String(f.Signature))
	}
	if f.Role != "" {
		doc.Set("role", eval.String(f.Role))
	}
	return doc
}

// roleDocument maps an FSL role to its Role document.
func roleDocument(r *schema.Role) *eval.Object {
	doc := eval.ObjectOf("name", eval.String(r.Name))
	privs := make([]eval.Value, 0, len(r.Privileges))
	for _, p := range r.Privileges {
		actions := eval.NewObject(len(p.Actions))
		for _, a := range schema.Actions {
			l, ok := p.Grants(a)
			if !ok {
				continue
			}
			if l == nil {
				actions.Set(string(a), eval.True)
			} else {
				actions.Set(string(a), eval.String(l.Body()))
			}
		}
		privs = append(privs, eval.ObjectOf("resource", eval.String(p.Resource), "actions", actions))
	}
	doc.Set("privileges", eval.NewArray(privs))
	members := make([]eval.Value, 0, len(r.Membership))
	for _, m := range r.Membership {
		o := eval.ObjectOf("resource", eval.String(m.Collection))
		if m.Predicate != nil {
			o.Set("predicate", eval.String(m.Predicate.Body()))
		}
		members = append(members, o)
	}
	doc.Set("membership", eval.NewArray(members))
	return doc
}

// accessProviderDocument maps an FSL access provider to its document.
func accessProviderDocument(a *schema.AccessProvider) *eval.Object {
	doc := eval.ObjectOf("name", eval.String(a.Name), "issuer", eval.String(a.Issuer), "jwks_uri", eval.String(a.JWKSURI))
	roles := make([]eval.Value, 0, len(a.Roles))
	for _, r := range a.Roles {
		if r.Predicate == nil {
			roles = append(roles, eval.String(r.Role))
			continue
		}
		roles = append(roles, eval.ObjectOf("role", eval.String(r.Role), "predicate", eval.String(r.Predicate.Body())))
	}
	doc.Set("roles", eval.NewArray(roles))
	return doc
}
