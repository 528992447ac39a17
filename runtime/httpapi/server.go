package httpapi

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"runtime/debug"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/fqlite/fqlite/eval"
	"github.com/fqlite/fqlite/runtime"
)

// Config configures a Server.
type Config struct {
	// DB is the database to serve. The server does not close it.
	DB *runtime.DB
	// Logger receives one record per request, never with a secret; nil
	// is slog.Default().
	Logger *slog.Logger
	// MaxBodyBytes bounds a request body (0: 8 MiB, Fauna's limit);
	// larger bodies get 413 request_size_exceeded.
	MaxBodyBytes int64
	// MaxQueryBytes bounds the text of one query after its template is
	// assembled (0: 4 MiB).
	MaxQueryBytes int
	// DefaultTimeout bounds a query that sends no x-query-timeout-ms (0: 2
	// minutes, Fauna's default).
	DefaultTimeout time.Duration
	// SchemaFiles is the file where the schema endpoints keep the FSL files
	// of the last push and the staged schema; "" keeps them in memory.
	SchemaFiles string
}

// Defaults of Config.
const (
	DefaultMaxBodyBytes   = 8 << 20
	DefaultMaxQueryBytes  = 4 << 20
	DefaultTimeout        = 2 * time.Minute
	DefaultSchemaFileName = "schema-files.json"
)

// Server answers Fauna's wire protocol for one database. It is an
// http.Handler; NewHTTPServer wraps it in an http.Server that speaks
// HTTP/1.1 and cleartext HTTP/2 on the same port.
type Server struct {
	cfg Config
	db  *runtime.DB
	log *slog.Logger

	// lastTS is the largest txn_ts reported; read-only queries get a later
	// one, so consecutive responses never repeat it (spec/wire.md §5.1).
	lastTS atomic.Int64
	// schemaTS caches the time of the latest schema change by schema
	// version counter.
	schemaTS atomic.Pointer[schemaStamp]

	schemaMu sync.Mutex // serialises the schema endpoints
	files    *schemaFiles
	// childFiles are the schema files of child databases, by database.
	childFiles map[*runtime.DB]*schemaFiles
}

type schemaStamp struct {
	counter uint64
	us      int64
}

// New returns a Server for cfg.DB.
//
// Authentication is the runtime's (runtime.QueryOptions.Secret): every
// request's secret is passed on, and the runtime's `unauthorized` becomes
// 401. As a safety net New checks that the database refuses a secret it
// never issued, so a server never runs open.
func New(cfg Config) (*Server, error) {
	if cfg.DB == nil {
		return nil, errors.New("httpapi: Config.DB is nil")
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.MaxBodyBytes <= 0 {
		cfg.MaxBodyBytes = DefaultMaxBodyBytes
	}
	if cfg.MaxQueryBytes <= 0 {
		cfg.MaxQueryBytes = DefaultMaxQueryBytes
	}
	if cfg.DefaultTimeout <= 0 {
		cfg.DefaultTimeout = DefaultTimeout
	}
	s := &Server{cfg: cfg, db: cfg.DB, log: cfg.Logger}
	files, err := loadSchemaFiles(cfg.SchemaFiles)
	if err != nil {
		return nil, err
	}
	s.files = files
	_, err = s.db.Query(context.Background(), "null", &runtime.QueryOptions{Secret: probeSecret})
	switch e := (*eval.Error)(nil); {
	case err == nil:
		return nil, errors.New("httpapi: the database accepts any secret; refusing to serve it")
	case errors.As(err, &e) && e.Code == eval.CodeUnauthorized:
	default:
		return nil, fmt.Errorf("httpapi: the database does not answer: %w", err)
	}
	return s, nil
}

// probeSecret is a secret no database issues: key and token secrets are
// base64url with an `fn` prefix (spec/fsl-auth.md §3.1).
const probeSecret = "fqlite-probe-not-a-secret"

// NewHTTPServer returns an http.Server for h that speaks HTTP/1.1 and
// HTTP/2 with prior knowledge over cleartext TCP on the same listener: the
// Node driver uses h2c, fauna-shell's schema calls HTTP/1.1 (spec/wire.md
// §1.2). Go's standard library has done h2c since 1.24, so no
// golang.org/x/net is needed.
func NewHTTPServer(h http.Handler, log *slog.Logger) *http.Server {
	var p http.Protocols
	p.SetHTTP1(true)
	p.SetUnencryptedHTTP2(true)
	srv := &http.Server{
		Handler:           h,
		Protocols:         &p,
		ReadHeaderTimeout: 10 * time.Second,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
	}
	if log != nil {
		srv.ErrorLog = slog.NewLogLogger(log.Handler(), slog.LevelWarn)
	}
	return srv
}

// ServeHTTP routes a request and logs it.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	rec := &recorder{ResponseWriter: w, status: http.StatusOK}
	defer func() {
		if p := recover(); p != nil {
			if p == http.ErrAbortHandler {
				panic(p)
			}
			s.log.Error("panic while serving a request", "path", r.URL.Path, "panic", fmt.Sprint(p), "stack", string(debug.Stack()))
			if !rec.wrote {
				protocolError(rec, http.StatusInternalServerError, codeInternalError, "An internal error occurred.", nil)
			}
		}
		s.logRequest(r, rec, time.Since(start))
	}()
	if origin := r.Header.Get("Origin"); origin != "" {
		corsHeaders(rec.Header(), origin)
		if r.Method == http.MethodOptions {
			rec.WriteHeader(http.StatusOK)
			return
		}
	}
	path := r.URL.Path
	switch {
	case path == "/query/1":
		if r.Method != http.MethodPost {
			methodNotAllowed(rec, "POST")
			return
		}
		s.serveQuery(rec, r)
	case path == "/ping":
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			methodNotAllowed(rec, "GET, HEAD")
			return
		}
		servePing(rec, r)
	case strings.HasPrefix(path, "/schema/1/"):
		s.serveSchema(rec, r)
	case path == "/stream/1" || path == "/feed/1":
		protocolError(rec, http.StatusBadRequest, eval.CodeInvalidRequest, "Event streams and feeds are not supported by fqlite yet.", nil)
	default:
		protocolError(rec, http.StatusNotFound, codeNotFound, "Not found", nil)
	}
}

func methodNotAllowed(w http.ResponseWriter, allow string) {
	w.Header().Set("Allow", allow)
	protocolError(w, http.StatusMethodNotAllowed, codeMethodNotAllowed, "Method not allowed", nil)
}

// servePing answers Fauna's health check: 200 with the scope checked.
func servePing(w http.ResponseWriter, r *http.Request) {
	scope := r.URL.Query().Get("scope")
	if scope == "" {
		scope = "write"
	}
	body := appendQuoted([]byte(`{"resource":`), "Scope "+scope+" is OK")
	body = append(body, '}')
	if r.Method == http.MethodHead {
		w.Header().Set("Content-Type", jsonContentType)
		w.WriteHeader(http.StatusOK)
		return
	}
	writeBody(w, http.StatusOK, body)
}

// corsHeaders answer browsers (the driver's fetch client), as Fauna did
// (spec/wire.md §1.5).
func corsHeaders(h http.Header, origin string) {
	h.Set("Access-Control-Allow-Origin", origin)
	h.Set("Access-Control-Allow-Credentials", "true")
	h.Set("Access-Control-Allow-Methods", "GET, POST, PUT, PATCH, DELETE")
	h.Set("Access-Control-Allow-Headers", "authorization, content-type, x-format, x-typecheck, x-query-timeout-ms, x-linearized, x-max-contention-retries, x-last-txn-ts, x-query-tags, x-performance-hints, x-driver, x-driver-env, traceparent")
	h.Set("Access-Control-Expose-Headers", "x-txn-time, traceparent")
	h.Set("Access-Control-Max-Age", "86400")
	h.Add("Vary", "Origin")
}

// recorder remembers what a handler answered, for the request log.
type recorder struct {
	http.ResponseWriter
	status int
	bytes  int
	wrote  bool
	// code is the error code of a failed request.
	code string
}

func (r *recorder) WriteHeader(status int) {
	if r.wrote {
		return
	}
	r.status, r.wrote = status, true
	r.ResponseWriter.WriteHeader(status)
}

func (r *recorder) Write(b []byte) (int, error) {
	if !r.wrote {
		r.WriteHeader(http.StatusOK)
	}
	n, err := r.ResponseWriter.Write(b)
	r.bytes += n
	return n, err
}

// Unwrap lets http.ResponseController reach the connection's writer.
func (r *recorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }

// logRequest writes the request's log record. It never includes the
// Authorization header, the query text or the arguments (they may hold
// secrets and personal data).
func (s *Server) logRequest(r *http.Request, rec *recorder, d time.Duration) {
	level := slog.LevelInfo
	if rec.status >= 500 {
		level = slog.LevelError
	}
	ctx := r.Context()
	if !s.log.Enabled(ctx, level) {
		return
	}
	attrs := []slog.Attr{
		slog.String("method", r.Method),
		slog.String("path", r.URL.Path),
		slog.Int("status", rec.status),
		slog.Duration("duration", d),
		slog.Int64("bytes_in", r.ContentLength),
		slog.Int("bytes_out", rec.bytes),
		slog.String("proto", r.Proto),
		slog.String("remote", r.RemoteAddr),
	}
	if rec.code != "" {
		attrs = append(attrs, slog.String("code", rec.code))
	}
	s.log.LogAttrs(ctx, level, "request", attrs...)
}
