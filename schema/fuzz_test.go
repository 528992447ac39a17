package schema

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/fqlite/fqlite/internal/golden"
)

// FuzzRoundTrip checks that whatever schema loads renders to FSL that loads
// again into the same model, and that loading never panics. Seeds are the
// schemas of the golden files.
func FuzzRoundTrip(f *testing.F) {
	files, _ := golden.Files(filepath.Join("..", "testdata", "fsl"))
	for _, file := range files {
		data, err := os.ReadFile(file)
		if err != nil {
			continue
		}
		for _, s := range golden.Parse(string(data)).Sections {
			if strings.HasPrefix(s.Name, "schema/") {
				f.Add(s.Data)
			}
		}
	}
	f.Fuzz(func(t *testing.T, text string) {
		s, err := Parse(map[string]string{"main.fsl": text})
		if err != nil {
			if _, ok := err.(Errors); !ok {
				t.Fatalf("%q: error of type %T", text, err)
			}
			_ = err.(Errors).Render()
			return
		}
		rendered := s.FSL()
		again, err := Parse(rendered)
		if err != nil {
			t.Fatalf("%q: rendered FSL %q does not load: %s", text, rendered["main.fsl"], renderErr(err))
		}
		if a, b := dump(s, false), dump(again, false); a != b {
			t.Fatalf("%q: round trip changed the model\n%s\n---\n%s", text, a, b)
		}
	})
}
