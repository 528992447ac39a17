package schema

import (
	"sort"
	"strconv"
	"strings"

	"github.com/fqlite/fqlite/lang"
)

// Schema diffs, for `fqlite schema diff` and the /schema/1/diff endpoint.
// Items are matched by kind and name (renames show as a removal and an
// addition); a modified item lists its changes the way Fauna's DiffRender
// summarizes them (fql/schema/DiffRender.scala).

// ChangeKind tells whether an item was added, removed or modified.
type ChangeKind uint8

// Change kinds, in the order diffs list them.
const (
	Added ChangeKind = iota
	Removed
	Modified
)

// Change is one item's change between two schemas.
type Change struct {
	Kind ChangeKind
	Item lang.ItemKind
	Name string
	// Old and New locate the item in each schema (Old is zero for an added
	// item, New for a removed one).
	Old, New Pos
	// Details describe what changed, as diff lines grouped by category.
	Details []Detail
}

// Detail is one line of a change summary: `+ add index `byName“.
type Detail struct {
	// Category groups collection changes: "Defined fields", "Computed
	// fields", "Indexes", "Constraints", "Configuration"; "" for other items.
	Category string
	Text     string
	// Sub are nested lines (the actions of a changed privilege).
	Sub []Detail
}

// categories in display order.
var categories = []string{"Defined fields", "Computed fields", "Indexes", "Constraints", "Configuration"}

// Diff compares two schemas (either may be nil).
func Diff(old, new *Schema) []Change {
	if old == nil {
		old = &Schema{}
	}
	if new == nil {
		new = &Schema{}
	}
	var out []Change
	type key struct {
		kind lang.ItemKind
		name string
	}
	oldItems, newItems := map[key]item{}, map[key]item{}
	var order []key
	collect := func(s *Schema, m map[key]item, record bool) {
		add := func(k key, it item) {
			if _, ok := m[k]; ok {
				return
			}
			m[k] = it
			if record {
				order = append(order, k)
			}
		}
		for _, c := range s.Collections {
			add(key{lang.ItemCollection, c.Name}, c)
		}
		for _, f := range s.Functions {
			add(key{lang.ItemFunction, f.Name}, f)
		}
		for _, r := range s.Roles {
			add(key{lang.ItemRole, r.Name}, r)
		}
		for _, a := range s.AccessProviders {
			add(key{lang.ItemAccessProvider, a.Name}, a)
		}
	}
	collect(old, oldItems, true)
	collect(new, newItems, true)
	seen := map[key]bool{}
	for _, k := range order {
		if seen[k] {
			continue
		}
		seen[k] = true
		o, n := oldItems[k], newItems[k]
		switch {
		case o == nil:
			out = append(out, Change{Kind: Added, Item: k.kind, Name: k.name, New: n.pos(), Details: diffItem(emptyLike(n), n)})
		case n == nil:
			out = append(out, Change{Kind: Removed, Item: k.kind, Name: k.name, Old: o.pos(), Details: diffItem(o, emptyLike(o))})
		default:
			if d := diffItem(o, n); len(d) > 0 {
				out = append(out, Change{Kind: Modified, Item: k.kind, Name: k.name, Old: o.pos(), New: n.pos(), Details: d})
			}
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Kind != b.Kind {
			return a.Kind < b.Kind
		}
		if a.Item != b.Item {
			return a.Item < b.Item
		}
		return a.Name < b.Name
	})
	return out
}

// emptyLike is Fauna's makeEmptyItem: the item with its optional parts
// removed, to describe what an addition or removal brings.
func emptyLike(it item) item {
	switch x := it.(type) {
	case *Collection:
		return &Collection{Name: x.Name}
	case *Function:
		return &Function{Name: x.Name, Params: x.Params, Variadic: x.Variadic, Return: x.Return, Body: x.Body}
	case *Role:
		return &Role{Name: x.Name}
	case *AccessProvider:
		return &AccessProvider{Name: x.Name, Issuer: x.Issuer, JWKSURI: x.JWKSURI}
	}
	return nil
}

func diffItem(o, n item) []Detail {
	switch a := o.(type) {
	case *Collection:
		return diffCollection(a, n.(*Collection))
	case *Function:
		return diffFunction(a, n.(*Function))
	case *Role:
		return diffRole(a, n.(*Role))
	case *AccessProvider:
		return diffAccessProvider(a, n.(*AccessProvider))
	}
	return nil
}

func bt(s string) string { return "`" + s + "`" }

// diffAnnotation describes an `@alias`/`@role` change.
func diffAnnotation(kind, o, n string) []Detail {
	switch {
	case o == n:
		return nil
	case o == "":
		return []Detail{{Category: "Configuration", Text: "+ add " + kind + " set to " + lang.FormatIdent(n)}}
	case n == "":
		return []Detail{{Category: "Configuration", Text: "- remove " + kind + " set to " + lang.FormatIdent(o)}}
	}
	return []Detail{{Category: "Configuration", Text: "~ change " + kind + " set to " + lang.FormatIdent(n)}}
}

// namedDiff aligns two lists by key and describes additions, removals and
// modifications.
func namedDiff[T any](o, n []T, key func(T) string, add, remove func(T) Detail, modify func(a, b T) []Detail) []Detail {
	var out []Detail
	om, nm := map[string]T{}, map[string]T{}
	for _, x := range o {
		om[key(x)] = x
	}
	for _, x := range n {
		nm[key(x)] = x
	}
	for _, x := range n {
		if _, ok := om[key(x)]; !ok {
			out = append(out, add(x))
		}
	}
	for _, x := range o {
		if _, ok := nm[key(x)]; !ok {
			out = append(out, remove(x))
		}
	}
	for _, x := range o {
		if y, ok := nm[key(x)]; ok && modify != nil {
			out = append(out, modify(x, y)...)
		}
	}
	return out
}

func termsString(ts []IndexTerm) string {
	parts := make([]string, len(ts))
	for i, t := range ts {
		parts[i] = lang.FormatPath(t.Path)
		if t.MVA {
			parts[i] = "mva(" + parts[i] + ")"
		}
	}
	return "[" + strings.Join(parts, ", ") + "]"
}

func valuesString(vs []IndexValue) string {
	parts := make([]string, len(vs))
	for i, v := range vs {
		s := lang.FormatPath(v.Path)
		if v.MVA {
			s = "mva(" + s + ")"
		}
		if v.Desc {
			s = "desc(" + s + ")"
		}
		parts[i] = s
	}
	return "[" + strings.Join(parts, ", ") + "]"
}

func lambdaString(l *Lambda) string {
	if l == nil {
		return ""
	}
	return l.Body()
}

func typeString(t lang.TypeExpr, src *lang.Source) string {
	if t == nil {
		return ""
	}
	return lang.FormatType(t, src)
}

// seqDiff describes a change of a list member (terms, values).
func seqDiff(cat, member, o, n string) []Detail {
	switch {
	case o == n:
		return nil
	case o == "[]":
		return []Detail{{Category: cat, Text: "+ add " + member + " set to " + n}}
	case n == "[]":
		return []Detail{{Category: cat, Text: "- remove " + member + " set to " + o}}
	}
	return []Detail{{Category: cat, Text: "~ change " + member + " from " + o + " to " + n}}
}

func diffCollection(o, n *Collection) []Detail {
	var out []Detail
	out = append(out, diffAnnotation("alias", o.Alias, n.Alias)...)
	// Defined fields (Fauna shows these as migrations).
	{
		out = append(out, namedDiff(o.Fields, n.Fields, func(f *Field) string { return f.Name },
			func(f *Field) Detail {
				if f.Default != nil {
					return Detail{Category: "Defined fields", Text: "+ add field `." + f.Name + "` with backfill " + bt(f.DefaultSource())}
				}
				return Detail{Category: "Defined fields", Text: "+ add field `." + f.Name + "`"}
			},
			func(f *Field) Detail {
				return Detail{Category: "Defined fields", Text: "- drop field `." + f.Name + "`"}
			},
			func(a, b *Field) []Detail {
				var d []Detail
				if at, bt2 := a.Signature(), b.Signature(); at != bt2 {
					d = append(d, Detail{Category: "Defined fields", Text: "~ change field `." + a.Name + "` from " + bt(at) + " to " + bt(bt2)})
				}
				switch ad, bd := a.DefaultSource(), b.DefaultSource(); {
				case ad == bd:
				case bd == "":
					d = append(d, Detail{Category: "Configuration", Text: "- remove default value from field `." + a.Name + "`"})
				default:
					d = append(d, Detail{Category: "Configuration", Text: "~ change field " + bt(a.Name)})
				}
				return d
			})...)
	}
	out = append(out, namedDiff(o.ComputedFields, n.ComputedFields, func(f *ComputedField) string { return f.Name },
		func(f *ComputedField) Detail {
			return Detail{Category: "Computed fields", Text: "+ add computed field " + bt(f.Name)}
		},
		func(f *ComputedField) Detail {
			return Detail{Category: "Computed fields", Text: "- remove computed field " + bt(f.Name)}
		},
		func(a, b *ComputedField) []Detail {
			if lambdaString(a.Lambda) == lambdaString(b.Lambda) && a.Signature() == b.Signature() {
				return nil
			}
			return []Detail{{Category: "Computed fields", Text: "~ change computed field " + bt(a.Name)}}
		})...)
	out = append(out, namedDiff(o.Indexes, n.Indexes, func(i *Index) string { return i.Name },
		func(i *Index) Detail { return Detail{Category: "Indexes", Text: "+ add index " + bt(i.Name)} },
		func(i *Index) Detail { return Detail{Category: "Indexes", Text: "- remove index " + bt(i.Name)} },
		func(a, b *Index) []Detail {
			sub := append(seqDiff("", "terms", termsString(a.Terms), termsString(b.Terms)),
				seqDiff("", "values", valuesString(a.Values), valuesString(b.Values))...)
			if len(sub) == 0 {
				return nil
			}
			return []Detail{{Category: "Indexes", Text: "~ change index " + bt(a.Name), Sub: sub}}
		})...)
	out = append(out, namedDiff(o.Uniques, n.Uniques, func(u *Unique) string { return termsString(u.Terms) },
		func(u *Unique) Detail {
			return Detail{Category: "Constraints", Text: "+ add unique constraint on " + termsString(u.Terms)}
		},
		func(u *Unique) Detail {
			return Detail{Category: "Constraints", Text: "- remove unique constraint on " + termsString(u.Terms)}
		}, nil)...)
	out = append(out, namedDiff(o.Checks, n.Checks, func(c *Check) string { return c.Name },
		func(c *Check) Detail {
			return Detail{Category: "Constraints", Text: "+ add check constraint " + bt(c.Name)}
		},
		func(c *Check) Detail {
			return Detail{Category: "Constraints", Text: "- remove check constraint " + bt(c.Name)}
		},
		func(a, b *Check) []Detail {
			if lambdaString(a.Lambda) == lambdaString(b.Lambda) {
				return nil
			}
			return []Detail{{Category: "Constraints", Text: "~ change check constraint " + bt(a.Name) + " body"}}
		})...)
	out = append(out, configDiff("history_days", nonZero(o.HistoryDays), nonZero(n.HistoryDays))...)
	out = append(out, configDiff("ttl_days", optInt(o.TTLDays), optInt(n.TTLDays))...)
	out = append(out, configDiff("document_ttls", optBool(o.DocumentTTLs), optBool(n.DocumentTTLs))...)
	if wo, wn := typeString(o.Wildcard, o.Src), typeString(n.Wildcard, n.Src); wo != wn {
		switch {
		case wo == "":
			out = append(out, Detail{Category: "Defined fields", Text: "+ add a top-level wildcard"})
		case wn == "":
			out = append(out, Detail{Category: "Defined fields", Text: "- remove the top-level wildcard"})
		}
	}
	return out
}

// nonZero renders a setting whose default is 0.
func nonZero(v int64) string {
	if v == 0 {
		return ""
	}
	return strconv.FormatInt(v, 10)
}

func optInt(p *int64) string {
	if p == nil {
		return ""
	}
	return strconv.FormatInt(*p, 10)
}

func optBool(p *bool) string {
	if p == nil {
		return ""
	}
	return strconv.FormatBool(*p)
}

// configDiff describes a change of a singleton member; "" means absent
// (or Fauna's default).
func configDiff(member, o, n string) []Detail {
	switch {
	case o == n:
		return nil
	case o == "":
		return []Detail{{Category: "Configuration", Text: "+ add " + member + " set to " + n}}
	case n == "":
		return []Detail{{Category: "Configuration", Text: "- remove " + member + " set to " + o}}
	}
	return []Detail{{Category: "Configuration", Text: "~ change " + member + " from " + o + " to " + n}}
}

func sigString(f *Function) string {
	var b strings.Builder
	for _, p := range f.Params {
		b.WriteString(p.Name + ":" + typeString(p.Type, f.Src) + ",")
	}
	if f.Variadic != nil {
		b.WriteString("..." + f.Variadic.Name + ":" + typeString(f.Variadic.Type, f.Src))
	}
	b.WriteString("->" + typeString(f.Return, f.Src))
	return b.String()
}

func diffFunction(o, n *Function) []Detail {
	var out []Detail
	out = append(out, diffAnnotation("alias", o.Alias, n.Alias)...)
	out = append(out, diffAnnotation("role", o.Role, n.Role)...)
	for i := range out {
		out[i].Category = ""
	}
	if sigString(o) != sigString(n) {
		out = append(out, Detail{Text: "~ change signature"})
	}
	if o.Body != n.Body {
		out = append(out, Detail{Text: "~ change body"})
	}
	return out
}

// predicateChange describes a change of an optional predicate.
func predicateChange(head string, o, n *Lambda) []Detail {
	os, ns := lambdaString(o), lambdaString(n)
	switch {
	case os == ns:
		return nil
	case os == "":
		return []Detail{{Text: "~ change " + head + " by adding a predicate"}}
	case ns == "":
		return []Detail{{Text: "~ change " + head + " by removing a predicate"}}
	}
	return []Detail{{Text: "~ change " + head + " by modifying its predicate"}}
}

func diffRole(o, n *Role) []Detail {
	var out []Detail
	out = append(out, namedDiff(o.Privileges, n.Privileges, func(p *Privilege) string { return p.Resource },
		func(p *Privilege) Detail { return Detail{Text: "+ add privileges on " + bt(p.Resource)} },
		func(p *Privilege) Detail { return Detail{Text: "- remove privileges on " + bt(p.Resource)} },
		func(a, b *Privilege) []Detail {
			var sub []Detail
			for _, act := range Actions {
				pa, oka := a.Actions[act]
				pb, okb := b.Actions[act]
				switch {
				case oka && !okb:
					sub = append(sub, Detail{Text: "- remove " + string(act)})
				case !oka && okb:
					sub = append(sub, Detail{Text: "+ add " + string(act)})
				case oka && okb:
					sub = append(sub, predicateChange(string(act), pa, pb)...)
				}
			}
			if len(sub) == 0 {
				return nil
			}
			return []Detail{{Text: "~ change privileges on " + bt(a.Resource), Sub: sub}}
		})...)
	out = append(out, namedDiff(o.Membership, n.Membership, func(m *Membership) string { return m.Collection },
		func(m *Membership) Detail { return Detail{Text: "+ add membership on " + bt(m.Collection)} },
		func(m *Membership) Detail { return Detail{Text: "- remove membership on " + bt(m.Collection)} },
		func(a, b *Membership) []Detail {
			return predicateChange("membership on "+bt(a.Collection), a.Predicate, b.Predicate)
		})...)
	return out
}

func diffAccessProvider(o, n *AccessProvider) []Detail {
	var out []Detail
	if o.Issuer != n.Issuer {
		out = append(out, Detail{Text: "~ change issuer from " + lang.FormatString(o.Issuer) + " to " + lang.FormatString(n.Issuer)})
	}
	if o.JWKSURI != n.JWKSURI {
		out = append(out, Detail{Text: "~ change jwks_uri from " + lang.FormatString(o.JWKSURI) + " to " + lang.FormatString(n.JWKSURI)})
	}
	out = append(out, namedDiff(o.Roles, n.Roles, func(r ProviderRole) string { return r.Role },
		func(r ProviderRole) Detail { return Detail{Text: "+ add role " + bt(r.Role)} },
		func(r ProviderRole) Detail { return Detail{Text: "- remove role " + bt(r.Role)} },
		func(a, b ProviderRole) []Detail { return predicateChange("role "+bt(a.Role), a.Predicate, b.Predicate) })...)
	return out
}

// --- rendering ---

// DiffFormat selects how RenderDiff draws changes.
type DiffFormat uint8

// Diff formats (the endpoint's `format` parameter).
const (
	// DiffSemantic lists each change with its summary.
	DiffSemantic DiffFormat = iota
	// DiffSummary lists one line per changed item.
	DiffSummary
)

// location renders `file:line:col` of a position.
func location(p Pos) string {
	if p.Src == nil {
		return GeneratedFile + ":1:1"
	}
	line, col := p.Src.LineCol(p.Sp.Start)
	return p.Src.Name + ":" + strconv.Itoa(line) + ":" + strconv.Itoa(col)
}

// RenderDiff renders changes as Fauna's schema diff text ("" when there are
// none).
func RenderDiff(changes []Change, format DiffFormat) string {
	var b strings.Builder
	for _, c := range changes {
		var title string
		switch c.Kind {
		case Added:
			title = "* Adding " + c.Item.String() + " " + bt(c.Name) + " to " + location(c.New)
		case Removed:
			title = "* Removing " + c.Item.String() + " " + bt(c.Name) + " from " + location(c.Old)
		case Modified:
			title = "* Modifying " + c.Item.String() + " " + bt(c.Name) + " at " + location(c.New)
			if c.Old.File() != c.New.File() {
				title += " (previously defined at " + location(c.Old) + ")"
			}
		}
		if format == DiffSummary {
			b.WriteString(title + "\n")
			continue
		}
		if c.Kind != Modified && len(c.Details) == 0 {
			b.WriteString(title + "\n\n")
			continue
		}
		b.WriteString(title + ":\n")
		writeSummary(&b, c)
	}
	return b.String()
}

func writeDetails(b *strings.Builder, ds []Detail, indent string) {
	for _, d := range ds {
		b.WriteString(indent + d.Text + "\n")
		writeDetails(b, d.Sub, indent+"  ")
	}
}

func writeSummary(b *strings.Builder, c Change) {
	changed := false
	if c.Item != lang.ItemCollection {
		if len(c.Details) > 0 {
			changed = true
			writeDetails(b, c.Details, "  ")
			b.WriteString("\n")
		}
	} else {
		for _, cat := range categories {
			var ds []Detail
			for _, d := range c.Details {
				if d.Category == cat {
					ds = append(ds, d)
				}
			}
			if len(ds) == 0 || cat == "Defined fields" && c.Kind != Modified {
				continue
			}
			changed = true
			b.WriteString("  * " + cat + ":\n")
			writeDetails(b, ds, "  ")
			b.WriteString("\n")
		}
	}
	if !changed {
		b.WriteString("  No semantic changes.\n\n")
	}
}

// --- textual diff ---

// RenderTextDiff renders a line diff of two sets of files, as Fauna's
// textual schema diff: per changed file its name, then hunks `@ line a to
// b` with `+`, `-` and unchanged context lines.
func RenderTextDiff(before, after map[string]string) string {
	names := map[string]bool{}
	for n := range before {
		names[n] = true
	}
	for n := range after {
		names[n] = true
	}
	sorted := make([]string, 0, len(names))
	for n := range names {
		sorted = append(sorted, n)
	}
	sort.Strings(sorted)
	var b strings.Builder
	firstFile := true
	for _, n := range sorted {
		if before[n] == after[n] {
			continue
		}
		if !firstFile {
			b.WriteString("\n")
		}
		firstFile = false
		b.WriteString(n + "\n")
		renderFileDiff(&b, splitLines(before[n]), splitLines(after[n]))
	}
	return b.String()
}

// splitLines is Scala's linesIterator: no trailing empty line.
func splitLines(s string) []string {
	if s == "" {
		return nil
	}
	lines := strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n")
	if lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	return lines
}

type rowTag uint8

const (
	rowEqual rowTag = iota
	rowInsert
	rowDelete
	rowChange
)

type diffRow struct {
	tag      rowTag
	old, new string
}

// diffRows pairs the lines of a line diff the way java-diff-utils'
// DiffRowGenerator does: in a changed region, deleted and inserted lines
// pair up as changes, the rest are deletions or insertions.
func diffRows(a, b []string) []diffRow {
	n, m := len(a), len(b)
	lcs := make([][]int, n+1)
	for i := range lcs {
		lcs[i] = make([]int, m+1)
	}
	for i := n - 1; i >= 0; i-- {
		for j := m - 1; j >= 0; j-- {
			if a[i] == b[j] {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	var rows []diffRow
	var dels, ins []string
	flush := func() {
		k := 0
		for ; k < len(dels) && k < len(ins); k++ {
			rows = append(rows, diffRow{rowChange, dels[k], ins[k]})
		}
		for i := k; i < len(dels); i++ {
			rows = append(rows, diffRow{tag: rowDelete, old: dels[i]})
		}
		for i := k; i < len(ins); i++ {
			rows = append(rows, diffRow{tag: rowInsert, new: ins[i]})
		}
		dels, ins = nil, nil
	}
	i, j := 0, 0
	for i < n || j < m {
		switch {
		case i < n && j < m && a[i] == b[j]:
			flush()
			rows = append(rows, diffRow{rowEqual, a[i], b[j]})
			i++
			j++
		case j < m && (i == n || lcs[i][j+1] >= lcs[i+1][j]):
			ins = append(ins, b[j])
			j++
		default:
			dels = append(dels, a[i])
			i++
		}
	}
	flush()
	return rows
}

func writePrefixLine(b *strings.Builder, prefix, line string) {
	switch {
	case line != "":
		b.WriteString(prefix + " " + line + "\n")
	case prefix != " ":
		b.WriteString(prefix + "\n")
	default:
		b.WriteString("\n")
	}
}

func writeDiffRow(b *strings.Builder, r diffRow) {
	switch r.tag {
	case rowInsert:
		writePrefixLine(b, "+", r.new)
	case rowDelete:
		writePrefixLine(b, "-", r.old)
	case rowChange:
		writePrefixLine(b, "-", r.old)
		writePrefixLine(b, "+", r.new)
	default:
		writePrefixLine(b, " ", r.old)
	}
}

// Hunks show 3 unchanged lines around changes and split after 7.
const (
	unchangedAround = 3
	unchangedSplit  = 7
)

// renderFileDiff is DiffRender.renderFileDiff.
func renderFileDiff(b *strings.Builder, before, after []string) {
	rows := diffRows(before, after)
	row, afterLine := 0, 0
	for row < len(rows) {
		hunkDist := 0
		for k := row; k < len(rows) && rows[k].tag == rowEqual; k++ {
			hunkDist++
		}
		hunkRows, hunkLines, unchanged := 0, 0, 0
		for k := row + hunkDist; k < len(rows); k++ {
			if rows[k].tag == rowEqual {
				unchanged++
			} else {
				hunkRows += unchanged
				hunkLines += unchanged
				unchanged = 0
				hunkRows++
				if rows[k].tag != rowDelete {
					hunkLines++
				}
			}
			if unchanged >= unchangedSplit {
				break
			}
		}
		if hunkRows == 0 {
			return
		}
		startRow := max(row+hunkDist-unchangedAround, 0)
		endRow := min(row+hunkDist+hunkRows+unchangedAround, len(rows))
		startLine := max(afterLine+hunkDist-unchangedAround, 0)
		endLine := min(afterLine+hunkDist+hunkLines+unchangedAround, len(rows))
		b.WriteString("@ line " + strconv.Itoa(startLine+1) + " to " + strconv.Itoa(endLine) + "\n")
		for _, r := range rows[startRow:endRow] {
			writeDiffRow(b, r)
		}
		row, afterLine = endRow, endLine
	}
}
