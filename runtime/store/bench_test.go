package store

import (
	"fmt"
	"math/rand/v2"
	"sync"
	"testing"
	"time"

	"github.com/tidwall/btree"
)

const benchKeys = 1_000_000

func benchKey(i int) string { return fmt.Sprintf("doc/%09d", i) }

var benchDB = sync.OnceValues(func() (*DB, []string) {
	db, err := Open(Options{})
	if err != nil {
		panic(err)
	}
	keys := make([]string, benchKeys)
	val := make([]byte, 100)
	for i := 0; i < benchKeys; i += 50_000 {
		tx := db.Begin()
		for j := i; j < i+50_000; j++ {
			keys[j] = benchKey(j)
			tx.Put(keys[j], val)
		}
		if _, err := tx.Commit(); err != nil {
			panic(err)
		}
	}
	rand.New(rand.NewPCG(1, 1)).Shuffle(len(keys), func(i, j int) { keys[i], keys[j] = keys[j], keys[i] })
	return db, keys
})

// BenchmarkGet reads random keys among 1,000,000. The btree variants are the
// floor: the same lookups straight on tidwall/btree.
func BenchmarkGet(b *testing.B) {
	db, keys := benchDB()
	b.Run("View", func(b *testing.B) {
		b.ReportAllocs()
		db.View(func(tx *Txn) error {
			for i := 0; b.Loop(); i++ {
				if _, ok := tx.Get(keys[i%len(keys)]); !ok {
					b.Fatal("missing")
				}
			}
			return nil
		})
	})
	b.Run("Txn", func(b *testing.B) {
		// A read-write transaction records each read; a new one every
		// 100 reads, so Begin and the read set are in the cost.
		b.ReportAllocs()
		var tx *Txn
		for i := 0; b.Loop(); i++ {
			if i%100 == 0 {
				if tx != nil {
					tx.Discard()
				}
				tx = db.Begin()
			}
			if _, ok := tx.Get(keys[i%len(keys)]); !ok {
				b.Fatal("missing")
			}
		}
	})
	b.Run("btree/entry", func(b *testing.B) {
		tree, plen := db.Begin().st.tree(keys[0]) // one partition
		b.ReportAllocs()
		for i := 0; b.Loop(); i++ {
			if _, ok := tree.Get(probe(keys[i%len(keys)], plen)); !ok {
				b.Fatal("missing")
			}
		}
	})
	b.Run("btree/string", func(b *testing.B) {
		tree := btree.NewBTreeGOptions(func(a, b string) bool { return a < b }, btree.Options{NoLocks: true})
		for i := 0; i < benchKeys; i++ {
			tree.Load(benchKey(i))
		}
		b.ReportAllocs()
		b.ResetTimer()
		for i := 0; b.Loop(); i++ {
			if _, ok := tree.Get(keys[i%len(keys)]); !ok {
				b.Fatal("missing")
			}
		}
	})
}

// BenchmarkCommit commits transactions of 1,000 puts of 100-byte values
// (new keys in random order), reporting documents per second.
func BenchmarkCommit(b *testing.B) {
	for _, mode := range []string{"memory", "disk", "disk-nosync"} {
		b.Run(mode, func(b *testing.B) {
			opts := Options{SnapshotEvery: -1}
			if mode != "memory" {
				opts.Dir = b.TempDir()
				opts.NoSync = mode == "disk-nosync"
			}
			db, err := Open(opts)
			if err != nil {
				b.Fatal(err)
			}
			defer db.Close()
			rng := rand.New(rand.NewPCG(2, 2))
			val := make([]byte, 100)
			b.ReportAllocs()
			start, cpu := time.Now(), processCPU()
			n := 0
			for b.Loop() {
				tx := db.Begin()
				for j := 0; j < 1000; j++ {
					tx.Put(benchKey(rng.IntN(1<<30)), val)
				}
				if _, err := tx.Commit(); err != nil {
					b.Fatal(err)
				}
				n++
			}
			b.ReportMetric(float64(n*1000)/time.Since(start).Seconds(), "docs/s")
			reportCPU(b, cpu)
		})
	}
}

// BenchmarkCommitParallel commits small transactions (a read and a write of
// one random key among 10,000) from many goroutines: the group commit
// shares fsyncs between them.
func BenchmarkCommitParallel(b *testing.B) {
	for _, mode := range []string{"memory", "disk"} {
		b.Run(mode, func(b *testing.B) {
			opts := Options{SnapshotEvery: -1}
			if mode == "disk" {
				opts.Dir = b.TempDir()
			}
			db, err := Open(opts)
			if err != nil {
				b.Fatal(err)
			}
			defer db.Close()
			b.ReportAllocs()
			b.SetParallelism(16)
			start := time.Now()
			b.RunParallel(func(pb *testing.PB) {
				rng := rand.New(rand.NewPCG(rand.Uint64(), 3))
				val := make([]byte, 100)
				for pb.Next() {
					key := benchKey(rng.IntN(10_000))
					if _, err := db.Update(nil, 100, func(tx *Txn) error {
						tx.Get(key)
						return tx.Put(key, val)
					}); err != nil {
						b.Error(err)
						return
					}
				}
			})
			st := db.Stats()
			b.ReportMetric(float64(st.Commits)/time.Since(start).Seconds(), "commits/s")
			if st.Commits > 0 && mode == "disk" {
				b.ReportMetric(float64(st.Commits)/float64(max(st.Syncs, 1)), "commits/sync")
			}
		})
	}
}

// BenchmarkScan reads 100 consecutive keys from a random start among
// 1,000,000, forward, backward, and with 10 of the transaction's own
// writes merged in.
func BenchmarkScan(b *testing.B) {
	db, keys := benchDB()
	run := func(b *testing.B, reverse bool, own bool) {
		b.ReportAllocs()
		for i := 0; b.Loop(); i++ {
			tx := db.Begin()
			start := keys[i%len(keys)]
			if own {
				for j := 0; j < 10; j++ {
					tx.Put(start+fmt.Sprint(j), nil)
				}
			}
			n := 0
			end := ""
			if reverse {
				start, end = "", start
			}
			tx.Scan(start, end, reverse, func(string, Item) bool {
				n++
				return n < 100
			})
			tx.Discard()
		}
	}
	b.Run("forward", func(b *testing.B) { run(b, false, false) })
	b.Run("reverse", func(b *testing.B) { run(b, true, false) })
	b.Run("forward+own", func(b *testing.B) { run(b, false, true) })
}
