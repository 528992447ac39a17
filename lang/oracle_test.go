package lang

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"testing"
)

// TestParseOracle compares parse outcomes with a corpus of Fauna parser
// results (testdata/parse/README.md; JSON lines: q, kind ok|errs|fail, msg,
// at). FQLITE_PARSE_ORACLE names another corpus to check.
func TestParseOracle(t *testing.T) {
	path := os.Getenv("FQLITE_PARSE_ORACLE")
	if path == "" {
		path = filepath.Join("..", "testdata", "parse", "fastparse-oracle.jsonl")
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	n, bad := 0, 0
	for sc.Scan() {
		var c struct {
			Q, Kind, Msg string
			At           int
		}
		if err := json.Unmarshal(sc.Bytes(), &c); err != nil {
			t.Fatal(err)
		}
		n++
		_, err := ParseQuery(NewSource(QuerySourceName, c.Q))
		var kind, msg string
		at := -1
		switch {
		case err == nil:
			kind = "ok"
		default:
			errs := err.(ParseErrors)
			msg = errs[0].Message
			at = errs[0].Span.Start
			kind = "fail"
			if c.Kind == "errs" {
				kind = "errs"
			}
		}
		want := c.Kind + "|" + c.Msg
		got := kind + "|" + msg
		if c.Kind == "fail" && at != c.At {
			got += "@" + strconv.Itoa(at)
			want += "@" + strconv.Itoa(c.At)
		}
		if want != got {
			bad++
			if bad <= 40 {
				t.Errorf("%q:\n want %s\n  got %s", c.Q, want, got)
			}
		}
	}
	if n == 0 {
		t.Fatal("empty corpus")
	}
	t.Logf("%d cases, %d mismatches", n, bad)
}
