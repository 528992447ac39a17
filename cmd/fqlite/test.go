package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"github.com/fqlite/fqlite/internal/dbscript"
	"github.com/fqlite/fqlite/internal/golden"
)

const testUsage = `Usage:
  fqlite test [-v] [-run REGEXP] PATH...

Runs database test scripts: txtar files of FQL queries with the outputs
or errors they must give, run in order against a fresh in-memory database
each (testdata/README.md describes the format). A script can push FSL
schema files, run steps with saved secrets (-- query as K --), and save
secrets and values for later steps, so a whole authentication flow can be
checked offline: signup, login, reads under the token, logout, the
refused secret.

PATH is a .txtar file or a directory (searched for .txtar files).
Exit status: 0 when every script passes, 1 when one fails, 2 on a usage
error.

Flags:
`

func runTest(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("test", flag.ContinueOnError)
	fs.SetOutput(stderr)
	verbose := fs.Bool("v", false, "print every script, not only failing ones")
	run := fs.String("run", "", "run only the scripts whose path matches `REGEXP`")
	fs.Usage = func() {
		fmt.Fprint(stderr, testUsage)
		fs.PrintDefaults()
	}
	// Flags may come before or after the paths.
	var paths []string
	for rest := args; ; {
		if err := fs.Parse(rest); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				fmt.Fprint(stdout, testUsage)
				fs.SetOutput(stdout)
				fs.PrintDefaults()
				return exitOK
			}
			return exitUsage
		}
		if fs.NArg() == 0 {
			break
		}
		paths = append(paths, fs.Arg(0))
		rest = fs.Args()[1:]
	}
	if len(paths) == 0 {
		fmt.Fprintln(stderr, "fqlite test: give one or more scripts or directories")
		return exitUsage
	}
	var filter *regexp.Regexp
	if *run != "" {
		var err error
		if filter, err = regexp.Compile(*run); err != nil {
			fmt.Fprintf(stderr, "fqlite test: bad -run: %v\n", err)
			return exitUsage
		}
	}
	var files []string
	for _, p := range paths {
		st, err := os.Stat(p)
		if err != nil {
			fmt.Fprintf(stderr, "fqlite test: %v\n", err)
			return exitUsage
		}
		if st.IsDir() {
			found, err := golden.Files(p)
			if err != nil {
				fmt.Fprintf(stderr, "fqlite test: %v\n", err)
				return exitUsage
			}
			files = append(files, found...)
		} else {
			files = append(files, p)
		}
	}
	start := time.Now()
	failed, passed, skipped, cases := 0, 0, 0, 0
	for _, f := range files {
		if filter != nil && !filter.MatchString(filepath.ToSlash(f)) {
			continue
		}
		r := &scriptReporter{}
		t0 := time.Now()
		r.run(func() {
			golden.RunFile(r, f, func(t golden.TB, gf *golden.File) golden.Runner {
				return r.count(dbscript.Open(t, gf))
			})
		})
		r.cleanup()
		cases += r.cases
		took := time.Since(t0).Round(time.Millisecond)
		switch {
		case r.failed:
			failed++
			fmt.Fprintf(stdout, "FAIL %s (%d cases, %v)\n", f, r.cases, took)
			for _, m := range r.msgs {
				fmt.Fprintln(stdout, indent(m))
			}
		case r.skipped:
			skipped++
			if *verbose {
				fmt.Fprintf(stdout, "SKIP %s: %s\n", f, r.skipReason)
			}
		default:
			passed++
			if *verbose {
				fmt.Fprintf(stdout, "ok   %s (%d cases, %v)\n", f, r.cases, took)
				for _, m := range r.logs {
					fmt.Fprintln(stdout, indent(m))
				}
			}
		}
	}
	fmt.Fprintf(stdout, "%d scripts passed, %d failed, %d skipped; %d cases in %v\n",
		passed, failed, skipped, cases, time.Since(start).Round(time.Millisecond))
	if failed > 0 {
		return exitQueryError
	}
	return exitOK
}

func indent(s string) string {
	return "    " + strings.ReplaceAll(s, "\n", "\n    ")
}

// scriptReporter collects what golden.RunFile reports for one script.
type scriptReporter struct {
	failed, skipped bool
	skipReason      string
	msgs, logs      []string
	cleanups        []func()
	cases           int
}

// stopScript unwinds a script after Fatal or Skip.
type stopScript struct{}

func (r *scriptReporter) run(fn func()) {
	defer func() {
		if v := recover(); v != nil {
			if _, ok := v.(stopScript); !ok {
				panic(v)
			}
		}
	}()
	fn()
}

func (r *scriptReporter) cleanup() {
	for i := len(r.cleanups) - 1; i >= 0; i-- {
		r.cleanups[i]()
	}
}

// count wraps the runner to count the cases run.
func (r *scriptReporter) count(run *dbscript.Runner) golden.Runner {
	return &countingRunner{Runner: run, n: &r.cases}
}

type countingRunner struct {
	*dbscript.Runner
	n *int
}

func (c *countingRunner) Query(query, section string) golden.Result {
	*c.n++
	return c.Runner.Query(query, section)
}

func (r *scriptReporter) Helper()          {}
func (r *scriptReporter) Cleanup(f func()) { r.cleanups = append(r.cleanups, f) }
func (r *scriptReporter) Failed() bool     { return r.failed }
func (r *scriptReporter) Error(args ...any) {
	r.failed = true
	r.msgs = append(r.msgs, fmt.Sprint(args...))
}
func (r *scriptReporter) Logf(f string, a ...any) { r.logs = append(r.logs, fmt.Sprintf(f, a...)) }
func (r *scriptReporter) Errorf(f string, a ...any) {
	r.failed = true
	r.msgs = append(r.msgs, fmt.Sprintf(f, a...))
}
func (r *scriptReporter) Fatal(args ...any) { r.Error(args...); panic(stopScript{}) }
func (r *scriptReporter) Fatalf(f string, a ...any) {
	r.Errorf(f, a...)
	panic(stopScript{})
}
func (r *scriptReporter) Skip(args ...any) {
	r.skipped, r.skipReason = true, fmt.Sprint(args...)
	panic(stopScript{})
}
func (r *scriptReporter) Skipf(f string, a ...any) {
	r.skipped, r.skipReason = true, fmt.Sprintf(f, a...)
	panic(stopScript{})
}
