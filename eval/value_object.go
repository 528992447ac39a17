package eval

import "github.com/fqlite/fqlite/lang"

// Object is an FQL object (Fauna's Struct): string keys in insertion order.
// Objects are immutable once built; small ones are searched linearly, which
// beats a map for the handful of fields documents usually have.
type Object struct {
	keys  []string
	vals  []Value
	index map[string]int // built for large objects only
}

const objectIndexThreshold = 12

// NewObject returns an empty object with room for n fields. Objects of up
// to 8 fields take one allocation: the key and value arrays live beside
// the header, in blocks sized for the usual cases (a document of three
// data fields plus id, coll and ts takes 6).
func NewObject(n int) *Object {
	switch {
	case n <= 2:
		b := &objectBlock2{}
		b.o.keys, b.o.vals = b.k[:0], b.v[:0]
		return &b.o
	case n <= 4:
		b := &objectBlock4{}
		b.o.keys, b.o.vals = b.k[:0], b.v[:0]
		return &b.o
	case n <= 6:
		b := &objectBlock6{}
		b.o.keys, b.o.vals = b.k[:0], b.v[:0]
		return &b.o
	case n <= 8:
		b := &objectBlock8{}
		b.o.keys, b.o.vals = b.k[:0], b.v[:0]
		return &b.o
	}
	return &Object{keys: make([]string, 0, n), vals: make([]Value, 0, n)}
}

type objectBlock2 struct {
	o Object
	k [2]string
	v [2]Value
}

type objectBlock4 struct {
	o Object
	k [4]string
	v [4]Value
}

type objectBlock6 struct {
	o Object
	k [6]string
	v [6]Value
}

type objectBlock8 struct {
	o Object
	k [8]string
	v [8]Value
}

// InitObjectWithKeys makes *o an object whose keys are keys and whose
// values are vals (len(keys) of them, filled in with SetAt), for building
// an object inside a larger allocation. The object shares keys and never
// modifies them (a Set of a new key copies them first), so many objects
// of one shape, such as the documents of a collection read out, can share
// one key array.
func InitObjectWithKeys(o *Object, keys []string, vals []Value) {
	n := len(keys)
	*o = Object{keys: keys[:n:n], vals: vals[:n]}
	if n > objectIndexThreshold {
		o.index = make(map[string]int, n*2)
		for i, k := range keys {
			o.index[k] = i
		}
	}
}

// SetAt sets the value of the i-th field while the object is being built.
func (o *Object) SetAt(i int, v Value) { o.vals[i] = v }

// ObjectOf builds an object from alternating keys and values.
func ObjectOf(kv ...any) *Object {
	o := NewObject(len(kv) / 2)
	for i := 0; i+1 < len(kv); i += 2 {
		o.Set(lang.Intern(kv[i].(string)), kv[i+1].(Value))
	}
	return o
}

// Type returns ObjectType.
func (*Object) Type() *Type { return ObjectType }

// Len is the number of fields.
func (o *Object) Len() int { return len(o.keys) }

// Keys returns the keys in order; the slice must not be modified.
func (o *Object) Keys() []string { return o.keys }

// Values returns the values in key order; the slice must not be modified.
func (o *Object) Values() []Value { return o.vals }

// KeyAt and ValueAt address fields by position.
func (o *Object) KeyAt(i int) string  { return o.keys[i] }
func (o *Object) ValueAt(i int) Value { return o.vals[i] }

// Lookup returns the position of key, or -1.
func (o *Object) Lookup(key string) int {
	if o.index != nil {
		if i, ok := o.index[key]; ok {
			return i
		}
		return -1
	}
	for i, k := range o.keys {
		if k == key {
			return i
		}
	}
	return -1
}

// Get returns the value of key.
func (o *Object) Get(key string) (Value, bool) {
	if i := o.Lookup(key); i >= 0 {
		return o.vals[i], true
	}
	return nil, false
}

// Set adds or replaces a field while the object is being built. A replaced
// key keeps its original position (spec/fql.md §3.4).
func (o *Object) Set(key string, v Value) {
	if i := o.Lookup(key); i >= 0 {
		o.vals[i] = v
		return
	}
	o.keys = append(o.keys, key)
	o.vals = append(o.vals, v)
	if o.index != nil {
		o.index[key] = len(o.keys) - 1
	} else if len(o.keys) > objectIndexThreshold {
		o.index = make(map[string]int, len(o.keys)*2)
		for i, k := range o.keys {
			o.index[k] = i
		}
	}
}

// Append adds a field the caller knows the object does not have (the
// fields of a decoded record, say), without Set's search for it.
func (o *Object) Append(key string, v Value) {
	if o.index != nil || len(o.keys) >= objectIndexThreshold {
		o.Set(key, v)
		return
	}
	o.keys = append(o.keys, key)
	o.vals = append(o.vals, v)
}

// Copy returns a shallow copy that may be modified with Set.
func (o *Object) Copy() *Object {
	c := NewObject(len(o.keys) + 1)
	for i, k := range o.keys {
		c.Set(k, o.vals[i])
	}
	return c
}
