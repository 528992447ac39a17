package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/fqlite/fqlite/internal/testissuer"
)

// TestEvalAsSecret: `fqlite eval --secret` runs a query with a key's
// roles, and `--jwks` lets an access provider's JWTs in.
func TestEvalAsSecret(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "db")
	schema := filepath.Join(dir, "schema")
	os.MkdirAll(schema, 0o755)
	os.WriteFile(filepath.Join(schema, "main.fsl"), []byte(`collection Note { text: String }
role reader { privileges Note { read } }
access provider Auth0 {
  issuer "https://example.auth0.com/"
  jwks_uri "https://example.auth0.com/.well-known/jwks.json?tenant=a"
  role reader
}
`), 0o644)
	code, out, errOut := runCLI(t, "", "eval", "--data", data, "--schema", schema, `Note.create({ text: "hi" }); [Key.create({ role: "reader" }).secret, AccessProvider.byName("Auth0")!.audience]`, "--format", "simple")
	if code != 0 {
		t.Fatalf("setup: %d %s", code, errOut)
	}
	var setup []string
	if err := json.Unmarshal([]byte(out), &setup); err != nil {
		t.Fatal(err)
	}
	key, aud := setup[0], setup[1]

	if code, out, _ := runCLI(t, "", "eval", "--data", data, "--secret", key, "Note.all().first()!.text"); code != 0 || out != "\"hi\"\n" {
		t.Errorf("read as reader: %d %q", code, out)
	}
	code, _, errOut = runCLI(t, "", "eval", "--data", data, "--secret", key, `Note.create({ text: "no" })`)
	if code != 1 || !strings.HasPrefix(errOut, "permission_denied: ") {
		t.Errorf("write as reader: %d %q", code, errOut)
	}
	code, _, errOut = runCLI(t, "", "eval", "--data", data, "--secret", "bogus", "1")
	if code != 1 || !strings.HasPrefix(errOut, "unauthorized: Access token required") {
		t.Errorf("bogus secret: %d %q", code, errOut)
	}

	jwks, err := testissuer.KeySet()
	if err != nil {
		t.Fatal(err)
	}
	jwksFile := filepath.Join(dir, "jwks.json")
	os.WriteFile(jwksFile, jwks, 0o644)
	p, _ := json.Marshal(map[string]any{"iss": "https://example.auth0.com/", "aud": aud, "sub": "u1", "exp": time.Now().Add(time.Hour).Unix()})
	tok, err := testissuer.Sign(p, nil)
	if err != nil {
		t.Fatal(err)
	}

	code, _, errOut = runCLI(t, "", "eval", "--data", data, "--secret", tok, "Note.all().count()")
	if code != 1 || !strings.HasPrefix(errOut, "unauthorized") {
		t.Errorf("JWT without the provider's key set: %d %q", code, errOut)
	}
	uri := "https://example.auth0.com/.well-known/jwks.json?tenant=a"
	code, out, errOut = runCLI(t, "", "eval", "--data", data, "--jwks", uri+"="+jwksFile, "--secret", tok, "[Note.all().count(), Query.token()!.sub]", "--format", "simple")
	if code != 0 || out != "[1,\"u1\"]\n" {
		t.Errorf("JWT with --jwks: %d %q %q", code, out, errOut)
	}
	code, _, errOut = runCLI(t, "", "eval", "--jwks", uri+"="+filepath.Join(dir, "missing.json"), "1")
	if code != 2 || !strings.Contains(errOut, "missing.json: no such file") {
		t.Errorf("--jwks with a missing file: %d %q", code, errOut)
	}
	code, _, errOut = runCLI(t, "", "eval", "--jwks", "https://x/jwks="+filepath.Join(schema, "main.fsl"), "1")
	if code == 0 || !strings.Contains(errOut, "not a JSON Web Key Set") {
		t.Errorf("--jwks with a file that is no key set: %d %q", code, errOut)
	}
}
