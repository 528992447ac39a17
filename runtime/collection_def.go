package runtime

import (
	"fmt"
	"hash/fnv"
	"sort"
	"strconv"
	"strings"

	"github.com/fqlite/fqlite/eval"
	"github.com/fqlite/fqlite/lang"
)

// collDef is the compiled definition of a user collection, from its stored
// Collection document (spec/fsl-auth.md §1.6).
type collDef struct {
	indexes        []*indexDef
	indexByName    map[string]*indexDef
	uniques        []*uniqueDef
	checks         []*checkDef
	computed       []*computedDef
	computedByName map[string]*computedDef
	fields         []*fieldDef
	fieldByName    map[string]*fieldDef
	// wildcard is the `*: T` type when declared ("" otherwise).
	wildcard     string
	ttlDays      int64
	documentTTLs bool
}

// fieldPath is an index or constraint path such as `.address.city` or
// `.tags[0]`. Elements are strings (fields) or ints (array indexes).
type fieldPath []any

func (p fieldPath) String() string {
	var b strings.Builder
	for _, e := range p {
		switch e := e.(type) {
		case int:
			fmt.Fprintf(&b, "[%d]", e)
		case string:
			if isPlainIdent(e) {
				b.WriteString("." + e)
			} else {
				b.WriteString("[" + eval.QuoteString(e) + "]")
			}
		}
	}
	return b.String()
}

// label is the path as constraint failures show it: `address.city`.
func (p fieldPath) label() []any { return []any(p) }

func isPlainIdent(s string) bool {
	if s == "" {
		return false
	}
	for i, r := range s {
		if r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || i > 0 && r >= '0' && r <= '9' {
			continue
		}
		return false
	}
	return true
}

// parseFieldPath parses `.a.b`, `a.b`, `.["x y"]`, `.a[0]`.
func parseFieldPath(s string) (fieldPath, error) {
	var p fieldPath
	i := 0
	if strings.HasPrefix(s, ".") && !strings.HasPrefix(s, ".[") {
		i = 1
	} else if strings.HasPrefix(s, ".[") {
		i = 1
	}
	bad := fmt.Errorf("Invalid field path `%s`", s)
	for i < len(s) {
		switch {
		case s[i] == '[':
			j := strings.IndexByte(s[i:], ']')
			if j < 0 {
				return nil, bad
			}
			inner := s[i+1 : i+j]
			if n, err := strconv.Atoi(inner); err == nil && n >= 0 {
				p = append(p, n)
			} else if len(inner) >= 2 && (inner[0] == '"' || inner[0] == '\'') && inner[len(inner)-1] == inner[0] {
				p = append(p, inner[1:len(inner)-1])
			} else {
				return nil, bad
			}
			i += j + 1
			if i < len(s) && s[i] == '.' {
				i++
				if i == len(s) {
					return nil, bad
				}
			}
		default:
			j := i
			for j < len(s) && s[j] != '.' && s[j] != '[' {
				j++
			}
			seg := s[i:j]
			if !isPlainIdent(seg) {
				return nil, bad
			}
			p = append(p, seg)
			i = j
			if i < len(s) && s[i] == '.' {
				i++
				if i == len(s) {
					return nil, bad
				}
			}
		}
	}
	if len(p) == 0 {
		return nil, bad
	}
	if _, ok := p[0].(string); !ok {
		return nil, bad
	}
	return p, nil
}

// indexField is one term or value of an index.
type indexField struct {
	path fieldPath
	desc bool
	mva  bool
}

// indexDef is a user-defined index.
type indexDef struct {
	name      string
	num       uint32 // identifies the index's entries in the store
	terms     []indexField
	values    []indexField
	queryable bool
}

// uniqueDef is a unique constraint.
type uniqueDef struct {
	num    uint32
	fields []indexField
}

// checkDef is a check constraint.
type checkDef struct {
	name string
	body string
	fn   *eval.Lambda
}

// computedDef is a computed field.
type computedDef struct {
	name string
	body string
	fn   *eval.Lambda
}

// fieldDef is a declared field.
type fieldDef struct {
	name       string
	signature  string
	typ        *fieldType
	defaultSrc string
	deflt      *eval.Program
}

// eval computes the field for doc.
func (cf *computedDef) eval(t *eval.Thread, d *Doc) (eval.Value, error) {
	prevLimit := t.LimitEffects(eval.LimitComputedFields)
	defer t.RestoreEffects(prevLimit)
	return t.Call1(cf.fn, d)
}

// newUserCollection compiles a stored Collection document.
func newUserCollection(cat *catalog, name string, rec *eval.Object) (*collection, error) {
	c := &collection{name: name, kind: kindUser, rec: rec}
	if v, ok := rec.Get("#id"); ok {
		n, _ := eval.AsInt64(v)
		c.id = uint64(n)
	}
	if v, ok := rec.Get("alias"); ok {
		if s, ok := v.(eval.String); ok {
			c.alias = string(s)
		}
	}
	def, err := compileCollDef(name, rec)
	if err != nil {
		return nil, err
	}
	c.def = def
	c.module = newModule(name, func(v eval.Value) bool {
		d, ok := v.(*Doc)
		return ok && d.c.id == c.id
	})
	c.docType = newDocType(c)
	defineUserCollectionMembers(c)
	return c, nil
}

// compileCollDef reads the definition fields of a Collection document. The
// document was validated when written, so errors here mean damage.
func compileCollDef(coll string, rec *eval.Object) (*collDef, error) {
	def := &collDef{indexByName: map[string]*indexDef{}, computedByName: map[string]*computedDef{}, fieldByName: map[string]*fieldDef{}}
	if v, ok := rec.Get("indexes"); ok {
		if o, ok := v.(*eval.Object); ok {
			for i, name := range o.Keys() {
				idx, err := parseIndexDef(name, o.ValueAt(i))
				if err != nil {
					return nil, err
				}
				def.indexes = append(def.indexes, idx)
				def.indexByName[name] = idx
			}
		}
	}
	if v, ok := rec.Get("constraints"); ok {
		if a, ok := v.(*eval.Array); ok {
			for _, e := range a.Elems {
				o, ok := e.(*eval.Object)
				if !ok {
					continue
				}
				if u, ok := o.Get("unique"); ok {
					ud, err := parseUniqueDef(u)
					if err != nil {
						return nil, err
					}
					def.uniques = append(def.uniques, ud)
				}
				if ch, ok := o.Get("check"); ok {
					cd, err := parseCheckDef(coll, ch)
					if err != nil {
						return nil, err
					}
					def.checks = append(def.checks, cd)
				}
			}
		}
	}
	if v, ok := rec.Get("computed_fields"); ok {
		if o, ok := v.(*eval.Object); ok {
			for i, name := range o.Keys() {
				body := stringField(o.ValueAt(i), "body")
				fn, err := compileBody(fmt.Sprintf("*computed_field:%s:%s*", coll, name), body)
				if err != nil {
					return nil, err
				}
				cf := &computedDef{name: name, body: body, fn: fn}
				def.computed = append(def.computed, cf)
				def.computedByName[name] = cf
			}
		}
	}
	// An index over a computed field is rebuilt when the field's body
	// changes: its identity includes the bodies it reads.
	for _, idx := range def.indexes {
		var bodies []string
		for _, f := range append(append([]indexField(nil), idx.terms...), idx.values...) {
			if name, ok := f.path[0].(string); ok {
				if cf := def.computedByName[name]; cf != nil {
					bodies = append(bodies, name+"="+cf.body)
				}
			}
		}
		if len(bodies) > 0 {
			idx.num = hash32("index", idx.name, canonicalFields(idx.terms), canonicalFields(idx.values), strings.Join(bodies, "\x00"))
		}
	}
	for _, u := range def.uniques {
		var bodies []string
		for _, f := range u.fields {
			if name, ok := f.path[0].(string); ok {
				if cf := def.computedByName[name]; cf != nil {
					bodies = append(bodies, name+"="+cf.body)
				}
			}
		}
		if len(bodies) > 0 {
			u.num = hash32("unique", canonicalFields(u.fields), strings.Join(bodies, "\x00"))
		}
	}
	if v, ok := rec.Get("fields"); ok {
		if o, ok := v.(*eval.Object); ok {
			for i, name := range o.Keys() {
				fd := &fieldDef{name: name, signature: stringField(o.ValueAt(i), "signature"), defaultSrc: stringField(o.ValueAt(i), "default")}
				typ, err := parseFieldType(fd.signature)
				if err != nil {
					return nil, err
				}
				fd.typ = typ
				if fd.defaultSrc != "" {
					p, err := compileDefault(name, fd.defaultSrc)
					if err != nil {
						return nil, err
					}
					fd.deflt = p
				}
				def.fields = append(def.fields, fd)
				def.fieldByName[name] = fd
			}
		}
	}
	if v, ok := rec.Get("wildcard"); ok {
		if s, ok := v.(eval.String); ok {
			def.wildcard = string(s)
		}
	}
	if v, ok := rec.Get("ttl_days"); ok {
		def.ttlDays, _ = eval.AsInt64(v)
	}
	def.documentTTLs = len(def.fields) == 0
	if v, ok := rec.Get("document_ttls"); ok {
		if b, ok := v.(eval.Boolean); ok {
			def.documentTTLs = bool(b)
		}
	}
	return def, nil
}

func stringField(v eval.Value, name string) string {
	o, ok := v.(*eval.Object)
	if !ok {
		return ""
	}
	f, ok := o.Get(name)
	if !ok {
		return ""
	}
	s, _ := f.(eval.String)
	return string(s)
}

// compileBody compiles a lambda given as FQL source (computed fields,
// check constraints, role predicates).
func compileBody(srcName, body string) (*eval.Lambda, error) {
	src := lang.NewSource(srcName, body)
	lam, err := lang.ParseLambda(src)
	if err != nil {
		return nil, eval.AsError(err)
	}
	return eval.CompileLambda(src, lam, &eval.UDFInfo{Name: srcName})
}

func parseIndexDef(name string, v eval.Value) (*indexDef, error) {
	o, ok := v.(*eval.Object)
	if !ok {
		return nil, fmt.Errorf("index %s: not an object", name)
	}
	idx := &indexDef{name: name, queryable: true}
	var err error
	if t, ok := o.Get("terms"); ok {
		if idx.terms, err = parseIndexFields(t, false); err != nil {
			return nil, err
		}
	}
	if t, ok := o.Get("values"); ok {
		if idx.values, err = parseIndexFields(t, true); err != nil {
			return nil, err
		}
	}
	if q, ok := o.Get("queryable"); ok {
		if b, ok := q.(eval.Boolean); ok {
			idx.queryable = bool(b)
		}
	}
	idx.num = hash32("index", name, canonicalFields(idx.terms), canonicalFields(idx.values))
	return idx, nil
}

func parseIndexFields(v eval.Value, values bool) ([]indexField, error) {
	a, ok := v.(*eval.Array)
	if !ok {
		if eval.IsNull(v) {
			return nil, nil
		}
		return nil, fmt.Errorf("index fields: not an array")
	}
	out := make([]indexField, 0, len(a.Elems))
	for _, e := range a.Elems {
		f, err := parseIndexField(e)
		if err != nil {
			return nil, err
		}
		out = append(out, f)
	}
	return out, nil
}

func parseIndexField(e eval.Value) (indexField, error) {
	var f indexField
	var path string
	switch x := e.(type) {
	case eval.String:
		path = string(x)
	case *eval.Object:
		path = stringField(x, "field")
		if m, ok := x.Get("mva"); ok {
			b, _ := m.(eval.Boolean)
			f.mva = bool(b)
		}
		if o, ok := x.Get("order"); ok {
			s, _ := o.(eval.String)
			f.desc = s == "desc"
		}
	default:
		return f, fmt.Errorf("index field: %s", eval.TypeName(e))
	}
	p, err := parseFieldPath(path)
	if err != nil {
		return f, err
	}
	f.path = p
	return f, nil
}

func parseUniqueDef(v eval.Value) (*uniqueDef, error) {
	fields, err := parseIndexFields(v, false)
	if err != nil {
		return nil, err
	}
	// The term order does not matter for uniqueness.
	keys := make([]string, len(fields))
	for i, f := range fields {
		keys[i] = canonicalFields([]indexField{f})
	}
	sort.Strings(keys)
	return &uniqueDef{fields: fields, num: hash32("unique", keys...)}, nil
}

func parseCheckDef(coll string, v eval.Value) (*checkDef, error) {
	name := stringField(v, "name")
	body := stringField(v, "body")
	fn, err := compileBody("*check_constraint:"+name+"*", body)
	if err != nil {
		return nil, err
	}
	return &checkDef{name: name, body: body, fn: fn}, nil
}

func canonicalFields(fs []indexField) string {
	var b strings.Builder
	for _, f := range fs {
		b.WriteString(f.path.String())
		if f.desc {
			b.WriteString(" desc")
		}
		if f.mva {
			b.WriteString(" mva")
		}
		b.WriteByte(';')
	}
	return b.String()
}

func hash32(kind string, parts ...string) uint32 {
	h := fnv.New32a()
	h.Write([]byte(kind))
	for _, p := range parts {
		h.Write([]byte{0})
		h.Write([]byte(p))
	}
	return h.Sum32()
}

// compileDefault compiles a defined field's default value expression.
func compileDefault(field, src string) (*eval.Program, error) {
	s := lang.NewSource("*field:"+field+"*", src)
	ast, err := lang.ParseQuery(s)
	if err != nil {
		return nil, eval.AsError(err)
	}
	return eval.Compile(s, ast)
}
