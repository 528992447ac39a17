package runtime

import (
	"context"
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

// SchemaAccess authenticates secret and returns the database whose schema
// it reaches (this one, or the child database a key or scoped secret
// names) and whether it may read and write that schema through the
// schema endpoints: only admin may (spec/fsl-auth.md §2.2), i.e. the root
// secret, an admin key, or a secret scoped to admin. A refused secret is
// an *eval.Error with code unauthorized.
func (db *DB) SchemaAccess(ctx context.Context, secret string) (*DB, bool, error) {
	target, p, err := db.authenticateIn(ctx, secret, nil)
	if err != nil {
		return nil, false, err
	}
	return target, p.kind == permAdmin, nil
}

// DatabaseFor authenticates secret and returns the database its queries
// run in: this one, or a child database.
func (db *DB) DatabaseFor(ctx context.Context, secret string) (*DB, error) {
	target, _, err := db.authenticateIn(ctx, secret, nil)
	return target, err
}

// authenticateIn authenticates secret (or the principal a parent
// database sent, preset), following it into child databases.
func (db *DB) authenticateIn(ctx context.Context, secret string, preset *redirect) (*DB, *perms, error) {
	var p *perms
	var redir *redirect
	err := db.st.View(func(tx *store.Txn) error {
		q, err := db.begin(ctx, tx)
		if err != nil {
			return err
		}
		defer q.release()
		if preset != nil {
			err = q.presetPrincipal(preset)
		} else {
			err = q.authenticate(secret)
		}
		if errors.Is(err, errRedirect) {
			redir = q.redirect
			return nil
		}
		p = q.perms
		return err
	})
	switch {
	case err != nil:
		return nil, nil, err
	case redir == nil:
		return db, p, nil
	case redir.secret != "":
		return redir.db.authenticateIn(ctx, redir.secret, nil)
	}
	return redir.db.authenticateIn(ctx, "", redir)
}
