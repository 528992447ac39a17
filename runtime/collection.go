package runtime

import (
	"github.com/fqlite/fqlite/eval"
	"sync/atomic"
)

// collKind says how a collection's documents are identified and stored.
type collKind uint8

const (
	// kindUser: user collections; documents have ids and keep their user
	// fields under `data` internally.
	kindUser collKind = iota
	// kindNamed: schema collections (Collection, Function, Role, ...);
	// documents are identified by name.
	kindNamed
	// kindSystem: Key, Token, Credential; documents have ids and their
	// fields are stored as given.
	kindSystem
)

// collection is a collection as queries see it: its module value (the
// global `Customer`), the type of its documents, and for user collections
// the compiled definition (indexes, constraints, computed fields).
type collection struct {
	id      uint64
	name    string
	alias   string
	kind    collKind
	module  *eval.Module
	docType *eval.Type
	// def is the compiled definition of a user collection.
	def *collDef
	// rec is the stored Collection document of a user collection.
	rec *eval.Object
	// deleted marks the placeholder of a collection that no longer
	// exists (references into it read as missing documents).
	deleted bool
	// outKeys are the output keys of the last plain document read out
	// (id, coll, ts, then its data fields): the documents of a collection
	// mostly share them, and their output objects then share this array
	// (see Doc.Output).
	outKeys atomic.Pointer[[]string]
}

// System collection ids. They are part of the storage format.
const (
	idCollection     = 1
	idFunction       = 2
	idRole           = 3
	idAccessProvider = 4
	idKey            = 5
	idToken          = 6
	idCredential     = 7
	idDatabase       = 8
)

// newModule creates a module value with the members every module has.
func newModule(name string, contains func(eval.Value) bool) *eval.Module {
	m := eval.NewModule(name, contains)
	eval.DefineComparisonOps(m.Type())
	m.Type().DefineMethod(eval.NewMethod("toString", nil, func(t *eval.Thread, self eval.Value, args []eval.Value) (eval.Value, error) {
		return eval.String(name), nil
	}))
	return m
}

// collectionOf returns the collection a document value belongs to.
func collectionOf(v eval.Value) (*collection, bool) {
	d, ok := v.(*Doc)
	if !ok {
		return nil, false
	}
	return d.c, true
}
