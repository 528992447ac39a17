package eval

// Helpers for the Set standard library (stdlib/set.go): cursor access,
// iteration from an offset, and the optional capabilities a set may have.

// CursorCodec returns the codec the thread encodes and decodes `after`
// cursors with (the process-wide in-memory registry when Cursors is nil).
func (t *Thread) CursorCodec() CursorCodec { return t.cursors() }

// SetSeeker is implemented by sets that can start an iteration at an
// offset without producing (or computing) the elements before it. Cursor
// continuations (`Set.paginate(after)`) use it.
type SetSeeker interface {
	EachFrom(t *Thread, offset int, yield func(Value) (bool, error)) error
}

// PageBoundary is implemented by sets whose pages end early where one of
// their parts ends (Fauna's ConcatSet): a full page that ends exactly
// there gets an `after` cursor even when nothing follows.
type PageBoundary interface {
	EndsPageAt(t *Thread, end int) (bool, error)
}

// ReversibleSet is implemented by sets that can produce their reverse
// without materialising themselves (Fauna's ValueSet.reverse overrides:
// index sets flip their range, mapped sets reverse their source, ...).
// A set without it is reversed by reading up to MaxPageSize elements.
type ReversibleSet interface {
	Set
	Reverse() Set
}

var (
	_ SetSeeker = (*ArraySet)(nil)
	_ SetSeeker = (*SequenceSet)(nil)
)

// EachFrom yields the elements from the offset-th on.
func (s *ArraySet) EachFrom(t *Thread, offset int, yield func(Value) (bool, error)) error {
	if offset < 0 {
		offset = 0
	}
	if offset >= len(s.Elems) {
		return nil
	}
	return (&ArraySet{Elems: s.Elems[offset:]}).Each(t, yield)
}

// EachFrom yields the integers from From+offset on.
func (s *SequenceSet) EachFrom(t *Thread, offset int, yield func(Value) (bool, error)) error {
	if offset < 0 {
		offset = 0
	}
	from := s.From + int64(offset)
	if from >= s.Until {
		return nil
	}
	return (&SequenceSet{From: from, Until: s.Until}).Each(t, yield)
}

// EachFrom runs s from its offset-th element: directly when s is a
// SetSeeker, otherwise by running it from the start and skipping.
func EachFrom(t *Thread, s Set, offset int, yield func(Value) (bool, error)) error {
	if offset <= 0 {
		return s.Each(t, yield)
	}
	if sk, ok := s.(SetSeeker); ok {
		return sk.EachFrom(t, offset, yield)
	}
	n := 0
	return s.Each(t, func(v Value) (bool, error) {
		if n < offset {
			n++
			return true, nil
		}
		return yield(v)
	})
}

// PaginateFrom reads the page of size elements that starts at offset (the
// set's page size when size <= 0); its After cursor continues at
// offset+size when more elements exist.
func PaginateFrom(t *Thread, s Set, offset, size int) (*Page, error) {
	if size <= 0 {
		size = s.PageSize()
	}
	if offset < 0 {
		offset = 0
	}
	var data []Value
	more := false
	err := EachFrom(t, s, offset, func(v Value) (bool, error) {
		if len(data) == size {
			more = true
			return false, nil
		}
		data = append(data, v)
		return true, nil
	})
	if err != nil {
		return nil, err
	}
	if !more && len(data) == size {
		if b, ok := s.(PageBoundary); ok {
			if more, err = b.EndsPageAt(t, offset+size); err != nil {
				return nil, err
			}
		}
	}
	p := &Page{Data: data}
	if more {
		c, err := t.encodeCursor(s, offset+size, size)
		if err != nil {
			return nil, err
		}
		p.After = c
	}
	return p, nil
}
