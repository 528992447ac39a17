package stdlib

import (
	"strconv"

	"github.com/fqlite/fqlite/eval"
)

// The ID module (ID.scala): `ID("123")` and `ID(123)`.

func init() {
	toID := func(t *eval.Thread, _ eval.Value, args []eval.Value) (eval.Value, error) {
		switch x := args[0].(type) {
		case eval.String:
			if n, err := strconv.ParseInt(string(x), 10, 64); err == nil {
				return eval.ID(n), nil
			}
		case eval.Int:
			return eval.ID(x), nil
		case eval.Long:
			return eval.ID(x), nil
		}
		// Doubles are rejected even when integral.
		s, err := t.DebugString(args[0])
		if err != nil {
			return nil, err
		}
		return nil, eval.Errorf(eval.CodeInvalidID, "`%s` is not a valid ID.", s)
	}
	setCall(IDModule, eval.NewMethod("ID", params{p("id", eval.StringTag)}, toID).
		Overload(params{p("id", eval.NumberTag)}, toID))
}
