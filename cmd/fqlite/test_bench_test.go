package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/fqlite/fqlite/internal/golden"
)

// assertionScript writes a script with n allow/deny assertions: the seed
// 001 schema, a customer token, an unauthenticated key and a server key,
// then n cases alternating between reads and writes that each must be
// allowed or denied.
func assertionScript(t testing.TB, n int) string {
	b, err := os.ReadFile(filepath.Join("..", "..", "testdata", "tutorials", "001-ecommerce.txtar"))
	if err != nil {
		t.Fatal(err)
	}
	var s strings.Builder
	s.WriteString("Generated allow/deny assertions over the seed 001 schema.\n")
	for _, sec := range golden.Parse(string(b)).Sections {
		if strings.HasPrefix(sec.Name, "schema/") {
			fmt.Fprintf(&s, "-- %s --\n%s\n", sec.Name, sec.Data)
		}
	}
	s.WriteString(`-- query --
Store.create({ id: 1, name: "s" })
Product.create({ id: 1, name: "p", description: "d", price: 1, quantity: 1, store: Store(1), backorderLimit: 0, backordered: false })
Set.sequence(1, 101).forEach(i => Customer.create({ id: i, email: "c" + i.toString() + "@x" }))
Credential.create({ document: Customer(1), password: "pw" })
null
-- output --
null
-- query --
Token.create({ document: Customer(1) }).secret
-- secret T --
-- query --
Key.create({ role: "unauthenticated" }).secret
-- secret K --
-- query --
Key.create({ role: "server-readonly" }).secret
-- secret R --
`)
	type check struct{ as, q, out, err string }
	checks := []check{
		{"T", "Customer.byId(%d).exists()", "", ""},
		{"T", "Product.byId(1).exists()", "true", ""},
		{"K", "Product.byId(1).exists()", "false", ""},
		{"R", "Customer.byId(%d).exists()", "true", ""},
		{"T", "Product.byId(1)!.update({ price: 2 })", "", "permission_denied: Insufficient privileges to perform the action."},
		{"R", "Customer.byId(%d)!.update({ name: \"x\" })", "", "permission_denied: Insufficient privileges to perform the action."},
		{"K", "Customer.byEmail(\"c%d@x\").count()", "", "permission_denied: Insufficient privileges to read from collection Customer."},
		{"T", "Customer.byEmail(\"c%d@x\").count()", "", ""},
	}
	for i := 0; i < n; i++ {
		c := checks[i%len(checks)]
		id := 1 + i%100
		q := c.q
		if strings.Contains(q, "%d") {
			q = fmt.Sprintf(q, id)
		}
		out, errLine := c.out, c.err
		if out == "" && errLine == "" {
			// The customer reads only itself.
			if id == 1 {
				out = map[bool]string{true: "true", false: "1"}[strings.Contains(q, "exists")]
			} else {
				out = map[bool]string{true: "false", false: "0"}[strings.Contains(q, "exists")]
			}
		}
		fmt.Fprintf(&s, "-- query as %s --\n%s\n", c.as, q)
		if errLine != "" {
			fmt.Fprintf(&s, "-- error --\n%s\n", errLine)
		} else {
			fmt.Fprintf(&s, "-- output --\n%s\n", out)
		}
	}
	path := filepath.Join(t.TempDir(), "assertions.txtar")
	if err := os.WriteFile(path, []byte(s.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestTenThousandAssertions runs 10,000 allow/deny assertions through
// `fqlite test` and reports the time (the goal is < 1 s).
func TestTenThousandAssertions(t *testing.T) {
	path := assertionScript(t, 10000)
	start := time.Now()
	code := runTest([]string{path}, io.Discard, io.Discard)
	took := time.Since(start)
	if code != 0 {
		var out strings.Builder
		runTest([]string{path}, &out, &out)
		t.Fatalf("exit %d\n%.3000s", code, out.String())
	}
	t.Logf("10,000 allow/deny assertions through fqlite test in %v", took.Round(time.Millisecond))
}

// BenchmarkTenThousandAssertions is TestTenThousandAssertions as a
// benchmark (one op = 10,000 assertions).
func BenchmarkTenThousandAssertions(b *testing.B) {
	path := assertionScript(b, 10000)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if code := runTest([]string{path}, io.Discard, io.Discard); code != 0 {
			b.Fatalf("exit %d", code)
		}
	}
}
