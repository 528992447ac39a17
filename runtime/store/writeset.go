package store

import (
	"slices"
	"sort"
	"strings"
	"sync"
)

// writeSet is a transaction's own writes. A map answers point reads; the
// order that scans and the commit need is kept per partition: writes to
// one partition mostly come in key order (new ids, index entries of
// consecutive documents), so each partition's list is usually sorted as it
// is appended, and only a list that is not gets sorted, when an ordered
// view is next asked for. A B-tree here cost more than the rest of the
// write path's bookkeeping together.
type writeSet struct {
	at     map[string]int32 // key → index in ops
	ops    []op             // write order; a rewrite replaces the op in place
	groups []*opGroup       // one per partition written
	byPref map[string]*opGroup
	part   func(string) int
	size   int     // encoded size of the ops
	view   []int32 // every op in key order, while fresh
	fresh  bool
}

// opGroup is the ops of one partition: idx[:sorted] is in key order.
type opGroup struct {
	prefix string
	idx    []int32
	sorted int
}

var writeSetPool = sync.Pool{New: func() any {
	return &writeSet{at: map[string]int32{}, byPref: map[string]*opGroup{}}
}}

func newWriteSet(part func(string) int) *writeSet {
	ws := writeSetPool.Get().(*writeSet)
	ws.part = part
	return ws
}

// release returns ws to the pool; the caller must not use it again. Huge
// sets are dropped rather than kept alive.
func (ws *writeSet) release() {
	if len(ws.ops) > 1<<16 {
		return
	}
	clear(ws.at)
	clear(ws.ops)
	ws.ops = ws.ops[:0]
	clear(ws.byPref)
	clear(ws.groups)
	ws.groups = ws.groups[:0]
	ws.view = ws.view[:0]
	ws.fresh, ws.size, ws.part = false, 0, nil
	writeSetPool.Put(ws)
}

func (ws *writeSet) len() int { return len(ws.ops) }

// get returns the op buffered for key.
func (ws *writeSet) get(key string) (*op, bool) {
	i, ok := ws.at[key]
	if !ok {
		return nil, false
	}
	return &ws.ops[i], true
}

// set buffers o, replacing an earlier write of its key.
func (ws *writeSet) set(o op) {
	if i, ok := ws.at[o.key]; ok {
		ws.size += o.size() - ws.ops[i].size()
		ws.ops[i] = o // same key: the order is unchanged
		return
	}
	i := int32(len(ws.ops))
	ws.ops = append(ws.ops, o)
	ws.at[o.key] = i
	ws.size += o.size()
	prefix := o.key[:partLen(ws.part, o.key)]
	g := ws.byPref[prefix]
	if g == nil {
		g = &opGroup{prefix: prefix}
		ws.byPref[prefix] = g
		ws.groups = append(ws.groups, g)
	}
	if g.sorted == len(g.idx) && (len(g.idx) == 0 || ws.ops[g.idx[len(g.idx)-1]].key < o.key) {
		g.sorted++
	}
	g.idx = append(g.idx, i)
	ws.fresh = false
}

// ordered returns the indexes of every op in key order. Partition
// prefixes are never prefixes of each other (Options.Partition), so the
// groups in prefix order, each in key order, are in key order.
func (ws *writeSet) ordered() []int32 {
	if ws.fresh {
		return ws.view
	}
	if len(ws.groups) > 1 {
		slices.SortFunc(ws.groups, func(a, b *opGroup) int { return strings.Compare(a.prefix, b.prefix) })
	}
	ws.view = ws.view[:0]
	inOrder := true
	for _, g := range ws.groups {
		g.sort(ws.ops)
		if n := len(ws.view); n > 0 && len(g.idx) > 0 && ws.ops[ws.view[n-1]].key > ws.ops[g.idx[0]].key {
			inOrder = false
		}
		ws.view = append(ws.view, g.idx...)
	}
	if !inOrder {
		// A delete of a missing key may sit in a partition that breaks
		// the prefix contract (only puts are held to it): sort it all.
		slices.SortFunc(ws.view, func(a, b int32) int { return strings.Compare(ws.ops[a].key, ws.ops[b].key) })
	}
	ws.fresh = true
	return ws.view
}

// sort puts the group's unsorted tail in order and merges it into the
// sorted head.
func (g *opGroup) sort(ops []op) {
	if g.sorted == len(g.idx) {
		return
	}
	byKey := func(a, b int32) int { return strings.Compare(ops[a].key, ops[b].key) }
	head, tail := g.idx[:g.sorted], g.idx[g.sorted:]
	slices.SortFunc(tail, byKey)
	if len(head) > 0 && ops[head[len(head)-1]].key > ops[tail[0]].key {
		merged := make([]int32, 0, len(g.idx))
		i, j := 0, 0
		for i < len(head) && j < len(tail) {
			if ops[head[i]].key < ops[tail[j]].key {
				merged = append(merged, head[i])
				i++
			} else {
				merged = append(merged, tail[j])
				j++
			}
		}
		merged = append(merged, head[i:]...)
		g.idx = append(merged, tail[j:]...)
	}
	g.sorted = len(g.idx)
}

// sortedOps returns the ops in key order, in a new slice.
func (ws *writeSet) sortedOps() []op {
	view := ws.ordered()
	out := make([]op, len(view))
	for i, j := range view {
		out[i] = ws.ops[j]
	}
	return out
}

// ownCursor walks a write set's ordered view for Scan.
type ownCursor struct {
	ops  []op
	view []int32
	pos  int
}

func (c *ownCursor) init(ws *writeSet) {
	c.ops, c.view = ws.ops, ws.ordered()
}

func (c *ownCursor) reset() { c.ops, c.view = nil, nil }

func (c *ownCursor) item() *op { return &c.ops[c.view[c.pos]] }

// seekGE positions c on the first op at or after key.
func (c *ownCursor) seekGE(key string) bool {
	c.pos = sort.Search(len(c.view), func(i int) bool { return c.ops[c.view[i]].key >= key })
	return c.pos < len(c.view)
}

// seekLT positions c on the last op before end (the last op when
// !bounded).
func (c *ownCursor) seekLT(end string, bounded bool) bool {
	if bounded {
		c.pos = sort.Search(len(c.view), func(i int) bool { return c.ops[c.view[i]].key >= end }) - 1
	} else {
		c.pos = len(c.view) - 1
	}
	return c.pos >= 0
}

func (c *ownCursor) step(reverse bool) bool {
	if reverse {
		c.pos--
		return c.pos >= 0
	}
	c.pos++
	return c.pos < len(c.view)
}
