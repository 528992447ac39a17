package runtime

import (
	"github.com/fqlite/fqlite/eval"
	"github.com/fqlite/fqlite/runtime/store"
)

// Storage sets read a key range of the store lazily, in batches, through
// the transaction of the query that iterates them: a set made in one query
// and continued from a cursor in another reads the later query's snapshot.
// Iteration reads a batch of keys, then yields it outside the store scan,
// so the callback may write (forEach) without disturbing the scan.

const scanBatch = 64

// rangeScan yields the keys and items of [lo, hi) in batches, forwards or
// backwards, until fn returns false or an error.
func rangeScan(tx *store.Txn, lo, hi string, reverse bool, fn func(key string, it store.Item) (bool, error)) error {
	return rangeScanFrom(tx, lo, hi, reverse, 2, fn)
}

// rangeScanFrom is rangeScan with a first batch of firstBatch (1 or 2)
// keys: many scans stop at the first element (unique lookups), and
// first() wants exactly one, so reading a second would cost a cache miss
// on an entry nobody looks at.
func rangeScanFrom(tx *store.Txn, lo, hi string, reverse bool, firstBatch int, fn func(key string, it store.Item) (bool, error)) error {
	type kv struct {
		k  string
		it store.Item
	}
	var first [2]kv
	batch := first[:0]
	size := min(max(firstBatch, 1), len(first))
	for {
		batch = batch[:0]
		tx.Scan(lo, hi, reverse, func(k string, it store.Item) bool {
			batch = append(batch, kv{k, it})
			return len(batch) < size
		})
		for _, e := range batch {
			more, err := fn(e.k, e.it)
			if err != nil || !more {
				return err
			}
		}
		if len(batch) < size {
			return nil
		}
		last := batch[len(batch)-1].k
		if size < scanBatch {
			size = scanBatch
			batch = make([]kv, 0, size)
		}
		if reverse {
			hi = last
		} else {
			lo = last + "\x00"
		}
	}
}

// collSet is `Coll.all()`: every document of a collection in id order,
// optionally between two ids (inclusive).
type collSet struct {
	c       *collection
	lo, hi  string
	reverse bool
}

var (
	_ eval.Set           = (*collSet)(nil)
	_ eval.ReversibleSet = (*collSet)(nil)
	_ eval.ReversibleSet = (*indexSet)(nil)
	_ eval.Set           = (*indexSet)(nil)
)

func newCollSet(c *collection) *collSet {
	p := docPrefix(c.id)
	return &collSet{c: c, lo: p, hi: store.PrefixEnd(p)}
}

func (*collSet) Type() *eval.Type { return eval.SetType }
func (*collSet) PageSize() int    { return eval.DefaultPageSize }

func (s *collSet) Reverse() eval.Set {
	r := *s
	r.reverse = !s.reverse
	return &r
}

func (s *collSet) Each(t *eval.Thread, yield func(eval.Value) (bool, error)) error {
	return s.each(t, 2, yield)
}

func (s *collSet) each(t *eval.Thread, firstBatch int, yield func(eval.Value) (bool, error)) error {
	q := queryOf(t)
	if q == nil {
		return nil
	}
	return rangeScanFrom(q.tx, s.lo, s.hi, s.reverse, firstBatch, func(k string, it store.Item) (bool, error) {
		if err := t.Tick(); err != nil {
			return false, err
		}
		cell := q.newScannedDoc(s.c, docIDFromKey(k))
		d := &cell.d
		st, err := q.docFromScan(d, it, &cell.st)
		if err != nil {
			return false, err
		}
		if !st.exists || !q.canReadDoc(d, st) {
			// Sets skip what the caller may not read (§5.5).
			return true, nil
		}
		return yield(q.docWithState(d, st))
	})
}

// docFromScan decodes a scanned document record, preferring the query's
// own cached state.
func (q *query) docFromScan(d *Doc, it store.Item, into *docState) (*docState, error) {
	if len(q.docs) > 0 {
		// The query's own view of the document (written or read before)
		// wins over the index entry's copy.
		if st, ok := q.docs[docKeyT{d.c.id, d.id, d.name}]; ok {
			return st, nil
		}
	}
	q.reads++
	return q.decodeStateInto(into, d.c, it)
}

// scannedDoc is a document read from an index entry and its state, in one
// allocation.
type scannedDoc struct {
	d  Doc
	st docState
}

// indexSet is `Coll.byX(terms...)`: the documents of one term tuple, in
// the index's order, optionally restricted to a range of values.
type indexSet struct {
	c       *collection
	idx     *indexDef
	lo, hi  string
	reverse bool
}

// indexSetCell is an index set with room for its bounds, which refer into
// it.
type indexSetCell struct {
	s      indexSet
	bounds [80]byte
}

func (*indexSet) Type() *eval.Type { return eval.SetType }
func (*indexSet) PageSize() int    { return eval.DefaultPageSize }

func (s *indexSet) Reverse() eval.Set {
	r := *s
	r.reverse = !s.reverse
	return &r
}

func (s *indexSet) Each(t *eval.Thread, yield func(eval.Value) (bool, error)) error {
	return s.each(t, 2, yield)
}

func (s *indexSet) each(t *eval.Thread, firstBatch int, yield func(eval.Value) (bool, error)) error {
	q := queryOf(t)
	if q == nil {
		return nil
	}
	return rangeScanFrom(q.tx, s.lo, s.hi, s.reverse, firstBatch, func(k string, it store.Item) (bool, error) {
		if err := t.Tick(); err != nil {
			return false, err
		}
		// An mva value gives a document one entry per element, and the
		// set one element per entry, as in Fauna.
		id := readI64([]byte(k[len(k)-8:]))
		cell := q.newScannedDoc(s.c, id)
		d := &cell.d
		var st *docState
		var err error
		if len(it.Value) > 0 {
			// The entry holds a copy of the document's record.
			st, err = q.docFromScan(d, it, &cell.st)
		} else {
			st, err = q.load(d)
		}
		if err != nil {
			return false, err
		}
		if !st.exists {
			return true, nil
		}
		d = q.docWithState(d, st)
		if !q.canReadDoc(d, st) {
			return true, nil
		}
		return yield(d)
	})
}

// First reads the first document of the index set.
func (s *indexSet) First(t *eval.Thread) (eval.Value, bool, error) {
	var first eval.Value
	err := s.each(t, 1, func(v eval.Value) (bool, error) {
		first = v
		return false, nil
	})
	return first, first != nil, err
}

// First reads the first document of the collection.
func (s *collSet) First(t *eval.Thread) (eval.Value, bool, error) {
	var first eval.Value
	err := s.each(t, 1, func(v eval.Value) (bool, error) {
		first = v
		return false, nil
	})
	return first, first != nil, err
}
