package schema

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/fqlite/fqlite/lang"
)

// MaxFiles bounds the number of files of a schema, as Fauna did.
const MaxFiles = 1024

// LoadDir reads every *.fsl file under dir, sub-directories included, and
// parses them as one schema (see Parse). Each file is named by its path
// relative to dir, with forward slashes (`collections/product.fsl`).
func LoadDir(dir string) (*Schema, error) {
	files := map[string]string{}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() || !strings.HasSuffix(d.Name(), ".fsl") {
			return nil
		}
		rel, err := filepath.Rel(dir, path)
		if err != nil {
			return err
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		files[filepath.ToSlash(rel)] = string(data)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return Parse(files)
}

// Parse parses and validates a schema given as file name → FSL text. The
// error, when the schema is invalid, is Errors: every problem found, sorted
// by file and position, rendered as Fauna renders them. Parse errors of any
// file stop before validation, as in Fauna; validation reports all its
// findings at once.
func Parse(files map[string]string) (*Schema, error) {
	parsed, err := parseFiles(files)
	if err != nil {
		return nil, err
	}
	if errs := validate(parsed); len(errs) > 0 {
		errs.sort()
		return nil, errs
	}
	return build(parsed), nil
}

// parsedFile is one file's parse.
type parsedFile struct {
	src   *lang.Source
	items []lang.SchemaItem
}

// CheckFileName reports whether name may name a schema file.
func CheckFileName(name string) error {
	switch {
	case !strings.HasSuffix(name, ".fsl"):
		return fmt.Errorf("schema file %q: name must end in .fsl", name)
	case strings.HasPrefix(name, "*"):
		return fmt.Errorf("schema file %q: name must not start with *", name)
	case name == ".fsl" || strings.HasSuffix(name, "/.fsl"):
		return fmt.Errorf("schema file %q: empty name", name)
	}
	return nil
}

func parseFiles(files map[string]string) ([]parsedFile, error) {
	if len(files) > MaxFiles {
		return nil, fmt.Errorf("too many schema files: %d (at most %d)", len(files), MaxFiles)
	}
	names := make([]string, 0, len(files))
	for n := range files {
		if err := CheckFileName(n); err != nil {
			return nil, err
		}
		names = append(names, n)
	}
	sort.Strings(names)
	var out []parsedFile
	var errs Errors
	for _, n := range names {
		src := lang.NewSource(n, files[n])
		items, err := lang.ParseFSL(src)
		if err != nil {
			var pe lang.ParseErrors
			if errors.As(err, &pe) {
				errs = append(errs, fromParseErrors(pe)...)
				continue
			}
			return nil, err
		}
		out = append(out, parsedFile{src: src, items: items})
	}
	if len(errs) > 0 {
		errs.sort()
		return nil, errs
	}
	return out, nil
}

// --- building the model ---

func build(files []parsedFile) *Schema {
	s := &Schema{Files: map[string]*lang.Source{}}
	for _, f := range files {
		s.Files[f.src.Name] = f.src
		for _, it := range f.items {
			switch x := it.(type) {
			case *lang.Collection:
				s.Collections = append(s.Collections, buildCollection(x, f.src))
			case *lang.Function:
				s.Functions = append(s.Functions, buildFunction(x, f.src))
			case *lang.Role:
				s.Roles = append(s.Roles, buildRole(x, f.src))
			case *lang.AccessProvider:
				s.AccessProviders = append(s.AccessProviders, buildAccessProvider(x, f.src))
			}
		}
	}
	return s
}

func docText(doc *lang.Span, src *lang.Source) string {
	if doc == nil {
		return ""
	}
	return src.Text[doc.Start:doc.End]
}

func annotationValue(a *lang.Annotation) string {
	if a == nil {
		return ""
	}
	return a.Value.Str
}

func termsOf(ts []*lang.IndexTerm) []IndexTerm {
	var out []IndexTerm
	for _, t := range ts {
		out = append(out, IndexTerm{Path: t.Path, MVA: t.MVA})
	}
	return out
}

func buildCollection(x *lang.Collection, src *lang.Source) *Collection {
	c := &Collection{Name: x.Name.Str, Alias: annotationValue(x.Alias), Doc: docText(x.DocComment, src), Pos: Pos{src, x.Sp}, Decl: x}
	for _, f := range x.Fields {
		switch f.Kind {
		case lang.FieldDefined:
			c.Fields = append(c.Fields, &Field{Name: f.Name.Str, Type: f.Type, Default: f.Default, Pos: Pos{src, f.Sp}})
		case lang.FieldComputed:
			c.ComputedFields = append(c.ComputedFields, &ComputedField{Name: f.Name.Str, Type: f.Type, Lambda: newLambda(f.Compute, src), Pos: Pos{src, f.Sp}})
		case lang.FieldWildcard:
			c.Wildcard = f.Type
		}
	}
	for _, idx := range x.Indexes {
		i := &Index{Name: idx.Name.Str, Terms: termsOf(idx.Terms), Pos: Pos{src, idx.Sp}}
		for _, v := range idx.Values {
			i.Values = append(i.Values, IndexValue{Path: v.Path, MVA: v.MVA, Desc: v.Desc})
		}
		c.Indexes = append(c.Indexes, i)
	}
	for _, u := range x.Uniques {
		c.Uniques = append(c.Uniques, &Unique{Terms: termsOf(u.Terms), Pos: Pos{src, u.Sp}})
	}
	for _, ch := range x.Checks {
		c.Checks = append(c.Checks, &Check{Name: ch.Name.Str, Lambda: newLambda(ch.Predicate, src), Pos: Pos{src, ch.Sp}})
	}
	if x.HistoryDays != nil {
		c.HistoryDays = x.HistoryDays.Value
	}
	if x.TTLDays != nil {
		d := x.TTLDays.Value
		c.TTLDays = &d
	}
	if x.DocumentTTLs != nil {
		b := x.DocumentTTLs.Value
		c.DocumentTTLs = &b
	}
	if x.Migrations != nil {
		c.Migrations = x.Migrations.Items
	}
	return c
}

func buildFunction(x *lang.Function, src *lang.Source) *Function {
	f := &Function{
		Name:      x.Name.Str,
		Alias:     annotationValue(x.Alias),
		Role:      annotationValue(x.Role),
		Return:    x.Return,
		Signature: x.Signature,
		Body:      x.BodySource,
		Lambda:    x.Lambda,
		Doc:       docText(x.DocComment, src),
		Pos:       Pos{src, x.Sp},
		Decl:      x,
	}
	for _, p := range x.Params {
		if p.Variadic {
			f.Variadic = &Param{Name: p.Name.Str, Type: p.Type}
		} else {
			f.Params = append(f.Params, Param{Name: p.Name.Str, Type: p.Type})
		}
	}
	return f
}

func buildRole(x *lang.Role, src *lang.Source) *Role {
	r := &Role{Name: x.Name.Str, Doc: docText(x.DocComment, src), Pos: Pos{src, x.Sp}, Decl: x}
	for _, p := range x.Privileges {
		priv := &Privilege{Resource: p.Resource.Str, Actions: map[Action]*Lambda{}, Pos: Pos{src, p.Sp}}
		for _, a := range p.Actions {
			priv.Actions[Action(a.Name.Str)] = newLambda(a.Predicate, src)
		}
		r.Privileges = append(r.Privileges, priv)
	}
	for _, m := range x.Memberships {
		r.Membership = append(r.Membership, &Membership{Collection: m.Collection.Str, Predicate: newLambda(m.Predicate, src), Pos: Pos{src, m.Sp}})
	}
	return r
}

func buildAccessProvider(x *lang.AccessProvider, src *lang.Source) *AccessProvider {
	ap := &AccessProvider{Name: x.Name.Str, Doc: docText(x.DocComment, src), Pos: Pos{src, x.Sp}, Decl: x}
	if x.Issuer != nil {
		ap.Issuer = x.Issuer.Value
	}
	if x.JWKSURI != nil {
		ap.JWKSURI = x.JWKSURI.Value
	}
	for _, r := range x.Roles {
		ap.Roles = append(ap.Roles, ProviderRole{Role: r.Role.Str, Predicate: newLambda(r.Predicate, src), Pos: Pos{src, r.Sp}})
	}
	return ap
}
