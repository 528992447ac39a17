package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	_ "github.com/fqlite/fqlite/internal/golden"
)

func runCLI(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(args, strings.NewReader(stdin), &out, &errb)
	return code, out.String(), errb.String()
}

func TestEvalOutputsAndExitCodes(t *testing.T) {
	dir := t.TempDir()
	qfile := filepath.Join(dir, "q.fql")
	if err := os.WriteFile(qfile, []byte("let x = 20\nx + 22\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name       string
		stdin      string
		args       []string
		code       int
		out, errSh string
	}{
		{name: "value", args: []string{"eval", "[1, 2].map(x => x * 2)"}, code: 0, out: "[\n  2,\n  4\n]\n"},
		{name: "flag after query", args: []string{"eval", "{ a: 1 }", "--format", "tagged"}, code: 0, out: `{"a":{"@int":"1"}}` + "\n"},
		{name: "simple", args: []string{"eval", "--format", "simple", "[1, 2.5, 'x']"}, code: 0, out: `[1,2.5,"x"]` + "\n"},
		{name: "file", args: []string{"eval", "-f", qfile}, code: 0, out: "42\n"},
		{name: "stdin", stdin: "'abc' + 'def'", args: []string{"eval"}, code: 0, out: "\"abcdef\"\n"},
		{name: "query error", args: []string{"eval", "234 / 0"}, code: 1,
			errSh: "divide_by_zero: Attempted integer division by zero.\nerror: Attempted integer division by zero.\nat *query*:1:7\n  |\n1 | 234 / 0\n  |       ^\n  |\n"},
		{name: "parse error", args: []string{"eval", "foo("}, code: 1,
			errSh: "invalid_query: The query failed 1 validation check\nerror: Expected `)` or expression\nat *query*:1:5\n  |\n1 | foo(\n  |     ^\n  |\n"},
		{name: "log goes to stderr", args: []string{"eval", "log('hi'); 1"}, code: 0, out: "1\n", errSh: "info at *query*:1: hi\n"},
		{name: "fixed clock", args: []string{"eval", "--now", "2024-05-06T07:08:09Z", "Time.now()"}, code: 0, out: "Time(\"2024-05-06T07:08:09Z\")\n"},
		{name: "bad format", args: []string{"eval", "--format", "xml", "1"}, code: 2},
		{name: "two queries", args: []string{"eval", "1", "2"}, code: 2},
		{name: "unknown command", args: []string{"frobnicate"}, code: 2},
		{name: "no command", args: nil, code: 2},
		{name: "version", args: []string{"version"}, code: 0, out: "fqlite " + version + "\n"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			code, out, errOut := runCLI(t, c.stdin, c.args...)
			if code != c.code {
				t.Errorf("exit %d, want %d (stderr %q)", code, c.code, errOut)
			}
			if c.out != "" && out != c.out {
				t.Errorf("stdout %q, want %q", out, c.out)
			}
			if c.errSh != "" && errOut != c.errSh {
				t.Errorf("stderr %q, want %q", errOut, c.errSh)
			}
		})
	}
}

func TestEvalHelp(t *testing.T) {
	code, out, _ := runCLI(t, "", "eval", "--help")
	if code != 0 || !strings.Contains(out, "fqlite eval [flags] 'QUERY'") {
		t.Errorf("help: exit %d, output %q", code, out)
	}
	code, out, _ = runCLI(t, "", "help")
	if code != 0 || !strings.Contains(out, "Commands:") {
		t.Errorf("help: exit %d, output %q", code, out)
	}
}
