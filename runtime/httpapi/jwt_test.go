package httpapi

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/fqlite/fqlite/internal/testissuer"
)

// TestJWTOverTheWire: an access provider's JWT is a bearer secret like
// any other; a refused one is a 401.
func TestJWTOverTheWire(t *testing.T) {
	ts := newTestServer(t)
	jwks, err := testissuer.KeySet()
	if err != nil {
		t.Fatal(err)
	}
	if err := ts.db.SetKeySet("https://idp.example.com/jwks", jwks); err != nil {
		t.Fatal(err)
	}
	mustOK(t, ts.q(t, `Collection.create({ name: "Note" })`))
	mustOK(t, ts.q(t, `Role.create({ name: "reader", privileges: [{ resource: "Note", actions: { read: true } }] })`))
	r := ts.q(t, `Note.create({ text: "hi" }); AccessProvider.create({ name: "IdP", issuer: "https://idp.example.com/", jwks_uri: "https://idp.example.com/jwks", roles: "reader" }).audience`)
	mustOK(t, r)
	aud := r.body["data"].(string)
	sign := func(exp time.Time) string {
		p, _ := json.Marshal(map[string]any{"iss": "https://idp.example.com/", "aud": aud, "sub": "u1", "exp": exp.Unix()})
		tok, err := testissuer.Sign(p, nil)
		if err != nil {
			t.Fatal(err)
		}
		return tok
	}
	r = ts.q(t, `[Note.all().first()!.text, Query.token()!.sub]`, "Authorization", "Bearer "+sign(time.Now().Add(time.Hour)))
	mustOK(t, r)
	if got := jsonOf(t, r.body["data"]); got != `["hi","u1"]` {
		t.Errorf("JWT query: %s", got)
	}
	r = ts.q(t, `1`, "Authorization", "Bearer "+sign(time.Now().Add(-time.Minute)))
	if r.status != 401 || r.errCode() != "unauthorized" {
		t.Errorf("expired JWT: %d %s", r.status, r.raw)
	}
}
