package runtime

import (
	"encoding/binary"
	"fmt"
	"sync/atomic"

	"github.com/fqlite/fqlite/eval"
	"github.com/fqlite/fqlite/runtime/store"
)

// The catalog is the compiled form of the schema documents (collections,
// functions, roles) at one schema version. Queries resolve collection and
// function names through it; it is built once per version and shared by
// every query that reads that version. A query keeps the catalog it started
// with, which is why a collection or function cannot be created and used in
// the same query (as in Fauna).
type catalog struct {
	version uint64
	// validAt is a store version at which version is the schema version.
	validAt atomic.Uint64
	colls   map[string]*collection // user collections by name and alias
	byID    map[uint64]*collection
	funcs   map[string]*udf // by name and alias
	roles   map[string]*roleDef
	// providers are the access providers by issuer.
	providers map[string]*providerDef
}

// schemaVersionKey holds the schema version: a counter bumped by every
// query that writes a schema document. Every query reads it, so a schema
// change conflicts with the queries that ran against the old schema.
var schemaVersionKey = metaKey("schema")

// collSeqKey holds the last collection id handed out.
var collSeqKey = metaKey("collseq")

// firstUserCollectionID leaves room below for system collections.
const firstUserCollectionID = 1024

func readCounter(tx *store.Txn, key string) uint64 {
	it, ok := tx.Get(key)
	if !ok || len(it.Value) != 8 {
		return 0
	}
	return binary.BigEndian.Uint64(it.Value)
}

func writeCounter(tx *store.Txn, key string, v uint64) error {
	return tx.Put(key, binary.BigEndian.AppendUint64(nil, v))
}

// catalogFor returns the catalog of the schema version tx sees. The
// latest catalog remembers the newest store version it is known to be
// current at, so a query on that snapshot skips reading the schema key
// (it still records the read, so a schema change conflicts with it).
func (db *DB) catalogFor(tx *store.Txn) (*catalog, error) {
	if c := db.cat.Load(); c != nil && c.validAt.Load() == tx.ReadVersion() {
		tx.Track(schemaVersionKey)
		return c, nil
	}
	v := readCounter(tx, schemaVersionKey)
	if c := db.cat.Load(); c != nil && c.version == v {
		if tx.ReadVersion() > c.validAt.Load() {
			c.validAt.Store(tx.ReadVersion())
		}
		return c, nil
	}
	db.catMu.Lock()
	defer db.catMu.Unlock()
	if c := db.cat.Load(); c != nil && c.version == v {
		return c, nil
	}
	c, err := buildCatalog(tx, v)
	if err != nil {
		return nil, err
	}
	if cur := db.cat.Load(); cur == nil || cur.version < v {
		c.validAt.Store(tx.ReadVersion())
		db.cat.Store(c)
	}
	return c, nil
}

// buildCatalog reads every schema document visible to tx.
func buildCatalog(tx *store.Txn, version uint64) (*catalog, error) {
	c := &catalog{
		version:   version,
		colls:     map[string]*collection{},
		byID:      map[uint64]*collection{},
		funcs:     map[string]*udf{},
		roles:     map[string]*roleDef{},
		providers: map[string]*providerDef{},
	}
	var err error
	scanNamed(tx, collectionColl.id, func(name string, rec *eval.Object) bool {
		var col *collection
		if col, err = newUserCollection(c, name, rec); err != nil {
			err = fmt.Errorf("fqlite: stored collection %q: %w", name, err)
			return false
		}
		c.colls[name] = col
		if col.alias != "" {
			c.colls[col.alias] = col
		}
		c.byID[col.id] = col
		return true
	})
	if err != nil {
		return nil, err
	}
	scanNamed(tx, functionColl.id, func(name string, rec *eval.Object) bool {
		f := newUDF(name, rec)
		c.funcs[name] = f
		if f.alias != "" {
			c.funcs[f.alias] = f.aliased()
		}
		return true
	})
	scanNamed(tx, roleColl.id, func(name string, rec *eval.Object) bool {
		c.roles[name] = newRoleDef(name, rec)
		return true
	})
	for _, r := range c.roles {
		r.compile(c)
	}
	scanNamed(tx, accessProviderColl.id, func(name string, rec *eval.Object) bool {
		p := newProviderDef(name, rec)
		c.providers[p.issuer] = p
		return true
	})
	return c, nil
}

// scanNamed visits the stored named documents of a schema collection in
// name order. Records that do not decode are skipped (they cannot be
// written by fqlite).
func scanNamed(tx *store.Txn, coll uint64, fn func(name string, rec *eval.Object) bool) {
	p := namedPrefix(coll)
	tx.Scan(p, store.PrefixEnd(p), false, func(key string, it store.Item) bool {
		v, err := decodeValue(it.Value, nil, it.Time)
		if err != nil {
			return true
		}
		rec, ok := v.(*eval.Object)
		if !ok {
			return true
		}
		return fn(key[len(p):], rec)
	})
}

// lookupColl finds a user collection by name or alias.
func (c *catalog) lookupColl(name string) *collection { return c.colls[name] }
