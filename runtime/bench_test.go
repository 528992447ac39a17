package runtime_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tidwall/btree"

	"github.com/fqlite/fqlite/eval"
	fqrt "github.com/fqlite/fqlite/runtime"
)

// benchDocs is the number of Customer documents of the lookup benchmarks;
// FQLITE_BENCH_DOCS overrides it (the figure is 1,000,000).
func benchDocs() int {
	if s := os.Getenv("FQLITE_BENCH_DOCS"); s != "" {
		if n, err := strconv.Atoi(s); err == nil && n > 0 {
			return n
		}
	}
	return 1_000_000
}

const customerSchema = `Collection.create({
  name: "Customer",
  indexes: { byEmail: { terms: [{ field: ".email" }] } },
  constraints: [{ unique: ["email"] }]
}) { name }`

// loadCustomers creates n Customer documents in transactions of batch
// documents and returns the elapsed time.
func loadCustomers(b testing.TB, db *fqrt.DB, n, batch int) time.Duration {
	ctx := context.Background()
	if _, err := db.Query(ctx, customerSchema, nil); err != nil {
		b.Fatal(err)
	}
	const q = `Set.sequence(from, until).forEach(i => Customer.create({ email: "user" + i.toString() + "@example.com", name: "User " + i.toString(), age: i % 90 }))`
	start := time.Now()
	for from := 0; from < n; from += batch {
		until := min(from+batch, n)
		_, err := db.Query(ctx, q, &fqrt.QueryOptions{Args: map[string]eval.Value{"from": eval.Number(int64(from)), "until": eval.Number(int64(until))}})
		if err != nil {
			b.Fatal(err)
		}
	}
	return time.Since(start)
}

var (
	lookupOnce sync.Once
	lookupDB   *fqrt.DB
)

func lookupFixture(b *testing.B) *fqrt.DB {
	lookupOnce.Do(func() {
		db, err := fqrt.Open(fqrt.Options{})
		if err != nil {
			b.Fatal(err)
		}
		n := benchDocs()
		d := loadCustomers(b, db, n, 1000)
		var ms runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&ms)
		fmt.Fprintf(os.Stderr, "loaded %d customers in %v (%.0f docs/s), heap in use %.0f MiB\n",
			n, d.Round(time.Millisecond), float64(n)/d.Seconds(), float64(ms.HeapInuse)/(1<<20))
		lookupDB = db
	})
	return lookupDB
}

// BenchmarkIndexedLookup is `Customer.byEmail(e)?.first()` through
// DB.Query (parse cached, one transaction, result materialised) among
// benchDocs() customers. Compare with BenchmarkBtreeGetFloor, the raw
// tidwall/btree Get of a key among as many keys: the goal is ≤ 2× it.
func BenchmarkIndexedLookup(b *testing.B) {
	db := lookupFixture(b)
	n := benchDocs()
	ctx := context.Background()
	rng := rand.New(rand.NewPCG(1, 2))
	emails := make([]eval.Value, 4096)
	for i := range emails {
		emails[i] = eval.String("user" + strconv.Itoa(rng.IntN(n)) + "@example.com")
	}
	args := map[string]eval.Value{}
	opts := &fqrt.QueryOptions{Args: args}
	b.ReportAllocs()
	b.ResetTimer()
	cpu := processCPU()
	defer func() { reportCPU(b, cpu) }()
	for i := 0; i < b.N; i++ {
		args["email"] = emails[i&4095]
		res, err := db.Query(ctx, "Customer.byEmail(email)?.first()", opts)
		if err != nil {
			b.Fatal(err)
		}
		if _, ok := res.Value.(*eval.DocValue); !ok {
			b.Fatalf("got %v", res.Value)
		}
	}
}

// BenchmarkBtreeGetFloor is the floor for BenchmarkIndexedLookup: a Get
// of a random key among benchDocs() string keys in a tidwall/btree.
func BenchmarkBtreeGetFloor(b *testing.B) {
	n := benchDocs()
	type kv struct {
		k string
		v []byte
	}
	tr := btree.NewBTreeGOptions(func(a, b kv) bool { return a.k < b.k }, btree.Options{NoLocks: true})
	keys := make([]string, n)
	for i := 0; i < n; i++ {
		keys[i] = "user" + strconv.Itoa(i) + "@example.com"
		tr.Set(kv{k: keys[i], v: []byte("x")})
	}
	rng := rand.New(rand.NewPCG(1, 2))
	probe := make([]string, 4096)
	for i := range probe {
		probe[i] = keys[rng.IntN(n)]
	}
	b.ReportAllocs()
	b.ResetTimer()
	cpu := processCPU()
	defer func() { reportCPU(b, cpu) }()
	for i := 0; i < b.N; i++ {
		if _, ok := tr.Get(kv{k: probe[i&4095]}); !ok {
			b.Fatal("missing")
		}
	}
}

// BenchmarkBulkLoad creates documents in transactions of 1,000 and reports
// docs/s.
func BenchmarkBulkLoad(b *testing.B) {
	for i := 0; i < b.N; i++ {
		db, err := fqrt.Open(fqrt.Options{})
		if err != nil {
			b.Fatal(err)
		}
		n := 100_000
		d := loadCustomers(b, db, n, 1000)
		b.ReportMetric(float64(n)/d.Seconds(), "docs/s")
		db.Close()
	}
}

// rssMiB is the process's resident set size (Linux; 0 elsewhere).
func rssMiB() float64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, l := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(l, "VmRSS:"); ok {
			kb, _ := strconv.Atoi(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")))
			return float64(kb) / 1024
		}
	}
	return 0
}

// BenchmarkBulkLoadMillion loads benchDocs() documents in transactions of
// 1,000 into a data directory (fsync on each commit) and reports docs/s
// and the resident memory after the load; then it closes the database and
// times reopening it (snapshot load plus log replay).
func BenchmarkBulkLoadMillion(b *testing.B) {
	for i := 0; i < b.N; i++ {
		dir := b.TempDir()
		db, err := fqrt.Open(fqrt.Options{Dir: dir})
		if err != nil {
			b.Fatal(err)
		}
		n := benchDocs()
		d := loadCustomers(b, db, n, 1000)
		runtime.GC()
		b.ReportMetric(float64(n)/d.Seconds(), "docs/s")
		b.ReportMetric(rssMiB(), "RSS-MiB")
		if err := db.Close(); err != nil {
			b.Fatal(err)
		}
		db = nil
		runtime.GC()
		start := time.Now()
		db, err = fqrt.Open(fqrt.Options{Dir: dir})
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(time.Since(start).Seconds(), "open-s")
		res, err := db.Query(context.Background(), `Customer.all().count()`, nil)
		if err != nil {
			b.Fatal(err)
		}
		if got, _ := eval.AsInt64(res.Value); got != int64(n) {
			b.Fatalf("after reopen: %d customers, want %d", got, n)
		}
		db.Close()
	}
}

// BenchmarkQueryOverhead is the fixed cost of a query: compile-cache hit,
// transaction, evaluation of a constant, materialisation.
func BenchmarkQueryOverhead(b *testing.B) {
	db, err := fqrt.Open(fqrt.Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, err := db.Query(ctx, "1", nil); err != nil {
			b.Fatal(err)
		}
	}
}
