package main

import (
	"bytes"
	"context"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// startServe runs `fqlite serve args...` in the background and returns
// its base URL; stop ends it and returns its exit code and log.
func startServe(t *testing.T, args ...string) (url string, stop func() (int, string)) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	var log syncBuffer
	addrs := make(chan []net.Addr, 1)
	done := make(chan int, 1)
	go func() {
		done <- serve(ctx, args, io.Discard, &log, func(a []net.Addr) { addrs <- a })
	}()
	select {
	case a := <-addrs:
		url = "http://" + a[0].String()
	case code := <-done:
		cancel()
		t.Fatalf("serve exited with %d:\n%s", code, log.String())
	case <-time.After(10 * time.Second):
		cancel()
		t.Fatal("serve did not start")
	}
	var once sync.Once
	var code int
	stop = func() (int, string) {
		once.Do(func() {
			cancel()
			code = <-done
		})
		return code, log.String()
	}
	t.Cleanup(func() { stop() })
	return url, stop
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func post(t *testing.T, url, secret, query string) (int, string) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, url+"/query/1", strings.NewReader(`{"query":`+jsonString(query)+`}`))
	req.Header.Set("Authorization", "Bearer "+secret)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func jsonString(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`)
	return `"` + r.Replace(s) + `"`
}

func TestServeQueryAndStop(t *testing.T) {
	data := filepath.Join(t.TempDir(), "data")
	start := time.Now()
	url, stop := startServe(t, "--data", data, "--addr", "127.0.0.1:0")
	status, body := post(t, url, "secret", "1 + 1")
	firstQuery := time.Since(start)
	if status != 200 || !strings.Contains(body, `"data":2`) {
		t.Fatalf("query: %d %s", status, body)
	}
	t.Logf("start to first answered query, empty data directory: %v", firstQuery)
	if status, _ := post(t, url, "wrong", "1"); status != 401 {
		t.Errorf("wrong secret: %d", status)
	}
	code, log := stop()
	if code != 0 {
		t.Errorf("exit %d", code)
	}
	for _, want := range []string{`using \"secret\"`, "listening", "stopped", "status=401"} {
		if !strings.Contains(log, want) {
			t.Errorf("log lacks %q:\n%s", want, log)
		}
	}
}

func TestServeFinishesQueriesInFlight(t *testing.T) {
	url, stop := startServe(t, "--memory", "--addr", "127.0.0.1:0", "--root-secret", "s3")
	type result struct {
		status int
		body   string
	}
	res := make(chan result, 1)
	go func() {
		status, body := post(t, url, "s3", "Array.sequence(0, 16000).fold(0, (a, i) => a + Array.sequence(0, 100).fold(0, (b, j) => b + j))")
		res <- result{status, body}
	}()
	time.Sleep(20 * time.Millisecond)
	code, log := stop()
	r := <-res
	if r.status != 200 {
		t.Errorf("the query in flight got %d %s\n%s", r.status, r.body, log)
	}
	if code != 0 {
		t.Errorf("exit %d", code)
	}
	// The server began to stop while the query ran, and answered it.
	if i, j := strings.Index(log, "shutting down"), strings.Index(log, "msg=request"); i < 0 || j < i {
		t.Logf("the query finished before the shutdown began (a fast machine?):\n%s", log)
	}
}

func TestServeDataDir(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	t.Setenv("FQLITE_ROOT_SECRET", "from-env")
	url, stop := startServe(t, "--addr", "127.0.0.1:0")
	for _, q := range []string{`Collection.create({ name: "Kept" })`, `Kept.create({ n: 1 })`} {
		if status, body := post(t, url, "from-env", q); status != 200 {
			t.Fatalf("%d %s", status, body)
		}
	}
	if code, log := stop(); code != 0 {
		t.Fatalf("exit %d\n%s", code, log)
	}
	if _, err := os.Stat(filepath.Join(dir, "fqlite-data")); err != nil {
		t.Fatalf("default data directory: %v", err)
	}
	url, _ = startServe(t, "--addr", "127.0.0.1:0", "--data", "fqlite-data")
	if status, body := post(t, url, "from-env", `Kept.all().count()`); status != 200 || !strings.Contains(body, `"data":1`) {
		t.Errorf("after restart: %d %s", status, body)
	}
}

func TestServeSchemaAtStart(t *testing.T) {
	schemaDir := t.TempDir()
	if err := os.WriteFile(filepath.Join(schemaDir, "main.fsl"), []byte("function double(x) { x * 2 }\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	url, _ := startServe(t, "--memory", "--addr", "127.0.0.1:0", "--schema", schemaDir)
	if status, body := post(t, url, "secret", "double(21)"); status != 200 || !strings.Contains(body, `"data":42`) {
		t.Errorf("%d %s", status, body)
	}
}

func TestServeLocalhostListensOnBothLoopbacks(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	got := make(chan []net.Addr, 1)
	done := make(chan int, 1)
	go func() {
		done <- serve(ctx, []string{"--memory", "--addr", "localhost:0"}, io.Discard, io.Discard, func(a []net.Addr) { got <- a })
	}()
	var addrs []net.Addr
	select {
	case addrs = <-got:
	case code := <-done:
		t.Fatalf("exit %d", code)
	}
	if !strings.HasPrefix(addrs[0].String(), "127.0.0.1:") {
		t.Errorf("addrs %v", addrs)
	}
	if ln, err := net.Listen("tcp6", "[::1]:0"); err == nil {
		ln.Close()
		if len(addrs) != 2 || !strings.HasPrefix(addrs[1].String(), "[::1]:") {
			t.Errorf("addrs %v, want 127.0.0.1 and ::1", addrs)
		}
	}
	cancel()
	<-done
}

func TestServeRefusesOpenNonLoopback(t *testing.T) {
	t.Setenv("FQLITE_ROOT_SECRET", "")
	var errb bytes.Buffer
	code := serve(context.Background(), []string{"--memory", "--addr", "0.0.0.0:0"}, io.Discard, &errb, nil)
	if code != exitUsage || !strings.Contains(errb.String(), "not a loopback address") {
		t.Errorf("exit %d: %s", code, errb.String())
	}
	code = serve(context.Background(), []string{"--memory", "--addr", ":0"}, io.Discard, &errb, nil)
	if code != exitUsage {
		t.Errorf("all interfaces: exit %d", code)
	}
	code = serve(context.Background(), []string{"--bogus"}, io.Discard, &errb, nil)
	if code != exitUsage {
		t.Errorf("bad flag: exit %d", code)
	}
}
