package schema

import (
	"net/url"
	"strconv"
	"strings"

	"github.com/fqlite/fqlite/lang"
)

// Validation of a parsed schema: the checks Fauna makes on each schema
// document and on the whole schema once every document is written
// (spec/fsl-auth.md §2.1, layers 2 and 3). Messages are Fauna's where its
// tests pin them down; each error points at the offending name or value.

// ReservedIdentifiers are the names collections, functions and their
// aliases may not take: FQL's modules, types and globals, keywords and `_`.
var ReservedIdentifiers = setOf(
	// modules and types
	"Collection", "Function", "Role", "AccessProvider", "Database", "Key", "Token",
	"Credential", "Credentials", "Query", "Time", "Date", "String", "Number", "Int",
	"Long", "Double", "Float", "Boolean", "Bytes", "UUID", "ID", "Array", "Struct",
	"Object", "Set", "Doc", "Null", "Math", "FQL", "Any", "Never",
	// globals
	"asc", "desc", "log", "dbg", "newId", "abort",
	// reserved type words
	"struct", "interface", "type", "function", "collection",
	// keywords and `_`
	"if", "else", "at", "match", "case", "let", "null", "true", "false", "isa", "join", "on", "of", "_",
)

// BuiltinRoles are the roles every database has.
var BuiltinRoles = setOf("admin", "server", "server-readonly", "client")

// reservedRoleNames may not name user roles: Fauna reserves admin and
// server; fqlite also refuses the other built-in key roles, which would
// clash with Key.role values (spec/fsl-auth.md §1.1).
var reservedRoleNames = BuiltinRoles

// SystemCollections are the resources a privilege may name besides user
// collections and functions (`Credentials` is Credential's legacy name).
var SystemCollections = setOf("Collection", "Function", "Role", "AccessProvider", "Database", "Key", "Token", "Credential", "Credentials")

// reservedIndexNames are collection methods an index may not shadow.
var reservedIndexNames = setOf("all", "byId", "create", "createAll", "createData", "definition", "firstWhere", "where")

// MaxRolesPerResource is how many roles may name one resource.
const MaxRolesPerResource = 64

func setOf(names ...string) map[string]bool {
	m := make(map[string]bool, len(names))
	for _, n := range names {
		m[n] = true
	}
	return m
}

type validator struct {
	files []parsedFile
	errs  Errors

	colls  map[string]*lang.Collection // by name and by alias
	funcs  map[string]*lang.Function   // by name and by alias
	roles  map[string]*lang.Role
	issuer map[string]located
}

type located struct {
	src *lang.Source
	sp  lang.Span
}

func (v *validator) add(e *Error) { v.errs = append(v.errs, e) }

func (v *validator) docErr(it lang.SchemaItem, src *lang.Source, path string, sp lang.Span, msg string) *Error {
	e := &Error{Layer: LayerDocument, Message: msg, Src: src, Span: sp, Item: it.ItemKind(), ItemName: it.ItemName().Str, Path: path}
	v.add(e)
	return e
}

func (v *validator) envErr(it lang.SchemaItem, src *lang.Source, sp lang.Span, msg string) *Error {
	e := &Error{Layer: LayerEnvironment, Message: msg, Src: src, Span: sp, Item: it.ItemKind(), ItemName: it.ItemName().Str}
	v.add(e)
	return e
}

func validate(files []parsedFile) Errors {
	v := &validator{
		files:  files,
		colls:  map[string]*lang.Collection{},
		funcs:  map[string]*lang.Function{},
		roles:  map[string]*lang.Role{},
		issuer: map[string]located{},
	}
	for _, f := range files {
		for _, it := range f.items {
			switch x := it.(type) {
			case *lang.Collection:
				v.colls[x.Name.Str] = x
			case *lang.Function:
				v.funcs[x.Name.Str] = x
			case *lang.Role:
				v.roles[x.Name.Str] = x
			}
		}
	}
	// Aliases resolve after names: lookups prefer names.
	for _, f := range files {
		for _, it := range f.items {
			switch x := it.(type) {
			case *lang.Collection:
				if x.Alias != nil && v.colls[x.Alias.Value.Str] == nil {
					v.colls[x.Alias.Value.Str] = x
				}
			case *lang.Function:
				if x.Alias != nil && v.funcs[x.Alias.Value.Str] == nil {
					v.funcs[x.Alias.Value.Str] = x
				}
			}
		}
	}
	v.duplicates()
	resourceRoles := map[string][]string{}
	for _, f := range files {
		for _, it := range f.items {
			switch x := it.(type) {
			case *lang.Collection:
				v.collection(x, f.src)
			case *lang.Function:
				v.function(x, f.src)
			case *lang.Role:
				v.role(x, f.src, resourceRoles)
			case *lang.AccessProvider:
				v.accessProvider(x, f.src)
			}
		}
	}
	return v.errs
}

// duplicates reports names defined in two files; duplicates within a file
// are parse errors. The rules are the converter's (fsl_convert.go).
func (v *validator) duplicates() {
	type seen map[string]located
	collFn, roles, providers := seen{}, seen{}, seen{}
	check := func(s seen, what string, it lang.SchemaItem, src *lang.Source, n lang.Name) {
		if orig, ok := s[n.Str]; ok {
			e := v.envErr(it, src, n.Sp, "Duplicate "+what+" `"+n.Str+"`")
			e.Hints = []Hint{{Kind: lang.KindHint, Message: "Originally defined here", Src: orig.src, Span: orig.sp}}
			return
		}
		s[n.Str] = located{src, n.Sp}
	}
	for _, f := range v.files {
		for _, it := range f.items {
			switch x := it.(type) {
			case *lang.Collection:
				check(collFn, "collection or function", x, f.src, x.Name)
				if x.Alias != nil {
					check(collFn, "collection or function", x, f.src, x.Alias.Value)
				}
			case *lang.Function:
				_, taken := collFn[x.Name.Str]
				if c := v.colls[x.Name.Str]; taken && x.Alias != nil && c != nil && c.Name.Str == x.Name.Str {
					check(collFn, "collection or function", x, f.src, x.Alias.Value)
				} else {
					check(collFn, "collection or function", x, f.src, x.Name)
					if x.Alias != nil {
						check(collFn, "collection or function", x, f.src, x.Alias.Value)
					}
				}
			case *lang.Role:
				check(roles, "role", x, f.src, x.Name)
			case *lang.AccessProvider:
				check(providers, "access provider", x, f.src, x.Name)
			}
		}
	}
}

// checkIdent is the document check of a name: reserved, then valid.
func (v *validator) checkIdent(it lang.SchemaItem, src *lang.Source, path string, n lang.Name, reserved map[string]bool) {
	switch {
	case reserved[n.Str]:
		v.docErr(it, src, path, n.Sp, "The identifier `"+n.Str+"` is reserved.")
	case !lang.IsValidIdent(n.Str):
		v.docErr(it, src, path, n.Sp, "Invalid identifier.")
	}
}

func (v *validator) collection(c *lang.Collection, src *lang.Source) {
	v.checkIdent(c, src, "name", c.Name, ReservedIdentifiers)
	if c.Alias != nil {
		v.checkIdent(c, src, "alias", c.Alias.Value, ReservedIdentifiers)
	}
	if c.HistoryDays != nil && c.HistoryDays.Value < 0 {
		v.docErr(c, src, "history_days", c.HistoryDays.ValueSp, "Non-negative value required.")
	}
	if c.TTLDays != nil && c.TTLDays.Value < 0 {
		v.docErr(c, src, "ttl_days", c.TTLDays.ValueSp, "Non-negative value required.")
	}
	for _, f := range c.Fields {
		switch f.Kind {
		case lang.FieldWildcard:
			if t, ok := f.Type.(*lang.Type); !ok || t.Kind != lang.TypeAny {
				v.envErr(c, src, f.Type.Span(), "Top-level wildcard must have type `Any`")
			}
		case lang.FieldDefined:
			v.fieldType(c, src, f)
		}
	}
	for _, idx := range c.Indexes {
		if reservedIndexNames[idx.Name.Str] {
			v.docErr(c, src, "indexes", idx.Name.Sp, "The name '"+idx.Name.Str+"' is reserved.")
		}
		base := "indexes." + idx.Name.Str
		for i, t := range idx.Terms {
			path := base + ".terms[" + strconv.Itoa(i) + "].field"
			switch first(t.Path) {
			case "ts":
				v.docErr(c, src, path, t.Sp, "`ts` may only be used as an index value, not as an index term.")
			case "id", "coll":
				v.docErr(c, src, path, t.Sp, "`"+first(t.Path)+"` may not be used as an index term.")
			}
		}
		for i, val := range idx.Values {
			if first(val.Path) == "coll" {
				v.docErr(c, src, base+".values["+strconv.Itoa(i)+"].field", val.Sp, "`coll` may not be used as an index value.")
			}
		}
	}
	for i, u := range c.Uniques {
		for j, t := range u.Terms {
			switch f := first(t.Path); f {
			case "id", "coll", "ts":
				v.docErr(c, src, "constraints["+strconv.Itoa(i)+"].unique["+strconv.Itoa(j)+"].field", t.Sp, "`"+f+"` may not be used in a unique constraint.")
			}
		}
	}
}

// first is the first field name of a path, or "".
func first(p lang.FieldPath) string {
	if len(p.Elems) == 0 || p.Elems[0].IsIndex {
		return ""
	}
	return p.Elems[0].Field
}

// builtinTypes are the type names a field signature may use besides
// collection names (Fauna's type environment, spec/fql.md §2).
var builtinTypes = setOf(
	"Any", "Never", "Null", "Boolean", "Int", "Long", "Double", "Float", "Number", "String",
	"Time", "Date", "Bytes", "UUID", "ID", "Array", "Object", "Struct", "Ref", "EmptyRef",
	"Set", "SetCursor", "Doc", "NullDoc", "Key", "Token", "Credential", "Role", "Function",
	"Collection", "AccessProvider", "Database", "TransactionTime",
)

// unpersistableTypes cannot be stored in a document.
var unpersistableTypes = setOf("Set", "SetCursor", "Never")

// fieldType checks a defined field's type: known type names, and types that
// can be stored.
func (v *validator) fieldType(c *lang.Collection, src *lang.Source, f *lang.Field) {
	var causes []Hint
	var walk func(te lang.TypeExpr)
	walk = func(te lang.TypeExpr) {
		t, ok := te.(*lang.Type)
		if !ok || t == nil {
			return
		}
		switch t.Kind {
		case lang.TypeName, lang.TypeCons:
			if !builtinTypes[t.Name] && v.colls[t.Name] == nil &&
				!(strings.HasPrefix(t.Name, "Null") && v.colls[strings.TrimPrefix(t.Name, "Null")] != nil) {
				v.envErr(c, src, lang.Span{Start: t.Sp.Start, End: t.Sp.Start + len(t.Name)}, "Unknown type `"+t.Name+"`")
				return
			}
			if unpersistableTypes[t.Name] {
				causes = append(causes, Hint{Kind: lang.KindCause, Message: "Type " + lang.FormatType(t, src) + " is not persistable", Src: src, Span: t.Sp})
				return
			}
			if t.Name == "Ref" {
				return // refs are persistable whatever they refer to
			}
		case lang.TypeNever, lang.TypeLambda:
			causes = append(causes, Hint{Kind: lang.KindCause, Message: "Type " + lang.FormatType(t, src) + " is not persistable", Src: src, Span: t.Sp})
			return
		}
		for _, a := range t.Args {
			walk(a)
		}
		for _, tf := range t.Fields {
			walk(tf.Type)
		}
		walk(t.Wildcard)
	}
	walk(f.Type)
	if len(causes) > 0 {
		e := v.envErr(c, src, f.Type.Span(), "Field `"+f.Name.Str+"` in collection "+c.Name.Str+" is not persistable")
		e.Hints = causes
	}
}

func (v *validator) function(fn *lang.Function, src *lang.Source) {
	v.checkIdent(fn, src, "name", fn.Name, ReservedIdentifiers)
	if fn.Alias != nil {
		v.checkIdent(fn, src, "alias", fn.Alias.Value, ReservedIdentifiers)
	}
	// Fauna stores the body as a lambda and parses it again: a parameter
	// named twice fails there.
	seen := map[string]lang.Name{}
	for _, p := range fn.Params {
		if orig, dup := seen[p.Name.Str]; dup && p.Name.Str != "_" {
			e := v.docErr(fn, src, "body", p.Name.Sp, "Duplicate lambda argument")
			e.Hints = []Hint{{Kind: lang.KindHint, Message: "Argument originally defined here", Src: src, Span: orig.Sp}}
			continue
		}
		seen[p.Name.Str] = p.Name
	}
	if fn.Role != nil {
		r := fn.Role.Value.Str
		if !BuiltinRoles[r] && v.roles[r] == nil {
			v.docErr(fn, src, "role", fn.Role.Value.Sp, "Field refers to an unknown role name `"+r+"`.")
		}
	}
}

func (v *validator) role(r *lang.Role, src *lang.Source, resourceRoles map[string][]string) {
	v.checkIdent(r, src, "name", r.Name, reservedRoleNames)
	counted := map[string]bool{}
	count := func(resource string) {
		if counted[resource] {
			return
		}
		counted[resource] = true
		resourceRoles[resource] = append(resourceRoles[resource], r.Name.Str)
		if len(resourceRoles[resource]) == MaxRolesPerResource+1 {
			v.docErr(r, src, "", r.Name.Sp, "The maximum number of roles per resource ("+strconv.Itoa(MaxRolesPerResource)+") have been exceeded.")
		}
	}
	for _, p := range r.Privileges {
		name := p.Resource.Str
		switch {
		case v.colls[name] != nil:
			count("collection:" + v.colls[name].Name.Str)
		case v.funcs[name] != nil:
			count("function:" + v.funcs[name].Name.Str)
		case SystemCollections[name]:
		default:
			v.envErr(r, src, p.Resource.Sp, "Resource `"+name+"` does not exist")
		}
	}
	for _, m := range r.Memberships {
		name := m.Collection.Str
		if c := v.colls[name]; c != nil {
			count("collection:" + c.Name.Str)
		} else {
			v.envErr(r, src, m.Collection.Sp, "Resource `"+name+"` does not exist")
		}
	}
}

func (v *validator) accessProvider(ap *lang.AccessProvider, src *lang.Source) {
	if !lang.IsValidIdent(ap.Name.Str) {
		v.docErr(ap, src, "name", ap.Name.Sp, "Invalid identifier.")
	}
	if ap.Issuer != nil {
		if orig, ok := v.issuer[ap.Issuer.Value]; ok {
			e := v.docErr(ap, src, "issuer", ap.Issuer.ValueSp, "Failed unique constraint.")
			e.Hints = []Hint{{Kind: lang.KindHint, Message: "Originally defined here", Src: orig.src, Span: orig.sp}}
		} else {
			v.issuer[ap.Issuer.Value] = located{src, ap.Issuer.ValueSp}
		}
	}
	if ap.JWKSURI != nil && !validHTTPS(ap.JWKSURI.Value) {
		v.docErr(ap, src, "jwks_uri", ap.JWKSURI.ValueSp, "`"+ap.JWKSURI.Value+"` must be a valid https URI.")
	}
	for _, r := range ap.Roles {
		name := r.Role.Str
		switch {
		case BuiltinRoles[name]:
			v.docErr(ap, src, "roles", r.Role.Sp, "Builtin role `"+name+"` not allowed.")
		case v.roles[name] == nil:
			v.envErr(ap, src, r.Role.Sp, "Role `"+name+"` does not exist")
		}
	}
}

func validHTTPS(s string) bool {
	u, err := url.Parse(s)
	return err == nil && u.Scheme == "https" && u.Host != ""
}
