package golden

import (
	"fmt"
	"os"
	"strings"
	"testing"
	"time"
)

// DefaultNow is the fixed clock of golden cases (testdata/README.md).
var DefaultNow = time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)

// Result is what one query produced, in the golden sections' shapes.
type Result struct {
	Output, Tagged, Err, Log string
	Failed                   bool
}

// File is a golden file being run: its tags, clock and setup sections.
type File struct {
	Path string
	Tags map[string]string
	Now  time.Time
	// Schema holds the `-- schema/NAME.fsl --` sections by file name.
	Schema map[string]string
	// KeySets holds the `-- jwks URI --` sections: the JSON Web Key Set
	// of an access provider's jwks_uri ("" for the runner's own test key).
	KeySets map[string]string
}

// Runner runs the cases of one file; Query is called once per case, in
// order.
type Runner interface {
	Query(query string, section string) Result
}

// Capturer is implemented by runners that keep values between cases: the
// `-- secret NAME --`, `-- let NAME --` and `-- jwt NAME --` sections
// after a case save its result (testdata/README.md).
type Capturer interface {
	Capture(kind, name string) error
}

// TB is what RunFile reports to: a *testing.T, or `fqlite test`'s
// reporter.
type TB interface {
	Helper()
	Error(args ...any)
	Errorf(format string, args ...any)
	Fatal(args ...any)
	Fatalf(format string, args ...any)
	Logf(format string, args ...any)
	Skip(args ...any)
	Skipf(format string, args ...any)
	Failed() bool
}

var _ TB = (*testing.T)(nil)

// RunFile runs every case of a golden file with the runner that newRunner
// returns for it, comparing (or, when updating, rewriting) the expected
// sections. A `#todo` file reports failures as skips.
func RunFile(t TB, path string, newRunner func(t TB, f *File) Runner) {
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	a := Parse(string(data))
	f := &File{Path: path, Tags: a.Tags(), Now: DefaultNow, Schema: map[string]string{}, KeySets: map[string]string{}}
	if reason, ok := f.Tags["skip"]; ok {
		t.Skip(reason)
	}
	todo, isTodo := f.Tags["todo"]
	if s, ok := f.Tags["now"]; ok {
		if f.Now, err = time.Parse(time.RFC3339Nano, s); err != nil {
			t.Fatalf("bad #now tag: %v", err)
		}
	}
	for _, s := range a.Sections {
		if name, ok := strings.CutPrefix(s.Name, "schema/"); ok {
			f.Schema[name] = s.Data
		}
		if uri, ok := strings.CutPrefix(s.Name, "jwks "); ok {
			f.KeySets[strings.TrimSpace(uri)] = strings.TrimSpace(s.Data)
		}
	}
	r := newRunner(t, f)
	if r == nil {
		return
	}
	changed := false
	caseNo := 0
	for i := 0; i < len(a.Sections); i++ {
		if !IsQuerySection(a.Sections[i].Name) {
			continue
		}
		caseNo++
		query := a.Sections[i].Data
		got := r.Query(query, a.Sections[i].Name)
		caseTodo, isCaseTodo := todoMarker(query)
		for j := i + 1; j < len(a.Sections) && !IsQuerySection(a.Sections[j].Name); j++ {
			s := &a.Sections[j]
			var want, have string
			switch s.Name {
			case "output":
				want, have = s.Data, got.Output
				if got.Failed {
					have = got.Err
				}
			case "tagged":
				want, have = s.Data, got.Tagged
				if got.Failed {
					have = got.Err
				}
			case "error":
				want, have = s.Data, got.Err
				if !got.Failed {
					have = "(no error) " + got.Output
				} else if !strings.Contains(want, "\n") {
					// Only code and message are expected.
					have, _, _ = strings.Cut(got.Err, "\n")
				}
			case "log":
				want, have = s.Data, got.Log
			default:
				if strings.HasPrefix(s.Name, "schema/") || strings.HasPrefix(s.Name, "jwks ") {
					continue
				}
				if kind, name, ok := strings.Cut(s.Name, " "); ok && (kind == "secret" || kind == "let" || kind == "jwt") {
					c, isCapturer := r.(Capturer)
					if !isCapturer {
						t.Errorf("case %d: this runner cannot capture values (%q)", caseNo, s.Name)
						continue
					}
					if err := c.Capture(kind, name); err != nil {
						if isCaseTodo || isTodo {
							t.Logf("todo: case %d: %s: %v", caseNo, s.Name, err)
						} else {
							t.Errorf("case %d: %s: %v", caseNo, s.Name, err)
						}
					}
					continue
				}
				t.Errorf("case %d: unknown section %q", caseNo, s.Name)
				continue
			}
			if want == have {
				continue
			}
			if Updating() {
				s.Data = have
				changed = true
				continue
			}
			msg := fmt.Sprintf("case %d, section %s\nquery:\n%s\n--- want\n%s\n--- got\n%s", caseNo, s.Name, query, want, have)
			if isCaseTodo {
				t.Logf("todo (%s): %s", caseTodo, msg)
			} else if isTodo {
				t.Logf("todo (%s): %s", todo, msg)
			} else {
				t.Error(msg)
			}
		}
	}
	if changed {
		if err := os.WriteFile(path, []byte(a.Format()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if isTodo && !t.Failed() {
		t.Skipf("todo: %s", todo)
	}
}

// IsQuerySection reports whether a section starts a case: `query`, or
// `query NAME` for a query run with a named secret (auth scripts).
func IsQuerySection(name string) bool {
	return name == "query" || strings.HasPrefix(name, "query ")
}

// todoMarker finds a case-level todo: a last query line
// `// todo(fqlite): reason` marks a known gap, reported but not failed.
// The marker is an FQL comment on its own line at the end, so it changes
// neither the query's meaning nor the positions in its error summaries.
func todoMarker(query string) (string, bool) {
	lines := strings.Split(strings.TrimRight(query, "\n"), "\n")
	last := strings.TrimSpace(lines[len(lines)-1])
	reason, ok := strings.CutPrefix(last, "// todo(fqlite):")
	return strings.TrimSpace(reason), ok
}
