package schema

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/fqlite/fqlite/lang"
)

func TestLoadDir(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("main.fsl", "collection Product { name: String }\n")
	write("auth/roles.fsl", "role reader {\n  privileges Product { read }\n  privileges Nope { read }\n}\n")
	write("notes.txt", "not schema")
	_, err := LoadDir(dir)
	var errs Errors
	if !errors.As(err, &errs) || len(errs) != 1 {
		t.Fatalf("want one error, got %v", err)
	}
	want := "error: Resource `Nope` does not exist\nat auth/roles.fsl:3:14\n  |\n3 |   privileges Nope { read }\n  |              ^^^^\n  |"
	if got := errs.Render(); got != want {
		t.Errorf("rendered\n%s\nwant\n%s", got, want)
	}
	if e := errs[0]; e.Layer != LayerEnvironment || e.Item != lang.ItemRole || e.ItemName != "reader" {
		t.Errorf("error fields %+v", e)
	}
	write("auth/roles.fsl", "role reader {\n  privileges Product { read }\n}\n")
	s, err := LoadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Files) != 2 || s.Files["auth/roles.fsl"] == nil || s.Role("reader").File() != "auth/roles.fsl" {
		t.Errorf("files %v", s.Files)
	}
}

func TestParseFileNames(t *testing.T) {
	for _, name := range []string{"main.txt", "*query*.fsl", "dir/.fsl"} {
		if _, err := Parse(map[string]string{name: ""}); err == nil {
			t.Errorf("%q accepted", name)
		}
	}
	if s, err := Parse(map[string]string{"empty.fsl": "// nothing\n"}); err != nil || len(s.Collections) != 0 {
		t.Errorf("empty file: %v", err)
	}
}

func TestLookups(t *testing.T) {
	s, err := Parse(map[string]string{"main.fsl": `
@alias(Acct)
collection Account { email: String; nick: String? }
@alias(login)
@role(server)
function Login(email, password) { email }
role member { membership Account }
role other { membership Acct { predicate ((a) => true) } }
access provider P { issuer "https://p.example.com/"; jwks_uri "https://p.example.com/jwks"; role member }
`})
	if err != nil {
		t.Fatal(err.(Errors).Render())
	}
	if s.Collection("Acct") != s.Collection("Account") || s.Collection("Acct") == nil {
		t.Error("collection by alias")
	}
	if f := s.Function("login"); f == nil || f.Role != "server" || f.Body != "(email, password) => {\n  email\n}" {
		t.Errorf("function %+v", f)
	}
	if rs := s.RolesWithMembership("Account"); len(rs) != 2 {
		t.Errorf("roles with membership: %d", len(rs))
	}
	if s.AccessProviderByIssuer("https://p.example.com/").Name != "P" {
		t.Error("provider by issuer")
	}
	acc := s.Collection("Account")
	if acc.Fields[0].Nullable() || !acc.Fields[1].Nullable() {
		t.Error("nullable")
	}
	if l, ok := s.Role("other").Membership[0].Predicate, true; !ok || l.Body() != "(a) => true" || l.Fn == nil {
		t.Errorf("predicate %+v", l)
	}
	priv := &Privilege{Actions: map[Action]*Lambda{ActionRead: nil}}
	if p, ok := priv.Grants(ActionRead); !ok || p != nil {
		t.Error("grants read")
	}
	if _, ok := priv.Grants(ActionWrite); ok {
		t.Error("grants write")
	}
}

// TestFSLOfBuiltItems renders items built by hand, as the runtime builds
// them from documents created through FQL, into the generated main.fsl.
func TestFSLOfBuiltItems(t *testing.T) {
	typ := func(s string) lang.TypeExpr {
		te, err := lang.ParseType(lang.NewSource("sig", s))
		if err != nil {
			t.Fatal(err)
		}
		return te
	}
	expr := func(s string) lang.Expr {
		e, err := lang.ParseExpr(lang.NewSource("default", s), false)
		if err != nil {
			t.Fatal(err)
		}
		return e
	}
	lambda := func(s string) *lang.Lambda {
		l, err := lang.ParseLambda(lang.NewSource("body", s))
		if err != nil {
			t.Fatal(err)
		}
		return l
	}
	check := lambda("(doc) => doc.email != null")
	pred := lambda("(doc) => doc == Query.identity()")
	days := int64(7)
	s := &Schema{
		Collections: []*Collection{{
			Name:    "People",
			Fields:  []*Field{{Name: "email", Type: typ("String"), Default: expr(`"x"`)}},
			Indexes: []*Index{{Name: "byEmail", Terms: []IndexTerm{{Path: lang.FieldPath{Elems: []lang.PathElem{{Field: "email"}}}}}}},
			Uniques: []*Unique{{Terms: []IndexTerm{{Path: lang.FieldPath{Elems: []lang.PathElem{{Field: "email"}}}}}}},
			Checks:  []*Check{{Name: "hasEmail", Lambda: &Lambda{Fn: check, Expr: check}}},
			TTLDays: &days,
		}},
		Functions: []*Function{{Name: "Signup", Role: "server", Params: []Param{{Name: "u"}}, Lambda: lambda("(u) => u")}},
		Roles: []*Role{{Name: "person",
			Privileges: []*Privilege{{Resource: "People", Actions: map[Action]*Lambda{ActionRead: {Fn: pred, Expr: pred}, ActionCreate: nil}}},
			Membership: []*Membership{{Collection: "People"}}}},
	}
	got := s.FSL()[GeneratedFile]
	want := `collection People {
  email: String = "x"
  index byEmail {
    terms [.email]
  }
  unique [.email]
  check hasEmail ((doc) => doc.email != null)
  ttl_days 7
}

@role(server)
function Signup(u) {
  u
}

role person {
  privileges People {
    create
    read {
      predicate ((doc) => doc == Query.identity())
    }
  }
  membership People
}
`
	if got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	if _, err := Parse(s.FSL()); err != nil {
		t.Fatal(err.(Errors).Render())
	}
}

func TestDiffNil(t *testing.T) {
	s, err := Parse(map[string]string{"a.fsl": "collection A {}\n"})
	if err != nil {
		t.Fatal(err)
	}
	if got := RenderDiff(Diff(nil, s), DiffSemantic); !strings.HasPrefix(got, "* Adding collection `A` to a.fsl:1:1") {
		t.Errorf("add: %q", got)
	}
	if got := RenderDiff(Diff(s, nil), DiffSummary); got != "* Removing collection `A` from a.fsl:1:1\n" {
		t.Errorf("remove: %q", got)
	}
	if d := Diff(s, s); len(d) != 0 {
		t.Errorf("no change: %+v", d)
	}
}
