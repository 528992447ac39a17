package store

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

func openDir(t testing.TB, dir string, opts ...func(*Options)) *DB {
	t.Helper()
	o := Options{Dir: dir, SnapshotEvery: -1}
	for _, f := range opts {
		f(&o)
	}
	db, err := Open(o)
	if err != nil {
		t.Fatal(err)
	}
	return db
}

func dirFiles(t testing.TB, dir string) string {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range ents {
		names = append(names, e.Name())
	}
	return strings.Join(names, " ")
}

func TestReopen(t *testing.T) {
	dir := t.TempDir()
	db := openDir(t, dir)
	var infos []CommitInfo
	for i := 0; i < 10; i++ {
		infos = append(infos, put(t, db, fmt.Sprintf("k%d", i), fmt.Sprint(i), "gone", "x"))
	}
	infos = append(infos, put(t, db, "gone", ""))
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	db = openDir(t, dir)
	defer db.Close()
	tx := db.Begin()
	defer tx.Discard()
	for i := 0; i < 10; i++ {
		it, ok := tx.Get(fmt.Sprintf("k%d", i))
		if !ok || string(it.Value) != fmt.Sprint(i) || it.Version != infos[i].Version || !it.Time.Equal(infos[i].Time) {
			t.Fatalf("k%d = %+v %v, want version %d time %v", i, it, ok, infos[i].Version, infos[i].Time)
		}
	}
	if _, ok := tx.Get("gone"); ok {
		t.Fatal("deleted key came back")
	}
	last := infos[len(infos)-1]
	if st := db.Stats(); st.Version != last.Version || !st.Time.Equal(last.Time) || st.Keys != 10 {
		t.Fatalf("stats %+v", st)
	}
	// New commits continue the sequence and the clock.
	if info := put(t, db, "next", "1"); info.Version != last.Version+1 || !info.Time.After(last.Time) {
		t.Fatalf("next commit %+v after %+v", info, last)
	}
}

// TestReopenClockBehind: a restart with a clock behind the last commit time
// still produces increasing commit times.
func TestReopenClockBehind(t *testing.T) {
	dir := t.TempDir()
	clk := &fakeClock{t: time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)}
	db := openDir(t, dir, func(o *Options) { o.Clock = clk.now })
	first := put(t, db, "a", "1")
	db.Close()
	clk.t = clk.t.Add(-24 * time.Hour)
	db = openDir(t, dir, func(o *Options) { o.Clock = clk.now })
	defer db.Close()
	if info := put(t, db, "a", "2"); info.Time.Sub(first.Time) != time.Microsecond {
		t.Fatalf("commit at %v after %v", info.Time, first.Time)
	}
}

func TestLockedDir(t *testing.T) {
	dir := t.TempDir()
	db := openDir(t, dir)
	if _, err := Open(Options{Dir: dir}); !errors.Is(err, ErrLocked) {
		t.Fatalf("second open: %v", err)
	}
	db.Close()
	db = openDir(t, dir)
	db.Close()
}

func TestSnapshotAndReplay(t *testing.T) {
	dir := t.TempDir()
	db := openDir(t, dir)
	for i := 0; i < 100; i++ {
		put(t, db, fmt.Sprintf("k%03d", i), strings.Repeat("v", i), "odd", fmt.Sprint(i%2))
	}
	if err := db.Snapshot(); err != nil {
		t.Fatal(err)
	}
	if got, want := dirFiles(t, dir), "LOCK snap-00000000000000000100.fql wal-00000000000000000101.log"; got != want {
		t.Fatalf("files after snapshot: %s, want %s", got, want)
	}
	st := db.Stats()
	if st.Snapshots != 1 || st.LastSnapshot.Version != 100 || st.LastSnapshot.Bytes == 0 || st.LogRecords != 0 || st.LogBytes != int64(len(walMagic)) {
		t.Fatalf("stats after snapshot %+v", st)
	}
	// No commits since: nothing to do.
	if err := db.Snapshot(); err != nil || db.Stats().Snapshots != 1 {
		t.Fatalf("empty snapshot: %v %+v", err, db.Stats())
	}
	for i := 0; i < 50; i++ {
		put(t, db, fmt.Sprintf("k%03d", i), "", fmt.Sprintf("n%03d", i), "new")
	}
	db.Close()

	check := func(db *DB) {
		t.Helper()
		tx := db.Begin()
		defer tx.Discard()
		if tx.ReadVersion() != 150 {
			t.Fatalf("version %d", tx.ReadVersion())
		}
		for i := 0; i < 100; i++ {
			it, ok := tx.Get(fmt.Sprintf("k%03d", i))
			if i < 50 && ok {
				t.Fatalf("k%03d survived its delete", i)
			}
			if i >= 50 && (!ok || string(it.Value) != strings.Repeat("v", i) || it.Version != uint64(i+1)) {
				t.Fatalf("k%03d = %+v %v", i, it, ok)
			}
		}
		if it, _ := tx.Get("n049"); it.Version != 150 {
			t.Fatalf("n049 = %+v", it)
		}
		if it, _ := tx.Get("odd"); string(it.Value) != "1" || it.Version != 100 {
			t.Fatalf("odd = %+v", it)
		}
	}
	db = openDir(t, dir)
	check(db)
	if err := db.Snapshot(); err != nil {
		t.Fatal(err)
	}
	db.Close()
	if got, want := dirFiles(t, dir), "LOCK snap-00000000000000000150.fql wal-00000000000000000151.log"; got != want {
		t.Fatalf("files after second snapshot: %s, want %s", got, want)
	}
	db = openDir(t, dir)
	check(db)
	db.Close()
}

// TestBackgroundSnapshots: SnapshotEvery triggers snapshots while commits
// go on, and old segments are dropped.
func TestBackgroundSnapshots(t *testing.T) {
	dir := t.TempDir()
	db := openDir(t, dir, func(o *Options) { o.SnapshotEvery = 20 })
	for i := 0; i < 200; i++ {
		put(t, db, fmt.Sprintf("k%03d", i), "v")
	}
	deadline := time.Now().Add(5 * time.Second)
	for db.Stats().Snapshots == 0 && time.Now().Before(deadline) {
		time.Sleep(time.Millisecond)
	}
	st := db.Stats()
	if st.Snapshots == 0 || st.LastSnapshot.Err != nil {
		t.Fatalf("no background snapshot: %+v", st)
	}
	db.Close()
	if n := strings.Count(dirFiles(t, dir), "snap-"); n != 1 {
		t.Fatalf("%d snapshots left: %s", n, dirFiles(t, dir))
	}
	db = openDir(t, dir)
	defer db.Close()
	if st := db.Stats(); st.Keys != 200 || st.Version != 200 {
		t.Fatalf("after reopen %+v", st)
	}
}

func TestCorruptSnapshot(t *testing.T) {
	dir := t.TempDir()
	db := openDir(t, dir)
	put(t, db, "a", "1")
	db.Snapshot()
	put(t, db, "b", "2")
	db.Close()
	path := filepath.Join(dir, snapshotName(1))
	data, _ := os.ReadFile(path)
	data[len(data)-12] ^= 1
	os.WriteFile(path, data, 0o644)
	if _, err := Open(Options{Dir: dir}); !errors.Is(err, ErrCorrupt) {
		t.Fatalf("open with a corrupt snapshot: %v", err)
	}
}

// TestMissingSegment: a gap in the log is reported, not skipped.
func TestMissingSegment(t *testing.T) {
	dir := t.TempDir()
	db := openDir(t, dir)
	put(t, db, "a", "1")
	db.Close()
	os.Remove(filepath.Join(dir, segmentName(1)))
	os.WriteFile(filepath.Join(dir, segmentName(5)), []byte(walMagic), 0o644)
	if _, err := Open(Options{Dir: dir}); !errors.Is(err, ErrCorrupt) {
		t.Fatalf("open with a gap: %v", err)
	}
}

// TestTornTail cuts the log inside its last record at every byte offset
// (buntdb's TestDatabaseFormat) and flips every byte of it: recovery keeps
// every earlier commit, drops the damaged one, and later commits append
// cleanly after the cut.
func TestTornTail(t *testing.T) {
	src := t.TempDir()
	db := openDir(t, src)
	for i := 0; i < 5; i++ {
		put(t, db, fmt.Sprintf("k%d", i), fmt.Sprint(i))
	}
	db.Close()
	seg := filepath.Join(src, segmentName(1))
	fi, _ := os.Stat(seg)
	lastStart := fi.Size()
	db = openDir(t, src)
	put(t, db, "k4", "", "last", "value")
	db.Close()
	whole, err := os.ReadFile(seg)
	if err != nil {
		t.Fatal(err)
	}

	check := func(t *testing.T, data []byte, wantLast bool) {
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, segmentName(1)), data, 0o644); err != nil {
			t.Fatal(err)
		}
		db, err := Open(Options{Dir: dir, SnapshotEvery: -1})
		if err != nil {
			t.Fatal(err)
		}
		_, hasLast := get(t, db, "last")
		_, hasK4 := get(t, db, "k4")
		if hasLast != wantLast || hasK4 == wantLast {
			t.Fatalf("last commit applied %v/%v, want %v", hasLast, !hasK4, wantLast)
		}
		for i := 0; i < 4; i++ {
			if v, _ := get(t, db, fmt.Sprintf("k%d", i)); v != fmt.Sprint(i) {
				t.Fatalf("k%d = %q", i, v)
			}
		}
		wantV := uint64(5)
		if wantLast {
			wantV = 6
		}
		if db.Stats().Version != wantV {
			t.Fatalf("version %d, want %d", db.Stats().Version, wantV)
		}
		// The tail is gone from the file; a new commit follows cleanly.
		put(t, db, "after", "cut")
		db.Close()
		db, err = Open(Options{Dir: dir, SnapshotEvery: -1})
		if err != nil {
			t.Fatal(err)
		}
		if v, _ := get(t, db, "after"); v != "cut" || db.Stats().Version != wantV+1 {
			t.Fatalf("commit after the cut: %q at version %d", v, db.Stats().Version)
		}
		db.Close()
	}
	for cut := lastStart; cut <= int64(len(whole)); cut++ {
		t.Run(fmt.Sprintf("cut=%d", cut), func(t *testing.T) {
			check(t, whole[:cut], cut == int64(len(whole)))
		})
	}
	for i := lastStart; i < int64(len(whole)); i++ {
		t.Run(fmt.Sprintf("flip=%d", i), func(t *testing.T) {
			data := append([]byte(nil), whole...)
			data[i] ^= 0x40
			check(t, data, false)
		})
	}
	// A segment torn inside its magic (a crash while creating it).
	for cut := 0; cut < len(walMagic); cut++ {
		t.Run(fmt.Sprintf("magic=%d", cut), func(t *testing.T) {
			dir := t.TempDir()
			os.WriteFile(filepath.Join(dir, segmentName(1)), []byte(walMagic[:cut]), 0o644)
			db := openDir(t, dir)
			put(t, db, "a", "1")
			db.Close()
			db = openDir(t, dir)
			if v, _ := get(t, db, "a"); v != "1" {
				t.Fatalf("a = %q", v)
			}
			db.Close()
		})
	}
}

// TestDamageBeforeLastSegment: a bad record in a segment that later
// segments follow is corruption, not a torn tail.
func TestDamageBeforeLastSegment(t *testing.T) {
	dir := t.TempDir()
	db := openDir(t, dir)
	put(t, db, "a", "1")
	put(t, db, "b", "1")
	db.Close()
	path := filepath.Join(dir, segmentName(1))
	data, _ := os.ReadFile(path)
	os.WriteFile(path, data[:len(data)-1], 0o644)
	os.WriteFile(filepath.Join(dir, segmentName(3)), []byte(walMagic), 0o644)
	if _, err := Open(Options{Dir: dir}); !errors.Is(err, ErrCorrupt) {
		t.Fatalf("open: %v", err)
	}
}

// TestNoSync: records are still written before Commit returns.
func TestNoSync(t *testing.T) {
	dir := t.TempDir()
	db := openDir(t, dir, func(o *Options) { o.NoSync = true })
	put(t, db, "a", "1")
	if db.Stats().Syncs != 0 {
		t.Fatal("NoSync synced")
	}
	db.Close()
	db = openDir(t, dir)
	defer db.Close()
	if v, _ := get(t, db, "a"); v != "1" {
		t.Fatalf("a = %q", v)
	}
}

// TestCloseDuringCommits: commits racing with Close either succeed, and are
// then on disk, or fail with ErrClosed.
func TestCloseDuringCommits(t *testing.T) {
	dir := t.TempDir()
	db := openDir(t, dir, func(o *Options) { o.SnapshotEvery = 25 })
	var mu sync.Mutex
	var acked []string
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for i := 0; ; i++ {
				key := fmt.Sprintf("g%d/%d", g, i)
				_, err := db.Update(nil, 0, func(tx *Txn) error { return tx.Put(key, []byte(key)) })
				if errors.Is(err, ErrClosed) {
					return
				}
				if err != nil {
					t.Error(err)
					return
				}
				mu.Lock()
				acked = append(acked, key)
				mu.Unlock()
			}
		}(g)
	}
	time.Sleep(50 * time.Millisecond)
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	wg.Wait()
	db = openDir(t, dir)
	defer db.Close()
	for _, key := range acked {
		if v, _ := get(t, db, key); v != key {
			t.Fatalf("%s lost", key)
		}
	}
	if len(acked) == 0 {
		t.Fatal("nothing committed")
	}
}
