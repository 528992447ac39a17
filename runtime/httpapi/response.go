package httpapi

import (
	"net/http"
	"strconv"
	"sync"
	"unicode/utf8"
)

// Response bodies are written by hand into pooled buffers: the member
// order is Fauna's (spec/wire.md §5.1) and a query's data is already JSON
// (eval.EncodeTagged), so encoding/json would only add copies.

const jsonContentType = "application/json;charset=utf-8"

// Error codes of the wire protocol beyond eval's (spec/wire.md §5.3).
const (
	codeForbidden           = "forbidden"
	codeNotFound            = "not_found"
	codeMethodNotAllowed    = "method_not_allowed"
	codeRequestSizeExceeded = "request_size_exceeded"
	codeInternalError       = "internal_error"
	codeConflict            = "conflict"
	codeLimitExceeded       = "limit_exceeded"
)

var bufPool = sync.Pool{New: func() any { b := make([]byte, 0, 1024); return &b }}

func getBuf() *[]byte { return bufPool.Get().(*[]byte) }

func putBuf(b *[]byte) {
	if cap(*b) > 1<<20 {
		return // do not keep huge buffers around
	}
	*b = (*b)[:0]
	bufPool.Put(b)
}

// writeBody sends a JSON body with its length.
func writeBody(w http.ResponseWriter, status int, body []byte) {
	h := w.Header()
	h["Content-Type"] = []string{jsonContentType}
	h["Content-Length"] = []string{strconv.Itoa(len(body))}
	w.WriteHeader(status)
	w.Write(body)
}

// appendQuoted appends s as a JSON string. Invalid UTF-8 becomes U+FFFD,
// so the body always parses.
func appendQuoted(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' && c < utf8.RuneSelf {
			i++
			continue
		}
		if c >= utf8.RuneSelf {
			r, size := utf8.DecodeRuneInString(s[i:])
			if r == utf8.RuneError && size == 1 {
				b = append(b, s[start:i]...)
				b = append(b, `\ufffd`...)
				i++
				start = i
				continue
			}
			i += size
			continue
		}
		b = append(b, s[start:i]...)
		switch c {
		case '"', '\\':
			b = append(b, '\\', c)
		case '\n':
			b = append(b, '\\', 'n')
		case '\r':
			b = append(b, '\\', 'r')
		case '\t':
			b = append(b, '\\', 't')
		default:
			b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
		}
		i++
		start = i
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

// protocolError writes an error body without summary or stats (spec/wire.md
// §5.2): auth, bad request, timeout, contention, internal errors.
func protocolError(w http.ResponseWriter, status int, code, message string, tags *string) {
	if rec, ok := w.(*recorder); ok {
		rec.code = code
	}
	bp := getBuf()
	b := append(*bp, `{"error":{"code":`...)
	b = appendQuoted(b, code)
	b = append(b, `,"message":`...)
	b = appendQuoted(b, message)
	b = append(b, '}')
	if tags != nil {
		b = append(b, `,"query_tags":`...)
		b = appendQuoted(b, *tags)
	}
	b = append(b, '}')
	if status == http.StatusUnauthorized {
		w.Header()["Www-Authenticate"] = []string{"Bearer"}
	}
	writeBody(w, status, b)
	*bp = b
	putBuf(bp)
}

// schemaError writes a schema endpoint's error body: `message` is what
// fauna-shell prints, `code` what it checks when present (spec/wire.md §9).
func schemaError(w http.ResponseWriter, status int, code, message string) {
	protocolError(w, status, code, message, nil)
}
