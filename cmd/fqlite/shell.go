package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/fqlite/fqlite/eval"
	"github.com/fqlite/fqlite/lang"
	"github.com/fqlite/fqlite/runtime"
)

const shellUsage = `Usage:
  fqlite shell [--data DIR] [--schema DIR] [--secret S] [--now TIME]

An interactive FQL shell, like fauna-shell's. Type a query and press
Enter; a query that is not complete yet (an open brace, a trailing
operator) continues on the next line. Results print in FQL notation,
errors as Fauna reports them.

Commands:
  .editor    enter a multi-line query, finished with a line holding only
             .end (or end of input), as the Fauna shell's editor mode
  .history   list the queries of this and earlier sessions
  .schema    print the database's schema as FSL
  .timing    show how long each query took (toggle)
  .help      show this help
  .exit      leave (or end of input, Ctrl-D)

Without --data the database lives in memory and is lost on exit. History
is kept in ~/.fqlite_history (FQLITE_HISTORY overrides the path; empty
disables it).

Flags:
`

func runShell(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("shell", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dataDir := fs.String("data", "", "use the database in `DIR` (default: in memory)")
	schemaDir := fs.String("schema", "", "push the FSL files of `DIR` first")
	timeout := fs.Duration("timeout", 10*time.Second, "stop each query after this `duration`")
	secret := fs.String("secret", "", "run queries with this key, token or JWT `secret` instead of as admin (default $FQLITE_SECRET)")
	now := fs.String("now", "", "run as if the current time were `TIME` (RFC 3339), e.g. to see a ttl expire")
	keySets := keySetsFlag{}
	fs.Var(keySets, "jwks", jwksFlagUsage)
	fs.Usage = func() {
		fmt.Fprint(stderr, shellUsage)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprint(stdout, shellUsage)
			fs.SetOutput(stdout)
			fs.PrintDefaults()
			return exitOK
		}
		return exitUsage
	}
	if fs.NArg() > 0 {
		fmt.Fprintln(stderr, "fqlite shell: unexpected arguments:", strings.Join(fs.Args(), " "))
		return exitUsage
	}
	opts := runtime.Options{Dir: *dataDir, KeySets: keySets}
	if *now != "" {
		t, err := time.Parse(time.RFC3339Nano, *now)
		if err != nil {
			fmt.Fprintf(stderr, "fqlite shell: bad --now time: %v\n", err)
			return exitUsage
		}
		opts.Clock = func() time.Time { return t.UTC() }
	}
	if *secret == "" {
		*secret = os.Getenv("FQLITE_SECRET")
	}
	db, err := runtime.Open(opts)
	if err != nil {
		fmt.Fprintf(stderr, "fqlite shell: %v\n", err)
		return exitQueryError
	}
	defer db.Close()
	if *schemaDir != "" {
		files, err := readSchemaDir(*schemaDir)
		if err != nil {
			fmt.Fprintf(stderr, "fqlite shell: %v\n", err)
			return exitUsage
		}
		if _, err := db.PushSchema(context.Background(), files, runtime.PushOptions{}); err != nil {
			return printSchemaError(stderr, err)
		}
	}
	sh := &shell{db: db, secret: *secret, in: bufio.NewReader(stdin), out: stdout, errOut: stderr, timeout: *timeout, historyPath: historyPath()}
	where := "an in-memory database (lost on exit)"
	if *dataDir != "" {
		where = *dataDir
	}
	fmt.Fprintf(stdout, "fqlite %s shell on %s. Type .help for commands, .exit to leave.\n", version, where)
	sh.loop()
	return exitOK
}

func historyPath() string {
	if p, ok := os.LookupEnv("FQLITE_HISTORY"); ok {
		return p
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return ""
	}
	return filepath.Join(home, ".fqlite_history")
}

type shell struct {
	db          *runtime.DB
	secret      string // "" runs queries as admin
	in          *bufio.Reader
	out, errOut io.Writer
	timeout     time.Duration
	timing      bool
	historyPath string
	session     []string
}

// readLine reads one line; ok is false at end of input.
func (s *shell) readLine(prompt string) (string, bool) {
	fmt.Fprint(s.out, prompt)
	line, err := s.in.ReadString('\n')
	if err != nil && line == "" {
		return "", false
	}
	return strings.TrimRight(line, "\r\n"), true
}

func (s *shell) loop() {
	for {
		line, ok := s.readLine("> ")
		if !ok {
			fmt.Fprintln(s.out)
			return
		}
		trimmed := strings.TrimSpace(line)
		switch trimmed {
		case "":
			continue
		case ".exit", ".quit":
			return
		case ".help":
			fmt.Fprint(s.out, shellUsage)
			continue
		case ".timing":
			s.timing = !s.timing
			fmt.Fprintf(s.out, "timing %s\n", map[bool]string{true: "on", false: "off"}[s.timing])
			continue
		case ".history":
			s.printHistory()
			continue
		case ".schema":
			text, err := s.db.SchemaFSL()
			if err != nil {
				fmt.Fprintln(s.errOut, err)
			} else if text == "" {
				fmt.Fprintln(s.out, "// no schema yet")
			} else {
				fmt.Fprint(s.out, text)
			}
			continue
		case ".editor":
			fmt.Fprintln(s.out, "// Entering editor mode (a line with .end, or end of input, runs the query)")
			var lines []string
			for {
				l, ok := s.readLine("")
				if !ok || strings.TrimSpace(l) == ".end" {
					break
				}
				lines = append(lines, l)
			}
			s.run(strings.Join(lines, "\n"))
			continue
		}
		if strings.HasPrefix(trimmed, ".") && !strings.HasPrefix(trimmed, "..") && !strings.Contains(trimmed, " ") && len(trimmed) > 1 && isWord(trimmed[1:]) {
			fmt.Fprintf(s.errOut, "unknown command %s (type .help)\n", trimmed)
			continue
		}
		query := line
		for incomplete(query) {
			more, ok := s.readLine("... ")
			if !ok {
				break
			}
			query += "\n" + more
		}
		s.run(query)
	}
}

func isWord(s string) bool {
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z') {
			return false
		}
	}
	return true
}

// incomplete reports whether a query fails to parse only because it ends
// too early, so the shell should read another line.
func incomplete(text string) bool {
	_, err := lang.ParseQuery(lang.NewSource(lang.QuerySourceName, text))
	if err == nil {
		return false
	}
	var errs lang.ParseErrors
	if !errors.As(err, &errs) {
		return false
	}
	end := len(strings.TrimRight(text, " \t\r\n"))
	for _, e := range errs {
		if e.Span.Start >= end {
			return true
		}
	}
	return false
}

func (s *shell) run(query string) {
	if strings.TrimSpace(query) == "" {
		return
	}
	s.remember(query)
	ctx, cancel := context.WithTimeout(context.Background(), s.timeout)
	defer cancel()
	start := time.Now()
	res, err := s.db.Query(ctx, query, &runtime.QueryOptions{Secret: s.secret})
	elapsed := time.Since(start)
	if res != nil && len(res.Logs) > 0 {
		fmt.Fprintln(s.out, eval.FormatLogs(res.Logs))
	}
	if err != nil {
		var e *eval.Error
		if errors.As(err, &e) {
			fmt.Fprintln(s.errOut, strings.TrimRight(eval.FormatError(e), "\n"))
		} else {
			fmt.Fprintln(s.errOut, "fqlite:", err)
		}
	} else {
		fmt.Fprintln(s.out, eval.RenderFQL(res.Value, res.TxnTime))
	}
	if s.timing {
		fmt.Fprintf(s.out, "// %v\n", elapsed.Round(time.Microsecond))
	}
}

// remember appends a query to the session and the history file (one query
// per entry, newlines escaped).
func (s *shell) remember(query string) {
	s.session = append(s.session, query)
	if s.historyPath == "" {
		return
	}
	f, err := os.OpenFile(s.historyPath, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o600)
	if err != nil {
		return
	}
	defer f.Close()
	fmt.Fprintln(f, strings.ReplaceAll(strings.ReplaceAll(query, `\`, `\\`), "\n", `\n`))
}

func (s *shell) printHistory() {
	var entries []string
	if s.historyPath != "" {
		if b, err := os.ReadFile(s.historyPath); err == nil {
			for _, l := range strings.Split(strings.TrimRight(string(b), "\n"), "\n") {
				if l != "" {
					entries = append(entries, unescapeHistory(l))
				}
			}
		}
	}
	if len(entries) == 0 {
		entries = s.session
	}
	if len(entries) > 100 {
		entries = entries[len(entries)-100:]
	}
	for i, e := range entries {
		fmt.Fprintf(s.out, "%4d  %s\n", i+1, strings.ReplaceAll(e, "\n", "\n      "))
	}
}

func unescapeHistory(l string) string {
	var b strings.Builder
	for i := 0; i < len(l); i++ {
		if l[i] == '\\' && i+1 < len(l) {
			i++
			if l[i] == 'n' {
				b.WriteByte('\n')
				continue
			}
		}
		b.WriteByte(l[i])
	}
	return b.String()
}
