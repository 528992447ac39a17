package httpapi

import (
	"encoding/base64"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Request headers of /query/1 (spec/wire.md §3). Names are
// case-insensitive; Go's http package canonicalises them.

type format uint8

const (
	formatSimple format = iota
	formatTagged
	formatDecorated
)

// queryHeaders are the per-query settings the headers give.
type queryHeaders struct {
	format    format
	typecheck bool
	// timeout is the client's deadline (x-query-timeout-ms); 0 when absent.
	timeout     time.Duration
	maxAttempts int // 0: the database's default
	tags        *string
}

// maxTimeoutMs is the largest x-query-timeout-ms Fauna accepted.
const maxTimeoutMs = 600000

func headerError(name, reason string) error {
	return invalidRequest("Invalid header '" + name + "': " + reason)
}

// parseQueryHeaders reads the query headers; an invalid one is a 400
// invalid_request with Fauna's message. Telemetry headers (x-driver-env,
// x-driver, traceparent, ...) and unknown headers are ignored.
func parseQueryHeaders(h http.Header) (queryHeaders, error) {
	var q queryHeaders
	// Tags first: they are echoed even in the errors of other headers.
	if v, ok := header(h, "X-Query-Tags"); ok && v != "" {
		if !validTags(v) {
			return q, headerError("x-query-tags", "invalid tags")
		}
		q.tags = &v
	}
	if v, ok := header(h, "X-Format"); ok {
		switch strings.ToLower(v) {
		case "simple":
			q.format = formatSimple
		case "tagged":
			q.format = formatTagged
		case "decorated":
			q.format = formatDecorated
		default:
			return q, headerError("x-format", "Invalid format "+v)
		}
	}
	for _, name := range [...]string{"X-Typecheck", "X-Linearized", "X-Performance-Hints"} {
		v, ok := header(h, name)
		if !ok {
			continue
		}
		var b bool
		switch strings.ToLower(strings.TrimSpace(v)) {
		case "true":
			b = true
		case "false":
		default:
			return q, headerError(strings.ToLower(name), "Must be a boolean value.")
		}
		if name == "X-Typecheck" {
			q.typecheck = b
		}
	}
	if v, ok := header(h, "X-Query-Timeout-Ms"); ok {
		n, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
		switch {
		case err != nil:
			return q, headerError("x-query-timeout-ms", "Invalid number '"+v+"'.")
		case n <= 0:
			return q, headerError("x-query-timeout-ms", "Must be greater than 0.")
		case n > maxTimeoutMs:
			return q, headerError("x-query-timeout-ms", "Must be less than or equal to 600000.")
		}
		q.timeout = time.Duration(n) * time.Millisecond
	}
	if v, ok := header(h, "X-Max-Contention-Retries"); ok {
		n, err := strconv.Atoi(strings.TrimSpace(v))
		switch {
		case err != nil:
			return q, headerError("x-max-contention-retries", "Invalid number '"+v+"'.")
		case n < 0 || n > 7:
			return q, headerError("x-max-contention-retries", "Must be between 0 and 7.")
		}
		q.maxAttempts = n + 1
	}
	if v, ok := header(h, "X-Last-Txn-Ts"); ok {
		// A single-node engine already reads at or after any time it has
		// reported; the value only has to be a timestamp.
		if _, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64); err != nil {
			return q, headerError("x-last-txn-ts", "Invalid timestamp '"+v+"'.")
		}
	}
	return q, nil
}

func header(h http.Header, name string) (string, bool) {
	vs := h[name]
	if len(vs) == 0 {
		return "", false
	}
	return vs[0], true
}

// validTags checks `k1=v1,k2=v2`: keys and values of [A-Za-z0-9_], keys at
// most 40 bytes, values at most 80, at most 25 pairs, 3000 bytes in all.
func validTags(s string) bool {
	if len(s) > 3000 {
		return false
	}
	pairs := strings.Split(s, ",")
	if len(pairs) > 25 {
		return false
	}
	word := func(w string, max int) bool {
		if w == "" || len(w) > max {
			return false
		}
		for i := 0; i < len(w); i++ {
			c := w[i]
			if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_') {
				return false
			}
		}
		return true
	}
	for _, p := range pairs {
		k, v, ok := strings.Cut(p, "=")
		if !ok || !word(k, 40) || !word(v, 80) {
			return false
		}
	}
	return true
}

// secretOf reads the secret from the Authorization header: `Bearer S`, or
// `Basic base64(S:)` (the user name is the secret, the password empty;
// the secret itself may hold colons when it is scoped). ok is false when
// the header is missing or malformed.
func secretOf(h http.Header) (secret string, ok bool) {
	v, _ := header(h, "Authorization")
	scheme, rest, found := strings.Cut(strings.TrimSpace(v), " ")
	if !found {
		return "", false
	}
	rest = strings.TrimSpace(rest)
	switch {
	case strings.EqualFold(scheme, "Bearer"):
		secret = rest
	case strings.EqualFold(scheme, "Basic"):
		raw, err := base64.StdEncoding.DecodeString(rest)
		if err != nil {
			return "", false
		}
		s := string(raw)
		if i := strings.LastIndexByte(s, ':'); i >= 0 {
			s = s[:i]
		}
		secret = s
	default:
		return "", false
	}
	return secret, secret != ""
}
