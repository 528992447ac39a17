// Package schema is fqlite's model of a database schema: the collections,
// functions, roles and access providers that FSL files define
// (spec/fsl-auth.md §1–§2).
//
// Data flow:
//
//	*.fsl files ──lang.ParseFSL──▶ lang.SchemaItems ──validate──▶ build ──▶ *Schema
//	                 (per file)                     (whole schema)
//
// LoadDir and Parse run the three layers of checks Fauna makes on a schema
// push: each file's syntax and per-item rules (lang), the rules on each
// schema document (reserved and invalid names, unknown roles, index paths,
// https JWKS URIs) and the rules on the whole schema (references between
// items, names defined in two files, wildcard and field types). Parse
// errors stop before validation; validation reports everything it finds.
// Errors render like Fauna's, with file:line:col and carets.
//
// The model keeps each element's position and the lang syntax it came from
// (types, default values, lambdas), so the runtime can compile function
// bodies and predicates directly and later type checks can report in the
// files. (*Schema).FSL renders the model back to canonical FSL, and Diff
// compares two schemas item by item for `schema diff`.
package schema
