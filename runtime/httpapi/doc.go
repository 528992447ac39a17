// Package httpapi serves a runtime.DB over Fauna's HTTP wire protocol
// (spec/wire.md), so that the official `fauna` driver and fauna-shell work
// against fqlite unchanged.
//
// Data flow of POST /query/1:
//
//	headers ──parseQueryHeaders──▶ format, timeout, retries, tags
//	Authorization ──secretOf──▶ secret ──▶ runtime.QueryOptions.Secret
//	body ──parseJSON (ordered, UTF-8 checked, depth ≤ 1000)──▶ jnode tree
//	     ──template──▶ query text + hidden arguments for `value` fragments
//	     ──decodeSimple / decodeTagged──▶ arguments (eval values)
//	runtime.DB.Query ──▶ Result ──appendValue (tagged | simple | decorated)──▶
//	     {"data", "summary", "txn_ts", "stats", "query_tags", "schema_version"}
//	     or *eval.Error ──▶ 400 query failure with summary, or a protocol
//	     error (401, 409, 440, 500 ...) without one.
//
// A template's `value` fragments become hidden arguments (`_v'0000`...),
// not literals, so the text of a template is the same whatever values it
// carries and the runtime's program cache compiles it once. Error
// summaries show them as `<value>`, as Fauna does.
//
// The schema endpoints (/schema/1/...) map fauna-shell's push, pull,
// diff, status, commit and abandon onto runtime.DB.PushSchema, SchemaFSL
// and the schema package's Diff; the pushed files and the staged schema
// are kept beside the database (schema_files.go).
//
// Authentication belongs to the runtime: the server passes the secret of
// each request on and maps `unauthorized` to 401. NewHTTPServer returns an
// http.Server that speaks HTTP/1.1 and cleartext HTTP/2 (prior knowledge)
// on one port, as the Node driver needs.
package httpapi
