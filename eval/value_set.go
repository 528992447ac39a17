package eval

// Set is a lazy, re-runnable sequence: nothing is read until an eager
// method (first, toArray, paginate, ...) or rendering iterates it. Sets from
// arrays and sequences live here; the runtime adds sets over collections
// and indexes, which implement the same interface.
type Set interface {
	Value
	// Each runs the set from its start and calls yield with each element
	// in order until yield returns false or an error.
	Each(t *Thread, yield func(Value) (bool, error)) error
	// PageSize is the page size used when the set is rendered or paginated
	// without an explicit size.
	PageSize() int
}

// FirstSet is implemented by sets that find their first element without
// running a general iteration (storage sets).
type FirstSet interface {
	First(t *Thread) (Value, bool, error)
}

// DefaultPageSize is Fauna's default page size.
const DefaultPageSize = 16

// MaxPageSize bounds pageSize/paginate sizes and materialisation.
const MaxPageSize = 16000

// ArraySet is a set over the elements of an array (`arr.toSet()`,
// `Set.single(x)`).
type ArraySet struct {
	Elems []Value
	Size  int
}

// Type returns SetType.
func (*ArraySet) Type() *Type { return SetType }

// Each yields the elements.
func (s *ArraySet) Each(t *Thread, yield func(Value) (bool, error)) error {
	for _, v := range s.Elems {
		if err := t.Tick(); err != nil {
			return err
		}
		if more, err := yield(v); err != nil || !more {
			return err
		}
	}
	return nil
}

// PageSize returns the page size.
func (s *ArraySet) PageSize() int { return pageSizeOr(s.Size) }

// SequenceSet is `Set.sequence(from, until)`: the Ints from <= i < until.
type SequenceSet struct {
	From, Until int64
	Size        int
}

// Type returns SetType.
func (*SequenceSet) Type() *Type { return SetType }

// Each yields the integers.
func (s *SequenceSet) Each(t *Thread, yield func(Value) (bool, error)) error {
	for i := s.From; i < s.Until; i++ {
		if err := t.Tick(); err != nil {
			return err
		}
		if more, err := yield(Number(i)); err != nil || !more {
			return err
		}
	}
	return nil
}

// PageSize returns the page size.
func (s *SequenceSet) PageSize() int { return pageSizeOr(s.Size) }

func pageSizeOr(n int) int {
	if n <= 0 {
		return DefaultPageSize
	}
	return n
}

// FuncSet is a set defined by a Go iteration function; the lazy set
// operations (where, map, take, ...) are FuncSets over their source.
type FuncSet struct {
	Iter func(t *Thread, yield func(Value) (bool, error)) error
	Size int
	// Src is the set this one derives from, for pagination metadata.
	Src Set
}

// Type returns SetType.
func (*FuncSet) Type() *Type { return SetType }

// Each runs the iteration.
func (s *FuncSet) Each(t *Thread, yield func(Value) (bool, error)) error { return s.Iter(t, yield) }

// PageSize returns the page size.
func (s *FuncSet) PageSize() int {
	if s.Size > 0 {
		return s.Size
	}
	if s.Src != nil {
		return s.Src.PageSize()
	}
	return DefaultPageSize
}

// Collect materialises up to limit elements of a set; more than limit is a
// value_too_large error (spec/fql.md §3.6).
func Collect(t *Thread, s Set, limit int) ([]Value, error) {
	var out []Value
	var tooMany bool
	err := s.Each(t, func(v Value) (bool, error) {
		if len(out) >= limit {
			tooMany = true
			return false, nil
		}
		out = append(out, v)
		return true, nil
	})
	if err != nil {
		return nil, err
	}
	if tooMany {
		return nil, ErrValueTooLarge("exceeded maximum number of elements (limit=16000)")
	}
	return out, nil
}

// Page is one page of a set: its elements and, when more exist, a cursor.
type Page struct {
	Data  []Value
	After Value // SetCursor, or nil on the last page
}

// Paginate reads the first page of size elements (the set's page size when
// size <= 0).
func Paginate(t *Thread, s Set, size int) (*Page, error) {
	return PaginateFrom(t, s, 0, size)
}

// PageObject renders a page as the object `{ data: [...], after: cursor }`.
func (p *Page) Object() *Object {
	o := NewObject(2)
	o.Set("data", NewArray(p.Data))
	if p.After != nil {
		o.Set("after", p.After)
	}
	return o
}
