package stdlib

import (
	"strconv"

	"github.com/fqlite/fqlite/eval"
)

// Set methods (Sets.scala, ValueSet.scala; spec/fql.md §3.6, §5.7). They
// work on any eval.Set: in-memory sets (arr.toSet(), Set.sequence,
// Set.single) and the runtime's collection and index sets alike.
//
// Lazy methods (where, map, flatMap, take, drop, concat, order, distinct,
// reverse, pageSize) wrap their receiver in one of the set types below and
// read nothing; eager methods (first, toArray, count, fold, paginate, ...)
// iterate with Set.Each. Sets built here can start at an offset
// (eval.SetSeeker) where that saves work for cursor continuations, and
// reverse themselves without reading when Fauna does
// (eval.ReversibleSet).

func init() {
	ty := eval.SetType
	def(ty, "aggregate", params{p("seed", eval.AnyTag), p("combiner", eval.FunctionTag)}, setAggregate)
	def(ty, "any", params{p("predicate", eval.FunctionTag)}, setAny)
	def(ty, "concat", params{p("other", eval.SetTag)}, setConcat)
	def(ty, "count", nil, setCount)
	def(ty, "distinct", nil, setDistinct)
	def(ty, "drop", params{p("amount", eval.IntTag)}, setDrop)
	def(ty, "every", params{p("predicate", eval.FunctionTag)}, setEvery)
	def(ty, "first", nil, setFirst)
	def(ty, "firstWhere", params{p("predicate", eval.FunctionTag)}, setFirstWhere)
	def(ty, "flatMap", params{p("mapper", eval.FunctionTag)}, setFlatMap)
	def(ty, "fold", params{p("seed", eval.AnyTag), p("reducer", eval.FunctionTag)}, setFold)
	def(ty, "foldRight", params{p("seed", eval.AnyTag), p("reducer", eval.FunctionTag)}, setFoldRight)
	def(ty, "forEach", params{p("callback", eval.FunctionTag)}, setForEach)
	def(ty, "includes", params{p("element", eval.AnyTag)}, setIncludes)
	def(ty, "isEmpty", nil, setIsEmpty)
	def(ty, "last", nil, setLast)
	def(ty, "lastWhere", params{p("predicate", eval.FunctionTag)}, setLastWhere)
	def(ty, "map", params{p("mapper", eval.FunctionTag)}, setMap)
	def(ty, "nonEmpty", nil, setNonEmpty)
	defVariadic(ty, "order", nil, p("ordering", eval.AnyTag), setOrder)
	def(ty, "pageSize", params{p("size", eval.IntTag)}, setPageSize)
	def(ty, "paginate", nil, setPaginate)
	def(ty, "paginate", params{p("size", eval.IntTag)}, setPaginate)
	ty.Methods["paginate"].PerArity = true
	def(ty, "reduce", params{p("reducer", eval.FunctionTag)}, setReduce)
	def(ty, "reduceRight", params{p("reducer", eval.FunctionTag)}, setReduceRight)
	def(ty, "reverse", nil, setReverse)
	def(ty, "take", params{p("limit", eval.IntTag)}, setTake)
	def(ty, "toArray", nil, setToArray)
	def(ty, "toSet", nil, setToSet)
	def(ty, "where", params{p("predicate", eval.FunctionTag)}, setWhere)

	// The modules are created by global.go's init, which runs before this
	// one (init functions run in file-name order).
	defineArrayModule()
	m := SetModule.Type()
	def(m, "paginate", params{p("cursor", eval.AnyTag)}, setModulePaginate)
	def(m, "paginate", params{p("cursor", eval.AnyTag), p("size", eval.IntTag)}, setModulePaginate)
	def(m, "sequence", params{p("from", eval.IntTag), p("until", eval.IntTag)}, setSequence)
	def(m, "single", params{p("element", eval.AnyTag)}, setSingle)
}

// setOf is the receiver of a Set method.
func setOf(v eval.Value) eval.Set { return v.(eval.Set) }

// withSite attaches the call that created a lazy set to an error raised
// while the set is read (by its callbacks or its own checks): Fauna keeps
// the creation stack trace in the set and prepends it when it calls back.
// An unlocated error points at site; a located one gets site as a frame.
func withSite(err error, site eval.Pos) error {
	return withStack(err, site, nil)
}

// withStack is withSite for a lazy set made inside user functions: the
// calls it was made in follow its site, and the trace is complete.
func withStack(err error, site eval.Pos, stack []eval.Pos) error {
	e, ok := err.(*eval.Error)
	if !ok || site.Src == nil || e.Code == eval.CodeTimeOut || len(e.Checks) > 0 {
		return err
	}
	if e.At.Src == nil {
		e.At = site
	} else {
		e.Frames = append(e.Frames, site)
	}
	if len(stack) > 0 {
		e.AppendStack(stack)
	}
	return err
}

// checkSize validates a page size (Sets.scala checkSize).
func checkSize(v eval.Value) (int, error) {
	n := intArg(v)
	if n <= 0 || n > eval.MaxPageSize {
		return 0, eval.ErrInvalidBounds("size", "between 1 and "+strconv.Itoa(eval.MaxPageSize)+" (inclusive)", v)
	}
	return int(n), nil
}

// --- Set module -----------------------------------------------------------

func setSequence(_ *eval.Thread, _ eval.Value, args []eval.Value) (eval.Value, error) {
	return &eval.SequenceSet{From: intArg(args[0]), Until: intArg(args[1])}, nil
}

func setSingle(_ *eval.Thread, _ eval.Value, args []eval.Value) (eval.Value, error) {
	return &eval.ArraySet{Elems: []eval.Value{args[0]}}, nil
}

// setModulePaginate is Set.paginate(cursor) / Set.paginate(cursor, size):
// the page after a cursor, with the cursor's page size unless one is given.
func setModulePaginate(t *eval.Thread, _ eval.Value, args []eval.Value) (eval.Value, error) {
	size := 0
	if len(args) == 2 {
		var err error
		if size, err = checkSize(args[1]); err != nil {
			return nil, err
		}
	}
	var key string
	switch c := args[0].(type) {
	case eval.String:
		key = string(c)
	case eval.SetCursor:
		key = string(c)
	default:
		return nil, eval.ErrInvalidArgType("cursor", "String", args[0])
	}
	s, offset, csize, err := t.CursorCodec().Decode(t, key)
	if err != nil {
		return nil, err
	}
	if size == 0 {
		size = csize
	}
	page, err := eval.PaginateFrom(t, s, offset, size)
	if err != nil {
		return nil, err
	}
	return page.Object(), nil
}

// --- lazy methods -----------------------------------------------------------

func setWhere(t *eval.Thread, self eval.Value, args []eval.Value) (eval.Value, error) {
	f := fnArg(args[0])
	if err := checkArity("pred", f, 1); err != nil {
		return nil, err
	}
	return &whereSet{src: setOf(self), pred: f, site: t.CallSite(), stack: t.CallSites()}, nil
}

func setMap(t *eval.Thread, self eval.Value, args []eval.Value) (eval.Value, error) {
	f := fnArg(args[0])
	if err := checkArity("mapper", f, 1); err != nil {
		return nil, err
	}
	return &mapSet{src: setOf(self), fn: f, site: t.CallSite(), stack: t.CallSites()}, nil
}

func setFlatMap(t *eval.Thread, self eval.Value, args []eval.Value) (eval.Value, error) {
	f := fnArg(args[0])
	if err := checkArity("mapper", f, 1); err != nil {
		return nil, err
	}
	return &flatMapSet{src: setOf(self), fn: f, site: t.CallSite(), stack: t.CallSites()}, nil
}

func setOrder(t *eval.Thread, self eval.Value, args []eval.Value) (eval.Value, error) {
	ords, err := collectOrderings(args)
	if err != nil {
		return nil, err
	}
	return &orderedSet{src: setOf(self), ords: ords, site: t.CallSite(), stack: t.CallSites()}, nil
}

func setReverse(_ *eval.Thread, self eval.Value, _ []eval.Value) (eval.Value, error) {
	return reverseSet(setOf(self)), nil
}

func setDistinct(_ *eval.Thread, self eval.Value, _ []eval.Value) (eval.Value, error) {
	return &distinctSet{src: setOf(self)}, nil
}

func setTake(_ *eval.Thread, self eval.Value, args []eval.Value) (eval.Value, error) {
	n := intArg(args[0])
	switch {
	case n < 0:
		return nil, eval.ErrInvalidBounds("limit", "greater than 0", args[0])
	case n == 0:
		return &eval.ArraySet{}, nil
	}
	return &takeSet{src: setOf(self), n: int(n)}, nil
}

func setDrop(_ *eval.Thread, self eval.Value, args []eval.Value) (eval.Value, error) {
	n := intArg(args[0])
	if n <= 0 {
		return &dropSet{src: setOf(self)}, nil
	}
	return &dropSet{src: setOf(self), n: int(n)}, nil
}

func setConcat(_ *eval.Thread, self eval.Value, args []eval.Value) (eval.Value, error) {
	return &concatSet{first: setOf(self), last: setOf(args[0])}, nil
}

func setPageSize(_ *eval.Thread, self eval.Value, args []eval.Value) (eval.Value, error) {
	n, err := checkSize(args[0])
	if err != nil {
		return nil, err
	}
	return &pagedSet{src: setOf(self), size: n}, nil
}

func setToSet(_ *eval.Thread, self eval.Value, _ []eval.Value) (eval.Value, error) {
	return self, nil
}

// --- eager methods ----------------------------------------------------------

func setPaginate(t *eval.Thread, self eval.Value, args []eval.Value) (eval.Value, error) {
	size := 0
	if len(args) == 1 {
		var err error
		if size, err = checkSize(args[0]); err != nil {
			return nil, err
		}
	}
	page, err := eval.Paginate(t, setOf(self), size)
	if err != nil {
		return nil, err
	}
	return page.Object(), nil
}

// firstOf reads the first element of s; ok is false when s is empty.
func firstOf(t *eval.Thread, s eval.Set) (eval.Value, bool, error) {
	if f, isFirst := s.(eval.FirstSet); isFirst {
		return f.First(t)
	}
	return firstByEach(t, s)
}

// firstByEach is firstOf for sets without a First method, apart so that
// the variables its callback captures (moved to the heap) cost nothing on
// the fast path.
func firstByEach(t *eval.Thread, s eval.Set) (v eval.Value, ok bool, err error) {
	err = s.Each(t, func(e eval.Value) (bool, error) {
		v, ok = e, true
		return false, nil
	})
	return v, ok, err
}

// firstOrNull is the first element of s or a null "due to empty set".
func firstOrNull(t *eval.Thread, s eval.Set, site eval.Pos) (eval.Value, error) {
	v, ok, err := firstOf(t, s)
	if err != nil {
		return nil, err
	}
	if !ok {
		return eval.NoSuchElement("empty set", site), nil
	}
	return v, nil
}

func setFirst(t *eval.Thread, self eval.Value, _ []eval.Value) (eval.Value, error) {
	return firstOrNull(t, setOf(self), t.CallSite())
}

func setLast(t *eval.Thread, self eval.Value, _ []eval.Value) (eval.Value, error) {
	return firstOrNull(t, reverseSet(setOf(self)), t.CallSite())
}

// setFirstWhere is where(pred).first(): the predicate runs on the first
// chunk of elements, not on one at a time (Sets.scala firstWhereImpl).
func setFirstWhere(t *eval.Thread, self eval.Value, args []eval.Value) (eval.Value, error) {
	site := t.CallSite()
	f := fnArg(args[0])
	if err := checkArity("pred", f, 1); err != nil {
		return nil, err
	}
	return firstOrNull(t, &whereSet{src: setOf(self), pred: f, site: site}, site)
}

func setLastWhere(t *eval.Thread, self eval.Value, args []eval.Value) (eval.Value, error) {
	site := t.CallSite()
	f := fnArg(args[0])
	if err := checkArity("pred", f, 1); err != nil {
		return nil, err
	}
	return firstOrNull(t, &whereSet{src: reverseSet(setOf(self)), pred: f, site: site}, site)
}

func setIsEmpty(t *eval.Thread, self eval.Value, _ []eval.Value) (eval.Value, error) {
	_, ok, err := firstOf(t, setOf(self))
	if err != nil {
		return nil, err
	}
	return eval.Bool(!ok), nil
}

func setNonEmpty(t *eval.Thread, self eval.Value, _ []eval.Value) (eval.Value, error) {
	_, ok, err := firstOf(t, setOf(self))
	if err != nil {
		return nil, err
	}
	return eval.Bool(ok), nil
}

func setToArray(t *eval.Thread, self eval.Value, _ []eval.Value) (eval.Value, error) {
	elems, err := eval.Collect(t, setOf(self), eval.MaxPageSize)
	if err != nil {
		return nil, err
	}
	return newArray(elems), nil
}

func setCount(t *eval.Thread, self eval.Value, _ []eval.Value) (eval.Value, error) {
	var n int64
	err := setOf(self).Each(t, func(eval.Value) (bool, error) {
		n++
		return true, nil
	})
	if err != nil {
		return nil, err
	}
	return eval.Number(n), nil
}

func setIncludes(t *eval.Thread, self eval.Value, args []eval.Value) (eval.Value, error) {
	x := args[0]
	found := false
	err := setOf(self).Each(t, func(v eval.Value) (bool, error) {
		found = eval.StructuralEqual(v, x)
		return !found, nil
	})
	if err != nil {
		return nil, err
	}
	return eval.Bool(found), nil
}

func setAny(t *eval.Thread, self eval.Value, args []eval.Value) (eval.Value, error) {
	return setAnyEvery(t, setOf(self), args[0], false)
}

func setEvery(t *eval.Thread, self eval.Value, args []eval.Value) (eval.Value, error) {
	return setAnyEvery(t, setOf(self), args[0], true)
}

// setAnyEvery calls the predicate while its result equals def (false for
// any, true for every); null counts as false.
func setAnyEvery(t *eval.Thread, s eval.Set, fv eval.Value, def bool) (eval.Value, error) {
	f := fnArg(fv)
	if err := checkArity("predicate", f, 1); err != nil {
		return nil, err
	}
	res := def
	err := s.Each(t, func(v eval.Value) (bool, error) {
		r, err := call1(t, f, v)
		if err != nil {
			return false, err
		}
		b, err := predicateResult(r)
		if err != nil {
			return false, err
		}
		res = b
		return b == def, nil
	})
	if err != nil {
		return nil, err
	}
	return eval.Bool(res), nil
}

func setForEach(t *eval.Thread, self eval.Value, args []eval.Value) (eval.Value, error) {
	site := t.CallSite()
	f := fnArg(args[0])
	if err := checkArity("func", f, 1); err != nil {
		return nil, err
	}
	err := setOf(self).Each(t, func(v eval.Value) (bool, error) {
		_, err := call1(t, f, v)
		return err == nil, err
	})
	if err != nil {
		return nil, err
	}
	return nullAt(site), nil
}

func setFold(t *eval.Thread, self eval.Value, args []eval.Value) (eval.Value, error) {
	return foldSet(t, setOf(self), args[0], args[1])
}

// setFoldRight folds the reversed set (ValueSet.foldRight).
func setFoldRight(t *eval.Thread, self eval.Value, args []eval.Value) (eval.Value, error) {
	return foldSet(t, reverseSet(setOf(self)), args[0], args[1])
}

func foldSet(t *eval.Thread, s eval.Set, seed, fv eval.Value) (eval.Value, error) {
	f := fnArg(fv)
	if err := checkArity("reducer", f, 2); err != nil {
		return nil, err
	}
	acc := seed
	err := s.Each(t, func(v eval.Value) (bool, error) {
		var err error
		acc, err = call2(t, f, acc, v)
		return err == nil, err
	})
	if err != nil {
		return nil, err
	}
	return acc, nil
}

func setReduce(t *eval.Thread, self eval.Value, args []eval.Value) (eval.Value, error) {
	return reduceSet(t, setOf(self), args[0])
}

// setReduceRight reduces the reversed set (ValueSet.reduceRight).
func setReduceRight(t *eval.Thread, self eval.Value, args []eval.Value) (eval.Value, error) {
	return reduceSet(t, reverseSet(setOf(self)), args[0])
}

func reduceSet(t *eval.Thread, s eval.Set, fv eval.Value) (eval.Value, error) {
	site := t.CallSite()
	f := fnArg(fv)
	if err := checkArity("reducer", f, 2); err != nil {
		return nil, err
	}
	var acc eval.Value
	err := s.Each(t, func(v eval.Value) (bool, error) {
		if acc == nil {
			acc = v
			return true, nil
		}
		var err error
		acc, err = call2(t, f, acc, v)
		return err == nil, err
	})
	if err != nil {
		return nil, err
	}
	if acc == nil {
		return eval.NoSuchElement("empty set", site), nil
	}
	return acc, nil
}

// setAggregate is ValueSet.aggregate: each page of up to 16 000 elements
// is tree-reduced to r1, r2, …, rn; the result is
// combiner(combiner(combiner(rn, rn-1)…, r1), seed), and the seed for an
// empty set.
func setAggregate(t *eval.Thread, self eval.Value, args []eval.Value) (eval.Value, error) {
	seed := args[0]
	f := fnArg(args[1])
	if err := checkArity("combiner", f, 2); err != nil {
		return nil, err
	}
	var results, buf []eval.Value
	reduce := func() error {
		r, err := treeReduce(t, f, buf)
		if err != nil {
			return err
		}
		results = append(results, r)
		clear(buf)
		buf = buf[:0]
		return nil
	}
	err := setOf(self).Each(t, func(v eval.Value) (bool, error) {
		if len(buf) == eval.MaxPageSize {
			if err := reduce(); err != nil {
				return false, err
			}
		}
		buf = append(buf, v)
		return true, nil
	})
	if err == nil && len(buf) > 0 {
		err = reduce()
	}
	if err != nil {
		return nil, err
	}
	if len(results) == 0 {
		return seed, nil
	}
	acc := results[len(results)-1]
	for i := len(results) - 2; i >= 0; i-- {
		if acc, err = call2(t, f, acc, results[i]); err != nil {
			return nil, err
		}
	}
	return call2(t, f, acc, seed)
}

// --- set types ----------------------------------------------------------------

// reverseSet returns s reversed: without reading for the sets that can
// (arrays, sequences, eval.ReversibleSet), else by materialising s.
func reverseSet(s eval.Set) eval.Set {
	switch x := s.(type) {
	case *eval.ArraySet:
		return &revArraySet{elems: x.Elems, size: x.Size}
	case *eval.SequenceSet:
		return &revSequenceSet{from: x.From, until: x.Until, size: x.Size}
	case eval.ReversibleSet:
		return x.Reverse()
	}
	return &reversedSet{src: s}
}

var (
	_ eval.ReversibleSet = (*mapSet)(nil)
	_ eval.ReversibleSet = (*whereSet)(nil)
	_ eval.ReversibleSet = (*flatMapSet)(nil)
	_ eval.ReversibleSet = (*concatSet)(nil)
	_ eval.ReversibleSet = (*orderedSet)(nil)
	_ eval.ReversibleSet = (*distinctSet)(nil)
	_ eval.ReversibleSet = (*pagedSet)(nil)
	_ eval.ReversibleSet = (*reversedSet)(nil)
	_ eval.ReversibleSet = (*revArraySet)(nil)
	_ eval.ReversibleSet = (*revSequenceSet)(nil)
	_ eval.Set           = (*takeSet)(nil)
	_ eval.Set           = (*dropSet)(nil)

	_ eval.SetSeeker = (*mapSet)(nil)
	_ eval.SetSeeker = (*takeSet)(nil)
	_ eval.SetSeeker = (*dropSet)(nil)
	_ eval.SetSeeker = (*pagedSet)(nil)
	_ eval.SetSeeker = (*orderedSet)(nil)
	_ eval.SetSeeker = (*distinctSet)(nil)
	_ eval.SetSeeker = (*reversedSet)(nil)
	_ eval.SetSeeker = (*revArraySet)(nil)
	_ eval.SetSeeker = (*revSequenceSet)(nil)
)

// mapSet is `s.map(mapper)` (ProjectedSet).
type mapSet struct {
	src   eval.Set
	fn    eval.Callable
	site  eval.Pos
	stack []eval.Pos // user-function calls it was made in
}

func (*mapSet) Type() *eval.Type { return eval.SetType }
func (s *mapSet) PageSize() int  { return s.src.PageSize() }
func (s *mapSet) Reverse() eval.Set {
	return &mapSet{src: reverseSet(s.src), fn: s.fn, site: s.site, stack: s.stack}
}

func (s *mapSet) Each(t *eval.Thread, yield func(eval.Value) (bool, error)) error {
	return s.EachFrom(t, 0, yield)
}

// EachFrom maps only the elements from offset on.
func (s *mapSet) EachFrom(t *eval.Thread, offset int, yield func(eval.Value) (bool, error)) error {
	return eval.EachFrom(t, s.src, offset, func(v eval.Value) (bool, error) {
		r, err := setFunc1(t, s.fn, v)
		if err != nil {
			return false, withStack(err, s.site, s.stack)
		}
		return yield(r)
	})
}

// whereSet is `s.where(pred)` (WhereFilterSet). Like Fauna, which filters
// page by page, it runs the predicate over chunks of the source (16
// elements, then four times more each time up to 16 000) before yielding
// the chunk's matches, so `first()` evaluates the predicate on up to 16
// elements.
type whereSet struct {
	src   eval.Set
	pred  eval.Callable
	site  eval.Pos
	stack []eval.Pos // user-function calls it was made in
}

const minFilterChunk = 16

func (*whereSet) Type() *eval.Type { return eval.SetType }
func (s *whereSet) PageSize() int  { return s.src.PageSize() }
func (s *whereSet) Reverse() eval.Set {
	return &whereSet{src: reverseSet(s.src), pred: s.pred, site: s.site, stack: s.stack}
}

func (s *whereSet) Each(t *eval.Thread, yield func(eval.Value) (bool, error)) error {
	chunk := minFilterChunk
	buf := make([]eval.Value, 0, chunk)
	// flush filters buf and yields the matches; false means stop.
	flush := func() (bool, error) {
		n := 0
		for _, v := range buf {
			ok := false
			r, err := setFunc1(t, s.pred, v)
			if err == nil {
				ok, err = predicateResult(r)
			}
			if err != nil {
				return false, withStack(err, s.site, s.stack)
			}
			if ok {
				buf[n] = v
				n++
			}
		}
		for _, v := range buf[:n] {
			if more, err := yield(v); err != nil || !more {
				return false, err
			}
		}
		clear(buf)
		buf = buf[:0]
		return true, nil
	}
	stopped := false
	err := s.src.Each(t, func(v eval.Value) (bool, error) {
		buf = append(buf, v)
		if len(buf) < chunk {
			return true, nil
		}
		more, err := flush()
		if err != nil || !more {
			stopped = true
			return false, err
		}
		chunk = min(chunk*4, eval.MaxPageSize)
		return true, nil
	})
	if err != nil || stopped || len(buf) == 0 {
		return err
	}
	_, err = flush()
	return err
}

// flatMapSet is `s.flatMap(mapper)` (FlatMapSet): the mapper must return
// a Set, whose elements are yielded in turn.
type flatMapSet struct {
	src      eval.Set
	fn       eval.Callable
	site     eval.Pos
	stack    []eval.Pos // user-function calls it was made in
	reversed bool
}

func (*flatMapSet) Type() *eval.Type { return eval.SetType }
func (s *flatMapSet) PageSize() int  { return s.src.PageSize() }

// Reverse reverses the source and each leaf. Fauna sets `reversed` rather
// than flipping it, so reversing twice keeps the leaves reversed.
func (s *flatMapSet) Reverse() eval.Set {
	return &flatMapSet{src: reverseSet(s.src), fn: s.fn, site: s.site, stack: s.stack, reversed: true}
}

func (s *flatMapSet) Each(t *eval.Thread, yield func(eval.Value) (bool, error)) error {
	return s.src.Each(t, func(v eval.Value) (bool, error) {
		r, err := setFunc1(t, s.fn, v)
		if err != nil {
			return false, withStack(err, s.site, s.stack)
		}
		leaf, ok := r.(eval.Set)
		if !ok {
			return false, withSite(eval.ErrTypeMismatch("Set<Any>", r), s.site)
		}
		if s.reversed {
			leaf = reverseSet(leaf)
		}
		cont := true
		err = leaf.Each(t, func(x eval.Value) (bool, error) {
			more, err := yield(x)
			cont = more
			return more, err
		})
		return cont && err == nil, err
	})
}

// takeSet is `s.take(n)` with n > 0 (TakeSet).
type takeSet struct {
	src eval.Set
	n   int
}

func (*takeSet) Type() *eval.Type { return eval.SetType }
func (s *takeSet) PageSize() int  { return s.src.PageSize() }

func (s *takeSet) Each(t *eval.Thread, yield func(eval.Value) (bool, error)) error {
	return s.EachFrom(t, 0, yield)
}

// EachFrom stops after the n-th element without reading the next one.
func (s *takeSet) EachFrom(t *eval.Thread, offset int, yield func(eval.Value) (bool, error)) error {
	left := s.n - max(offset, 0)
	if left <= 0 {
		return nil
	}
	return eval.EachFrom(t, s.src, offset, func(v eval.Value) (bool, error) {
		left--
		more, err := yield(v)
		return more && left > 0, err
	})
}

// dropSet is `s.drop(n)` (DropSet); n ≤ 0 drops nothing.
type dropSet struct {
	src eval.Set
	n   int
}

func (*dropSet) Type() *eval.Type { return eval.SetType }
func (s *dropSet) PageSize() int  { return s.src.PageSize() }

func (s *dropSet) Each(t *eval.Thread, yield func(eval.Value) (bool, error)) error {
	return eval.EachFrom(t, s.src, s.n, yield)
}

func (s *dropSet) EachFrom(t *eval.Thread, offset int, yield func(eval.Value) (bool, error)) error {
	return eval.EachFrom(t, s.src, s.n+max(offset, 0), yield)
}

// concatSet is `first.concat(last)` (ConcatSet); its page size is the
// default, not its parts'.
type concatSet struct {
	first, last eval.Set
}

func (*concatSet) Type() *eval.Type { return eval.SetType }
func (*concatSet) PageSize() int    { return eval.DefaultPageSize }
func (s *concatSet) Reverse() eval.Set {
	return &concatSet{first: reverseSet(s.last), last: reverseSet(s.first)}
}

// EndsPageAt reports whether the first set ends exactly at element end:
// Fauna's ConcatSet then gives the page an `after` cursor even when the
// second set is empty (the next page is empty).
func (s *concatSet) EndsPageAt(t *eval.Thread, end int) (bool, error) {
	n := 0
	err := s.first.Each(t, func(eval.Value) (bool, error) {
		n++
		return n <= end, nil
	})
	return n == end, err
}

func (s *concatSet) Each(t *eval.Thread, yield func(eval.Value) (bool, error)) error {
	cont := true
	err := s.first.Each(t, func(v eval.Value) (bool, error) {
		more, err := yield(v)
		cont = more
		return more, err
	})
	if err != nil || !cont {
		return err
	}
	return s.last.Each(t, yield)
}

// pagedSet is `s.pageSize(n)` (PagedSet): s with another page size.
type pagedSet struct {
	src  eval.Set
	size int
}

func (*pagedSet) Type() *eval.Type { return eval.SetType }
func (s *pagedSet) PageSize() int  { return s.size }
func (s *pagedSet) Reverse() eval.Set {
	return &pagedSet{src: reverseSet(s.src), size: s.size}
}

func (s *pagedSet) Each(t *eval.Thread, yield func(eval.Value) (bool, error)) error {
	return s.src.Each(t, yield)
}

func (s *pagedSet) EachFrom(t *eval.Thread, offset int, yield func(eval.Value) (bool, error)) error {
	return eval.EachFrom(t, s.src, offset, yield)
}

// orderedSet is `s.order(...)` (OrderedSet): it reads up to 16 000
// elements of s and sorts them when iterated.
type orderedSet struct {
	src   eval.Set
	ords  []ordering
	site  eval.Pos
	stack []eval.Pos // user-function calls it was made in
}

func (*orderedSet) Type() *eval.Type { return eval.SetType }
func (s *orderedSet) PageSize() int  { return s.src.PageSize() }

// Reverse flips every ordering (an `order()` without orderings stays
// ascending, as in Fauna).
func (s *orderedSet) Reverse() eval.Set {
	return &orderedSet{src: s.src, ords: reversedOrderings(s.ords), site: s.site, stack: s.stack}
}

func (s *orderedSet) Each(t *eval.Thread, yield func(eval.Value) (bool, error)) error {
	return s.EachFrom(t, 0, yield)
}

func (s *orderedSet) EachFrom(t *eval.Thread, offset int, yield func(eval.Value) (bool, error)) error {
	elems, err := eval.Collect(t, s.src, eval.MaxPageSize)
	if err != nil {
		return err
	}
	prevLimit := t.LimitEffects(eval.LimitSetFunctions)
	sorted, err := sortValues(t, elems, s.ords)
	t.RestoreEffects(prevLimit)
	if err != nil {
		return withStack(err, s.site, s.stack)
	}
	return eachOf(t, sorted, offset, yield)
}

// distinctSet is `s.distinct()` (DistinctSet): it reads up to 16 000
// elements, sorts them (Fauna's quirk: a distinct set comes out in sorted
// order) and drops duplicates.
type distinctSet struct {
	src eval.Set
}

func (*distinctSet) Type() *eval.Type { return eval.SetType }
func (s *distinctSet) PageSize() int  { return s.src.PageSize() }
func (s *distinctSet) Reverse() eval.Set {
	return &distinctSet{src: reverseSet(s.src)}
}

func (s *distinctSet) Each(t *eval.Thread, yield func(eval.Value) (bool, error)) error {
	return s.EachFrom(t, 0, yield)
}

func (s *distinctSet) EachFrom(t *eval.Thread, offset int, yield func(eval.Value) (bool, error)) error {
	elems, err := eval.Collect(t, s.src, eval.MaxPageSize)
	if err != nil {
		return err
	}
	sorted, err := sortValues(t, elems, nil)
	if err != nil {
		return err
	}
	return eachOf(t, distinctValues(sorted), offset, yield)
}

// reversedSet is the reverse of a set that cannot reverse itself
// (ReverseSet): it reads up to 16 000 elements and yields them backwards.
type reversedSet struct {
	src eval.Set
}

func (*reversedSet) Type() *eval.Type    { return eval.SetType }
func (s *reversedSet) PageSize() int     { return s.src.PageSize() }
func (s *reversedSet) Reverse() eval.Set { return s.src }

func (s *reversedSet) Each(t *eval.Thread, yield func(eval.Value) (bool, error)) error {
	return s.EachFrom(t, 0, yield)
}

func (s *reversedSet) EachFrom(t *eval.Thread, offset int, yield func(eval.Value) (bool, error)) error {
	elems, err := eval.Collect(t, s.src, eval.MaxPageSize)
	if err != nil {
		return err
	}
	return eachBackward(t, elems, offset, yield)
}

// revArraySet is a reversed ArraySet, read backwards without copying.
type revArraySet struct {
	elems []eval.Value
	size  int
}

func (*revArraySet) Type() *eval.Type { return eval.SetType }
func (s *revArraySet) PageSize() int {
	if s.size > 0 {
		return s.size
	}
	return eval.DefaultPageSize
}
func (s *revArraySet) Reverse() eval.Set { return &eval.ArraySet{Elems: s.elems, Size: s.size} }

func (s *revArraySet) Each(t *eval.Thread, yield func(eval.Value) (bool, error)) error {
	return eachBackward(t, s.elems, 0, yield)
}

func (s *revArraySet) EachFrom(t *eval.Thread, offset int, yield func(eval.Value) (bool, error)) error {
	return eachBackward(t, s.elems, offset, yield)
}

// revSequenceSet is Set.sequence(from, until).reverse(): until-1 down to
// from.
type revSequenceSet struct {
	from, until int64
	size        int
}

func (*revSequenceSet) Type() *eval.Type { return eval.SetType }
func (s *revSequenceSet) PageSize() int {
	if s.size > 0 {
		return s.size
	}
	return eval.DefaultPageSize
}
func (s *revSequenceSet) Reverse() eval.Set {
	return &eval.SequenceSet{From: s.from, Until: s.until, Size: s.size}
}

func (s *revSequenceSet) Each(t *eval.Thread, yield func(eval.Value) (bool, error)) error {
	return s.EachFrom(t, 0, yield)
}

func (s *revSequenceSet) EachFrom(t *eval.Thread, offset int, yield func(eval.Value) (bool, error)) error {
	for i := s.until - 1 - int64(max(offset, 0)); i >= s.from; i-- {
		if err := t.Tick(); err != nil {
			return err
		}
		if more, err := yield(eval.Number(i)); err != nil || !more {
			return err
		}
	}
	return nil
}

// eachOf yields elems from offset on.
func eachOf(t *eval.Thread, elems []eval.Value, offset int, yield func(eval.Value) (bool, error)) error {
	for i := max(offset, 0); i < len(elems); i++ {
		if err := t.Tick(); err != nil {
			return err
		}
		if more, err := yield(elems[i]); err != nil || !more {
			return err
		}
	}
	return nil
}

// eachBackward yields elems from the last one, skipping offset of them.
func eachBackward(t *eval.Thread, elems []eval.Value, offset int, yield func(eval.Value) (bool, error)) error {
	for i := len(elems) - 1 - max(offset, 0); i >= 0; i-- {
		if err := t.Tick(); err != nil {
			return err
		}
		if more, err := yield(elems[i]); err != nil || !more {
			return err
		}
	}
	return nil
}

// setFunc1 calls the function of a lazy set operation (where, map,
// flatMap): it may read but not write (ValueSet.scala withEffectLimit).
func setFunc1(t *eval.Thread, f eval.Callable, v eval.Value) (eval.Value, error) {
	prevLimit := t.LimitEffects(eval.LimitSetFunctions)
	r, err := call1(t, f, v)
	t.RestoreEffects(prevLimit)
	return r, err
}
