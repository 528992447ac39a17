package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/fqlite/fqlite/runtime"
	"github.com/fqlite/fqlite/runtime/httpapi"
)

const serveUsage = `Usage:
  fqlite serve [--addr HOST:PORT] [--data DIR | --memory] [--schema DIR] [--root-secret S]

Serve the database over Fauna's HTTP protocol (HTTP/1.1 and cleartext
HTTP/2 on one port), so the official fauna driver and fauna-shell work
against it:

  new Client({ endpoint: new URL("http://localhost:8443"), secret: "secret" })
  fauna query "Collection.all()" --url http://localhost:8443 --secret secret

The root secret (the admin key) comes from --root-secret or
FQLITE_ROOT_SECRET. On a loopback address it defaults to "secret", like
Fauna's local container; any other address needs one. "localhost" listens
on both 127.0.0.1 and ::1.

Data lives in --data (default ./fqlite-data, created if missing); with
--memory it is lost when the server stops. SIGINT or SIGTERM stop the
server after the queries in flight finish.

JWTs from access providers are accepted as secrets when fqlite has the
provider's key set: it fetches nothing, so give it with --jwks URI=FILE.

Flags:
`

// defaultServeAddr listens on both loopbacks: the driver's endpoints.local
// is http://localhost:8443, and Node may resolve localhost to ::1 first
// (spec/wire.md §1.3).
const defaultServeAddr = "localhost:8443"

// shutdownGrace bounds how long a stopping server waits for queries in
// flight.
const shutdownGrace = 30 * time.Second

func runServe(args []string, stdout, stderr io.Writer) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	return serve(ctx, args, stdout, stderr, nil)
}

// serve runs the server until ctx is done. ready, if not nil, is called
// with the listening addresses once the server accepts connections.
func serve(ctx context.Context, args []string, stdout, stderr io.Writer, ready func([]net.Addr)) int {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	addr := fs.String("addr", defaultServeAddr, "listen on `HOST:PORT`")
	dataDir := fs.String("data", "fqlite-data", "keep the database in `DIR`")
	memory := fs.Bool("memory", false, "keep the database in memory only (lost on exit)")
	schemaDir := fs.String("schema", "", "push the FSL files of `DIR` as the active schema at start")
	rootSecret := fs.String("root-secret", "", "the admin `secret` (default $FQLITE_ROOT_SECRET, or \"secret\" on loopback)")
	logLevel := fs.String("log-level", "info", "log `level`: debug, info, warn or error")
	keySets := keySetsFlag{}
	fs.Var(keySets, "jwks", jwksFlagUsage)
	fs.Usage = func() {
		fmt.Fprint(stderr, serveUsage)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprint(stdout, serveUsage)
			fs.SetOutput(stdout)
			fs.PrintDefaults()
			return exitOK
		}
		return exitUsage
	}
	if fs.NArg() > 0 {
		fmt.Fprintln(stderr, "fqlite serve: unexpected arguments:", strings.Join(fs.Args(), " "))
		return exitUsage
	}
	var level slog.Level
	if err := level.UnmarshalText([]byte(*logLevel)); err != nil {
		fmt.Fprintf(stderr, "fqlite serve: --log-level: %v\n", err)
		return exitUsage
	}
	log := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: level}))

	host, port, err := net.SplitHostPort(*addr)
	if err != nil {
		fmt.Fprintf(stderr, "fqlite serve: --addr %q: %v\n", *addr, err)
		return exitUsage
	}
	secret := *rootSecret
	if secret == "" {
		secret = os.Getenv("FQLITE_ROOT_SECRET")
	}
	if secret == "" {
		if !isLoopback(host) {
			fmt.Fprintf(stderr, "fqlite serve: %s is not a loopback address: set a root secret with --root-secret or FQLITE_ROOT_SECRET\n", *addr)
			return exitUsage
		}
		secret = "secret"
		log.Warn(`no root secret given: using "secret", as Fauna's local container did; set --root-secret or FQLITE_ROOT_SECRET for anything but local development`)
	}

	dir := ""
	if !*memory {
		dir = *dataDir
		if err := os.MkdirAll(dir, 0o755); err != nil {
			fmt.Fprintf(stderr, "fqlite serve: %v\n", err)
			return exitQueryError
		}
	}
	db, err := runtime.Open(runtime.Options{Dir: dir, RootSecret: secret, KeySets: keySets})
	if err != nil {
		fmt.Fprintf(stderr, "fqlite serve: %v\n", err)
		return exitQueryError
	}
	defer func() {
		if err := db.Close(); err != nil {
			log.Error("closing the database", "error", err.Error())
		}
	}()
	cfg := httpapi.Config{DB: db, Logger: log}
	if dir != "" {
		cfg.SchemaFiles = filepath.Join(dir, httpapi.DefaultSchemaFileName)
	}
	api, err := httpapi.New(cfg)
	if err != nil {
		fmt.Fprintf(stderr, "fqlite serve: %v\n", err)
		return exitQueryError
	}
	if *schemaDir != "" {
		files, err := readSchemaDir(*schemaDir)
		if err != nil {
			fmt.Fprintf(stderr, "fqlite serve: %v\n", err)
			return exitUsage
		}
		if err := api.PushSchema(ctx, files); err != nil {
			return printSchemaError(stderr, err)
		}
	}

	lns, err := listen(host, port)
	if err != nil {
		fmt.Fprintf(stderr, "fqlite serve: %v\n", err)
		return exitQueryError
	}
	srv := httpapi.NewHTTPServer(api, log)
	errc := make(chan error, len(lns))
	var addrs []net.Addr
	for _, ln := range lns {
		addrs = append(addrs, ln.Addr())
		go func() { errc <- srv.Serve(ln) }()
	}
	storage := dir
	if storage == "" {
		storage = "memory"
	}
	log.Info("fqlite serve: listening", "addr", addrList(addrs), "data", storage, "protocols", "HTTP/1.1, h2c")
	if ready != nil {
		ready(addrs)
	}

	code := exitOK
	select {
	case <-ctx.Done():
		log.Info("fqlite serve: shutting down; waiting for queries in flight")
	case err := <-errc:
		log.Error("fqlite serve: the listener failed", "error", err.Error())
		code = exitQueryError
	}
	sctx, cancel := context.WithTimeout(context.Background(), shutdownGrace)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		log.Error("fqlite serve: shutdown", "error", err.Error())
		srv.Close()
	}
	log.Info("fqlite serve: stopped")
	return code
}

// isLoopback reports whether host names only loopback addresses.
func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// listen opens the listeners for host:port; "localhost" gets one on each
// loopback (the IPv6 one only if the machine has IPv6).
func listen(host, port string) ([]net.Listener, error) {
	if !strings.EqualFold(host, "localhost") {
		ln, err := net.Listen("tcp", net.JoinHostPort(host, port))
		if err != nil {
			return nil, err
		}
		return []net.Listener{ln}, nil
	}
	ln4, err := net.Listen("tcp4", net.JoinHostPort("127.0.0.1", port))
	if err != nil {
		return nil, err
	}
	// With port 0, the IPv6 listener takes the port the IPv4 one got.
	p := strconv.Itoa(ln4.Addr().(*net.TCPAddr).Port)
	ln6, err := net.Listen("tcp6", net.JoinHostPort("::1", p))
	if err != nil {
		return []net.Listener{ln4}, nil
	}
	return []net.Listener{ln4, ln6}, nil
}

func addrList(addrs []net.Addr) string {
	s := make([]string, len(addrs))
	for i, a := range addrs {
		s[i] = a.String()
	}
	return strings.Join(s, " ")
}
