package httpapi

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// End-to-end tests with Fauna's official clients, pinned in
// clients/js/package-lock.json: the JS driver (fauna@2.5.0) and
// fauna-shell 4.0.0. They need Node.js and `npm ci --ignore-scripts` in
// clients/js (.ci/run does both); without them they skip, unless
// FQLITE_REQUIRE_CLIENTS=1 (set by .ci/run) makes that a failure.

func clientsDir(t *testing.T) (node, dir string) {
	t.Helper()
	dir, err := filepath.Abs(filepath.Join("..", "..", "clients", "js"))
	if err != nil {
		t.Fatal(err)
	}
	skip := func(msg string) {
		if os.Getenv("FQLITE_REQUIRE_CLIENTS") == "1" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	node, err = exec.LookPath("node")
	if err != nil {
		skip("node is not installed: the client tests need Node.js 20 or later")
	}
	for _, pkg := range []string{"fauna", "fauna-shell"} {
		if _, err := os.Stat(filepath.Join(dir, "node_modules", pkg, "package.json")); err != nil {
			skip("clients/js/node_modules/" + pkg + " is missing: run `npm ci --ignore-scripts` in clients/js")
		}
	}
	return node, dir
}

// TestJSDriver runs clients/js/driver.test.mjs with the official driver
// against a server on a loopback port.
func TestJSDriver(t *testing.T) {
	node, dir := clientsDir(t)
	ts := newTestServer(t)
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, node, "--test", "driver.test.mjs")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "FQLITE_ENDPOINT="+ts.URL, "FQLITE_SECRET="+testSecret, "NODE_NO_WARNINGS=1")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("node --test driver.test.mjs: %v\n%s", err, out)
	}
	for _, line := range strings.Split(string(out), "\n") {
		if strings.HasPrefix(line, "# pass") || strings.HasPrefix(line, "# fail") {
			t.Log(line)
		}
	}
	// Under Node the driver talks h2c.
	if !strings.Contains(ts.logs.String(), "proto=HTTP/2.0") {
		t.Error("the driver's requests did not arrive over HTTP/2")
	}
}

// TestJSSeeds runs the four seed tutorials as driver sessions
// (clients/js/seeds/*.test.mjs, spec/fsl-auth.md §7), each against a
// server of its own on a fresh database: unauthenticated key → signup →
// login → token reads → logout → refused secret, with the results the
// txtar versions in testdata/tutorials assert.
func TestJSSeeds(t *testing.T) {
	node, dir := clientsDir(t)
	files, err := filepath.Glob(filepath.Join(dir, "seeds", "*.test.mjs"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != 4 {
		t.Fatalf("%d seed sessions in clients/js/seeds, want 4", len(files))
	}
	for _, f := range files {
		name := strings.TrimSuffix(filepath.Base(f), ".test.mjs")
		t.Run(name, func(t *testing.T) {
			ts := newTestServer(t)
			ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
			defer cancel()
			cmd := exec.CommandContext(ctx, node, "--test", filepath.Join("seeds", filepath.Base(f)))
			cmd.Dir = dir
			cmd.Env = append(os.Environ(), "FQLITE_ENDPOINT="+ts.URL, "FQLITE_SECRET="+testSecret, "NODE_NO_WARNINGS=1")
			out, err := cmd.CombinedOutput()
			if err != nil {
				t.Fatalf("node --test %s: %v\n%s", filepath.Base(f), err, out)
			}
			if !strings.Contains(string(out), "\n# fail 0\n") || strings.Contains(string(out), "\n# pass 0\n") {
				t.Fatalf("node --test %s ran no step or failed one:\n%s", filepath.Base(f), out)
			}
			for _, line := range strings.Split(string(out), "\n") {
				if strings.HasPrefix(line, "# pass") {
					t.Log(line)
				}
			}
		})
	}
}

// fauna runs fauna-shell's CLI.
type faunaCLI struct {
	t         *testing.T
	node, cli string
	url, home string
}

func (f *faunaCLI) run(stdin string, args ...string) (string, error) {
	f.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, f.node, append([]string{f.cli}, args...)...)
	cmd.Env = append(os.Environ(), "HOME="+f.home, "NO_COLOR=1", "NODE_NO_WARNINGS=1")
	cmd.Stdin = strings.NewReader(stdin)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	return out.String(), err
}

func (f *faunaCLI) ok(stdin string, args ...string) string {
	f.t.Helper()
	out, err := f.run(stdin, args...)
	if err != nil {
		f.t.Fatalf("fauna %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return out
}

// TestFaunaShell drives fauna-shell 4.0.0: schema push (active and
// staged), status, diff, commit, pull, query and shell.
func TestFaunaShell(t *testing.T) {
	node, dir := clientsDir(t)
	ts := newTestServer(t)
	tmp := t.TempDir()
	f := &faunaCLI{t: t, node: node, cli: filepath.Join(dir, "node_modules", "fauna-shell", "dist", "cli.cjs"), url: ts.URL, home: filepath.Join(tmp, "home")}
	conn := []string{"--url", ts.URL, "--secret", testSecret, "--no-color"}
	schemaDir := filepath.Join(tmp, "schema")
	write := func(root string, files map[string]string) {
		for name, text := range files {
			p := filepath.Join(root, filepath.FromSlash(name))
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	write(schemaDir, shopFiles)
	args := func(a ...string) []string { return append(a, conn...) }

	f.ok("", args("schema", "push", "--dir", schemaDir, "--active", "--no-input")...)
	if out := f.ok("", args("query", "double(21)", "--json")...); strings.TrimSpace(out) != "42" {
		t.Errorf("fauna query --json: %q", out)
	}
	if out := f.ok("", args("query", `Store.create({ name: "DogExpress" }) { name }`)...); !strings.Contains(out, `name: "DogExpress"`) {
		t.Errorf("fauna query (decorated): %q", out)
	}
	out, err := f.run("", args("query", "1 / 0")...)
	if err == nil || !strings.Contains(out, "Attempted integer division by zero.") || !strings.Contains(out, "1 | 1 / 0") {
		t.Errorf("fauna query of a failing query: %v %q", err, out)
	}
	out, err = f.run("", "query", "1", "--url", ts.URL, "--secret", "wrong", "--no-color")
	if err == nil || !strings.Contains(out, "Access token required") {
		t.Errorf("fauna query with a wrong secret: %v %q", err, out)
	}

	write(schemaDir, map[string]string{"collections/product.fsl": strings.Replace(shopFiles["collections/product.fsl"], "x * 2", "x + x", 1)})
	if out := f.ok("", args("schema", "diff", "--dir", schemaDir, "--active")...); !strings.Contains(out, "~ change body") {
		t.Errorf("fauna schema diff: %q", out)
	}
	f.ok("", args("schema", "push", "--dir", schemaDir, "--no-input")...) // staged
	if out := f.ok("", args("schema", "status", "--dir", schemaDir)...); !strings.Contains(out, "Staged changes: ready") {
		t.Errorf("fauna schema status: %q", out)
	}
	if out := f.ok("", args("schema", "commit", "--no-input")...); !strings.Contains(out, "committed") {
		t.Errorf("fauna schema commit: %q", out)
	}
	if out := f.ok("", args("query", "double(21)", "--json")...); strings.TrimSpace(out) != "42" {
		t.Errorf("after commit: %q", out)
	}

	// fauna-shell writes pulled files without creating sub-directories.
	pulled := filepath.Join(tmp, "pulled")
	if err := os.MkdirAll(filepath.Join(pulled, "collections"), 0o755); err != nil {
		t.Fatal(err)
	}
	f.ok("y\n", args("schema", "pull", "--dir", pulled, "--active")...)
	for name := range shopFiles {
		want, _ := os.ReadFile(filepath.Join(schemaDir, filepath.FromSlash(name)))
		got, err := os.ReadFile(filepath.Join(pulled, filepath.FromSlash(name)))
		if err != nil || string(got) != string(want) {
			t.Errorf("pulled %s: %q (%v), want %q", name, got, err, want)
		}
	}

	if out := f.ok("Store.all().count() + 1\n.exit\n", args("shell")...); !strings.Contains(out, "\n2\n") {
		t.Errorf("fauna shell: %q", out)
	}
}
