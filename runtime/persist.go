package runtime

import (
	"fmt"
	"strings"

	"github.com/fqlite/fqlite/eval"
)

// checkPersistable refuses values that cannot be stored in a document
// (IRValueConversion.toIR): functions ("Anonymous functions cannot be
// stored..."), and sets, modules, IDs, named documents, cursors ("Value at
// `a.b[1]` has type X, which cannot be persisted.").
func checkPersistable(v eval.Value) error {
	bad, path := unpersistable(v)
	switch bad.(type) {
	case nil:
		return nil
	case *eval.Lambda:
		return eval.NewError(eval.CodeInvalidType, "Anonymous functions cannot be stored. Use a string of FQL instead.")
	}
	return eval.Errorf(eval.CodeInvalidType, "Value at `%s` has type %s, which cannot be persisted.", pathLabel(path), eval.TypeName(bad))
}

// unpersistable returns the first value inside v that cannot be stored,
// and its path, built only on the way out of a failure so that the
// common case allocates nothing.
func unpersistable(v eval.Value) (eval.Value, []any) {
	switch x := v.(type) {
	case *eval.Null, eval.Boolean, eval.Int, eval.Long, eval.Double, eval.String, eval.Bytes,
		eval.Time, eval.Date, eval.UUID, eval.TransactionTime:
		return nil, nil
	case *eval.Array:
		for i, e := range x.Elems {
			if bad, path := unpersistable(e); bad != nil {
				return bad, append([]any{i}, path...)
			}
		}
		return nil, nil
	case *eval.Object:
		for i := range x.Len() {
			if bad, path := unpersistable(x.ValueAt(i)); bad != nil {
				return bad, append([]any{x.KeyAt(i)}, path...)
			}
		}
		return nil, nil
	case *Doc:
		if x.c.kind != kindNamed {
			return nil, nil
		}
	}
	return v, nil
}

// pathLabel renders a path as Fauna does: `a.b[1]`.
func pathLabel(path []any) string {
	var b strings.Builder
	for i, e := range path {
		switch e := e.(type) {
		case int:
			fmt.Fprintf(&b, "[%d]", e)
		default:
			if i > 0 {
				b.WriteByte('.')
			}
			fmt.Fprint(&b, e)
		}
	}
	return b.String()
}
