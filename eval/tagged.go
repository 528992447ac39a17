package eval

import (
	"encoding/base64"
	"encoding/json"
	"math"
	"strconv"
	"strings"
	"time"
)

// JSON encodings of materialised values (MaterializedValue.encode): the
// `tagged` format keeps types with `{"@int": "1"}`-style tags, the `simple`
// format writes plain JSON (spec/wire.md §6).

// EncodeTagged renders v in the tagged format.
func EncodeTagged(v Value, txn time.Time) []byte {
	var b []byte
	return appendJSON(b, v, txn, true)
}

// EncodeSimple renders v in the simple format.
func EncodeSimple(v Value, txn time.Time) []byte {
	var b []byte
	return appendJSON(b, v, txn, false)
}

func appendString(b []byte, s string) []byte {
	enc, _ := json.Marshal(s)
	// encoding/json escapes <, > and & for HTML; Fauna's encoder does not.
	if strings.ContainsAny(s, "<>&\u2028\u2029") {
		r := strings.NewReplacer(`\u003c`, "<", `\u003e`, ">", `\u0026`, "&", `\u2028`, "\u2028", `\u2029`, "\u2029")
		return append(b, r.Replace(string(enc))...)
	}
	return append(b, enc...)
}

func appendTag(b []byte, tag string, val func([]byte) []byte) []byte {
	b = append(b, `{"`...)
	b = append(b, tag...)
	b = append(b, `":`...)
	b = val(b)
	return append(b, '}')
}

func appendJSON(b []byte, v Value, txn time.Time, tagged bool) []byte {
	str := func(s string) func([]byte) []byte { return func(b []byte) []byte { return appendString(b, s) } }
	tag := func(name string, val func([]byte) []byte) []byte {
		if tagged {
			return appendTag(b, name, val)
		}
		return val(b)
	}
	switch x := v.(type) {
	case ID:
		return appendString(b, strconv.FormatInt(int64(x), 10))
	case Int:
		if tagged {
			return appendTag(b, "@int", str(strconv.FormatInt(int64(x), 10)))
		}
		return strconv.AppendInt(b, int64(x), 10)
	case Long:
		if tagged {
			return appendTag(b, "@long", str(strconv.FormatInt(int64(x), 10)))
		}
		return strconv.AppendInt(b, int64(x), 10)
	case Double:
		s := FormatDouble(float64(x))
		if tagged {
			return appendTag(b, "@double", str(s))
		}
		if math.IsNaN(float64(x)) || math.IsInf(float64(x), 0) {
			return appendString(b, s)
		}
		return append(b, s...)
	case Boolean:
		return strconv.AppendBool(b, bool(x))
	case String:
		return appendString(b, string(x))
	case Bytes:
		return tag("@bytes", str(base64.StdEncoding.EncodeToString([]byte(x))))
	case Time:
		return tag("@time", str(FormatTime(x.T)))
	case TransactionTime:
		return tag("@time", str(FormatTime(txn)))
	case Date:
		return tag("@date", str(FormatDate(x.T)))
	case UUID:
		return tag("@uuid", str(formatUUID(x)))
	case *Null:
		return append(b, "null"...)
	case *Array:
		b = append(b, '[')
		for i, e := range x.Elems {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendJSON(b, e, txn, tagged)
		}
		return append(b, ']')
	case *Object:
		obj := func(b []byte) []byte {
			b = append(b, '{')
			for i, k := range x.keys {
				if i > 0 {
					b = append(b, ',')
				}
				b = appendString(b, k)
				b = append(b, ':')
				b = appendJSON(b, x.vals[i], txn, tagged)
			}
			return append(b, '}')
		}
		for _, k := range x.keys {
			if strings.HasPrefix(k, "@") {
				return tag("@object", obj)
			}
		}
		return obj(b)
	case SetCursor:
		return appendString(b, string(x))
	case *Module:
		name := x.Name
		if x.Parent != nil {
			name = x.Parent.Name + "." + x.Name
		}
		return tag("@mod", str(name))
	case *Lambda:
		return appendString(b, "[function <lambda>]")
	case *NativeFunc:
		return appendString(b, "[function "+x.Name+"()]")
	case NamedFunction:
		return appendString(b, "[function "+x.FunctionName()+"]")
	case *PageValue:
		return tag("@set", func(b []byte) []byte {
			if len(x.Page.keys) == 1 && x.Page.keys[0] == "after" {
				return appendJSON(b, x.Page.vals[0], txn, tagged)
			}
			return appendJSON(b, x.Page, txn, tagged)
		})
	case *DocValue:
		return appendDoc(b, x, txn, tagged)
	case Document:
		return appendDoc(b, &DocValue{Doc: x}, txn, tagged)
	}
	return appendString(b, DebugString(v))
}

func appendDoc(b []byte, d *DocValue, txn time.Time, tagged bool) []byte {
	if d.Fields != nil {
		if tagged {
			return appendTag(b, "@doc", func(b []byte) []byte { return appendJSON(b, d.Fields, txn, tagged) })
		}
		return appendJSON(b, d.Fields, txn, tagged)
	}
	ref := refObject(d.Doc)
	if d.Missing != NullLiteral {
		if !tagged {
			return append(b, "null"...)
		}
		ref.Set("exists", False)
		ref.Set("cause", String(missingComment(d.Missing)))
	}
	if tagged {
		return appendTag(b, "@ref", func(b []byte) []byte { return appendJSON(b, ref, txn, tagged) })
	}
	return appendJSON(b, ref, txn, tagged)
}

// refObject is a reference as the wire shows it: {id, coll} or {name, coll}.
func refObject(d Document) *Object {
	_, id, named := d.DocKey()
	o := NewObject(4)
	if named {
		o.Set("name", String(id))
	} else {
		o.Set("id", String(id))
	}
	o.Set("coll", d.Coll())
	return o
}
