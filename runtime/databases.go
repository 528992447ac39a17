package runtime

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"os"
	"path/filepath"
	"strings"

	"github.com/fqlite/fqlite/eval"
	"github.com/fqlite/fqlite/runtime/store"
)

// Child databases (spec/fsl-auth.md §3.2, §7.4). A `Database` document
// names a child database: a database of its own — collections, documents,
// keys, schema — kept in its own store (a sub-directory of the parent's
// data directory, or memory). Queries reach it through a key created for
// it in the parent (`Key.create({ role, database: "child" })`), through a
// scoped secret with a database path (`secret:child:admin`), or with a
// key or token created inside it. A query runs in exactly one database.

// redirect sends an authenticated query to a child database.
type redirect struct {
	db *DB
	// secret re-authenticates there (a key or token of the child);
	// otherwise the query runs with the named built-in or user role.
	secret  string
	builtin string
	role    string
}

var errRedirect = errors.New("query runs in a child database")

// child opens (once) the child database a Database document names.
func (db *DB) child(rec *eval.Object) (*DB, error) {
	id := stringOf(rec, "#dbid")
	if id == "" {
		return nil, errors.New("fqlite: database document without an id")
	}
	if c, ok := db.children.Load(id); ok {
		return c.(*DB), nil
	}
	db.childMu.Lock()
	defer db.childMu.Unlock()
	if c, ok := db.children.Load(id); ok {
		return c.(*DB), nil
	}
	opts := db.opts
	opts.RootSecret = ""
	opts.KeySets = nil
	if db.opts.Dir != "" {
		opts.Dir = filepath.Join(db.opts.Dir, "dbs", id)
	}
	c, err := Open(opts)
	if err != nil {
		return nil, err
	}
	c.parent = db
	c.ids = db.ids
	c.jwt = db.jwt
	db.children.Store(id, c)
	return c, nil
}

// dropDeletedChildren closes the child databases whose Database document
// is gone and removes their files. It runs after a commit that deleted
// one, and at Open (a crash may have come between the two).
func (db *DB) dropDeletedChildren() {
	live := map[string]bool{}
	err := db.st.View(func(tx *store.Txn) error {
		scanNamed(tx, idDatabase, func(_ string, rec *eval.Object) bool {
			live[stringOf(rec, "#dbid")] = true
			return true
		})
		return nil
	})
	if err != nil {
		return
	}
	db.childMu.Lock()
	defer db.childMu.Unlock()
	db.children.Range(func(id, c any) bool {
		if !live[id.(string)] {
			db.children.Delete(id)
			c.(*DB).Close()
		}
		return true
	})
	if db.opts.Dir == "" {
		return
	}
	dir := filepath.Join(db.opts.Dir, "dbs")
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if e.IsDir() && !live[e.Name()] {
			os.RemoveAll(filepath.Join(dir, e.Name()))
		}
	}
}

// childByName finds a child database by name in the snapshot tx sees.
func (q *query) childByName(name string) (*DB, error) {
	rec, err := q.readNamed(idDatabase, name)
	if err != nil || rec == nil {
		return nil, err
	}
	return q.db.child(rec)
}

// childByPath follows a database path (`child/grandchild`).
func (q *query) childByPath(path string) (*DB, error) {
	db, err := q.childByName(strings.Split(path, "/")[0])
	if err != nil || db == nil {
		return nil, err
	}
	rest := strings.SplitN(path, "/", 2)
	if len(rest) == 1 {
		return db, nil
	}
	var found *DB
	err = db.st.View(func(tx *store.Txn) error {
		cq, err := db.begin(context.Background(), tx)
		if err != nil {
			return err
		}
		defer cq.release()
		found, err = cq.childByPath(rest[1])
		return err
	})
	return found, err
}

// childHoldingSecret searches the child databases (depth first) for the
// key or token a secret names, when this database does not have it.
func (q *query) childHoldingSecret(kind secretKind, id int64) (*DB, error) {
	coll := uint64(idKey)
	if kind == secretToken {
		coll = idToken
	}
	return q.childWith(func(tx *store.Txn) bool {
		_, ok := tx.Get(docKey(coll, id))
		return ok
	})
}

// childWith finds (depth first) the child database whose store matches.
func (q *query) childWith(match func(tx *store.Txn) bool) (*DB, error) {
	var children []*eval.Object
	scanNamed(q.tx, idDatabase, func(_ string, rec *eval.Object) bool {
		children = append(children, rec)
		return true
	})
	for _, rec := range children {
		c, err := q.db.child(rec)
		if err != nil {
			return nil, err
		}
		var found *DB
		err = c.st.View(func(tx *store.Txn) error {
			if match(tx) {
				found = c
				return nil
			}
			cq, err := c.begin(context.Background(), tx)
			if err != nil {
				return err
			}
			defer cq.release()
			found, err = cq.childWith(match)
			return err
		})
		if err != nil || found != nil {
			return found, err
		}
	}
	return nil, nil
}

// presetPrincipal authenticates a query redirected from a parent.
func (q *query) presetPrincipal(r *redirect) error {
	if r.builtin != "" {
		q.setPrincipal(principal{perms: builtinPerms(r.builtin)})
		return nil
	}
	role := q.cat.roles[r.role]
	if role == nil {
		return errUnauthorized()
	}
	q.setPrincipal(principal{perms: &perms{kind: permRoles, roles: []*roleDef{role}}})
	return nil
}

// normalizeDatabase gives a new Database document its storage id.
func normalizeDatabase(q *query, rec, old *eval.Object) (*eval.Object, []eval.ConstraintFailure, error) {
	out := rec.Copy()
	if _, ok := out.Get("#dbid"); !ok {
		var b [8]byte
		if _, err := rand.Read(b[:]); err != nil {
			return nil, nil, err
		}
		out.Set("#dbid", eval.String(hex.EncodeToString(b[:])))
	}
	var failures []eval.ConstraintFailure
	for _, f := range []string{"typechecked", "protected"} {
		if v, ok := out.Get(f); ok {
			if _, isBool := v.(eval.Boolean); !isBool {
				failures = append(failures, fieldFailure("Expected Boolean | Null, provided "+providedType(nil, v), f))
			}
		}
	}
	return out, failures, nil
}
