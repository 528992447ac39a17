package eval

// NullCause says why a value is null. Fauna keeps the cause on every null
// so that `x!`, `x.f` and operators can report where the null came from
// (spec/fql.md §6.3).
type NullCause uint8

// Null causes.
const (
	NullLiteral       NullCause = iota // the `null` literal, a false `if` without else
	NullMissingField                   // obj.f where f is absent
	NullInvalidNumber                  // a failed String.parse*
	NullNoSuchElement                  // first() of an empty array, ...
	NullDocNotFound                    // a reference to a missing document
	NullDocDeleted                     // a document deleted earlier in the query
	NullCollDeleted                    // a document of a deleted collection
	NullPermission                     // a document the caller may not read
)

// Null is the null value with its cause and the position it was created at.
type Null struct {
	Cause NullCause
	At    Pos
	// Field is the missing field's name (NullMissingField); Reason the text
	// after "due to" (NullNoSuchElement).
	Field  string
	Reason string
	// Doc is the document a doc-related null stands for.
	Doc Value
	// Receiver is the value whose field was missing (NullMissingField).
	Receiver Value
}

// Type returns NullType.
func (*Null) Type() *Type { return NullType }

// NullValue is a null with no particular origin (values decoded from the
// wire, nulls created by the runtime).
var NullValue Value = &Null{Cause: NullLiteral}

// IsNull reports whether v is null.
func IsNull(v Value) bool {
	_, ok := v.(*Null)
	return ok
}

// NoSuchElement returns the null of a method that found nothing.
func NoSuchElement(reason string, at Pos) *Null {
	return &Null{Cause: NullNoSuchElement, Reason: reason, At: at}
}

// nullMessage is the null_value message for asserting this null (`x!`).
func (n *Null) nullMessage() string {
	switch n.Cause {
	case NullMissingField:
		return "Null value, due to missing field `" + n.Field + "`"
	case NullInvalidNumber:
		return "Null value, due to invalid number"
	case NullNoSuchElement:
		return "Null value, due to " + n.Reason
	case NullPermission:
		return "Null value, due to permission denied"
	}
	return "Null literal value"
}
