package eval_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/fqlite/fqlite/eval"
	"github.com/fqlite/fqlite/internal/golden"
)

// FuzzEval runs arbitrary queries: each must produce a value or a Fauna
// error within the timeout; a panic (reported as internal_failure by
// eval.Run) or an error that is not an *eval.Error fails the test.
func FuzzEval(f *testing.F) {
	files, err := golden.Files(filepath.Join("..", "testdata", "fql"))
	if err != nil {
		f.Fatal(err)
	}
	for _, file := range files {
		data, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		for _, s := range golden.Parse(string(data)).Sections {
			if s.Name == "query" {
				f.Add(s.Data)
			}
		}
	}
	f.Fuzz(func(t *testing.T, q string) {
		prog, err := eval.CompileText(q)
		if err != nil {
			if e, ok := err.(*eval.Error); !ok || e.Code != eval.CodeInvalidQuery {
				t.Fatalf("%q: compile error %#v", q, err)
			}
			return
		}
		th := eval.NewThread(time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC))
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		th.Ctx = ctx
		stop := context.AfterFunc(ctx, th.Cancel)
		defer stop()
		v, err := eval.Run(th, prog)
		if err != nil {
			e, ok := err.(*eval.Error)
			if !ok {
				t.Fatalf("%q: non-Fauna error %T %v", q, err, err)
			}
			if e.Code == eval.CodeInternalFailure {
				t.Fatalf("%q: internal failure: %s", q, e.Internal())
			}
			_ = e.Summary()
			return
		}
		_ = eval.RenderFQL(v, th.Now())
		_ = eval.EncodeTagged(v, th.Now())
	})
}
