// Package golden reads and rewrites the txtar golden files under testdata/
// (see testdata/README.md). Every package with tests imports it, so
// `go test ./... -update` is accepted everywhere; FQLITE_UPDATE=1 does the
// same through the environment, which also works when only some packages
// are selected.
package golden

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

var update = flag.Bool("update", false, "rewrite the expected sections of golden files")

// Updating reports whether golden files should be rewritten.
func Updating() bool { return *update || os.Getenv("FQLITE_UPDATE") == "1" }

// Section is one `-- name --` part of an archive.
type Section struct {
	Name string
	Data string // without the trailing newline that ends the section
}

// Archive is a parsed txtar file.
type Archive struct {
	Comment  string
	Sections []Section
}

// Parse parses txtar text.
func Parse(data string) *Archive {
	a := &Archive{}
	lines := strings.SplitAfter(data, "\n")
	var cur *Section
	var buf strings.Builder
	flush := func() {
		text := strings.TrimSuffix(buf.String(), "\n")
		if cur == nil {
			a.Comment = buf.String()
		} else {
			cur.Data = text
			a.Sections = append(a.Sections, *cur)
		}
		buf.Reset()
	}
	for _, l := range lines {
		if name, ok := marker(l); ok {
			flush()
			cur = &Section{Name: name}
			continue
		}
		buf.WriteString(l)
	}
	flush()
	return a
}

func marker(line string) (string, bool) {
	l := strings.TrimRight(line, "\r\n")
	if strings.HasPrefix(l, "-- ") && strings.HasSuffix(l, " --") && len(l) >= 6 {
		return strings.TrimSpace(l[3 : len(l)-3]), true
	}
	return "", false
}

// Format renders the archive back to txtar text.
func (a *Archive) Format() string {
	var b bytes.Buffer
	b.WriteString(a.Comment)
	for _, s := range a.Sections {
		b.WriteString("-- " + s.Name + " --\n")
		if s.Data != "" {
			b.WriteString(s.Data)
			b.WriteByte('\n')
		}
	}
	return b.String()
}

// Tags returns the `#key: value` lines of the archive comment.
func (a *Archive) Tags() map[string]string {
	tags := map[string]string{}
	for _, l := range strings.Split(a.Comment, "\n") {
		l = strings.TrimSpace(l)
		if !strings.HasPrefix(l, "#") {
			continue
		}
		k, v, _ := strings.Cut(l[1:], ":")
		tags[strings.TrimSpace(k)] = strings.TrimSpace(v)
	}
	return tags
}

// Files lists the .txtar files under dir, sorted.
func Files(dir string) ([]string, error) {
	var out []string
	err := filepath.Walk(dir, func(path string, info os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		if !info.IsDir() && strings.HasSuffix(path, ".txtar") {
			out = append(out, path)
		}
		return nil
	})
	sort.Strings(out)
	return out, err
}
