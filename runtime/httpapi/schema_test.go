package httpapi

import (
	"bytes"
	"encoding/json"
	"mime/multipart"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
)

// upload posts FSL files the way fauna-shell does: multipart, the file's
// path in the part's form name, `blob` as its file name.
func (ts *testServer) upload(t testing.TB, path string, files map[string]string, headers ...string) *response {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for name, text := range files {
		w, err := mw.CreateFormFile(name, "blob")
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(text))
	}
	mw.Close()
	return ts.doWith(t, ts.Client(), http.MethodPost, path, &buf, append([]string{"Content-Type", mw.FormDataContentType()}, headers...)...)
}

func version(t testing.TB, r *response) string {
	t.Helper()
	v, ok := r.body["version"].(json.Number)
	if !ok {
		t.Fatalf("no version in %s", r.raw)
	}
	return v.String()
}

var shopFiles = map[string]string{
	"main.fsl":                "collection Store {\n  name: String\n}\n",
	"collections/product.fsl": "collection Product {\n  name: String\n  index byName {\n    terms [.name]\n  }\n}\n\nfunction double(x) { x * 2 }\n",
}

func TestSchemaPushPull(t *testing.T) {
	ts := newTestServer(t)
	r := ts.upload(t, "/schema/1/update?staged=false", shopFiles)
	mustOK(t, r)
	v := version(t, r)
	if ct := r.header.Get("Content-Type"); ct != jsonContentType {
		t.Errorf("Content-Type %q", ct)
	}
	// Queries see the schema, and report the push as the schema version.
	q := ts.q(t, `double(Product.byName("x").count() + 21)`)
	mustOK(t, q)
	if got := q.body["schema_version"].(json.Number).String(); got != v {
		t.Errorf("schema_version %s, want the push's version %s", got, v)
	}
	r = ts.do(t, http.MethodGet, "/schema/1/files?version="+v, "")
	mustOK(t, r)
	if got := jsonOf(t, r.body["files"]); got != `[{"filename":"collections/product.fsl"},{"filename":"main.fsl"}]` {
		t.Errorf("files %s", got)
	}
	for name, text := range shopFiles {
		r = ts.do(t, http.MethodGet, "/schema/1/files/"+strings.ReplaceAll(name, "/", "%2F")+"?version="+v, "")
		mustOK(t, r)
		if r.body["content"] != text {
			t.Errorf("%s: content %q", name, r.body["content"])
		}
	}
	r = ts.do(t, http.MethodGet, "/schema/1/files/nope.fsl", "")
	if r.status != 404 || r.errCode() != "not_found" {
		t.Errorf("unknown file: %d %s", r.status, r.raw)
	}
	// A stale version is refused.
	r = ts.do(t, http.MethodGet, "/schema/1/files?version=1", "")
	if r.status != 409 || r.errMessage() != "Stale schema version provided" {
		t.Errorf("stale version: %d %s", r.status, r.raw)
	}
	// A schema change made with FQL is not hidden by the pushed files.
	mustOK(t, ts.q(t, `Collection.create({ name: "Extra" })`))
	r = ts.do(t, http.MethodGet, "/schema/1/files", "")
	mustOK(t, r)
	if got := jsonOf(t, r.body["files"]); got != `[{"filename":"main.fsl"}]` {
		t.Errorf("files after an FQL change %s", got)
	}
	r = ts.do(t, http.MethodGet, "/schema/1/files/main.fsl", "")
	if c, _ := r.body["content"].(string); !strings.Contains(c, "collection Extra") || !strings.Contains(c, "collection Product") {
		t.Errorf("main.fsl after an FQL change:\n%s", c)
	}
}

func TestSchemaDiffAndStaging(t *testing.T) {
	ts := newTestServer(t)
	mustOK(t, ts.upload(t, "/schema/1/update?staged=false", shopFiles))
	changed := map[string]string{
		"main.fsl":                shopFiles["main.fsl"],
		"collections/product.fsl": strings.Replace(shopFiles["collections/product.fsl"], "x * 2", "x + x", 1),
	}
	for _, c := range []struct{ format, want string }{
		{"semantic", "* Modifying function `double` at collections/product.fsl:8:1:\n  ~ change body\n\n"},
		{"summary", "* Modifying function `double` at collections/product.fsl:8:1\n"},
		{"textual", "collections/product.fsl\n@ line 5 to 8\n    }\n  }\n\n- function double(x) { x * 2 }\n+ function double(x) { x + x }\n"},
	} {
		r := ts.upload(t, "/schema/1/diff?format="+c.format+"&staged=false", changed)
		mustOK(t, r)
		if r.body["diff"] != c.want {
			t.Errorf("%s diff:\n%q\nwant\n%q", c.format, r.body["diff"], c.want)
		}
	}
	r := ts.upload(t, "/schema/1/validate?staged=false", shopFiles)
	mustOK(t, r)
	if r.body["diff"] != "" {
		t.Errorf("no change: diff %q", r.body["diff"])
	}

	r = ts.do(t, http.MethodGet, "/schema/1/staged/status", "")
	mustOK(t, r)
	if r.body["status"] != "none" {
		t.Errorf("status %v", r.body["status"])
	}
	// fauna-shell's default push stages the schema.
	r = ts.upload(t, "/schema/1/update?staged=true", changed)
	mustOK(t, r)
	staged := version(t, r)
	mustOK(t, ts.q(t, `if (double(2) != 4) abort("the staged schema is not active yet")`))
	r = ts.do(t, http.MethodGet, "/schema/1/staged/status?format=semantic", "")
	mustOK(t, r)
	if r.body["status"] != "ready" || r.body["pending_summary"] != "" || !strings.Contains(r.body["diff"].(string), "change body") {
		t.Errorf("staged status %s", r.raw)
	}
	if version(t, r) != staged {
		t.Errorf("status version %s, want %s", version(t, r), staged)
	}
	r = ts.do(t, http.MethodGet, "/schema/1/files?staged=true", "")
	mustOK(t, r)
	r = ts.do(t, http.MethodGet, "/schema/1/files/collections%2Fproduct.fsl?staged=true", "")
	if r.body["content"] != changed["collections/product.fsl"] {
		t.Errorf("staged file %q", r.body["content"])
	}
	r = ts.upload(t, "/schema/1/update?staged=false", shopFiles)
	if r.status != 409 {
		t.Errorf("active push while staged: %d %s", r.status, r.raw)
	}
	r = ts.do(t, http.MethodPost, "/schema/1/staged/commit?version=1", "")
	if r.status != 409 {
		t.Errorf("commit with a stale version: %d %s", r.status, r.raw)
	}
	r = ts.do(t, http.MethodPost, "/schema/1/staged/commit?version="+staged, "")
	mustOK(t, r)
	mustOK(t, ts.q(t, `if (double(2) != 4) abort("wrong")`))
	r = ts.q(t, `Function.byName("double")!.body`)
	if b, _ := r.body["data"].(string); !strings.Contains(b, "x + x") {
		t.Errorf("after commit the body is %q", b)
	}
	r = ts.do(t, http.MethodPost, "/schema/1/staged/commit", "")
	if r.status != 400 || r.errMessage() != "There is no staged schema to commit" {
		t.Errorf("commit of nothing: %d %s", r.status, r.raw)
	}
	// Stage and abandon.
	mustOK(t, ts.upload(t, "/schema/1/update?staged=true", shopFiles))
	r = ts.do(t, http.MethodPost, "/schema/1/abandon", "")
	mustOK(t, r)
	r = ts.do(t, http.MethodGet, "/schema/1/status", "")
	if r.body["status"] != "none" {
		t.Errorf("status after abandon %s", r.raw)
	}
	r = ts.do(t, http.MethodPost, "/schema/1/staged/abandon", "")
	if r.status != 400 || r.errMessage() != "There is no staged schema to abandon" {
		t.Errorf("abandon of nothing: %d %s", r.status, r.raw)
	}
}

func TestSchemaErrors(t *testing.T) {
	ts := newTestServer(t)
	r := ts.upload(t, "/schema/1/update", map[string]string{"main.fsl": "collection {\n"})
	if r.status != 400 || !strings.Contains(r.errMessage(), "main.fsl:1:") {
		t.Errorf("invalid FSL: %d %s", r.status, r.raw)
	}
	r = ts.upload(t, "/schema/1/diff", map[string]string{"main.fsl": "function f() { g() }\nfunction f() { 1 }\n"})
	if r.status != 400 || r.errMessage() == "" {
		t.Errorf("invalid FSL diff: %d %s", r.status, r.raw)
	}
	r = ts.upload(t, "/schema/1/update", map[string]string{"main.txt": "collection A {}"})
	if r.status != 400 {
		t.Errorf("file name without .fsl: %d %s", r.status, r.raw)
	}
	r = ts.do(t, http.MethodPost, "/schema/1/update", "collection A {}", "Content-Type", "text/plain")
	if r.status != 400 || r.errMessage() != "Request is not a valid multipart request" {
		t.Errorf("not multipart: %d %s", r.status, r.raw)
	}
	r = ts.do(t, http.MethodGet, "/schema/1/update", "")
	if r.status != 405 {
		t.Errorf("GET update: %d %s", r.status, r.raw)
	}
	r = ts.do(t, http.MethodGet, "/schema/1/nope", "")
	if r.status != 404 || r.errCode() != "not_found" {
		t.Errorf("unknown schema path: %d %s", r.status, r.raw)
	}
	for _, auth := range []string{"", "Bearer wrong", "Bearer secret:child:admin"} {
		r = ts.do(t, http.MethodGet, "/schema/1/files", "", "Authorization", auth)
		if r.status != 401 || r.errCode() != "unauthorized" || r.header.Get("WWW-Authenticate") != "Bearer" {
			t.Errorf("%q: %d %s", auth, r.status, r.raw)
		}
	}
	// fauna-shell spells the header in capitals and scopes the secret.
	r = ts.do(t, http.MethodGet, "/schema/1/files", "", "AUTHORIZATION", "Bearer secret:admin")
	mustOK(t, r)
}

// TestSchemaFilesSurviveRestart: the pushed files and the staged schema
// are kept beside the data.
func TestSchemaFilesSurviveRestart(t *testing.T) {
	path := filepath.Join(t.TempDir(), DefaultSchemaFileName)
	ts := newTestServer(t, func(c *Config) { c.SchemaFiles = path })
	mustOK(t, ts.upload(t, "/schema/1/update?staged=true", shopFiles))
	f, err := loadSchemaFiles(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(f.state.Staged) != 2 || f.state.StageChange == 0 {
		t.Errorf("saved state %+v", f.state)
	}
}

// TestSchemaNeedsAdmin: keys without the admin role may query but not
// touch the schema.
func TestSchemaNeedsAdmin(t *testing.T) {
	ts := newTestServer(t)
	r := ts.q(t, `Key.create({ role: "server" }).secret`)
	mustOK(t, r)
	server := r.body["data"].(string)
	r = ts.q(t, `Key.create({ role: "admin" }).secret`)
	mustOK(t, r)
	admin := r.body["data"].(string)
	mustOK(t, ts.q(t, "1 + 1", "Authorization", "Bearer "+server))
	r = ts.do(t, http.MethodGet, "/schema/1/files", "", "Authorization", "Bearer "+server)
	if r.status != 403 || r.errCode() != "forbidden" || r.errMessage() != "Access denied" {
		t.Errorf("server key: %d %s", r.status, r.raw)
	}
	mustOK(t, ts.do(t, http.MethodGet, "/schema/1/files", "", "Authorization", "Bearer "+admin))
	// Only an admin key may scope itself (spec/fsl-auth.md §3.2).
	if r = ts.do(t, http.MethodGet, "/schema/1/files", "", "Authorization", "Bearer "+server+":admin"); r.status != 401 {
		t.Errorf("server key scoped to admin: %d %s", r.status, r.raw)
	}
	mustOK(t, ts.q(t, `Key.all().forEach(k => k.delete())`))
	r = ts.q(t, "1", "Authorization", "Bearer "+admin)
	if r.status != 401 {
		t.Errorf("deleted key: %d %s", r.status, r.raw)
	}
}

// TestChildDatabaseOverTheWire: a key for a child database pushes and
// pulls the child's schema and queries it; `@mod` arguments name the
// child's collections; the parent's schema is untouched.
func TestChildDatabaseOverTheWire(t *testing.T) {
	dir := t.TempDir()
	ts := newTestServer(t, func(c *Config) { c.SchemaFiles = filepath.Join(dir, DefaultSchemaFileName) })
	mustOK(t, ts.q(t, `Database.create({ name: "shop" })`))
	r := ts.q(t, `Key.create({ role: "admin", database: "shop" }).secret`)
	mustOK(t, r)
	child := "Bearer " + r.body["data"].(string)

	mustOK(t, ts.upload(t, "/schema/1/update?staged=false", shopFiles, "Authorization", child))
	r = ts.do(t, http.MethodGet, "/schema/1/files", "", "Authorization", child)
	mustOK(t, r)
	if got := jsonOf(t, r.body["files"]); got != `[{"filename":"collections/product.fsl"},{"filename":"main.fsl"}]` {
		t.Errorf("child files: %s", got)
	}
	r = ts.do(t, http.MethodGet, "/schema/1/files", "")
	mustOK(t, r)
	if got := jsonOf(t, r.body["files"]); got != `[]` {
		t.Errorf("the parent's files after a push to the child: %s", got)
	}
	r = ts.query(t, `{"query":"c.create({ name: \"cup\" }).name","arguments":{"c":{"@mod":"Product"}}}`, "X-Format", "tagged", "Authorization", child)
	mustOK(t, r)
	if got := jsonOf(t, r.body["data"]); got != `"cup"` {
		t.Errorf("child query: %s", got)
	}
	if r.body["schema_version"].(json.Number).String() == "0" {
		t.Errorf("a query in the child reports the child's schema version: %s", r.raw)
	}
	r = ts.query(t, `{"query":"1","arguments":{"c":{"@mod":"Product"}}}`, "X-Format", "tagged")
	if r.status != 400 || r.errMessage() != "Invalid argument 'c': unknown module `Product`" {
		t.Errorf("the parent has no Product: %d %s", r.status, r.raw)
	}
	// A server key for the child may query but not touch its schema.
	r = ts.q(t, `Key.create({ role: "server", database: "shop" }).secret`)
	mustOK(t, r)
	server := "Bearer " + r.body["data"].(string)
	mustOK(t, ts.q(t, `Product.byName("cup").count()`, "Authorization", server))
	if r = ts.do(t, http.MethodGet, "/schema/1/files", "", "Authorization", server); r.status != 403 {
		t.Errorf("child server key on the schema endpoints: %d %s", r.status, r.raw)
	}
}
