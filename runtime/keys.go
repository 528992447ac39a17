package runtime

import (
	"encoding/binary"
	"math"
	"slices"
	"sort"
	"unsafe"

	"github.com/fqlite/fqlite/eval"
)

// Key layout of the store (one ordered keyspace, typed prefixes):
//
//	"d" coll(8) id(8)                 document record of an IDed collection
//	"n" coll(8) name                  named schema document (Collection, Function, Role, ...)
//	"i" coll(8) index(4) terms values id(8)   index entry; the value holds the covered values
//	"u" coll(8) constraint(4) terms   unique-constraint entry; the value is the owning id
//	"m" name                          database metadata (sequences, schema version)
//
// Numbers are big endian so byte order is numeric order. Index terms and
// values use the order-preserving encoding below, so a range scan returns
// entries in Fauna's index order.

const (
	prefixDoc    = 'd'
	prefixNamed  = 'n'
	prefixIndex  = 'i'
	prefixUnique = 'u'
	prefixMeta   = 'm'
)

func appendU64(b []byte, v uint64) []byte { return binary.BigEndian.AppendUint64(b, v) }

// appendI64 encodes a signed integer so that byte order is numeric order.
func appendI64(b []byte, v int64) []byte { return appendU64(b, uint64(v)^(1<<63)) }

func readI64(b []byte) int64 { return int64(binary.BigEndian.Uint64(b) ^ (1 << 63)) }

func docKey(coll uint64, id int64) string {
	b := make([]byte, 0, 17)
	b = append(b, prefixDoc)
	b = appendU64(b, coll)
	return string(appendI64(b, id))
}

// docPrefix is the key range of a collection's documents.
func docPrefix(coll uint64) string {
	b := make([]byte, 0, 9)
	return string(appendU64(append(b, prefixDoc), coll))
}

func docIDFromKey(k string) int64 { return readI64([]byte(k[9:17])) }

func namedKey(coll uint64, name string) string {
	b := make([]byte, 0, 9+len(name))
	b = appendU64(append(b, prefixNamed), coll)
	return string(append(b, name...))
}

func namedPrefix(coll uint64) string {
	b := make([]byte, 0, 9)
	return string(appendU64(append(b, prefixNamed), coll))
}

func indexPrefix(coll uint64, index uint32) []byte {
	return appendIndexPrefix(make([]byte, 0, 32), coll, index)
}

func appendIndexPrefix(b []byte, coll uint64, index uint32) []byte {
	b = appendU64(append(b, prefixIndex), coll)
	return binary.BigEndian.AppendUint32(b, index)
}

func uniquePrefix(coll uint64, constraint uint32) []byte {
	return appendUniquePrefix(make([]byte, 0, 32), coll, constraint)
}

func appendUniquePrefix(b []byte, coll uint64, constraint uint32) []byte {
	b = appendU64(append(b, prefixUnique), coll)
	return binary.BigEndian.AppendUint32(b, constraint)
}

func metaKey(name string) string { return string(prefixMeta) + name }

// prefixEnd returns the smallest key greater than every key with prefix p.
func prefixEnd(p string) string {
	b := []byte(p)
	for i := len(b) - 1; i >= 0; i-- {
		if b[i] < 0xff {
			b[i]++
			return string(b[:i+1])
		}
	}
	return "\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff"
}

// Order classes of index values, in Fauna's cross-type order (spec/fql.md
// §3.8); null sorts last.
const (
	ordNumber byte = 0x10 + iota*0x08
	ordBytes
	ordString
	ordArray
	ordObject
	ordID
	ordDoc
	ordTime
	ordDate
	ordUUID
	ordBoolean
	ordNull byte = 0xf0
)

// appendOrdered appends an order-preserving encoding of v; desc inverts it
// so byte order is descending value order. Missing values encode as null.
func appendOrdered(b []byte, v eval.Value, desc bool, refs refEncoder) []byte {
	start := len(b)
	b = appendOrderedAsc(b, v, refs)
	if desc {
		for i := start; i < len(b); i++ {
			b[i] = ^b[i]
		}
	}
	return b
}

func appendOrderedAsc(b []byte, v eval.Value, refs refEncoder) []byte {
	switch x := v.(type) {
	case nil, *eval.Null:
		return append(b, ordNull)
	case eval.Int, eval.Long, eval.Double:
		f, _ := eval.AsFloat(x)
		bits := math.Float64bits(f)
		if bits&(1<<63) != 0 {
			bits = ^bits
		} else {
			bits |= 1 << 63
		}
		b = appendU64(append(b, ordNumber), bits)
		// Integers that share a float64 are told apart by their exact value.
		i, isInt := eval.AsInt64(x)
		if !isInt {
			i = eval.JavaD2L(f)
		}
		return appendI64(b, i)
	case eval.String:
		return appendEscaped(append(b, ordString), string(x))
	case eval.Bytes:
		return appendEscaped(append(b, ordBytes), string(x))
	case eval.Boolean:
		if x {
			return append(b, ordBoolean, 1)
		}
		return append(b, ordBoolean, 0)
	case eval.ID:
		return appendI64(append(b, ordID), int64(x))
	case eval.Time:
		b = appendI64(append(b, ordTime), x.T.Unix())
		return binary.BigEndian.AppendUint32(b, uint32(x.T.Nanosecond()))
	case eval.Date:
		return appendI64(append(b, ordDate), x.T.Unix()/86400)
	case eval.UUID:
		return append(append(b, ordUUID), x[:]...)
	case *eval.Array:
		b = append(b, ordArray)
		for _, e := range x.Elems {
			b = appendOrderedAsc(b, e, refs)
		}
		return append(b, 0)
	case *eval.Object:
		b = append(b, ordObject)
		keys := append([]string(nil), x.Keys()...)
		sort.Slice(keys, func(i, j int) bool { return eval.CompareUTF16(keys[i], keys[j]) < 0 })
		for _, k := range keys {
			b = appendEscaped(b, k)
			v, _ := x.Get(k)
			b = appendOrderedAsc(b, v, refs)
		}
		return append(b, 0)
	}
	if refs != nil {
		if coll, id, ok := refs.storedRef(v); ok {
			b = appendU64(append(b, ordDoc), coll)
			return appendI64(b, id)
		}
	}
	return append(b, ordNull)
}

// appendEscaped writes s so that its encoding sorts like s and is
// self-delimiting: 0x00 becomes 0x00 0xff, and 0x00 0x01 ends it.
func appendEscaped(b []byte, s string) []byte {
	b = slices.Grow(b, len(s)+2)
	for i := 0; i < len(s); i++ {
		if s[i] == 0 {
			b = append(b, 0, 0xff)
		} else {
			b = append(b, s[i])
		}
	}
	return append(b, 0, 1)
}

// partitionLen tells the store which keys share a tree: the documents of
// one collection ("d"/"n" + collection), the entries of one index or
// unique constraint ("i"/"u" + collection + number), the metadata ("m").
// Smaller trees and comparisons that start after the shared prefix make
// point reads and seeks cheaper (store.Options.Partition).
func partitionLen(key string) int {
	if key == "" {
		return 0
	}
	switch key[0] {
	case prefixDoc, prefixNamed:
		return min(9, len(key))
	case prefixIndex, prefixUnique:
		return min(13, len(key))
	}
	return 1
}

// prefixRange returns [lo, hi) covering the keys that start with prefix,
// written into buf when it has room for both (else into a new array): lo
// is prefix, hi the smallest key past them ("" when there is none).
func prefixRange(buf []byte, prefix []byte) (lo, hi string) {
	n := len(prefix)
	if n == 0 {
		return "", ""
	}
	if len(buf) < 2*n {
		buf = make([]byte, 2*n)
	}
	copy(buf, prefix)
	copy(buf[n:], prefix)
	end := -1
	for i := 2*n - 1; i >= n; i-- {
		if buf[i] != 0xff {
			buf[i]++
			end = i + 1
			break
		}
	}
	if end < 0 {
		return unsafe.String(&buf[0], n), ""
	}
	both := unsafe.String(&buf[0], end)
	return both[:n], both[n:]
}
