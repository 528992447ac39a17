package stdlib

import (
	"math"
	"strconv"

	"github.com/fqlite/fqlite/eval"
)

// Array methods (Arrays.scala, spec/fql.md §5.5). Arrays are immutable:
// every method returns a new array or shares the receiver's elements.
// Callbacks are checked for arity once, before the first call, and run
// eagerly from left to right.

// MaxArraySize bounds Array.sequence (ArrayPrototype.MaxSize).
const MaxArraySize = 16000

func init() {
	ty := eval.ArrayType
	ty.DefineField("length", func(_ *eval.Thread, self eval.Value) (eval.Value, error) {
		return eval.IntValue(int64(len(elemsOf(self)))), nil
	})
	ty.Index = eval.NewMethod("[]", params{p("index", eval.IntTag)}, arrayAt)

	def(ty, "aggregate", params{p("seed", eval.AnyTag), p("combiner", eval.FunctionTag)}, arrayAggregate)
	def(ty, "any", params{p("predicate", eval.FunctionTag)}, arrayAny)
	def(ty, "append", params{p("element", eval.AnyTag)}, arrayAppend)
	def(ty, "at", params{p("index", eval.IntTag)}, arrayAt)
	def(ty, "concat", params{p("other", eval.ArrayTag)}, arrayConcat)
	def(ty, "distinct", nil, arrayDistinct)
	def(ty, "drop", params{p("amount", eval.IntTag)}, arrayDrop)
	def(ty, "entries", nil, arrayEntries)
	def(ty, "every", params{p("predicate", eval.FunctionTag)}, arrayEvery)
	def(ty, "filter", params{p("predicate", eval.FunctionTag)}, arrayFilter)
	def(ty, "first", nil, arrayFirst)
	def(ty, "firstWhere", params{p("predicate", eval.FunctionTag)}, arrayFirstWhere)
	def(ty, "flatMap", params{p("mapper", eval.FunctionTag)}, arrayFlatMap)
	def(ty, "flatten", nil, arrayFlatten)
	def(ty, "fold", params{p("seed", eval.AnyTag), p("reducer", eval.FunctionTag)}, arrayFold)
	def(ty, "foldRight", params{p("seed", eval.AnyTag), p("reducer", eval.FunctionTag)}, arrayFoldRight)
	def(ty, "forEach", params{p("callback", eval.FunctionTag)}, arrayForEach)
	def(ty, "includes", params{p("element", eval.AnyTag)}, arrayIncludes)
	fast1(ty, "includes", func(_ *eval.Thread, self, arg eval.Value) (eval.Value, error) {
		return eval.Bool(arrayContains(elemsOf(self), arg)), nil
	})
	def(ty, "indexOf", params{p("element", eval.AnyTag)}, arrayIndexOf)
	def(ty, "indexOf", params{p("element", eval.AnyTag), p("start", eval.IntTag)}, arrayIndexOf)
	def(ty, "indexWhere", params{p("predicate", eval.FunctionTag)}, arrayIndexWhere)
	def(ty, "indexWhere", params{p("predicate", eval.FunctionTag), p("start", eval.IntTag)}, arrayIndexWhere)
	def(ty, "isEmpty", nil, arrayIsEmpty)
	def(ty, "last", nil, arrayLast)
	def(ty, "lastIndexOf", params{p("element", eval.AnyTag)}, arrayLastIndexOf)
	def(ty, "lastIndexOf", params{p("element", eval.AnyTag), p("end", eval.IntTag)}, arrayLastIndexOf)
	def(ty, "lastIndexWhere", params{p("predicate", eval.FunctionTag)}, arrayLastIndexWhere)
	def(ty, "lastIndexWhere", params{p("predicate", eval.FunctionTag), p("end", eval.IntTag)}, arrayLastIndexWhere)
	def(ty, "lastWhere", params{p("predicate", eval.FunctionTag)}, arrayLastWhere)
	def(ty, "map", params{p("mapper", eval.FunctionTag)}, arrayMap)
	def(ty, "nonEmpty", nil, arrayNonEmpty)
	defVariadic(ty, "order", nil, p("ordering", eval.AnyTag), arrayOrder)
	def(ty, "prepend", params{p("element", eval.AnyTag)}, arrayPrepend)
	def(ty, "reduce", params{p("reducer", eval.FunctionTag)}, arrayReduce)
	def(ty, "reduceRight", params{p("reducer", eval.FunctionTag)}, arrayReduceRight)
	def(ty, "reverse", nil, arrayReverse)
	def(ty, "slice", params{p("from", eval.IntTag)}, arraySlice)
	def(ty, "slice", params{p("from", eval.IntTag), p("until", eval.IntTag)}, arraySlice)
	def(ty, "take", params{p("limit", eval.IntTag)}, arrayTake)
	def(ty, "toSet", nil, arrayToSet)
	def(ty, "where", params{p("predicate", eval.FunctionTag)}, arrayWhere)
}

// defineArrayModule adds the static members of the Array module. It runs
// from set.go's init, after global.go has created the module (init
// functions run in file-name order).
func defineArrayModule() {
	def(ArrayModule.Type(), "sequence", params{p("from", eval.IntTag), p("until", eval.IntTag)}, arraySequence)
}

func elemsOf(v eval.Value) []eval.Value { return v.(*eval.Array).Elems }

func fnArg(v eval.Value) eval.Callable { return v.(eval.Callable) }

// newArray wraps elems, sharing the empty array.
func newArray(elems []eval.Value) eval.Value {
	if len(elems) == 0 {
		return eval.EmptyArray
	}
	return eval.NewArray(elems)
}

// checkIndex is Arrays.scala checkIndex: no negative indexing.
func checkIndex(n int, idx eval.Value) (int, error) {
	i := intArg(idx)
	if i < 0 || i >= int64(n) {
		return 0, eval.ErrIndexOutOfBounds(i, int64(n))
	}
	return int(i), nil
}

func arrayAt(_ *eval.Thread, self eval.Value, args []eval.Value) (eval.Value, error) {
	elems := elemsOf(self)
	i, err := checkIndex(len(elems), args[0])
	if err != nil {
		return nil, err
	}
	return elems[i], nil
}

func arraySequence(_ *eval.Thread, _ eval.Value, args []eval.Value) (eval.Value, error) {
	from, until := intArg(args[0]), intArg(args[1])
	if until <= from {
		return eval.EmptyArray, nil
	}
	if n := until - from; n > MaxArraySize {
		return nil, eval.ErrValueTooLarge("range size " + strconv.FormatInt(n, 10) + " exceeds limit " + strconv.Itoa(MaxArraySize))
	}
	out := make([]eval.Value, until-from)
	for i := range out {
		out[i] = eval.IntValue(from + int64(i))
	}
	return eval.NewArray(out), nil
}

func arrayAny(t *eval.Thread, self eval.Value, args []eval.Value) (eval.Value, error) {
	return arrayAnyEvery(t, self, args[0], false)
}

func arrayEvery(t *eval.Thread, self eval.Value, args []eval.Value) (eval.Value, error) {
	return arrayAnyEvery(t, self, args[0], true)
}

// arrayAnyEvery calls the predicate while its result equals def (false
// for any, true for every); a null result counts as false.
func arrayAnyEvery(t *eval.Thread, self, fv eval.Value, def bool) (eval.Value, error) {
	f := fnArg(fv)
	if err := checkArity("predicate", f, 1); err != nil {
		return nil, err
	}
	for _, e := range elemsOf(self) {
		r, err := call1(t, f, e)
		if err != nil {
			return nil, err
		}
		b, err := predicateResult(r)
		if err != nil {
			return nil, err
		}
		if b != def {
			return eval.Bool(b), nil
		}
	}
	return eval.Bool(def), nil
}

func arrayAppend(_ *eval.Thread, self eval.Value, args []eval.Value) (eval.Value, error) {
	elems := elemsOf(self)
	out := make([]eval.Value, len(elems)+1)
	copy(out, elems)
	out[len(elems)] = args[0]
	return eval.NewArray(out), nil
}

func arrayPrepend(_ *eval.Thread, self eval.Value, args []eval.Value) (eval.Value, error) {
	elems := elemsOf(self)
	out := make([]eval.Value, len(elems)+1)
	out[0] = args[0]
	copy(out[1:], elems)
	return eval.NewArray(out), nil
}

func arrayConcat(_ *eval.Thread, self eval.Value, args []eval.Value) (eval.Value, error) {
	a, b := elemsOf(self), elemsOf(args[0])
	switch {
	case len(b) == 0:
		return self, nil
	case len(a) == 0:
		return args[0], nil
	}
	out := make([]eval.Value, 0, len(a)+len(b))
	out = append(append(out, a...), b...)
	return eval.NewArray(out), nil
}

func arrayDistinct(_ *eval.Thread, self eval.Value, _ []eval.Value) (eval.Value, error) {
	elems := elemsOf(self)
	out := distinctValues(elems)
	if len(out) == len(elems) {
		return self, nil
	}
	return newArray(out), nil
}

func arrayDrop(_ *eval.Thread, self eval.Value, args []eval.Value) (eval.Value, error) {
	elems := elemsOf(self)
	n := intArg(args[0])
	switch {
	case n <= 0:
		return self, nil
	case n >= int64(len(elems)):
		return eval.EmptyArray, nil
	}
	return eval.NewArray(elems[n:]), nil
}

func arrayTake(_ *eval.Thread, self eval.Value, args []eval.Value) (eval.Value, error) {
	elems := elemsOf(self)
	n := intArg(args[0])
	switch {
	case n >= int64(len(elems)):
		return self, nil
	case n <= 0:
		return eval.EmptyArray, nil
	}
	return eval.NewArray(elems[:n]), nil
}

// arraySlice clamps both bounds to [0, length] and never fails.
func arraySlice(_ *eval.Thread, self eval.Value, args []eval.Value) (eval.Value, error) {
	elems := elemsOf(self)
	n := int64(len(elems))
	from, until := intArg(args[0]), n
	if len(args) == 2 {
		until = intArg(args[1])
	}
	from = max(from, 0)
	until = min(until, n)
	if until <= from {
		return eval.EmptyArray, nil
	}
	if from == 0 && until == n {
		return self, nil
	}
	return eval.NewArray(elems[from:until]), nil
}

func arrayEntries(_ *eval.Thread, self eval.Value, _ []eval.Value) (eval.Value, error) {
	elems := elemsOf(self)
	out := make([]eval.Value, len(elems))
	pairs := make([]eval.Value, 2*len(elems))
	arrs := make([]eval.Array, len(elems))
	for i, e := range elems {
		pairs[2*i], pairs[2*i+1] = eval.Number(int64(i)), e
		arrs[i].Elems = pairs[2*i : 2*i+2 : 2*i+2]
		out[i] = &arrs[i]
	}
	return newArray(out), nil
}

// arrayFilter keeps elements whose predicate is true. Fauna quirk: a
// non-Boolean result reports the element's type, not the result's
// (Arrays.scala filter).
func arrayFilter(t *eval.Thread, self eval.Value, args []eval.Value) (eval.Value, error) {
	f := fnArg(args[0])
	if err := checkArity("predicate", f, 1); err != nil {
		return nil, err
	}
	var out []eval.Value
	for _, e := range elemsOf(self) {
		r, err := call1(t, f, e)
		if err != nil {
			return nil, err
		}
		switch b := r.(type) {
		case eval.Boolean:
			if b {
				out = append(out, e)
			}
		case *eval.Null:
		default:
			return nil, eval.ErrTypeMismatch("Boolean", e)
		}
	}
	return newArray(out), nil
}

// arrayWhereAll evaluates the predicate on every element (no short
// circuit, as firstWhere/lastWhere do in Fauna) and returns the matches.
func arrayWhereAll(t *eval.Thread, self, fv eval.Value) ([]eval.Value, error) {
	f := fnArg(fv)
	if err := checkArity("pred", f, 1); err != nil {
		return nil, err
	}
	var out []eval.Value
	for _, e := range elemsOf(self) {
		r, err := call1(t, f, e)
		if err != nil {
			return nil, err
		}
		ok, err := predicateResult(r)
		if err != nil {
			return nil, err
		}
		if ok {
			out = append(out, e)
		}
	}
	return out, nil
}

func arrayWhere(t *eval.Thread, self eval.Value, args []eval.Value) (eval.Value, error) {
	out, err := arrayWhereAll(t, self, args[0])
	if err != nil {
		return nil, err
	}
	if len(out) == len(elemsOf(self)) {
		return self, nil
	}
	return newArray(out), nil
}

func arrayFirstWhere(t *eval.Thread, self eval.Value, args []eval.Value) (eval.Value, error) {
	site := t.CallSite()
	out, err := arrayWhereAll(t, self, args[0])
	if err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return eval.NoSuchElement("no element found", site), nil
	}
	return out[0], nil
}

func arrayLastWhere(t *eval.Thread, self eval.Value, args []eval.Value) (eval.Value, error) {
	site := t.CallSite()
	out, err := arrayWhereAll(t, self, args[0])
	if err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return eval.NoSuchElement("no element found", site), nil
	}
	return out[len(out)-1], nil
}

func arrayFirst(t *eval.Thread, self eval.Value, _ []eval.Value) (eval.Value, error) {
	elems := elemsOf(self)
	if len(elems) == 0 {
		return eval.NoSuchElement("empty array", t.CallSite()), nil
	}
	return elems[0], nil
}

func arrayLast(t *eval.Thread, self eval.Value, _ []eval.Value) (eval.Value, error) {
	elems := elemsOf(self)
	if len(elems) == 0 {
		return eval.NoSuchElement("empty array", t.CallSite()), nil
	}
	return elems[len(elems)-1], nil
}

func arrayFlatten(t *eval.Thread, self eval.Value, _ []eval.Value) (eval.Value, error) {
	elems := elemsOf(self)
	n := 0
	for _, e := range elems {
		a, ok := e.(*eval.Array)
		if !ok {
			return nil, eval.ErrTypeMismatch("Array<Any>", e)
		}
		n += len(a.Elems)
	}
	out := make([]eval.Value, 0, n)
	for _, e := range elems {
		out = append(out, e.(*eval.Array).Elems...)
	}
	return newArray(out), nil
}

func arrayFlatMap(t *eval.Thread, self eval.Value, args []eval.Value) (eval.Value, error) {
	f := fnArg(args[0])
	if err := checkArity("mapper", f, 1); err != nil {
		return nil, err
	}
	var out []eval.Value
	for _, e := range elemsOf(self) {
		r, err := call1(t, f, e)
		if err != nil {
			return nil, err
		}
		a, ok := r.(*eval.Array)
		if !ok {
			return nil, eval.ErrTypeMismatch("Array<Any>", r)
		}
		out = append(out, a.Elems...)
	}
	return newArray(out), nil
}

func arrayMap(t *eval.Thread, self eval.Value, args []eval.Value) (eval.Value, error) {
	f := fnArg(args[0])
	if err := checkArity("mapper", f, 1); err != nil {
		return nil, err
	}
	elems := elemsOf(self)
	if len(elems) == 0 {
		return eval.EmptyArray, nil
	}
	out := make([]eval.Value, len(elems))
	for i, e := range elems {
		r, err := call1(t, f, e)
		if err != nil {
			return nil, err
		}
		out[i] = r
	}
	return eval.NewArray(out), nil
}

func arrayForEach(t *eval.Thread, self eval.Value, args []eval.Value) (eval.Value, error) {
	site := t.CallSite()
	f := fnArg(args[0])
	if err := checkArity("fn", f, 1); err != nil {
		return nil, err
	}
	for _, e := range elemsOf(self) {
		if _, err := call1(t, f, e); err != nil {
			return nil, err
		}
	}
	return nullAt(site), nil
}

// nullAt is the null a method returns for nothing (forEach), created at
// the call site.
func nullAt(site eval.Pos) eval.Value {
	if site.Src == nil {
		return eval.NullValue
	}
	return &eval.Null{Cause: eval.NullLiteral, At: site}
}

func arrayFold(t *eval.Thread, self eval.Value, args []eval.Value) (eval.Value, error) {
	f := fnArg(args[1])
	if err := checkArity("reducer", f, 2); err != nil {
		return nil, err
	}
	acc := args[0]
	for _, e := range elemsOf(self) {
		var err error
		if acc, err = call2(t, f, acc, e); err != nil {
			return nil, err
		}
	}
	return acc, nil
}

// arrayFoldRight folds from the right, still calling reducer(acc, elem).
func arrayFoldRight(t *eval.Thread, self eval.Value, args []eval.Value) (eval.Value, error) {
	f := fnArg(args[1])
	if err := checkArity("reducer", f, 2); err != nil {
		return nil, err
	}
	acc := args[0]
	elems := elemsOf(self)
	for i := len(elems) - 1; i >= 0; i-- {
		var err error
		if acc, err = call2(t, f, acc, elems[i]); err != nil {
			return nil, err
		}
	}
	return acc, nil
}

func arrayReduce(t *eval.Thread, self eval.Value, args []eval.Value) (eval.Value, error) {
	site := t.CallSite()
	f := fnArg(args[0])
	if err := checkArity("reducer", f, 2); err != nil {
		return nil, err
	}
	elems := elemsOf(self)
	if len(elems) == 0 {
		return eval.NoSuchElement("empty array", site), nil
	}
	acc := elems[0]
	for _, e := range elems[1:] {
		var err error
		if acc, err = call2(t, f, acc, e); err != nil {
			return nil, err
		}
	}
	return acc, nil
}

func arrayReduceRight(t *eval.Thread, self eval.Value, args []eval.Value) (eval.Value, error) {
	site := t.CallSite()
	f := fnArg(args[0])
	if err := checkArity("reducer", f, 2); err != nil {
		return nil, err
	}
	elems := elemsOf(self)
	if len(elems) == 0 {
		return eval.NoSuchElement("empty array", site), nil
	}
	acc := elems[len(elems)-1]
	for i := len(elems) - 2; i >= 0; i-- {
		var err error
		if acc, err = call2(t, f, acc, elems[i]); err != nil {
			return nil, err
		}
	}
	return acc, nil
}

// arrayAggregate combines neighbours pairwise, level by level, until one
// value remains, then returns combiner(value, seed); [] gives the seed.
func arrayAggregate(t *eval.Thread, self eval.Value, args []eval.Value) (eval.Value, error) {
	seed := args[0]
	f := fnArg(args[1])
	if err := checkArity("combiner", f, 2); err != nil {
		return nil, err
	}
	elems := elemsOf(self)
	if len(elems) == 0 {
		return seed, nil
	}
	v, err := treeReduce(t, f, append([]eval.Value(nil), elems...))
	if err != nil {
		return nil, err
	}
	return call2(t, f, v, seed)
}

// treeReduce reduces buf (len > 0, overwritten) by combining neighbours:
// [a, b, c, d, e] → [f(a, b), f(c, d), e] → … (Arrays.scala aggregate).
func treeReduce(t *eval.Thread, f eval.Callable, buf []eval.Value) (eval.Value, error) {
	for len(buf) > 1 {
		n := 0
		for i := 0; i < len(buf); i += 2 {
			if i+1 == len(buf) {
				buf[n] = buf[i]
			} else {
				v, err := call2(t, f, buf[i], buf[i+1])
				if err != nil {
					return nil, err
				}
				buf[n] = v
			}
			n++
		}
		clear(buf[n:])
		buf = buf[:n]
	}
	return buf[0], nil
}

func arrayIncludes(_ *eval.Thread, self eval.Value, args []eval.Value) (eval.Value, error) {
	return eval.Bool(arrayContains(elemsOf(self), args[0])), nil
}

func arrayContains(elems []eval.Value, x eval.Value) bool {
	for _, e := range elems {
		if eval.StructuralEqual(e, x) {
			return true
		}
	}
	return false
}

func arrayIndexOf(t *eval.Thread, self eval.Value, args []eval.Value) (eval.Value, error) {
	elems := elemsOf(self)
	start := 0
	if len(args) == 2 {
		var err error
		if start, err = checkIndex(len(elems), args[1]); err != nil {
			return nil, err
		}
	}
	for i := start; i < len(elems); i++ {
		if eval.StructuralEqual(elems[i], args[0]) {
			return eval.IntValue(int64(i)), nil
		}
	}
	return eval.NoSuchElement("no element found", t.CallSite()), nil
}

func arrayLastIndexOf(t *eval.Thread, self eval.Value, args []eval.Value) (eval.Value, error) {
	elems := elemsOf(self)
	end := len(elems) - 1
	if len(args) == 2 {
		var err error
		if end, err = checkIndex(len(elems), args[1]); err != nil {
			return nil, err
		}
	}
	for i := end; i >= 0; i-- {
		if eval.StructuralEqual(elems[i], args[0]) {
			return eval.IntValue(int64(i)), nil
		}
	}
	return eval.NoSuchElement("no element found", t.CallSite()), nil
}

// arrayIndexWhere returns the first index ≥ start whose predicate is true,
// stopping there. An invalid start fails before the arity check.
func arrayIndexWhere(t *eval.Thread, self eval.Value, args []eval.Value) (eval.Value, error) {
	site := t.CallSite()
	elems := elemsOf(self)
	start := 0
	if len(args) == 2 {
		var err error
		if start, err = checkIndex(len(elems), args[1]); err != nil {
			return nil, err
		}
	}
	f := fnArg(args[0])
	if err := checkArity("predicate", f, 1); err != nil {
		return nil, err
	}
	for i := start; i < len(elems); i++ {
		r, err := call1(t, f, elems[i])
		if err != nil {
			return nil, err
		}
		ok, err := predicateResult(r)
		if err != nil {
			return nil, err
		}
		if ok {
			return eval.IntValue(int64(i)), nil
		}
	}
	return eval.NoSuchElement("no element found", site), nil
}

// arrayLastIndexWhere scans from end (default: the last index) down to 0.
func arrayLastIndexWhere(t *eval.Thread, self eval.Value, args []eval.Value) (eval.Value, error) {
	site := t.CallSite()
	elems := elemsOf(self)
	end := len(elems) - 1
	if len(args) == 2 {
		var err error
		if end, err = checkIndex(len(elems), args[1]); err != nil {
			return nil, err
		}
	}
	f := fnArg(args[0])
	if err := checkArity("predicate", f, 1); err != nil {
		return nil, err
	}
	for i := end; i >= 0; i-- {
		r, err := call1(t, f, elems[i])
		if err != nil {
			return nil, err
		}
		ok, err := predicateResult(r)
		if err != nil {
			return nil, err
		}
		if ok {
			return eval.IntValue(int64(i)), nil
		}
	}
	return eval.NoSuchElement("no element found", site), nil
}

func arrayIsEmpty(_ *eval.Thread, self eval.Value, _ []eval.Value) (eval.Value, error) {
	return eval.Bool(len(elemsOf(self)) == 0), nil
}

func arrayNonEmpty(_ *eval.Thread, self eval.Value, _ []eval.Value) (eval.Value, error) {
	return eval.Bool(len(elemsOf(self)) != 0), nil
}

func arrayOrder(t *eval.Thread, self eval.Value, args []eval.Value) (eval.Value, error) {
	ords, err := collectOrderings(args)
	if err != nil {
		return nil, err
	}
	elems := elemsOf(self)
	if len(elems) == 0 {
		return self, nil
	}
	out, err := sortValues(t, elems, ords)
	if err != nil {
		return nil, err
	}
	return eval.NewArray(out), nil
}

func arrayReverse(_ *eval.Thread, self eval.Value, _ []eval.Value) (eval.Value, error) {
	elems := elemsOf(self)
	if len(elems) < 2 {
		return self, nil
	}
	out := make([]eval.Value, len(elems))
	for i, e := range elems {
		out[len(elems)-1-i] = e
	}
	return eval.NewArray(out), nil
}

func arrayToSet(_ *eval.Thread, self eval.Value, _ []eval.Value) (eval.Value, error) {
	return &eval.ArraySet{Elems: elemsOf(self)}, nil
}

// distinctValues keeps the first occurrence of each value. Two values are
// duplicates when they are structurally equal and have the same Fauna hash
// code (Scala's distinct hashes): `[1, 1.0].distinct()` keeps both, as
// 1.0's hash differs from 1's, but `[1, ID(1)]`-like cross-type pairs
// with equal hashes merge. NaN never equals itself.
func distinctValues(elems []eval.Value) []eval.Value {
	if len(elems) < 2 {
		return elems
	}
	out := make([]eval.Value, 0, len(elems))
	buckets := make(map[int32][]int32, len(elems))
	dup := false
	for _, e := range elems {
		h := valueHash(e)
		seen := false
		for _, j := range buckets[h] {
			if distinctEqual(out[j], e) {
				seen = true
				break
			}
		}
		if seen {
			dup = true
			continue
		}
		buckets[h] = append(buckets[h], int32(len(out)))
		out = append(out, e)
	}
	if !dup {
		return elems
	}
	return out
}

// distinctEqual is Value.equals; functions and sets are equal only to
// themselves.
func distinctEqual(a, b eval.Value) bool {
	if a == b {
		return true
	}
	switch a.(type) {
	case eval.Callable, eval.Set:
		return false
	}
	switch b.(type) {
	case eval.Callable, eval.Set:
		return false
	}
	return eval.StructuralEqual(a, b)
}

// valueHash approximates Value.hashCode: exact for numbers, strings, IDs
// and booleans (Java's hash codes), consistent with distinctEqual for the
// rest.
func valueHash(v eval.Value) int32 {
	switch x := v.(type) {
	case eval.Int:
		return int32(x)
	case eval.Long:
		return javaLongHash(int64(x))
	case eval.ID:
		return javaLongHash(int64(x))
	case eval.Double:
		f := float64(x)
		if f != f {
			f = math.NaN()
		}
		return javaLongHash(int64(math.Float64bits(f)))
	case eval.String:
		return javaStringHash(string(x))
	case eval.Boolean:
		if x {
			return 1231
		}
		return 1237
	case eval.Bytes:
		return javaStringHash(string(x)) ^ 0x5bd1e995
	case eval.Time:
		return javaLongHash(x.T.UnixNano())
	case eval.Date:
		return javaLongHash(x.T.Unix())
	case eval.UUID:
		return javaStringHash(string(x[:]))
	case *eval.Array:
		h := int32(1)
		for _, e := range x.Elems {
			h = 31*h + valueHash(e)
		}
		return h
	case *eval.Object:
		// Order-independent, as Map.hashCode.
		var h int32
		for i, k := range x.Keys() {
			h += javaStringHash(k) ^ valueHash(x.ValueAt(i))
		}
		return h
	case eval.DocRef:
		c, id, _ := x.DocKey()
		return 31*javaStringHash(c) + javaStringHash(id)
	case *eval.Null:
		return 0x6e756c6c
	}
	return javaStringHash(v.Type().Name)
}

func javaLongHash(v int64) int32 { return int32(v ^ int64(uint64(v)>>32)) }

// javaStringHash is String.hashCode over UTF-16 code units.
func javaStringHash(s string) int32 {
	var h int32
	for _, r := range s {
		if r >= 0x10000 {
			r -= 0x10000
			h = 31*h + int32(0xd800+(r>>10))
			h = 31*h + int32(0xdc00+(r&0x3ff))
			continue
		}
		h = 31*h + int32(r)
	}
	return h
}
