package runtime

import (
	"strings"
	"testing"
)

func TestSecretFormats(t *testing.T) {
	key, err := newSecret(secretKey, 371153519651061794, 0)
	if err != nil {
		t.Fatal(err)
	}
	tok, err := newSecret(secretToken, 42, 0xdeadbeef)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(key, "fnA") || len(key) != 40 {
		t.Errorf("key secret %q: want 40 chars starting fnA", key)
	}
	if !strings.HasPrefix(tok, "fnE") || len(tok) != 51 {
		t.Errorf("token secret %q: want 51 chars starting fnE", tok)
	}
	for _, s := range []string{key, tok} {
		if strings.ContainsAny(s, ":/,()&=+") {
			t.Errorf("secret %q has characters drivers split on", s)
		}
	}
	if k, id := decodeSecret(key); k != secretKey || id != 371153519651061794 {
		t.Errorf("decode key: %v %d", k, id)
	}
	if k, id := decodeSecret(tok); k != secretToken || id != 42 {
		t.Errorf("decode token: %v %d", k, id)
	}
	for _, bad := range []string{"", "secret", "fnA", key[:len(key)-1], "!!!!"} {
		if k, _ := decodeSecret(bad); k != secretInvalid {
			t.Errorf("decodeSecret(%q) = %v, want invalid", bad, k)
		}
	}
	again, _ := newSecret(secretKey, 371153519651061794, 0)
	if again == key {
		t.Error("two secrets for one key are equal: the random part is missing")
	}
	if !hashesEqual(secretHash(key), secretHash(key)) || hashesEqual(secretHash(key), secretHash(again)) {
		t.Error("secret hashes compare wrongly")
	}
}

func TestScopedSecrets(t *testing.T) {
	cases := []struct {
		in, base string
		want     *secretScope
	}{
		{"abc", "abc", nil},
		{"abc:admin", "abc", &secretScope{builtin: "admin"}},
		{"abc:server-readonly", "abc", &secretScope{builtin: "server-readonly"}},
		{"abc:@role/customer", "abc", &secretScope{role: "customer"}},
		{"abc:@doc/People/123", "abc", &secretScope{docColl: "People", docID: 123}},
		{"abc:child:server", "abc", &secretScope{dbPath: "child", builtin: "server"}},
		{"abc:nonsense", "abc", nil},
		{"abc:@doc/People/x", "abc", nil},
	}
	for _, c := range cases {
		base, sc := splitScopedSecret(c.in)
		if base != c.base {
			t.Errorf("%q: base %q, want %q", c.in, base, c.base)
		}
		if (sc == nil) != (c.want == nil) || (sc != nil && *sc != *c.want) {
			t.Errorf("%q: scope %+v, want %+v", c.in, sc, c.want)
		}
	}
}

func TestIdentityPredicateShape(t *testing.T) {
	for body, want := range map[string]bool{
		"(doc) => doc == Query.identity()":       true,
		"doc => Query.identity() == doc":         true,
		"(d) => d == Query.identity()":           true,
		"(doc) => doc != Query.identity()":       false,
		"(doc) => doc == Query.identity()!":      false,
		"(doc) => doc.owner == Query.identity()": false,
		"(a, b) => a == Query.identity()":        false,
		"(doc) => doc == Query?.identity()":      false,
	} {
		if got := isIdentityPredicate(body); got != want {
			t.Errorf("%s: %v, want %v", body, got, want)
		}
	}
}
