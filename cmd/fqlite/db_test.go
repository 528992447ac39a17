package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestDataDirPersists: consecutive `fqlite eval --data DIR` runs see every
// earlier commit.
func TestDataDirPersists(t *testing.T) {
	data := filepath.Join(t.TempDir(), "db")
	steps := []struct{ query, out string }{
		{`Collection.create({ name: "Note" }) { name }`, "{\n  name: \"Note\"\n}\n"},
		{`Note.create({ id: 1, text: "hi" }) { text }`, "{\n  text: \"hi\"\n}\n"},
		{`Note(1)!.text`, "\"hi\"\n"},
	}
	for _, s := range steps {
		code, out, errOut := runCLI(t, "", "eval", "--data", data, s.query)
		if code != 0 || out != s.out {
			t.Fatalf("%s: exit %d, out %q, err %q", s.query, code, out, errOut)
		}
	}
}

// TestSchemaCommands runs check, push, diff and pull on a schema
// directory, and refuses an invalid one with Fauna's rendering.
func TestSchemaCommands(t *testing.T) {
	dir := t.TempDir()
	schemaDir := filepath.Join(dir, "schema")
	data := filepath.Join(dir, "db")
	os.MkdirAll(schemaDir, 0o755)
	write := func(name, text string) {
		if err := os.WriteFile(filepath.Join(schemaDir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("main.fsl", "collection Customer {\n  email: String\n  unique [.email]\n  index byEmail {\n    terms [.email]\n  }\n}\n")
	code, out, errOut := runCLI(t, "", "schema", "check", schemaDir)
	if code != 0 || !strings.Contains(out, "1 collections") {
		t.Fatalf("check: exit %d, out %q, err %q", code, out, errOut)
	}
	code, out, errOut = runCLI(t, "", "schema", "diff", schemaDir, "--data", data)
	if code != 0 || !strings.Contains(out, "Adding collection `Customer`") {
		t.Fatalf("diff: exit %d, out %q, err %q", code, out, errOut)
	}
	code, out, errOut = runCLI(t, "", "schema", "push", schemaDir, "--data", data)
	if code != 0 || !strings.Contains(out, "Pushed") {
		t.Fatalf("push: exit %d, out %q, err %q", code, out, errOut)
	}
	code, out, _ = runCLI(t, "", "schema", "diff", schemaDir, "--data", data)
	if code != 0 || !strings.Contains(out, "No changes") {
		t.Fatalf("diff after push: exit %d, out %q", code, out)
	}
	code, out, errOut = runCLI(t, "", "eval", "--data", data, `Customer.create({ email: "a@b.c" }); Customer.byEmail("a@b.c").count()`)
	if code != 0 || out != "1\n" {
		t.Fatalf("eval: exit %d, out %q, err %q", code, out, errOut)
	}
	code, _, errOut = runCLI(t, "", "eval", "--data", data, `Customer.create({ email: "a@b.c" })`)
	if code != 1 || !strings.HasPrefix(errOut, "constraint_failure: Failed unique constraint.") {
		t.Fatalf("unique: exit %d, err %q", code, errOut)
	}
	code, out, _ = runCLI(t, "", "schema", "pull", "--data", data)
	if code != 0 || !strings.Contains(out, "collection Customer") || !strings.Contains(out, "index byEmail") {
		t.Fatalf("pull: exit %d, out %q", code, out)
	}
	write("bad.fsl", "collection Customer {}\n")
	code, _, errOut = runCLI(t, "", "schema", "check", schemaDir)
	if code != 1 || !strings.Contains(errOut, "error:") || !strings.Contains(errOut, "bad.fsl:1:") {
		t.Fatalf("invalid schema: exit %d, err %q", code, errOut)
	}
	if code, _, _ := runCLI(t, "", "schema", "push", schemaDir); code != 2 {
		t.Fatalf("push without --data: exit %d, want 2", code)
	}
}

// TestShell drives the REPL: continuation lines, editor mode, commands.
func TestShell(t *testing.T) {
	t.Setenv("FQLITE_HISTORY", filepath.Join(t.TempDir(), "history"))
	input := strings.Join([]string{
		`Collection.create({`,
		`  name: "A"`,
		`}) { name }`,
		`.editor`,
		`let x = A.create({ id: 7 })`,
		`x.id`,
		`.end`,
		`.history`,
		`1 / 0`,
		`.nope`,
		`.exit`,
	}, "\n") + "\n"
	code, out, errOut := runCLI(t, input, "shell")
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	for _, want := range []string{"name: \"A\"", "\"7\"", "let x = A.create({ id: 7 })"} {
		if !strings.Contains(out, want) {
			t.Errorf("stdout lacks %q:\n%s", want, out)
		}
	}
	for _, want := range []string{"divide_by_zero: Attempted integer division by zero.", "unknown command .nope"} {
		if !strings.Contains(errOut, want) {
			t.Errorf("stderr lacks %q:\n%s", want, errOut)
		}
	}
}

// TestTestCommand runs the tutorial scripts through `fqlite test` and
// checks that a wrong expectation fails with a diff and exit 1.
func TestTestCommand(t *testing.T) {
	code, out, errOut := runCLI(t, "", "test", filepath.Join("..", "..", "testdata", "tutorials"))
	if code != 0 || !strings.Contains(out, "4 scripts passed, 0 failed") {
		t.Fatalf("tutorials: exit %d\n%s%s", code, out, errOut)
	}
	bad := filepath.Join(t.TempDir(), "bad.txtar")
	os.WriteFile(bad, []byte("wrong on purpose\n-- query --\n1 + 1\n-- output --\n3\n"), 0o644)
	code, out, _ = runCLI(t, "", "test", bad)
	if code != 1 || !strings.Contains(out, "FAIL") || !strings.Contains(out, "--- want\n    3\n    --- got\n    2") {
		t.Fatalf("failing script: exit %d\n%s", code, out)
	}
	if code, _, _ := runCLI(t, "", "test"); code != 2 {
		t.Fatalf("no paths: exit %d, want 2", code)
	}
}
