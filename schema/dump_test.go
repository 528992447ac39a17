package schema

import (
	"sort"
	"strconv"
	"strings"

	"github.com/fqlite/fqlite/lang"
)

// dump renders a schema as the readable listing of `-- items --` golden
// sections: one line per element, positions as file:line:col.
func dump(s *Schema, withPos bool) string {
	var b strings.Builder
	// line writes text at an indentation; the continuation lines of
	// multi-line text go one level deeper.
	line := func(indent int, text string) {
		pad := strings.Repeat("  ", indent)
		b.WriteString(pad)
		b.WriteString(strings.ReplaceAll(text, "\n", "\n"+pad+"  "))
		b.WriteByte('\n')
	}
	multi := func(s string) string { return s }
	at := func(p Pos) string {
		if !withPos {
			return ""
		}
		return " at " + location(p)
	}
	for _, c := range s.Collections {
		line(0, "collection "+c.Name+at(c.Pos))
		if c.Doc != "" {
			line(1, "doc "+strconv.Quote(c.Doc))
		}
		if c.Alias != "" {
			line(1, "alias "+c.Alias)
		}
		for _, f := range c.Fields {
			t := "field " + f.Name + ": " + f.Signature()
			if f.Default != nil {
				t += " = " + multi(f.DefaultSource())
			}
			if f.Nullable() {
				t += " (nullable)"
			}
			line(1, t)
		}
		if c.Wildcard != nil {
			line(1, "wildcard "+lang.FormatType(c.Wildcard, c.Src))
		}
		for _, f := range c.ComputedFields {
			t := "computed " + f.Name
			if f.Type != nil {
				t += ": " + f.Signature()
			}
			line(1, t+" = "+multi(f.Lambda.Body()))
		}
		for _, i := range c.Indexes {
			t := "index " + i.Name
			if len(i.Terms) > 0 {
				t += " terms " + termsString(i.Terms)
			}
			if len(i.Values) > 0 {
				t += " values " + valuesString(i.Values)
			}
			line(1, t)
		}
		for _, u := range c.Uniques {
			line(1, "unique "+termsString(u.Terms))
		}
		for _, ch := range c.Checks {
			line(1, "check "+ch.Name+" "+multi(ch.Lambda.Body()))
		}
		if c.HistoryDays != 0 {
			line(1, "history_days "+strconv.FormatInt(c.HistoryDays, 10))
		}
		if c.TTLDays != nil {
			line(1, "ttl_days "+strconv.FormatInt(*c.TTLDays, 10))
		}
		if c.DocumentTTLs != nil {
			line(1, "document_ttls "+strconv.FormatBool(*c.DocumentTTLs))
		}
		for _, m := range c.Migrations {
			p := lang.NewPrinter(c.Src)
			writeMigration(p, m)
			line(1, "migration "+strings.TrimSuffix(p.String(), "\n"))
		}
	}
	for _, f := range s.Functions {
		line(0, "function "+f.Name+at(f.Pos))
		if f.Doc != "" {
			line(1, "doc "+strconv.Quote(f.Doc))
		}
		if f.Alias != "" {
			line(1, "alias "+f.Alias)
		}
		if f.Role != "" {
			line(1, "role "+f.Role)
		}
		var params []string
		for _, p := range f.Params {
			params = append(params, p.Name)
		}
		if f.Variadic != nil {
			params = append(params, "..."+f.Variadic.Name)
		}
		line(1, "params ("+strings.Join(params, ", ")+")")
		if f.Signature != "" {
			line(1, "signature "+f.Signature)
		}
		line(1, "body "+multi(f.Body))
	}
	for _, r := range s.Roles {
		line(0, "role "+r.Name+at(r.Pos))
		if r.Doc != "" {
			line(1, "doc "+strconv.Quote(r.Doc))
		}
		for _, p := range r.Privileges {
			line(1, "privileges "+p.Resource)
			var acts []string
			for a := range p.Actions {
				acts = append(acts, string(a))
			}
			sort.Slice(acts, func(i, j int) bool { return actionIndex(acts[i]) < actionIndex(acts[j]) })
			for _, a := range acts {
				if l := p.Actions[Action(a)]; l != nil {
					line(2, a+": "+multi(l.Body()))
				} else {
					line(2, a+": true")
				}
			}
		}
		for _, m := range r.Membership {
			t := "membership " + m.Collection
			if m.Predicate != nil {
				t += ": " + multi(m.Predicate.Body())
			}
			line(1, t)
		}
	}
	for _, a := range s.AccessProviders {
		line(0, "access provider "+a.Name+at(a.Pos))
		line(1, "issuer "+strconv.Quote(a.Issuer))
		line(1, "jwks_uri "+strconv.Quote(a.JWKSURI))
		for _, r := range a.Roles {
			t := "role " + r.Role
			if r.Predicate != nil {
				t += ": " + multi(r.Predicate.Body())
			}
			line(1, t)
		}
	}
	return strings.TrimSuffix(b.String(), "\n")
}

func actionIndex(a string) int {
	for i, x := range Actions {
		if string(x) == a {
			return i
		}
	}
	return len(Actions)
}
