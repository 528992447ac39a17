package runtime

import (
	"context"
	"sync"
	"sync/atomic"
	"time"

	"github.com/fqlite/fqlite/eval"
	"github.com/fqlite/fqlite/runtime/store"
)

// query is the environment of one query attempt: its transaction, the
// catalog it resolves names with, and what it has read and written. It is
// the eval.Env of the query's thread.
type query struct {
	db  *DB
	tx  *store.Txn
	cat *catalog
	t   *eval.Thread

	// serial identifies this attempt among all queries of the process; gen
	// counts its writes. A Doc's cached state is valid while both match.
	serial uint64
	gen    uint64
	// docs caches documents read or written by this query.
	docs map[docKeyT]*docState

	reads, writes int

	// indexing is set while a computed field is evaluated for an index:
	// UDF calls, collection reads and other computed fields then fail.
	indexing      bool
	indexingDepth int

	// principal is who the secret authenticated; perms the permissions in
	// force (a @role UDF replaces them for its body).
	principal          principal
	perms              *perms
	readCache          map[readCacheKey]readDecision
	inRoleUDF          int
	predIdentityHidden bool

	// atPast counts the `at` blocks with a past time being evaluated.
	atPast int

	// keyBuf is scratch space for building keys; idxOld and idxNew hold a
	// written document's index keys, from storeDoc's indexState calls to
	// its reindex (which nothing in between re-enters).
	keyBuf         []byte
	idxOld, idxNew *docIndexState
	// arena holds the index sets and scanned documents (see queryArena);
	// arenaReusable is set when the query succeeded.
	arena         *queryArena
	arenaReusable bool

	// redirect is set when the secret authenticates in a child database.
	redirect *redirect

	// databaseDropped is set when a Database document was deleted: its
	// child database's files go after the commit.
	databaseDropped bool

	// schemaWritten is set when a schema document was written; the schema
	// version is bumped at commit.
	schemaWritten bool
	// collsChanged and collsWritten record, per collection id, a change of
	// the collection's definition and a write to its documents: both in
	// one query is refused.
	collsChanged map[uint64]bool
	collsWritten map[uint64]bool
}

type docKeyT struct {
	coll uint64
	id   int64
	name string
}

// maxCachedDocs bounds the per-query document cache; scans beyond it read
// through the transaction again.
const maxCachedDocs = 4096

var _ eval.Env = (*query)(nil)

var (
	querySerial atomic.Uint64
	queryPool   = sync.Pool{New: func() any {
		q := &query{t: eval.NewThread(time.Time{})}
		q.t.Env = q
		return q
	}}
)

// begin starts a query attempt on tx. Query environments and their
// threads are pooled: nothing a query returns refers to them (documents
// carry the serial number, not the query).
func (db *DB) begin(ctx context.Context, tx *store.Txn) (*query, error) {
	cat, err := db.catalogFor(tx)
	if err != nil {
		return nil, err
	}
	q := queryPool.Get().(*query)
	t := q.t
	*q = query{db: db, tx: tx, cat: cat, t: t, serial: querySerial.Add(1), docs: q.docs, readCache: q.readCache, keyBuf: q.keyBuf, idxOld: q.idxOld, idxNew: q.idxNew, arena: q.arena, perms: adminPerms, principal: principal{perms: adminPerms}}
	clear(q.docs)
	clear(q.readCache)
	t.Clock = db.clock
	t.Reset()
	t.Ctx = ctx
	return q, nil
}

// release returns a finished query to the pool.
func (q *query) release() {
	q.releaseArena()
	q.db, q.tx, q.cat = nil, nil, nil
	q.t.Ctx = nil
	q.t.Logs = nil
	if len(q.docs) > 64 {
		q.docs = nil
	}
	if len(q.readCache) > 64 {
		q.readCache = nil
	}
	queryPool.Put(q)
}

// queryOf returns the query a thread runs, or nil outside a database.
func queryOf(t *eval.Thread) *query {
	q, _ := t.Env.(*query)
	return q
}

// Global resolves user collections and functions by name or alias.
func (q *query) Global(t *eval.Thread, name string) (eval.Value, bool, error) {
	if q.indexing {
		return nil, false, errIndexContext
	}
	if c := q.cat.colls[name]; c != nil {
		return c.module, true, nil
	}
	if f := q.cat.funcs[name]; f != nil {
		return f, true, nil
	}
	return nil, false, nil
}

// NewID hands out a document id (newId()).
func (q *query) NewID(t *eval.Thread) (eval.ID, error) {
	return eval.ID(q.db.ids.next(t.Now())), nil
}

// finish runs the end-of-query steps before commit.
func (q *query) finish() error {
	if q.schemaWritten {
		if err := q.validateSchemaEnvironment(); err != nil {
			return err
		}
		v := readCounter(q.tx, schemaVersionKey)
		if err := writeCounter(q.tx, schemaVersionKey, v+1); err != nil {
			return err
		}
	}
	return nil
}

// rawState reads a document without a permission check (writes, index
// maintenance, authentication).
func (q *query) rawState(d *Doc) (*docState, error) {
	if d.pre != nil && d.preSerial == q.serial && d.preGen == q.gen {
		return d.pre, nil
	}
	if d.c.deleted {
		return collDeletedState, nil
	}
	return q.load(d)
}

// load reads a document's state through the transaction.
func (q *query) load(d *Doc) (*docState, error) {
	k := docKeyT{d.c.id, d.id, d.name}
	if st, ok := q.docs[k]; ok {
		return st, nil
	}
	st, err := q.read(d.c, d.id, d.name)
	if err != nil {
		return nil, err
	}
	q.cache(k, st)
	return st, nil
}

func (q *query) cache(k docKeyT, st *docState) {
	if q.docs == nil {
		q.docs = make(map[docKeyT]*docState)
	}
	if len(q.docs) < maxCachedDocs {
		q.docs[k] = st
		return
	}
	if _, ok := q.docs[k]; ok {
		q.docs[k] = st
	}
}

// written records that the query wrote a document: cached states of it
// are dropped (later reads find the write in the transaction) and the
// write count moves on, which invalidates the states Docs carry.
func (q *query) written(d *Doc, st *docState) {
	q.gen++
	q.writes++
	if len(q.docs) > 0 {
		delete(q.docs, docKeyT{d.c.id, d.id, d.name})
	}
}

// read fetches a document from the store.
func (q *query) read(c *collection, id int64, name string) (*docState, error) {
	q.reads++
	var key string
	if c.kind == kindNamed {
		key = namedKey(c.id, name)
	} else {
		key = docKey(c.id, id)
	}
	it, ok := q.tx.Get(key)
	if !ok {
		return missingState, nil
	}
	return q.decodeState(c, it)
}

// decodeState turns a stored record into a document state.
func (q *query) decodeState(c *collection, it store.Item) (*docState, error) {
	return q.decodeStateInto(new(docState), c, it)
}

// decodeStateInto is decodeState filling st, for callers that allocate it
// with something else.
func (q *query) decodeStateInto(st *docState, c *collection, it store.Item) (*docState, error) {
	*st = docState{exists: true}
	if it.Version == 0 {
		st.ts = eval.TransactionTime{}
	} else {
		st.ts = eval.Time{T: it.Time}
	}
	var err error
	if c.kind == kindUser {
		st.raw, st.ttl, err = splitUserRecord(it.Value, q, it.Time)
		if err != nil {
			return nil, err
		}
		st.rawTxn = it.Time
		if tm, ok := st.ttl.(eval.Time); ok && !tm.T.After(q.t.Now()) {
			// The document has expired.
			return missingState, nil
		}
		return st, nil
	}
	v, err := decodeValue(it.Value, q, it.Time)
	if err != nil {
		return nil, err
	}
	rec, ok := v.(*eval.Object)
	if !ok {
		return nil, errCorrupt
	}
	st.fields = rec
	if ttl, ok := rec.Get("ttl"); ok {
		if tm, ok := ttl.(eval.Time); ok && !tm.T.After(q.t.Now()) {
			return missingState, nil
		}
	}
	return st, nil
}

// storedRef implements refEncoder: documents are stored as references.
func (q *query) storedRef(v eval.Value) (uint64, int64, bool) {
	d, ok := v.(*Doc)
	if !ok || d.c.kind == kindNamed {
		return 0, 0, false
	}
	return d.c.id, d.id, true
}

// loadRef implements refDecoder.
func (q *query) loadRef(coll uint64, id int64) eval.Value {
	if c := q.collByID(coll); c != nil {
		return &Doc{c: c, id: id}
	}
	return &Doc{c: deletedCollection(coll), id: id}
}

// collByID finds a user or system collection by id.
func (q *query) collByID(id uint64) *collection {
	if c := systemCollByID[id]; c != nil {
		return c
	}
	return q.cat.byID[id]
}

// errIndexContext fails what indexed computed fields may not do.
var errIndexContext = eval.NewError(eval.CodeInvalidEffect, "Computed fields used in indexes cannot read collections, call functions or use other computed fields.")

// At runs an `at (ts) { ... }` body. fqlite keeps no document history
// (history_days 0), so reads see the current snapshot; writes at a past
// time are refused as in Fauna.
func (q *query) At(t *eval.Thread, ts time.Time, body func() (eval.Value, error)) (eval.Value, error) {
	if ts.Before(t.Now()) {
		q.atPast++
		defer func() { q.atPast-- }()
	}
	return body()
}
