package store

import (
	"encoding/binary"
	"math/rand/v2"
	"runtime"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/tidwall/btree"
)

// fqlitePartition is the partitioning the runtime package uses: a
// document or named key ("d"/"n" + coll(8)) and an index or unique entry
// ("i"/"u" + coll(8) + index(4)) live with the keys of their collection or
// index; everything else is partitioned by its first byte.
func fqlitePartition(key string) int {
	if key == "" {
		return 0
	}
	switch key[0] {
	case 'd', 'n':
		return min(9, len(key))
	case 'i', 'u':
		return min(13, len(key))
	}
	return 1
}

const (
	benchColl = 0x0000_0001_0000_0400 // a collection id
	benchIdx  = 7                     // the byEmail index
	benchUniq = 3                     // the unique(email) constraint
)

// benchEmail is the indexed term of customer i.
func benchEmail(i int) string { return "user" + strconv.Itoa(i) + "@example.com" }

// benchID is customer i's document id (order unrelated to i).
func benchID(i int) int64 {
	return 400_000_000_000_000_000 + int64(uint64(i)*0x9E3779B97F4A7C15>>8)%100_000_000_000_000_000
}

func appendBenchID(b []byte, id int64) []byte {
	return binary.BigEndian.AppendUint64(b, uint64(id)^(1<<63))
}

// benchTerms is the encoded index term of customer i: string class byte,
// the string and its terminator.
func benchTerms(b []byte, i int) []byte {
	b = append(b, 0x30)
	b = append(b, benchEmail(i)...)
	return append(b, 0x00, 0x01)
}

func benchDocKey(i int) string {
	b := make([]byte, 0, 17)
	b = binary.BigEndian.AppendUint64(append(b, 'd'), benchColl)
	return string(appendBenchID(b, benchID(i)))
}

// benchIndexPrefix is the key prefix of customer i's entry in the index:
// Seek(prefix) finds the entry without knowing the id.
func benchIndexPrefix(i int) string {
	b := make([]byte, 0, 64)
	b = binary.BigEndian.AppendUint64(append(b, 'i'), benchColl)
	b = binary.BigEndian.AppendUint32(b, benchIdx)
	return string(benchTerms(b, i))
}

func benchIndexKey(i int) string {
	return string(appendBenchID([]byte(benchIndexPrefix(i)), benchID(i)))
}

func benchUniqueKey(i int) string {
	b := make([]byte, 0, 64)
	b = binary.BigEndian.AppendUint64(append(b, 'u'), benchColl)
	b = binary.BigEndian.AppendUint32(b, benchUniq)
	return string(benchTerms(b, i))
}

// loadPartitioned commits customers [from, to) (a document, an index entry
// and a unique entry each) in commits of batch customers.
func loadPartitioned(db *DB, from, to, batch int) error {
	doc := make([]byte, 100)
	for ; from < to; from += batch {
		tx := db.Begin()
		for i := from; i < min(from+batch, to); i++ {
			id := appendBenchID(nil, benchID(i))
			tx.Put(benchDocKey(i), doc)
			tx.Put(benchIndexKey(i), nil)
			tx.Put(benchUniqueKey(i), id)
		}
		if _, err := tx.Commit(); err != nil {
			return err
		}
	}
	return nil
}

// benchPartitioned is 1,000,000 customers in a partitioned store and the
// customer numbers in a random order.
var benchPartitioned = sync.OnceValues(func() (*DB, []int) {
	db, err := Open(Options{Partition: fqlitePartition})
	if err != nil {
		panic(err)
	}
	if err := loadPartitioned(db, 0, benchKeys, 50_000); err != nil {
		panic(err)
	}
	order := make([]int, benchKeys)
	for i := range order {
		order[i] = i
	}
	rand.New(rand.NewPCG(3, 3)).Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
	return db, order
})

// BenchmarkLookup looks up one customer among 1,000,000 (3,000,000 keys)
// the ways the runtime does: a Get of an index entry or a document, and a
// seek (a Scan stopped after one key) to an index term. btree/string is the
// floor: a Get on a plain tidwall/btree of the 1,000,000 emails.
func BenchmarkLookup(b *testing.B) {
	db, order := benchPartitioned()
	n := len(order)
	keys := make([]string, n)
	for i, c := range order {
		keys[i] = benchIndexKey(c)
	}
	docs := make([]string, n)
	for i, c := range order {
		docs[i] = benchDocKey(c)
	}
	prefixes := make([]string, n)
	for i, c := range order {
		prefixes[i] = benchIndexPrefix(c)
	}
	b.Run("Get/index", func(b *testing.B) {
		b.ReportAllocs()
		cpu := processCPU()
		db.View(func(tx *Txn) error {
			for i := 0; b.Loop(); i++ {
				if _, ok := tx.Get(keys[i%n]); !ok {
					b.Fatal("missing")
				}
			}
			return nil
		})
		reportCPU(b, cpu)
	})
	b.Run("Get/doc", func(b *testing.B) {
		b.ReportAllocs()
		cpu := processCPU()
		db.View(func(tx *Txn) error {
			for i := 0; b.Loop(); i++ {
				if _, ok := tx.Get(docs[i%n]); !ok {
					b.Fatal("missing")
				}
			}
			return nil
		})
		reportCPU(b, cpu)
	})
	seek := func(b *testing.B, readonly bool) {
		b.ReportAllocs()
		cpu := processCPU()
		var tx *Txn
		for i := 0; b.Loop(); i++ {
			if tx == nil || i%100 == 0 {
				if tx != nil {
					tx.Discard()
				}
				tx = db.Begin()
				tx.readonly = readonly
			}
			p := prefixes[i%n]
			found := false
			tx.Scan(p, PrefixEnd(p), false, func(string, Item) bool {
				found = true
				return false
			})
			if !found {
				b.Fatal("missing")
			}
		}
		tx.Discard()
		reportCPU(b, cpu)
	}
	b.Run("Seek/View", func(b *testing.B) { seek(b, true) })
	b.Run("Seek/Txn", func(b *testing.B) { seek(b, false) })
	b.Run("btree/string", func(b *testing.B) {
		tree := btree.NewBTreeGOptions(func(a, b string) bool { return a < b }, btree.Options{NoLocks: true})
		for i := 0; i < n; i++ {
			tree.Set(benchEmail(i))
		}
		emails := make([]string, n)
		for i, c := range order {
			emails[i] = benchEmail(c)
		}
		b.ReportAllocs()
		b.ResetTimer()
		cpu := processCPU()
		for i := 0; b.Loop(); i++ {
			if _, ok := tree.Get(emails[i%n]); !ok {
				b.Fatal("missing")
			}
		}
		reportCPU(b, cpu)
	})
}

// BenchmarkLoadPartitioned loads 1,000,000 customers (3,000,000 keys) into
// a fresh partitioned store in memory, in commits of 1,000 puts (333
// customers), and reports the throughput, the heap in use afterwards and
// the time of a full GC with the store live. Run it with -benchtime=1x.
func BenchmarkLoadPartitioned(b *testing.B) {
	for b.Loop() {
		runtime.GC()
		var before runtime.MemStats
		runtime.ReadMemStats(&before)
		db, err := Open(Options{Partition: fqlitePartition})
		if err != nil {
			b.Fatal(err)
		}
		start, cpu := time.Now(), processCPU()
		if err := loadPartitioned(db, 0, benchKeys, 333); err != nil {
			b.Fatal(err)
		}
		d := time.Since(start)
		b.ReportMetric(float64(3*benchKeys)/d.Seconds(), "puts/s")
		b.ReportMetric(float64(processCPU()-cpu)/float64(3*benchKeys), "cpu-ns/put")
		gcStart := time.Now()
		runtime.GC()
		b.ReportMetric(float64(time.Since(gcStart).Microseconds())/1000, "gc-ms")
		var after runtime.MemStats
		runtime.ReadMemStats(&after)
		b.ReportMetric(float64(after.HeapInuse-before.HeapInuse)/(1<<20), "heap-MiB")
		b.ReportMetric(float64(after.HeapObjects-before.HeapObjects), "heap-objs")
		if db.Stats().Keys != 3*benchKeys {
			b.Fatalf("%d keys", db.Stats().Keys)
		}
		runtime.KeepAlive(db)
	}
}

// BenchmarkCommitPartitioned commits transactions of 1,000 puts of
// fqlite-like keys (333 customers: document, index and unique entries) to
// a partitioned store that grows, reporting puts per second.
func BenchmarkCommitPartitioned(b *testing.B) {
	for _, mode := range []string{"memory", "disk-nosync"} {
		b.Run(mode, func(b *testing.B) {
			opts := Options{SnapshotEvery: -1, Partition: fqlitePartition}
			if mode != "memory" {
				opts.Dir = b.TempDir()
				opts.NoSync = true
			}
			db, err := Open(opts)
			if err != nil {
				b.Fatal(err)
			}
			defer db.Close()
			b.ReportAllocs()
			start, cpu := time.Now(), processCPU()
			n := 0
			for b.Loop() {
				if err := loadPartitioned(db, n*333, n*333+333, 333); err != nil {
					b.Fatal(err)
				}
				n++
			}
			b.ReportMetric(float64(n*999)/time.Since(start).Seconds(), "puts/s")
			b.ReportMetric(float64(processCPU()-cpu)/float64(n*999), "cpu-ns/put")
		})
	}
}
