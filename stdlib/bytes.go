package stdlib

import (
	"encoding/base64"
	"strings"

	"github.com/fqlite/fqlite/eval"
)

// Bytes values and the Bytes module (Bytes.scala).

func init() {
	def(eval.BytesType, "toBase64", nil, func(_ *eval.Thread, self eval.Value, _ []eval.Value) (eval.Value, error) {
		return eval.String(base64.StdEncoding.EncodeToString([]byte(self.(eval.Bytes)))), nil
	})
}

// defineBytesModule adds `Bytes(...)` and Bytes.fromBase64. It runs from
// time.go's init, after global.go's has created the module (init functions
// run in file-name order).
func defineBytesModule() {
	fromBase64 := eval.NewMethod("Bytes", params{p("encoded", eval.StringTag)}, func(_ *eval.Thread, _ eval.Value, args []eval.Value) (eval.Value, error) {
		b, ok := decodeBase64(str(args[0]))
		if !ok {
			// Fauna's decoder throws; the text here is fqlite's.
			return nil, eval.ErrInvalidArgument("encoded", "not a valid base64 string")
		}
		return eval.Bytes(b), nil
	})
	setCall(BytesModule, fromBase64)
	def(BytesModule.Type(), "fromBase64", params{p("encoded", eval.StringTag)}, fromBase64.Overloads[0].Fn)
}

// decodeBase64 decodes standard base64 like Java's basic decoder: padding
// is optional but must be right when present, and line breaks (which Go's
// decoder skips) are invalid.
func decodeBase64(s string) ([]byte, bool) {
	if strings.ContainsAny(s, "\r\n") {
		return nil, false
	}
	enc := base64.StdEncoding
	if len(s)%4 != 0 && !strings.Contains(s, "=") {
		enc = base64.RawStdEncoding
	}
	b, err := enc.DecodeString(s)
	return b, err == nil
}
