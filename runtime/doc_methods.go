package runtime

import (
	"github.com/fqlite/fqlite/eval"
)

// defineDocMethods gives a collection's documents their methods
// (Docs.scala): exists, update, replace, delete, and for user collections
// updateData and replaceData. Schema and system collections add their own.
func defineDocMethods(c *collection, ty *eval.Type) {
	ty.DefineMethod(eval.NewMethod("exists", nil, func(t *eval.Thread, self eval.Value, args []eval.Value) (eval.Value, error) {
		ok, err := self.(*Doc).DocExists(t)
		return eval.Boolean(ok), err
	}))
	switch c.kind {
	case kindUser:
		defineWrite := func(name string, op writeOp, mode dataMode) {
			ty.DefineMethod(eval.NewMethod(name, []eval.Param{eval.P("data", eval.ObjectTag)}, func(t *eval.Thread, self eval.Value, args []eval.Value) (eval.Value, error) {
				q, err := needQuery(t)
				if err != nil {
					return nil, err
				}
				return q.updateDoc(self.(*Doc), op, mode, args[0].(*eval.Object))
			}))
		}
		defineWrite("update", opUpdate, modeDefault)
		defineWrite("replace", opReplace, modeDefault)
		defineWrite("updateData", opUpdate, modePlainData)
		defineWrite("replaceData", opReplace, modePlainData)
		ty.DefineMethod(eval.NewMethod("delete", nil, func(t *eval.Thread, self eval.Value, args []eval.Value) (eval.Value, error) {
			q, err := needQuery(t)
			if err != nil {
				return nil, err
			}
			return q.deleteDoc(self.(*Doc))
		}))
	case kindNamed:
		defineSchemaDocMethods(c, ty)
	case kindSystem:
		defineSystemDocMethods(c, ty)
	}
}
