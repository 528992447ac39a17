// Command fqlite runs FQL v10 queries and, as the project grows, Fauna
// schemas, auth tests and a Fauna-compatible server.
//
//	fqlite eval 'QUERY'          evaluate a query and print the result
//	fqlite serve                 serve Fauna's HTTP protocol on localhost:8443
//	fqlite version               print the version
//
// Run `fqlite help` for the full usage.
package main

import (
	"fmt"
	"io"
	"os"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "0.1.0-dev"

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// Exit codes.
const (
	exitOK         = 0
	exitQueryError = 1
	exitUsage      = 2
)

const usage = `fqlite — an embedded database engine for Fauna's FQL v10 and FSL.

Usage:
  fqlite <command> [flags] [arguments]

Commands:
  eval      evaluate an FQL query and print its result
  schema    check FSL schema files, diff or push them to a database
  serve     serve a database over Fauna's HTTP protocol (driver, fauna-shell)
  load      a bounded load test of serve on this machine (loopback only)
  shell     an interactive FQL shell on a database
  test      run database test scripts (auth flows, tutorials) offline
  version   print the fqlite version
  help      show this help, or the help of a command: fqlite help eval

Exit status: 0 on success, 1 when the query fails (the error goes to
stderr as Fauna reports it), 2 on a usage error.
`

func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return exitUsage
	}
	switch args[0] {
	case "eval":
		return runEval(args[1:], stdin, stdout, stderr)
	case "schema":
		return runSchema(args[1:], stdout, stderr)
	case "shell":
		return runShell(args[1:], stdin, stdout, stderr)
	case "test":
		return runTest(args[1:], stdout, stderr)
	case "serve":
		return runServe(args[1:], stdout, stderr)
	case "load":
		return runLoad(args[1:], stdin, stdout, stderr)
	case "version", "--version", "-version":
		fmt.Fprintf(stdout, "fqlite %s\n", version)
		return exitOK
	case "help", "--help", "-h", "-help":
		if len(args) > 1 {
			return run([]string{args[1], "--help"}, stdin, stdout, stderr)
		}
		fmt.Fprint(stdout, usage)
		return exitOK
	}
	fmt.Fprintf(stderr, "fqlite: unknown command %q\n\n%s", args[0], usage)
	return exitUsage
}
