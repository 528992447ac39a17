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
	return persistable(v, nil)
}

func persistable(v eval.Value, path []any) error {
	switch x := v.(type) {
	case *eval.Null, eval.Boolean, eval.Int, eval.Long, eval.Double, eval.String, eval.Bytes,
		eval.Time, eval.Date, eval.UUID, eval.TransactionTime:
		return nil
	case *eval.Array:
		for i, e := range x.Elems {
			if err := persistable(e, append(path, i)); err != nil {
				return err
			}
		}
		return nil
	case *eval.Object:
		for i, k := range x.Keys() {
			if err := persistable(x.ValueAt(i), append(path, k)); err != nil {
				return err
			}
		}
		return nil
	case *eval.Lambda:
		return eval.NewError(eval.CodeInvalidType, "Anonymous functions cannot be stored. Use a string of FQL instead.")
	case *Doc:
		if x.c.kind != kindNamed {
			return nil
		}
	}
	return eval.Errorf(eval.CodeInvalidType, "Value at `%s` has type %s, which cannot be persisted.", pathLabel(path), eval.TypeName(v))
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
