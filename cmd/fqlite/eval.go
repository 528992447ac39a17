package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/fqlite/fqlite/eval"
	"github.com/fqlite/fqlite/runtime"
)

const evalUsage = `Usage:
  fqlite eval [flags] 'QUERY'
  fqlite eval [flags] -f FILE
  echo 'QUERY' | fqlite eval [flags]

Evaluates an FQL v10 query and prints its result. With no query argument
and no -f, the query is read from standard input.

Without --data the query runs against a fresh in-memory database that is
discarded afterwards. With --data DIR it runs against the database stored
in DIR (created if missing), and its writes are committed there, so later
runs see them. --schema DIR pushes the .fsl files of DIR first.

The query runs as admin, or with --secret as a key, token or access
provider JWT of the database, with that secret's roles, so auth rules can
be tried from the command line.

Flags:
`

func runEval(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("eval", flag.ContinueOnError)
	fs.SetOutput(stderr)
	file := fs.String("f", "", "read the query from `FILE`")
	format := fs.String("format", "fql", "output `format`: fql (Fauna's decorated notation), tagged (the wire's tagged JSON) or simple (plain JSON)")
	timeout := fs.Duration("timeout", 10*time.Second, "stop the query after this `duration`")
	now := fs.String("now", "", "evaluate as if the current time were `TIME` (RFC 3339), for reproducible results")
	dataDir := fs.String("data", "", "run against the database in `DIR` (default: a throwaway in-memory database)")
	schemaDir := fs.String("schema", "", "push the FSL files of `DIR` before the query")
	secret := fs.String("secret", "", "run the query with this key, token or JWT `secret` instead of as admin (default $FQLITE_SECRET)")
	keySets := keySetsFlag{}
	fs.Var(keySets, "jwks", jwksFlagUsage)
	fs.Usage = func() {
		fmt.Fprint(stderr, evalUsage)
		fs.PrintDefaults()
	}
	// Flags may come before or after the query.
	var positional []string
	for rest := args; ; {
		if err := fs.Parse(rest); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				fs.SetOutput(stdout)
				fmt.Fprint(stdout, evalUsage)
				fs.PrintDefaults()
				return exitOK
			}
			return exitUsage
		}
		if fs.NArg() == 0 {
			break
		}
		positional = append(positional, fs.Arg(0))
		rest = fs.Args()[1:]
	}
	if *format != "fql" && *format != "tagged" && *format != "simple" {
		fmt.Fprintf(stderr, "fqlite eval: unknown format %q (want fql, tagged or simple)\n", *format)
		return exitUsage
	}
	var query string
	switch {
	case *file != "" && len(positional) > 0:
		fmt.Fprintln(stderr, "fqlite eval: give the query either as an argument or with -f, not both")
		return exitUsage
	case *file != "":
		data, err := os.ReadFile(*file)
		if err != nil {
			fmt.Fprintf(stderr, "fqlite eval: %v\n", err)
			return exitUsage
		}
		query = string(data)
	case len(positional) > 1:
		fmt.Fprintln(stderr, "fqlite eval: too many arguments; quote the query as one argument")
		return exitUsage
	case len(positional) == 1:
		query = positional[0]
	default:
		data, err := io.ReadAll(stdin)
		if err != nil {
			fmt.Fprintf(stderr, "fqlite eval: reading stdin: %v\n", err)
			return exitUsage
		}
		query = string(data)
	}
	clock := time.Now().UTC()
	if *now != "" {
		t, err := time.Parse(time.RFC3339Nano, *now)
		if err != nil {
			fmt.Fprintf(stderr, "fqlite eval: bad -now time: %v\n", err)
			return exitUsage
		}
		clock = t.UTC()
	}
	if *timeout <= 0 {
		fmt.Fprintln(stderr, "fqlite eval: -timeout must be positive")
		return exitUsage
	}
	ctx, cancel := context.WithTimeout(context.Background(), *timeout)
	defer cancel()

	opts := runtime.Options{Dir: *dataDir, KeySets: keySets}
	if *now != "" {
		opts.Clock = func() time.Time { return clock }
	}
	db, err := runtime.Open(opts)
	if err != nil {
		fmt.Fprintf(stderr, "fqlite eval: %v\n", err)
		return exitQueryError
	}
	defer db.Close()
	if *schemaDir != "" {
		files, err := readSchemaDir(*schemaDir)
		if err != nil {
			fmt.Fprintf(stderr, "fqlite eval: %v\n", err)
			return exitUsage
		}
		if _, err := db.PushSchema(ctx, files, runtime.PushOptions{}); err != nil {
			return printAnyError(stderr, err)
		}
	}
	if *secret == "" {
		*secret = os.Getenv("FQLITE_SECRET")
	}
	res, err := db.Query(ctx, query, &runtime.QueryOptions{Secret: *secret})
	if res != nil && len(res.Logs) > 0 {
		fmt.Fprintln(stderr, eval.FormatLogs(res.Logs))
	}
	if err != nil {
		return printAnyError(stderr, err)
	}
	v, txn := res.Value, res.TxnTime
	switch *format {
	case "tagged":
		fmt.Fprintf(stdout, "%s\n", eval.EncodeTagged(v, txn))
	case "simple":
		fmt.Fprintf(stdout, "%s\n", eval.EncodeSimple(v, txn))
	default:
		fmt.Fprintln(stdout, eval.RenderFQL(v, txn))
	}
	return exitOK
}

// printAnyError prints a query error in Fauna's shape, or another failure
// (I/O, a damaged data directory) as a plain message.
func printAnyError(stderr io.Writer, err error) int {
	if e, ok := err.(*eval.Error); ok {
		return printError(stderr, e)
	}
	fmt.Fprintf(stderr, "fqlite: %v\n", err)
	return exitQueryError
}

func printError(stderr io.Writer, e *eval.Error) int {
	if e.Code == eval.CodeTimeOut {
		fmt.Fprintf(stderr, "%s: %s\n", e.Code, e.Message)
		return exitQueryError
	}
	fmt.Fprintln(stderr, strings.TrimRight(eval.FormatError(e), "\n"))
	if e.Code == eval.CodeInternalFailure && os.Getenv("FQLITE_DEBUG") != "" {
		fmt.Fprintln(stderr, e.Internal())
	}
	return exitQueryError
}
