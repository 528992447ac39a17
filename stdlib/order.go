package stdlib

import (
	"slices"
	"strconv"

	"github.com/fqlite/fqlite/eval"
)

// Orderings of `order(...)`, shared by Array.order and Set.order
// (Sets.scala collectOrderings, ValueSet.scala OrderedSet).

// ordering is one sort key: an accessor and its direction.
type ordering struct {
	fn   eval.Callable
	desc bool
}

// collectOrderings checks the arguments of `order`: each is a 1-parameter
// function (ascending) or an object whose single field `asc` or `desc`
// holds one. The parameter of the i-th argument is named `ordering<i>`.
func collectOrderings(args []eval.Value) ([]ordering, error) {
	if len(args) == 0 {
		return nil, nil
	}
	ords := make([]ordering, len(args))
	for i, a := range args {
		name := "ordering" + strconv.Itoa(i)
		var f eval.Callable
		desc := false
		switch v := a.(type) {
		case eval.Callable:
			f = v
		case *eval.Object:
			if v.Len() == 1 {
				if g, ok := v.Get("asc"); ok {
					f, _ = g.(eval.Callable)
				} else if g, ok := v.Get("desc"); ok {
					f, _ = g.(eval.Callable)
					desc = true
				}
			}
		}
		if f == nil {
			return nil, eval.ErrInvalidArgType(name, "Function", a)
		}
		if err := checkArity(name, f, 1); err != nil {
			return nil, err
		}
		ords[i] = ordering{fn: f, desc: desc}
	}
	return ords, nil
}

// reversed returns the orderings with every direction flipped (the reverse
// of an ordered set). Without orderings it stays ascending, as in Fauna.
func reversedOrderings(ords []ordering) []ordering {
	out := make([]ordering, len(ords))
	for i, o := range ords {
		out[i] = ordering{fn: o.fn, desc: !o.desc}
	}
	return out
}

// sortValues returns elems stably sorted by the orderings (by the elements
// themselves when there are none). Accessors run element by element, all
// orderings of an element before the next element. elems is not modified.
func sortValues(t *eval.Thread, elems []eval.Value, ords []ordering) ([]eval.Value, error) {
	n := len(elems)
	out := make([]eval.Value, n)
	if len(ords) == 0 {
		copy(out, elems)
		slices.SortStableFunc(out, func(a, b eval.Value) int { return sortCompare(t, a, b) })
		return out, nil
	}
	k := len(ords)
	keys := make([]eval.Value, n*k)
	for i, e := range elems {
		if err := t.Tick(); err != nil {
			return nil, err
		}
		for j, o := range ords {
			v, err := call1(t, o.fn, e)
			if err != nil {
				return nil, err
			}
			keys[i*k+j] = v
		}
	}
	idx := make([]int32, n)
	for i := range idx {
		idx[i] = int32(i)
	}
	slices.SortStableFunc(idx, func(x, y int32) int {
		kx, ky := keys[int(x)*k:int(x)*k+k], keys[int(y)*k:int(y)*k+k]
		for j, o := range ords {
			var c int
			if o.desc {
				c = sortCompare(t, ky[j], kx[j])
			} else {
				c = sortCompare(t, kx[j], ky[j])
			}
			if c != 0 {
				return c
			}
		}
		return 0
	})
	for i, x := range idx {
		out[i] = elems[x]
	}
	return out, nil
}

// sortPosition is the place of a value's kind in the total order across
// types (Value.totalOrderingPosition, spec/fql.md §3.8).
func sortPosition(v eval.Value) int {
	switch v.(type) {
	case eval.Int, eval.Long, eval.Double:
		return 0
	case eval.Bytes:
		return 1
	case eval.String:
		return 2
	case *eval.Array:
		return 3
	case *eval.Object:
		return 4
	case eval.ID:
		return 5
	case eval.DocRef:
		return 6
	case eval.Time:
		return 7
	case eval.TransactionTime:
		return 8
	case eval.Date:
		return 9
	case eval.UUID:
		return 10
	case eval.Boolean:
		return 11
	case *eval.Module:
		return 12
	case eval.Set:
		return 13
	case eval.SetCursor:
		return 14
	case *eval.Lambda:
		return 15
	case *eval.NativeFunc:
		return 16
	case *eval.Null:
		return 18
	}
	return 17
}

// sortCompare is the ordering `order()` and Set.distinct sort with:
// Fauna's Value.compare, not the `<` operator's ValueCmp. The two differ
// in that equal arrays and objects compare as equal here (no "less" quirk)
// and values of different kinds (an ID and a String or a number) are
// ordered by kind only.
func sortCompare(t *eval.Thread, a, b eval.Value) int {
	pa, pb := sortPosition(a), sortPosition(b)
	if pa != pb {
		return cmpInts(pa, pb)
	}
	switch x := a.(type) {
	case *eval.Array:
		y := b.(*eval.Array)
		return sortCompareList(t, x.Elems, y.Elems)
	case *eval.Object:
		return sortCompareObjects(t, x, b.(*eval.Object))
	}
	switch pa {
	case 0, 1, 2, 5, 6, 7, 9, 10, 11, 12:
		if c, ok := eval.Compare(t, a, b); ok {
			return c
		}
	}
	return 0
}

func cmpInts(a, b int) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func sortCompareList(t *eval.Thread, a, b []eval.Value) int {
	for i := 0; i < len(a) && i < len(b); i++ {
		if c := sortCompare(t, a[i], b[i]); c != 0 {
			return c
		}
	}
	return cmpInts(len(a), len(b))
}

// sortCompareObjects compares the key-sorted entries, key first.
func sortCompareObjects(t *eval.Thread, a, b *eval.Object) int {
	ka, kb := sortedKeys(a), sortedKeys(b)
	for i := 0; i < len(ka) && i < len(kb); i++ {
		if c := eval.CompareUTF16(ka[i], kb[i]); c != 0 {
			return c
		}
		va, _ := a.Get(ka[i])
		vb, _ := b.Get(kb[i])
		if c := sortCompare(t, va, vb); c != 0 {
			return c
		}
	}
	return cmpInts(len(ka), len(kb))
}

func sortedKeys(o *eval.Object) []string {
	keys := o.Keys()
	if slices.IsSortedFunc(keys, eval.CompareUTF16) {
		return keys
	}
	keys = slices.Clone(keys)
	slices.SortFunc(keys, eval.CompareUTF16)
	return keys
}
