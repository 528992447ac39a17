package schema

import (
	"errors"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/fqlite/fqlite/internal/golden"
)

// TestGolden runs the cases of testdata/fsl. Each archive has `-- schema/<file>.fsl --`
// sections (the schema directory) and the expected `-- error --` (rendered
// errors) or `-- items --` (the model, see dump). Optional sections:
// `-- fsl/<file>.fsl --` (the canonical FSL the model renders),
// `-- old/<file>.fsl --` with `-- diff --`, `-- diff-summary --` and
// `-- diff-text --` (the diff from the old schema to the new one).
// FQLITE_UPDATE=1 rewrites the expected sections.
func TestGolden(t *testing.T) {
	files, err := golden.Files(filepath.Join("..", "testdata", "fsl"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatal("no golden files found")
	}
	for _, file := range files {
		rel, _ := filepath.Rel(filepath.Join("..", "testdata"), file)
		t.Run(filepath.ToSlash(rel), func(t *testing.T) { runGolden(t, file) })
	}
}

// section returns the named section, if present.
func section(a *golden.Archive, name string) (string, bool) {
	for _, s := range a.Sections {
		if s.Name == name {
			return s.Data, true
		}
	}
	return "", false
}

// setSection replaces or appends a section.
func setSection(a *golden.Archive, name, data string) {
	for i, s := range a.Sections {
		if s.Name == name {
			a.Sections[i].Data = data
			return
		}
	}
	a.Sections = append(a.Sections, golden.Section{Name: name, Data: data})
}

func removeSection(a *golden.Archive, name string) {
	for i, s := range a.Sections {
		if s.Name == name {
			a.Sections = append(a.Sections[:i], a.Sections[i+1:]...)
			return
		}
	}
}

func filesWithPrefix(a *golden.Archive, prefix string) map[string]string {
	files := map[string]string{}
	for _, s := range a.Sections {
		if name, ok := strings.CutPrefix(s.Name, prefix); ok {
			// txtar drops the file's final newline; FSL files keep one.
			files[name] = s.Data + "\n"
		}
	}
	return files
}

func renderErr(err error) string {
	var errs Errors
	if errors.As(err, &errs) {
		return errs.Render()
	}
	return "load error: " + err.Error()
}

func runGolden(t *testing.T, file string) {
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	a := golden.Parse(string(data))
	tags := a.Tags()
	if reason, ok := tags["skip"]; ok {
		t.Skip(reason)
	}
	_, todo := tags["todo"]
	update := golden.Updating()
	// FQLITE_UPDATE=empty fills in only missing or empty sections, leaving
	// reviewed expectations alone.
	fillEmpty := os.Getenv("FQLITE_UPDATE") == "empty"
	changed := false
	check := func(name, got string) {
		want, ok := section(a, name)
		if ok && want == got {
			return
		}
		if update || fillEmpty && want == "" {
			setSection(a, name, got)
			changed = true
			return
		}
		if todo {
			t.Skipf("todo: %s differs", name)
		}
		if !ok {
			t.Errorf("missing -- %s -- section; got:\n%s", name, got)
			return
		}
		t.Errorf("-- %s -- mismatch\nwant:\n%s\n\ngot:\n%s", name, want, got)
	}

	files := filesWithPrefix(a, "schema/")
	parse := Parse
	if _, ok := tags["parse-only"]; ok {
		parse = parseUnchecked
	}
	s, err := parse(files)
	if err != nil {
		if update || fillEmpty {
			if w, _ := section(a, "items"); update || w == "" {
				removeSection(a, "items")
			}
		}
		check("error", renderErr(err))
	} else {
		if update || fillEmpty {
			if w, _ := section(a, "error"); update || w == "" {
				removeSection(a, "error")
			}
		}
		check("items", dump(s, true))
		roundTrip(t, s, parse)
		rendered := s.FSL()
		for _, sec := range a.Sections {
			if name, ok := strings.CutPrefix(sec.Name, "fsl/"); ok {
				check(sec.Name, strings.TrimSuffix(rendered[name], "\n"))
			}
		}
	}

	if oldFiles := filesWithPrefix(a, "old/"); len(oldFiles) > 0 {
		old, err := Parse(oldFiles)
		if err != nil {
			t.Fatalf("old schema: %s", renderErr(err))
		}
		changes := Diff(old, s)
		check("diff", strings.TrimSuffix(RenderDiff(changes, DiffSemantic), "\n"))
		if _, ok := section(a, "diff-summary"); ok || update {
			check("diff-summary", strings.TrimSuffix(RenderDiff(changes, DiffSummary), "\n"))
		}
		if _, ok := section(a, "diff-text"); ok || update {
			check("diff-text", strings.TrimSuffix(RenderTextDiff(oldFiles, files), "\n"))
		}
	}

	if changed {
		if err := os.WriteFile(file, []byte(a.Format()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// roundTrip checks that rendering the schema and parsing the result gives
// the same model.
func roundTrip(t *testing.T, s *Schema, parse func(map[string]string) (*Schema, error)) {
	t.Helper()
	rendered := s.FSL()
	again, err := parse(rendered)
	if err != nil {
		var names []string
		for n := range rendered {
			names = append(names, n)
		}
		sort.Strings(names)
		var b strings.Builder
		for _, n := range names {
			b.WriteString("# " + n + "\n" + rendered[n])
		}
		t.Fatalf("round trip: rendered FSL does not parse:\n%s\n%s", renderErr(err), b.String())
	}
	if got, want := dump(again, false), dump(s, false); got != want {
		t.Errorf("round trip changed the model\nbefore:\n%s\n\nafter:\n%s", want, got)
	}
	if again2 := again.FSL(); !equalFiles(again2, rendered) {
		t.Errorf("rendering is not stable:\n%v\nvs\n%v", rendered, again2)
	}
}

// parseUnchecked parses and builds a schema without validating it, for
// cases that check parsing and rendering only (as Fauna's FSLParserSpec).
func parseUnchecked(files map[string]string) (*Schema, error) {
	parsed, err := parseFiles(files)
	if err != nil {
		return nil, err
	}
	return build(parsed), nil
}

func equalFiles(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}
