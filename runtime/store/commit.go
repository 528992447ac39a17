package store

import (
	"os"
	"slices"
	"sort"
	"sync"
	"sync/atomic"
	"unsafe"
)

// History bounds: a transaction whose snapshot is older than the oldest
// commit kept here cannot be validated and fails with ErrConflict (Update
// retries it on a fresh snapshot), like FoundationDB's transaction_too_old.
const (
	maxHistKeys    = 1 << 18
	maxHistCommits = 1 << 16
)

// history keeps the keys written by recent commits, for validation.
type history struct {
	entries []histEntry // ascending versions
	nkeys   int
	floor   uint64 // every commit after floor is in entries
}

type histEntry struct {
	version uint64
	keys    []string // sorted
}

func (h *history) add(v uint64, keys []string) {
	h.entries = append(h.entries, histEntry{v, keys})
	h.nkeys += len(keys)
	for len(h.entries) > 1 && (h.nkeys > maxHistKeys || len(h.entries) > maxHistCommits) {
		h.floor = h.entries[0].version
		h.nkeys -= len(h.entries[0].keys)
		h.entries[0] = histEntry{}
		h.entries = h.entries[1:]
	}
}

// conflicts reports whether a commit after snap wrote a key in reads or in
// one of ranges (both sorted, ranges disjoint).
func (h *history) conflicts(snap uint64, reads []string, ranges []keyRange) bool {
	if len(reads) == 0 && len(ranges) == 0 {
		return false // blind writes never conflict
	}
	if snap < h.floor {
		return true // too old to check
	}
	i := sort.Search(len(h.entries), func(i int) bool { return h.entries[i].version > snap })
	for _, e := range h.entries[i:] {
		if overlaps(e.keys, reads, ranges) {
			return true
		}
	}
	return false
}

// overlaps reports whether a key in keys is in reads or in ranges, walking
// whichever side is smaller and binary-searching the other.
func overlaps(keys, reads []string, ranges []keyRange) bool {
	if len(keys) <= 4*(len(reads)+len(ranges)) {
		for _, k := range keys {
			if _, ok := slices.BinarySearch(reads, k); ok || inRanges(ranges, k) {
				return true
			}
		}
		return false
	}
	for _, r := range reads {
		if _, ok := slices.BinarySearch(keys, r); ok {
			return true
		}
	}
	for _, r := range ranges {
		i, _ := slices.BinarySearch(keys, r.lo)
		if i < len(keys) && (r.inf || keys[i] < r.hi) {
			return true
		}
	}
	return false
}

func inRanges(ranges []keyRange, k string) bool {
	i := sort.Search(len(ranges), func(i int) bool { return ranges[i].lo > k }) - 1
	return i >= 0 && (ranges[i].inf || k < ranges[i].hi)
}

// historyKeys copies the ops' keys into one buffer for the conflict
// history: an op's key may point into its kv, which holds the whole value,
// and the history outlives the entry.
func historyKeys(ops []op) []string {
	n := 0
	for i := range ops {
		n += len(ops[i].key)
	}
	buf := make([]byte, 0, n)
	keys := make([]string, len(ops))
	for i := range ops {
		start := len(buf)
		buf = append(buf, ops[i].key...)
		keys[i] = unsafe.String(unsafe.SliceData(buf[start:]), len(ops[i].key)) // buf is never modified again
	}
	return keys
}

// commit is the commit protocol (see doc.go).
func (db *DB) commit(tx *Txn) (CommitInfo, error) {
	// Work that needs no lock: the sorted write set, its log record, the
	// sorted read set.
	ops := tx.pending.sortedOps()
	keys := historyKeys(ops)
	reads, ranges := tx.readSet()
	runs := db.w.prepare(ops)
	var rec *[]byte
	if db.log != nil {
		rec = encodeRecord(ops, tx.pending.size)
		defer putRecordBuf(rec)
	}

	db.mu.Lock()
	if db.closed {
		db.mu.Unlock()
		return CommitInfo{}, ErrClosed
	}
	if err := db.failed(); err != nil {
		db.mu.Unlock()
		return CommitInfo{}, err
	}
	if tx.st.version < db.version && db.hist.conflicts(tx.st.version, reads, ranges) {
		db.mu.Unlock()
		db.conflicts.Add(1)
		return CommitInfo{}, ErrConflict
	}
	if err := db.w.check(runs); err != nil {
		db.mu.Unlock()
		return CommitInfo{}, err
	}
	v := db.version + 1
	ts := db.clock().UnixMicro()
	if ts <= db.ts {
		ts = db.ts + 1
	}
	if db.log != nil {
		sealRecord(*rec, v, ts)
		if err := db.log.append(db, *rec); err != nil {
			db.mu.Unlock()
			return CommitInfo{}, err
		}
		if !db.opts.NoSync {
			// The fsync runs while the trees are updated.
			db.syn.recorded(db, v)
		}
		db.sinceSnap++
		if n := db.opts.SnapshotEvery; n > 0 && db.sinceSnap >= n && !db.snapQueued {
			db.snapQueued = true
			select {
			case db.snapCh <- struct{}{}:
			default:
			}
		}
	}
	db.w.apply(runs, v, ts)
	db.version, db.ts = v, ts
	db.hist.add(v, keys)
	next := &state{parts: db.w.publish(), part: db.opts.Partition, keys: db.w.keys, version: v, ts: ts}
	durable := db.log != nil && !db.opts.NoSync
	if durable {
		db.syn.written(db, next)
	} else {
		db.cur.Store(next)
	}
	db.mu.Unlock()
	db.commits.Add(1)

	if durable {
		if err := db.syn.wait(db, next); err != nil {
			return CommitInfo{}, err
		}
	}
	return CommitInfo{Version: v, Time: microTime(ts)}, nil
}

// syncer is the group commit. A committer writes its record under the
// commit lock and starts an fsync at once, unless one is running, so that
// the disk works while the committer updates the trees; then it waits
// until an fsync that started after its write has finished (the first
// waiter to find none running starts the next, for everyone written so
// far). A state is published, made visible to new transactions, only once
// its record is durable; each committer publishes its own state before it
// returns, so it reads its own writes.
type syncer struct {
	mu      sync.Mutex
	cond    sync.Cond
	f       *os.File // the segment being appended to; nil after Close
	last    *state   // newest state whose record is written and trees built
	logged  uint64   // newest version whose record is written
	synced  uint64   // every version up to this one is durable
	syncing bool
	retired []*os.File // rotated segments to close once no fsync runs
	err     error
	syncs   atomic.Uint64
}

func newSyncer(f *os.File, synced uint64) *syncer {
	s := &syncer{f: f, synced: synced, logged: synced}
	s.cond.L = &s.mu
	return s
}

// recorded notes that version v's record is in the log and starts an
// fsync in the background unless one is running. Called under db.mu, so
// calls come in version order.
func (s *syncer) recorded(db *DB, v uint64) {
	s.mu.Lock()
	s.logged = v
	start := !s.syncing && s.err == nil && s.f != nil
	if start {
		s.syncing = true
	}
	s.mu.Unlock()
	if start {
		go func() {
			s.mu.Lock()
			s.syncOnce(db)
			s.mu.Unlock()
		}()
	}
}

// written records that next's trees are built. Called under db.mu, after
// recorded, so calls come in version order.
func (s *syncer) written(db *DB, next *state) {
	s.mu.Lock()
	s.last = next
	s.publish(db, next)
	s.mu.Unlock()
}

// publish makes st visible if its record is durable and it is newer than
// the published state. Called with s.mu held.
func (s *syncer) publish(db *DB, st *state) {
	if st != nil && st.version <= s.synced && st.version > db.cur.Load().version {
		db.cur.Store(st)
	}
}

// syncOnce runs one fsync covering every record written so far. Called
// with s.mu held and s.syncing set by the caller; it releases s.mu while
// the disk works.
func (s *syncer) syncOnce(db *DB) {
	f, target := s.f, s.logged
	s.mu.Unlock()
	err := f.Sync()
	s.mu.Lock()
	s.syncing = false
	s.syncs.Add(1)
	if err != nil {
		s.err = err
		db.fail(err)
	} else if target > s.synced {
		s.synced = target
		s.publish(db, s.last)
	}
	for _, r := range s.retired {
		r.Close()
	}
	s.retired = nil
	s.cond.Broadcast()
}

// wait returns once mine, the caller's state, is durable and published
// (or a newer state is).
func (s *syncer) wait(db *DB, mine *state) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	for s.synced < mine.version {
		switch {
		case s.err != nil:
			return s.err
		case s.f == nil:
			return ErrClosed
		case s.syncing:
			s.cond.Wait()
			continue
		}
		s.syncing = true
		s.syncOnce(db)
	}
	s.publish(db, mine)
	return nil
}

// rotate switches appends to f after the old segment has been synced by the
// caller (under db.mu): everything written so far is durable, so it is
// published too.
func (s *syncer) rotate(db *DB, f *os.File) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.syncing {
		s.retired = append(s.retired, s.f)
	} else {
		s.f.Close()
	}
	s.f = f
	s.synced = max(s.synced, s.logged)
	s.publish(db, s.last)
	s.cond.Broadcast()
}

// close syncs what is left and closes the files. Called after db.closed is
// set, so nothing more is written.
func (s *syncer) close(db *DB) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	for s.syncing {
		s.cond.Wait()
	}
	err := s.err
	if err == nil {
		if err = s.f.Sync(); err == nil {
			s.synced = max(s.synced, s.logged)
			s.publish(db, s.last)
		} else {
			s.err = err
		}
	}
	for _, r := range s.retired {
		r.Close()
	}
	s.retired = nil
	s.f = nil // the wal closes it
	s.cond.Broadcast()
	return err
}
