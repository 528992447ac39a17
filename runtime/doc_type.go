package runtime

import (
	"github.com/fqlite/fqlite/eval"
)

// newDocType builds the type of a collection's documents: `id`/`name` and
// `coll` read without the document existing; every other field and every
// method but `exists` needs the document (Docs.scala guardNullDoc).
func newDocType(c *collection) *eval.Type {
	ty := eval.NewType(c.name)
	ty.NoToString = true
	eval.DefineComparisonOps(ty)
	if c.kind == kindNamed {
		ty.Fields["name"] = func(t *eval.Thread, self eval.Value) (eval.Value, error) {
			return eval.String(self.(*Doc).name), nil
		}
	} else {
		ty.Fields["id"] = func(t *eval.Thread, self eval.Value) (eval.Value, error) {
			return eval.ID(self.(*Doc).id), nil
		}
	}
	ty.Fields["coll"] = func(t *eval.Thread, self eval.Value) (eval.Value, error) {
		return self.(*Doc).c.module, nil
	}
	ty.DynamicField = func(t *eval.Thread, self eval.Value, name string) (eval.Value, bool, error) {
		d := self.(*Doc)
		if name == "exists" {
			return nil, false, nil
		}
		st, err := d.state(t)
		if err != nil {
			return nil, false, err
		}
		if !st.exists {
			return nil, false, d.nullReceiver(st)
		}
		if _, isMethod := ty.Methods[name]; isMethod {
			return nil, false, nil
		}
		return d.field(t, st, name)
	}
	ty.MethodLookup = func(t *eval.Thread, self eval.Value, name string) (*eval.Method, *eval.Null, error) {
		m := ty.Methods[name]
		if m == nil {
			return nil, nil, nil
		}
		if name == "exists" {
			return m, nil, nil
		}
		d := self.(*Doc)
		st, err := d.state(t)
		if err != nil {
			return nil, nil, err
		}
		if !st.exists {
			return nil, &eval.Null{Cause: st.missingCause(), Doc: d}, nil
		}
		return m, nil, nil
	}
	ty.Index = eval.NewMethod("[]", []eval.Param{eval.P("key", eval.StringTag)}, func(t *eval.Thread, self eval.Value, args []eval.Value) (eval.Value, error) {
		d := self.(*Doc)
		name := string(args[0].(eval.String))
		if f, ok := ty.Fields[name]; ok {
			return f(t, self)
		}
		st, err := d.state(t)
		if err != nil {
			return nil, err
		}
		if !st.exists {
			return nil, d.nullReceiver(st)
		}
		v, ok, err := d.field(t, st, name)
		if err != nil || ok {
			return v, err
		}
		return &eval.Null{Cause: eval.NullMissingField, Field: name, Receiver: d}, nil
	})
	defineDocMethods(c, ty)
	return ty
}

// field reads a field of an existing document (ReadBroker.getField).
func (d *Doc) field(t *eval.Thread, st *docState, name string) (eval.Value, bool, error) {
	switch name {
	case "ts":
		if q := queryOf(t); q != nil && q.indexing {
			return nil, false, errIndexContext
		}
		return st.ts, true, nil
	}
	switch d.c.kind {
	case kindUser:
		switch name {
		case "ttl":
			if st.ttl == nil {
				return nil, false, nil
			}
			return st.ttl, true, nil
		case "data":
			data, err := st.userData(queryOf(t))
			return data, err == nil, err
		}
		if def := d.c.def; def != nil {
			if cf := def.computedByName[name]; cf != nil {
				if q := queryOf(t); q != nil && q.indexing {
					if q.indexingDepth > 0 {
						return nil, false, errIndexContext
					}
					q.indexingDepth++
					defer func() { q.indexingDepth-- }()
				}
				v, err := cf.eval(t, d)
				return v, err == nil, err
			}
		}
		data, err := st.userData(queryOf(t))
		if err != nil {
			return nil, false, err
		}
		v, ok := data.Get(name)
		return v, ok, nil
	default:
		if isHiddenField(name) {
			return nil, false, nil
		}
		v, ok := st.fields.Get(name)
		return v, ok, nil
	}
}
