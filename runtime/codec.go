package runtime

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"time"
	"unsafe"

	"github.com/fqlite/fqlite/eval"
)

// The value codec turns persistable FQL values into bytes for the store and
// back. It is a compact tagged binary format:
//
//	null, false, true           one tag byte
//	Int, Long, ID, Date         tag + zigzag varint
//	Double                      tag + 8 bytes (IEEE-754, big endian)
//	String, Bytes               tag + uvarint length + bytes
//	Time                        tag + zigzag varint seconds + uvarint nanos
//	Array                       tag + uvarint count + elements
//	Object                      tag + uvarint count + (uvarint len + key, value)*
//	document reference          tag + uvarint collection id + zigzag varint doc id
//	TransactionTime             tag (decoded as the time of the commit that wrote it)
//
// Values that cannot be stored (functions, sets, modules, named schema
// documents) are refused with Fauna's invalid_type errors.

const (
	tagNull byte = iota
	tagFalse
	tagTrue
	tagInt
	tagLong
	tagDouble
	tagString
	tagBytes
	tagTime
	tagDate
	tagArray
	tagObject
	tagRef
	tagID
	tagUUID
	tagTxnTime
)

var errCorrupt = errors.New("fqlite: corrupt stored value")

// refEncoder resolves a document value to its stored reference.
type refEncoder interface {
	// storedRef returns the collection id and document id of a document
	// that may be stored in a field.
	storedRef(v eval.Value) (coll uint64, id int64, ok bool)
}

// encodeValue appends the encoding of v. refs resolves document values.
func encodeValue(b []byte, v eval.Value, refs refEncoder) ([]byte, error) {
	switch x := v.(type) {
	case *eval.Null:
		return append(b, tagNull), nil
	case eval.Boolean:
		if x {
			return append(b, tagTrue), nil
		}
		return append(b, tagFalse), nil
	case eval.Int:
		return binary.AppendVarint(append(b, tagInt), int64(x)), nil
	case eval.Long:
		return binary.AppendVarint(append(b, tagLong), int64(x)), nil
	case eval.ID:
		return binary.AppendVarint(append(b, tagID), int64(x)), nil
	case eval.Double:
		return binary.BigEndian.AppendUint64(append(b, tagDouble), math.Float64bits(float64(x))), nil
	case eval.String:
		b = binary.AppendUvarint(append(b, tagString), uint64(len(x)))
		return append(b, x...), nil
	case eval.Bytes:
		b = binary.AppendUvarint(append(b, tagBytes), uint64(len(x)))
		return append(b, x...), nil
	case eval.Time:
		b = binary.AppendVarint(append(b, tagTime), x.T.Unix())
		return binary.AppendUvarint(b, uint64(x.T.Nanosecond())), nil
	case eval.Date:
		return binary.AppendVarint(append(b, tagDate), x.T.Unix()/86400), nil
	case eval.UUID:
		return append(append(b, tagUUID), x[:]...), nil
	case eval.TransactionTime:
		return append(b, tagTxnTime), nil
	case *eval.Array:
		b = binary.AppendUvarint(append(b, tagArray), uint64(len(x.Elems)))
		var err error
		for _, e := range x.Elems {
			if b, err = encodeValue(b, e, refs); err != nil {
				return nil, err
			}
		}
		return b, nil
	case *eval.Object:
		b = binary.AppendUvarint(append(b, tagObject), uint64(x.Len()))
		var err error
		for i, k := range x.Keys() {
			b = binary.AppendUvarint(b, uint64(len(k)))
			b = append(b, k...)
			if b, err = encodeValue(b, x.ValueAt(i), refs); err != nil {
				return nil, err
			}
		}
		return b, nil
	case *eval.Lambda, *eval.NativeFunc:
		return nil, eval.NewError(eval.CodeInvalidType, "Anonymous functions cannot be stored. Use a string of FQL instead.")
	}
	if refs != nil {
		if coll, id, ok := refs.storedRef(v); ok {
			b = binary.AppendUvarint(append(b, tagRef), coll)
			return binary.AppendVarint(b, id), nil
		}
	}
	return nil, eval.Errorf(eval.CodeInvalidType, "Value of type %s cannot be stored.", eval.TypeName(v))
}

// refDecoder turns a stored reference back into a document value.
type refDecoder interface {
	loadRef(coll uint64, id int64) eval.Value
}

// decoder reads values encoded by encodeValue.
type decoder struct {
	b    []byte
	refs refDecoder
	txn  time.Time // the commit time of the record, for TransactionTime
}

func (d *decoder) uvarint() (uint64, error) {
	v, n := binary.Uvarint(d.b)
	if n <= 0 {
		return 0, errCorrupt
	}
	d.b = d.b[n:]
	return v, nil
}

func (d *decoder) varint() (int64, error) {
	v, n := binary.Varint(d.b)
	if n <= 0 {
		return 0, errCorrupt
	}
	d.b = d.b[n:]
	return v, nil
}

// bytes reads a length-prefixed string. It shares the record's memory:
// stored values are never modified (a write stores new bytes), so the
// string stays valid for as long as it is referenced.
func (d *decoder) bytes() (string, error) {
	n, err := d.uvarint()
	if err != nil || uint64(len(d.b)) < n {
		return "", errCorrupt
	}
	if n == 0 {
		return "", nil
	}
	s := unsafe.String(&d.b[0], int(n))
	d.b = d.b[n:]
	return s, nil
}

func (d *decoder) value() (eval.Value, error) {
	if len(d.b) == 0 {
		return nil, errCorrupt
	}
	tag := d.b[0]
	d.b = d.b[1:]
	switch tag {
	case tagNull:
		return eval.NullValue, nil
	case tagFalse:
		return eval.False, nil
	case tagTrue:
		return eval.True, nil
	case tagInt:
		v, err := d.varint()
		return eval.IntValue(v), err
	case tagLong:
		v, err := d.varint()
		return eval.Long(v), err
	case tagID:
		v, err := d.varint()
		return eval.ID(v), err
	case tagDouble:
		if len(d.b) < 8 {
			return nil, errCorrupt
		}
		f := math.Float64frombits(binary.BigEndian.Uint64(d.b))
		d.b = d.b[8:]
		return eval.Double(f), nil
	case tagString:
		s, err := d.bytes()
		return eval.String(s), err
	case tagBytes:
		s, err := d.bytes()
		return eval.Bytes(s), err
	case tagTime:
		sec, err := d.varint()
		if err != nil {
			return nil, err
		}
		ns, err := d.uvarint()
		return eval.Time{T: time.Unix(sec, int64(ns)).UTC()}, err
	case tagDate:
		days, err := d.varint()
		return eval.Date{T: time.Unix(days*86400, 0).UTC()}, err
	case tagUUID:
		if len(d.b) < 16 {
			return nil, errCorrupt
		}
		var u eval.UUID
		copy(u[:], d.b)
		d.b = d.b[16:]
		return u, nil
	case tagTxnTime:
		return eval.Time{T: d.txn}, nil
	case tagArray:
		n, err := d.uvarint()
		if err != nil || n > uint64(len(d.b)) {
			return nil, errCorrupt
		}
		elems := make([]eval.Value, n)
		for i := range elems {
			if elems[i], err = d.value(); err != nil {
				return nil, err
			}
		}
		return eval.NewArray(elems), nil
	case tagObject:
		n, err := d.uvarint()
		if err != nil || n > uint64(len(d.b)) {
			return nil, errCorrupt
		}
		o := eval.NewObject(int(n))
		for i := uint64(0); i < n; i++ {
			k, err := d.bytes()
			if err != nil {
				return nil, err
			}
			v, err := d.value()
			if err != nil {
				return nil, err
			}
			o.Set(k, v)
		}
		return o, nil
	case tagRef:
		coll, err := d.uvarint()
		if err != nil {
			return nil, err
		}
		id, err := d.varint()
		if err != nil {
			return nil, err
		}
		if d.refs == nil {
			return nil, fmt.Errorf("fqlite: reference without a resolver")
		}
		return d.refs.loadRef(coll, id), nil
	}
	return nil, errCorrupt
}

// decodeValue decodes one value.
func decodeValue(b []byte, refs refDecoder, txn time.Time) (eval.Value, error) {
	d := &decoder{b: b, refs: refs, txn: txn}
	v, err := d.value()
	if err != nil {
		return nil, err
	}
	if len(d.b) != 0 {
		return nil, errCorrupt
	}
	return v, nil
}

// A user document's record is a format byte, the ttl when the document has
// one, then its user fields as an object:
//
//	recUser | [recHasTTL] ttl-value | data-object
const (
	recUser   byte = 0x80
	recHasTTL byte = 0x01
)

func encodeUserRecord(data *eval.Object, ttl eval.Value, refs refEncoder) ([]byte, error) {
	b := make([]byte, 0, 64)
	if ttl != nil {
		b = append(b, recUser|recHasTTL)
		var err error
		if b, err = encodeValue(b, ttl, refs); err != nil {
			return nil, err
		}
	} else {
		b = append(b, recUser)
	}
	return encodeValue(b, data, refs)
}

func decodeUserRecord(b []byte, refs refDecoder, txn time.Time) (data *eval.Object, ttl eval.Value, err error) {
	rest, ttl, err := splitUserRecord(b, refs, txn)
	if err != nil {
		return nil, nil, err
	}
	data, err = decodeDataObject(rest, refs, txn, nil)
	return data, ttl, err
}

// splitUserRecord reads a user record's header and ttl and returns the
// encoding of its data object, which is decoded only when needed.
func splitUserRecord(b []byte, refs refDecoder, txn time.Time) (rest []byte, ttl eval.Value, err error) {
	if len(b) == 0 || b[0]&^recHasTTL != recUser {
		return nil, nil, errCorrupt
	}
	d := decoder{b: b[1:], refs: refs, txn: txn}
	if b[0]&recHasTTL != 0 {
		if ttl, err = d.value(); err != nil {
			return nil, nil, err
		}
	}
	return d.b, ttl, nil
}

// dataFieldCount is the number of fields of an encoded object, or 0 when
// b is not one (decodeDataObject reports that).
func dataFieldCount(b []byte) int {
	if len(b) == 0 || b[0] != tagObject {
		return 0
	}
	d := decoder{b: b[1:]}
	n, err := d.uvarint()
	if err != nil || n > uint64(len(d.b)) {
		return 0
	}
	return int(n)
}

// decodeDataObject decodes an encoded object. With into, the fields are
// added to it (and nil is returned): rendering a document decodes its data
// straight into the output object.
func decodeDataObject(b []byte, refs refDecoder, txn time.Time, into func(k string, v eval.Value)) (*eval.Object, error) {
	d := decoder{b: b, refs: refs, txn: txn}
	if len(d.b) == 0 || d.b[0] != tagObject {
		return nil, errCorrupt
	}
	d.b = d.b[1:]
	n, err := d.uvarint()
	if err != nil || n > uint64(len(d.b)) {
		return nil, errCorrupt
	}
	var o *eval.Object
	if into == nil {
		o = eval.NewObject(int(n))
	}
	for i := uint64(0); i < n; i++ {
		k, err := d.bytes()
		if err != nil {
			return nil, err
		}
		v, err := d.value()
		if err != nil {
			return nil, err
		}
		if into != nil {
			into(k, v)
		} else {
			o.Set(k, v)
		}
	}
	if len(d.b) != 0 {
		return nil, errCorrupt
	}
	return o, nil
}
