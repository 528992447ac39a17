package runtime

import (
	"sync"
	"time"

	"strings"

	"github.com/fqlite/fqlite/eval"
	"github.com/fqlite/fqlite/lang"
)

// fieldType is the declared type of a collection field (`email: String`),
// checked against the values written (spec/fsl-auth.md §1.2).
type fieldType struct {
	expr lang.TypeExpr
	src  *lang.Source

	mu       sync.Mutex
	defaults map[*lang.TypeField]*eval.Program // nested default values, compiled on use
}

func parseFieldType(sig string) (*fieldType, error) {
	return parseFieldTypeIn("*signature*", sig)
}

// parseFieldTypeIn parses a type signature, naming its source (parse
// errors point into `*signature*` or `*wildcard*`).
func parseFieldTypeIn(srcName, sig string) (*fieldType, error) {
	if sig == "" {
		return &fieldType{}, nil
	}
	src := lang.NewSource(srcName, sig)
	te, err := lang.ParseType(src)
	if err != nil {
		return nil, eval.AsError(err)
	}
	return &fieldType{expr: te, src: src}, nil
}

// optional reports whether the field may be absent (its type admits null).
func (ft *fieldType) optional() bool {
	return ft.expr == nil || admitsNull(ft.expr)
}

func admitsNull(te lang.TypeExpr) bool {
	t, ok := te.(*lang.Type)
	if !ok {
		return false
	}
	switch t.Kind {
	case lang.TypeAny, lang.TypeNullable:
		return true
	case lang.TypeName:
		return t.Name == "Null" || t.Name == "Any"
	case lang.TypeSingleton:
		return t.Lit != nil && t.Lit.Kind == lang.LitNull
	case lang.TypeUnion:
		for _, a := range t.Args {
			if admitsNull(a) {
				return true
			}
		}
	}
	return false
}

// display renders the type as Fauna's constraint failures show it:
// `T?` becomes `T | Null` (`Bar | NullBar` for a document type).
func (ft *fieldType) display(cat *catalog) string {
	if ft.expr == nil {
		return "Any"
	}
	return displayType(cat, ft.expr)
}

func displayType(cat *catalog, te lang.TypeExpr) string {
	t, ok := te.(*lang.Type)
	if !ok {
		return "Any"
	}
	switch t.Kind {
	case lang.TypeAny:
		return "Any"
	case lang.TypeNever:
		return "Never"
	case lang.TypeName:
		return t.Name
	case lang.TypeCons:
		if t.Name == "Ref" && len(t.Args) == 1 {
			// A reference may be to a missing document: `Ref<Bar>` is
			// `Bar | NullBar`.
			if n, ok := t.Args[0].(*lang.Type); ok && n.Kind == lang.TypeName {
				return n.Name + " | Null" + n.Name
			}
		}
		parts := make([]string, len(t.Args))
		for i, a := range t.Args {
			parts[i] = displayType(cat, a)
		}
		return t.Name + "<" + strings.Join(parts, ", ") + ">"
	case lang.TypeSingleton:
		return eval.RenderFQL(litValue(t.Lit), zeroTime)
	case lang.TypeNullable:
		base := displayType(cat, t.Args[0])
		if bt, ok := t.Args[0].(*lang.Type); ok && bt.Kind == lang.TypeName && cat != nil && cat.colls[bt.Name] != nil {
			return base + " | Null" + bt.Name
		}
		return base + " | Null"
	case lang.TypeUnion:
		parts := make([]string, len(t.Args))
		for i, a := range t.Args {
			parts[i] = displayType(cat, a)
		}
		return strings.Join(parts, " | ")
	case lang.TypeObject:
		var parts []string
		for _, f := range t.Fields {
			opt := ""
			if f.Optional {
				opt = "?"
			}
			parts = append(parts, f.Name.Str+opt+": "+displayType(cat, f.Type))
		}
		if t.Wildcard != nil {
			parts = append(parts, "*: "+displayType(cat, t.Wildcard))
		}
		if len(parts) == 0 {
			return "{}"
		}
		return "{ " + strings.Join(parts, ", ") + " }"
	case lang.TypeTuple:
		parts := make([]string, len(t.Args))
		for i, a := range t.Args {
			parts[i] = displayType(cat, a)
		}
		return "[" + strings.Join(parts, ", ") + "]"
	}
	return "Any"
}

// typeError describes why v does not conform: the path below the field
// and the message (`Expected String, provided Int`, `Unexpected field
// provided`, `Missing required field of type String`).
type typeError struct {
	path []any
	msg  string
}

// check validates v against the type; it returns the failures found.
func (ft *fieldType) check(cat *catalog, v eval.Value) []typeError {
	if ft.expr == nil {
		return nil
	}
	if conforms(cat, ft.expr, v) {
		return nil
	}
	// Objects are checked field by field so that the failure points at
	// the field (z.b: Unexpected field provided).
	if t, ok := ft.expr.(*lang.Type); ok && t.Kind == lang.TypeObject {
		if o, ok := v.(*eval.Object); ok {
			return checkObject(cat, t, o)
		}
	}
	return []typeError{{msg: "Expected " + displayType(cat, ft.expr) + ", provided " + providedType(ft.expr, v)}}
}

func checkObject(cat *catalog, t *lang.Type, o *eval.Object) []typeError {
	var errs []typeError
	declared := map[string]bool{}
	for _, f := range t.Fields {
		declared[f.Name.Str] = true
		v, ok := o.Get(f.Name.Str)
		if !ok || eval.IsNull(v) {
			if !f.Optional && !admitsNull(f.Type) {
				errs = append(errs, typeError{path: []any{f.Name.Str}, msg: "Missing required field of type " + displayType(cat, f.Type)})
			}
			continue
		}
		sub := (&fieldType{expr: f.Type}).check(cat, v)
		for _, e := range sub {
			errs = append(errs, typeError{path: append([]any{f.Name.Str}, e.path...), msg: e.msg})
		}
	}
	for i, k := range o.Keys() {
		if declared[k] {
			continue
		}
		if t.Wildcard == nil {
			errs = append(errs, typeError{path: []any{k}, msg: "Unexpected field provided"})
			continue
		}
		sub := (&fieldType{expr: t.Wildcard}).check(cat, o.ValueAt(i))
		for _, e := range sub {
			errs = append(errs, typeError{path: append([]any{k}, e.path...), msg: e.msg})
		}
	}
	return errs
}

// providedType names a value's type for "provided X": literals when the
// expected type is made of literals.
func providedType(expected lang.TypeExpr, v eval.Value) string {
	if hasSingleton(expected) {
		switch v.(type) {
		case eval.String, eval.Int, eval.Long, eval.Double, eval.Boolean:
			return eval.RenderFQL(v, zeroTime)
		}
	}
	return preciseType(v)
}

// preciseType is the type Fauna infers for a value in constraint failures
// (SchemaType.valuePreciseType): `{ x: Int }`, `[Int, String]`.
func preciseType(v eval.Value) string {
	switch x := v.(type) {
	case *Doc:
		return "Document"
	case *eval.Object:
		if x.Len() == 0 {
			return "{}"
		}
		parts := make([]string, x.Len())
		for i, k := range x.Keys() {
			parts[i] = k + ": " + preciseType(x.ValueAt(i))
		}
		return "{ " + strings.Join(parts, ", ") + " }"
	case *eval.Array:
		parts := make([]string, len(x.Elems))
		for i, e := range x.Elems {
			parts[i] = preciseType(e)
		}
		return "[" + strings.Join(parts, ", ") + "]"
	}
	return eval.TypeName(v)
}

func hasSingleton(te lang.TypeExpr) bool {
	t, ok := te.(*lang.Type)
	if !ok {
		return false
	}
	switch t.Kind {
	case lang.TypeSingleton:
		return true
	case lang.TypeUnion, lang.TypeNullable:
		for _, a := range t.Args {
			if hasSingleton(a) {
				return true
			}
		}
	}
	return false
}

// conforms reports whether v has type te.
func conforms(cat *catalog, te lang.TypeExpr, v eval.Value) bool {
	t, ok := te.(*lang.Type)
	if !ok {
		return true
	}
	switch t.Kind {
	case lang.TypeAny, lang.TypeHole:
		return true
	case lang.TypeNever:
		return false
	case lang.TypeNullable:
		return eval.IsNull(v) || conforms(cat, t.Args[0], v)
	case lang.TypeUnion:
		for _, a := range t.Args {
			if conforms(cat, a, v) {
				return true
			}
		}
		return false
	case lang.TypeIntersect:
		for _, a := range t.Args {
			if !conforms(cat, a, v) {
				return false
			}
		}
		return true
	case lang.TypeSingleton:
		eq, _ := eval.Equal(nil, litValue(t.Lit), v)
		return eq
	case lang.TypeObject:
		o, ok := v.(*eval.Object)
		if !ok {
			return false
		}
		return len(checkObject(cat, t, o)) == 0
	case lang.TypeTuple:
		a, ok := v.(*eval.Array)
		if !ok || len(a.Elems) != len(t.Args) {
			return false
		}
		for i, e := range a.Elems {
			if !conforms(cat, t.Args[i], e) {
				return false
			}
		}
		return true
	case lang.TypeCons:
		switch t.Name {
		case "Array":
			a, ok := v.(*eval.Array)
			if !ok {
				return false
			}
			if len(t.Args) == 1 {
				for _, e := range a.Elems {
					if !conforms(cat, t.Args[0], e) {
						return false
					}
				}
			}
			return true
		case "Ref":
			if len(t.Args) == 1 {
				if n, ok := t.Args[0].(*lang.Type); ok && n.Kind == lang.TypeName {
					return isDocOf(v, n.Name)
				}
			}
			_, ok := v.(*Doc)
			return ok
		}
		return false
	case lang.TypeName:
		return conformsName(cat, t.Name, v)
	}
	return false
}

func isDocOf(v eval.Value, coll string) bool {
	d, ok := v.(*Doc)
	return ok && (d.c.name == coll || d.c.alias == coll)
}

func conformsName(cat *catalog, name string, v eval.Value) bool {
	switch name {
	case "Any":
		return true
	case "Null":
		return eval.IsNull(v)
	case "String":
		_, ok := v.(eval.String)
		return ok
	case "Boolean":
		_, ok := v.(eval.Boolean)
		return ok
	case "Number":
		switch v.(type) {
		case eval.Int, eval.Long, eval.Double:
			return true
		}
		return false
	case "Int":
		_, ok := v.(eval.Int)
		return ok
	case "Long":
		switch v.(type) {
		case eval.Int, eval.Long:
			return true
		}
		return false
	case "Double", "Float":
		_, ok := v.(eval.Double)
		return ok
	case "Time":
		_, ok := v.(eval.Time)
		return ok
	case "Date":
		_, ok := v.(eval.Date)
		return ok
	case "ID":
		_, ok := v.(eval.ID)
		return ok
	case "Bytes":
		_, ok := v.(eval.Bytes)
		return ok
	case "UUID":
		_, ok := v.(eval.UUID)
		return ok
	case "Array":
		_, ok := v.(*eval.Array)
		return ok
	case "Object", "Struct":
		_, ok := v.(*eval.Object)
		return ok
	}
	return isDocOf(v, name)
}

func litValue(l *lang.Lit) eval.Value {
	if l == nil {
		return eval.NullValue
	}
	v, err := eval.LiteralValue(l)
	if err != nil {
		return eval.NullValue
	}
	return v
}

// zeroTime is the transaction time passed when rendering values that
// contain no TransactionTime (type displays).
var zeroTime time.Time

// insertDefaults fills in the defaults of nested object fields
// (`a: { foo: Int = 3, bar: String }`) as Fauna does on create and replace
// (CollectionSchema.insertDefaultFieldsMap): a missing field with a default
// gets it; a missing field of object type becomes an object of its own
// defaults; present objects and arrays of objects are filled recursively.
// present is false when the field itself is missing.
func (ft *fieldType) insertDefaults(q *query, v eval.Value, present bool) (eval.Value, bool, error) {
	if ft.expr == nil {
		return v, present, nil
	}
	return ft.fill(q, ft.expr, v, present)
}

func (ft *fieldType) fill(q *query, te lang.TypeExpr, v eval.Value, present bool) (eval.Value, bool, error) {
	t, ok := te.(*lang.Type)
	if !ok {
		return v, present, nil
	}
	switch t.Kind {
	case lang.TypeObject:
		var o *eval.Object
		if !present {
			o = eval.NewObject(len(t.Fields))
		} else if o, ok = v.(*eval.Object); !ok {
			return v, present, nil
		}
		out := o
		for i := range t.Fields {
			f := &t.Fields[i]
			cur, has := o.Get(f.Name.Str)
			if has && eval.IsNull(cur) {
				// An explicit null is kept (and fails a required field).
				continue
			}
			var nv eval.Value
			var set bool
			var err error
			if !has && f.Default != nil {
				nv, err = ft.evalNested(q, f)
				if err != nil {
					return nil, false, err
				}
				set = !eval.IsNull(nv)
			} else {
				nv, set, err = ft.fill(q, f.Type, cur, has)
				if err != nil {
					return nil, false, err
				}
				set = set && (!has || nv != cur)
			}
			if set {
				if out == o {
					out = o.Copy()
				}
				out.Set(f.Name.Str, nv)
			}
		}
		if out != o {
			out = orderLike(t, out)
		}
		return out, true, nil
	case lang.TypeCons:
		if t.Name == "Array" && len(t.Args) == 1 && present {
			a, ok := v.(*eval.Array)
			if !ok {
				return v, present, nil
			}
			var out []eval.Value
			for i, e := range a.Elems {
				ne, _, err := ft.fill(q, t.Args[0], e, true)
				if err != nil {
					return nil, false, err
				}
				if ne != e && out == nil {
					out = append([]eval.Value(nil), a.Elems...)
				}
				if out != nil {
					out[i] = ne
				}
			}
			if out != nil {
				return eval.NewArray(out), true, nil
			}
		}
	}
	return v, present, nil
}

// evalNested evaluates the default of a nested field.
func (ft *fieldType) evalNested(q *query, f *lang.TypeField) (eval.Value, error) {
	ft.mu.Lock()
	p := ft.defaults[f]
	if p == nil {
		var err error
		p, err = eval.Compile(ft.src, &lang.Block{Stmts: []lang.Stmt{{Expr: f.Default}}, Sp: f.Default.Span()})
		if err != nil {
			ft.mu.Unlock()
			return nil, err
		}
		if ft.defaults == nil {
			ft.defaults = map[*lang.TypeField]*eval.Program{}
		}
		ft.defaults[f] = p
	}
	ft.mu.Unlock()
	prevLimit := q.t.LimitEffects(eval.LimitDefaultValues)
	defer q.t.RestoreEffects(prevLimit)
	return p.Eval(q.t)
}

// orderLike orders an object's fields as the object type declares them,
// then the others in their order.
func orderLike(t *lang.Type, o *eval.Object) *eval.Object {
	out := eval.NewObject(o.Len())
	for _, f := range t.Fields {
		if v, ok := o.Get(f.Name.Str); ok {
			out.Set(f.Name.Str, v)
		}
	}
	for i, k := range o.Keys() {
		if out.Lookup(k) < 0 {
			out.Set(k, o.ValueAt(i))
		}
	}
	return out
}
