package stdlib

import (
	"math"
	"strings"
	"testing"
	"time"

	"github.com/fqlite/fqlite/eval"
	_ "github.com/fqlite/fqlite/internal/golden" // accepts -update
)

var testNow = time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)

// run evaluates a query and returns its result in FQL notation on one
// line (or the error's first line) and its log lines.
func run(t testing.TB, query string) (string, []string) {
	t.Helper()
	th := eval.NewThread(testNow)
	prog, err := eval.CompileText(query)
	var v eval.Value
	if err == nil {
		v, err = eval.Run(th, prog)
	}
	var logs []string
	for _, l := range th.Logs {
		logs = append(logs, l.Text)
	}
	if err != nil {
		e := eval.AsError(err)
		return e.Code + ": " + e.Message, logs
	}
	out := eval.RenderFQL(v, testNow)
	out = strings.Join(strings.Fields(out), " ")
	return out, logs
}

func TestIterable(t *testing.T) {
	cases := []struct {
		query, want string
		logs        string // "" = not checked
	}{
		// Fauna's sort order: equal arrays are equal (no `<` quirk), so the
		// sort is stable; an ID sorts after strings and numbers by kind.
		{query: `[[2], [1], [2], [1.0]].order()`, want: `[ [ 1 ], [ 1.0 ], [ 2 ], [ 2 ] ]`},
		{query: `[{ b: 1, a: 2 }, { a: 1 }, { a: 2, b: 0 }].order()`, want: `[ { a: 1 }, { a: 2, b: 0 }, { b: 1, a: 2 } ]`},
		{query: `[3, 1, 2].order(desc(x => x), x => x)`, want: `[ 3, 2, 1 ]`},
		{query: `[1, 2].order(x => { log(x); 0 }, x => { log(x * 10); 0 })`, want: `[ 1, 2 ]`, logs: "1 10 2 20"},
		// distinct hashes like Scala: 1 and 1.0 differ, 0 and 0.0 collide.
		{query: `[1, 1.0, 0, 0.0, "a", "a", [1], [1]].distinct()`, want: `[ 1, 1.0, 0, "a", [ 1 ] ]`},
		{query: `[{ a: 1, b: 2 }, { b: 2, a: 1 }].distinct()`, want: `[ { a: 1, b: 2 } ]`},
		{query: `[3, 1, 3, 2].toSet().distinct().toArray()`, want: `[ 1, 2, 3 ]`},
		// Predicates of a lazy where run over a first chunk of 16.
		{query: `Set.sequence(0, 40).where(x => { log(x); x > 0 }).first()`, want: `1`, logs: "0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15"},
		{query: `[1, 2, 3].toSet().map(x => { log(x); x }).first()`, want: `1`, logs: "1"},
		{query: `[1, 2, 3].toSet().map(x => { log(x); x }).last()`, want: `3`, logs: "3"},
		// Reversing sequences and mapped sets does not read them.
		{query: `Set.sequence(0, 100000).reverse().first()`, want: `99999`},
		{query: `Set.sequence(0, 100000).map(x => x * 2).reverse().first()`, want: `199998`},
		{query: `Set.sequence(0, 100000).take(20000).reverse().first()`, want: `value_too_large: Value too large: exceeded maximum number of elements (limit=16000).`},
		{query: `[1, 2, 3].toSet().reverse().reverse().toArray()`, want: `[ 1, 2, 3 ]`},
		{query: `Set.single(1).concat([2, 3].toSet()).reverse().toArray()`, want: `[ 3, 2, 1 ]`},
		{query: `[3, 1, 2].toSet().order(desc(x => x)).reverse().toArray()`, want: `[ 1, 2, 3 ]`},
		{query: `[[1, 2], [3]].toSet().flatMap(x => x.toSet()).reverse().toArray()`, want: `[ 3, 2, 1 ]`},
		{query: `[1, 2, 3].toSet().foldRight([], (acc, x) => acc.append(x))`, want: `[ 3, 2, 1 ]`},
		{query: `[1, 2, 3].toSet().lastWhere(x => x < 3)`, want: `2`},
		// take stops without reading further; drop ignores negatives.
		{query: `Set.sequence(0, 10).map(x => { log(x); x }).take(2).toArray()`, want: `[ 0, 1 ]`, logs: "0 1"},
		{query: `[1, 2, 3].toSet().drop(-1).toArray()`, want: `[ 1, 2, 3 ]`},
		{query: `[1, 2, 3].toSet().drop(1).drop(1).toArray()`, want: `[ 3 ]`},
		// Page sizes: derived sets keep their source's, concat uses 16.
		{query: `Set.sequence(0, 5).pageSize(2).map(x => x).paginate().data`, want: `[ 0, 1 ]`},
		{query: `Set.sequence(0, 5).pageSize(2).concat(Set.single(9)).paginate().data.length`, want: `6`},
		// Errors of lazy sets surface when read.
		{query: `[1].toSet().where(x => 1).toArray()`, want: `type_mismatch: expected type: Boolean, received Int`},
		{query: `[1].toSet().flatMap(x => [x]).toArray()`, want: `type_mismatch: expected type: Set<Any>, received Array<Any>`},
		{query: `[1].toSet().order(1)`, want: "invalid_argument: expected value for `ordering0` of type Function, received Int"},
		{query: `[1].toSet().concat([2])`, want: "invalid_argument: expected value for `other` of type Set<Any>, received Array<Any>"},
		{query: `Set.paginate(1)`, want: "invalid_argument: expected value for `cursor` of type String, received Int"},
		{query: `Set.paginate("x", 0)`, want: "invalid_bounds: expected `size` to be between 1 and 16000 (inclusive), received 0"},
		{query: `[1].toSet().reduce((a, b) => a)`, want: `1`},
		{query: `[].toSet().reduceRight((a, b) => a)!`, want: `null_value: Null value, due to empty set`},
		{query: `[1].toSet().firstWhere(x => false)!`, want: `null_value: Null value, due to empty set`},
		{query: `[1].firstWhere(x => false)!`, want: `null_value: Null value, due to no element found`},
		// Array details.
		{query: `[1, 2, 3].indexWhere(x => x > 5, 9)`, want: `index_out_of_bounds: index 9 out of bounds for length 3`},
		{query: `[1, 2, 3].indexWhere((a, b) => true, 9)`, want: `index_out_of_bounds: index 9 out of bounds for length 3`},
		{query: `[1, 2].filter(x => 1)`, want: `type_mismatch: expected type: Boolean, received Int`},
		{query: `["a", "b"].filter(x => 1)`, want: `type_mismatch: expected type: Boolean, received String`},
		{query: `[1, 2].indexOf(1, "x")`, want: "invalid_argument: expected arguments to `indexOf` of type (Any, Int), received (Int, String)"},
		{query: `[1, 2, 3].slice(1.0, 2.0)`, want: `[ 2 ]`},
		{query: `[1, 2, 3, 4, 5].aggregate("S", (a, b) => "(#{a}#{b})")`, want: `"((((12)(34))5)S)"`},
		{query: `Array.sequence(2147483647, -2147483648)`, want: `[]`},
		{query: `Array.sequence(-2147483648, 2147483647)`, want: `value_too_large: Value too large: range size 4294967295 exceeds limit 16000.`},
	}
	for _, c := range cases {
		got, logs := run(t, c.query)
		if got != c.want {
			t.Errorf("%s\n got: %s\nwant: %s", c.query, got, c.want)
		}
		if c.logs != "" && strings.Join(logs, " ") != c.logs {
			t.Errorf("%s\n logs: %q\n want: %q", c.query, strings.Join(logs, " "), c.logs)
		}
	}
}

// TestSetAggregatePages checks the shape of a set aggregate over three
// 16 000-element pages: combiner(combiner(combiner(r3, r2), r1), seed).
func TestSetAggregatePages(t *testing.T) {
	got, _ := run(t, `
let r = Set.sequence(0, 32001).aggregate("S", (a, b) => [a, b])
[r[1], r[0][0][0], r[0][1] isa Array, r[0][0][1] isa Array]`)
	if want := `[ "S", 32000, true, true ]`; got != want {
		t.Errorf("got %s, want %s", got, want)
	}
	got, _ = run(t, `Set.sequence(0, 40000).aggregate(0, (a, b) => a + b)`)
	if want := "799980000"; got != want {
		t.Errorf("got %s, want %s", got, want)
	}
}

// TestSetCursors pages through sets with Set.paginate until the last page.
func TestSetCursors(t *testing.T) {
	for _, src := range []string{
		`Set.sequence(0, 10)`,
		`Set.sequence(0, 20).where(x => x % 2 == 0)`,
		`Set.sequence(0, 10).map(x => x).drop(0)`,
		`Array.sequence(0, 10).toSet().reverse().reverse()`,
		`Set.sequence(0, 5).concat(Set.sequence(5, 10))`,
		`Set.sequence(0, 10).reverse().order()`,
		`Set.sequence(0, 12).take(10)`,
	} {
		got, _ := run(t, `
let s = `+src+`
let p1 = s.paginate(3)
let p2 = Set.paginate(p1.after)
let p3 = Set.paginate(p2.after!.toString())
let p4 = Set.paginate(p3.after, 5)
[p1.data, p2.data, p3.data, p4.data].flatten().length + (if (p4.after == null) 0 else 100)`)
		if got != "10" {
			t.Errorf("%s: got %s", src, got)
		}
	}
}

func TestSortCompare(t *testing.T) {
	th := eval.NewThread(testNow)
	arr := func(v ...eval.Value) eval.Value { return eval.NewArray(v) }
	cases := []struct {
		a, b eval.Value
		want int
	}{
		{arr(eval.Int(1)), arr(eval.Int(1)), 0},
		{arr(eval.Int(1)), arr(eval.Int(1), eval.Int(0)), -1},
		{eval.ID(1), eval.String("2"), 1},
		{eval.ID(1), eval.Int(2), 1},
		{eval.Int(1), eval.Double(1), 0},
		{eval.Double(math.NaN()), eval.Double(math.Inf(1)), 1},
		{eval.NullValue, eval.True, 1},
		{eval.ObjectOf("a", eval.Int(1)), eval.ObjectOf("a", eval.Int(1)), 0},
		{eval.ObjectOf("b", eval.Int(0)), eval.ObjectOf("a", eval.Int(9)), 1},
	}
	for _, c := range cases {
		if got := sortCompare(th, c.a, c.b); got != c.want {
			t.Errorf("sortCompare(%s, %s) = %d, want %d", eval.DebugString(c.a), eval.DebugString(c.b), got, c.want)
		}
		if got := sortCompare(th, c.b, c.a); got != -c.want {
			t.Errorf("sortCompare(%s, %s) = %d, want %d", eval.DebugString(c.b), eval.DebugString(c.a), got, -c.want)
		}
	}
}

func TestJavaStringHash(t *testing.T) {
	for s, want := range map[string]int32{"": 0, "a": 97, "hello": 99162322, "😍": 1772912} {
		if got := javaStringHash(s); got != want {
			t.Errorf("javaStringHash(%q) = %d, want %d", s, got, want)
		}
	}
}

func benchQuery(b *testing.B, query string) {
	prog, err := eval.CompileText(query)
	if err != nil {
		b.Fatal(err)
	}
	th := eval.NewThread(testNow)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		th.Reset()
		if _, err := eval.Run(th, prog); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkIterable(b *testing.B) {
	b.Run("ArrayMapWhere", func(b *testing.B) {
		benchQuery(b, `Array.sequence(0, 1000).map(x => x * 2).where(x => x % 3 == 0).length`)
	})
	b.Run("ArrayOrder", func(b *testing.B) {
		benchQuery(b, `Array.sequence(0, 1000).order(desc(x => x % 10), x => x).length`)
	})
	b.Run("SetMapWhereCount", func(b *testing.B) {
		benchQuery(b, `Set.sequence(0, 1000).map(x => x * 2).where(x => x % 3 == 0).count()`)
	})
	b.Run("SetFold", func(b *testing.B) {
		benchQuery(b, `Set.sequence(0, 1000).fold(0, (a, x) => a + x)`)
	})
}
