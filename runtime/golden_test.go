package runtime_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/fqlite/fqlite/internal/dbscript"
	"github.com/fqlite/fqlite/internal/golden"
)

// TestGolden runs every file of testdata/fql, testdata/db and
// testdata/tutorials through the database (see testdata/README.md).
func TestGolden(t *testing.T) {
	for _, dir := range []string{"fql", "db", "tutorials"} {
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
				golden.RunFile(t, file, func(t golden.TB, f *golden.File) golden.Runner {
					return dbscript.Open(t, f)
				})
			})
		}
	}
}
