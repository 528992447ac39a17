package httpapi

import (
	"bytes"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	_ "github.com/fqlite/fqlite/internal/golden"
	"github.com/fqlite/fqlite/runtime"
)

const testSecret = "secret"

// testServer is a server on a fresh in-memory database, listening on a
// loopback port with HTTP/1.1 and h2c.
type testServer struct {
	*httptest.Server
	api *Server
	db  *runtime.DB
	// logs collects the request log.
	logs *lockedWriter
}

type serverOption func(*Config)

func newTestServer(t testing.TB, opts ...serverOption) *testServer {
	t.Helper()
	db, err := runtime.Open(runtime.Options{RootSecret: testSecret})
	if err != nil {
		t.Fatal(err)
	}
	logs := &lockedWriter{w: &bytes.Buffer{}}
	cfg := Config{DB: db, Logger: slog.New(slog.NewTextHandler(logs, nil))}
	for _, o := range opts {
		o(&cfg)
	}
	api, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewUnstartedServer(api)
	ts.Config = NewHTTPServer(api, nil)
	ts.Start()
	t.Cleanup(func() {
		ts.Close()
		db.Close()
	})
	return &testServer{Server: ts, api: api, db: db, logs: logs}
}

// lockedWriter serialises writes from concurrent handlers.
type lockedWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

// String returns what was written so far.
func (l *lockedWriter) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.(*bytes.Buffer).String()
}

// response is an answer as the tests look at it.
type response struct {
	status int
	header http.Header
	raw    string
	body   map[string]any
	proto  string
}

func (r *response) errCode() string {
	e, _ := r.body["error"].(map[string]any)
	s, _ := e["code"].(string)
	return s
}

func (r *response) errMessage() string {
	e, _ := r.body["error"].(map[string]any)
	s, _ := e["message"].(string)
	return s
}

// do sends a request; headers are name, value pairs. "Authorization" is
// set to the root secret unless given.
func (ts *testServer) do(t testing.TB, method, path, body string, headers ...string) *response {
	t.Helper()
	return ts.doWith(t, ts.Client(), method, path, strings.NewReader(body), headers...)
}

func (ts *testServer) doWith(t testing.TB, c *http.Client, method, path string, body io.Reader, headers ...string) *response {
	t.Helper()
	req, err := http.NewRequest(method, ts.URL+path, body)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+testSecret)
	for i := 0; i+1 < len(headers); i += 2 {
		if headers[i+1] == "" && headers[i] == "Authorization" {
			req.Header.Del("Authorization")
			continue
		}
		req.Header.Set(headers[i], headers[i+1])
	}
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	r := &response{status: resp.StatusCode, header: resp.Header, raw: string(raw), proto: resp.Proto}
	if len(raw) > 0 {
		dec := json.NewDecoder(bytes.NewReader(raw))
		dec.UseNumber()
		if err := dec.Decode(&r.body); err != nil {
			t.Fatalf("%s %s: body is not a JSON object: %v\n%s", method, path, err, raw)
		}
	}
	return r
}

// query posts a query body with the given headers.
func (ts *testServer) query(t testing.TB, body string, headers ...string) *response {
	t.Helper()
	return ts.do(t, http.MethodPost, "/query/1", body, headers...)
}

// q posts a plain-string query.
func (ts *testServer) q(t testing.TB, text string, headers ...string) *response {
	t.Helper()
	b, _ := json.Marshal(map[string]string{"query": text})
	return ts.query(t, string(b), headers...)
}

// h2cClient talks HTTP/2 with prior knowledge over cleartext TCP, as the
// Node driver does.
func h2cClient() *http.Client {
	var p http.Protocols
	p.SetUnencryptedHTTP2(true)
	return &http.Client{Transport: &http.Transport{Protocols: &p}}
}

func mustOK(t testing.TB, r *response) {
	t.Helper()
	if r.status != http.StatusOK {
		t.Fatalf("status %d, want 200: %s", r.status, r.raw)
	}
}

func jsonOf(t testing.TB, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
