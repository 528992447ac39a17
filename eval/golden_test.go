package eval_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/fqlite/fqlite/eval"
	"github.com/fqlite/fqlite/internal/golden"
	_ "github.com/fqlite/fqlite/stdlib"
)

// defaultNow is the fixed clock of golden cases (testdata/README.md).
var defaultNow = time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)

// result is what one query produced, in the golden sections' shapes.
type result struct {
	output, tagged, err, log string
	failed                   bool
}

func runQuery(query string, now time.Time) result {
	t := eval.NewThread(now)
	var r result
	prog, err := eval.CompileText(query)
	var v eval.Value
	if err == nil {
		v, err = eval.Run(t, prog)
	}
	logs := make([]string, len(t.Logs))
	for i, l := range t.Logs {
		logs[i] = l.Text
	}
	r.log = strings.Join(logs, "\n")
	if err != nil {
		r.failed = true
		r.err = eval.FormatError(eval.AsError(err))
		return r
	}
	r.output = eval.RenderFQL(v, now)
	r.tagged = string(eval.EncodeTagged(v, now))
	return r
}

// TestGolden runs every case of testdata/fql (see testdata/README.md).
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
		t.Run(rel, func(t *testing.T) { runGoldenFile(t, file) })
	}
}

func runGoldenFile(t *testing.T, file string) {
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	a := golden.Parse(string(data))
	tags := a.Tags()
	if reason, ok := tags["skip"]; ok {
		t.Skip(reason)
	}
	if reason, ok := tags["db"]; ok {
		// The runtime package's golden runner runs these with a database.
		t.Skip("runs in runtime: " + reason)
	}
	todo, isTodo := tags["todo"]
	now := defaultNow
	if s, ok := tags["now"]; ok {
		if now, err = time.Parse(time.RFC3339Nano, s); err != nil {
			t.Fatalf("bad #now tag: %v", err)
		}
	}
	changed := false
	caseNo := 0
	for i := 0; i < len(a.Sections); i++ {
		if a.Sections[i].Name != "query" {
			continue
		}
		caseNo++
		query := a.Sections[i].Data
		got := runQuery(query, now)
		for j := i + 1; j < len(a.Sections) && a.Sections[j].Name != "query"; j++ {
			s := &a.Sections[j]
			var want, have string
			switch s.Name {
			case "output":
				want, have = s.Data, got.output
				if got.failed {
					have = got.err
				}
			case "tagged":
				want, have = s.Data, got.tagged
				if got.failed {
					have = got.err
				}
			case "error":
				want, have = s.Data, got.err
				if !got.failed {
					have = "(no error) " + got.output
				} else if !strings.Contains(want, "\n") {
					// Only code and message are expected.
					have, _, _ = strings.Cut(got.err, "\n")
				}
			case "log":
				want, have = s.Data, got.log
			default:
				t.Errorf("case %d: unknown section %q", caseNo, s.Name)
				continue
			}
			if want == have {
				continue
			}
			if golden.Updating() {
				s.Data = have
				changed = true
				continue
			}
			msg := fmt.Sprintf("case %d, section %s\nquery:\n%s\n--- want\n%s\n--- got\n%s", caseNo, s.Name, query, want, have)
			if isTodo {
				t.Logf("todo (%s): %s", todo, msg)
			} else {
				t.Error(msg)
			}
		}
	}
	if changed {
		if err := os.WriteFile(file, []byte(a.Format()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if isTodo && !t.Failed() {
		t.Skipf("todo: %s", todo)
	}
}
