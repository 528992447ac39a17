package eval

// Array is an immutable FQL array.
type Array struct {
	Elems []Value
}

// NewArray wraps elems (which the caller must not modify afterwards).
func NewArray(elems []Value) *Array { return &Array{Elems: elems} }

// Type returns ArrayType.
func (*Array) Type() *Type { return ArrayType }

// Len is the number of elements.
func (a *Array) Len() int { return len(a.Elems) }

// EmptyArray is the shared empty array.
var EmptyArray = &Array{}
