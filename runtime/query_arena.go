package runtime

import "github.com/fqlite/fqlite/eval"

// queryArena hands out the index sets and scanned documents of a query
// from memory that the next query on the same pooled environment reuses.
// Fresh heap memory is the dearest thing a lookup touches (every new
// cache line is a miss, on this kind of VM about half a nanosecond per
// byte), and these two are most of what a read allocates besides its
// result.
//
// Nothing from the arena may be used after the query: documents in the
// result are detached copies (Doc.Detach), and the arena is given up,
// not reused, when the query failed or when eval reports that one of its
// values outlives it (a set kept for a cursor, a function in the result).
type queryArena struct {
	sets  [8]indexSetCell
	nsets int
	docs  [8]scannedDoc
	ndocs int
}

// newIndexSet returns a zeroed index set cell, from the arena while it
// has room.
func (q *query) newIndexSet() *indexSetCell {
	a := q.useArena()
	if a.nsets == len(a.sets) {
		return &indexSetCell{}
	}
	c := &a.sets[a.nsets]
	a.nsets++
	*c = indexSetCell{}
	return c
}

// newScannedDoc returns a cell for document id of c read by a scan, from
// the arena while it has room.
func (q *query) newScannedDoc(c *collection, id int64) *scannedDoc {
	a := q.useArena()
	if a.ndocs == len(a.docs) {
		return &scannedDoc{d: Doc{c: c, id: id}}
	}
	cell := &a.docs[a.ndocs]
	a.ndocs++
	*cell = scannedDoc{d: Doc{c: c, id: id, inArena: true}}
	return cell
}

func (q *query) useArena() *queryArena {
	if q.arena == nil {
		q.arena = new(queryArena)
	}
	return q.arena
}

// releaseArena readies the arena for the next query, or gives it up
// when something of this query may still refer to it.
func (q *query) releaseArena() {
	a := q.arena
	if a == nil {
		return
	}
	if !q.arenaReusable || q.t.Outlives() {
		q.arena = nil
		return
	}
	a.nsets, a.ndocs = 0, 0
}

// Detach returns d itself, or a copy of it when d lives in a query's
// arena: what a result holds must not be in memory the next query
// reuses.
func (d *Doc) Detach() eval.Document {
	if !d.inArena {
		return d
	}
	return &Doc{c: d.c, id: d.id, name: d.name, trusted: d.trusted}
}
