package eval

import (
	"bytes"
	"math"
	"sort"
	"strconv"
	"unicode/utf8"
)

// Equality and ordering (ValueCmp.scala, spec/fql.md §3.8).

// DocRef is implemented by document values so the core can compare them
// without knowing storage: same collection and same id (or name).
type DocRef interface {
	Value
	// DocKey identifies the document: collection name and id or name.
	DocKey() (coll string, id string, isNamed bool)
	// DocExists reports whether the document exists (for `doc == null`).
	DocExists(t *Thread) (bool, error)
}

// Equal is FQL's `==`. It never fails for values of the core; document
// existence checks may.
func Equal(t *Thread, a, b Value) (bool, error) {
	if a == b {
		return true, nil
	}
	switch x := a.(type) {
	case *Array:
		y, ok := b.(*Array)
		if !ok || len(x.Elems) != len(y.Elems) {
			return false, nil
		}
		for i := range x.Elems {
			eq, err := Equal(t, x.Elems[i], y.Elems[i])
			if err != nil || !eq {
				return false, err
			}
		}
		return true, nil
	case *Object:
		y, ok := b.(*Object)
		if !ok || x.Len() != y.Len() {
			return false, nil
		}
		for i, k := range x.keys {
			w, ok := y.Get(k)
			if !ok {
				return false, nil
			}
			eq, err := Equal(t, x.vals[i], w)
			if err != nil || !eq {
				return false, err
			}
		}
		return true, nil
	case *Null:
		if d, ok := b.(DocRef); ok {
			ex, err := d.DocExists(t)
			return !ex, err
		}
	case DocRef:
		if _, ok := b.(*Null); ok {
			ex, err := x.DocExists(t)
			return !ex, err
		}
	case TransactionTime:
		_, ok := b.(TransactionTime)
		return ok, nil
	}
	c, ok := compare(t, a, b)
	return ok && c == 0, nil
}

// Less etc. implement `<`, `<=`, `>`, `>=`: values of unrelated types are
// never ordered.
func Compare(t *Thread, a, b Value) (int, bool) { return compare(t, a, b) }

// compare is ValueCmp.cmp: ok=false for unrelated types.
func compare(t *Thread, a, b Value) (int, bool) {
	// Fast paths for the common same-kind comparisons.
	switch x := a.(type) {
	case Int:
		if y, ok := b.(Int); ok {
			return cmpInt(int64(x), int64(y)), true
		}
	case String:
		if y, ok := b.(String); ok {
			if x == y {
				return 0, true
			}
			return CompareUTF16(string(x), string(y)), true
		}
	}
	if a == b {
		return 0, true
	}
	switch x := a.(type) {
	case *Object:
		if y, ok := b.(*Object); ok {
			return objectCmp(t, x, y), true
		}
	case *Array:
		if y, ok := b.(*Array); ok {
			return listCmp(t, x.Elems, y.Elems), true
		}
	case *Null:
		if _, ok := b.(*Null); ok {
			return 0, true
		}
	case ID:
		switch y := b.(type) {
		case String:
			n, err := strconv.ParseInt(string(y), 10, 64)
			if err != nil {
				return 0, false
			}
			return cmpInt(int64(x), n), true
		case ID:
			return cmpInt(int64(x), int64(y)), true
		case Int, Long, Double:
			return compareNumbers(Long(x), y), true
		}
	case String:
		switch y := b.(type) {
		case ID:
			n, err := strconv.ParseInt(string(x), 10, 64)
			if err != nil {
				return 0, false
			}
			return cmpInt(n, int64(y)), true
		case String:
			return CompareUTF16(string(x), string(y)), true
		}
	case Int, Long, Double:
		switch y := b.(type) {
		case ID:
			return compareNumbers(a, Long(y)), true
		case Int, Long, Double:
			return compareNumbers(a, b), true
		}
	case Boolean:
		if y, ok := b.(Boolean); ok {
			switch {
			case x == y:
				return 0, true
			case !bool(x):
				return -1, true
			}
			return 1, true
		}
	case Time:
		if y, ok := b.(Time); ok {
			return x.T.Compare(y.T), true
		}
	case Date:
		if y, ok := b.(Date); ok {
			return x.T.Compare(y.T), true
		}
	case Bytes:
		if y, ok := b.(Bytes); ok {
			return bytes.Compare([]byte(x), []byte(y)), true
		}
	case UUID:
		if y, ok := b.(UUID); ok {
			return bytes.Compare(x[:], y[:]), true
		}
	case DocRef:
		if y, ok := b.(DocRef); ok {
			c1, i1, n1 := x.DocKey()
			c2, i2, n2 := y.DocKey()
			if c := CompareUTF16(c1, c2); c != 0 {
				return c, true
			}
			if n1 && n2 {
				return CompareUTF16(i1, i2), true
			}
			a1, _ := strconv.ParseInt(i1, 10, 64)
			a2, _ := strconv.ParseInt(i2, 10, 64)
			return cmpInt(a1, a2), true
		}
	case *Module:
		if y, ok := b.(*Module); ok {
			switch {
			case x.Parent != nil && y.Parent != nil:
				if c, _ := compare(t, x.Parent, y.Parent); c != 0 {
					return c, true
				}
			case x.Parent != nil:
				return 1, true
			case y.Parent != nil:
				return -1, true
			}
			return CompareUTF16(x.Name, y.Name), true
		}
	case *Lambda:
		if y, ok := b.(*Lambda); ok {
			return lambdaCmp(x, y), true
		}
	case *NativeFunc:
		if y, ok := b.(*NativeFunc); ok {
			var c int
			switch {
			case x.Recv == nil && y.Recv == nil:
			case x.Recv == nil:
				c = -1
			case y.Recv == nil:
				c = 1
			default:
				c = TotalCompare(t, x.Recv, y.Recv)
			}
			if c == 0 {
				c = CompareUTF16(x.Name, y.Name)
			}
			return c, true
		}
	case Set:
		if _, ok := b.(Set); ok {
			return 0, false
		}
	}
	return 0, false
}

func cmpInt(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// compareNumbers follows Value.Number.compareNumbers: integers exactly,
// otherwise Java's Double.compare (NaN above everything, -0.0 < 0.0).
func compareNumbers(a, b Value) int {
	ai, aInt := AsInt64(a)
	bi, bInt := AsInt64(b)
	if aInt && bInt {
		return cmpInt(ai, bi)
	}
	af, _ := AsFloat(a)
	bf, _ := AsFloat(b)
	return javaDoubleCompare(af, bf)
}

func javaDoubleCompare(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	an, bn := math.IsNaN(a), math.IsNaN(b)
	switch {
	case an && bn:
		return 0
	case an:
		return 1
	case bn:
		return -1
	}
	// equal values: distinguish -0.0 and 0.0 as Java does.
	as, bs := math.Signbit(a), math.Signbit(b)
	switch {
	case as == bs:
		return 0
	case as:
		return -1
	}
	return 1
}

// CompareUTF16 orders strings by UTF-16 code units, as Java's compareTo.
func CompareUTF16(a, b string) int {
	for len(a) > 0 && len(b) > 0 {
		ra, sa := utf8.DecodeRuneInString(a)
		rb, sb := utf8.DecodeRuneInString(b)
		if ra != rb {
			ua, ub := firstUTF16(ra), firstUTF16(rb)
			if ua != ub {
				if ua < ub {
					return -1
				}
				return 1
			}
			// same high surrogate: compare the low ones
			la, lb := secondUTF16(ra), secondUTF16(rb)
			if la < lb {
				return -1
			}
			return 1
		}
		a, b = a[sa:], b[sb:]
	}
	switch {
	case len(a) == 0 && len(b) == 0:
		return 0
	case len(a) == 0:
		return -1
	}
	return 1
}

func firstUTF16(r rune) uint16 {
	if r < 0x10000 {
		return uint16(r)
	}
	return uint16(0xd800 + ((r - 0x10000) >> 10))
}

func secondUTF16(r rune) uint16 {
	if r < 0x10000 {
		return 0
	}
	return uint16(0xdc00 + ((r - 0x10000) & 0x3ff))
}

// listCmp is ValueCmp.listCmp, quirk included: equal contents compare as
// "less" (spec/fql.md §3.8).
func listCmp(t *Thread, a, b []Value) int {
	for {
		if len(a) == 0 {
			return -1
		}
		if len(b) == 0 {
			return 1
		}
		if c := TotalCompare(t, a[0], b[0]); c != 0 {
			return c
		}
		a, b = a[1:], b[1:]
	}
}

type kv struct {
	k string
	v Value
}

func sortedEntries(o *Object) []kv {
	out := make([]kv, len(o.keys))
	for i := range o.keys {
		out[i] = kv{o.keys[i], o.vals[i]}
	}
	sort.Slice(out, func(i, j int) bool { return CompareUTF16(out[i].k, out[j].k) < 0 })
	return out
}

func objectCmp(t *Thread, a, b *Object) int {
	ea, eb := sortedEntries(a), sortedEntries(b)
	for {
		if len(ea) == 0 {
			return -1
		}
		if len(eb) == 0 {
			return 1
		}
		if c := CompareUTF16(ea[0].k, eb[0].k); c != 0 {
			return c
		}
		if c := TotalCompare(t, ea[0].v, eb[0].v); c != 0 {
			return c
		}
		ea, eb = ea[1:], eb[1:]
	}
}

func lambdaCmp(a, b *Lambda) int {
	pa, pb := a.code.paramNames, b.code.paramNames
	for i := 0; i < len(pa) && i < len(pb); i++ {
		switch {
		case pa[i] == "" && pb[i] == "":
		case pa[i] == "":
			return -1
		case pb[i] == "":
			return 1
		default:
			if c := CompareUTF16(pa[i], pb[i]); c != 0 {
				return c
			}
		}
	}
	if len(pa) != len(pb) {
		if len(pa) < len(pb) {
			return -1
		}
		return 1
	}
	return 0
}

// totalOrder is the position of each kind in the cross-type order
// (spec/fql.md §3.8).
func totalOrder(v Value) int {
	switch v.(type) {
	case Int, Long, Double:
		return 0
	case Bytes:
		return 1
	case String:
		return 2
	case *Array:
		return 3
	case *Object:
		return 4
	case ID:
		return 5
	case DocRef:
		return 6
	case Time:
		return 7
	case TransactionTime:
		return 8
	case Date:
		return 9
	case UUID:
		return 10
	case Boolean:
		return 11
	case *Module:
		return 12
	case Set:
		return 13
	case SetCursor:
		return 14
	case *Lambda:
		return 15
	case *NativeFunc:
		return 16
	case *Null:
		return 18
	}
	return 17
}

// TotalCompare orders any two values: by compare when related, else by
// the cross-type order.
func TotalCompare(t *Thread, a, b Value) int {
	if c, ok := compare(t, a, b); ok {
		return c
	}
	return cmpInt(int64(totalOrder(a)), int64(totalOrder(b)))
}

// StructuralEqual is Value.equals: the equality of includes/indexOf/
// distinct. Numbers compare across types, but NaN never equals itself and
// a missing document is not null.
func StructuralEqual(a, b Value) bool {
	switch x := a.(type) {
	case String:
		if y, ok := b.(String); ok {
			return x == y
		}
	case Int:
		if y, ok := b.(Int); ok {
			return x == y
		}
	case Double:
		if math.IsNaN(float64(x)) {
			return false
		}
	case *Array:
		y, ok := b.(*Array)
		if !ok || len(x.Elems) != len(y.Elems) {
			return false
		}
		for i := range x.Elems {
			if !StructuralEqual(x.Elems[i], y.Elems[i]) {
				return false
			}
		}
		return true
	case *Object:
		y, ok := b.(*Object)
		if !ok || x.Len() != y.Len() {
			return false
		}
		for i, k := range x.keys {
			w, ok := y.Get(k)
			if !ok || !StructuralEqual(x.vals[i], w) {
				return false
			}
		}
		return true
	case *Null:
		_, ok := b.(*Null)
		return ok
	}
	if d, ok := b.(Double); ok && math.IsNaN(float64(d)) {
		return false
	}
	if IsNull(b) {
		return false
	}
	c, ok := compare(nil, a, b)
	return ok && c == 0
}
