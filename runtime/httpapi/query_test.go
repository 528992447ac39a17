package httpapi

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"
)

func TestQuerySuccessBody(t *testing.T) {
	ts := newTestServer(t)
	r := ts.q(t, "1 + 1")
	mustOK(t, r)
	if ct := r.header.Get("Content-Type"); ct != jsonContentType {
		t.Errorf("Content-Type %q", ct)
	}
	if got := jsonOf(t, r.body["data"]); got != "2" {
		t.Errorf("data %s, want 2 (simple is the default format)", got)
	}
	if r.body["summary"] != "" {
		t.Errorf("summary %v, want empty", r.body["summary"])
	}
	for _, k := range []string{"txn_ts", "schema_version"} {
		if _, err := r.body[k].(json.Number).Int64(); err != nil {
			t.Errorf("%s = %v, want an integer", k, r.body[k])
		}
	}
	stats, _ := r.body["stats"].(map[string]any)
	for _, k := range []string{"compute_ops", "read_ops", "write_ops", "query_time_ms", "contention_retries", "storage_bytes_read", "storage_bytes_write"} {
		if _, ok := stats[k].(json.Number); !ok {
			t.Errorf("stats.%s = %v, want a number", k, stats[k])
		}
	}
	if hits, ok := stats["rate_limits_hit"].([]any); !ok || len(hits) != 0 {
		t.Errorf("stats.rate_limits_hit = %v, want []", stats["rate_limits_hit"])
	}
	if _, ok := r.body["query_tags"]; ok {
		t.Error("query_tags present without the header")
	}
	if _, ok := r.body["error"]; ok {
		t.Error("success body has an error member")
	}
}

func TestFormats(t *testing.T) {
	ts := newTestServer(t)
	const q = `{ n: 1, l: 4294967296, d: 2.5, s: "a\nb", t: Time("2023-10-16T00:00:00Z"), dt: Date("2024-01-31"), b: Bytes("AQID"), m: Math, "@k": [true, null] }`
	cases := []struct{ format, want string }{
		{"simple", `{"n":1,"l":4294967296,"d":2.5,"s":"a\nb","t":"2023-10-16T00:00:00Z","dt":"2024-01-31","b":"AQID","m":"Math","@k":[true,null]}`},
		{"tagged", `{"@object":{"n":{"@int":"1"},"l":{"@long":"4294967296"},"d":{"@double":"2.5"},"s":"a\nb","t":{"@time":"2023-10-16T00:00:00Z"},"dt":{"@date":"2024-01-31"},"b":{"@bytes":"AQID"},"m":{"@mod":"Math"},"@k":[true,null]}}`},
		{"decorated", `"{\n  n: 1,\n  l: 4294967296,\n  d: 2.5,\n  s: <<-END\n    a\n    b\n  END,\n  t: Time(\"2023-10-16T00:00:00Z\"),\n  dt: Date(\"2024-01-31\"),\n  b: Bytes(\"AQID\"),\n  m: Math,\n  \"@k\": [\n    true,\n    null\n  ]\n}"`},
	}
	for _, c := range cases {
		t.Run(c.format, func(t *testing.T) {
			r := ts.q(t, q, "X-Format", c.format)
			mustOK(t, r)
			// Compare the raw member: member order matters.
			start := strings.Index(r.raw, `"data":`) + len(`"data":`)
			end := strings.Index(r.raw, `,"summary":`)
			if got := r.raw[start:end]; got != c.want {
				t.Errorf("data\n got %s\nwant %s", got, c.want)
			}
		})
	}
	r := ts.q(t, "1", "X-Format", "xml")
	if r.status != 400 || r.errCode() != "invalid_request" || r.errMessage() != "Invalid header 'x-format': Invalid format xml" {
		t.Errorf("bad format: %d %s", r.status, r.raw)
	}
}

func TestTemplates(t *testing.T) {
	ts := newTestServer(t)
	cases := []struct {
		name, body, want string
	}{
		{"string", `{"query":{"fql":["\"taco\".length"]}}`, `{"@int":"4"}`},
		{"value", `{"query":{"fql":[{"value":"foo"},".length"]}}`, `{"@int":"3"}`},
		{"int", `{"query":{"fql":["'foo'.length == ",{"value":{"@int":"3"}}]}}`, `true`},
		{"nested", `{"query":{"fql":[{"value":"foo"},".length == ",{"fql":["(",{"value":{"@int":"6"}}," - 3)"]}]}}`, `true`},
		{"object fragment", `{"query":{"fql":["let x = ",{"object":{"foo":{"value":"foo"},"bar":{"value":"bar"}}},"\n x.foo + x.bar"]}}`, `"foobar"`},
		{"containers", `{"query":{"fql":[{"array":[{"fql":["1"]},{"object":{"a":{"fql":["2"]}}}]}]}}`, `[{"@int":"1"},{"a":{"@int":"2"}}]`},
		{"@ keys in object fragment", `{"query":{"fql":[{"object":{"@x":{"value":{"@int":"1"}}}}]}}`, `{"@object":{"@x":{"@int":"1"}}}`},
		{"empty object fragment", `{"query":{"fql":[{"object":{}}]}}`, `{}`},
		{"tags", `{"query":{"fql":["[",{"value":{"@long":"5"}},", ",{"value":{"@double":"1.5"}},", ",{"value":{"@date":"2024-02-29"}},", ",{"value":{"@time":"2023-01-02T03:04:05.5+01:00"}},", ",{"value":{"@bytes":"AQID"}},", ",{"value":{"@mod":"Math"}},", ",{"value":{"@object":{"@a":{"@int":"1"}}}},"]"]}}`,
			`[{"@long":"5"},{"@double":"1.5"},{"@date":"2024-02-29"},{"@time":"2023-01-02T02:04:05.500Z"},{"@bytes":"AQID"},{"@mod":"Math"},{"@object":{"@a":{"@int":"1"}}}]`},
		{"value is tagged whatever x-format", `{"query":{"fql":[{"value":{"@int":"7"}}," + 1"]}}`, `{"@int":"8"}`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := ts.query(t, c.body, "X-Format", "tagged")
			mustOK(t, r)
			if got := jsonOf(t, r.body["data"]); got != c.want {
				t.Errorf("data %s, want %s", got, c.want)
			}
		})
	}
}

func TestArguments(t *testing.T) {
	ts := newTestServer(t)
	r := ts.query(t, `{"query":"x + y.a","arguments":{"x":{"@int":"40"},"y":{"a":{"@int":"2"}}}}`, "X-Format", "tagged")
	mustOK(t, r)
	if got := jsonOf(t, r.body["data"]); got != `{"@int":"42"}` {
		t.Errorf("tagged arguments: %s", got)
	}
	r = ts.query(t, `{"query":"[x, y, z, w]","arguments":{"x":40,"y":4294967296,"z":1.5,"w":"{\"@int\":\"1\"}"}}`, "X-Format", "tagged")
	if r.status != 400 || r.errCode() != "invalid_request" || !strings.HasPrefix(r.errMessage(), "Invalid argument 'x': numbers must be tagged") {
		t.Errorf("bare number in tagged arguments: %d %s", r.status, r.raw)
	}
	r = ts.query(t, `{"query":"[x, y, z, w]","arguments":{"x":40,"y":4294967296,"z":1.5,"w":{"@int":"1"}}}`, "X-Format", "simple")
	mustOK(t, r)
	if got := r.raw[strings.Index(r.raw, `"data":`)+7 : strings.Index(r.raw, `,"summary"`)]; got != `[40,4294967296,1.5,{"@int":"1"}]` {
		t.Errorf("simple arguments: %s", got)
	}
	// Types survive: 40 is an Int (integer division), 1.5 a Double.
	r = ts.query(t, `{"query":"[x / 3, z / 3]","arguments":{"x":40,"z":1.5}}`)
	mustOK(t, r)
	if got := jsonOf(t, r.body["data"]); got != `[13,0.5]` {
		t.Errorf("simple argument types: %s", got)
	}
	for _, c := range []struct{ args, msg string }{
		{`{"x":{"@int":"nope"}}`, "Invalid argument 'x': invalid int 'nope'"},
		{`{"x":{"@int":"4294967296"}}`, "Invalid argument 'x': invalid int '4294967296': out of the 32-bit range"},
		{`{"x":{"@foo":"1"}}`, "Invalid argument 'x': invalid tag '@foo'"},
		{`{"x":{"@int":"1","y":2}}`, "Invalid argument 'x': a tagged value must have exactly one key, got 2"},
		{`{"x":{"@set":"abc"}}`, "Invalid argument 'x': @set values are not accepted as input"},
		{`{"x":{"@time":"yesterday"}}`, "Invalid argument 'x': invalid time 'yesterday'"},
		{`{"x":{"@mod":"NoSuchThing"}}`, "Invalid argument 'x': unknown module `NoSuchThing`"},
		{`{"not valid":{"@int":"1"}}`, "Invalid argument 'not valid': not a valid identifier"},
	} {
		r := ts.query(t, `{"query":"1","arguments":`+c.args+`}`, "X-Format", "tagged")
		if r.status != 400 || r.errCode() != "invalid_request" || r.errMessage() != c.msg {
			t.Errorf("arguments %s: %d %s, want message %q", c.args, r.status, r.raw, c.msg)
		}
		if _, ok := r.body["summary"]; ok {
			t.Errorf("arguments %s: a protocol error has a summary", c.args)
		}
	}
}

func TestDocumentsOverTheWire(t *testing.T) {
	ts := newTestServer(t)
	mustOK(t, ts.q(t, `Collection.create({ name: "Product" })`))
	r := ts.q(t, `Product.create({ name: "cups", price: 6.98 })`, "X-Format", "tagged")
	mustOK(t, r)
	doc := r.body["data"].(map[string]any)["@doc"].(map[string]any)
	id := doc["id"].(string)
	if jsonOf(t, doc["coll"]) != `{"@mod":"Product"}` {
		t.Errorf("coll %v", doc["coll"])
	}
	// The driver sends a Document back as @doc (or @ref); both read it.
	for _, tag := range []string{"@doc", "@ref"} {
		body := `{"query":{"fql":[{"value":{"` + tag + `":{"id":"` + id + `","coll":{"@mod":"Product"}}}},".name"]}}`
		r := ts.query(t, body, "X-Format", "tagged")
		mustOK(t, r)
		if r.body["data"] != "cups" {
			t.Errorf("%s: data %v", tag, r.body["data"])
		}
	}
	body := `{"query":{"fql":[{"value":{"@ref":{"name":"Product","coll":{"@mod":"Collection"}}}},".name"]}}`
	r = ts.query(t, body, "X-Format", "tagged")
	mustOK(t, r)
	if r.body["data"] != "Product" {
		t.Errorf("named ref: data %v", r.body["data"])
	}
	// A reference to a missing document is a null document.
	r = ts.q(t, `Product.byId("1")`, "X-Format", "tagged")
	mustOK(t, r)
	if got := jsonOf(t, r.body["data"]); got != `{"@ref":{"cause":"not found","coll":{"@mod":"Product"},"exists":false,"id":"1"}}` {
		t.Errorf("null doc: %s", got)
	}
	r = ts.q(t, `Product.byId("1")`)
	mustOK(t, r)
	if got := jsonOf(t, r.body["data"]); got != `null` {
		t.Errorf("null doc, simple: %s", got)
	}
	// A bad value in a template is a check error at its place in the text.
	body = `{"query":{"fql":["1 + ",{"value":{"@ref":{"id":"1","coll":{"@mod":"Nope"}}}}]}}`
	r = ts.query(t, body, "X-Format", "tagged")
	if r.status != 400 || r.errCode() != "invalid_query" {
		t.Fatalf("bad template value: %d %s", r.status, r.raw)
	}
	if want := "error: Invalid value: unknown module `Nope`\nat *query*:1:5\n  |\n1 | 1 + <value>\n  |     ^^^^^^^\n  |"; r.body["summary"] != want {
		t.Errorf("summary\n%v\nwant\n%s", r.body["summary"], want)
	}
}

func TestPagination(t *testing.T) {
	ts := newTestServer(t)
	mustOK(t, ts.q(t, `Collection.create({ name: "Item" })`))
	mustOK(t, ts.q(t, `Array.sequence(0, 20).forEach(i => Item.create({ n: i }))`))
	r := ts.q(t, `Item.all().order(.n)`, "X-Format", "tagged")
	mustOK(t, r)
	page := r.body["data"].(map[string]any)["@set"].(map[string]any)
	if n := len(page["data"].([]any)); n != 16 {
		t.Fatalf("first page has %d items, want 16", n)
	}
	after, _ := page["after"].(string)
	if after == "" {
		t.Fatal("no after cursor")
	}
	// The driver's next-page request.
	body := `{"query":{"fql":["Set.paginate(",{"value":` + strconv.Quote(after) + `},")"]}}`
	r = ts.query(t, body, "X-Format", "tagged")
	mustOK(t, r)
	// Set.paginate returns the page as an object { data, after }.
	page = r.body["data"].(map[string]any)
	if n := len(page["data"].([]any)); n != 4 {
		t.Errorf("second page has %d items, want 4", n)
	}
	if _, ok := page["after"]; ok {
		t.Error("the last page has an after cursor")
	}
}

func TestQueryErrors(t *testing.T) {
	ts := newTestServer(t)
	mustOK(t, ts.q(t, `Collection.create({ name: "User", constraints: [{ unique: ["email"] }] })`))
	mustOK(t, ts.q(t, `User.create({ email: "a@b.c" })`))
	cases := []struct {
		name, query, format string
		status              int
		code, message       string
		extra               string // a raw substring of the error member
	}{
		{"parse", "1 +", "", 400, "invalid_query", "The query failed 1 validation check", ""},
		{"runtime", "1 / 0", "", 400, "divide_by_zero", "Attempted integer division by zero.", ""},
		{"abort tagged", "abort({ a: 1 })", "tagged", 400, "abort", "Query aborted.", `"abort":{"a":{"@int":"1"}}`},
		{"abort simple", "abort({ a: 1 })", "simple", 400, "abort", "Query aborted.", `"abort":{"a":1}`},
		{"abort decorated", "abort({ a: 1 })", "decorated", 400, "abort", "Query aborted.", `"abort":"{\n  a: 1\n}"`},
		{"abort null", "abort(null)", "tagged", 400, "abort", "Query aborted.", `"abort":null`},
		{"constraint", `User.create({ email: "a@b.c" })`, "tagged", 400, "constraint_failure", "Failed unique constraint.",
			`"constraint_failures":[{"paths":[["email"]],"message":"Failed unique constraint"}]`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var h []string
			if c.format != "" {
				h = []string{"X-Format", c.format}
			}
			r := ts.q(t, c.query, h...)
			if r.status != c.status || r.errCode() != c.code || r.errMessage() != c.message {
				t.Fatalf("got %d %s", r.status, r.raw)
			}
			if c.extra != "" && !strings.Contains(r.raw, c.extra) {
				t.Errorf("body lacks %s:\n%s", c.extra, r.raw)
			}
			if s, _ := r.body["summary"].(string); s == "" {
				t.Error("a query failure needs a summary")
			}
			for _, k := range []string{"txn_ts", "stats", "schema_version"} {
				if _, ok := r.body[k]; !ok {
					t.Errorf("no %s", k)
				}
			}
			if _, ok := r.body["data"]; ok {
				t.Error("an error body has data")
			}
		})
	}
}

func TestTimeout(t *testing.T) {
	ts := newTestServer(t)
	const slow = `Array.sequence(0, 16000).fold(0, (a, i) => a + Array.sequence(0, 1000).fold(0, (b, j) => b + j))`
	r := ts.q(t, slow, "X-Query-Timeout-Ms", "1")
	if r.status != 440 || r.errCode() != "time_out" || !strings.Contains(r.errMessage(), "aggressive deadline") {
		t.Errorf("got %d %s", r.status, r.raw)
	}
	if _, ok := r.body["summary"]; ok {
		t.Error("a timeout has no summary")
	}
}

func TestHeaders(t *testing.T) {
	ts := newTestServer(t)
	cases := []struct{ header, value, message string }{
		{"X-Typecheck", "yes", "Invalid header 'x-typecheck': Must be a boolean value."},
		{"X-Linearized", "1", "Invalid header 'x-linearized': Must be a boolean value."},
		{"X-Performance-Hints", "maybe", "Invalid header 'x-performance-hints': Must be a boolean value."},
		{"X-Query-Timeout-Ms", "abc", "Invalid header 'x-query-timeout-ms': Invalid number 'abc'."},
		{"X-Query-Timeout-Ms", "0", "Invalid header 'x-query-timeout-ms': Must be greater than 0."},
		{"X-Query-Timeout-Ms", "600001", "Invalid header 'x-query-timeout-ms': Must be less than or equal to 600000."},
		{"X-Max-Contention-Retries", "8", "Invalid header 'x-max-contention-retries': Must be between 0 and 7."},
		{"X-Max-Contention-Retries", "x", "Invalid header 'x-max-contention-retries': Invalid number 'x'."},
		{"X-Last-Txn-Ts", "now", "Invalid header 'x-last-txn-ts': Invalid timestamp 'now'."},
		{"X-Query-Tags", "foo,,", "Invalid header 'x-query-tags': invalid tags"},
		{"X-Query-Tags", "a=b-c", "Invalid header 'x-query-tags': invalid tags"},
		{"X-Query-Tags", strings.Repeat("k", 41) + "=v", "Invalid header 'x-query-tags': invalid tags"},
	}
	for _, c := range cases {
		r := ts.q(t, "1", c.header, c.value)
		if r.status != 400 || r.errCode() != "invalid_request" || r.errMessage() != c.message {
			t.Errorf("%s: %s: got %d %s", c.header, c.value, r.status, r.raw)
		}
	}
	// Valid values, telemetry and unknown headers are accepted.
	r := ts.q(t, "1", "X-Typecheck", "false", "X-Linearized", "true", "X-Query-Timeout-Ms", "5000",
		"X-Max-Contention-Retries", "3", "X-Last-Txn-Ts", "1718030000123456", "X-Performance-Hints", "true",
		"X-Driver-Env", "driver=javascript-2.5.0; os=linux; runtime=nodejs-v20", "X-Driver", "go/1.0",
		"Traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", "X-Something-Else", "1",
		"X-Query-Tags", "project=teapot,hello=world")
	mustOK(t, r)
	if r.body["query_tags"] != "project=teapot,hello=world" {
		t.Errorf("query_tags %v, want the header string", r.body["query_tags"])
	}
	// Tags are echoed on protocol errors too.
	r = ts.q(t, "1", "X-Query-Tags", "a=b", "X-Format", "nope")
	if r.body["query_tags"] != "a=b" {
		t.Errorf("query_tags on a header error: %s", r.raw)
	}
}

func TestBadBodies(t *testing.T) {
	ts := newTestServer(t)
	deep := strings.Repeat(`{"a":`, 1001) + "1" + strings.Repeat("}", 1001)
	cases := []struct {
		name, body, message string
	}{
		{"empty", "", "No request body provided"},
		{"json string", `"{}"`, "Invalid request body"},
		{"no query", `{"arguments":{}}`, "Invalid request body"},
		{"query not text", `{"query":5}`, "Invalid request body"},
		{"malformed", `{"query":`, "Invalid request body: unexpected end of input at offset 9"},
		{"trailing", `{"query":"1"} x`, "Invalid request body: unexpected data after the JSON value at offset 14"},
		{"invalid utf-8", "{\"query\":\"\xff\"}", "Invalid request body: invalid UTF-8 at offset 10"},
		{"nesting", `{"query":"1","arguments":{"x":` + deep + `}}`, "Invalid request body: JSON exceeds nesting limit"},
		{"bad fragment", `{"query":{"sql":["1"]}}`, "Invalid request body: unknown query fragment 'sql'"},
		{"two-key fragment", `{"query":{"fql":["1"],"value":1}}`, "Invalid request body: a query fragment must be an object with one of the keys fql, value, array, object"},
		{"duplicate key", `{"query":{"fql":[{"object":{"a":{"fql":["1"]},"a":{"fql":["2"]}}}]}}`, "Invalid request body: duplicate key 'a' in an object fragment"},
		{"arguments not object", `{"query":"1","arguments":[1]}`, "Invalid request body: `arguments` must be an object"},
	}
	for _, c := range cases {
		r := ts.query(t, c.body)
		if r.status != 400 || r.errCode() != "invalid_request" || r.errMessage() != c.message {
			t.Errorf("%s: got %d %s, want message %q", c.name, r.status, r.raw, c.message)
		}
	}
	// A wrong or missing content type does not matter (the driver's HTTP/2
	// requests send none).
	r := ts.query(t, `{"query":"1"}`, "Content-Type", "text/plain")
	mustOK(t, r)
	// A 10,000-deep query text is a check error, not a crash.
	r = ts.q(t, strings.Repeat("[", 10000)+strings.Repeat("]", 10000))
	if r.status != 400 || r.errCode() != "invalid_query" {
		t.Errorf("deep query: %d %.300s", r.status, r.raw)
	}
	// The server is still there.
	mustOK(t, ts.q(t, "1"))
}

func TestSizeLimits(t *testing.T) {
	ts := newTestServer(t, func(c *Config) { c.MaxQueryBytes = 1000 })
	big := `{"query":"` + strings.Repeat(" ", 20<<20) + `1"}`
	r := ts.query(t, big)
	if r.status != 413 || r.errCode() != "request_size_exceeded" || r.errMessage() != "Request entity is too large" {
		t.Errorf("20 MB body: %d %.300s", r.status, r.raw)
	}
	// Without a Content-Length (chunked), the limit still holds.
	req, _ := http.NewRequest(http.MethodPost, ts.URL+"/query/1", io.MultiReader(strings.NewReader(big)))
	req.Header.Set("Authorization", "Bearer secret")
	resp, err := ts.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 413 {
		t.Errorf("chunked 20 MB body: status %d", resp.StatusCode)
	}
	r = ts.q(t, strings.Repeat(" ", 1000)+"1")
	if r.status != 400 || r.errMessage() != "Query text exceeded limit: got 1001 bytes, limit 1000 bytes" {
		t.Errorf("long query: %d %s", r.status, r.raw)
	}
	mustOK(t, ts.q(t, "1"))
}

func TestAuthentication(t *testing.T) {
	ts := newTestServer(t)
	basic := func(s string) string { return "Basic " + base64.StdEncoding.EncodeToString([]byte(s)) }
	for _, c := range []struct {
		auth string
		ok   bool
	}{
		{"", false},
		{"Bearer", false},
		{"Bearer ", false},
		{"Token secret", false},
		{"Bearer wrong", false},
		{"Bearer secret:child:admin", false},
		{basic("wrong:"), false},
		{"Basic !!!", false},
		{"Bearer secret", true},
		{"bearer secret", true},
		{"Bearer secret:admin", true},
		{basic("secret:"), true},
		{basic("secret:admin:"), true},
	} {
		r := ts.q(t, "1", "Authorization", c.auth)
		if c.ok {
			if r.status != 200 {
				t.Errorf("%q: %d %s", c.auth, r.status, r.raw)
			}
			continue
		}
		if r.status != 401 || r.errCode() != "unauthorized" || r.errMessage() != "Access token required" {
			t.Errorf("%q: %d %s", c.auth, r.status, r.raw)
		}
		if r.header.Get("WWW-Authenticate") != "Bearer" {
			t.Errorf("%q: WWW-Authenticate %q", c.auth, r.header.Get("WWW-Authenticate"))
		}
		if _, ok := r.body["summary"]; ok {
			t.Errorf("%q: a 401 has no summary", c.auth)
		}
	}
	if l := ts.logs.String(); strings.Contains(l, "Bearer") || strings.Contains(l, "wrong") || strings.Contains(l, "c2VjcmV0") {
		t.Errorf("the request log mentions a secret:\n%s", ts.logs.String())
	}
}

func TestTxnTimeAndSchemaVersion(t *testing.T) {
	ts := newTestServer(t)
	var last int64
	for i := 0; i < 20; i++ {
		r := ts.q(t, "1")
		mustOK(t, r)
		n, _ := r.body["txn_ts"].(json.Number).Int64()
		if n <= last {
			t.Fatalf("txn_ts %d after %d", n, last)
		}
		last = n
	}
	r := ts.q(t, `Collection.create({ name: "Thing" })`)
	mustOK(t, r)
	created := r.body["txn_ts"].(json.Number).String()
	r = ts.q(t, "1")
	if got := r.body["schema_version"].(json.Number).String(); got != created {
		t.Errorf("schema_version %s, want the txn_ts of the schema change %s", got, created)
	}
	r = ts.q(t, "1 / 0")
	if got := r.body["schema_version"].(json.Number).String(); got != created {
		t.Errorf("schema_version of an error %s, want %s", got, created)
	}
}

func TestRoutes(t *testing.T) {
	ts := newTestServer(t)
	r := ts.do(t, http.MethodGet, "/ping", "", "Authorization", "")
	if r.status != 200 || r.body["resource"] != "Scope write is OK" {
		t.Errorf("GET /ping: %d %s", r.status, r.raw)
	}
	r = ts.do(t, http.MethodHead, "/ping", "")
	if r.status != 200 || r.raw != "" {
		t.Errorf("HEAD /ping: %d %q", r.status, r.raw)
	}
	r = ts.do(t, http.MethodGet, "/query/1", "")
	if r.status != 405 || r.errCode() != "method_not_allowed" {
		t.Errorf("GET /query/1: %d %s", r.status, r.raw)
	}
	r = ts.do(t, http.MethodGet, "/nope", "")
	if r.status != 404 || r.errCode() != "not_found" {
		t.Errorf("GET /nope: %d %s", r.status, r.raw)
	}
	r = ts.do(t, http.MethodPost, "/stream/1", `{"token":"2"}`)
	if r.status != 400 || r.errCode() != "invalid_request" {
		t.Errorf("POST /stream/1: %d %s", r.status, r.raw)
	}
	r = ts.do(t, http.MethodOptions, "/query/1", "", "Origin", "http://example.test")
	if r.status != 200 || r.header.Get("Access-Control-Allow-Origin") != "http://example.test" {
		t.Errorf("CORS preflight: %d %v", r.status, r.header)
	}
}

func TestH2C(t *testing.T) {
	ts := newTestServer(t)
	c := h2cClient()
	r := ts.doWith(t, c, http.MethodPost, "/query/1", strings.NewReader(`{"query":"1 + 1"}`))
	mustOK(t, r)
	if r.proto != "HTTP/2.0" {
		t.Errorf("proto %s, want HTTP/2.0", r.proto)
	}
	r = ts.do(t, http.MethodPost, "/query/1", `{"query":"1 + 1"}`)
	if r.proto != "HTTP/1.1" {
		t.Errorf("proto %s, want HTTP/1.1", r.proto)
	}
}

// TestConcurrentWrites runs 32 clients that each create documents over one
// shared h2c connection; every acknowledged write is there afterwards.
func TestConcurrentWrites(t *testing.T) {
	ts := newTestServer(t)
	mustOK(t, ts.q(t, `Collection.create({ name: "Counter" })`))
	mustOK(t, ts.q(t, `Counter.create({ id: "1", n: 0 })`))
	c := h2cClient()
	const workers, each = 32, 10
	var wg sync.WaitGroup
	errs := make(chan string, workers*each)
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < each; i++ {
				body := fmt.Sprintf(`{"query":"let c = Counter.byId(\"1\")!\nc.update({ n: c.n + 1 })\nCounter.create({ w: %d })"}`, w)
				r := ts.doWith(t, c, http.MethodPost, "/query/1", strings.NewReader(body))
				if r.status != 200 {
					errs <- r.raw
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
	r := ts.q(t, `[Counter.byId("1")!.n, Counter.all().count()]`)
	if got := jsonOf(t, r.body["data"]); got != fmt.Sprintf("[%d,%d]", workers*each, workers*each+1) {
		t.Errorf("after %d serializable increments: %s", workers*each, got)
	}
}
