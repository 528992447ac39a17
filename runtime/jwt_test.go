package runtime_test

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/fqlite/fqlite/eval"
	"github.com/fqlite/fqlite/internal/testissuer"
	"github.com/fqlite/fqlite/runtime"
)

// sign signs claims with the test issuer's key; header fields override
// the default header.
func sign(t testing.TB, header map[string]string, claims map[string]any) string {
	t.Helper()
	p, _ := json.Marshal(claims)
	tok, err := testissuer.Sign(p, header)
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

func testKeySet(t testing.TB) []byte {
	t.Helper()
	ks, err := testissuer.KeySet()
	if err != nil {
		t.Fatal(err)
	}
	return ks
}

const (
	auth0Issuer = "https://example.auth0.com/"
	auth0JWKS   = "https://example.auth0.com/.well-known/jwks.json"
)

var providerSchema = map[string]string{"main.fsl": `
collection Order {
  item: String
}

role customer {
  privileges Order { read }
}

role manager {
  privileges Order { read; create }
}

access provider Auth0 {
  issuer "https://example.auth0.com/"
  jwks_uri "https://example.auth0.com/.well-known/jwks.json"
  role customer
  role manager { predicate ((jwt) => jwt.sub == "boss") }
}
`}

func openProviderDB(t testing.TB) (*runtime.DB, string) {
	t.Helper()
	db, err := runtime.Open(runtime.Options{RootSecret: "root", KeySets: map[string][]byte{auth0JWKS: testKeySet(t)}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.PushSchema(context.Background(), providerSchema, runtime.PushOptions{}); err != nil {
		t.Fatal(err)
	}
	res, err := db.Query(context.Background(), `Order.create({ item: "cup" }); AccessProvider.byName("Auth0")!.audience`, &runtime.QueryOptions{Secret: "root"})
	if err != nil {
		t.Fatal(err)
	}
	return db, string(res.Value.(eval.String))
}

func claims(aud any, sub string, extra ...any) map[string]any {
	c := map[string]any{"iss": auth0Issuer, "aud": aud, "sub": sub, "exp": time.Now().Add(time.Hour).Unix()}
	for i := 0; i+1 < len(extra); i += 2 {
		c[extra[i].(string)] = extra[i+1]
	}
	return c
}

// TestJWTAuthentication: an access provider's JWTs are secrets that hold
// the provider's roles whose predicate accepts them (spec/fsl-auth.md
// §3.6); every way a token can be wrong is refused.
func TestJWTAuthentication(t *testing.T) {
	db, aud := openProviderDB(t)
	if !strings.HasPrefix(aud, "https://db.fauna.com/db/") || len(aud) != len("https://db.fauna.com/db/")+13 {
		t.Fatalf("audience %q", aud)
	}
	ann := sign(t, nil, claims(aud, "ann", "email", "ann@example.com"))
	eq(t, `"cup"`, run(t, db, ann, `Order.all().first()!.item`))
	eq(t, "permission_denied", run(t, db, ann, `Order.create({ item: "mug" })`))
	eq(t, "null", run(t, db, ann, `Query.identity()`))
	eq(t, `"ann@example.com"`, run(t, db, ann, `Query.token()!.email`))
	eq(t, `"ann"`, run(t, db, ann, `Query.token()!.sub`))

	boss := sign(t, nil, claims([]any{"https://api.example.com", aud}, "boss"))
	eq(t, `"mug"`, run(t, db, boss, `Order.create({ item: "mug" }).item`))

	refused := map[string]string{
		"expired":          sign(t, nil, claims(aud, "ann", "exp", time.Now().Add(-time.Second).Unix())),
		"not yet valid":    sign(t, nil, claims(aud, "ann", "nbf", time.Now().Add(time.Hour).Unix())),
		"other database":   sign(t, nil, claims("https://db.fauna.com/db/ybndrfg8ejkmc", "ann")),
		"two databases":    sign(t, nil, claims([]any{aud, "https://db.fauna.com/db/ybndrfg8ejkmc"}, "ann")),
		"no database":      sign(t, nil, claims("https://api.example.com", "ann")),
		"unknown issuer":   sign(t, nil, claims(aud, "ann", "iss", "https://evil.example.com/")),
		"unknown kid":      sign(t, map[string]string{"kid": "other-key"}, claims(aud, "ann")),
		"HS256 header":     sign(t, map[string]string{"alg": "HS256"}, claims(aud, "ann")),
		"tampered payload": tamper(sign(t, nil, claims(aud, "ann")), claims(aud, "boss")),
		"garbled":          "eyJhbGciOiJSUzI1NiJ9.bm90IGpzb24.c2ln",
	}
	for what, tok := range refused {
		if got := run(t, db, tok, `Order.all().count()`); got != "unauthorized" {
			t.Errorf("%s: %s, want unauthorized", what, got)
		}
	}

	// A provider whose key set fqlite was not given refuses every token.
	run(t, db, "root", `AccessProvider.byName("Auth0")!.update({ jwks_uri: "https://other.example.com/jwks.json" })`)
	eq(t, "unauthorized", run(t, db, ann, `1`))
	if err := db.SetKeySet("https://other.example.com/jwks.json", testKeySet(t)); err != nil {
		t.Fatal(err)
	}
	eq(t, "1", run(t, db, ann, `1`))

	// A token no role accepts is refused.
	run(t, db, "root", `AccessProvider.byName("Auth0")!.update({ roles: [{ role: "manager", predicate: "(jwt) => jwt.sub == \"boss\"" }] })`)
	eq(t, "unauthorized", run(t, db, ann, `1`))
	eq(t, "2", run(t, db, boss, `Order.all().count()`))
}

// tamper replaces a token's payload, keeping its signature.
func tamper(tok string, c map[string]any) string {
	parts := strings.Split(tok, ".")
	p, _ := json.Marshal(c)
	return parts[0] + "." + base64.RawURLEncoding.EncodeToString(p) + "." + parts[2]
}

// The audience is the database's, and read-only.
func TestAccessProviderAudience(t *testing.T) {
	db, aud := openProviderDB(t)
	// A second push of the same schema changes nothing, the audience
	// included.
	res, err := db.PushSchema(context.Background(), providerSchema, runtime.PushOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Changes) != 0 {
		t.Errorf("a second push changed %v", res.Changes)
	}
	eq(t, `"`+aud+`"`, run(t, db, "root", `AccessProvider.byName("Auth0")!.audience`))
	eq(t, "constraint_failure", run(t, db, "root", `AccessProvider.create({ name: "X", issuer: "https://x.example.com/", jwks_uri: "https://x.example.com/jwks", roles: "customer", audience: "https://db.fauna.com/db/yyyyyyyyyyyyy" })`))
	eq(t, "constraint_failure", run(t, db, "root", `AccessProvider.byName("Auth0")!.update({ audience: "https://db.fauna.com/db/yyyyyyyyyyyyy" })`))
	eq(t, `"`+aud+`"`, run(t, db, "root", `AccessProvider.byName("Auth0")!.replace({ issuer: "https://example.auth0.com/", jwks_uri: "https://example.auth0.com/.well-known/jwks.json", roles: "customer" }).audience`))
	eq(t, `"`+aud+`"`, run(t, db, "root", `AccessProvider.create({ name: "Y", issuer: "https://y.example.com/", jwks_uri: "https://y.example.com/jwks", roles: "customer" }).audience`))
}

// A JWT whose audience is a child database acts there.
func TestJWTForChildDatabase(t *testing.T) {
	db, err := runtime.Open(runtime.Options{RootSecret: "root", KeySets: map[string][]byte{auth0JWKS: testKeySet(t)}})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	run(t, db, "root", `Database.create({ name: "shop" })`)
	run(t, db, "root:shop:admin", `Collection.create({ name: "Order" })`)
	run(t, db, "root:shop:admin", `Role.create({ name: "customer", privileges: [{ resource: "Order", actions: { read: true } }] })`)
	aud := run(t, db, "root:shop:admin", `AccessProvider.create({ name: "Auth0", issuer: "https://example.auth0.com/", jwks_uri: "https://example.auth0.com/.well-known/jwks.json", roles: "customer" }).audience`)
	aud = aud[1 : len(aud)-1]
	tok := sign(t, nil, claims(aud, "ann"))
	run(t, db, "root:shop:admin", `Order.create({ item: "in the child" })`)
	eq(t, `"in the child"`, run(t, db, tok, `Order.all().first()!.item`))
	eq(t, "permission_denied", run(t, db, tok, `Order.create({})`))
}

// BenchmarkJWTIndexedRead: a read authenticated by a JWT (signature
// verified once, then cached), against the same read with a key.
func BenchmarkJWTRead(b *testing.B) {
	db, aud := openProviderDB(b)
	tok := sign(b, nil, claims(aud, "ann"))
	for _, c := range []struct{ name, secret string }{{"jwt", tok}, {"root", "root"}} {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := db.Query(context.Background(), `Order.all().first()!.item`, &runtime.QueryOptions{Secret: c.secret}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
