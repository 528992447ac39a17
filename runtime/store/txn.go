package store

import (
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"
	"unsafe"

	"github.com/tidwall/btree"
)

// Txn is a transaction: a snapshot to read, a buffer of writes and the set
// of keys and ranges it read. It is not safe for concurrent use.
type Txn struct {
	db      *DB
	st      *state
	pending *writeSet  // own writes, from the first write
	reads   []string   // point reads of the snapshot
	ranges  []keyRange // ranges scanned in the snapshot
	err     error      // the first failed write; Commit returns it
	sc      *scanner   // Scan's iterators, reused

	readonly    bool // View
	wantedWrite bool // a write was refused because the txn is read-only
	managed     bool // Update or View commits or discards it
	done        bool
}

// op is one buffered write. A put's kv is the memory its entry will
// share (one allocation per entry): a header that the commit fills in
// with its version and time, a copy of the key, then the value.
type op struct {
	key string
	kv  []byte // header, key, value; nil for a delete
	del bool
}

// kvHeader is the size of the header of an op's kv: the version and the
// commit time (little-endian u64 and i64) of the commit that applies it.
const kvHeader = 16

// newPut copies key and value into one allocation.
func newPut(key string, value []byte) op {
	kv := newKV(len(key), value)
	copy(kv[kvHeader:], key)
	return op{key: key, kv: kv}
}

// copyPut is newPut for a key that is not a string yet: the op's key shares
// kv's memory.
func copyPut(key, value []byte) op {
	kv := newKV(len(key), value)
	copy(kv[kvHeader:], key)
	return op{key: unsafe.String(unsafe.SliceData(kv[kvHeader:cap(kv)]), len(key)), kv: kv} // the key bytes are never modified
}

// newKV allocates a kv for a key of klen bytes and copies value into it.
// Its capacity exceeds kvHeader even for an empty key and value, so that a
// pointer to the key stays inside the allocation.
func newKV(klen int, value []byte) []byte {
	n := kvHeader + klen + len(value)
	kv := make([]byte, n, max(n, kvHeader+1))
	copy(kv[kvHeader+klen:], value)
	return kv
}

// val is the value of a put (nil when empty or a delete).
func (o *op) val() []byte {
	n := kvHeader + len(o.key)
	if len(o.kv) <= n {
		return nil
	}
	return o.kv[n:len(o.kv):len(o.kv)]
}

// size is the op's encoded size in a log record.
func (o *op) size() int {
	n := 1 + uvarintLen(uint64(len(o.key))) + len(o.key)
	if !o.del {
		vl := len(o.kv) - kvHeader - len(o.key)
		n += uvarintLen(uint64(vl)) + vl
	}
	return n
}

// keyRange is [lo, hi), or [lo, ∞) when inf.
type keyRange struct {
	lo, hi string
	inf    bool
}

// ReadVersion is the version of the transaction's snapshot.
func (tx *Txn) ReadVersion() uint64 { return tx.st.version }

// ReadTime is the commit time of the transaction's snapshot (zero for an
// empty database).
func (tx *Txn) ReadTime() time.Time {
	if tx.st.version == 0 {
		return time.Time{}
	}
	return microTime(tx.st.ts)
}

// Get returns the value of key: the transaction's own write if it has one,
// else the snapshot's.
func (tx *Txn) Get(key string) (Item, bool) {
	if tx.pending != nil {
		if o, ok := tx.pending.get(key); ok {
			if o.del {
				return Item{}, false
			}
			return Item{Value: o.val()}, true
		}
	}
	if !tx.readonly {
		tx.reads = append(tx.reads, key)
	}
	t, plen := tx.st.tree(key)
	if t == nil {
		return Item{}, false
	}
	e, ok := t.Get(probe(key, plen))
	if !ok {
		return Item{}, false
	}
	return e.item(), true
}

// Track records key as read without looking it up, for callers that know
// its value at the transaction's snapshot from a cache keyed by
// ReadVersion: a later commit that changes key still conflicts with tx.
func (tx *Txn) Track(key string) {
	if !tx.readonly {
		tx.reads = append(tx.reads, key)
	}
}

// Put buffers a write of value under key. The value is copied. An error
// (too large, or a finished or read-only transaction) also fails Commit.
func (tx *Txn) Put(key string, value []byte) error {
	if err := tx.checkPut(len(key), len(value)); err != nil {
		return err
	}
	return tx.set(newPut(key, value))
}

func (tx *Txn) checkPut(klen, vlen int) error {
	if err := tx.writable(); err != nil {
		return err
	}
	if klen > MaxKeySize {
		return tx.setErr(fmt.Errorf("%w: %d bytes (max %d)", ErrKeyTooLarge, klen, MaxKeySize))
	}
	if vlen > MaxValueSize {
		return tx.setErr(fmt.Errorf("%w: %d bytes (max %d)", ErrValueTooLarge, vlen, MaxValueSize))
	}
	return nil
}

// PutBytes is Put for a key held in a byte slice, which it copies: the
// key and value share one allocation.
func (tx *Txn) PutBytes(key, value []byte) error {
	if err := tx.checkPut(len(key), len(value)); err != nil {
		return err
	}
	return tx.set(copyPut(key, value))
}

// Delete buffers the removal of key. Deleting a missing key is not an error.
func (tx *Txn) Delete(key string) error {
	if err := tx.writable(); err != nil {
		return err
	}
	if len(key) > MaxKeySize {
		return tx.setErr(fmt.Errorf("%w: %d bytes (max %d)", ErrKeyTooLarge, len(key), MaxKeySize))
	}
	return tx.set(op{key: key, del: true})
}

func (tx *Txn) writable() error {
	switch {
	case tx.done:
		return ErrTxnDone
	case tx.readonly:
		tx.wantedWrite = true
		return ErrReadOnly
	}
	return tx.err
}

// WantedWrite reports whether a read-only transaction (View) was asked to
// write: the caller can run its work again in Update. Read-only
// transactions keep no read set, which makes them cheaper for work that
// turns out not to write.
func (tx *Txn) WantedWrite() bool { return tx.wantedWrite }

func (tx *Txn) setErr(err error) error {
	if tx.err == nil {
		tx.err = err
	}
	return err
}

func (tx *Txn) set(o op) error {
	if tx.pending == nil {
		tx.pending = newWriteSet(tx.db.opts.Partition)
	}
	tx.pending.set(o)
	if n := payloadSize(tx.pending.len(), tx.pending.size); n > MaxTxnSize {
		return tx.setErr(fmt.Errorf("%w: %d bytes (max %d)", ErrTxnTooLarge, n, MaxTxnSize))
	}
	return nil
}

// Scan calls fn for each key in [start, end) in order (descending when
// reverse), merging the transaction's own writes over the snapshot; deleted
// keys are skipped. end == "" means no upper bound (see PrefixEnd). It stops
// when fn returns false; only the part of the range up to that key joins the
// read set, which copies the bounds: start and end may be reused once Scan
// returns. fn must not modify the Item's Value or use tx.
func (tx *Txn) Scan(start, end string, reverse bool, fn func(key string, it Item) bool) {
	bounded := end != ""
	if bounded && start >= end {
		return
	}
	stop, stopped := tx.scan(start, end, bounded, reverse, fn)
	if tx.readonly {
		return
	}
	lo, hi, inf := start, end, !bounded
	if stopped {
		if reverse {
			lo = stop
		} else {
			hi, inf = stop+"\x00", false
		}
	}
	// The read set keeps its own copy of the bounds (one allocation for
	// both): the caller's strings may be views of memory it reuses once
	// Scan returns, and validation runs only at commit.
	both := lo + hi
	tx.ranges = append(tx.ranges, keyRange{lo: both[:len(lo)], hi: both[len(lo):], inf: inf})
}

var scannerPool = sync.Pool{New: func() any { return new(scanner) }}

// scan merges two ordered iterators: the snapshot, across its partitions,
// and own writes. On equal keys the own write wins. It returns the key fn
// stopped at.
func (tx *Txn) scan(start, end string, bounded, reverse bool, fn func(string, Item) bool) (string, bool) {
	sc := tx.sc
	if sc == nil || sc.busy {
		// The first Scan takes a pooled scanner (its iterators' stacks
		// are most of a read's allocation); a Scan inside fn a new one.
		if sc == nil {
			sc = scannerPool.Get().(*scanner)
			tx.sc = sc
		} else {
			sc = new(scanner)
		}
	}
	sc.busy = true
	defer sc.release()
	hasOwn := tx.pending != nil && tx.pending.len() > 0
	if hasOwn {
		sc.own.init(tx.pending)
	}
	var bok, ook bool
	if reverse {
		bok = sc.seekLT(tx.st.parts, end, bounded)
		ook = hasOwn && sc.own.seekLT(end, bounded)
	} else {
		bok = sc.seekGE(tx.st.parts, start)
		ook = hasOwn && sc.own.seekGE(start)
	}
	var e entry
	var ekey string
	var o *op
	for {
		if bok {
			e = sc.it.Item()
			ekey = e.key()
			if reverse {
				bok = ekey >= start
			} else {
				bok = !bounded || ekey < end
			}
		}
		if ook {
			o = sc.own.item()
			if reverse {
				ook = o.key >= start
			} else {
				ook = !bounded || o.key < end
			}
		}
		var key string
		var it Item
		switch {
		case !bok && !ook:
			return "", false
		case ook && (!bok || o.key == ekey || (o.key < ekey) != reverse):
			if bok && ekey == o.key {
				bok = sc.step(reverse)
			}
			ook = sc.own.step(reverse)
			if o.del {
				continue
			}
			key, it = o.key, Item{Value: o.val()}
		default:
			bok = sc.step(reverse)
			key, it = ekey, e.item()
		}
		if !fn(key, it) {
			return key, true
		}
	}
}

// seekLast positions it on the last item below end (or the last item).
func seekLast[T any](it *btree.IterG[T], end T, bounded bool) bool {
	if bounded && it.Seek(end) {
		return it.Prev()
	}
	return it.Last()
}

// PrefixEnd returns the end of the range of keys that start with prefix:
// Scan(prefix, PrefixEnd(prefix), ...) visits exactly those keys. It returns
// "" (no upper bound) when no such end exists.
func PrefixEnd(prefix string) string {
	for i := len(prefix) - 1; i >= 0; i-- {
		if prefix[i] != 0xff {
			return prefix[:i] + string([]byte{prefix[i] + 1})
		}
	}
	return ""
}

// Commit validates the read set against the commits made since the
// snapshot and, if nothing it read has changed, makes the writes durable and
// visible. It returns ErrConflict if validation fails. A transaction without
// writes commits trivially. The transaction is finished either way.
func (tx *Txn) Commit() (CommitInfo, error) {
	if tx.managed {
		return CommitInfo{}, ErrManagedTxn
	}
	return tx.commit()
}

func (tx *Txn) commit() (CommitInfo, error) {
	if tx.done {
		return CommitInfo{}, ErrTxnDone
	}
	defer tx.discard()
	if tx.err != nil {
		return CommitInfo{}, tx.err
	}
	if tx.pending == nil || tx.pending.len() == 0 {
		info := CommitInfo{Version: tx.st.version}
		if tx.st.version > 0 {
			info.Time = microTime(tx.st.ts)
		}
		return info, nil
	}
	return tx.db.commit(tx)
}

// Discard ends the transaction without committing. It is safe to call more
// than once and after Commit.
func (tx *Txn) Discard() {
	if !tx.managed {
		tx.discard()
	}
}

func (tx *Txn) discard() {
	tx.done = true
	if tx.pending != nil {
		tx.pending.release()
		tx.pending = nil
	}
	if tx.sc != nil && !tx.sc.busy {
		scannerPool.Put(tx.sc)
	}
	tx.sc = nil
	tx.reads = nil
	tx.ranges = nil
}

// readSet sorts and deduplicates the reads and merges the ranges, so that
// validation can binary-search them.
func (tx *Txn) readSet() ([]string, []keyRange) {
	reads := tx.reads
	if len(reads) > 1 {
		slices.Sort(reads)
		reads = slices.Compact(reads)
	}
	rs := tx.ranges
	if len(rs) > 1 {
		slices.SortFunc(rs, func(a, b keyRange) int { return strings.Compare(a.lo, b.lo) })
		out := rs[:1]
		for _, r := range rs[1:] {
			last := &out[len(out)-1]
			if last.inf || r.lo <= last.hi {
				if r.inf || (!last.inf && r.hi > last.hi) {
					last.hi, last.inf = r.hi, r.inf
				}
				continue
			}
			out = append(out, r)
		}
		rs = out
	}
	return reads, rs
}
