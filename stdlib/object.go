package stdlib

import (
	"unicode"
	"unicode/utf8"

	"github.com/fqlite/fqlite/eval"
)

// The Object module (Objects.scala) and indexing objects with `[]`
// (Structs.scala).

func init() {
	eval.ObjectType.Index = eval.NewMethod("[]", params{p("key0", eval.StringTag)}, func(_ *eval.Thread, self eval.Value, args []eval.Value) (eval.Value, error) {
		key := str(args[0])
		if v, ok := self.(*eval.Object).Get(key); ok {
			return v, nil
		}
		// The call site fills in the position.
		return &eval.Null{Cause: eval.NullMissingField, Field: key, Receiver: self}, nil
	})

	ty := ObjectModule.Type()
	object := params{p("object", eval.AnyTag)}
	def(ty, "keys", object, func(t *eval.Thread, _ eval.Value, args []eval.Value) (eval.Value, error) {
		o, err := objectFields(t, args[0], "object")
		if err != nil {
			return nil, err
		}
		keys := make([]eval.Value, o.Len())
		for i, k := range o.Keys() {
			keys[i] = eval.String(k)
		}
		return eval.NewArray(keys), nil
	})
	def(ty, "values", object, func(t *eval.Thread, _ eval.Value, args []eval.Value) (eval.Value, error) {
		o, err := objectFields(t, args[0], "object")
		if err != nil {
			return nil, err
		}
		return eval.NewArray(append([]eval.Value(nil), o.Values()...)), nil
	})
	def(ty, "entries", object, func(t *eval.Thread, _ eval.Value, args []eval.Value) (eval.Value, error) {
		o, err := objectFields(t, args[0], "object")
		if err != nil {
			return nil, err
		}
		entries := make([]eval.Value, o.Len())
		for i, k := range o.Keys() {
			entries[i] = eval.NewArray([]eval.Value{eval.String(k), o.ValueAt(i)})
		}
		return eval.NewArray(entries), nil
	})
	def(ty, "fromEntries", params{p("entries", eval.ArrayTag)}, objectFromEntries)
	def(ty, "assign", params{p("destination", eval.AnyTag), p("source", eval.AnyTag)}, func(t *eval.Thread, _ eval.Value, args []eval.Value) (eval.Value, error) {
		dst, err := objectFields(t, args[0], "destination")
		if err != nil {
			return nil, err
		}
		src, err := objectFields(t, args[1], "source")
		if err != nil {
			return nil, err
		}
		// A key in both keeps the destination's position, with the source's
		// value.
		res := dst.Copy()
		for i, k := range src.Keys() {
			res.Set(k, src.ValueAt(i))
		}
		return res, nil
	})
	objectPath := params{p("object", eval.ObjectTag), p("path", eval.ArrayTag)}
	def(ty, "select", objectPath, func(t *eval.Thread, _ eval.Value, args []eval.Value) (eval.Value, error) {
		v, ok, err := selectPath(args[0], args[1].(*eval.Array))
		if err != nil {
			return nil, err
		}
		if !ok {
			return eval.NoSuchElement("no value in object found at path", t.CallSite()), nil
		}
		return v, nil
	})
	def(ty, "hasPath", objectPath, func(_ *eval.Thread, _ eval.Value, args []eval.Value) (eval.Value, error) {
		_, ok, err := selectPath(args[0], args[1].(*eval.Array))
		if err != nil {
			return nil, err
		}
		return eval.Bool(ok), nil
	})
	def(ty, "toString", object, func(t *eval.Thread, _ eval.Value, args []eval.Value) (eval.Value, error) {
		s, err := t.DisplayString(args[0])
		return eval.String(s), err
	})
}

// objectFields is an object argument's fields: the object itself, or a
// document's fields (id, coll, ts, ..., data).
func objectFields(t *eval.Thread, v eval.Value, param string) (*eval.Object, error) {
	switch x := v.(type) {
	case *eval.Object:
		return x, nil
	case eval.Document:
		fields, missing, err := x.Expand(t)
		if err != nil {
			return nil, err
		}
		if missing != eval.NullLiteral {
			return nil, eval.ErrInvalidArgument(param, uncapitalize(missingDocMessage(x, missing)))
		}
		return fields, nil
	}
	return nil, eval.ErrInvalidArgument(param, "expected either an object or a document")
}

// missingDocMessage is the error message of reading a document that cannot
// be read (FQLInterpreter.handleNullCause).
func missingDocMessage(d eval.Document, cause eval.NullCause) string {
	coll, id, named := d.DocKey()
	switch {
	case cause == eval.NullPermission:
		return "Null value, due to permission denied"
	case cause == eval.NullCollDeleted:
		return "Document with id " + id + " does not exist because the collection was deleted."
	case named:
		return coll + " `" + id + "` not found."
	}
	return "Collection `" + coll + "` does not contain document with id " + id + "."
}

func uncapitalize(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 {
		return s
	}
	return string(unicode.ToLower(r)) + s[n:]
}

// objectFromEntries builds an object from [key, value] pairs; a repeated
// key keeps its first position and takes the last value.
func objectFromEntries(_ *eval.Thread, _ eval.Value, args []eval.Value) (eval.Value, error) {
	entries := args[0].(*eval.Array).Elems
	o := eval.NewObject(len(entries))
	for i, e := range entries {
		kv, ok := e.(*eval.Array)
		if !ok {
			return nil, eval.Errorf(eval.CodeInvalidArgument,
				"invalid argument `entries`: expected an array for each element of the outer array, but saw type %s at index %d", eval.TypeName(e), i)
		}
		if kv.Len() != 2 {
			return nil, eval.Errorf(eval.CodeInvalidArgument,
				"invalid argument `entries`: expected inner array of length 2 but saw length %d at index %d", kv.Len(), i)
		}
		key, ok := kv.Elems[0].(eval.String)
		if !ok {
			return nil, eval.Errorf(eval.CodeInvalidArgument,
				"invalid argument `entries`: expected a string for the first element of each inner array, but saw type %s at index %d", eval.TypeName(kv.Elems[0]), i)
		}
		o.Set(string(key), kv.Elems[1])
	}
	return o, nil
}

// selectPath walks nested objects along path. ok=false when a key is
// missing or a value on the way is not an object; a non-string path element
// is an error only once the walk reaches it.
func selectPath(v eval.Value, path *eval.Array) (eval.Value, bool, error) {
	for _, e := range path.Elems {
		key, isStr := e.(eval.String)
		if !isStr {
			return nil, false, eval.ErrInvalidArgument("path", "expected an array of strings")
		}
		o, isObj := v.(*eval.Object)
		if !isObj {
			return nil, false, nil
		}
		next, found := o.Get(string(key))
		if !found {
			return nil, false, nil
		}
		v = next
	}
	return v, true, nil
}
