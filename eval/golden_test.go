package eval_test

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/fqlite/fqlite/eval"
	"github.com/fqlite/fqlite/internal/golden"
	_ "github.com/fqlite/fqlite/stdlib"
)

// coreRunner runs golden cases through the language core alone (no
// database): parse, compile, evaluate, render.
type coreRunner struct{ now time.Time }

func (r coreRunner) Query(query, _ string) golden.Result {
	t := eval.NewThread(r.now)
	var res golden.Result
	prog, err := eval.CompileText(query)
	var v eval.Value
	if err == nil {
		v, err = eval.Run(t, prog)
	}
	logs := make([]string, len(t.Logs))
	for i, l := range t.Logs {
		logs[i] = l.Text
	}
	res.Log = strings.Join(logs, "\n")
	if err != nil {
		res.Failed = true
		res.Err = eval.FormatError(eval.AsError(err))
		return res
	}
	res.Output = eval.RenderFQL(v, r.now)
	res.Tagged = string(eval.EncodeTagged(v, r.now))
	return res
}

// TestGolden runs every case of testdata/fql (see testdata/README.md)
// except files marked #db, which need a database (runtime runs them).
func TestGolden(t *testing.T) {
	files, err := golden.Files(filepath.Join("..", "testdata", "fql"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatal("no golden files found")
	}
	for _, file := range files {
		rel, _ := filepath.Rel(filepath.Join("..", "testdata"), file)
		t.Run(rel, func(t *testing.T) {
			golden.RunFile(t, file, func(t golden.TB, f *golden.File) golden.Runner {
				if reason, ok := f.Tags["db"]; ok {
					t.Skip("runs in runtime: " + reason)
				}
				return coreRunner{now: f.Now}
			})
		})
	}
}
