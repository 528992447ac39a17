package runtime_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/fqlite/fqlite/eval"
	"github.com/fqlite/fqlite/internal/golden"
	"github.com/fqlite/fqlite/runtime"
)

// dbRunner runs the cases of one golden file against a fresh in-memory
// database, in order.
type dbRunner struct {
	db *runtime.DB
}

func (r *dbRunner) Query(query, _ string) golden.Result {
	var res golden.Result
	out, err := r.db.Query(context.Background(), query, &runtime.QueryOptions{Timeout: 10 * time.Second})
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
	logs := make([]string, len(out.Logs))
	for i, l := range out.Logs {
		logs[i] = l.Text
	}
	res.Log = strings.Join(logs, "\n")
	res.Output = eval.RenderFQL(out.Value, out.TxnTime)
	res.Tagged = string(eval.EncodeTagged(out.Value, out.TxnTime))
	return res
}

// openGoldenDB opens the database a golden file runs against: in memory,
// with a fixed clock and deterministic ids, and the file's schema pushed.
func openGoldenDB(t *testing.T, f *golden.File) *runtime.DB {
	now := f.Now
	db, err := runtime.Open(runtime.Options{Clock: func() time.Time { return now }, DeterministicIDs: true})
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
					return &dbRunner{db: openGoldenDB(t, f)}
				})
			})
		}
	}
}
