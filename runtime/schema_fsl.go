package runtime

import (
	"fmt"
	"strings"

	"github.com/fqlite/fqlite/eval"
	"github.com/fqlite/fqlite/lang"
	"github.com/fqlite/fqlite/runtime/store"
	"github.com/fqlite/fqlite/schema"
)

// The database's schema documents render as FSL (the `main.fsl` Fauna
// generates for items created through FQL), which `schema diff` compares
// with a directory of files and `schema pull` writes out.

// currentSchema is the stored schema as a *schema.Schema.
func (q *query) currentSchema() (*schema.Schema, error) {
	text := q.schemaFSL()
	s, err := schema.Parse(map[string]string{"main.fsl": text})
	if err != nil {
		return nil, fmt.Errorf("fqlite: the stored schema does not render as valid FSL: %w\n%s", err, text)
	}
	return s, nil
}

// SchemaFSL renders the database's current schema as one FSL file.
func (db *DB) SchemaFSL() (string, error) {
	var text string
	err := db.st.View(func(tx *store.Txn) error {
		q, err := db.begin(nil, tx)
		if err != nil {
			return err
		}
		defer q.release()
		text = q.schemaFSL()
		return nil
	})
	return text, err
}

func (q *query) schemaFSL() string {
	var b strings.Builder
	for _, sc := range []*schemaColl{collectionSchema, roleSchema, functionSchema, accessProviderSchema} {
		var items []*eval.Object
		var names []string
		scanNamed(q.tx, sc.id, func(name string, rec *eval.Object) bool {
			items = append(items, rec)
			names = append(names, name)
			return true
		})
		for i, rec := range items {
			if b.Len() > 0 {
				b.WriteString("\n")
			}
			switch sc {
			case collectionSchema:
				writeCollectionFSL(&b, names[i], rec)
			case functionSchema:
				writeFunctionFSL(&b, names[i], rec)
			case roleSchema:
				writeRoleFSL(&b, names[i], rec)
			case accessProviderSchema:
				writeAccessProviderFSL(&b, names[i], rec)
			}
		}
	}
	return b.String()
}

func str(o *eval.Object, key string) string { return stringOf(o, key) }

func obj(o *eval.Object, key string) *eval.Object {
	v, ok := o.Get(key)
	if !ok {
		return nil
	}
	r, _ := v.(*eval.Object)
	return r
}

func arr(o *eval.Object, key string) []eval.Value {
	v, ok := o.Get(key)
	if !ok {
		return nil
	}
	a, _ := v.(*eval.Array)
	if a == nil {
		return nil
	}
	return a.Elems
}

// fslPath renders a stored index path (`email`, `.email`, `.["a b"]`) in
// FSL's form.
func fslPath(field string) string {
	p, err := parseFieldPath(field)
	if err != nil {
		return field
	}
	return p.String()
}

// fslTerm renders a term or unique field: a string or { field, mva }.
func fslTerm(v eval.Value) string {
	switch x := v.(type) {
	case eval.String:
		return fslPath(string(x))
	case *eval.Object:
		p := fslPath(str(x, "field"))
		if m, ok := x.Get("mva"); ok && m == eval.True {
			return "mva(" + p + ")"
		}
		return p
	}
	return ""
}

func fslValue(v eval.Value) string {
	switch x := v.(type) {
	case eval.String:
		return fslPath(string(x))
	case *eval.Object:
		p := fslPath(str(x, "field"))
		if m, ok := x.Get("mva"); ok && m == eval.True {
			p = "mva(" + p + ")"
		}
		if str(x, "order") == "desc" {
			return "desc(" + p + ")"
		}
		return p
	}
	return ""
}

func writeCollectionFSL(b *strings.Builder, name string, rec *eval.Object) {
	if a := str(rec, "alias"); a != "" {
		fmt.Fprintf(b, "@alias(%s)\n", lang.FormatIdent(a))
	}
	fmt.Fprintf(b, "collection %s {\n", lang.FormatIdent(name))
	if fields := obj(rec, "fields"); fields != nil {
		for i, k := range fields.Keys() {
			f, _ := fields.ValueAt(i).(*eval.Object)
			if f == nil {
				continue
			}
			fmt.Fprintf(b, "  %s: %s", lang.FormatIdent(k), str(f, "signature"))
			if d := str(f, "default"); d != "" {
				fmt.Fprintf(b, " = %s", d)
			}
			b.WriteString("\n")
		}
	}
	if w := str(rec, "wildcard"); w != "" {
		fmt.Fprintf(b, "  *: %s\n", w)
	}
	if cfs := obj(rec, "computed_fields"); cfs != nil {
		for i, k := range cfs.Keys() {
			cf, _ := cfs.ValueAt(i).(*eval.Object)
			if cf == nil {
				continue
			}
			fmt.Fprintf(b, "  compute %s", lang.FormatIdent(k))
			if sig := str(cf, "signature"); sig != "" {
				fmt.Fprintf(b, ": %s", sig)
			}
			fmt.Fprintf(b, " = (%s)\n", strings.TrimSpace(str(cf, "body")))
		}
	}
	if idx := obj(rec, "indexes"); idx != nil {
		for i, k := range idx.Keys() {
			d, _ := idx.ValueAt(i).(*eval.Object)
			if d == nil {
				continue
			}
			fmt.Fprintf(b, "\n  index %s {\n", lang.FormatIdent(k))
			if terms := arr(d, "terms"); len(terms) > 0 {
				parts := make([]string, len(terms))
				for j, t := range terms {
					parts[j] = fslTerm(t)
				}
				fmt.Fprintf(b, "    terms [%s]\n", strings.Join(parts, ", "))
			}
			if values := arr(d, "values"); len(values) > 0 {
				parts := make([]string, len(values))
				for j, v := range values {
					parts[j] = fslValue(v)
				}
				fmt.Fprintf(b, "    values [%s]\n", strings.Join(parts, ", "))
			}
			b.WriteString("  }\n")
		}
	}
	for _, c := range arr(rec, "constraints") {
		co, _ := c.(*eval.Object)
		if co == nil {
			continue
		}
		if u, ok := co.Get("unique"); ok {
			ua, _ := u.(*eval.Array)
			if ua == nil {
				continue
			}
			parts := make([]string, len(ua.Elems))
			for j, t := range ua.Elems {
				parts[j] = fslTerm(t)
			}
			fmt.Fprintf(b, "  unique [%s]\n", strings.Join(parts, ", "))
		}
		if ch := obj(co, "check"); ch != nil {
			fmt.Fprintf(b, "  check %s (%s)\n", lang.FormatIdent(str(ch, "name")), strings.TrimSpace(str(ch, "body")))
		}
	}
	if v, ok := rec.Get("history_days"); ok {
		if n, _ := eval.AsInt64(v); n != 0 {
			fmt.Fprintf(b, "  history_days %d\n", n)
		}
	}
	if v, ok := rec.Get("ttl_days"); ok {
		n, _ := eval.AsInt64(v)
		fmt.Fprintf(b, "  ttl_days %d\n", n)
	}
	if v, ok := rec.Get("document_ttls"); ok {
		fmt.Fprintf(b, "  document_ttls %v\n", v == eval.True)
	}
	b.WriteString("}\n")
}

// writeFunctionFSL renders a Function document: the stored body is a
// lambda, `(a, b) => expr`, whose parameters and body become the FSL
// function's; a signature gives the parameter and return types.
func writeFunctionFSL(b *strings.Builder, name string, rec *eval.Object) {
	if r := str(rec, "role"); r != "" {
		fmt.Fprintf(b, "@role(%s)\n", lang.FormatIdent(r))
	}
	if a := str(rec, "alias"); a != "" {
		fmt.Fprintf(b, "@alias(%s)\n", lang.FormatIdent(a))
	}
	body := str(rec, "body")
	src := lang.NewSource("*body*", body)
	lam, err := lang.ParseLambda(src)
	if err != nil {
		fmt.Fprintf(b, "function %s() {\n  abort(\"unparsable body\")\n}\n", lang.FormatIdent(name))
		return
	}
	var paramTypes []string
	ret := ""
	if sig := str(rec, "signature"); sig != "" {
		if te, err := lang.ParseType(lang.NewSource("*signature*", sig)); err == nil {
			if t, ok := te.(*lang.Type); ok && t.Kind == lang.TypeLambda {
				for _, a := range t.Args {
					paramTypes = append(paramTypes, lang.FormatType(a, nil))
				}
				if t.Variadic != nil {
					paramTypes = append(paramTypes, lang.FormatType(t.Variadic, nil))
				}
				if t.Result != nil {
					ret = lang.FormatType(t.Result, nil)
				}
			}
		}
	}
	var params []string
	for i, p := range lam.Params {
		n := "_"
		if p != nil && p.Str != "" {
			n = p.Str
		}
		if i < len(paramTypes) {
			n += ": " + paramTypes[i]
		}
		params = append(params, n)
	}
	if lam.HasVariadic {
		n := "_"
		if lam.Variadic != nil {
			n = lam.Variadic.Str
		}
		n = "..." + n
		if i := len(lam.Params); i < len(paramTypes) {
			n += ": " + paramTypes[i]
		}
		params = append(params, n)
	}
	fmt.Fprintf(b, "function %s(%s)", lang.FormatIdent(name), strings.Join(params, ", "))
	if ret != "" {
		fmt.Fprintf(b, ": %s", ret)
	}
	text := strings.TrimSpace(body[lam.Body.Span().Start:lam.Body.Span().End])
	if strings.HasPrefix(text, "{") && strings.HasSuffix(text, "}") {
		fmt.Fprintf(b, " %s\n", text)
	} else {
		fmt.Fprintf(b, " {\n  %s\n}\n", text)
	}
}

func writeRoleFSL(b *strings.Builder, name string, rec *eval.Object) {
	fmt.Fprintf(b, "role %s {\n", lang.FormatIdent(name))
	for _, m := range arr(rec, "membership") {
		mo, _ := m.(*eval.Object)
		if mo == nil {
			continue
		}
		fmt.Fprintf(b, "  membership %s", lang.FormatIdent(str(mo, "resource")))
		if p := str(mo, "predicate"); p != "" {
			fmt.Fprintf(b, " {\n    predicate (%s)\n  }", strings.TrimSpace(p))
		}
		b.WriteString("\n")
	}
	for _, p := range arr(rec, "privileges") {
		po, _ := p.(*eval.Object)
		if po == nil {
			continue
		}
		fmt.Fprintf(b, "  privileges %s {\n", lang.FormatIdent(str(po, "resource")))
		if actions := obj(po, "actions"); actions != nil {
			for i, a := range actions.Keys() {
				switch v := actions.ValueAt(i).(type) {
				case eval.Boolean:
					if v {
						fmt.Fprintf(b, "    %s\n", a)
					}
				case eval.String:
					fmt.Fprintf(b, "    %s {\n      predicate (%s)\n    }\n", a, strings.TrimSpace(string(v)))
				}
			}
		}
		b.WriteString("  }\n")
	}
	b.WriteString("}\n")
}

func writeAccessProviderFSL(b *strings.Builder, name string, rec *eval.Object) {
	fmt.Fprintf(b, "access provider %s {\n", lang.FormatIdent(name))
	fmt.Fprintf(b, "  issuer %s\n", lang.FormatString(str(rec, "issuer")))
	fmt.Fprintf(b, "  jwks_uri %s\n", lang.FormatString(str(rec, "jwks_uri")))
	for _, r := range arr(rec, "roles") {
		switch x := r.(type) {
		case eval.String:
			fmt.Fprintf(b, "  role %s\n", lang.FormatIdent(string(x)))
		case *eval.Object:
			fmt.Fprintf(b, "  role %s", lang.FormatIdent(str(x, "role")))
			if p := str(x, "predicate"); p != "" {
				fmt.Fprintf(b, " {\n    predicate (%s)\n  }", strings.TrimSpace(p))
			}
			b.WriteString("\n")
		}
	}
	b.WriteString("}\n")
}

func formatType(te lang.TypeExpr, src *lang.Source) string { return lang.FormatType(te, src) }
