package httpapi

import (
	"errors"
	"strconv"
	"unicode/utf16"
	"unicode/utf8"
)

// A small JSON reader for request bodies. encoding/json would lose the
// order of object members (FQL objects are ordered, and so are the
// members of a tagged object), would accept invalid UTF-8 by replacing it,
// and has no nesting limit of its own; this reader keeps the order, refuses
// invalid UTF-8 and stops at maxJSONDepth (Fauna answers "JSON exceeds
// nesting limit", spec/wire.md §2.4).

// maxJSONDepth is the deepest nesting of arrays and objects accepted in a
// request body (Jackson's default limit, which Fauna ran with).
const maxJSONDepth = 1000

type jkind uint8

const (
	jNull jkind = iota
	jBool
	jNumber
	jString
	jArray
	jObject
)

// jnode is one parsed JSON value. Strings and numbers keep their text in s
// (numbers unconverted); arrays keep their elements, objects their keys
// and values in order, duplicates included.
type jnode struct {
	kind  jkind
	b     bool
	s     string
	keys  []string
	elems []*jnode
}

func (n *jnode) kindName() string {
	switch n.kind {
	case jNull:
		return "null"
	case jBool:
		return "boolean"
	case jNumber:
		return "number"
	case jString:
		return "string"
	case jArray:
		return "array"
	}
	return "object"
}

// member returns the last value of key in an object node.
func (n *jnode) member(key string) *jnode {
	var v *jnode
	for i, k := range n.keys {
		if k == key {
			v = n.elems[i]
		}
	}
	return v
}

var errNesting = errors.New("JSON exceeds nesting limit")

// jsonError is a syntax error at a byte offset.
type jsonError struct {
	msg string
	off int
}

func (e *jsonError) Error() string { return e.msg + " at offset " + strconv.Itoa(e.off) }

type jparser struct {
	s     string
	i     int
	depth int
	// Nodes and the key and element slices of objects and arrays are
	// carved from chunks: a request body has many small values, and this
	// keeps a typical driver request to a handful of allocations. Members
	// collect on the stacks while their container is open, then move to
	// exactly sized slices.
	pool   []jnode
	keys   []string
	elems  []*jnode
	kstack []string
	vstack []*jnode
	kbuf   [16]string
	vbuf   [16]*jnode
}

// parseJSON parses one JSON document (surrounding whitespace allowed).
func parseJSON(body string) (*jnode, error) {
	p := &jparser{s: body}
	p.kstack, p.vstack = p.kbuf[:0], p.vbuf[:0]
	p.ws()
	v, err := p.value()
	if err != nil {
		return nil, err
	}
	p.ws()
	if p.i != len(p.s) {
		return nil, p.fail("unexpected data after the JSON value")
	}
	return v, nil
}

func (p *jparser) node(k jkind) *jnode {
	if len(p.pool) == 0 {
		p.pool = make([]jnode, 16)
	}
	n := &p.pool[0]
	p.pool = p.pool[1:]
	n.kind = k
	return n
}

// members moves the members collected on the stacks since base into
// exactly sized slices.
func (p *jparser) members(kbase, vbase int, withKeys bool) ([]string, []*jnode) {
	var keys []string
	n := len(p.vstack) - vbase
	if n == 0 {
		return nil, nil
	}
	if withKeys {
		if cap(p.keys)-len(p.keys) < n {
			p.keys = make([]string, 0, max(8, n))
		}
		keys = p.keys[len(p.keys) : len(p.keys)+n : len(p.keys)+n]
		p.keys = p.keys[:len(p.keys)+n]
		copy(keys, p.kstack[kbase:])
		clear(p.kstack[kbase:])
		p.kstack = p.kstack[:kbase]
	}
	if cap(p.elems)-len(p.elems) < n {
		p.elems = make([]*jnode, 0, max(16, n))
	}
	elems := p.elems[len(p.elems) : len(p.elems)+n : len(p.elems)+n]
	p.elems = p.elems[:len(p.elems)+n]
	copy(elems, p.vstack[vbase:])
	clear(p.vstack[vbase:])
	p.vstack = p.vstack[:vbase]
	return keys, elems
}

func (p *jparser) fail(msg string) error { return &jsonError{msg: msg, off: p.i} }

func (p *jparser) ws() {
	for p.i < len(p.s) {
		switch p.s[p.i] {
		case ' ', '\t', '\n', '\r':
			p.i++
		default:
			return
		}
	}
}

func (p *jparser) value() (*jnode, error) {
	if p.i >= len(p.s) {
		return nil, p.fail("unexpected end of input")
	}
	switch c := p.s[p.i]; {
	case c == '{':
		return p.object()
	case c == '[':
		return p.array()
	case c == '"':
		s, err := p.str()
		if err != nil {
			return nil, err
		}
		n := p.node(jString)
		n.s = s
		return n, nil
	case c == 't' || c == 'f' || c == 'n':
		for _, lit := range [...]string{"true", "false", "null"} {
			if len(p.s)-p.i >= len(lit) && p.s[p.i:p.i+len(lit)] == lit {
				p.i += len(lit)
				if lit == "null" {
					return p.node(jNull), nil
				}
				n := p.node(jBool)
				n.b = lit == "true"
				return n, nil
			}
		}
		return nil, p.fail("invalid literal")
	case c == '-' || c >= '0' && c <= '9':
		return p.number()
	}
	return nil, p.fail("unexpected character " + strconv.QuoteRune(rune(p.s[p.i])))
}

func (p *jparser) enter() error {
	p.depth++
	if p.depth > maxJSONDepth {
		return errNesting
	}
	return nil
}

func (p *jparser) object() (*jnode, error) {
	if err := p.enter(); err != nil {
		return nil, err
	}
	p.i++ // {
	n := p.node(jObject)
	kbase, vbase := len(p.kstack), len(p.vstack)
	p.ws()
	if p.i < len(p.s) && p.s[p.i] == '}' {
		p.i++
		p.depth--
		return n, nil
	}
	for {
		p.ws()
		if p.i >= len(p.s) || p.s[p.i] != '"' {
			return nil, p.fail("expected a string key")
		}
		k, err := p.str()
		if err != nil {
			return nil, err
		}
		p.ws()
		if p.i >= len(p.s) || p.s[p.i] != ':' {
			return nil, p.fail("expected ':'")
		}
		p.i++
		p.ws()
		v, err := p.value()
		if err != nil {
			return nil, err
		}
		p.kstack = append(p.kstack, k)
		p.vstack = append(p.vstack, v)
		p.ws()
		if p.i >= len(p.s) {
			return nil, p.fail("unexpected end of input")
		}
		switch p.s[p.i] {
		case ',':
			p.i++
		case '}':
			p.i++
			p.depth--
			n.keys, n.elems = p.members(kbase, vbase, true)
			return n, nil
		default:
			return nil, p.fail("expected ',' or '}'")
		}
	}
}

func (p *jparser) array() (*jnode, error) {
	if err := p.enter(); err != nil {
		return nil, err
	}
	p.i++ // [
	n := p.node(jArray)
	vbase := len(p.vstack)
	p.ws()
	if p.i < len(p.s) && p.s[p.i] == ']' {
		p.i++
		p.depth--
		return n, nil
	}
	for {
		p.ws()
		v, err := p.value()
		if err != nil {
			return nil, err
		}
		p.vstack = append(p.vstack, v)
		p.ws()
		if p.i >= len(p.s) {
			return nil, p.fail("unexpected end of input")
		}
		switch p.s[p.i] {
		case ',':
			p.i++
		case ']':
			p.i++
			p.depth--
			_, n.elems = p.members(0, vbase, false)
			return n, nil
		default:
			return nil, p.fail("expected ',' or ']'")
		}
	}
}

func (p *jparser) number() (*jnode, error) {
	start := p.i
	if p.s[p.i] == '-' {
		p.i++
	}
	digits := func() int {
		d := p.i
		for p.i < len(p.s) && p.s[p.i] >= '0' && p.s[p.i] <= '9' {
			p.i++
		}
		return p.i - d
	}
	intStart := p.i
	if digits() == 0 {
		return nil, p.fail("invalid number")
	}
	if p.s[intStart] == '0' && p.i-intStart > 1 {
		return nil, p.fail("invalid number: leading zero")
	}
	if p.i < len(p.s) && p.s[p.i] == '.' {
		p.i++
		if digits() == 0 {
			return nil, p.fail("invalid number")
		}
	}
	if p.i < len(p.s) && (p.s[p.i] == 'e' || p.s[p.i] == 'E') {
		p.i++
		if p.i < len(p.s) && (p.s[p.i] == '+' || p.s[p.i] == '-') {
			p.i++
		}
		if digits() == 0 {
			return nil, p.fail("invalid number")
		}
	}
	n := p.node(jNumber)
	n.s = p.s[start:p.i]
	return n, nil
}

// str reads a string literal. Strings without escapes are substrings of
// the body (no copy).
func (p *jparser) str() (string, error) {
	p.i++ // opening quote
	start := p.i
	for p.i < len(p.s) {
		c := p.s[p.i]
		switch {
		case c == '"':
			s := p.s[start:p.i]
			p.i++
			return s, nil
		case c == '\\':
			return p.strEscaped(start)
		case c < 0x20:
			return "", p.fail("control character in string")
		case c < utf8.RuneSelf:
			p.i++
		default:
			r, size := utf8.DecodeRuneInString(p.s[p.i:])
			if r == utf8.RuneError && size == 1 {
				return "", p.fail("invalid UTF-8")
			}
			p.i += size
		}
	}
	return "", p.fail("unterminated string")
}

func (p *jparser) strEscaped(start int) (string, error) {
	b := []byte(p.s[start:p.i])
	for p.i < len(p.s) {
		c := p.s[p.i]
		switch {
		case c == '"':
			p.i++
			return string(b), nil
		case c == '\\':
			p.i++
			if p.i >= len(p.s) {
				return "", p.fail("unterminated string")
			}
			e := p.s[p.i]
			p.i++
			switch e {
			case '"', '\\', '/':
				b = append(b, e)
			case 'b':
				b = append(b, '\b')
			case 'f':
				b = append(b, '\f')
			case 'n':
				b = append(b, '\n')
			case 'r':
				b = append(b, '\r')
			case 't':
				b = append(b, '\t')
			case 'u':
				r, ok := p.hex4()
				if !ok {
					return "", p.fail("invalid \\u escape")
				}
				if utf16.IsSurrogate(r) && p.i+6 <= len(p.s) && p.s[p.i] == '\\' && p.s[p.i+1] == 'u' {
					// A high surrogate followed by an escaped low one is one
					// code point. A lone surrogate cannot be UTF-8: it becomes
					// U+FFFD, as Go and JavaScript write it out.
					mark := p.i
					p.i += 2
					r2, ok := p.hex4()
					if ok && utf16.DecodeRune(r, r2) != utf8.RuneError {
						r = utf16.DecodeRune(r, r2)
					} else {
						p.i = mark
					}
				}
				b = utf8.AppendRune(b, r)
			default:
				return "", p.fail("invalid escape")
			}
		case c < 0x20:
			return "", p.fail("control character in string")
		case c < utf8.RuneSelf:
			b = append(b, c)
			p.i++
		default:
			r, size := utf8.DecodeRuneInString(p.s[p.i:])
			if r == utf8.RuneError && size == 1 {
				return "", p.fail("invalid UTF-8")
			}
			b = append(b, p.s[p.i:p.i+size]...)
			p.i += size
		}
	}
	return "", p.fail("unterminated string")
}

func (p *jparser) hex4() (rune, bool) {
	if p.i+4 > len(p.s) {
		return 0, false
	}
	var r rune
	for _, c := range []byte(p.s[p.i : p.i+4]) {
		r <<= 4
		switch {
		case c >= '0' && c <= '9':
			r |= rune(c - '0')
		case c >= 'a' && c <= 'f':
			r |= rune(c - 'a' + 10)
		case c >= 'A' && c <= 'F':
			r |= rune(c - 'A' + 10)
		default:
			return 0, false
		}
	}
	p.i += 4
	return r, true
}
