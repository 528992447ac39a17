package store

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"sort"
	"strings"
	"testing"
)

// Partition functions the model tests run with, on keys "k000".."k299".
var testPartitions = []struct {
	name string
	fn   func(string) int
}{
	{"none", nil},
	{"one", func(string) int { return 0 }},
	{"k", func(k string) int { return 1 }},
	{"k0", func(k string) int { return 2 }},
	{"k00", func(k string) int { return 3 }},
	{"whole", func(k string) int { return len(k) }}, // a partition per key
	{"out-of-range", func(k string) int { return 99 }},
}

// modelBound returns a scan bound: a key, a key cut short, a key with a
// byte after it, or "".
func modelBound(rng *rand.Rand) string {
	k := fmt.Sprintf("k%03d", rng.IntN(300))
	switch rng.IntN(8) {
	case 0:
		return ""
	case 1:
		return k[:rng.IntN(len(k)+1)]
	case 2:
		return k + "\x00"
	case 3:
		return k[:rng.IntN(len(k))] + "\xff"
	}
	return k
}

// TestPartitionScanModel is TestScanModel under each partitioning, with
// bounds inside, between and across partitions, partitions emptied and
// refilled, and Get checked against the model too.
func TestPartitionScanModel(t *testing.T) {
	for _, p := range testPartitions {
		t.Run(p.name, func(t *testing.T) {
			db, err := Open(Options{Partition: p.fn})
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			rng := rand.New(rand.NewPCG(1, 3))
			model := map[string]string{}
			key := func() string { return fmt.Sprintf("k%03d", rng.IntN(300)) }
			for round := 0; round < 60; round++ {
				tx := db.Begin()
				own := map[string]string{}
				var view map[string]string
				// Writes and reads alternate, so that own writes are read
				// in order while more arrive, in and out of key order.
				for phase := 0; phase < 3; phase++ {
					ascending := rng.IntN(3) == 0
					next := rng.IntN(300)
					for i := 0; i < rng.IntN(30); i++ {
						k := key()
						if ascending {
							k, next = fmt.Sprintf("k%03d", next%300), next+1+rng.IntN(5)
						}
						if round%7 == 6 && rng.IntN(3) == 0 {
							k = k[:3] + "0" // make some partitions empty
						}
						if rng.IntN(2) == 0 || round%7 == 6 {
							tx.Delete(k)
							own[k] = ""
						} else {
							v := fmt.Sprint(round, phase, i)
							tx.Put(k, []byte(v))
							own[k] = v
						}
					}
					view = maps(model, own)
					checkModel(t, rng, tx, view, round, key)
				}
				if _, err := tx.Commit(); err != nil {
					t.Fatal(err)
				}
				model = view
				if n := db.Stats().Keys; n != len(model) {
					t.Fatalf("round %d: %d keys, want %d", round, n, len(model))
				}
			}
			// Deleting everything drops every partition.
			tx := db.Begin()
			for k := range model {
				tx.Delete(k)
			}
			if _, err := tx.Commit(); err != nil {
				t.Fatal(err)
			}
			if st := db.cur.Load(); st.keys != 0 || st.parts.Len() != 0 || len(db.w.trees) != 0 {
				t.Fatalf("empty store: %d keys, %d partitions, %d writer trees", st.keys, st.parts.Len(), len(db.w.trees))
			}
		})
	}
}

func maps(model, own map[string]string) map[string]string {
	view := map[string]string{}
	for k, v := range model {
		view[k] = v
	}
	for k, v := range own {
		if v == "" {
			delete(view, k)
		} else {
			view[k] = v
		}
	}
	return view
}

// TestPartitionsCopyOnWrite: a commit copies only the partitions it
// changes; the others stay shared with the previous state.
func TestPartitionsCopyOnWrite(t *testing.T) {
	db, err := Open(Options{Partition: func(k string) int { return min(2, len(k)) }})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	put(t, db, "a1", "1", "b1", "1", "c1", "1")
	before := db.cur.Load()
	put(t, db, "b2", "2")
	after := db.cur.Load()
	for _, p := range []string{"a1", "c1"} {
		if lookup(before.parts, p) != lookup(after.parts, p) {
			t.Errorf("partition %s copied by a commit that did not change it", p)
		}
	}
	if lookup(after.parts, "b2") == nil || lookup(before.parts, "b2") != nil {
		t.Fatal("new partition b2 not published, or visible in the older state")
	}
	tx := &Txn{db: db, st: before}
	if got := scanKeys(tx, "", "", false, 0); got != "a1=1 b1=1 c1=1" {
		t.Fatalf("older state reads %q", got)
	}
}

// TestPartitionContract: a commit that would create a partition whose
// prefix is a prefix of another's fails and writes nothing; so does Open
// of data that breaks the contract under a new Partition function.
func TestPartitionContract(t *testing.T) {
	// Everything starting with "x" is partitioned by its first 3 bytes,
	// except that a key shorter than that has a shorter prefix: "x" and
	// "xa" break the contract once "xab..." exists.
	fn := func(k string) int {
		if strings.HasPrefix(k, "x") {
			return min(3, len(k))
		}
		return min(1, len(k))
	}
	dir := t.TempDir()
	db := openDir(t, dir, func(o *Options) { o.Partition = fn })
	put(t, db, "xab1", "1", "y", "1")
	for _, bad := range [][]string{
		{"xa", "1"},
		{"x", "1"},
		{"q", "1", "xa", "1"},
	} {
		tx := db.Begin()
		for i := 0; i < len(bad); i += 2 {
			tx.Put(bad[i], []byte(bad[i+1]))
		}
		if _, err := tx.Commit(); !errors.Is(err, ErrPartition) {
			t.Fatalf("commit of %q: %v", bad, err)
		}
	}
	// Two new partitions of one commit that nest.
	tx := db.Begin()
	tx.Put("z", nil)
	tx.Put("zz", nil) // partition "z" too: fine
	if _, err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	tx = db.Begin()
	tx.Put("xc", nil)
	tx.Put("xcd", nil)
	if _, err := tx.Commit(); !errors.Is(err, ErrPartition) {
		t.Fatalf("nested new partitions: %v", err)
	}
	// Deleting a missing key in a would-be bad partition is harmless.
	put(t, db, "xa", "")
	if v, _ := get(t, db, "xab1"); v != "1" {
		t.Fatalf("xab1 = %q", v)
	}
	if st := db.Stats(); st.Keys != 4 || st.Version != 3 {
		t.Fatalf("stats %+v", st)
	}
	db.Close()

	// Reopen with other partitionings: fine if they keep the contract on
	// the data, an error if not ("z" and "zz" in partitions of their own),
	// from the log and from a snapshot.
	perKey := func(k string) int { return len(k) }
	for _, snap := range []bool{false, true} {
		for _, p := range []func(string) int{nil, func(k string) int { return min(1, len(k)) }, fn} {
			db = openDir(t, dir, func(o *Options) { o.Partition = p })
			tx := db.Begin()
			if got := scanKeys(tx, "", "", false, 0); got != "xab1=1 y=1 z= zz=" {
				t.Fatalf("reopened: %q", got)
			}
			tx.Discard()
			if snap {
				put(t, db, "w", "1", "w", "") // something to snapshot
				if err := db.Snapshot(); err != nil {
					t.Fatal(err)
				}
			}
			db.Close()
		}
		if _, err := Open(Options{Dir: dir, Partition: perKey}); !errors.Is(err, ErrPartition) {
			t.Fatalf("open with a partitioning that breaks the contract (snapshot %v): %v", snap, err)
		}
	}
}

// TestPartitionReopen: partitioned data survives snapshots and log replay,
// with versions and times, and a new partitioning of the same files.
func TestPartitionReopen(t *testing.T) {
	dir := t.TempDir()
	opts := func(o *Options) { o.Partition = fqlitePartition }
	db := openDir(t, dir, opts)
	if err := loadPartitioned(db, 0, 300, 50); err != nil {
		t.Fatal(err)
	}
	if err := db.Snapshot(); err != nil {
		t.Fatal(err)
	}
	if err := loadPartitioned(db, 300, 500, 50); err != nil {
		t.Fatal(err)
	}
	tx := db.Begin()
	tx.Delete(benchDocKey(7))
	tx.Put("m-meta", []byte("x"))
	if _, err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	dump := func(db *DB) string {
		var b strings.Builder
		db.View(func(tx *Txn) error {
			tx.Scan("", "", false, func(k string, it Item) bool {
				fmt.Fprintf(&b, "%x=%x@%d/%d\n", k, it.Value, it.Version, it.Time.UnixMicro())
				return true
			})
			return nil
		})
		return b.String()
	}
	want := dump(db)
	wantStats := db.Stats()
	db.Close()
	if wantStats.Keys != 1500 {
		t.Fatalf("%d keys", wantStats.Keys)
	}
	for _, p := range []func(string) int{fqlitePartition, nil} {
		db = openDir(t, dir, func(o *Options) { o.Partition = p })
		if got := dump(db); got != want {
			t.Fatal("reopened store differs")
		}
		if st := db.Stats(); st.Keys != wantStats.Keys || st.Version != wantStats.Version {
			t.Fatalf("reopened stats %+v", st)
		}
		for i := 0; i < 500; i += 37 {
			db.View(func(tx *Txn) error {
				if _, ok := tx.Get(benchIndexKey(i)); !ok {
					t.Errorf("index entry %d missing", i)
				}
				found := false
				p := benchIndexPrefix(i)
				tx.Scan(p, PrefixEnd(p), false, func(k string, _ Item) bool {
					found = k == benchIndexKey(i)
					return false
				})
				if !found {
					t.Errorf("seek to index entry %d failed", i)
				}
				return nil
			})
		}
		db.Close()
	}
}

// TestPartitionConflicts: validation works on whole keys, whatever the
// partitioning.
func TestPartitionConflicts(t *testing.T) {
	for _, p := range testPartitions[1:] {
		t.Run(p.name, func(t *testing.T) {
			db, err := Open(Options{Partition: p.fn})
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			put(t, db, "k100", "1", "k200", "1", "k300", "1")
			tx := db.Begin()
			scanAll(tx, "k2", "k4")
			tx.Put("k999", nil)
			put(t, db, "k250", "new")
			if _, err := tx.Commit(); !errors.Is(err, ErrConflict) {
				t.Fatalf("phantom in a new partition: %v", err)
			}
			tx = db.Begin()
			scanAll(tx, "k2", "k4")
			tx.Put("k999", nil)
			put(t, db, "k400", "new")
			if _, err := tx.Commit(); err != nil {
				t.Fatalf("insert past the range: %v", err)
			}
			tx = db.Begin()
			tx.Track("k300")
			tx.Put("k999", nil)
			put(t, db, "k300", "")
			if _, err := tx.Commit(); !errors.Is(err, ErrConflict) {
				t.Fatalf("tracked key deleted: %v", err)
			}
		})
	}
}

// TestEntryOrder: the hint-first comparison of a partition's entries is the
// order of their keys, for suffixes around the hint's 8 bytes with zero
// bytes in them.
func TestEntryOrder(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 5))
	alphabet := "\x00\x01a\xff"
	gen := func() string {
		b := make([]byte, rng.IntN(20))
		for i := range b {
			b[i] = alphabet[rng.IntN(len(alphabet))]
		}
		return string(b)
	}
	for _, prefix := range []string{"", "P", "i0123456789ab"} {
		less := lessIn(len(prefix))
		for i := 0; i < 100_000; i++ {
			a, b := prefix+gen(), prefix+gen()
			if rng.IntN(4) == 0 {
				b = a[:len(prefix)+rng.IntN(len(a)-len(prefix)+1)] + gen()
			}
			o := newPut(a, []byte("value"))
			ea := newEntry(&o, len(prefix))
			eb := probe(b, len(prefix))
			if less(ea, eb) != (a < b) || less(eb, ea) != (b < a) {
				t.Fatalf("%q < %q: %v, want %v", a, b, less(ea, eb), a < b)
			}
			if ea.key() != a || string(ea.value()) != "value" {
				t.Fatalf("entry of %q: %q %q", a, ea.key(), ea.value())
			}
		}
	}
}

// checkModel compares scans and point reads of tx with view.
func checkModel(t *testing.T, rng *rand.Rand, tx *Txn, view map[string]string, round int, key func() string) {
	t.Helper()
	keys := make([]string, 0, len(view))
	for k := range view {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for q := 0; q < 15; q++ {
		start, end := modelBound(rng), modelBound(rng)
		reverse := rng.IntN(2) == 0
		limit := rng.IntN(10)
		var want []string
		for _, k := range keys {
			if k >= start && (end == "" || k < end) {
				want = append(want, k+"="+view[k])
			}
		}
		if reverse {
			slices.Reverse(want)
		}
		if limit > 0 && len(want) > limit {
			want = want[:limit]
		}
		if got := scanKeys(tx, start, end, reverse, limit); got != strings.Join(want, " ") {
			t.Fatalf("round %d: Scan(%q, %q, %v) limit %d\n got %q\nwant %q", round, start, end, reverse, limit, got, strings.Join(want, " "))
		}
		k := key()
		it, ok := tx.Get(k)
		if v, want := string(it.Value), view[k]; ok != (want != "") || v != want {
			t.Fatalf("round %d: Get(%q) = %q %v, want %q", round, k, v, ok, want)
		}
	}
}

// TestBulkCommitsAcrossPartitions makes commits large enough that their
// partitions are updated in parallel (new keys, rewrites and deletes in
// each), on disk so that replay applies the same records; every version's
// content and key count must match a model.
func TestBulkCommitsAcrossPartitions(t *testing.T) {
	dir := t.TempDir()
	part := func(k string) int { return 2 } // "a/", "b/", "c/"
	db, err := Open(Options{Dir: dir, Partition: part})
	if err != nil {
		t.Fatal(err)
	}
	model := map[string]string{}
	rng := rand.New(rand.NewPCG(5, 8))
	for round := 0; round < 6; round++ {
		tx := db.Begin()
		for i := 0; i < 900; i++ {
			k := fmt.Sprintf("%c/%04d", 'a'+rng.IntN(3), rng.IntN(1500))
			if round > 2 && rng.IntN(4) == 0 {
				tx.Delete(k)
				delete(model, k)
				continue
			}
			v := fmt.Sprint(round, i)
			tx.Put(k, []byte(v))
			model[k] = v
		}
		if _, err := tx.Commit(); err != nil {
			t.Fatal(err)
		}
		checkContent(t, db, model)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	if db, err = Open(Options{Dir: dir, Partition: part}); err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	checkContent(t, db, model)
}

func checkContent(t *testing.T, db *DB, model map[string]string) {
	t.Helper()
	if n := db.Stats().Keys; n != len(model) {
		t.Fatalf("%d keys, want %d", n, len(model))
	}
	keys := make([]string, 0, len(model))
	for k := range model {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	want := make([]string, len(keys))
	for i, k := range keys {
		want[i] = k + "=" + model[k]
	}
	tx := db.Begin()
	defer tx.Discard()
	if got := scanKeys(tx, "", "", false, 0); got != strings.Join(want, " ") {
		t.Fatalf("content differs from the model")
	}
}
