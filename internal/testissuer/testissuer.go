// Package testissuer is an identity provider for tests and `fqlite test`
// scripts: one RSA key per process, its JSON Web Key Set, and RS256
// signing of JWTs, so access providers can be tried offline.
package testissuer

import (
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"math/big"
	"sync"
)

// KeyID is the `kid` of the key.
const KeyID = "fqlite-test"

var (
	once   sync.Once
	key    *rsa.PrivateKey
	keyErr error
)

func signingKey() (*rsa.PrivateKey, error) {
	once.Do(func() { key, keyErr = rsa.GenerateKey(rand.Reader, 2048) })
	return key, keyErr
}

// KeySet is the JWKS holding the key's public half.
func KeySet() ([]byte, error) {
	k, err := signingKey()
	if err != nil {
		return nil, err
	}
	b64 := base64.RawURLEncoding.EncodeToString
	return json.Marshal(map[string]any{"keys": []any{map[string]any{
		"kty": "RSA", "kid": KeyID, "use": "sig", "alg": "RS256",
		"n": b64(k.N.Bytes()), "e": b64(big.NewInt(int64(k.E)).Bytes()),
	}}})
}

// Sign makes a compact JWS of the payload (JSON) with an RS256 signature.
// The header is {"alg": "RS256", "typ": "JWT", "kid": KeyID} with the
// given fields overriding it (tests of refused tokens change alg or kid).
func Sign(payload []byte, header map[string]string) (string, error) {
	k, err := signingKey()
	if err != nil {
		return "", err
	}
	h := map[string]string{"alg": "RS256", "typ": "JWT", "kid": KeyID}
	for name, v := range header {
		h[name] = v
	}
	hb, err := json.Marshal(h)
	if err != nil {
		return "", err
	}
	input := base64.RawURLEncoding.EncodeToString(hb) + "." + base64.RawURLEncoding.EncodeToString(payload)
	digest := sha256.Sum256([]byte(input))
	sig, err := rsa.SignPKCS1v15(rand.Reader, k, crypto.SHA256, digest[:])
	if err != nil {
		return "", err
	}
	return input + "." + base64.RawURLEncoding.EncodeToString(sig), nil
}
