package runtime

import (
	"fmt"
	"strconv"
	"sync"

	"github.com/fqlite/fqlite/eval"
)

// The system collections exist in every database. Their modules are
// built-in globals, so `Collection`, `Function`, `Key` ... resolve at
// compile time like `Math`.
var (
	collectionColl     = newSystemColl(idCollection, "Collection", kindNamed)
	functionColl       = newSystemColl(idFunction, "Function", kindNamed)
	roleColl           = newSystemColl(idRole, "Role", kindNamed)
	accessProviderColl = newSystemColl(idAccessProvider, "AccessProvider", kindNamed)
	databaseColl       = newSystemColl(idDatabase, "Database", kindNamed)
	keyColl            = newSystemColl(idKey, "Key", kindSystem)
	tokenColl          = newSystemColl(idToken, "Token", kindSystem)
	credentialColl     = newSystemColl(idCredential, "Credential", kindSystem)

	systemCollByID = map[uint64]*collection{}
	schemaCollByID = map[uint64]*schemaColl{}

	collectionSchema, functionSchema, roleSchema, accessProviderSchema, databaseSchema *schemaColl
)

func newSystemColl(id uint64, name string, kind collKind) *collection {
	c := &collection{id: id, name: name, kind: kind}
	c.module = newModule(name, func(v eval.Value) bool {
		d, ok := v.(*Doc)
		return ok && d.c.id == c.id
	})
	return c
}

func init() {
	collectionSchema = &schemaColl{collection: collectionColl, label: "Collection", allowed: fieldSet(
		"name", "alias", "computed_fields", "fields", "migrations", "wildcard", "history_days",
		"ttl_days", "document_ttls", "indexes", "constraints", "data"),
		normalize: normalizeCollection, afterWrite: afterCollectionWrite}
	functionSchema = &schemaColl{collection: functionColl, label: "Function", allowed: fieldSet(
		"name", "alias", "body", "signature", "role", "data"), normalize: normalizeFunction}
	roleSchema = &schemaColl{collection: roleColl, label: "Role", allowed: fieldSet(
		"name", "privileges", "membership", "data"), normalize: normalizeRole}
	accessProviderSchema = &schemaColl{collection: accessProviderColl, label: "AccessProvider", allowed: fieldSet(
		"name", "issuer", "jwks_uri", "roles", "audience", "data"), normalize: normalizeAccessProvider}
	databaseSchema = &schemaColl{collection: databaseColl, label: "Database", allowed: fieldSet(
		"name", "priority", "typechecked", "protected", "data", "global_id"), normalize: normalizeDatabase}
	for _, sc := range []*schemaColl{collectionSchema, functionSchema, roleSchema, accessProviderSchema, databaseSchema} {
		schemaCollByID[sc.id] = sc
		sc.docType = newDocType(sc.collection)
		defineSchemaCollMembers(sc)
	}
	for _, c := range []*collection{keyColl, tokenColl, credentialColl} {
		c.docType = newDocType(c)
		defineSystemCollMembers(c)
	}
	for _, c := range []*collection{collectionColl, functionColl, roleColl, accessProviderColl, databaseColl, keyColl, tokenColl, credentialColl} {
		systemCollByID[c.id] = c
		eval.DefineGlobal(c.name, c.module)
	}
	// `x isa Function` holds for every callable value as well as for
	// Function documents (spec/fql.md §5.7).
	functionColl.module.Contains = func(v eval.Value) bool {
		if _, ok := v.(eval.Callable); ok {
			return true
		}
		d, ok := v.(*Doc)
		return ok && d.c == functionColl
	}
	// Early-v10 name of Credential.
	eval.DefineGlobal("Credentials", credentialColl.module)
	defineCollectionModuleExtras()
	defineFunctionModuleExtras()
}

func fieldSet(names ...string) map[string]bool {
	m := make(map[string]bool, len(names))
	for _, n := range names {
		m[n] = true
	}
	return m
}

// defineCollectionModuleExtras: `Collection(name)` returns the collection
// module.
func defineCollectionModuleExtras() {
	m := eval.NewMethod("Collection", []eval.Param{eval.P("collection", eval.StringTag)}, func(t *eval.Thread, _ eval.Value, args []eval.Value) (eval.Value, error) {
		q, err := needQuery(t)
		if err != nil {
			return nil, err
		}
		name := string(args[0].(eval.String))
		if c := q.cat.colls[name]; c != nil {
			return c.module, nil
		}
		e := eval.Errorf(eval.CodeInvalidArgument, "invalid argument `collection`: No such user collection `%s`.", name)
		if q.namedExists(idCollection, name) {
			e.WithHint(eval.Hint{Kind: "hint", Message: "A collection cannot be created and used in the same query."})
		}
		return nil, e
	})
	collectionColl.module.Type().Call = func(t *eval.Thread, self eval.Value, args []eval.Value) (eval.Value, error) {
		if !m.Arity.Accepts(len(args)) {
			return nil, eval.ErrArity(m.Arity, len(args))
		}
		return m.Invoke(t, self, args)
	}
}

// defineFunctionModuleExtras: `Function(name)` returns the callable UDF.
func defineFunctionModuleExtras() {
	m := eval.NewMethod("Function", []eval.Param{eval.P("function", eval.StringTag)}, func(t *eval.Thread, _ eval.Value, args []eval.Value) (eval.Value, error) {
		q, err := needQuery(t)
		if err != nil {
			return nil, err
		}
		name := string(args[0].(eval.String))
		if f := q.cat.funcs[name]; f != nil {
			return f, nil
		}
		e := eval.Errorf(eval.CodeInvalidArgument, "invalid argument `function`: No such user function `%s`.", name)
		if q.namedExists(idFunction, name) {
			e.WithHint(eval.Hint{Kind: "hint", Message: "A function cannot be created and used in the same query."})
		}
		return nil, e
	})
	functionColl.module.Type().Call = func(t *eval.Thread, self eval.Value, args []eval.Value) (eval.Value, error) {
		if !m.Arity.Accepts(len(args)) {
			return nil, eval.ErrArity(m.Arity, len(args))
		}
		return m.Invoke(t, self, args)
	}
}

// deletedColls caches placeholder collections for references whose
// collection no longer exists; their documents read as missing.
var deletedColls sync.Map

func deletedCollection(id uint64) *collection {
	if c, ok := deletedColls.Load(id); ok {
		return c.(*collection)
	}
	c := &collection{id: id, name: "Collection.Deleted", kind: kindUser, deleted: true}
	c.module = newModule("Deleted", nil)
	c.module.Parent = collectionColl.module
	_ = strconv.FormatUint
	_ = fmt.Sprint
	c.docType = newDocType(c)
	v, _ := deletedColls.LoadOrStore(id, c)
	return v.(*collection)
}
