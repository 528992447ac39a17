package lang

import (
	"sort"
	"strconv"
	"strings"
)

// The converter from raw FSL nodes to schema items, transliterated from
// Fauna's SchemaItemConverter.scala. It reports every problem it finds and
// keeps going, as Fauna does; an item whose required parts are broken is
// left out.

// specialFieldNames are the field names a collection may not define
// (Tokens.SpecialFieldNames).
var specialFieldNames = map[string]bool{
	"id": true, "coll": true, "ts": true, "data": true, "delete": true, "update": true,
	"replace": true, "updateData": true, "replaceData": true, "exists": true, "ttl": true,
}

// IsReservedFieldName reports whether name is reserved for a document's
// own fields and methods (`Invalid reserved name`).
func IsReservedFieldName(name string) bool { return specialFieldNames[name] }

// actionNames are the actions of a privilege, in Fauna's order.
var actionNames = []string{"create", "create_with_id", "delete", "read", "write", "history_read", "history_write", "unrestricted_read", "call"}

// IsAction reports whether name is a privilege action.
func IsAction(name string) bool {
	for _, a := range actionNames {
		if a == name {
			return true
		}
	}
	return false
}

type fslConverter struct {
	src  *Source
	errs ParseErrors
}

func (c *fslConverter) emit(msg string, sp Span) {
	c.errs = append(c.errs, &ParseError{Message: msg, Src: c.src, Span: sp})
}

func (c *fslConverter) emitErr(e *ParseError) {
	e.Src = c.src
	c.errs = append(c.errs, e)
}

func (c *fslConverter) emitHint(msg string, sp Span, hint string, hintSp Span) {
	c.emitErr(&ParseError{Message: msg, Span: sp, Hints: []ParseHint{{Kind: KindHint, Message: hint, Span: hintSp}}})
}

// dupeList reports a repeated name (DupeList).
type dupeList struct {
	c    *fslConverter
	msg  string
	seen map[string]Span
}

func (c *fslConverter) dupeList(msg string) *dupeList {
	return &dupeList{c: c, msg: msg, seen: map[string]Span{}}
}

func (d *dupeList) contains(n Name) bool { _, ok := d.seen[n.Str]; return ok }

func (d *dupeList) check(n Name) {
	if orig, ok := d.seen[n.Str]; ok {
		d.c.emitHint("Duplicate "+d.msg+" `"+n.Str+"`", n.Sp, "Originally defined here", orig)
		return
	}
	d.seen[n.Str] = n.Sp
}

// dupeItem reports a repeated singleton member (DupeItem).
type dupeItem struct {
	c    *fslConverter
	msg  string
	seen *Span
}

func (c *fslConverter) dupeItem(msg string) *dupeItem { return &dupeItem{c: c, msg: msg} }

func (d *dupeItem) check(sp Span) {
	if d.seen != nil {
		d.c.emitHint("Duplicate "+d.msg, sp, "Originally defined here", *d.seen)
		return
	}
	d.seen = &sp
}

func (d *dupeItem) assertSeen(sp Span) {
	if d.seen == nil {
		d.c.emit("Missing "+d.msg, sp)
	}
}

// --- utilities ---

func (c *fslConverter) value(v fslValue, sp Span) (fslValue, bool) {
	if v == nil {
		c.emit("Missing required value", sp)
		return nil, false
	}
	return v, true
}

func (c *fslConverter) blockOpt(v fslValue) *fslBlock {
	switch b := v.(type) {
	case nil:
		return nil
	case *fslBlock:
		return b
	}
	c.emit("Expected a block", v.span())
	return nil
}

func (c *fslConverter) block(v fslValue) (*fslBlock, bool) {
	if b, ok := v.(*fslBlock); ok {
		return b, true
	}
	c.emit("Expected a block", v.span())
	return nil, false
}

func (c *fslConverter) name(n *Name, sp Span) (Name, bool) {
	if n == nil {
		c.emit("Missing required name", sp)
		return Name{}, false
	}
	return *n, true
}

func (c *fslConverter) identifier(n *Name, sp Span) (Name, bool) {
	switch {
	case n == nil:
		c.emit("Missing required name", sp)
		return Name{}, false
	case !isValidIdent(n.Str):
		c.emit("Invalid identifier `"+n.Str+"`", n.Sp)
		return Name{}, false
	}
	return *n, true
}

func (c *fslConverter) unreservedStarIdentifier(n *Name, sp Span) (Name, bool) {
	if n != nil && n.Str == "*" {
		return *n, true
	}
	name, ok := c.identifier(n, sp)
	if !ok {
		return Name{}, false
	}
	if specialFieldNames[name.Str] {
		c.emit("Invalid reserved name `"+name.Str+"`", sp)
		return Name{}, false
	}
	return name, true
}

func (c *fslConverter) allowedAnns(anns []fslAnnotation, kinds ...string) {
	for _, a := range anns {
		ok := false
		for _, k := range kinds {
			ok = ok || a.keyword.Str == k
		}
		if !ok {
			c.emit("Annotation not supported here", a.sp)
		}
	}
}

func (c *fslConverter) annotation(anns []fslAnnotation, kind string) *Annotation {
	var first *Annotation
	for _, a := range anns {
		if a.keyword.Str != kind {
			continue
		}
		if first != nil {
			c.emitHint("Duplicate annotation `"+kind+"`", a.sp, "Originally defined here", first.Sp)
			continue
		}
		first = &Annotation{Keyword: a.keyword, Value: a.value, Sp: a.sp}
	}
	return first
}

func (c *fslConverter) noAnnotations(anns []fslAnnotation) {
	if len(anns) > 0 {
		c.emit("Annotations are not allowed here", anns[0].sp)
	}
}

func (c *fslConverter) noName(n *Name) {
	if n != nil {
		c.emit("Name is not allowed here", n.Sp)
	}
}

// --- items ---

func (c *fslConverter) convert(nodes []*fslNode) []SchemaItem {
	// Collections and functions share a namespace; the others do not.
	collFn := c.dupeList("collection or function")
	roles := c.dupeList("role")
	providers := c.dupeList("access provider")
	var out []SchemaItem
	for _, n := range nodes {
		var it SchemaItem
		switch n.kw.Str {
		case "collection":
			if col := c.collection(n, collFn); col != nil {
				it = col
			}
		case "function":
			if fn := c.functionItem(n, nodes, collFn); fn != nil {
				it = fn
			}
		case "role":
			if r := c.role(n, roles); r != nil {
				it = r
			}
		case "access provider":
			if ap := c.accessProvider(n, providers); ap != nil {
				it = ap
			}
		default:
			c.emit("Invalid schema item `"+n.kw.Str+"`", n.kw.Sp)
		}
		if it != nil {
			out = append(out, it)
		}
	}
	return out
}

func (c *fslConverter) collection(n *fslNode, collFn *dupeList) *Collection {
	name, ok := c.name(n.name, n.kw.Sp)
	if !ok {
		return nil
	}
	c.allowedAnns(n.anns, "alias")
	alias := c.annotation(n.anns, "alias")
	collFn.check(name)
	if alias != nil {
		collFn.check(alias.Value)
	}
	v, ok := c.value(n.value, n.sp)
	if !ok {
		return nil
	}
	b, ok := c.block(v)
	if !ok {
		return nil
	}
	col := &Collection{Name: name, Alias: alias, DocComment: n.doc, Sp: n.sp}
	c.collectionMembers(col, b.items)
	return col
}

func (c *fslConverter) functionItem(n *fslNode, nodes []*fslNode, collFn *dupeList) *Function {
	name, ok := c.name(n.name, n.kw.Sp)
	if !ok {
		return nil
	}
	c.allowedAnns(n.anns, "alias", "role")
	alias := c.annotation(n.anns, "alias")
	// A function may share a collection's name if it has an alias: lookups
	// find the collection, so it is called through the alias.
	sharesCollection := false
	if collFn.contains(name) && alias != nil {
		for _, o := range nodes {
			if o.kw.Str == "collection" && o.name != nil && o.name.Str == name.Str {
				sharesCollection = true
			}
		}
	}
	if sharesCollection {
		collFn.check(alias.Value)
	} else {
		collFn.check(name)
		if alias != nil {
			collFn.check(alias.Value)
		}
	}
	v, ok := c.value(n.value, n.sp)
	if !ok {
		return nil
	}
	return c.function(v, n.kw.Sp, n.anns, alias, name, n.doc)
}

func (c *fslConverter) role(n *fslNode, roles *dupeList) *Role {
	c.noAnnotations(n.anns)
	name, ok := c.name(n.name, n.kw.Sp)
	if !ok {
		return nil
	}
	roles.check(name)
	v, ok := c.value(n.value, n.sp)
	if !ok {
		return nil
	}
	b, ok := c.block(v)
	if !ok {
		return nil
	}
	r := &Role{Name: name, DocComment: n.doc, Sp: n.sp}
	c.roleMembers(r, b.items)
	return r
}

func (c *fslConverter) accessProvider(n *fslNode, providers *dupeList) *AccessProvider {
	c.noAnnotations(n.anns)
	name, ok := c.name(n.name, n.kw.Sp)
	if !ok {
		return nil
	}
	providers.check(name)
	v, ok := c.value(n.value, n.sp)
	if !ok {
		return nil
	}
	b, ok := c.block(v)
	if !ok {
		return nil
	}
	ap := &AccessProvider{Name: name, BlockSp: b.span(), DocComment: n.doc, Sp: n.sp}
	c.accessProviderMembers(ap, b.items)
	return ap
}

// --- collection members ---

func (c *fslConverter) collectionMembers(col *Collection, items []*fslNode) {
	indexDupe := c.dupeList("index name")
	migrationsDupe := c.dupeItem("migration block")
	checkDupe := c.dupeList("check constraint name")
	histDupe := c.dupeItem("history days")
	ttlDupe := c.dupeItem("ttl days")
	docTTLDupe := c.dupeItem("document TTLs")
	fieldDupe := c.dupeList("field")
	var uniqueSeen []uniqueKey

	for _, n := range items {
		switch n.kw.Str {
		case "index":
			c.noAnnotations(n.anns)
			name, ok := c.identifier(n.name, n.kw.Sp)
			if !ok {
				continue
			}
			indexDupe.check(name)
			v, ok := c.value(n.value, n.sp)
			if !ok {
				continue
			}
			b, ok := c.block(v)
			if !ok {
				continue
			}
			idx := &Index{Name: name, BlockSp: b.span(), Sp: n.sp}
			c.indexMembers(idx, b.items)
			col.Indexes = append(col.Indexes, idx)

		case "unique":
			c.noAnnotations(n.anns)
			c.noName(n.name)
			v, ok := c.value(n.value, n.sp)
			if !ok {
				continue
			}
			terms, sp, ok := c.nonEmptyIndexTerms(v)
			if !ok {
				continue
			}
			key := uniqueKeyOf(terms, sp)
			dup := false
			for _, s := range uniqueSeen {
				if s.key == key.key {
					c.emitHint("Duplicate unique constraint.", sp, "This unique constraint covers the same fields.", s.sp)
					dup = true
					break
				}
			}
			if !dup {
				uniqueSeen = append(uniqueSeen, key)
			}
			col.Uniques = append(col.Uniques, &Unique{Terms: terms, TermsSp: sp, Sp: n.sp})

		case "field":
			c.noAnnotations(n.anns)
			name, ok := c.unreservedStarIdentifier(n.name, n.sp)
			if !ok {
				continue
			}
			fieldDupe.check(name)
			v, ok := c.value(n.value, n.sp)
			if !ok {
				continue
			}
			if f := c.field(n.kw.Sp, name, v, n.sp); f != nil {
				col.Fields = append(col.Fields, f)
			}

		case "migrations":
			c.noAnnotations(n.anns)
			migrationsDupe.check(n.sp)
			v, ok := c.value(n.value, n.sp)
			if !ok {
				continue
			}
			c.noName(n.name)
			if m := c.migrationBlock(v, n.sp); m != nil {
				col.Migrations = m
			}

		case "check":
			c.noAnnotations(n.anns)
			name, ok := c.identifier(n.name, n.kw.Sp)
			if !ok {
				continue
			}
			checkDupe.check(name)
			v, ok := c.value(n.value, n.sp)
			if !ok {
				continue
			}
			if pred := c.checkFunction(v); pred != nil {
				col.Checks = append(col.Checks, &Check{Name: name, Predicate: pred, Sp: n.sp})
			}

		case "history_days", "ttl_days":
			c.noAnnotations(n.anns)
			c.noName(n.name)
			if n.kw.Str == "history_days" {
				histDupe.check(n.sp)
			} else {
				ttlDupe.check(n.sp)
			}
			v, ok := c.value(n.value, n.sp)
			if !ok {
				continue
			}
			days, vsp, ok := c.long(v)
			if !ok {
				continue
			}
			m := &IntMember{Value: days, ValueSp: vsp, Sp: n.sp}
			if n.kw.Str == "history_days" {
				col.HistoryDays = m
			} else {
				col.TTLDays = m
			}

		case "document_ttls":
			c.noAnnotations(n.anns)
			c.noName(n.name)
			docTTLDupe.check(n.sp)
			v, ok := c.value(n.value, n.sp)
			if !ok {
				continue
			}
			if b, vsp, ok := c.bool(v); ok {
				col.DocumentTTLs = &BoolMember{Value: b, ValueSp: vsp, Sp: n.sp}
			}

		default:
			c.emit("Invalid field or member `"+n.kw.Str+"`", n.kw.Sp)
		}
	}
}

func (c *fslConverter) indexMembers(idx *Index, items []*fslNode) {
	termsDupe := c.dupeItem("terms definition")
	valuesDupe := c.dupeItem("values definition")
	for _, n := range items {
		switch n.kw.Str {
		case "terms":
			c.noAnnotations(n.anns)
			c.noName(n.name)
			termsDupe.check(n.sp)
			v, ok := c.value(n.value, n.sp)
			if !ok {
				continue
			}
			if terms, _, ok := c.indexTerms(v); ok {
				idx.Terms, idx.TermsSp = terms, n.sp
			}
		case "values":
			c.noAnnotations(n.anns)
			c.noName(n.name)
			valuesDupe.check(n.sp)
			v, ok := c.value(n.value, n.sp)
			if !ok {
				continue
			}
			if values, ok := c.indexValues(v); ok {
				idx.Values, idx.ValuesSp = values, n.sp
			}
		default:
			c.emit("Invalid member `"+n.kw.Str+"`", n.kw.Sp)
		}
	}
}

// uniqueKey identifies a unique constraint by its set of terms.
type uniqueKey struct {
	key string
	sp  Span
}

func uniqueKeyOf(terms []*IndexTerm, sp Span) uniqueKey {
	set := map[string]bool{}
	for _, t := range terms {
		set[pathKey(t.Path)+"|"+strconv.FormatBool(t.MVA)] = true
	}
	keys := make([]string, 0, len(set))
	for k := range set {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return uniqueKey{key: strings.Join(keys, "\x00"), sp: sp}
}

func pathKey(p FieldPath) string {
	var b strings.Builder
	for _, e := range p.Elems {
		if e.IsIndex {
			b.WriteString("[" + strconv.FormatInt(e.Index, 10) + "]")
		} else {
			b.WriteString("." + strconv.Quote(e.Field))
		}
	}
	return b.String()
}

// termsFieldPath is SchemaItemParser.termsFieldPath: `.path` or `mva(.path)`.
func termsFieldPath(e Expr) (FieldPath, bool, *ParseError) {
	if mc, ok := e.(*MethodChain); ok {
		if id, ok := mc.Base.(*Id); ok {
			if id.Name == "mva" && len(mc.Chain) == 1 && mc.Chain[0].Kind == ChainApply && len(mc.Chain[0].Args) == 1 {
				p, err := fieldPathOf(mc.Chain[0].Args[0])
				return p, true, err
			}
			return FieldPath{}, false, &ParseError{Message: "Expected 'mva'", Span: id.Sp}
		}
	}
	p, err := fieldPathOf(e)
	return p, false, err
}

// singleCall matches `fn(arg)`.
func singleCall(e Expr) (*Id, Expr, bool) {
	mc, ok := e.(*MethodChain)
	if !ok || len(mc.Chain) != 1 || mc.Chain[0].Kind != ChainApply || len(mc.Chain[0].Args) != 1 {
		return nil, nil, false
	}
	id, ok := mc.Base.(*Id)
	if !ok {
		return nil, nil, false
	}
	return id, mc.Chain[0].Args[0], true
}

// valuesFieldPath is SchemaItemParser.valuesFieldPath: `.path`, `asc(...)`,
// `desc(...)`, `mva(...)` and the two orders of `desc(mva(...))`.
func valuesFieldPath(e Expr) (path FieldPath, asc, mva bool, err *ParseError) {
	const msg = "Expected 'asc', 'desc', or 'mva'"
	if fn0, arg, ok := singleCall(e); ok {
		if fn1, sub, ok := singleCall(arg); ok {
			// "asc" < "desc" < "mva": the first name is the order.
			order, m := fn0, fn1
			if m.Name < order.Name {
				order, m = m, order
			}
			switch {
			case order.Name != "asc" && order.Name != "desc":
				return FieldPath{}, true, false, &ParseError{Message: msg, Span: order.Sp}
			case m.Name != "mva":
				return FieldPath{}, true, false, &ParseError{Message: msg, Span: m.Sp}
			}
			p, err := fieldPathOf(sub)
			return p, order.Name == "asc", true, err
		}
		switch fn0.Name {
		case "asc", "desc", "mva":
			p, err := fieldPathOf(arg)
			return p, fn0.Name != "desc", fn0.Name == "mva", err
		}
		return FieldPath{}, true, false, &ParseError{Message: msg, Span: fn0.Sp}
	}
	p, err := fieldPathOf(e)
	return p, true, false, err
}

func (c *fslConverter) indexTerms(v fslValue) ([]*IndexTerm, Span, bool) {
	ps, ok := v.(*fslPaths)
	if !ok {
		c.emit("Expected an array of terms", v.span())
		return nil, Span{}, false
	}
	var out []*IndexTerm
	for _, e := range ps.paths {
		path, mva, err := termsFieldPath(e)
		if err != nil {
			c.emitErr(err)
		}
		out = append(out, &IndexTerm{Path: path, MVA: mva, Sp: e.Span()})
	}
	if len(out) == 0 {
		return nil, Span{}, false
	}
	return out, ps.span(), true
}

func (c *fslConverter) nonEmptyIndexTerms(v fslValue) ([]*IndexTerm, Span, bool) {
	if terms, sp, ok := c.indexTerms(v); ok {
		return terms, sp, true
	}
	c.emit("Expected non-empty terms for a unique constraint", v.span())
	return nil, Span{}, false
}

func (c *fslConverter) indexValues(v fslValue) ([]*IndexValue, bool) {
	ps, ok := v.(*fslPaths)
	if !ok {
		c.emit("Expected an array of values", v.span())
		return nil, false
	}
	var out []*IndexValue
	for _, e := range ps.paths {
		path, asc, mva, err := valuesFieldPath(e)
		if err != nil {
			c.emitErr(err)
		}
		out = append(out, &IndexValue{Path: path, MVA: mva, Desc: !asc, Sp: e.Span()})
	}
	return out, len(out) > 0
}

// lambdaIn returns the lambda of `(lambda)`.
func lambdaIn(e Expr) Expr {
	if t, ok := e.(*Tuple); ok && len(t.Elems) == 1 {
		switch l := t.Elems[0].(type) {
		case *Lambda, *ShortLambda:
			return l
		}
	}
	return nil
}

func (c *fslConverter) field(kwSp Span, name Name, v fslValue, sp Span) *Field {
	fv, ok := v.(*fslField)
	if !ok {
		c.emit("Expected a field definition", v.span())
		return nil
	}
	var ty TypeExpr
	if fv.ct != nil {
		ty = fv.ct.ty
	}
	switch fv.kind {
	case FieldComputed:
		switch val := fv.value.(type) {
		case nil:
			c.emit("Computed fields require a value", kwSp)
			return nil
		case *fslLit:
			lam := val.expr
			if _, ok := lam.(*Lambda); !ok {
				lam = lambdaIn(val.expr)
			}
			if lam == nil {
				c.emit("Expected lambda", val.span())
				return nil
			}
			if ty != nil {
				checkTypeExpr(ty, nil, c.emitErr)
			}
			return &Field{Kind: FieldComputed, Name: name, KeywordSp: kwSp, Type: ty, Compute: newSchemaLambda(lam, lam.Span()), Sp: sp}
		default:
			c.emit("Expected an expression literal", val.span())
			return nil
		}
	case FieldDefined:
		if ty == nil {
			c.emit("Expected a type signature", sp)
			return nil
		}
		switch val := fv.value.(type) {
		case nil:
			checkSchemaType(ty, nil, c.emitErr)
			return &Field{Kind: FieldDefined, Name: name, KeywordSp: kwSp, Type: ty, Sp: sp}
		case *fslLit:
			checkSchemaType(ty, &noDefaultReason{"Parent has a conflicting default value", val.expr.Span()}, c.emitErr)
			return &Field{Kind: FieldDefined, Name: name, KeywordSp: kwSp, Type: ty, Default: val.expr, Sp: sp}
		default:
			c.emit("Expected an expression literal", val.span())
			return nil
		}
	}
	// A wildcard.
	if fv.value != nil {
		c.emit("No default allowed for wildcard field", fv.value.span())
		return nil
	}
	if ty == nil {
		c.emit("Expected a field definition", fv.span())
		return nil
	}
	checkTypeExpr(ty, nil, c.emitErr)
	return &Field{Kind: FieldWildcard, Name: name, KeywordSp: kwSp, Type: ty, Sp: sp}
}

func (c *fslConverter) checkPath(p FieldPath) {
	if len(p.Elems) == 0 {
		c.emit("Field path cannot be empty", p.Sp)
		return
	}
	for _, e := range p.Elems {
		if e.IsIndex {
			c.emit("Cannot index into an item in a migration path", e.Sp)
		}
	}
}

func (c *fslConverter) migrationBlock(v fslValue, sp Span) *MigrationBlock {
	b, ok := v.(*fslBlock)
	if !ok {
		c.emit("Expected a migration block", v.span())
		return nil
	}
	mb := &MigrationBlock{Sp: sp}
	for _, n := range b.items {
		m, ok := n.value.(*fslMigration)
		if !ok {
			if n.value != nil {
				c.emit("Only migrations are allowed in migration blocks", n.value.span())
			} else {
				c.emit("Expected a migration", n.sp)
			}
			continue
		}
		c.noAnnotations(n.anns)
		c.noName(n.name)
		item := &Migration{Kind: m.kind, Path: m.path, To: m.to, Value: m.value, Sp: m.sp}
		switch m.kind {
		case MigrationAddWildcard:
		case MigrationSplit:
			c.checkPath(m.path)
			for _, t := range m.to {
				c.checkPath(t)
			}
			if len(m.to) < 2 {
				c.emit("Expected at least two fields to split into", m.sp)
				continue
			}
			dup := false
			for i, t := range m.to {
				for _, u := range m.to[:i] {
					dup = dup || t.Equal(u)
				}
			}
			if dup {
				c.emit("Expected list of fields with no duplicates", m.to[0].Sp.To(m.to[len(m.to)-1].Sp))
				continue
			}
		default:
			c.checkPath(m.path)
			for _, t := range m.to {
				c.checkPath(t)
			}
		}
		mb.Items = append(mb.Items, item)
	}
	if len(b.items) == 0 {
		c.emit("Empty migration blocks are not allowed", sp)
		return nil
	}
	return mb
}

func (c *fslConverter) predicateBlock(b *fslBlock) *SchemaLambda {
	if len(b.items) != 1 {
		c.emit("Expected a single predicate member", b.span())
		return nil
	}
	it := b.items[0]
	if it.kw.Str != "predicate" {
		c.emit("Expecting a predicate", it.sp)
		return nil
	}
	c.noAnnotations(it.anns)
	c.noName(it.name)
	v, ok := c.value(it.value, it.sp)
	if !ok {
		return nil
	}
	lit, ok := v.(*fslLit)
	if !ok {
		c.emit("Expected an expression literal", v.span())
		return nil
	}
	lam := lambdaIn(lit.expr)
	if lam == nil {
		c.emit("Expected lambda predicate", lit.span())
		return nil
	}
	return newSchemaLambda(lam, b.span())
}

func (c *fslConverter) checkFunction(v fslValue) *SchemaLambda {
	lit, ok := v.(*fslLit)
	if !ok {
		c.emit("Expected an expression literal", v.span())
		return nil
	}
	if lam := lambdaIn(lit.expr); lam != nil {
		return newSchemaLambda(lam, lit.span())
	}
	if lam, ok := lit.expr.(*Lambda); ok {
		c.emitErr(&ParseError{Message: "Expected lambda check predicate", Span: lam.Sp,
			Annotation: "Check constraints require parenthesis around the lambda"})
		return nil
	}
	c.emit("Expected lambda check predicate", lit.span())
	return nil
}

// --- role and access provider members ---

func (c *fslConverter) roleMembers(r *Role, items []*fslNode) {
	privDupe := c.dupeList("privileges")
	memberDupe := c.dupeList("membership")
	for _, n := range items {
		switch n.kw.Str {
		case "privileges":
			c.noAnnotations(n.anns)
			name, ok := c.name(n.name, n.kw.Sp)
			if !ok {
				continue
			}
			privDupe.check(name)
			v, ok := c.value(n.value, n.sp)
			if !ok {
				continue
			}
			b, ok := c.block(v)
			if !ok {
				continue
			}
			r.Privileges = append(r.Privileges, &Privilege{Resource: name, Actions: c.actions(b.items), BlockSp: b.span(), Sp: n.sp})
		case "membership":
			c.noAnnotations(n.anns)
			name, ok := c.name(n.name, n.kw.Sp)
			if !ok {
				continue
			}
			memberDupe.check(name)
			m := &Membership{Collection: name, Sp: n.sp}
			if b := c.blockOpt(n.value); b != nil {
				m.Predicate = c.predicateBlock(b)
			}
			r.Memberships = append(r.Memberships, m)
		default:
			c.emit("Invalid member `"+n.kw.Str+"`", n.kw.Sp)
		}
	}
}

func (c *fslConverter) actions(items []*fslNode) []*Action {
	dupe := c.dupeList("action")
	var out []*Action
	for _, n := range items {
		c.noAnnotations(n.anns)
		c.noName(n.name)
		if !IsAction(n.kw.Str) {
			c.emit("Invalid action `"+n.kw.Str+"`", n.kw.Sp)
			continue
		}
		dupe.check(n.kw)
		a := &Action{Name: n.kw, Sp: n.sp}
		if b := c.blockOpt(n.value); b != nil {
			a.Predicate = c.predicateBlock(b)
		}
		out = append(out, a)
	}
	return out
}

func (c *fslConverter) accessProviderMembers(ap *AccessProvider, items []*fslNode) {
	issuerDupe := c.dupeItem("issuer")
	jwksDupe := c.dupeItem("jwks uri")
	rolesDupe := c.dupeList("role")
	for _, n := range items {
		switch n.kw.Str {
		case "issuer", "jwks_uri":
			c.noAnnotations(n.anns)
			c.noName(n.name)
			if n.kw.Str == "issuer" {
				issuerDupe.check(n.kw.Sp)
			} else {
				jwksDupe.check(n.kw.Sp)
			}
			v, ok := c.value(n.value, n.sp)
			if !ok {
				continue
			}
			s, vsp, ok := c.str(v)
			if !ok {
				continue
			}
			m := &StrMember{Value: s, ValueSp: vsp, Sp: n.sp}
			if n.kw.Str == "issuer" {
				ap.Issuer = m
			} else {
				ap.JWKSURI = m
			}
		case "role":
			c.noAnnotations(n.anns)
			name, ok := c.name(n.name, n.sp)
			if !ok {
				continue
			}
			rolesDupe.check(name)
			pr := &ProviderRole{Role: name, Sp: n.sp}
			if b := c.blockOpt(n.value); b != nil {
				pr.Predicate = c.predicateBlock(b)
			}
			ap.Roles = append(ap.Roles, pr)
		default:
			c.emit("Invalid member `"+n.kw.Str+"`", n.kw.Sp)
		}
	}
	issuerDupe.assertSeen(ap.BlockSp)
	jwksDupe.assertSeen(ap.BlockSp)
}

// --- literals ---

func (c *fslConverter) long(v fslValue) (int64, Span, bool) {
	if lit, ok := v.(*fslLit); ok {
		if l, ok := lit.expr.(*Lit); ok && l.Kind == LitInt {
			// Like Scala's BigInt.toLong, keep the low 64 bits.
			return l.Int.Int64(), l.Sp, true
		}
	}
	c.emit("Expected integer literal", v.span())
	return 0, Span{}, false
}

func (c *fslConverter) bool(v fslValue) (bool, Span, bool) {
	if lit, ok := v.(*fslLit); ok {
		if l, ok := lit.expr.(*Lit); ok && (l.Kind == LitTrue || l.Kind == LitFalse) {
			return l.Kind == LitTrue, l.Sp, true
		}
	}
	c.emit("Expected boolean literal", v.span())
	return false, Span{}, false
}

func (c *fslConverter) str(v fslValue) (string, Span, bool) {
	if lit, ok := v.(*fslLit); ok {
		switch l := lit.expr.(type) {
		case *Lit:
			if l.Kind == LitStr {
				return l.Str, l.Sp, true
			}
		case *StrTemplate:
			for _, part := range l.Parts {
				if part.Expr != nil {
					c.emit("Cannot interpolate values in a string literal", part.Expr.Span())
				}
			}
			return "", Span{}, false
		}
	}
	c.emit("Expected string literal", v.span())
	return "", Span{}, false
}

// --- functions ---

func (c *fslConverter) function(v fslValue, kwSp Span, anns []fslAnnotation, alias *Annotation, name Name, doc *Span) *Function {
	fv, ok := v.(*fslFunction)
	if !ok {
		c.emit("Expected a function definition", v.span())
		return nil
	}
	start := kwSp
	if len(anns) > 0 {
		start = anns[0].sp
	}
	if doc != nil {
		start = *doc
	}
	all := append([]*fslArg{}, fv.args...)
	if fv.variadic != nil {
		all = append(all, fv.variadic)
	}
	if len(all) > 0 {
		first := all[0]
		typed := first.ct != nil
		for _, a := range all {
			switch {
			case typed && a.ct == nil:
				c.emitHint("All or no arguments must have a type", a.name.Sp, "Expecting types due to this type annotation", first.ct.ty.Span())
			case !typed && a.ct != nil:
				c.emitHint("All or no arguments must have a type", a.name.Sp, "Expecting no types due to this argument not having a type", first.name.Sp)
			}
		}
		switch {
		case typed && fv.ret == nil:
			c.emitHint("Return type is required when arguments have a type", fv.close, "Expecting types due to this type annotation", first.ct.ty.Span())
		case !typed && fv.ret != nil:
			c.emitHint("Return type is not allowed when arguments do not have a type", fv.ret.ty.Span(), "Expecting no types due to this argument not having a type", first.name.Sp)
		}
	}
	role := c.annotation(anns, "role")

	fn := &Function{Name: name, Alias: alias, Role: role, Body: fv.body, DocComment: doc, Sp: start.To(fv.body.Sp)}
	sigEnd := fv.close
	if fv.ret != nil {
		fn.Return = fv.ret.ty
		sigEnd = fv.ret.span()
	}
	fn.SigSp = fv.open.To(sigEnd)
	lam := &Lambda{Body: fv.body, Sp: Span{fv.open.Start, fv.body.Sp.End}}
	for _, a := range all {
		p := &Param{Name: a.name, Variadic: a.dots != nil}
		if a.ct != nil {
			p.Type = a.ct.ty
		}
		fn.Params = append(fn.Params, p)
		var n *Name
		if a.name.Str != "_" {
			nm := a.name
			n = &nm
		}
		if a.dots != nil {
			lam.HasVariadic, lam.Variadic = true, n
		} else {
			lam.Params = append(lam.Params, n)
		}
	}
	fn.Lambda = lam
	fn.BodySource = FormatUDFBody(fn.Params, fn.Body, c.src)
	fn.Signature = FormatUDFSignature(fn.Params, fn.Return)
	return fn
}
