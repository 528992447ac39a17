package eval_test

import (
	"strings"
	"testing"
	"time"

	"github.com/fqlite/fqlite/eval"
	"github.com/fqlite/fqlite/lang"
)

// Benchmarks for the language core (issue 4's speed targets). Run with
//
//	go test ./eval -run XXX -bench . -benchmem

const oneLiner = `Customer.byEmail(email)?.first()`

// BenchmarkParse measures a parse of a typical one-line query without
// caching. Target: ≤ 15 µs/op.
func BenchmarkParse(b *testing.B) {
	src := lang.NewSource(lang.QuerySourceName, oneLiner)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := lang.ParseQuery(src); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkParseAndCompile adds the compilation to closures.
func BenchmarkParseAndCompile(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := eval.CompileText(oneLiner, "email"); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCacheHit measures the lookup of an already compiled query, what
// a repeated driver template costs. Target: ≤ 200 ns/op.
func BenchmarkCacheHit(b *testing.B) {
	c := eval.NewCache(64)
	if _, err := c.Compile(oneLiner, "email"); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := c.Compile(oneLiner, "email"); err != nil {
			b.Fatal(err)
		}
	}
}

const predicate = `doc.age > 18 && doc.name.startsWith("A") && doc.tags.includes("x")`

func predicateDoc() *eval.Object {
	return eval.ObjectOf(
		"name", eval.String("Alice"),
		"age", eval.Int(30),
		"tags", eval.NewArray([]eval.Value{eval.String("a"), eval.String("x")}),
	)
}

// BenchmarkPredicate evaluates a compiled predicate on a bound object.
// Target: 0 allocs/op and ≤ 2× BenchmarkPredicateGoClosures.
func BenchmarkPredicate(b *testing.B) {
	prog, err := eval.CompileText(predicate, "doc")
	if err != nil {
		b.Fatal(err)
	}
	doc := predicateDoc()
	th := eval.NewThread(time.Now())
	if v, err := prog.Eval(th, doc); err != nil || v != eval.True {
		b.Fatalf("predicate = %v, %v", v, err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if v, _ := prog.Eval(th, doc); v != eval.True {
			b.Fatal("predicate false")
		}
	}
}

// BenchmarkPredicateGoClosures is the floor for BenchmarkPredicate: the
// same predicate as a hand-written tree of Go closures over a dynamic
// document (map[string]any), the shape an interpreter without a compiler
// would build by hand.
func BenchmarkPredicateGoClosures(b *testing.B) {
	type node func(doc map[string]any) any
	field := func(name string) node { return func(d map[string]any) any { return d[name] } }
	gt := func(l node, n int) node {
		return func(d map[string]any) any { v, ok := l(d).(int); return ok && v > n }
	}
	startsWith := func(l node, p string) node {
		return func(d map[string]any) any { s, ok := l(d).(string); return ok && strings.HasPrefix(s, p) }
	}
	includes := func(l node, x string) node {
		return func(d map[string]any) any {
			arr, _ := l(d).([]any)
			for _, e := range arr {
				if e == x {
					return true
				}
			}
			return false
		}
	}
	and := func(l, r node) node {
		return func(d map[string]any) any { return l(d).(bool) && r(d).(bool) }
	}
	pred := and(and(gt(field("age"), 18), startsWith(field("name"), "A")), includes(field("tags"), "x"))
	doc := map[string]any{"name": "Alice", "age": 30, "tags": []any{"a", "x"}}
	b.ReportAllocs()
	for b.Loop() {
		if pred(doc) != true {
			b.Fatal("predicate false")
		}
	}
}

// BenchmarkFib20 runs a recursive lambda (FQL has no recursion through
// let, so the function receives itself).
func BenchmarkFib20(b *testing.B) {
	prog, err := eval.CompileText(`let fib = (f, n) => if (n < 2) n else f(f, n - 1) + f(f, n - 2)
fib(fib, 20)`)
	if err != nil {
		b.Fatal(err)
	}
	th := eval.NewThread(time.Now())
	b.ReportAllocs()
	for b.Loop() {
		v, err := prog.Eval(th)
		if err != nil || v != eval.Value(eval.Int(6765)) {
			b.Fatalf("fib(20) = %v, %v", v, err)
		}
	}
}
