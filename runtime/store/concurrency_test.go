package store

import (
	"context"
	"encoding/binary"
	"fmt"
	"math/rand/v2"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

const (
	accounts       = 20
	initialBalance = 1000
)

func account(i int) string { return fmt.Sprintf("acct/%03d", i) }

func balance(it Item) int64 { return int64(binary.LittleEndian.Uint64(it.Value)) }

func encBalance(n int64) []byte { return binary.LittleEndian.AppendUint64(nil, uint64(n)) }

// total sums the balances in one snapshot, by point reads or by a scan.
func total(tx *Txn, scan bool) (sum int64, n int) {
	if scan {
		tx.Scan("acct/", PrefixEnd("acct/"), false, func(_ string, it Item) bool {
			sum += balance(it)
			n++
			return true
		})
		return sum, n
	}
	for i := 0; i < accounts; i++ {
		if it, ok := tx.Get(account(i)); ok {
			sum += balance(it)
			n++
		}
	}
	return sum, n
}

// TestConcurrentTransfers runs 32 goroutines moving money between accounts
// with read-modify-write transactions while readers check, in every
// snapshot, that no money appears or disappears: each commit applies whole
// or not at all, and lost updates are turned into retries.
func TestConcurrentTransfers(t *testing.T) {
	for _, durable := range []bool{false, true} {
		t.Run(fmt.Sprintf("durable=%v", durable), func(t *testing.T) {
			opts := Options{}
			perWorker := 150
			if durable {
				opts.Dir = t.TempDir()
				opts.SnapshotEvery = 500 // snapshots while transfers run
				perWorker = 40
			}
			if testing.Short() {
				perWorker /= 4
			}
			db, err := Open(opts)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			if _, err := db.Update(nil, 1, func(tx *Txn) error {
				for i := 0; i < accounts; i++ {
					tx.Put(account(i), encBalance(initialBalance))
				}
				return nil
			}); err != nil {
				t.Fatal(err)
			}
			want := int64(accounts * initialBalance)

			var wg sync.WaitGroup
			var moved, commits atomic.Int64
			stop := make(chan struct{})
			var readers sync.WaitGroup
			for r := 0; r < 2; r++ {
				readers.Add(1)
				go func(scan bool) {
					defer readers.Done()
					for {
						select {
						case <-stop:
							return
						default:
						}
						db.View(func(tx *Txn) error {
							if sum, n := total(tx, scan); sum != want || n != accounts {
								t.Errorf("snapshot %d: total %d over %d accounts, want %d", tx.ReadVersion(), sum, n, want)
							}
							return nil
						})
					}
				}(r == 1)
			}
			for w := 0; w < 32; w++ {
				wg.Add(1)
				go func(w int) {
					defer wg.Done()
					rng := rand.New(rand.NewPCG(uint64(w), 7))
					for i := 0; i < perWorker; i++ {
						from, to := rng.IntN(accounts), rng.IntN(accounts-1)
						if to >= from {
							to++
						}
						amount := int64(rng.IntN(50))
						_, err := db.Update(context.Background(), 1000, func(tx *Txn) error {
							a, _ := tx.Get(account(from))
							b, _ := tx.Get(account(to))
							if balance(a) < amount {
								return nil // a read-only commit
							}
							tx.Put(account(from), encBalance(balance(a)-amount))
							return tx.Put(account(to), encBalance(balance(b)+amount))
						})
						if err != nil {
							t.Error(err)
							return
						}
						moved.Add(amount)
						commits.Add(1)
					}
				}(w)
			}
			wg.Wait()
			close(stop)
			readers.Wait()

			check := func(db *DB) {
				db.View(func(tx *Txn) error {
					for _, scan := range []bool{false, true} {
						if sum, n := total(tx, scan); sum != want || n != accounts {
							t.Errorf("final total %d over %d accounts, want %d", sum, n, want)
						}
					}
					return nil
				})
			}
			check(db)
			st := db.Stats()
			t.Logf("%d transfers, %d commits, %d conflicts, %d retries, %d syncs, %d snapshots",
				commits.Load(), st.Commits, st.Conflicts, st.Retries, st.Syncs, st.Snapshots)
			if st.Retries != st.Conflicts {
				t.Errorf("%d retries for %d conflicts", st.Retries, st.Conflicts)
			}
			if durable {
				if err := db.Close(); err != nil {
					t.Fatal(err)
				}
				db2, err := Open(opts)
				if err != nil {
					t.Fatal(err)
				}
				defer db2.Close()
				if db2.Stats().Version != st.Version {
					t.Errorf("reopened at version %d, want %d", db2.Stats().Version, st.Version)
				}
				check(db2)
			}
		})
	}
}

// TestSnapshotsStable: a snapshot reads the same data however many commits
// (puts and deletes, which rebalance the tree) happen after it: the
// copy-on-write never touches a published tree.
func TestSnapshotsStable(t *testing.T) {
	db := openMem(t)
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		rng := rand.New(rand.NewPCG(9, 9))
		for {
			select {
			case <-stop:
				return
			default:
			}
			tx := db.Begin()
			for i := 0; i < 1+rng.IntN(200); i++ {
				k := fmt.Sprintf("k%05d", rng.IntN(5000))
				if rng.IntN(2) == 0 {
					tx.Delete(k)
				} else {
					tx.Put(k, []byte(k))
				}
			}
			if _, err := tx.Commit(); err != nil {
				t.Error(err)
				return
			}
		}
	}()
	dump := func(tx *Txn) string {
		var b []byte
		tx.Scan("", "", false, func(k string, it Item) bool {
			b = fmt.Appendf(b, "%s=%s@%d ", k, it.Value, it.Version)
			return true
		})
		return string(b)
	}
	var readers sync.WaitGroup
	for r := 0; r < 2; r++ {
		readers.Add(1)
		go func() {
			defer readers.Done()
			// Read until the writer has committed enough to matter (a loaded
			// machine may starve it for a while), within a time limit.
			deadline := time.Now().Add(10 * time.Second)
			for i := 0; i < 100 || (db.Stats().Commits < 10 && time.Now().Before(deadline)); i++ {
				tx := db.Begin()
				before := dump(tx)
				for j := 0; j < 3; j++ {
					runtime.Gosched()
				}
				if after := dump(tx); after != before {
					t.Errorf("snapshot %d changed", tx.ReadVersion())
					return
				}
				tx.Discard()
			}
		}()
	}
	readers.Wait()
	close(stop)
	wg.Wait()
	if db.Stats().Commits < 10 {
		t.Fatalf("only %d commits while reading", db.Stats().Commits)
	}
}

// TestReadOwnCommit checks that a commit is visible to the committer's
// next transaction as soon as Commit returns, while other goroutines
// commit to the same durable log: the group commit publishes each
// committer's state even when a newer state is not durable yet.
func TestReadOwnCommit(t *testing.T) {
	db, err := Open(Options{Dir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 100; i++ {
				key := fmt.Sprintf("w/%d/%d", g, i)
				tx := db.Begin()
				tx.Put(key, []byte("x"))
				info, err := tx.Commit()
				if err != nil {
					t.Error(err)
					return
				}
				rd := db.Begin()
				if rd.ReadVersion() < info.Version {
					t.Errorf("after commit %d the next snapshot is %d", info.Version, rd.ReadVersion())
				}
				if _, ok := rd.Get(key); !ok {
					t.Errorf("own write %s not visible after its commit", key)
				}
				rd.Discard()
			}
		}()
	}
	wg.Wait()
}
