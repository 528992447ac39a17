// Package runtime is the fqlite database: documents, collections, indexes,
// constraints, sets and user-defined functions over the transactional store
// in runtime/store, evaluated by the language core in eval and stdlib.
//
// Every query is one strictly serializable transaction: it reads a snapshot,
// buffers its writes, and commits only if nothing it read changed since; on
// a conflict the whole query runs again (a bounded number of times).
package runtime

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/fqlite/fqlite/eval"
	"github.com/fqlite/fqlite/lang"
	"github.com/fqlite/fqlite/runtime/store"
	_ "github.com/fqlite/fqlite/stdlib" // the standard library registers itself
)

// Options configure Open.
type Options struct {
	// Dir is the data directory; "" keeps the database in memory.
	Dir string
	// NoSync acknowledges commits before they reach the disk (they still
	// survive a crash of the process, not of the machine).
	NoSync bool
	// Clock is the time source for transaction times; nil is time.Now.
	Clock func() time.Time
	// MaxAttempts bounds how often a query runs when it conflicts with
	// concurrent commits (0: DefaultMaxAttempts).
	MaxAttempts int
	// SnapshotEvery is passed to the store (log records between snapshots).
	SnapshotEvery int
	// DeterministicIDs makes generated document ids count up from a fixed
	// base (tests and golden files).
	DeterministicIDs bool
	// RootSecret is the database's admin secret (Fauna's root key), for
	// callers that authenticate with QueryOptions.Secret. "" means only
	// keys and tokens authenticate.
	RootSecret string
	// PasswordCost is the bcrypt cost of credential passwords (0: 10).
	PasswordCost int
	// KeySets are the JSON Web Key Sets access providers sign their JWTs
	// with, by jwks_uri: fqlite fetches nothing (DB.SetKeySet adds more).
	KeySets map[string][]byte
}

// DefaultMaxAttempts is how often a conflicting query is tried in all.
const DefaultMaxAttempts = 20

// DB is an open database.
type DB struct {
	st    *store.DB
	opts  Options
	clock func() time.Time
	progs *eval.Cache

	catMu sync.Mutex
	cat   atomic.Pointer[catalog] // the latest catalog built

	// ids is shared with child databases, so a secret's id names one
	// key or token in the whole tree.
	ids *idSource
	// jwt holds the access providers' key sets and verified JWTs, shared
	// with child databases.
	jwt *jwtState

	// auth caches verified secrets (see authEntry); rootHash is the hash
	// of Options.RootSecret (nil without one).
	auth     sync.Map
	rootHash []byte
	// writers remembers the compiled queries that wrote, which run
	// read-write from the start.
	writers sync.Map

	queries   atomic.Uint64
	conflicts atomic.Uint64

	// parent is the database this child database belongs to (nil for the
	// root); children are the child databases opened so far, by id.
	parent   *DB
	children sync.Map
	childMu  sync.Mutex
}

// Open opens (or creates) a database.
func Open(opts Options) (*DB, error) {
	clock := opts.Clock
	if clock == nil {
		clock = time.Now
	}
	st, err := store.Open(store.Options{Dir: opts.Dir, NoSync: opts.NoSync, Clock: clock, SnapshotEvery: opts.SnapshotEvery, Partition: partitionLen})
	if err != nil {
		return nil, err
	}
	db := &DB{st: st, opts: opts, clock: clock, progs: eval.NewCache(4096), ids: new(idSource), jwt: new(jwtState)}
	db.ids.init(opts.DeterministicIDs, clock())
	if opts.RootSecret != "" {
		db.rootHash = secretHash(opts.RootSecret)
	}
	for uri, doc := range opts.KeySets {
		if err := db.SetKeySet(uri, doc); err != nil {
			st.Close()
			return nil, err
		}
	}
	if opts.Dir != "" {
		db.dropDeletedChildren()
	}
	return db, nil
}

// Close flushes and closes the database and its child databases.
func (db *DB) Close() error {
	var first error
	db.children.Range(func(_, c any) bool {
		if err := c.(*DB).Close(); err != nil && first == nil {
			first = err
		}
		return true
	})
	if err := db.st.Close(); err != nil && first == nil {
		first = err
	}
	return first
}

// Dir is the database's data directory ("" for a database in memory).
func (db *DB) Dir() string { return db.opts.Dir }

// Store exposes the underlying key-value store (statistics, snapshots).
func (db *DB) Store() *store.DB { return db.st }

// QueryOptions are per-query settings.
type QueryOptions struct {
	// Args are bound as variables of the query (the driver's arguments).
	Args map[string]eval.Value
	// Timeout bounds the evaluation (0: no limit beyond ctx).
	Timeout time.Duration
	// MaxAttempts overrides Options.MaxAttempts for this query.
	MaxAttempts int
	// Typecheck is accepted for protocol compatibility; fqlite evaluates
	// without a static checker (spec/fql.md §6.5).
	Typecheck bool
	// Secret authenticates the caller: the root secret, a key's or a
	// token's secret (spec/fsl-auth.md §3). "" runs the query as the
	// embedding program, with admin rights. A refused secret fails with
	// code `unauthorized` before the query runs.
	Secret string
	// Timed fills Stats.Duration (reading the clock costs a little on
	// some machines, so it is only done on request).
	Timed bool

	// preset authenticates a query a parent database sent here.
	preset *redirect
}

// Stats describe what a query did.
type Stats struct {
	ReadOps    int
	WriteOps   int
	ComputeOps int
	Retries    int
	Duration   time.Duration
}

// Result is the outcome of a successful query.
type Result struct {
	// Value is the result, materialised for output (documents read, sets
	// paginated). Render it with eval.RenderFQL or eval.EncodeTagged using
	// TxnTime.
	Value eval.Value
	// TxnTime is the commit time of a writing query, or the snapshot time
	// of a read-only one.
	TxnTime time.Time
	// Logs are the lines log() and dbg() emitted.
	Logs []eval.LogLine
	// SchemaVersion identifies the schema the query ran against.
	SchemaVersion uint64
	Stats         Stats

	db *DB // the database the query ran in
}

// Database is the database the query ran in: the one queried, or the
// child database its secret belongs to.
func (r *Result) Database() *DB { return r.db }

// Query runs one FQL query as a transaction. Query errors are *eval.Error
// values carrying Fauna's code, message and summary.
func (db *DB) Query(ctx context.Context, text string, o *QueryOptions) (*Result, error) {
	if o == nil {
		o = &QueryOptions{}
	}
	var start time.Time
	if o.Timed {
		start = time.Now()
	}
	var valueBuf [4]eval.Value
	prog, values, err := db.progs.CompileArgs(text, o.Args, valueBuf[:0])
	if err != nil {
		// A refused secret is reported before the query is looked at.
		if o.Secret != "" {
			if aerr := db.checkSecret(ctx, o.Secret); aerr != nil {
				return nil, aerr
			}
		}
		return nil, err
	}
	if o.Timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, o.Timeout)
		defer cancel()
	}
	attempts := o.MaxAttempts
	if attempts <= 0 {
		attempts = db.opts.MaxAttempts
	}
	if attempts <= 0 {
		attempts = DefaultMaxAttempts
	}
	db.queries.Add(1)
	var res Result
	var qerr error
	var redir *redirect
	dropped := false
	run := func(tx *store.Txn) error {
		q, err := db.begin(ctx, tx)
		if err != nil {
			return err
		}
		defer q.release()
		dropped = false
		var aerr error
		if o.preset != nil && o.preset.secret == "" {
			aerr = q.presetPrincipal(o.preset)
		} else {
			aerr = q.authenticate(o.Secret)
		}
		if errors.Is(aerr, errRedirect) {
			redir = q.redirect
			return errRedirect
		}
		if aerr != nil {
			qerr = aerr
			return errQueryFailed
		}
		v, err := eval.Run(q.t, prog, values...)
		if err == nil {
			err = q.finish()
		}
		// A failed query's error may hold its values (abort's): only a
		// successful one's arena is reused.
		q.arenaReusable = err == nil
		dropped = q.databaseDropped
		if err == nil && ctx.Err() != nil {
			// Out of time before the commit: nothing is written.
			err = eval.ErrTimeout()
		}
		canLog := q.principal.perms.canLog()
		logs := q.t.Logs
		if !canLog {
			// Without log rights only the query's own lines are shown;
			// lines from inside UDFs are dropped (FQL2LoggingSpec).
			var own []eval.LogLine
			for _, l := range logs {
				if l.At.Src != nil && l.At.Src.Name == lang.QuerySourceName {
					own = append(own, l)
				}
			}
			logs = own
		}
		stats := Stats{ReadOps: q.reads, WriteOps: q.writes, ComputeOps: 1 + int(q.t.Ticks()/1000)}
		if err != nil {
			// A query error rolls the transaction back; it is not retried.
			if e, ok := err.(*eval.Error); ok && !canLog {
				// Callers without log rights see no UDF frames (§5.6).
				e.StripFrames()
			}
			qerr = err
			// A failed query still reports its logs and costs.
			res = Result{Logs: logs, SchemaVersion: q.cat.version, Stats: stats, db: db}
			return errQueryFailed
		}
		res = Result{Value: v, Logs: logs, SchemaVersion: q.cat.version, Stats: stats, db: db}
		return nil
	}
	// Most queries only read: run them first in a read-only transaction,
	// which keeps no read set and needs no validation. A query that
	// writes is stopped at its first write and runs again in a
	// read-write transaction.
	var info store.CommitInfo
	wantsWrite := false
	if _, writes := db.writers.Load(prog); writes {
		// This query wrote before: skip the read-only attempt (it would
		// stop at the first write and redo the work before it).
		wantsWrite = true
		err = nil
	} else {
		err = db.st.View(func(tx *store.Txn) error {
			err := run(tx)
			if tx.WantedWrite() {
				wantsWrite = true
				return errNeedsWrite
			}
			if err != nil {
				return err
			}
			info = store.CommitInfo{Version: tx.ReadVersion(), Time: tx.ReadTime()}
			return nil
		})
		if wantsWrite {
			db.writers.Store(prog, struct{}{})
		}
	}
	if wantsWrite {
		res, qerr = Result{}, nil
		info, err = db.st.Update(ctx, attempts, run)
	}
	if errors.Is(err, errRedirect) && redir != nil {
		// The secret belongs to (or is scoped to) a child database.
		child := *o
		child.Secret, child.preset = redir.secret, redir
		return redir.db.Query(ctx, text, &child)
	}
	if errors.Is(err, errQueryFailed) {
		return &res, qerr
	}
	if err != nil {
		if errors.Is(err, store.ErrConflict) {
			db.conflicts.Add(1)
			return nil, eval.NewError(eval.CodeContendedTransaction, "Transaction was aborted due to detection of concurrent modification.")
		}
		if errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled) {
			return nil, eval.ErrTimeout()
		}
		return nil, fmt.Errorf("fqlite: %w", err)
	}
	if dropped {
		db.dropDeletedChildren()
	}
	res.TxnTime = info.Time
	if res.TxnTime.IsZero() {
		res.TxnTime = db.clock().UTC()
	}
	res.Stats.Retries = info.Retries
	if o.Timed {
		res.Stats.Duration = time.Since(start)
	}
	return &res, nil
}

var (
	errQueryFailed = errors.New("query failed")
	errNeedsWrite  = errors.New("query writes")
)

// checkSecret authenticates a secret without running a query.
func (db *DB) checkSecret(ctx context.Context, secret string) error {
	var aerr error
	err := db.st.View(func(tx *store.Txn) error {
		q, err := db.begin(ctx, tx)
		if err != nil {
			return err
		}
		defer q.release()
		aerr = q.authenticate(secret)
		if errors.Is(aerr, errRedirect) {
			aerr = nil
		}
		return nil
	})
	if err != nil {
		return err
	}
	return aerr
}
