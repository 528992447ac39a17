package runtime_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/fqlite/fqlite/eval"
	fqrt "github.com/fqlite/fqlite/runtime"
)

// The index sets and scanned documents of a query live in memory the next
// query reuses (the query arena). These tests keep what one query returns
// (documents, cursors, functions) while many other queries run, then check
// that it still says what it said.

func arenaFixture(t *testing.T) (*fqrt.DB, func(q string, args map[string]eval.Value) eval.Value) {
	t.Helper()
	db, err := fqrt.Open(fqrt.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	ctx := context.Background()
	run := func(q string, args map[string]eval.Value) eval.Value {
		t.Helper()
		res, err := db.Query(ctx, q, &fqrt.QueryOptions{Args: args})
		if err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		return res.Value
	}
	run(`Collection.create({ name: "P", indexes: { byE: { terms: [{ field: ".e" }] }, byK: { terms: [{ field: ".k" }], values: [{ field: ".e" }] } } }) { name }`, nil)
	run(`Set.sequence(0, 40).forEach(i => P.create({ id: i + 1, e: "e" + i.toString(), k: i % 4 }))`, nil)
	return db, run
}

// churn runs lookups and scans of other documents, which reuse the arena.
func churn(run func(string, map[string]eval.Value) eval.Value) {
	for i := 0; i < 50; i++ {
		run(`P.byE(e)!.first()`, map[string]eval.Value{"e": eval.String(fmt.Sprintf("e%d", 39-i%20))})
		run(`P.byK(1).take(9).toArray()`, nil)
	}
}

func render(v eval.Value) string { return eval.RenderFQL(v, time.Time{}) }

func TestResultDocumentsOutliveTheArena(t *testing.T) {
	_, run := arenaFixture(t)
	one := run(`P.byE("e0").first()`, nil)
	many := run(`P.byK(1).toArray()`, nil)
	page := run(`P.byK(3)`, nil)
	before := []string{render(one), render(many), render(page)}
	churn(run)
	after := []string{render(one), render(many), render(page)}
	for i := range before {
		if before[i] != after[i] {
			t.Errorf("result %d changed:\nbefore %s\nafter %s", i, before[i], after[i])
		}
	}
	if _, id, _ := one.(*eval.DocValue).Doc.DocKey(); id != "1" {
		t.Errorf("the document's id is now %s", id)
	}
}

func TestCursorsOutliveTheArena(t *testing.T) {
	_, run := arenaFixture(t)
	for _, q := range []string{`P.byK(2).paginate(3)`, `P.byK(2).where(.e != "e2").paginate(3)`, `P.all().paginate(3)`} {
		first := run(q, nil).(*eval.Object)
		after, ok := first.Get("after")
		if !ok {
			t.Fatalf("%s: no cursor in %s", q, render(first))
		}
		churn(run)
		next := run(`Set.paginate(after).data.map(.e)`, map[string]eval.Value{"after": after})
		want := run(strings.TrimSuffix(q, ".paginate(3)")+`.toArray().map(.e).drop(3).take(3)`, nil)
		if render(want) != render(next) {
			t.Errorf("%s: the second page is %s, want %s", q, render(next), render(want))
		}
	}
}

func TestFunctionResultsOutliveTheArena(t *testing.T) {
	_, run := arenaFixture(t)
	f := run(`let d = P.byE("e5").first()!
let s = P.byK(0)
() => [d.e, s.first()!.e]`, nil)
	churn(run)
	got := run(`f()`, map[string]eval.Value{"f": f})
	if want := "[\n  \"e5\",\n  \"e0\"\n]"; render(got) != want {
		t.Errorf("f() = %s, want %s", render(got), want)
	}
}

func TestAbortValuesOutliveTheArena(t *testing.T) {
	db, run := arenaFixture(t)
	_, err := db.Query(context.Background(), `abort(P.byE("e7").first())`, nil)
	e, ok := err.(*eval.Error)
	if !ok || e.Abort == nil {
		t.Fatalf("got %v, want an abort error", err)
	}
	before := render(e.Abort)
	churn(run)
	if after := render(e.Abort); after != before {
		t.Errorf("the abort value changed:\nbefore %s\nafter %s", before, after)
	}
	dv, ok := e.Abort.(*eval.DocValue)
	if !ok {
		t.Fatalf("the abort value is %T, want a document", e.Abort)
	}
	if _, id, _ := dv.Doc.DocKey(); id != "8" {
		t.Errorf("the abort value's document is now %s, want 8", id)
	}
}

// A null in a result may name a document: a missing field's receiver, a
// deleted document. Used again as an argument, it must still name it.
func TestNullResultsOutliveTheArena(t *testing.T) {
	db, run := arenaFixture(t)
	run(`Collection.create({ name: "Q" }) { name }`, nil)
	run(`Set.sequence(0, 20).forEach(i => Q.create({ id: i + 100 }))`, nil)
	missing := run(`P.byE("e0").first()!.nosuch`, nil)
	deleted := run(`let d = P.byE("e3").first()!
d.delete()
d?.e`, nil)
	for i := 0; i < 5; i++ {
		run(`Q.all().take(5).toArray()`, nil)
		churn(run)
	}
	failure := func(q string, x eval.Value) string {
		_, err := db.Query(context.Background(), q, &fqrt.QueryOptions{Args: map[string]eval.Value{"x": x}})
		if err == nil {
			t.Fatalf("%s: no error", q)
		}
		return err.Error()
	}
	if err := failure(`x()`, missing); !strings.Contains(err, "on `P`") {
		t.Errorf("calling the missing field's null: %s, want it to name P", err)
	}
	if err := failure(`x!`, deleted); !strings.Contains(err, "id 4") {
		t.Errorf("asserting the deleted document's null: %s, want it to name document 4", err)
	}
}

// Queries on many goroutines take pooled environments, and their arenas,
// from one another: each still sees its own documents.
func TestConcurrentLookupsKeepTheirDocuments(t *testing.T) {
	db, _ := arenaFixture(t)
	var wg sync.WaitGroup
	errs := make(chan string, 8)
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for i := 0; i < 200; i++ {
				n := (g*200 + i) % 40
				res, err := db.Query(context.Background(), `P.byE(e)!.first()`, &fqrt.QueryOptions{Args: map[string]eval.Value{"e": eval.String(fmt.Sprintf("e%d", n))}})
				if err != nil {
					errs <- err.Error()
					return
				}
				if _, id, _ := res.Value.(*eval.DocValue).Doc.DocKey(); id != fmt.Sprint(n+1) {
					errs <- fmt.Sprintf("e%d: got document %s", n, id)
					return
				}
			}
		}(g)
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}
