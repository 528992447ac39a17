package store

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"unsafe"
)

// race runs the interleaving: tx begins and runs first, another commit runs
// other, then tx commits. It returns tx's commit error.
func race(t *testing.T, setup []string, first func(tx *Txn), other []string) error {
	t.Helper()
	db := openMem(t)
	if len(setup) > 0 {
		put(t, db, setup...)
	}
	tx := db.Begin()
	first(tx)
	put(t, db, other...)
	_, err := tx.Commit()
	return err
}

func TestConflicts(t *testing.T) {
	setup := []string{"a", "1", "b", "1", "c", "1", "m", "1"}
	for _, c := range []struct {
		name     string
		first    func(tx *Txn)
		other    []string
		conflict bool
	}{
		{"write after read", func(tx *Txn) { tx.Get("a"); tx.Put("a", []byte("x")) }, []string{"a", "2"}, true},
		{"read of a key written by another, write elsewhere", func(tx *Txn) { tx.Get("a"); tx.Put("z", []byte("x")) }, []string{"a", "2"}, true},
		{"read of a key deleted by another", func(tx *Txn) { tx.Get("a"); tx.Put("z", []byte("x")) }, []string{"a", ""}, true},
		{"read of a missing key inserted by another", func(tx *Txn) { tx.Get("q"); tx.Put("z", []byte("x")) }, []string{"q", "1"}, true},
		{"disjoint keys", func(tx *Txn) { tx.Get("a"); tx.Put("a", []byte("x")) }, []string{"b", "2"}, false},
		{"blind write", func(tx *Txn) { tx.Put("a", []byte("x")) }, []string{"a", "2"}, false},
		{"blind delete", func(tx *Txn) { tx.Delete("a") }, []string{"a", "2"}, false},
		{"read of own write only", func(tx *Txn) { tx.Put("a", []byte("x")); tx.Get("a") }, []string{"a", "2"}, false},
		{"read-only", func(tx *Txn) { tx.Get("a"); tx.Scan("", "", false, func(string, Item) bool { return true }) }, []string{"a", "2"}, false},
		{"phantom insert into scanned range", func(tx *Txn) { scanAll(tx, "b", "d"); tx.Put("z", nil) }, []string{"bb", "new"}, true},
		{"phantom at range start", func(tx *Txn) { scanAll(tx, "b", "d"); tx.Put("z", nil) }, []string{"b", "new"}, true},
		{"insert at range end (exclusive)", func(tx *Txn) { scanAll(tx, "b", "d"); tx.Put("z", nil) }, []string{"d", "new"}, false},
		{"insert before range", func(tx *Txn) { scanAll(tx, "b", "d"); tx.Put("z", nil) }, []string{"a", "new"}, false},
		{"delete in scanned range", func(tx *Txn) { scanAll(tx, "b", "d"); tx.Put("z", nil) }, []string{"c", ""}, true},
		{"unbounded scan", func(tx *Txn) { scanAll(tx, "n", ""); tx.Put("a", nil) }, []string{"zzz", "1"}, true},
		{"empty range still guards", func(tx *Txn) { scanAll(tx, "n", "p"); tx.Put("a", nil) }, []string{"o", "1"}, true},
		{"insert past where the scan stopped", func(tx *Txn) { scanN(tx, "a", "", false, 2); tx.Put("z", nil) }, []string{"bb", "1"}, false},
		{"insert before where the scan stopped", func(tx *Txn) { scanN(tx, "a", "", false, 2); tx.Put("z", nil) }, []string{"aa", "1"}, true},
		{"insert at the stop key", func(tx *Txn) { scanN(tx, "a", "", false, 2); tx.Put("z", nil) }, []string{"b", "2"}, true},
		{"reverse: insert past where the scan stopped", func(tx *Txn) { scanN(tx, "a", "n", true, 2); tx.Put("z", nil) }, []string{"bb", "1"}, false},
		{"reverse: insert before where the scan stopped", func(tx *Txn) { scanN(tx, "a", "n", true, 2); tx.Put("z", nil) }, []string{"mm", "1"}, true},
		{"scan over own writes still reads the snapshot", func(tx *Txn) { tx.Put("b", nil); scanAll(tx, "b", "c"); tx.Put("z", nil) }, []string{"b", "2"}, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			err := race(t, setup, c.first, c.other)
			if c.conflict != errors.Is(err, ErrConflict) || (!c.conflict && err != nil) {
				t.Fatalf("err = %v, want conflict %v", err, c.conflict)
			}
		})
	}
}

func scanAll(tx *Txn, start, end string) { scanN(tx, start, end, false, 0) }

func scanN(tx *Txn, start, end string, reverse bool, n int) {
	i := 0
	tx.Scan(start, end, reverse, func(string, Item) bool { i++; return i != n })
}

func TestConflictLeavesNoTrace(t *testing.T) {
	db := openMem(t)
	put(t, db, "a", "1")
	tx := db.Begin()
	tx.Get("a")
	tx.Put("a", []byte("mine"))
	tx.Put("b", []byte("mine"))
	put(t, db, "a", "2")
	if _, err := tx.Commit(); !errors.Is(err, ErrConflict) {
		t.Fatal(err)
	}
	if v, _ := get(t, db, "a"); v != "2" {
		t.Fatalf("a = %q", v)
	}
	if _, ok := get(t, db, "b"); ok {
		t.Fatal("conflicting txn wrote b")
	}
	if st := db.Stats(); st.Conflicts != 1 || st.Commits != 2 || st.Version != 2 {
		t.Fatalf("stats %+v", st)
	}
}

// A conflict is decided by commits after the snapshot only: committing
// after several unrelated commits is fine, and the last writer wins for
// blind writes.
func TestManyCommitsBetween(t *testing.T) {
	db := openMem(t)
	put(t, db, "a", "1")
	tx := db.Begin()
	tx.Get("a")
	for i := 0; i < 100; i++ {
		put(t, db, "other", "x")
	}
	tx.Put("a", []byte("2"))
	if _, err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
}

func TestHistoryTooOld(t *testing.T) {
	db := openMem(t)
	tx := db.Begin()
	tx.Get("a")
	tx.Put("b", nil)
	blind := db.Begin()
	blind.Put("c", nil)
	for i := 0; i < maxHistCommits+1; i++ {
		put(t, db, "x", "1")
	}
	if _, err := tx.Commit(); !errors.Is(err, ErrConflict) {
		t.Fatalf("txn older than the history: %v", err)
	}
	if _, err := blind.Commit(); err != nil {
		t.Fatalf("old blind write: %v", err)
	}
}

func TestUpdateRetries(t *testing.T) {
	db := openMem(t)
	put(t, db, "n", "0")
	calls := 0
	info, err := db.Update(nil, 5, func(tx *Txn) error {
		calls++
		it, _ := tx.Get("n")
		if calls < 3 {
			put(t, db, "n", string(it.Value)+"+") // someone else commits in between
		}
		return tx.Put("n", append(it.Value, '!'))
	})
	if err != nil || info.Retries != 2 || calls != 3 {
		t.Fatalf("info %+v err %v calls %d", info, err, calls)
	}
	if v, _ := get(t, db, "n"); v != "0++!" {
		t.Fatalf("n = %q", v)
	}
	if db.Stats().Retries != 2 {
		t.Fatalf("stats %+v", db.Stats())
	}
	calls = 0
	_, err = db.Update(nil, 3, func(tx *Txn) error {
		calls++
		tx.Get("n")
		put(t, db, "n", "x")
		return tx.Put("n", nil)
	})
	if !errors.Is(err, ErrConflict) || calls != 3 {
		t.Fatalf("gave up with %v after %d calls", err, calls)
	}
}

// TestConflictWithDeleteOutsidePartitionContract: deletes of missing keys
// are not held to the partition contract, and the write set's key order
// (which the conflict history binary-searches) must hold anyway.
func TestConflictWithDeleteOutsidePartitionContract(t *testing.T) {
	abPart := func(k string) int {
		if strings.HasPrefix(k, "ab") {
			return 2
		}
		return 1
	}
	db, err := Open(Options{Partition: abPart})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	put(t, db, "ab1", "0")
	t1 := db.Begin()
	t1.Get("ab1")
	t1.Put("ab9", []byte("d"))
	t2 := db.Begin()
	for i := 0; i < 3; i++ {
		t2.Delete(fmt.Sprintf("ac%d", i))
	}
	for i := 1; i <= 5; i++ {
		t2.Put(fmt.Sprintf("ab%d", i), []byte("n"))
	}
	if _, err := t2.Commit(); err != nil {
		t.Fatal(err)
	}
	if _, err := t1.Commit(); err != ErrConflict {
		t.Fatalf("commit after a conflicting write: %v, want ErrConflict", err)
	}
}

// TestScanBoundsMayBeReused: the read set must not keep views of the
// caller's memory. The runtime passes scan bounds built in memory its next
// query reuses, and validation runs only at commit, after that memory may
// have been rewritten.
func TestScanBoundsMayBeReused(t *testing.T) {
	db := openMem(t)
	put(t, db, "b", "1", "x", "1")
	tx := db.Begin()
	buf := []byte("b\x00c\x00")
	lo, hi := unsafe.String(&buf[0], 2), unsafe.String(&buf[2], 2)
	scanAll(tx, lo, hi)
	tx.Put("z", nil)
	copy(buf, "x\x00y\x00") // the caller reuses its memory
	put(t, db, "b\x00\x01", "phantom")
	if _, err := tx.Commit(); !errors.Is(err, ErrConflict) {
		t.Fatalf("commit after a phantom in the scanned range: err = %v, want a conflict", err)
	}
}
