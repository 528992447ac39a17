package runtime_test

import (
	"context"
	"fmt"
	"strconv"

	"golang.org/x/crypto/bcrypt"

	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/fqlite/fqlite/eval"
	"github.com/fqlite/fqlite/internal/golden"
	"github.com/fqlite/fqlite/runtime"
)

// goldenRootSecret is the admin secret of golden databases.
const goldenRootSecret = "golden-root-secret"

// dbRunner runs the cases of one golden file against a fresh in-memory
// database, in order, with the secrets and variables earlier cases saved.
type dbRunner struct {
	db      *runtime.DB
	secrets map[string]string
	vars    map[string]eval.Value
	last    eval.Value
	lastErr bool
}

func (r *dbRunner) Query(query, section string) golden.Result {
	var res golden.Result
	r.last, r.lastErr = nil, true
	secret := goldenRootSecret
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
	out, err := r.db.Query(context.Background(), query, &runtime.QueryOptions{Timeout: 10 * time.Second, Secret: secret, Args: r.vars})
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
func (r *dbRunner) Capture(kind, name string) error {
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

// openGoldenDB opens the database a golden file runs against: in memory,
// with a fixed clock and deterministic ids, and the file's schema pushed.
func openGoldenDB(t *testing.T, f *golden.File) *runtime.DB {
	now := f.Now
	db, err := runtime.Open(runtime.Options{Clock: func() time.Time { return now }, DeterministicIDs: true,
		RootSecret: goldenRootSecret, PasswordCost: bcrypt.MinCost})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if len(f.Schema) > 0 {
		if _, err := db.PushSchema(context.Background(), f.Schema, runtime.PushOptions{}); err != nil {
			t.Fatalf("schema: %v", err)
		}
	}
	return db
}

// TestGolden runs every file of testdata/fql and testdata/db through the
// database (see testdata/README.md).
func TestGolden(t *testing.T) {
	for _, dir := range []string{"fql", "db"} {
		files, err := golden.Files(filepath.Join("..", "testdata", dir))
		if os.IsNotExist(err) {
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		for _, file := range files {
			rel, _ := filepath.Rel(filepath.Join("..", "testdata"), file)
			t.Run(rel, func(t *testing.T) {
				golden.RunFile(t, file, func(t *testing.T, f *golden.File) golden.Runner {
					return &dbRunner{db: openGoldenDB(t, f), secrets: map[string]string{}, vars: map[string]eval.Value{}}
				})
			})
		}
	}
}
