package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"mime/multipart"
	"net"
	"net/http"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"regexp"
	goruntime "runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"golang.org/x/crypto/bcrypt"

	"github.com/fqlite/fqlite/runtime"
	"github.com/fqlite/fqlite/runtime/httpapi"
)

// `fqlite load` is a subcommand rather than a program of its own so that
// it measures the very binary users run: it starts this executable's
// `serve` as a child process, the way a user starts the server, and talks
// to it over the loopback interface as a driver would.

const loadUsage = `Usage:
  fqlite load [--clients N] [--duration D] [--rounds N] [--login-duration D] [--starts N]

A bounded load test of ` + "`fqlite serve`" + ` on this machine, over the loopback
interface only (nothing else is contacted). It runs this program's serve
command as a child process on an empty temporary data directory and
measures:

  start   from starting ` + "`fqlite serve`" + ` to its first answered query
          (--starts times), and the same in-process (open, listen, answer);
  login   UserLogin, a UDF that checks a password with bcrypt at the
          server's cost and creates a token, called over h2c by --clients
          clients with a key, against bare bcrypt.CompareHashAndPassword at
          the same cost in as many goroutines;
  reads   token-authenticated indexed reads (the driver's template for
          Product.byName(<name>).first(), 100 names) by --clients clients,
          over h2c with one shared connection (as the Node driver) and over
          HTTP/1.1 keep-alive, against a bare net/http server (a second
          child process) that answers every request with the body fqlite
          gave for it. fqlite and bare take turns, --rounds times each for
          --duration.

It prints throughput, the fqlite/bare ratios, p50/p99 latencies and the
load average. The machine is not reserved: whatever else runs on it shows
in the numbers.

Flags:
`

// Bounds of the flags, so that a run stays short and small.
const (
	maxLoadClients  = 256
	maxLoadDuration = time.Minute
	maxLoadRounds   = 20
	maxLoadStarts   = 50
)

// loadSecret is the root secret of the servers `fqlite load` starts.
const loadSecret = "fqlite-load-root-secret"

// loadSchema is the workload's schema: seed 000's login UDFs and a
// product catalogue that a logged-in account reads through an index.
const loadSchema = `collection Account {
  email: String
  index byEmail { terms [.email] }
  unique [.email]
}
collection Product {
  name: String
  description: String
  price: Number
  quantity: Int
  index byName { terms [.name] }
}
@role(server)
function UserRegistration(email, password) {
  let account = Account.create({ email: email })
  Credential.create({ document: account, password: password })
  account
}
@role(server)
function UserLogin(email, password) {
  let account = Account.byEmail(email).first()!
  Credential.byDocument(account)!.login(password, Time.now().add(3600, "seconds"))
}
role UnAuthRole {
  privileges UserRegistration { call }
  privileges UserLogin { call }
}
role customer {
  membership Account
  privileges Product { read }
}
`

const loadProducts = 100

// selfCommand returns a command that runs this program with args. Tests
// replace it: their executable is the test binary, not fqlite.
var selfCommand = func(ctx context.Context, args ...string) (*exec.Cmd, error) {
	exe, err := os.Executable()
	if err != nil {
		return nil, err
	}
	return exec.CommandContext(ctx, exe, args...), nil
}

type loadConfig struct {
	clients       int
	duration      time.Duration
	rounds        int
	loginDuration time.Duration
	starts        int
}

func runLoad(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 2 && args[0] == "bare-server" {
		// Internal: the bare server's child process (see serveBare).
		return serveBare(args[1], stdin, stderr)
	}
	fs := flag.NewFlagSet("load", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var cfg loadConfig
	fs.IntVar(&cfg.clients, "clients", 32, "`N` concurrent clients (at most 256)")
	fs.DurationVar(&cfg.duration, "duration", 2*time.Second, "length `D` of one read run (at most 1m)")
	fs.IntVar(&cfg.rounds, "rounds", 3, "`N` runs per server (fqlite, bare) of the logins and of the reads of each protocol, taken in turns (at most 20)")
	fs.DurationVar(&cfg.loginDuration, "login-duration", 2*time.Second, "length `D` of one login run; 0 skips the logins (at most 1m)")
	fs.IntVar(&cfg.starts, "starts", 5, "`N` server starts to time; 0 skips them (at most 50)")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "Run 'fqlite load --help' for the usage.")
	}
	help := func() int {
		fmt.Fprint(stdout, loadUsage)
		fs.SetOutput(stdout)
		fs.PrintDefaults()
		return exitOK
	}
	if slices.ContainsFunc(args, func(a string) bool { return a == "-h" || a == "-help" || a == "--help" }) {
		return help()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return help()
		}
		return exitUsage
	}
	switch {
	case fs.NArg() > 0:
		fmt.Fprintln(stderr, "fqlite load: unexpected arguments:", strings.Join(fs.Args(), " "))
		return exitUsage
	case cfg.clients < 1 || cfg.clients > maxLoadClients:
		fmt.Fprintf(stderr, "fqlite load: --clients must be between 1 and %d\n", maxLoadClients)
		return exitUsage
	case cfg.duration < 10*time.Millisecond || cfg.duration > maxLoadDuration:
		fmt.Fprintf(stderr, "fqlite load: --duration must be between 10ms and %v\n", maxLoadDuration)
		return exitUsage
	case cfg.rounds < 1 || cfg.rounds > maxLoadRounds:
		fmt.Fprintf(stderr, "fqlite load: --rounds must be between 1 and %d\n", maxLoadRounds)
		return exitUsage
	case cfg.loginDuration < 0 || cfg.loginDuration > maxLoadDuration:
		fmt.Fprintf(stderr, "fqlite load: --login-duration must be between 0 and %v\n", maxLoadDuration)
		return exitUsage
	case cfg.starts < 0 || cfg.starts > maxLoadStarts:
		fmt.Fprintf(stderr, "fqlite load: --starts must be between 0 and %d\n", maxLoadStarts)
		return exitUsage
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := loadTest(ctx, cfg, stdout); err != nil {
		fmt.Fprintf(stderr, "fqlite load: %v\n", err)
		return exitQueryError
	}
	return exitOK
}

func loadTest(ctx context.Context, cfg loadConfig, out io.Writer) error {
	fmt.Fprintf(out, "fqlite load: %d CPUs, GOMAXPROCS %d, %s; load average %s\n",
		goruntime.NumCPU(), goruntime.GOMAXPROCS(0), goruntime.Version(), loadAverage())
	tmp, err := os.MkdirTemp("", "fqlite-load-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)

	if cfg.starts > 0 {
		if err := measureStarts(ctx, cfg.starts, tmp, out); err != nil {
			return fmt.Errorf("start: %w", err)
		}
	}

	dataDir := filepath.Join(tmp, "data")
	srv, err := startChild(ctx, false, "serve", "--addr", "127.0.0.1:0", "--data", dataDir, "--root-secret", loadSecret)
	if err != nil {
		return err
	}
	defer srv.stop()
	fmt.Fprintf(out, "fqlite serve on %s (data %s, request log on), pid %d\n", srv.addr, dataDir, srv.cmd.Process.Pid)
	w, err := setupWorkload(ctx, srv.url, cfg.clients)
	if err != nil {
		return fmt.Errorf("setup: %w", err)
	}

	if cfg.loginDuration > 0 {
		if err := measureLogins(ctx, cfg, srv.url, w, out); err != nil {
			return fmt.Errorf("login: %w", err)
		}
	}

	// The bare server answers each read with the body fqlite gave for it.
	answers, err := json.Marshal(w.answers)
	if err != nil {
		return err
	}
	answersFile := filepath.Join(tmp, "answers.json")
	if err := os.WriteFile(answersFile, answers, 0o600); err != nil {
		return err
	}
	bare, err := startChild(ctx, true, "load", "bare-server", answersFile)
	if err != nil {
		return err
	}
	defer bare.stop()
	fmt.Fprintf(out, "bare net/http server on %s, pid %d\n", bare.addr, bare.cmd.Process.Pid)

	fmt.Fprintf(out, "indexed reads (token, Product.byName(<name>).first(), %d-byte answers), %d clients, %d rounds of %v per server:\n",
		len(w.answers[w.reads[0]]), cfg.clients, cfg.rounds, cfg.duration)
	for _, h2c := range []bool{true, false} {
		if err := measureReads(ctx, cfg, h2c, srv.url, bare.url, w, out); err != nil {
			return fmt.Errorf("reads: %w", err)
		}
	}
	fmt.Fprintf(out, "load average at the end: %s\n", loadAverage())
	return nil
}

// loadAverage returns the 1, 5 and 15 minute load averages (Linux).
func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "n/a"
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "n/a"
	}
	return strings.Join(f[:3], " ")
}

// child is a process started by startChild: `fqlite serve` or the bare
// server, listening on a loopback port.
type child struct {
	cmd     *exec.Cmd
	addr    string
	url     string
	stdin   io.Closer
	drained chan struct{}
}

// listenRE finds the address in the "listening" line a server logs.
var listenRE = regexp.MustCompile(`listening.* addr=(\S+)`)

// startChild starts this program with args and waits for the line on its
// stderr that says where it listens. With stdin the child gets a pipe,
// closed by stop (the bare server exits then).
func startChild(ctx context.Context, stdin bool, args ...string) (*child, error) {
	cmd, err := selfCommand(ctx, args...)
	if err != nil {
		return nil, err
	}
	c := &child{cmd: cmd, drained: make(chan struct{})}
	if stdin {
		w, err := cmd.StdinPipe()
		if err != nil {
			return nil, err
		}
		c.stdin = w
	}
	pipe, err := cmd.StderrPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	r := bufio.NewReader(pipe)
	var seen []string
	for {
		line, err := r.ReadString('\n')
		if m := listenRE.FindStringSubmatch(line); m != nil {
			c.addr = strings.Trim(m[1], `"`)
			break
		}
		if len(seen) < 20 {
			seen = append(seen, line)
		}
		if err != nil {
			cmd.Process.Kill()
			cmd.Wait()
			return nil, fmt.Errorf("%s did not start: %s", args[0], strings.Join(seen, ""))
		}
	}
	c.url = "http://" + c.addr
	// The rest of the log (one line a request) is read and dropped.
	go func() {
		io.Copy(io.Discard, r)
		close(c.drained)
	}()
	return c, nil
}

// stop ends the child: SIGTERM (a graceful shutdown for serve) or the
// end of its stdin, then SIGKILL if it lingers.
func (c *child) stop() {
	if c.stdin != nil {
		c.stdin.Close()
	} else if err := c.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		c.cmd.Process.Kill()
	}
	select {
	case <-c.drained:
	case <-time.After(10 * time.Second):
		c.cmd.Process.Kill()
	}
	c.cmd.Wait()
}

// query posts a plain query and returns the status and body.
func postQuery(ctx context.Context, c *http.Client, url, secret, body string) (int, []byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url+"/query/1", strings.NewReader(body))
	if err != nil {
		return 0, nil, err
	}
	req.Header["Authorization"] = []string{"Bearer " + secret}
	req.Header["X-Format"] = []string{"tagged"}
	resp, err := c.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return resp.StatusCode, b, err
}

// measureStarts times `fqlite serve` on an empty data directory from the
// start of the process to the first answered query, n times, and once the
// same in-process.
func measureStarts(ctx context.Context, n int, tmp string, out io.Writer) error {
	var times []time.Duration
	for i := range n {
		dir, err := os.MkdirTemp(tmp, "start-")
		if err != nil {
			return err
		}
		c := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}, Timeout: 10 * time.Second}
		t0 := time.Now()
		srv, err := startChild(ctx, false, "serve", "--addr", "127.0.0.1:0", "--data", dir, "--root-secret", loadSecret)
		if err != nil {
			return err
		}
		status, body, err := postQuery(ctx, c, srv.url, loadSecret, `{"query":"Collection.all().count() + 1"}`)
		d := time.Since(t0)
		srv.stop()
		if err != nil {
			return err
		}
		if status != http.StatusOK || !bytes.Contains(body, []byte(`"data":{"@int":"1"}`)) {
			return fmt.Errorf("start %d: first query answered %d %s", i, status, body)
		}
		times = append(times, d)
		os.RemoveAll(dir)
	}
	slices.Sort(times)
	inProc, err := startInProcess(ctx, tmp)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "start to first answered query (empty data directory, goal ≤ 50ms): `fqlite serve` process, %d starts: min %v, median %v, max %v; in-process (open, listen, answer): %v\n",
		n, ms(times[0]), ms(times[len(times)/2]), ms(times[len(times)-1]), ms(inProc))
	return nil
}

// startInProcess times what serve does after the process is up: open the
// database in an empty directory, start the HTTP server, answer a query.
func startInProcess(ctx context.Context, tmp string) (time.Duration, error) {
	dir, err := os.MkdirTemp(tmp, "start-")
	if err != nil {
		return 0, err
	}
	c := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}, Timeout: 10 * time.Second}
	t0 := time.Now()
	db, err := runtime.Open(runtime.Options{Dir: dir, RootSecret: loadSecret})
	if err != nil {
		return 0, err
	}
	defer db.Close()
	api, err := httpapi.New(httpapi.Config{DB: db, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
		SchemaFiles: filepath.Join(dir, httpapi.DefaultSchemaFileName)})
	if err != nil {
		return 0, err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	srv := httpapi.NewHTTPServer(api, nil)
	go srv.Serve(ln)
	defer srv.Close()
	status, body, err := postQuery(ctx, c, "http://"+ln.Addr().String(), loadSecret, `{"query":"Collection.all().count() + 1"}`)
	d := time.Since(t0)
	if err != nil {
		return 0, err
	}
	if status != http.StatusOK {
		return 0, fmt.Errorf("in-process start: first query answered %d %s", status, body)
	}
	return d, nil
}

// workload is what the setup made: the key, an account and token per
// client, the read requests and fqlite's answers to them.
type workload struct {
	key      string
	emails   []string
	logins   []string // login request bodies, one per client
	tokens   []string // a token secret per client
	reads    []string // read request bodies
	answers  map[string]string
	lastTxn  string
	password string
}

func template(parts ...any) string {
	b, err := json.Marshal(map[string]any{"query": map[string]any{"fql": parts}})
	if err != nil {
		panic(err)
	}
	return string(b)
}

func setupWorkload(ctx context.Context, url string, clients int) (*workload, error) {
	c := &http.Client{Timeout: time.Minute}
	w := &workload{answers: map[string]string{}, password: "correct horse battery staple"}
	if err := pushSchemaHTTP(ctx, c, url, map[string]string{"main.fsl": loadSchema}); err != nil {
		return nil, err
	}
	run := func(secret, body string) ([]byte, error) {
		status, b, err := postQuery(ctx, c, url, secret, body)
		if err != nil {
			return nil, err
		}
		if status != http.StatusOK {
			return nil, fmt.Errorf("%s: %d %s", body, status, b)
		}
		return b, nil
	}
	dataOf := func(b []byte) (json.RawMessage, error) {
		var r struct {
			Data  json.RawMessage `json:"data"`
			TxnTS int64           `json:"txn_ts"`
		}
		if err := json.Unmarshal(b, &r); err != nil {
			return nil, err
		}
		w.lastTxn = strconv.FormatInt(r.TxnTS, 10)
		return r.Data, nil
	}
	_, err := run(loadSecret, template(`Array.sequence(0, `+strconv.Itoa(loadProducts)+`).forEach(i => Product.create({
  name: "product-" + i.toString(),
  description: "Product number " + i.toString() + " of the load test catalogue",
  price: i * 1.25,
  quantity: i * 3
}))`))
	if err != nil {
		return nil, err
	}
	b, err := run(loadSecret, template(`Key.create({ role: "UnAuthRole" }).secret`))
	if err != nil {
		return nil, err
	}
	d, err := dataOf(b)
	if err != nil {
		return nil, err
	}
	if err := json.Unmarshal(d, &w.key); err != nil {
		return nil, err
	}

	// One account per client, registered and logged in concurrently (two
	// bcrypt runs each).
	w.emails = make([]string, clients)
	w.logins = make([]string, clients)
	w.tokens = make([]string, clients)
	errs := make([]error, clients)
	var wg sync.WaitGroup
	for i := range clients {
		w.emails[i] = "user" + strconv.Itoa(i) + "@load.test"
		w.logins[i] = template("UserLogin(", map[string]any{"value": w.emails[i]}, ", ", map[string]any{"value": w.password}, ")")
		wg.Go(func() {
			if _, err := run(w.key, template("UserRegistration(", map[string]any{"value": w.emails[i]}, ", ", map[string]any{"value": w.password}, ")")); err != nil {
				errs[i] = err
				return
			}
			b, err := run(w.key, w.logins[i])
			if err != nil {
				errs[i] = err
				return
			}
			var r struct {
				Data struct {
					Doc struct {
						Secret string `json:"secret"`
					} `json:"@doc"`
				} `json:"data"`
			}
			if err := json.Unmarshal(b, &r); err != nil || r.Data.Doc.Secret == "" {
				errs[i] = fmt.Errorf("login gave no token: %s", b)
				return
			}
			w.tokens[i] = r.Data.Doc.Secret
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}

	for i := range loadProducts {
		body := template("Product.byName(", map[string]any{"value": "product-" + strconv.Itoa(i)}, ").first()")
		b, err := run(w.tokens[0], body)
		if err != nil {
			return nil, err
		}
		if !bytes.Contains(b, []byte(`"@doc"`)) {
			return nil, fmt.Errorf("read %d: not a document: %s", i, b)
		}
		if _, err := dataOf(b); err != nil {
			return nil, err
		}
		w.reads = append(w.reads, body)
		w.answers[body] = string(b)
	}
	return w, nil
}

// pushSchemaHTTP pushes files as the active schema, as `fauna schema
// push --active` does.
func pushSchemaHTTP(ctx context.Context, c *http.Client, url string, files map[string]string) error {
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for name, text := range files {
		fw, err := mw.CreateFormFile(name, "blob")
		if err != nil {
			return err
		}
		io.WriteString(fw, text)
	}
	mw.Close()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url+"/schema/1/update?force=true", &body)
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+loadSecret)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	resp, err := c.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("schema push: %d %s", resp.StatusCode, b)
	}
	return nil
}

// loadClient is an HTTP client as the load test uses it: h2c with one
// connection for all clients (the Node driver keeps one HTTP/2 session),
// or HTTP/1.1 keep-alive with a connection per client. It counts the
// connections it opens.
type loadClient struct {
	*http.Client
	dials atomic.Int64
}

func newLoadClient(h2c bool, clients int) *loadClient {
	lc := &loadClient{}
	d := &net.Dialer{}
	tr := &http.Transport{
		DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
			lc.dials.Add(1)
			return d.DialContext(ctx, network, addr)
		},
		MaxIdleConnsPerHost: clients,
		MaxConnsPerHost:     clients,
		DisableCompression:  true,
	}
	if h2c {
		var p http.Protocols
		p.SetUnencryptedHTTP2(true)
		tr.Protocols = &p
	}
	lc.Client = &http.Client{Transport: tr, Timeout: time.Minute}
	return lc
}

// send posts body with the headers the Node driver sends and checks that
// the answer is 200. It returns the body when keep is set.
func (lc *loadClient) send(ctx context.Context, url, secret, body, lastTxn string, keep bool) ([]byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, strings.NewReader(body))
	if err != nil {
		return nil, err
	}
	h := req.Header
	h["Authorization"] = []string{"Bearer " + secret}
	h["X-Format"] = []string{"tagged"}
	h["X-Query-Timeout-Ms"] = []string{"5000"}
	h["X-Last-Txn-Ts"] = []string{lastTxn}
	h["X-Driver-Env"] = []string{"driver=go-load; runtime=" + goruntime.Version()}
	resp, err := lc.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	var b []byte
	if keep || resp.StatusCode != http.StatusOK {
		b, err = io.ReadAll(resp.Body)
	} else {
		_, err = io.Copy(io.Discard, resp.Body)
	}
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("status %d: %s", resp.StatusCode, b)
	}
	return b, nil
}

// runResult is what one timed run did.
type runResult struct {
	n       int
	elapsed time.Duration
	lat     []time.Duration
}

func (r runResult) rate() float64 { return float64(r.n) / r.elapsed.Seconds() }

// merge adds o's requests and time to r.
func (r *runResult) merge(o runResult) {
	r.n += o.n
	r.elapsed += o.elapsed
	r.lat = append(r.lat, o.lat...)
}

func (r runResult) percentile(p float64) time.Duration {
	if len(r.lat) == 0 {
		return 0
	}
	s := slices.Clone(r.lat)
	slices.Sort(s)
	return s[min(len(s)-1, int(float64(len(s))*p))]
}

func (r runResult) String() string {
	return fmt.Sprintf("%8.1f/s  p50 %-8v p99 %-8v (%d requests)", r.rate(), ms(r.percentile(0.50)), ms(r.percentile(0.99)), r.n)
}

// timedRun calls op from clients goroutines until d has passed; requests
// in flight then finish and count. The first error stops the run.
func timedRun(ctx context.Context, clients int, d time.Duration, op func(client, i int) error) (runResult, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	lats := make([][]time.Duration, clients)
	errs := make([]error, clients)
	start := time.Now()
	deadline := start.Add(d)
	var wg sync.WaitGroup
	for c := range clients {
		wg.Go(func() {
			lat := make([]time.Duration, 0, 1024)
			// Every client sends at least once, even if it starts late.
			for i := 0; ctx.Err() == nil; i++ {
				t := time.Now()
				if err := op(c, i); err != nil {
					errs[c] = err
					cancel()
					break
				}
				end := time.Now()
				lat = append(lat, end.Sub(t))
				if !end.Before(deadline) {
					break
				}
			}
			lats[c] = lat
		})
	}
	wg.Wait()
	res := runResult{elapsed: time.Since(start)}
	for _, l := range lats {
		res.n += len(l)
		res.lat = append(res.lat, l...)
	}
	if err := errors.Join(errs...); err != nil {
		return res, err
	}
	return res, ctx.Err()
}

// measureLogins runs UserLogin over h2c and bare bcrypt at the server's
// cost (the runtime's default, bcrypt.DefaultCost) in turns, cfg.rounds
// times each for cfg.loginDuration with cfg.clients workers.
func measureLogins(ctx context.Context, cfg loadConfig, url string, w *workload, out io.Writer) error {
	lc := newLoadClient(true, cfg.clients)
	defer lc.CloseIdleConnections()
	b, err := lc.send(ctx, url+"/query/1", w.key, w.logins[0], w.lastTxn, true)
	if err != nil {
		return err
	}
	if !bytes.Contains(b, []byte(`"secret"`)) {
		return fmt.Errorf("login gave no token: %s", b)
	}
	hash, err := bcrypt.GenerateFromPassword([]byte(w.password), bcrypt.DefaultCost)
	if err != nil {
		return err
	}
	var retries atomic.Int64
	login, bare, ratios, err := versus(ctx, cfg.clients, cfg.rounds, cfg.loginDuration,
		func(c, _ int) error {
			b, err := lc.send(ctx, url+"/query/1", w.key, w.logins[c], w.lastTxn, true)
			retries.Add(contentionRetries(b))
			return err
		},
		func(_, _ int) error {
			return bcrypt.CompareHashAndPassword(hash, []byte(w.password))
		})
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "login (UserLogin UDF: index lookup, bcrypt cost %d, token created and committed), %d clients, %d rounds of %v each:\n",
		bcrypt.DefaultCost, cfg.clients, cfg.rounds, cfg.loginDuration)
	fmt.Fprintf(out, "  fqlite over h2c         %v, %d contention retries\n", login, retries.Load())
	fmt.Fprintf(out, "  bare bcrypt.Compare...  %v\n", bare)
	fmt.Fprintf(out, "  ratio fqlite/bare %.0f%% (by round: %s)\n", 100*login.rate()/bare.rate(), strings.Join(ratios, " "))
	return nil
}

// versus runs a and b in turns, rounds times each for d with clients
// workers, and returns their summed results and the ratio a/b of each
// round. Who goes first alternates, so that drift in the machine's other
// load favours neither.
func versus(ctx context.Context, clients, rounds int, d time.Duration, a, b func(client, i int) error) (sa, sb runResult, ratios []string, err error) {
	ops := [2]func(client, i int) error{a, b}
	sums := [2]*runResult{&sa, &sb}
	for r := range rounds {
		var rates [2]float64
		for k := range 2 {
			i := k
			if r%2 == 1 {
				i = 1 - k
			}
			res, err := timedRun(ctx, clients, d, ops[i])
			if err != nil {
				return sa, sb, nil, err
			}
			sums[i].merge(res)
			rates[i] = res.rate()
		}
		ratios = append(ratios, fmt.Sprintf("%.0f%%", 100*rates[0]/rates[1]))
	}
	return sa, sb, ratios, nil
}

// contentionRetries returns stats.contention_retries of an answer: how
// often the server ran the query again after a conflicting commit.
func contentionRetries(body []byte) int64 {
	const key = `"contention_retries":`
	i := bytes.Index(body, []byte(key))
	if i < 0 {
		return 0
	}
	rest := body[i+len(key):]
	j := bytes.IndexFunc(rest, func(r rune) bool { return r < '0' || r > '9' })
	if j < 0 {
		j = len(rest)
	}
	n, _ := strconv.ParseInt(string(rest[:j]), 10, 64)
	return n
}

// measureReads runs the indexed reads against fqlite and the bare server
// in turns over one protocol.
func measureReads(ctx context.Context, cfg loadConfig, h2c bool, fqliteURL, bareURL string, w *workload, out io.Writer) error {
	type target struct {
		name string
		url  string
		lc   *loadClient
		sum  runResult
	}
	targets := []*target{
		{name: "fqlite", url: fqliteURL + "/query/1", lc: newLoadClient(h2c, cfg.clients)},
		{name: "bare", url: bareURL + "/query/1", lc: newLoadClient(h2c, cfg.clients)},
	}
	var ratios []string
	op := func(t *target) func(c, i int) error {
		return func(c, i int) error {
			body := w.reads[(c*7+i)%len(w.reads)]
			_, err := t.lc.send(ctx, t.url, w.tokens[c], body, w.lastTxn, false)
			return err
		}
	}
	for _, t := range targets {
		defer t.lc.CloseIdleConnections()
		// One request first, so that h2c opens its one connection before
		// the clients start; then a short warm-up.
		b, err := t.lc.send(ctx, t.url, w.tokens[0], w.reads[0], w.lastTxn, true)
		if err != nil {
			return fmt.Errorf("%s: %w", t.name, err)
		}
		if !bytes.Contains(b, []byte(`"@doc"`)) {
			return fmt.Errorf("%s answered %s", t.name, b)
		}
		if _, err := timedRun(ctx, cfg.clients, min(cfg.duration/4, 500*time.Millisecond), op(t)); err != nil {
			return fmt.Errorf("%s: %w", t.name, err)
		}
	}
	var err error
	targets[0].sum, targets[1].sum, ratios, err = versus(ctx, cfg.clients, cfg.rounds, cfg.duration, op(targets[0]), op(targets[1]))
	if err != nil {
		return err
	}
	proto := "HTTP/1.1 keep-alive"
	if h2c {
		proto = "h2c, one shared connection"
	}
	fmt.Fprintf(out, "  %s:\n", proto)
	for _, t := range targets {
		fmt.Fprintf(out, "    %-7s %v, %d connections\n", t.name, t.sum, t.lc.dials.Load())
	}
	fmt.Fprintf(out, "    ratio fqlite/bare %.0f%% (goal ≥ 60%%; by round: %s)\n",
		100*targets[0].sum.rate()/targets[1].sum.rate(), strings.Join(ratios, " "))
	return nil
}

// serveBare is the bare server's process: a net/http handler with the
// same HTTP/1.1 + h2c server settings as fqlite serve, answering each
// request body with the answer file's body for it, until stdin ends.
func serveBare(file string, stdin io.Reader, stderr io.Writer) int {
	b, err := os.ReadFile(file)
	if err != nil {
		fmt.Fprintf(stderr, "bare server: %v\n", err)
		return exitQueryError
	}
	var text map[string]string
	if err := json.Unmarshal(b, &text); err != nil {
		fmt.Fprintf(stderr, "bare server: %v\n", err)
		return exitQueryError
	}
	answers := make(map[string][]byte, len(text))
	lengths := make(map[string][]string, len(text))
	for k, v := range text {
		answers[k] = []byte(v)
		lengths[k] = []string{strconv.Itoa(len(v))}
	}
	contentType := []string{"application/json;charset=utf-8"}
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(r.Body)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		a, ok := answers[string(body)]
		if !ok {
			http.Error(w, "unknown request", http.StatusNotFound)
			return
		}
		hdr := w.Header()
		hdr["Content-Type"] = contentType
		hdr["Content-Length"] = lengths[string(body)]
		w.WriteHeader(http.StatusOK)
		w.Write(a)
	})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fmt.Fprintf(stderr, "bare server: %v\n", err)
		return exitQueryError
	}
	srv := httpapi.NewHTTPServer(h, nil)
	go srv.Serve(ln)
	fmt.Fprintf(stderr, "bare server: listening addr=%s\n", ln.Addr())
	io.Copy(io.Discard, stdin)
	srv.Close()
	return exitOK
}

// ms rounds d for printing.
func ms(d time.Duration) time.Duration {
	switch {
	case d >= 100*time.Millisecond:
		return d.Round(time.Millisecond)
	case d >= time.Millisecond:
		return d.Round(10 * time.Microsecond)
	}
	return d.Round(time.Microsecond)
}
