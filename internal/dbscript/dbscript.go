// Package dbscript runs database scripts: the golden files of testdata/db
// and testdata/tutorials (testdata/README.md) — a sequence of queries,
// each with the admin secret or a secret an earlier step saved, compared
// with expected outputs and errors. `go test` and `fqlite test` both use
// it.
package dbscript

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"golang.org/x/crypto/bcrypt"

	"github.com/fqlite/fqlite/eval"
	"github.com/fqlite/fqlite/internal/golden"
	"github.com/fqlite/fqlite/internal/testissuer"
	"github.com/fqlite/fqlite/runtime"
)

// RootSecret is the admin secret of script databases: plain `-- query --`
// cases run with it.
const RootSecret = "golden-root-secret"

// Runner runs the cases of one script against its database, in order,
// with the secrets and variables earlier cases saved (golden.Runner and
// golden.Capturer).
type Runner struct {
	DB      *runtime.DB
	secrets map[string]string
	vars    map[string]eval.Value
	last    eval.Value
	lastErr bool
}

func (r *Runner) Query(query, section string) golden.Result {
	var res golden.Result
	r.last, r.lastErr = nil, true
	secret := RootSecret
	if as, ok := strings.CutPrefix(section, "query as "); ok {
		as = strings.TrimSpace(as)
		if unq, err := strconv.Unquote(as); err == nil {
			secret = unq
		} else if s, ok := r.secrets[as]; ok {
			secret = s
		} else {
			res.Failed = true
			res.Err = "(runner) unknown secret " + as
			return res
		}
		if secret == "" {
			// An empty secret would mean "the embedding program".
			secret = "\x00none"
		}
	}
	r.last, r.lastErr = nil, true
	out, err := r.DB.Query(context.Background(), query, &runtime.QueryOptions{Timeout: 10 * time.Second, Secret: secret, Args: r.vars})
	if err != nil {
		res.Failed = true
		e := eval.AsError(err)
		res.Err = eval.FormatError(e)
		if e.Code == eval.CodeInternalFailure {
			// Show the cause, so a failing case says what went wrong.
			res.Err += "\n(internal: " + e.Internal() + ")"
		}
		return res
	}
	r.last, r.lastErr = out.Value, false
	logs := make([]string, len(out.Logs))
	for i, l := range out.Logs {
		logs[i] = l.Text
	}
	res.Log = strings.Join(logs, "\n")
	res.Output = eval.RenderFQL(out.Value, out.TxnTime)
	res.Tagged = string(eval.EncodeTagged(out.Value, out.TxnTime))
	return res
}

// Capture saves the last result as a secret or a variable.
func (r *Runner) Capture(kind, name string) error {
	if r.lastErr {
		return fmt.Errorf("the case failed, nothing to save")
	}
	switch kind {
	case "secret":
		s, ok := r.last.(eval.String)
		if !ok {
			return fmt.Errorf("result is %s, not a string", eval.TypeName(r.last))
		}
		r.secrets[name] = string(s)
	case "let":
		r.vars[name] = unmaterialize(r.last)
	case "jwt":
		tok, err := signJWT(r.last)
		if err != nil {
			return err
		}
		r.secrets[name] = tok
	}
	return nil
}

// unmaterialize turns an output value back into one a query can take:
// rendered documents become references again.
func unmaterialize(v eval.Value) eval.Value {
	switch x := v.(type) {
	case *eval.DocValue:
		return x.Doc
	case *eval.Array:
		out := make([]eval.Value, len(x.Elems))
		for i, e := range x.Elems {
			out[i] = unmaterialize(e)
		}
		return eval.NewArray(out)
	case *eval.Object:
		out := eval.NewObject(x.Len())
		for i, k := range x.Keys() {
			out.Set(k, unmaterialize(x.ValueAt(i)))
		}
		return out
	}
	return v
}

// Open opens the database a script runs against: in memory, with the
// script's fixed clock, deterministic ids, fast password hashing, and the
// script's schema pushed. The database closes when the test (or the
// `fqlite test` run) cleans up.
func Open(t golden.TB, f *golden.File) *Runner {
	now := f.Now
	db, err := runtime.Open(runtime.Options{Clock: func() time.Time { return now }, DeterministicIDs: true,
		RootSecret: RootSecret, PasswordCost: bcrypt.MinCost})
	if err != nil {
		t.Fatal(err)
	}
	if c, ok := t.(interface{ Cleanup(func()) }); ok {
		c.Cleanup(func() { db.Close() })
	}
	for uri, doc := range f.KeySets {
		jwks := []byte(doc)
		if doc == "" {
			if jwks, err = testissuer.KeySet(); err != nil {
				t.Fatal(err)
			}
		}
		if err := db.SetKeySet(uri, jwks); err != nil {
			t.Fatalf("jwks %s: %v", uri, err)
		}
	}
	if len(f.Schema) > 0 {
		if _, err := db.PushSchema(context.Background(), f.Schema, runtime.PushOptions{}); err != nil {
			t.Fatalf("schema: %v", err)
		}
	}
	return &Runner{DB: db, secrets: map[string]string{}, vars: map[string]eval.Value{}}
}
