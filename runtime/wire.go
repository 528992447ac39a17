package runtime

import (
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/fqlite/fqlite/eval"
	"github.com/fqlite/fqlite/runtime/store"
)

// What the wire protocol server (runtime/httpapi) needs from a database
// beyond Query and PushSchema: the values that a request names by
// reference (the `@mod`, `@ref` and `@doc` tags of query arguments and
// template values, resolved against the latest schema, spec/wire.md §2.3;
// every other tag decodes without the database), the time of the latest
// schema change (`schema_version`), and who may use the schema endpoints.

// ErrUnknownModule is returned by ModuleNamed for a name that is neither a
// built-in module nor a user collection.
var ErrUnknownModule = errors.New("unknown module")

// latestCatalog returns the catalog of the latest committed schema.
func (db *DB) latestCatalog() (*catalog, error) {
	var c *catalog
	err := db.st.View(func(tx *store.Txn) error {
		var err error
		c, err = db.catalogFor(tx)
		return err
	})
	return c, err
}

// ModuleNamed returns the module a `@mod` tag names: a built-in module
// (`Math`, `Time`, `Collection`, ...) or a user collection by name or
// alias.
func (db *DB) ModuleNamed(name string) (eval.Value, error) {
	if v, ok := eval.Global(name); ok {
		if m, ok := v.(*eval.Module); ok {
			return m, nil
		}
	}
	cat, err := db.latestCatalog()
	if err != nil {
		return nil, err
	}
	if c := cat.lookupColl(name); c != nil {
		return c.module, nil
	}
	return nil, fmt.Errorf("%w `%s`", ErrUnknownModule, name)
}

// DocumentRef returns a reference to a document, as a `@ref` or `@doc`
// tag gives it: coll is the collection's name; id is the document id of a
// collection document (user collections, Key, Token, Credential), name
// the name of a schema document (Collection, Function, Role, ...). The
// document is not read: a reference to a missing document reads as a null
// document, like `Coll.byId(id)`.
func (db *DB) DocumentRef(coll, id, name string) (eval.Value, error) {
	var c *collection
	for _, sc := range systemCollByID {
		if sc.name == coll {
			c = sc
		}
	}
	if c == nil {
		cat, err := db.latestCatalog()
		if err != nil {
			return nil, err
		}
		if c = cat.lookupColl(coll); c == nil {
			return nil, fmt.Errorf("%w `%s`", ErrUnknownModule, coll)
		}
	}
	if c.kind == kindNamed {
		if name == "" {
			return nil, fmt.Errorf("a reference to a `%s` document needs a name", coll)
		}
		return &Doc{c: c, name: name}, nil
	}
	if id == "" {
		return nil, fmt.Errorf("a reference to a `%s` document needs an id", coll)
	}
	n, err := strconv.ParseInt(id, 10, 64)
	if err != nil || n < 0 {
		return nil, fmt.Errorf("invalid document id `%s`", id)
	}
	return &Doc{c: c, id: n}, nil
}

// SchemaChange returns the schema version (the counter Result.SchemaVersion
// reports) of the latest committed schema and the commit time of the
// transaction that set it; the time is zero while the schema never
// changed. The wire protocol reports that time, in microseconds, as
// `schema_version` (spec/wire.md §5.1).
func (db *DB) SchemaChange() (version uint64, at time.Time, err error) {
	err = db.st.View(func(tx *store.Txn) error {
		it, ok := tx.Get(schemaVersionKey)
		if !ok {
			return nil
		}
		version = readCounter(tx, schemaVersionKey)
		at = it.Time
		return nil
	})
	return version, at, err
}

// SchemaAccess authenticates secret and reports whether it may read and
// write the schema through the schema endpoints: only admin may
// (spec/fsl-auth.md §2.2), i.e. the root secret, an admin key, or a
// secret scoped to admin. A refused secret is an *eval.Error with code
// unauthorized.
func (db *DB) SchemaAccess(secret string) (bool, error) {
	var admin bool
	err := db.st.View(func(tx *store.Txn) error {
		q, err := db.begin(nil, tx)
		if err != nil {
			return err
		}
		defer q.release()
		if err := q.authenticate(secret); err != nil {
			return err
		}
		admin = q.perms.kind == permAdmin
		return nil
	})
	return admin, err
}
