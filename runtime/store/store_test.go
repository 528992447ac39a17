package store

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	_ "github.com/fqlite/fqlite/internal/golden"
)

func openMem(t testing.TB) *DB {
	t.Helper()
	db, err := Open(Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// put commits key=value pairs (an empty value deletes) in one transaction.
func put(t testing.TB, db *DB, kv ...string) CommitInfo {
	t.Helper()
	tx := db.Begin()
	for i := 0; i < len(kv); i += 2 {
		var err error
		if kv[i+1] == "" {
			err = tx.Delete(kv[i])
		} else {
			err = tx.Put(kv[i], []byte(kv[i+1]))
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	info, err := tx.Commit()
	if err != nil {
		t.Fatal(err)
	}
	return info
}

func get(t testing.TB, db *DB, key string) (string, bool) {
	t.Helper()
	tx := db.Begin()
	defer tx.Discard()
	it, ok := tx.Get(key)
	return string(it.Value), ok
}

func scanKeys(tx *Txn, start, end string, reverse bool, limit int) string {
	var out []string
	tx.Scan(start, end, reverse, func(k string, it Item) bool {
		out = append(out, k+"="+string(it.Value))
		return len(out) != limit
	})
	return strings.Join(out, " ")
}

func TestGetPutDelete(t *testing.T) {
	db := openMem(t)
	if _, ok := get(t, db, "a"); ok {
		t.Fatal("empty db has a")
	}
	put(t, db, "a", "1", "b", "2")
	if v, ok := get(t, db, "a"); !ok || v != "1" {
		t.Fatalf("a = %q %v", v, ok)
	}
	put(t, db, "a", "3", "b", "")
	if v, _ := get(t, db, "a"); v != "3" {
		t.Fatalf("a = %q", v)
	}
	if _, ok := get(t, db, "b"); ok {
		t.Fatal("b survived its delete")
	}

	// Own writes: visible to the transaction only, until commit.
	tx := db.Begin()
	tx.Put("c", []byte("4"))
	tx.Delete("a")
	if it, ok := tx.Get("c"); !ok || string(it.Value) != "4" || it.Version != 0 || !it.Time.IsZero() {
		t.Fatalf("own write = %+v %v", it, ok)
	}
	if _, ok := tx.Get("a"); ok {
		t.Fatal("own delete not seen")
	}
	if _, ok := get(t, db, "c"); ok {
		t.Fatal("uncommitted write visible")
	}
	tx.Discard()
	if _, err := tx.Commit(); !errors.Is(err, ErrTxnDone) {
		t.Fatalf("commit after discard: %v", err)
	}
	if err := tx.Put("x", nil); !errors.Is(err, ErrTxnDone) {
		t.Fatalf("put after discard: %v", err)
	}
	if _, ok := get(t, db, "c"); ok {
		t.Fatal("discarded write visible")
	}

	// Put copies the value.
	buf := []byte("xyz")
	tx = db.Begin()
	tx.Put("d", buf)
	buf[0] = 'X'
	tx.Commit()
	if v, _ := get(t, db, "d"); v != "xyz" {
		t.Fatalf("d = %q", v)
	}

	// Empty keys and values are fine.
	tx = db.Begin()
	tx.Put("", []byte{})
	tx.Commit()
	if v, ok := get(t, db, ""); !ok || v != "" {
		t.Fatalf(`"" = %q %v`, v, ok)
	}
}

func TestSnapshotIsolation(t *testing.T) {
	db := openMem(t)
	put(t, db, "k", "old")
	tx := db.Begin()
	put(t, db, "k", "new", "n", "1")
	if it, _ := tx.Get("k"); string(it.Value) != "old" {
		t.Fatalf("snapshot saw %q", it.Value)
	}
	if got := scanKeys(tx, "", "", false, 0); got != "k=old" {
		t.Fatalf("snapshot scan = %q", got)
	}
	tx.Discard()
}

func TestScan(t *testing.T) {
	db := openMem(t)
	put(t, db, "a", "1", "b", "2", "c", "3", "d", "4", "e", "5")
	tx := db.Begin()
	defer tx.Discard()
	tx.Put("bb", []byte("own"))
	tx.Put("c", []byte("own3"))
	tx.Delete("d")
	tx.Delete("zz") // deleting a missing key is harmless
	tx.Put("f", []byte("6"))
	for _, c := range []struct {
		start, end string
		reverse    bool
		limit      int
		want       string
	}{
		{"", "", false, 0, "a=1 b=2 bb=own c=own3 e=5 f=6"},
		{"", "", true, 0, "f=6 e=5 c=own3 bb=own b=2 a=1"},
		{"b", "e", false, 0, "b=2 bb=own c=own3"},
		{"b", "e", true, 0, "c=own3 bb=own b=2"},
		{"bb", "bb\x00", false, 0, "bb=own"},
		{"c", "c", false, 0, ""},
		{"d", "c", false, 0, ""},
		{"a", "", false, 2, "a=1 b=2"},
		{"a", "", true, 2, "f=6 e=5"},
		{"d", "e", false, 0, ""},
		{"0", "a", false, 0, ""},
		{"g", "", false, 0, ""},
		{"", "a", true, 0, ""},
		{"b", "ca", true, 0, "c=own3 bb=own b=2"},
	} {
		if got := scanKeys(tx, c.start, c.end, c.reverse, c.limit); got != c.want {
			t.Errorf("Scan(%q, %q, %v) limit %d = %q, want %q", c.start, c.end, c.reverse, c.limit, got, c.want)
		}
	}
	// Items from the snapshot carry their commit.
	tx.Scan("a", "b", false, func(k string, it Item) bool {
		if it.Version != 1 || it.Time.IsZero() {
			t.Errorf("%s: %+v", k, it)
		}
		return true
	})
}

// TestScanModel checks Scan against a sorted map under random writes, both
// directions, random bounds and early stops.
func TestScanModel(t *testing.T) {
	db := openMem(t)
	rng := rand.New(rand.NewPCG(1, 2))
	model := map[string]string{}
	key := func() string { return fmt.Sprintf("k%03d", rng.IntN(300)) }
	for round := 0; round < 40; round++ {
		tx := db.Begin()
		own := map[string]string{}
		for i := 0; i < rng.IntN(50); i++ {
			k := key()
			if rng.IntN(3) == 0 {
				tx.Delete(k)
				own[k] = ""
			} else {
				v := fmt.Sprint(round, i)
				tx.Put(k, []byte(v))
				own[k] = v
			}
		}
		view := maps(model, own)
		checkModel(t, rng, tx, view, round, key)
		if _, err := tx.Commit(); err != nil {
			t.Fatal(err)
		}
		model = view
	}
}

func TestPrefixEnd(t *testing.T) {
	for in, want := range map[string]string{"": "", "a": "b", "ab": "ac", "a\xff": "b", "\xff\xff": ""} {
		if got := PrefixEnd(in); got != want {
			t.Errorf("PrefixEnd(%q) = %q, want %q", in, got, want)
		}
	}
}

// fakeClock returns a fixed time until moved.
type fakeClock struct{ t time.Time }

func (c *fakeClock) now() time.Time { return c.t }

func TestVersionsAndTimes(t *testing.T) {
	clk := &fakeClock{t: time.Date(2025, 1, 2, 3, 4, 5, 6789, time.UTC)}
	db, err := Open(Options{Clock: clk.now})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	i1 := put(t, db, "a", "1")
	if i1.Version != 1 || !i1.Time.Equal(clk.t.Truncate(time.Microsecond)) {
		t.Fatalf("first commit %+v", i1)
	}
	// The clock stands still, then goes back: times still increase by 1µs.
	i2 := put(t, db, "b", "1")
	clk.t = clk.t.Add(-time.Hour)
	i3 := put(t, db, "a", "2")
	if i2.Version != 2 || i3.Version != 3 {
		t.Fatalf("versions %d %d", i2.Version, i3.Version)
	}
	if i2.Time.Sub(i1.Time) != time.Microsecond || i3.Time.Sub(i2.Time) != time.Microsecond {
		t.Fatalf("times %v %v %v", i1.Time, i2.Time, i3.Time)
	}
	clk.t = clk.t.Add(2 * time.Hour)
	i4 := put(t, db, "c", "1")
	if !i4.Time.Equal(clk.t.Truncate(time.Microsecond)) {
		t.Fatalf("clock moved on, commit time %v", i4.Time)
	}
	tx := db.Begin()
	defer tx.Discard()
	if tx.ReadVersion() != 4 {
		t.Fatalf("read version %d", tx.ReadVersion())
	}
	for key, want := range map[string]CommitInfo{"a": i3, "b": i2, "c": i4} {
		it, _ := tx.Get(key)
		if it.Version != want.Version || !it.Time.Equal(want.Time) || it.Time.Location() != time.UTC {
			t.Errorf("%s: %d %v, want %d %v", key, it.Version, it.Time, want.Version, want.Time)
		}
	}
	// A read-only commit reports its snapshot.
	ro := db.Begin()
	ro.Get("a")
	if info, err := ro.Commit(); err != nil || info.Version != 4 || !info.Time.Equal(i4.Time) {
		t.Fatalf("read-only commit %+v %v", info, err)
	}
	st := db.Stats()
	if st.Commits != 4 || st.Keys != 3 || st.Version != 4 || !st.Time.Equal(i4.Time) {
		t.Fatalf("stats %+v", st)
	}
}

func TestRealClock(t *testing.T) {
	db := openMem(t)
	var last time.Time
	for i := 0; i < 100; i++ {
		before := time.Now().Truncate(time.Microsecond)
		info := put(t, db, "k", "v")
		if !info.Time.After(last) || info.Time.Before(before) || info.Time.Nanosecond()%1000 != 0 {
			t.Fatalf("commit %d at %v (previous %v, wall %v)", i, info.Time, last, before)
		}
		last = info.Time
	}
}

func TestLimits(t *testing.T) {
	db := openMem(t)
	tx := db.Begin()
	if err := tx.Put(strings.Repeat("k", MaxKeySize+1), nil); !errors.Is(err, ErrKeyTooLarge) {
		t.Fatalf("big key: %v", err)
	}
	if _, err := tx.Commit(); !errors.Is(err, ErrKeyTooLarge) {
		t.Fatalf("commit after big key: %v", err)
	}
	tx = db.Begin()
	if err := tx.Put("k", make([]byte, MaxValueSize+1)); !errors.Is(err, ErrValueTooLarge) {
		t.Fatalf("big value: %v", err)
	}
	tx.Discard()

	tx = db.Begin()
	if err := tx.Put(strings.Repeat("k", MaxKeySize), make([]byte, 1<<20)); err != nil {
		t.Fatal(err)
	}
	var err error
	for i := 0; i < 17 && err == nil; i++ {
		err = tx.Put(fmt.Sprint(i), make([]byte, 1<<20))
	}
	if !errors.Is(err, ErrTxnTooLarge) {
		t.Fatalf("17 MiB txn: %v", err)
	}
	if _, err := tx.Commit(); !errors.Is(err, ErrTxnTooLarge) {
		t.Fatalf("commit of 17 MiB txn: %v", err)
	}
	if db.Stats().Keys != 0 {
		t.Fatal("a failed txn wrote")
	}

	// Overwriting a key in the buffer frees its size.
	tx = db.Begin()
	for i := 0; i < 40; i++ {
		if err := tx.Put("same", make([]byte, 1<<20)); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
}

func TestViewAndUpdate(t *testing.T) {
	db := openMem(t)
	info, err := db.Update(nil, 0, func(tx *Txn) error { return tx.Put("a", []byte("1")) })
	if err != nil || info.Version != 1 || info.Retries != 0 {
		t.Fatalf("update %+v %v", info, err)
	}
	boom := errors.New("boom")
	if _, err := db.Update(nil, 0, func(tx *Txn) error {
		tx.Put("a", []byte("2"))
		return boom
	}); err != boom {
		t.Fatalf("update error: %v", err)
	}
	if v, _ := get(t, db, "a"); v != "1" {
		t.Fatalf("failed update wrote %q", v)
	}
	if _, err := db.Update(nil, 0, func(tx *Txn) error {
		_, err := tx.Commit()
		return err
	}); !errors.Is(err, ErrManagedTxn) {
		t.Fatalf("commit inside update: %v", err)
	}
	err = db.View(func(tx *Txn) error {
		if it, ok := tx.Get("a"); !ok || string(it.Value) != "1" {
			t.Errorf("view got %q", it.Value)
		}
		return tx.Put("b", nil)
	})
	if !errors.Is(err, ErrReadOnly) {
		t.Fatalf("write in view: %v", err)
	}
}

func TestClosed(t *testing.T) {
	db, _ := Open(Options{})
	put(t, db, "a", "1")
	tx := db.Begin()
	tx.Put("b", []byte("2"))
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Commit(); !errors.Is(err, ErrClosed) {
		t.Fatalf("commit after close: %v", err)
	}
	if err := db.Close(); !errors.Is(err, ErrClosed) {
		t.Fatalf("second close: %v", err)
	}
	if v, _ := get(t, db, "a"); v != "1" {
		t.Fatal("snapshot unreadable after close")
	}
}
