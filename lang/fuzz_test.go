package lang

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"unicode/utf8"
)

// FuzzParseQuery checks that any input parses or fails with Fauna-shaped
// errors, never panics, and that error spans lie within the input.
func FuzzParseQuery(f *testing.F) {
	for _, q := range []string{
		"", "1", "2 3", "let x = 1\nx + 1", "{ a: 1, b: [1, 2] }", "foo(a, b)", "x => x + 1",
		"'a\\u{1F600}b'", "\"#{1 + 1}\"", "<<-END\n  a\n  b\nEND", "<<+END\n  #{x}\nEND",
		"a?.b!", "[1, 2].map(.x)", "foo { a, b: 1 }", "match x { case 1 => 2 }", "if (a) b else c",
		"-0x1f ** 2", "a\n  .b()\n  .c", "(a, ...b) => b", "let a: Array<Int> | Null = null\na",
	} {
		f.Add(q)
	}
	addCorpus(f, filepath.Join("..", "testdata", "parse", "fastparse-oracle.jsonl"))
	f.Fuzz(func(t *testing.T, q string) {
		src := NewSource(QuerySourceName, q)
		blk, err := ParseQuery(src)
		if err == nil {
			if blk == nil || len(blk.Stmts) == 0 {
				t.Fatalf("%q: parsed to an empty block", q)
			}
			return
		}
		errs, ok := err.(ParseErrors)
		if !ok || len(errs) == 0 {
			t.Fatalf("%q: unexpected error type %T", q, err)
		}
		for _, e := range errs {
			if e.Message == "" || e.Span.Start < 0 || e.Span.Start > len(q) || e.Span.End < e.Span.Start {
				t.Fatalf("%q: bad error %+v", q, e)
			}
			if utf8.ValidString(q) {
				_ = e.Render()
			}
		}
	})
}

// addCorpus seeds a fuzz target with the queries of a JSON-lines corpus.
func addCorpus(f *testing.F, path string) {
	file, err := os.Open(path)
	if err != nil {
		f.Fatal(err)
	}
	defer file.Close()
	sc := bufio.NewScanner(file)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		var c struct{ Q string }
		if json.Unmarshal(sc.Bytes(), &c) == nil {
			f.Add(c.Q)
		}
	}
}
