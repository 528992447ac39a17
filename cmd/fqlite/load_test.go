package main

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"strings"
	"testing"
)

// TestLoadHelper is not a test: TestLoadCommand runs the test binary
// again with FQLITE_TEST_LOAD_ARGS set, and this runs the fqlite command
// line given there (`serve ...` or the bare server) in that process.
func TestLoadHelper(t *testing.T) {
	env := os.Getenv("FQLITE_TEST_LOAD_ARGS")
	if env == "" {
		t.Skip("helper process for TestLoadCommand")
	}
	var args []string
	if err := json.Unmarshal([]byte(env), &args); err != nil {
		t.Fatal(err)
	}
	os.Exit(run(args, os.Stdin, os.Stdout, os.Stderr))
}

// TestLoadCommand runs `fqlite load` in a tiny configuration, so that the
// command keeps working: every phase runs and reports.
func TestLoadCommand(t *testing.T) {
	old := selfCommand
	t.Cleanup(func() { selfCommand = old })
	selfCommand = func(ctx context.Context, args ...string) (*exec.Cmd, error) {
		b, err := json.Marshal(args)
		if err != nil {
			return nil, err
		}
		cmd := exec.CommandContext(ctx, os.Args[0], "-test.run=^TestLoadHelper$")
		cmd.Env = append(os.Environ(), "FQLITE_TEST_LOAD_ARGS="+string(b))
		return cmd, nil
	}
	code, out, errOut := runCLI(t, "", "load", "--clients", "2", "--duration", "50ms", "--rounds", "1",
		"--login-duration", "50ms", "--starts", "1")
	if code != exitOK {
		t.Fatalf("fqlite load: exit %d\n%s%s", code, out, errOut)
	}
	t.Log("\n" + out)
	for _, want := range []string{
		"load average",
		"start to first answered query (empty data directory, goal ≤ 50ms): `fqlite serve` process, 1 starts",
		"login (UserLogin UDF",
		"bare bcrypt.Compare",
		"h2c, one shared connection:",
		"HTTP/1.1 keep-alive:",
		"load average at the end",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("the report lacks %q", want)
		}
	}
	if n := strings.Count(out, "ratio fqlite/bare"); n != 3 {
		t.Errorf("%d fqlite/bare ratios, want 3 (login, h2c, HTTP/1.1)", n)
	}
	// h2c: one connection for all clients, as the Node driver keeps.
	if _, h2c, _ := strings.Cut(out, "h2c, one shared connection:"); strings.Count(strings.Split(h2c, "HTTP/1.1")[0], ", 1 connections") != 2 {
		t.Errorf("h2c did not use one connection per server:\n%s", out)
	}
}

func TestLoadUsage(t *testing.T) {
	for _, args := range [][]string{
		{"load", "--clients", "0"},
		{"load", "--clients", "1000"},
		{"load", "--duration", "2h"},
		{"load", "--rounds", "0"},
		{"load", "--starts", "-1"},
		{"load", "extra"},
	} {
		if code, _, _ := runCLI(t, "", args...); code != exitUsage {
			t.Errorf("%v: exit %d, want %d", args, code, exitUsage)
		}
	}
	if code, out, _ := runCLI(t, "", "load", "--help"); code != exitOK || !strings.Contains(out, "loopback") {
		t.Errorf("load --help: exit %d, %q", code, out)
	}
}
