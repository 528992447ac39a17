package store

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"runtime"
	"sync"
	"sync/atomic"
	"time"
)

// DefaultSnapshotEvery is the number of log records between background
// snapshots when Options.SnapshotEvery is 0.
const DefaultSnapshotEvery = 10000

// DefaultMaxAttempts is the number of attempts Update makes when given 0.
const DefaultMaxAttempts = 10

// Options configure Open.
type Options struct {
	// Dir is the data directory; "" keeps everything in memory.
	Dir string
	// NoSync skips the fsync before a commit is acknowledged: a commit is
	// still written to the log with one write, so it survives a crash of
	// the process but not of the machine.
	NoSync bool
	// SnapshotEvery is the number of log records between background
	// snapshots: 0 means DefaultSnapshotEvery, a negative number turns
	// background snapshots off (Snapshot still works).
	SnapshotEvery int
	// Clock supplies commit times; nil means time.Now. Commit times are
	// truncated to microseconds and forced to increase strictly.
	Clock func() time.Time
	// Partition splits the keyspace into partitions: it returns the length
	// of key's partition prefix (clamped to [0, len(key)]); nil puts every
	// key in one partition. The keys that share a prefix live in one btree,
	// which keeps the trees small and lets most comparisons stop at the
	// inline hints of the key bytes after the prefix (see the package
	// documentation).
	//
	// The contract: Partition must be consistent with key order. For a
	// partition prefix P, the keys in P's partition are exactly the keys
	// that start with P, so no partition prefix is ever a prefix of
	// another's: e.g. "d" + 8 bytes and "i" + 12 bytes for keys at least
	// that long, never a bare "d" for a short key beside them. A commit that
	// would create a partition whose prefix is a prefix of an existing (or
	// another new) partition's prefix, or the other way round, fails with an
	// error and writes nothing; Open fails the same way if the data on disk
	// breaks the contract under the given function. The function must be
	// deterministic and cheap (it runs on every Get, Put and Delete, and
	// Scan bounds need not be keys of any partition). The files store whole
	// keys, so it may change from one Open to the next.
	Partition func(key string) int
}

// Item is a stored value with the version and time of the commit that wrote
// it. Value must not be modified. A write the transaction has not committed
// yet reads with Version 0 and a zero Time.
type Item struct {
	Value   []byte
	Version uint64
	Time    time.Time
}

// CommitInfo describes a commit.
type CommitInfo struct {
	// Version is the commit's sequence number; a read-only transaction
	// reports the version of its snapshot.
	Version uint64
	// Time is the commit time (microsecond precision, UTC).
	Time time.Time
	// Retries is the number of conflicts Update retried before this result
	// (always 0 from Txn.Commit).
	Retries int
}

// SnapshotInfo describes the latest snapshot.
type SnapshotInfo struct {
	Version  uint64        // the last commit the snapshot contains
	At       time.Time     // when it finished (wall clock)
	Bytes    int64         // file size
	Duration time.Duration // time spent writing it
	Err      error         // the last failed attempt, if any since
}

// Stats are counters since Open.
type Stats struct {
	Version      uint64    // latest visible commit
	Time         time.Time // its commit time
	Keys         int       // keys in the latest visible state
	Commits      uint64    // commits with writes
	Conflicts    uint64    // commits rejected with ErrConflict
	Retries      uint64    // retries made by Update
	Syncs        uint64    // log fsyncs (fewer than Commits under group commit)
	LogBytes     int64     // bytes in live log segments
	LogRecords   int       // log records since the last snapshot
	Snapshots    uint64    // snapshots written since Open
	LastSnapshot SnapshotInfo
}

func microTime(us int64) time.Time { return time.UnixMicro(us).UTC() }

// state is one published, immutable version of the database. Its
// directory and trees are never modified; readers share them without locks.
type state struct {
	parts   *directory
	part    func(string) int
	keys    int
	version uint64
	ts      int64
}

// tree returns the tree of key's partition and its prefix length, or nil.
func (st *state) tree(key string) (*ptree, int) {
	n := partLen(st.part, key)
	return lookup(st.parts, key[:n]), n
}

// DB is an ordered key-value store with serializable optimistic
// transactions. See the package documentation for the commit protocol.
type DB struct {
	opts  Options
	clock func() time.Time
	cur   atomic.Pointer[state] // the latest durable commit, what Begin sees

	// mu is the commit lock. It orders validation, the log write and the
	// update of w.
	mu          sync.Mutex
	w           *writer // the writer's partitions; publish()ed to readers
	version     uint64  // last commit written (maybe not yet synced)
	ts          int64
	hist        history
	closed      bool
	sinceSnap   int    // log records since the last snapshot's rotation
	snapQueued  bool   // a background snapshot has been requested
	snapVersion uint64 // version of the latest snapshot on disk

	log *wal    // nil in memory
	syn *syncer // nil in memory

	failure atomic.Pointer[error] // set when the log can no longer be trusted

	snapMu   sync.Mutex // serialises snapshots
	snapCh   chan struct{}
	quit     chan struct{}
	wg       sync.WaitGroup
	lockFile *os.File

	commits, conflicts, retries, snapshots atomic.Uint64
	infoMu                                 sync.Mutex
	lastSnap                               SnapshotInfo
}

// Open opens (or creates) a database. With a Dir it takes the directory's
// lock, loads the latest snapshot, replays the log and truncates a torn tail.
func Open(opts Options) (*DB, error) {
	db := &DB{opts: opts, clock: opts.Clock, quit: make(chan struct{})}
	if db.clock == nil {
		db.clock = time.Now
	}
	if db.opts.SnapshotEvery == 0 {
		db.opts.SnapshotEvery = DefaultSnapshotEvery
	}
	if opts.Dir == "" {
		db.w = newWriter(opts.Partition)
		db.cur.Store(&state{parts: db.w.publish(), part: opts.Partition})
		return db, nil
	}
	if err := db.recover(); err != nil {
		return nil, err
	}
	if db.opts.SnapshotEvery > 0 {
		db.snapCh = make(chan struct{}, 1)
		db.wg.Add(1)
		go db.snapshotLoop()
	}
	return db, nil
}

// Close waits for commits in flight, syncs the log and releases the data
// directory. Transactions begun before still read their snapshots; their
// commits fail with ErrClosed.
func (db *DB) Close() error {
	db.mu.Lock()
	if db.closed {
		db.mu.Unlock()
		return ErrClosed
	}
	db.closed = true
	db.mu.Unlock()
	if db.log == nil {
		return nil
	}
	close(db.quit)
	db.wg.Wait()
	db.snapMu.Lock()
	defer db.snapMu.Unlock()
	err := db.syn.close(db)
	if err2 := db.log.close(); err == nil {
		err = err2
	}
	unlockDir(db.lockFile)
	return err
}

func (db *DB) fail(err error) {
	db.failure.CompareAndSwap(nil, &err)
}

func (db *DB) failed() error {
	if p := db.failure.Load(); p != nil {
		return fmt.Errorf("store: log failed, reopen the database: %w", *p)
	}
	return nil
}

// Begin starts a transaction on a snapshot of the latest committed state.
// It costs one atomic load: published trees are never modified. A Txn is
// for one goroutine.
func (db *DB) Begin() *Txn {
	return &Txn{db: db, st: db.cur.Load()}
}

// View runs fn in a read-only transaction.
func (db *DB) View(fn func(*Txn) error) error {
	// Read-only transactions are pooled: fn may not keep tx.
	tx := viewPool.Get().(*Txn)
	*tx = Txn{db: db, st: db.cur.Load(), readonly: true, managed: true}
	defer func() {
		tx.discard()
		*tx = Txn{}
		viewPool.Put(tx)
	}()
	return fn(tx)
}

var viewPool = sync.Pool{New: func() any { return new(Txn) }}

// Update runs fn in a transaction and commits it if fn returns nil. On
// ErrConflict it runs fn again on a fresh snapshot, up to maxAttempts times
// in all (0 means DefaultMaxAttempts), backing off a little between
// attempts. fn must not keep anything from a failed attempt. The returned
// CommitInfo counts the retries.
func (db *DB) Update(ctx context.Context, maxAttempts int, fn func(*Txn) error) (CommitInfo, error) {
	if maxAttempts <= 0 {
		maxAttempts = DefaultMaxAttempts
	}
	for attempt := 0; ; attempt++ {
		if ctx != nil {
			if err := ctx.Err(); err != nil {
				return CommitInfo{Retries: attempt}, err
			}
		}
		info, err := db.attempt(fn)
		info.Retries = attempt
		if err == nil || !errors.Is(err, ErrConflict) {
			return info, err
		}
		if attempt+1 >= maxAttempts {
			return info, fmt.Errorf("%w (gave up after %d attempts)", err, maxAttempts)
		}
		db.retries.Add(1)
		if err := backoff(ctx, attempt); err != nil {
			return info, err
		}
	}
}

func (db *DB) attempt(fn func(*Txn) error) (CommitInfo, error) {
	tx := &Txn{db: db, st: db.cur.Load(), managed: true}
	defer tx.discard()
	if err := fn(tx); err != nil {
		return CommitInfo{}, err
	}
	return tx.commit()
}

// backoff sleeps a random time that grows with the attempt, so that
// transactions contending for the same keys spread out.
func backoff(ctx context.Context, attempt int) error {
	if attempt == 0 {
		runtime.Gosched()
		return nil
	}
	limit := 20 * time.Microsecond << min(attempt, 8)
	d := time.Duration(rand.Int64N(int64(limit))) + time.Microsecond
	if ctx == nil || ctx.Done() == nil {
		time.Sleep(d)
		return nil
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Stats returns counters and sizes.
func (db *DB) Stats() Stats {
	st := db.cur.Load()
	s := Stats{
		Version:   st.version,
		Keys:      st.keys,
		Commits:   db.commits.Load(),
		Conflicts: db.conflicts.Load(),
		Retries:   db.retries.Load(),
		Snapshots: db.snapshots.Load(),
	}
	if st.version > 0 {
		s.Time = microTime(st.ts)
	}
	if db.log != nil {
		s.LogBytes = db.log.bytes.Load()
		s.Syncs = db.syn.syncs.Load()
		db.mu.Lock()
		s.LogRecords = db.sinceSnap
		db.mu.Unlock()
	}
	db.infoMu.Lock()
	s.LastSnapshot = db.lastSnap
	db.infoMu.Unlock()
	return s
}
