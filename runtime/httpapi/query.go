package httpapi

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/fqlite/fqlite/eval"
	"github.com/fqlite/fqlite/lang"
	"github.com/fqlite/fqlite/runtime"
)

// POST /query/1: one FQL query, one transaction (spec/wire.md §2–§6).

var errTooLarge = errors.New("request body too large")

// readBody reads the whole body, at most MaxBodyBytes of it.
func (s *Server) readBody(w http.ResponseWriter, r *http.Request) (string, error) {
	max := s.cfg.MaxBodyBytes
	if r.ContentLength > max {
		return "", errTooLarge
	}
	var buf bytes.Buffer
	if r.ContentLength > 0 {
		buf.Grow(int(r.ContentLength))
	}
	_, err := buf.ReadFrom(http.MaxBytesReader(w, r.Body, max))
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return "", errTooLarge
		}
		return "", err
	}
	return buf.String(), nil
}

// request is a parsed /query/1 request.
type request struct {
	text string
	args map[string]eval.Value
	// check is the error of a template value that did not decode.
	check *eval.Error
	t     template
}

// parseRequest reads the body: `query` (a string or a template) and
// `arguments`, decoded per the format.
// Tags that name database objects resolve against res.
func (s *Server) parseRequest(body string, f format, res resolver) (*request, error) {
	if len(body) == 0 {
		return nil, invalidRequest("No request body provided")
	}
	root, err := parseJSON(body)
	if err != nil {
		if errors.Is(err, errNesting) {
			return nil, invalidRequest("Invalid request body: JSON exceeds nesting limit")
		}
		return nil, invalidRequest("Invalid request body: " + err.Error())
	}
	if root.kind != jObject {
		return nil, invalidRequest("Invalid request body")
	}
	q := root.member("query")
	if q == nil || q.kind != jString && q.kind != jObject {
		return nil, invalidRequest("Invalid request body")
	}
	req := &request{}
	t := &req.t
	if q.kind == jString {
		req.text = q.s
	} else {
		t.r = res
		t.names, t.values = t.nbuf[:0], t.vbuf[:0]
		t.b.Grow(len(body))
		if err := t.fragment(q, false); err != nil {
			return nil, err
		}
		req.text = t.b.String()
	}
	if len(req.text) > s.cfg.MaxQueryBytes {
		return nil, invalidRequest("Query text exceeded limit: got " + strconv.Itoa(len(req.text)) + " bytes, limit " + strconv.Itoa(s.cfg.MaxQueryBytes) + " bytes")
	}
	req.check = t.checkError(req.text)
	n := len(t.names)
	a := root.member("arguments")
	if a != nil && a.kind != jNull {
		if a.kind != jObject {
			return nil, invalidRequest("Invalid request body: `arguments` must be an object")
		}
		n += len(a.keys)
	}
	if n == 0 {
		return req, nil
	}
	req.args = make(map[string]eval.Value, n)
	if a != nil && a.kind == jObject {
		for i, name := range a.keys {
			if !lang.IsValidIdent(name) {
				return nil, invalidRequest("Invalid argument '" + name + "': not a valid identifier")
			}
			var v eval.Value
			if f == formatSimple {
				v, err = decodeSimple(a.elems[i])
			} else {
				v, err = decodeTagged(a.elems[i], res)
			}
			if err != nil {
				return nil, invalidRequest("Invalid argument '" + name + "': " + err.Error())
			}
			req.args[name] = v
		}
	}
	for i, name := range t.names {
		req.args[name] = t.values[i]
	}
	return req, nil
}

func (s *Server) serveQuery(w *recorder, r *http.Request) {
	start := time.Now()
	secret, ok := secretOf(r.Header)
	if !ok {
		protocolError(w, http.StatusUnauthorized, eval.CodeUnauthorized, "Access token required", nil)
		return
	}
	hdr, err := parseQueryHeaders(r.Header)
	if err != nil {
		protocolError(w, http.StatusBadRequest, eval.CodeInvalidRequest, err.Error(), hdr.tags)
		return
	}
	body, err := s.readBody(w, r)
	if err != nil {
		if errors.Is(err, errTooLarge) {
			protocolError(w, http.StatusRequestEntityTooLarge, codeRequestSizeExceeded, "Request entity is too large", hdr.tags)
			return
		}
		protocolError(w, http.StatusBadRequest, eval.CodeInvalidRequest, "Invalid request body: "+err.Error(), hdr.tags)
		return
	}
	req, err := s.parseRequest(body, hdr.format, &secretResolver{s: s, ctx: r.Context(), secret: secret})
	if err != nil {
		protocolError(w, http.StatusBadRequest, eval.CodeInvalidRequest, err.Error(), hdr.tags)
		return
	}
	if req.check != nil {
		s.queryFailure(w, &hdr, req.check, nil, time.Since(start))
		return
	}
	timeout := hdr.timeout
	if timeout == 0 {
		timeout = s.cfg.DefaultTimeout
	}
	res, err := s.db.Query(r.Context(), req.text, &runtime.QueryOptions{
		Args:        req.args,
		Timeout:     timeout,
		MaxAttempts: hdr.maxAttempts,
		Typecheck:   hdr.typecheck,
		Secret:      secret,
		Timed:       true,
	})
	if err != nil {
		s.queryError(w, r, &hdr, err, res, time.Since(start))
		return
	}
	s.querySuccess(w, &hdr, res)
}

// queryError answers a failed query: a query failure (400 with summary and
// stats) or a protocol error.
func (s *Server) queryError(w *recorder, r *http.Request, hdr *queryHeaders, err error, res *runtime.Result, elapsed time.Duration) {
	var e *eval.Error
	if !errors.As(err, &e) {
		s.log.Error("query failed inside the database", "error", err.Error())
		protocolError(w, http.StatusInternalServerError, codeInternalError, "An internal error occurred.", hdr.tags)
		return
	}
	switch e.Code {
	case eval.CodeUnauthorized:
		protocolError(w, http.StatusUnauthorized, e.Code, "Access token required", nil)
	case eval.CodeContendedTransaction:
		protocolError(w, http.StatusConflict, e.Code, e.Message, hdr.tags)
	case eval.CodeTimeOut:
		if r.Context().Err() != nil {
			// The client went away; nobody reads this answer.
			protocolError(w, http.StatusServiceUnavailable, e.Code, "Read timed out (the request was cancelled)", hdr.tags)
			return
		}
		if hdr.timeout == 0 {
			protocolError(w, http.StatusServiceUnavailable, e.Code, "Read timed out", hdr.tags)
			return
		}
		msg := e.Message
		if hdr.timeout < time.Second {
			msg = "Client set aggressive deadline: query needs " + strconv.FormatInt(elapsed.Milliseconds(), 10) +
				"ms, timed out within " + strconv.FormatInt(hdr.timeout.Milliseconds(), 10) + "ms"
		}
		protocolError(w, 440, e.Code, msg, hdr.tags)
	case eval.CodeInvalidRequest:
		protocolError(w, http.StatusBadRequest, e.Code, e.Message, hdr.tags)
	case codeForbidden:
		protocolError(w, http.StatusForbidden, e.Code, e.Message, hdr.tags)
	case codeLimitExceeded:
		protocolError(w, http.StatusTooManyRequests, e.Code, e.Message, hdr.tags)
	case eval.CodeInternalFailure:
		s.log.Error("internal failure in a query", "detail", e.Internal())
		protocolError(w, http.StatusInternalServerError, codeInternalError, e.Message, hdr.tags)
	default:
		s.queryFailure(w, hdr, e, res, elapsed)
	}
}

// stamp returns the txn_ts of a response: a write's commit time, or for
// a read a time after every txn_ts reported before (Fauna's snapshot time
// moved with the clock; fauna-js expects consecutive reads to differ).
func (s *Server) stamp(t time.Time, wrote bool) int64 {
	us := t.UnixMicro()
	for {
		last := s.lastTS.Load()
		next := us
		if !wrote {
			next = max(us, time.Now().UnixMicro(), last+1)
		}
		if next <= last && !wrote {
			next = last + 1
		}
		if s.lastTS.CompareAndSwap(last, max(last, next)) {
			return next
		}
	}
}

// schemaVersionOf is the schema version of a query's response: the time,
// in µs, of the latest schema change of the database it ran in.
func (s *Server) schemaVersionOf(res *runtime.Result) int64 {
	db := res.Database()
	if db == nil || db == s.db {
		return s.schemaVersion(res.SchemaVersion)
	}
	_, at, err := db.SchemaChange()
	if err != nil || at.IsZero() {
		return 0
	}
	return at.UnixMicro()
}

// secretResolver resolves the tags of a request against the database the
// request's secret acts in (the served database or one of its child
// databases), found when a tag first needs it.
type secretResolver struct {
	s      *Server
	ctx    context.Context
	secret string
	db     *runtime.DB
}

func (r *secretResolver) target() *runtime.DB {
	if r.db == nil {
		db, err := r.s.db.DatabaseFor(r.ctx, r.secret)
		if err != nil {
			// The query itself reports the refused secret.
			db = r.s.db
		}
		r.db = db
	}
	return r.db
}

func (r *secretResolver) ModuleNamed(name string) (eval.Value, error) {
	return r.target().ModuleNamed(name)
}

func (r *secretResolver) DocumentRef(coll, id, name string) (eval.Value, error) {
	return r.target().DocumentRef(coll, id, name)
}

// schemaVersion is the time, in µs, of the schema change that produced
// the runtime's schema version counter.
func (s *Server) schemaVersion(counter uint64) int64 {
	if st := s.schemaTS.Load(); st != nil && st.counter == counter {
		return st.us
	}
	return s.latestSchemaVersion()
}

// latestSchemaVersion reads the time of the latest schema change.
func (s *Server) latestSchemaVersion() int64 {
	v, at, err := s.db.SchemaChange()
	if err != nil {
		if st := s.schemaTS.Load(); st != nil {
			return st.us
		}
		return 0
	}
	var us int64
	if !at.IsZero() {
		us = at.UnixMicro()
	}
	if st := s.schemaTS.Load(); st == nil || st.counter <= v {
		s.schemaTS.Store(&schemaStamp{counter: v, us: us})
	}
	return us
}

func (s *Server) querySuccess(w *recorder, hdr *queryHeaders, res *runtime.Result) {
	ts := s.stamp(res.TxnTime, res.Stats.WriteOps > 0)
	bp := getBuf()
	b := append(*bp, `{"data":`...)
	b = appendValue(b, res.Value, res.TxnTime, hdr.format)
	b = append(b, `,"summary":`...)
	if len(res.Logs) == 0 {
		b = append(b, `""`...)
	} else {
		b = appendQuoted(b, hideValues(eval.FormatLogs(res.Logs)))
	}
	b = append(b, `,"txn_ts":`...)
	b = strconv.AppendInt(b, ts, 10)
	b = appendStats(b, res.Stats.ComputeOps, res.Stats.ReadOps, res.Stats.WriteOps, res.Stats.Duration, res.Stats.Retries)
	if hdr.tags != nil {
		b = append(b, `,"query_tags":`...)
		b = appendQuoted(b, *hdr.tags)
	}
	b = append(b, `,"schema_version":`...)
	b = strconv.AppendInt(b, s.schemaVersionOf(res), 10)
	b = append(b, '}')
	writeBody(w, http.StatusOK, b)
	*bp = b
	putBuf(bp)
}

// queryFailure answers a query error (HTTP 400): error with code,
// message, constraint failures or abort value, and the summary, txn_ts,
// stats and schema_version of a query response.
func (s *Server) queryFailure(w *recorder, hdr *queryHeaders, e *eval.Error, res *runtime.Result, elapsed time.Duration) {
	w.code = e.Code
	txn := time.Now()
	ts := s.stamp(txn, false)
	bp := getBuf()
	b := append(*bp, `{"error":{"code":`...)
	b = appendQuoted(b, e.Code)
	b = append(b, `,"message":`...)
	b = appendQuoted(b, hideValues(e.Message))
	if len(e.ConstraintFailures) > 0 {
		b = append(b, `,"constraint_failures":[`...)
		for i, cf := range e.ConstraintFailures {
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, `{"paths":[`...)
			for j, p := range cf.Paths {
				if j > 0 {
					b = append(b, ',')
				}
				b = append(b, '[')
				for k, el := range p {
					if k > 0 {
						b = append(b, ',')
					}
					switch el := el.(type) {
					case int:
						b = strconv.AppendInt(b, int64(el), 10)
					case int64:
						b = strconv.AppendInt(b, el, 10)
					case string:
						b = appendQuoted(b, el)
					default:
						b = appendQuoted(b, fmt.Sprint(el))
					}
				}
				b = append(b, ']')
			}
			b = append(b, `],"message":`...)
			b = appendQuoted(b, cf.Message)
			b = append(b, '}')
		}
		b = append(b, ']')
	}
	if e.Code == eval.CodeAbort {
		b = append(b, `,"abort":`...)
		if e.Abort == nil {
			b = append(b, "null"...)
		} else {
			b = appendValue(b, e.Abort, txn, hdr.format)
		}
	}
	b = append(b, `},"summary":`...)
	summary := e.Summary()
	if res != nil && len(res.Logs) > 0 {
		// Errors first, then the log lines (FQL2Response's diagnostics).
		summary += "\n\n" + eval.FormatLogs(res.Logs)
	}
	b = appendQuoted(b, hideValues(summary))
	b = append(b, `,"txn_ts":`...)
	b = strconv.AppendInt(b, ts, 10)
	if res != nil {
		b = appendStats(b, res.Stats.ComputeOps, res.Stats.ReadOps, res.Stats.WriteOps, elapsed, res.Stats.Retries)
	} else {
		b = appendStats(b, 1, 0, 0, elapsed, 0)
	}
	if hdr.tags != nil {
		b = append(b, `,"query_tags":`...)
		b = appendQuoted(b, *hdr.tags)
	}
	b = append(b, `,"schema_version":`...)
	if res != nil {
		b = strconv.AppendInt(b, s.schemaVersionOf(res), 10)
	} else {
		b = strconv.AppendInt(b, s.currentSchemaVersion(), 10)
	}
	b = append(b, '}')
	writeBody(w, http.StatusBadRequest, b)
	*bp = b
	putBuf(bp)
}

// currentSchemaVersion is the schema version for a response that has no
// result to take it from.
func (s *Server) currentSchemaVersion() int64 {
	return s.latestSchemaVersion()
}

// appendValue appends a result in the request's format: tagged or simple
// JSON, or for decorated one JSON string of FQL notation.
func appendValue(b []byte, v eval.Value, txn time.Time, f format) []byte {
	switch f {
	case formatTagged:
		return append(b, eval.EncodeTagged(v, txn)...)
	case formatDecorated:
		return appendQuoted(b, eval.RenderFQL(v, txn))
	}
	return append(b, eval.EncodeSimple(v, txn)...)
}

// appendStats appends the `stats` member: every counter the drivers
// expect, storage bytes as 0 (fqlite does not meter them).
func appendStats(b []byte, compute, reads, writes int, d time.Duration, retries int) []byte {
	b = append(b, `,"stats":{"compute_ops":`...)
	b = strconv.AppendInt(b, int64(max(compute, 1)), 10)
	b = append(b, `,"read_ops":`...)
	b = strconv.AppendInt(b, int64(reads), 10)
	b = append(b, `,"write_ops":`...)
	b = strconv.AppendInt(b, int64(writes), 10)
	b = append(b, `,"query_time_ms":`...)
	b = strconv.AppendInt(b, d.Milliseconds(), 10)
	b = append(b, `,"contention_retries":`...)
	b = strconv.AppendInt(b, int64(retries), 10)
	b = append(b, `,"storage_bytes_read":0,"storage_bytes_write":0,"rate_limits_hit":[]}`...)
	return b
}
