package eval

// Materialisation prepares a result for output (FQL2ValueMaterializer):
// sets become their first page and documents their fields, to a nesting
// depth of 10 sets. The encoders (FQL notation, tagged and simple JSON)
// then work on the materialised tree without reading anything.

// SetMaterializationDepth is how deep sets nested in results are paginated.
const SetMaterializationDepth = 10

// Document is a stored document as the core sees it. The runtime
// implements it; the core compares, renders and asserts documents through
// these methods only.
type Document interface {
	DocRef
	// Coll is the collection module the document belongs to.
	Coll() *Module
	// Expand reads the document for output: its fields in output order,
	// or why it cannot be shown (a null cause: not found, deleted,
	// permission denied, collection deleted).
	Expand(t *Thread) (fields *Object, missing NullCause, err error)
	// Presence reports why the document cannot be read (not found,
	// deleted, ...), or NullLiteral when it can, without reading its
	// fields.
	Presence(t *Thread) (missing NullCause, err error)
}

// PageValue is a set rendered as its first page.
type PageValue struct {
	Page *Object
}

// Type returns SetType.
func (*PageValue) Type() *Type { return SetType }

// DocValue is a document prepared for output: its fields, or the reason it
// renders as a ref with a comment (`People("1") /* not found */`).
type DocValue struct {
	Doc     Document
	Fields  *Object // nil when Missing is set or the document is nested
	Missing NullCause
	Exists  bool
}

// Type returns the document's type.
func (d *DocValue) Type() *Type { return d.Doc.Type() }

// Materialize walks a result and reads what output needs.
func Materialize(t *Thread, v Value) (Value, error) {
	return materialize(t, v, 0, true)
}

func materialize(t *Thread, v Value, depth int, expandDocs bool) (Value, error) {
	if isScalar(v) {
		return v, nil
	}
	switch x := v.(type) {
	case *Array:
		var out []Value
		for i, e := range x.Elems {
			if isScalar(e) {
				if out != nil {
					out[i] = e
				}
				continue
			}
			m, err := materialize(t, e, depth, expandDocs)
			if err != nil {
				return nil, err
			}
			if m != e && out == nil {
				out = make([]Value, len(x.Elems))
				copy(out, x.Elems[:i])
			}
			if out != nil {
				out[i] = m
			}
		}
		if out == nil {
			return x, nil
		}
		return NewArray(out), nil
	case *Object:
		var out *Object
		for i, k := range x.keys {
			e := x.vals[i]
			if isScalar(e) {
				if out != nil {
					out.Set(k, e)
				}
				continue
			}
			m, err := materialize(t, e, depth, expandDocs)
			if err != nil {
				return nil, err
			}
			if m != e && out == nil {
				out = NewObject(x.Len())
				for j := 0; j < i; j++ {
					out.Set(x.keys[j], x.vals[j])
				}
			}
			if out != nil {
				out.Set(k, m)
			}
		}
		if out == nil {
			return x, nil
		}
		return out, nil
	case Set:
		if depth >= SetMaterializationDepth {
			c, err := t.encodeCursor(x, 0, x.PageSize())
			if err != nil {
				return nil, err
			}
			return &PageValue{Page: ObjectOf("after", c)}, nil
		}
		p, err := Paginate(t, x, 0)
		if err != nil {
			return nil, err
		}
		data := make([]Value, len(p.Data))
		for i, e := range p.Data {
			if data[i], err = materialize(t, e, depth+1, expandDocs); err != nil {
				return nil, err
			}
		}
		p.Data = data
		return &PageValue{Page: p.Object()}, nil
	case Document:
		if !expandDocs {
			return &DocValue{Doc: detached(x)}, nil
		}
		if od, ok := x.(OutputDocument); ok {
			dv, err := od.Output(t)
			if err != nil {
				return nil, err
			}
			if dv != nil {
				m, err := materialize(t, dv.Fields, depth, false)
				if err != nil {
					return nil, err
				}
				dv.Fields = m.(*Object)
				return dv, nil
			}
		}
		fields, missing, err := x.Expand(t)
		if err != nil {
			return nil, err
		}
		if fields == nil {
			return &DocValue{Doc: detached(x), Missing: missing}, nil
		}
		// Documents inside a document stay references.
		m, err := materialize(t, fields, depth, false)
		if err != nil {
			return nil, err
		}
		return &DocValue{Doc: detached(x), Fields: m.(*Object), Exists: true}, nil
	case *DocValue, *PageValue, TransactionTime:
		return v, nil
	case *Null:
		return detachedNull(t, x), nil
	}
	// Functions and whatever else a result may hold keep the values they
	// refer to.
	t.outlives = true
	return v, nil
}

// OutputDocument is a Document that can make its own output: then the
// DocValue, a detached copy of the document and its fields may take one
// allocation. Output returns nil when the document has no such shortcut
// (Expand is used instead).
type OutputDocument interface {
	Output(t *Thread) (*DocValue, error)
}

// Detachable is a Document that may live in memory its environment reuses
// after the evaluation: Detach returns one that does not.
type Detachable interface {
	Detach() Document
}

func detached(d Document) Document {
	if x, ok := d.(Detachable); ok {
		return x.Detach()
	}
	return d
}

// isScalar reports whether v is its own output. Most fields of most
// results are: checking it first spares them a call and the interface
// checks for Set and Document.
func isScalar(v Value) bool {
	switch x := v.(type) {
	case String, Int, Long, Double, Boolean, ID, Time, Date, Bytes, UUID, SetCursor, *Module:
		return true
	case *Null:
		return x.Doc == nil && x.Receiver == nil
	}
	return false
}

// detachedNull is a null of the result that names a document (a missing
// one, or the receiver of a missing field): the documents it names are
// detached, and anything else it refers to outlives the evaluation.
func detachedNull(t *Thread, n *Null) *Null {
	c := *n
	if d, ok := c.Doc.(Document); ok {
		c.Doc = detached(d)
	} else if c.Doc != nil {
		t.outlives = true
	}
	if d, ok := c.Receiver.(Document); ok {
		c.Receiver = detached(d)
	} else if c.Receiver != nil {
		t.outlives = true
	}
	return &c
}

// missingComment is the comment after a ref that cannot be expanded
// (MaterializedValue.nullCauseStr).
func missingComment(c NullCause) string {
	switch c {
	case NullPermission:
		return "permission denied"
	case NullCollDeleted:
		return "collection deleted"
	case NullDocDeleted:
		return "deleted"
	}
	return "not found"
}
