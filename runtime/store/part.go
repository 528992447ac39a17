package store

import (
	"encoding/binary"
	"fmt"
	"slices"
	"strings"
	"sync"
	"unsafe"

	"github.com/tidwall/btree"
)

// Partitions (see Options.Partition and doc.go). The keys that share a
// partition prefix live in one btree; a directory btree, ordered by prefix,
// holds the trees. Both are copy-on-write: a commit Copies only the trees it
// changed and the directory, so publishing costs O(changed partitions).

// entry is an item of a partition's btree: a key with its value and the
// commit that wrote it. Its memory is one allocation (the kv of the op
// that wrote it, never modified once published): the commit's version and
// time, the key, the value. So the GC has one object and one pointer per
// entry to mark, and entries are small: 32 bytes in the tree's nodes. The
// hints are the key's suffix (the key after the partition prefix), its
// first 16 bytes as two big-endian numbers, zero-padded: most comparisons
// end on them without touching the key bytes.
type entry struct {
	// Four scalar fields, so that the tree's comparisons get both entries
	// in registers: Go's register ABI passes no array longer than one,
	// and no more than nine integer words.
	h0, h1 uint64 // the hints
	p      *byte  // the key, kvHeader bytes into the kv
	lens   uint64 // the whole key's length (partition prefix included) in the low 32 bits, the value's above
}

func (e *entry) klen() int { return int(uint32(e.lens)) }
func (e *entry) vlen() int { return int(e.lens >> 32) }

func lens(klen, vlen int) uint64 { return uint64(uint32(klen)) | uint64(vlen)<<32 }

const hintLen = 16

func (e *entry) at(off int) *byte { return (*byte)(unsafe.Add(unsafe.Pointer(e.p), off)) }

// key returns the entry's whole key. It shares the entry's memory, which
// is never modified, so it may be kept.
func (e *entry) key() string { return unsafe.String(e.p, e.klen()) }

// value returns the entry's value (nil when empty), a view of memory that
// must not be modified.
func (e *entry) value() []byte {
	if e.vlen() == 0 {
		return nil
	}
	return unsafe.Slice(e.at(e.klen()), e.vlen())
}

func (e *entry) header() []byte { return unsafe.Slice(e.at(-kvHeader), kvHeader) }

func (e *entry) version() uint64 { return binary.LittleEndian.Uint64(e.header()) }

func (e *entry) time() int64 { return int64(binary.LittleEndian.Uint64(e.header()[8:])) }

func (e *entry) item() Item {
	h := e.header()
	return Item{Value: e.value(), Version: binary.LittleEndian.Uint64(h), Time: microTime(int64(binary.LittleEndian.Uint64(h[8:])))}
}

// newEntry makes the entry of put o in a partition whose prefix is plen
// bytes long.
func newEntry(o *op, plen int) entry {
	h0, h1 := hints(o.key[plen:])
	return entry{
		h0:   h0,
		h1:   h1,
		p:    (*byte)(unsafe.Add(unsafe.Pointer(unsafe.SliceData(o.kv)), kvHeader)), // cap(o.kv) > kvHeader
		lens: lens(len(o.key), len(o.kv)-kvHeader-len(o.key)),
	}
}

// stamp writes the commit into a new entry's header.
func (e *entry) stamp(v uint64, ts int64) {
	h := e.header()
	binary.LittleEndian.PutUint64(h, v)
	binary.LittleEndian.PutUint64(h[8:], uint64(ts))
}

// probe is an entry to look key up with, in a partition whose prefix is
// plen bytes long (and a prefix of key). It has no header: only the tree's
// order reads it.
func probe(key string, plen int) entry {
	h0, h1 := hints(key[plen:])
	return entry{h0: h0, h1: h1, p: unsafe.StringData(key), lens: lens(len(key), 0)}
}

func hints(s string) (uint64, uint64) {
	if len(s) <= 8 {
		return hintOf(s), 0
	}
	return hintOf(s), hintOf(s[8:])
}

// hintOf is the first 8 bytes of s as a big-endian number, zero-padded.
func hintOf(s string) uint64 {
	if len(s) >= 8 {
		return uint64(s[7]) | uint64(s[6])<<8 | uint64(s[5])<<16 | uint64(s[4])<<24 |
			uint64(s[3])<<32 | uint64(s[2])<<40 | uint64(s[1])<<48 | uint64(s[0])<<56
	}
	var h uint64
	for i := 0; i < len(s); i++ {
		h |= uint64(s[i]) << (56 - 8*i)
	}
	return h
}

// lessIn returns the order of the entries of a partition whose prefix is
// plen bytes long: the order of the keys, found by comparing the suffixes'
// hints, then their lengths when one suffix fits in its hint (equal hints
// then mean that the shorter suffix is a prefix of the longer), then the
// bytes after the hint.
func lessIn(plen int) func(a, b entry) bool {
	skip := plen + hintLen
	return func(a, b entry) bool {
		if a.h0 != b.h0 {
			return a.h0 < b.h0
		}
		if a.h1 != b.h1 {
			return a.h1 < b.h1
		}
		al, bl := a.klen(), b.klen()
		if al <= skip || bl <= skip {
			return al < bl
		}
		return unsafe.String(a.at(skip), al-skip) < unsafe.String(b.at(skip), bl-skip)
	}
}

type ptree = btree.BTreeG[entry]

// partDegree is the partitions' B-tree degree (nodes of up to 255
// entries, 8 KiB). Against the default 32, a lookup among 1M keys
// descends three levels instead of four, and each level costs a pointer
// chase that a binary search within a node does not: point reads and
// seeks got about 30% faster, and bulk loading no slower; at 256 the node
// copies of copy-on-write made loading slower.
const partDegree = 128

func newPartTree(plen int) *ptree {
	return btree.NewBTreeGOptions(lessIn(plen), btree.Options{NoLocks: true, Degree: partDegree})
}

// part is an item of the directory: a partition's prefix and its tree.
type part struct {
	prefix string
	tree   *ptree
}

func lessPart(a, b part) bool { return a.prefix < b.prefix }

type directory = btree.BTreeG[part]

func newDirectory() *directory {
	return btree.NewBTreeGOptions(lessPart, btree.Options{NoLocks: true})
}

// partLen is the length of key's partition prefix.
func partLen(fn func(string) int, key string) int {
	if fn == nil {
		return 0
	}
	return min(max(fn(key), 0), len(key))
}

// lookup returns the tree of the partition with the given prefix.
func lookup(dir *directory, prefix string) *ptree {
	p, ok := dir.Get(part{prefix: prefix})
	if !ok {
		return nil
	}
	return p.tree
}

// writer is the commit side's partitions, guarded by db.mu (or owned by
// recovery). Its trees are modified in place; dir holds a published Copy
// of each tree, and publish Copies the changed trees into it.
type writer struct {
	part  func(string) int
	trees map[string]*wpart
	dir   *directory
	dirty []*wpart // the trees changed since publish
	keys  int
}

type wpart struct {
	prefix string
	tree   *ptree
	dirty  bool
}

func newWriter(part func(string) int) *writer {
	return &writer{part: part, trees: map[string]*wpart{}, dir: newDirectory()}
}

// run is a batch of sorted ops in one partition, with their entries.
type run struct {
	prefix string
	ops    []op
	ents   []entry
	puts   bool // some op is a put
}

// prepare splits sorted ops into runs of one partition each and makes
// their entries. It needs no lock.
func (w *writer) prepare(ops []op) []run {
	ents := make([]entry, len(ops))
	var runs []run
	start, plen, prefix := 0, 0, ""
	for i := range ops {
		o := &ops[i]
		n := partLen(w.part, o.key)
		if i == 0 || n != plen || o.key[:n] != prefix {
			if i > 0 {
				runs = append(runs, run{prefix: prefix, ops: ops[start:i], ents: ents[start:i]})
			}
			start, plen, prefix = i, n, o.key[:n]
		}
		if o.del {
			ents[i] = probe(o.key, n)
		} else {
			ents[i] = newEntry(o, n)
		}
	}
	if len(ops) > 0 {
		runs = append(runs, run{prefix: prefix, ops: ops[start:], ents: ents[start:]})
	}
	for i := range runs {
		for j := range runs[i].ops {
			if !runs[i].ops[j].del {
				runs[i].puts = true
				break
			}
		}
	}
	return runs
}

// check verifies that the partitions the runs create keep the contract of
// Options.Partition: no partition prefix is a prefix of another. Only new
// partitions are checked, against their neighbours in the directory and
// against each other: if some prefix in a sorted set is a prefix of
// another, it is also a prefix of the one right after it.
func (w *writer) check(runs []run) error {
	var created []string
	for i := range runs {
		if runs[i].puts && w.trees[runs[i].prefix] == nil {
			created = append(created, runs[i].prefix)
		}
	}
	if len(created) == 0 {
		return nil
	}
	slices.Sort(created)
	created = slices.Compact(created)
	for i, p := range created {
		if i > 0 && strings.HasPrefix(p, created[i-1]) {
			return partitionError(created[i-1], p)
		}
		if err := w.checkNew(p); err != nil {
			return err
		}
	}
	return nil
}

// checkNew checks a new prefix against its neighbours in the directory.
func (w *writer) checkNew(p string) error {
	it := w.dir.Iter()
	defer it.Release()
	var prev bool
	if it.Seek(part{prefix: p}) {
		if q := it.Item().prefix; strings.HasPrefix(q, p) {
			return partitionError(p, q)
		}
		prev = it.Prev()
	} else {
		prev = it.Last()
	}
	if q := it.Item().prefix; prev && strings.HasPrefix(p, q) {
		return partitionError(q, p)
	}
	return nil
}

func partitionError(shorter, longer string) error {
	return fmt.Errorf("%w: partition prefix %q is a prefix of partition prefix %q", ErrPartition, shorter, longer)
}

// parallelApplyMin is the number of ops of a commit from which its
// partitions are updated in parallel: each run has its own tree, and a
// bulk commit's document, index and constraint trees then take as long as
// the largest instead of all three.
const parallelApplyMin = 512

// apply applies the runs (checked) as version v, committed at ts. A new
// partition enters the directory at once, with its writer tree until
// publish replaces it.
func (w *writer) apply(runs []run, v uint64, ts int64) {
	parts := make([]*wpart, len(runs))
	nops, busy := 0, 0
	for i := range runs {
		r := &runs[i]
		wp := w.trees[r.prefix]
		if wp == nil {
			if !r.puts {
				continue // deletes of missing keys
			}
			wp = &wpart{prefix: strings.Clone(r.prefix), tree: newPartTree(len(r.prefix))}
			w.trees[wp.prefix] = wp
			w.dir.Set(part{prefix: wp.prefix, tree: wp.tree})
		}
		parts[i] = wp
		if !wp.dirty {
			wp.dirty = true
			w.dirty = append(w.dirty, wp)
		}
		nops += len(r.ops)
		if len(r.ops) >= parallelApplyMin/8 {
			busy++
		}
	}
	if nops < parallelApplyMin || busy < 2 || sharesTree(parts) {
		for i := range runs {
			if parts[i] != nil {
				w.keys += applyRun(parts[i].tree, &runs[i], v, ts)
			}
		}
		return
	}
	added := make([]int, len(runs))
	var wg sync.WaitGroup
	for i := range runs {
		if parts[i] != nil {
			wg.Go(func() { added[i] = applyRun(parts[i].tree, &runs[i], v, ts) })
		}
	}
	wg.Wait()
	for _, n := range added {
		w.keys += n
	}
}

// sharesTree reports whether two runs go to one tree (possible when a
// log replayed under another partitioning splits a partition's ops), which
// must then not be applied in parallel.
func sharesTree(parts []*wpart) bool {
	for i, p := range parts {
		for _, q := range parts[i+1:] {
			if p != nil && p == q {
				return true
			}
		}
	}
	return false
}

// applyRun applies one run to its partition's tree and returns the change
// in the number of keys.
func applyRun(tree *ptree, r *run, v uint64, ts int64) int {
	added := 0
	var hint btree.PathHint
	for j := range r.ops {
		e := r.ents[j]
		if r.ops[j].del {
			if _, ok := tree.DeleteHint(e, &hint); ok {
				added--
			}
			continue
		}
		e.stamp(v, ts)
		if _, replaced := tree.SetHint(e, &hint); !replaced {
			added++
		}
	}
	return added
}

// load returns the partition with the given prefix for loading a snapshot
// (keys in order), creating it if it is new.
func (w *writer) load(prefix string) (*wpart, error) {
	if wp := w.trees[prefix]; wp != nil {
		return wp, nil
	}
	if err := w.checkNew(prefix); err != nil {
		return nil, err
	}
	wp := &wpart{prefix: strings.Clone(prefix), tree: newPartTree(len(prefix)), dirty: true}
	w.trees[wp.prefix] = wp
	w.dir.Set(part{prefix: wp.prefix, tree: wp.tree})
	w.dirty = append(w.dirty, wp)
	return wp, nil
}

// publish copies the changed trees into the directory, drops the empty
// ones and returns a Copy of the directory for readers.
func (w *writer) publish() *directory {
	for _, wp := range w.dirty {
		wp.dirty = false
		if wp.tree.Len() == 0 {
			delete(w.trees, wp.prefix)
			w.dir.Delete(part{prefix: wp.prefix})
			continue
		}
		w.dir.Set(part{prefix: wp.prefix, tree: wp.tree.Copy()})
	}
	clear(w.dirty)
	w.dirty = w.dirty[:0]
	return w.dir.Copy()
}

// scanner iterates a state's entries across partitions in key order, and a
// transaction's own writes. A Txn keeps one to reuse its iterators.
type scanner struct {
	dir  btree.IterG[part]
	it   btree.IterG[entry]
	own  ownCursor
	busy bool
}

func (s *scanner) release() {
	s.it.Release()
	s.dir.Release()
	s.own.reset()
	s.busy = false
}

func (s *scanner) enter(p part) {
	s.it.Release()
	s.it.Init(p.tree, false)
}

// seekGE positions the scanner on the first entry at or after start.
func (s *scanner) seekGE(dir *directory, start string) bool {
	s.dir.Init(dir, false)
	found := s.dir.Seek(part{prefix: start})
	if !found || s.dir.Item().prefix != start {
		// The partition before the first prefix at or after start holds
		// start if its prefix is a prefix of start.
		var back bool
		if found {
			back = s.dir.Prev()
		} else {
			back = s.dir.Last()
		}
		if back {
			if p := s.dir.Item(); strings.HasPrefix(start, p.prefix) {
				s.enter(p)
				if s.it.Seek(probe(start, len(p.prefix))) {
					return true
				}
				return s.nextPart()
			}
		}
		if found = s.dir.Seek(part{prefix: start}); !found {
			return false
		}
	}
	s.enter(s.dir.Item())
	return s.it.First() || s.nextPart()
}

// seekLT positions the scanner on the last entry before end (the last
// entry when !bounded).
func (s *scanner) seekLT(dir *directory, end string, bounded bool) bool {
	s.dir.Init(dir, false)
	var ok bool
	if bounded && s.dir.Seek(part{prefix: end}) {
		ok = s.dir.Prev()
	} else {
		ok = s.dir.Last()
	}
	if !ok {
		return false
	}
	p := s.dir.Item()
	s.enter(p)
	if bounded && strings.HasPrefix(end, p.prefix) {
		return seekLast(&s.it, probe(end, len(p.prefix)), true) || s.prevPart()
	}
	return s.it.Last() || s.prevPart()
}

func (s *scanner) nextPart() bool {
	for s.dir.Next() {
		s.enter(s.dir.Item())
		if s.it.First() {
			return true
		}
	}
	return false
}

func (s *scanner) prevPart() bool {
	for s.dir.Prev() {
		s.enter(s.dir.Item())
		if s.it.Last() {
			return true
		}
	}
	return false
}

func (s *scanner) step(reverse bool) bool {
	if reverse {
		return s.it.Prev() || s.prevPart()
	}
	return s.it.Next() || s.nextPart()
}
