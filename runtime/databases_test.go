package runtime_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/fqlite/fqlite/eval"
	"github.com/fqlite/fqlite/runtime"
)

// run runs q with secret and renders the result, or the error code.
func run(t *testing.T, db *runtime.DB, secret, q string) string {
	t.Helper()
	res, err := db.Query(context.Background(), q, &runtime.QueryOptions{Secret: secret})
	var e *eval.Error
	switch {
	case errors.As(err, &e):
		return e.Code
	case err != nil:
		t.Fatalf("%s: %v", q, err)
	}
	return eval.RenderFQL(res.Value, res.TxnTime)
}

func openDir(t *testing.T, dir string) *runtime.DB {
	t.Helper()
	db, err := runtime.Open(runtime.Options{Dir: dir, RootSecret: "root", NoSync: true})
	must(t, err)
	return db
}

// A child database is a database of its own, on disk beside its parent,
// reached with the parent's keys for it, scoped secrets or its own keys
// and tokens; deleting its Database document removes it.
func TestChildDatabaseLifecycle(t *testing.T) {
	dir := t.TempDir()
	db := openDir(t, dir)
	run(t, db, "root", `Database.create({ name: "shop" })`)
	run(t, db, "root", `Collection.create({ name: "Secrets" })`)
	eq(t, `"parent only"`, run(t, db, "root", `Secrets.create({ v: "parent only" }).v`))
	shopAdmin := run(t, db, "root", `Key.create({ role: "admin", database: "shop" }).secret`)
	shopAdmin = shopAdmin[1 : len(shopAdmin)-1]

	// Schema and data written with the child's key stay in the child.
	eq(t, `"Item"`, run(t, db, shopAdmin, `Collection.create({ name: "Item" }).name`))
	run(t, db, shopAdmin, `Item.create({ name: "cup" })`)
	eq(t, `["Item"]`, compact(run(t, db, shopAdmin, `Collection.all().map(.name).toArray()`)))
	eq(t, `["Secrets"]`, compact(run(t, db, "root", `Collection.all().map(.name).toArray()`)))
	// The parent's collections do not exist in the child.
	eq(t, "unbound_variable", run(t, db, shopAdmin, `Secrets.all().toArray()`))

	// Roles, users and tokens of the child: a token made there works
	// against the parent's entry point.
	run(t, db, shopAdmin, `Role.create({ name: "reader", privileges: [{ resource: "Item", actions: { read: true } }] })`)
	run(t, db, shopAdmin, `Collection.create({ name: "User" })`)
	tok := run(t, db, shopAdmin, `Token.create({ document: User.create({ name: "ann" }) }).secret`)
	tok = tok[1 : len(tok)-1]
	eq(t, "0", run(t, db, tok, `Item.all().count()`))
	reader := run(t, db, shopAdmin, `Key.create({ role: "reader" }).secret`)
	reader = reader[1 : len(reader)-1]
	eq(t, `"cup"`, run(t, db, reader, `Item.all().first()!.name`))
	eq(t, "permission_denied", run(t, db, reader, `Item.create({ name: "mug" })`))

	// Scoped secrets: admin only, with a path.
	eq(t, "1", run(t, db, "root:shop:admin", `Item.all().count()`))
	eq(t, "permission_denied", run(t, db, "root:shop:server-readonly", `Item.create({ name: "mug" })`))
	eq(t, "unauthorized", run(t, db, "root:nowhere:admin", `1`))
	server := run(t, db, "root", `Key.create({ role: "server" }).secret`)
	server = server[1 : len(server)-1]
	eq(t, "unauthorized", run(t, db, server+":shop:admin", `1`))

	// Grandchildren.
	run(t, db, shopAdmin, `Database.create({ name: "eu" })`)
	run(t, db, "root:shop/eu:admin", `Collection.create({ name: "Order" })`)
	eq(t, `["Order"]`, compact(run(t, db, "root:shop/eu:admin", `Collection.all().map(.name).toArray()`)))
	eq(t, "false", run(t, db, shopAdmin, `Collection.byName("Order").exists()`))

	// Everything survives a restart.
	must(t, db.Close())
	db = openDir(t, dir)
	eq(t, `"cup"`, run(t, db, reader, `Item.all().first()!.name`))
	eq(t, "0", run(t, db, tok, `Item.all().count()`))
	eq(t, `["Order"]`, compact(run(t, db, "root:shop/eu:admin", `Collection.all().map(.name).toArray()`)))

	// Deleting the Database document ends its keys and removes its files.
	entries, err := os.ReadDir(filepath.Join(dir, "dbs"))
	must(t, err)
	if len(entries) != 1 {
		t.Fatalf("%d child database directories, want 1", len(entries))
	}
	run(t, db, "root", `Database.byName("shop")!.delete()`)
	for _, s := range []string{shopAdmin, reader, tok, "root:shop:admin"} {
		eq(t, "unauthorized", run(t, db, s, `1`))
	}
	entries, err = os.ReadDir(filepath.Join(dir, "dbs"))
	must(t, err)
	if len(entries) != 0 {
		t.Fatalf("the deleted database's directory is still there: %v", entries)
	}

	// A new database of the same name starts empty.
	run(t, db, "root", `Database.create({ name: "shop" })`)
	eq(t, "0", run(t, db, "root:shop:admin", `Collection.all().count()`))
	must(t, db.Close())
}

// A key's database must exist when the key is made.
func TestChildDatabaseKeyNeedsDatabase(t *testing.T) {
	db, err := runtime.Open(runtime.Options{RootSecret: "root"})
	must(t, err)
	defer db.Close()
	eq(t, "constraint_failure", run(t, db, "root", `Key.create({ role: "admin", database: "nope" })`))
}

// compact drops the spaces and newlines of a rendered value.
func compact(s string) string {
	out := make([]byte, 0, len(s))
	inString := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '"' {
			inString = !inString
		}
		if !inString && (c == ' ' || c == '\n') {
			continue
		}
		out = append(out, c)
	}
	return string(out)
}

func eq(t *testing.T, want, got string) {
	t.Helper()
	if got != want {
		t.Fatalf("got %s, want %s", got, want)
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
