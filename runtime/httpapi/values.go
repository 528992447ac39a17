package httpapi

import (
	"encoding/base64"
	"errors"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/fqlite/fqlite/eval"
)

// Decoding request values: query arguments in the simple or tagged format
// and template `value` fragments, which are always tagged (spec/wire.md
// §2.2, §2.3, §6.1).

// resolver turns the tags that name database objects into values; the
// runtime's DB implements it.
type resolver interface {
	ModuleNamed(name string) (eval.Value, error)
	DocumentRef(coll, id, name string) (eval.Value, error)
}

// valueError is a value that does not decode; its text follows
// "Invalid argument 'x': ".
type valueError struct{ msg string }

func (e *valueError) Error() string { return e.msg }

func badValue(msg string) error { return &valueError{msg} }

// decodeSimple decodes plain JSON: integers become Int or Long by size,
// other numbers Double; strings are never parsed for tags.
func decodeSimple(n *jnode) (eval.Value, error) {
	switch n.kind {
	case jNull:
		return eval.NullValue, nil
	case jBool:
		return eval.Bool(n.b), nil
	case jString:
		return eval.String(n.s), nil
	case jNumber:
		return simpleNumber(n.s)
	case jArray:
		elems := make([]eval.Value, len(n.elems))
		for i, e := range n.elems {
			v, err := decodeSimple(e)
			if err != nil {
				return nil, err
			}
			elems[i] = v
		}
		return eval.NewArray(elems), nil
	}
	o := eval.NewObject(len(n.keys))
	for i, k := range n.keys {
		v, err := decodeSimple(n.elems[i])
		if err != nil {
			return nil, err
		}
		o.Set(k, v)
	}
	return o, nil
}

func simpleNumber(s string) (eval.Value, error) {
	if !strings.ContainsAny(s, ".eE") {
		if i, err := strconv.ParseInt(s, 10, 64); err == nil {
			return eval.Number(i), nil
		}
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil && !errors.Is(err, strconv.ErrRange) {
		return nil, badValue("invalid number " + s)
	}
	return eval.Double(f), nil
}

// decodeTagged decodes the tagged format: an object whose only key starts
// with `@` is a tag.
func decodeTagged(n *jnode, r resolver) (eval.Value, error) {
	switch n.kind {
	case jNull:
		return eval.NullValue, nil
	case jBool:
		return eval.Bool(n.b), nil
	case jString:
		return eval.String(n.s), nil
	case jNumber:
		return nil, badValue("numbers must be tagged (e.g. {\"@int\": \"" + n.s + "\"})")
	case jArray:
		elems := make([]eval.Value, len(n.elems))
		for i, e := range n.elems {
			v, err := decodeTagged(e, r)
			if err != nil {
				return nil, err
			}
			elems[i] = v
		}
		return eval.NewArray(elems), nil
	}
	for _, k := range n.keys {
		if strings.HasPrefix(k, "@") {
			if len(n.keys) != 1 {
				return nil, badValue("a tagged value must have exactly one key, got " + strconv.Itoa(len(n.keys)))
			}
			return decodeTag(k, n.elems[0], r)
		}
	}
	return taggedObject(n, r)
}

func taggedObject(n *jnode, r resolver) (eval.Value, error) {
	o := eval.NewObject(len(n.keys))
	for i, k := range n.keys {
		v, err := decodeTagged(n.elems[i], r)
		if err != nil {
			return nil, err
		}
		o.Set(k, v)
	}
	return o, nil
}

func decodeTag(tag string, n *jnode, r resolver) (eval.Value, error) {
	str := func() (string, error) {
		if n.kind != jString {
			return "", badValue("the value of " + tag + " must be a string, got " + n.kindName())
		}
		return n.s, nil
	}
	switch tag {
	case "@int", "@long":
		s, err := str()
		if err != nil {
			return nil, err
		}
		i, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return nil, badValue("invalid " + tag[1:] + " '" + s + "'")
		}
		if tag == "@long" {
			return eval.Long(i), nil
		}
		if i < math.MinInt32 || i > math.MaxInt32 {
			return nil, badValue("invalid int '" + s + "': out of the 32-bit range")
		}
		return eval.IntValue(i), nil
	case "@double":
		s, err := str()
		if err != nil {
			return nil, err
		}
		f, err := strconv.ParseFloat(s, 64)
		if err != nil && !errors.Is(err, strconv.ErrRange) {
			return nil, badValue("invalid double '" + s + "'")
		}
		return eval.Double(f), nil
	case "@object":
		if n.kind != jObject {
			return nil, badValue("the value of @object must be an object, got " + n.kindName())
		}
		return taggedObject(n, r)
	case "@time":
		s, err := str()
		if err != nil {
			return nil, err
		}
		t, ok := parseWireTime(s)
		if !ok {
			return nil, badValue("invalid time '" + s + "'")
		}
		return eval.Time{T: t}, nil
	case "@date":
		s, err := str()
		if err != nil {
			return nil, err
		}
		t, err := time.Parse("2006-01-02", s)
		if err != nil {
			return nil, badValue("invalid date '" + s + "'")
		}
		return eval.Date{T: t}, nil
	case "@bytes":
		s, err := str()
		if err != nil {
			return nil, err
		}
		b, err := base64.StdEncoding.DecodeString(s)
		if err != nil {
			if b, err = base64.RawStdEncoding.DecodeString(s); err != nil {
				return nil, badValue("invalid bytes: not base64")
			}
		}
		return eval.Bytes(b), nil
	case "@mod":
		s, err := str()
		if err != nil {
			return nil, err
		}
		m, err := r.ModuleNamed(s)
		if err != nil {
			return nil, badValue(err.Error())
		}
		return m, nil
	case "@ref", "@doc":
		if n.kind != jObject {
			return nil, badValue("the value of " + tag + " must be an object, got " + n.kindName())
		}
		coll := n.member("coll")
		if coll == nil || coll.kind != jObject || len(coll.keys) != 1 || coll.keys[0] != "@mod" || coll.elems[0].kind != jString {
			return nil, badValue(tag + " needs `coll` as a {\"@mod\": name} tag")
		}
		var id, name string
		if v := n.member("id"); v != nil {
			if v.kind != jString {
				return nil, badValue(tag + " `id` must be a string")
			}
			id = v.s
		}
		if v := n.member("name"); v != nil {
			if v.kind != jString {
				return nil, badValue(tag + " `name` must be a string")
			}
			name = v.s
		}
		if id == "" && name == "" {
			return nil, badValue(tag + " needs an `id` or a `name`")
		}
		d, err := r.DocumentRef(coll.elems[0].s, id, name)
		if err != nil {
			return nil, badValue(err.Error())
		}
		return d, nil
	case "@set", "@stream":
		return nil, badValue(tag + " values are not accepted as input")
	}
	return nil, badValue("invalid tag '" + tag + "'")
}

// parseWireTime parses an ISO-8601 instant with a `Z`, `±HH:MM` or `±HHMM`
// offset, as the drivers send `@time` values.
func parseWireTime(s string) (time.Time, bool) {
	for _, layout := range [...]string{time.RFC3339Nano, "2006-01-02T15:04:05.999999999Z0700"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), true
		}
	}
	return time.Time{}, false
}
