// Package stdlib registers FQL's standard library into the evaluator's
// method tables: the methods of String, Number, Array, Set, Object, Time,
// Date, Bytes and ID values, the modules (Math, Time, Date, Object, Array,
// Set, Query, the type modules used with `isa`) and the global functions
// (abort, log, dbg, newId, asc, desc, ...).
//
// Every builtin is declared with typed parameters (eval.Param), so argument
// type and arity errors come out in Fauna's uniform wording without code in
// the builtin itself. One file per type or module; each table is listed in
// the file's init function with Fauna's names verbatim.
//
// Importing the package (for its side effects) is enough:
//
//	import _ "github.com/fqlite/fqlite/stdlib"
package stdlib
