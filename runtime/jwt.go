package runtime

import (
	"bytes"
	"crypto"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/fqlite/fqlite/eval"
)

// JSON Web Tokens from access providers (spec/fsl-auth.md §3.6), checked
// the way Fauna checks them: a compact JWS signed with RS256, RS384 or
// RS512 by an RSA key of the provider's key set (JWKS), `exp` and `nbf`
// honoured, exactly one audience naming a database. fqlite fetches
// nothing: the key set of each `jwks_uri` is given to the database
// (Options.KeySets, DB.SetKeySet, `--jwks URI=FILE`).

// jwt is a parsed, not yet verified, token.
type jwt struct {
	alg, kid      string
	payload       *eval.Object
	signingInput  string
	signature     []byte
	exp, nbf      time.Time // zero: no claim
	issuer        string
	audiences     []string
	hasExp, hasNb bool
}

var errBadJWT = errors.New("invalid token")

// looksLikeJWT: Fauna sends secrets that start with "ey" and hold a dot
// to the JWT path.
func looksLikeJWT(secret string) bool {
	return strings.HasPrefix(secret, "ey") && strings.Contains(secret, ".")
}

func parseJWT(s string) (*jwt, error) {
	parts := strings.Split(s, ".")
	if len(parts) != 3 {
		return nil, errBadJWT
	}
	hb, err1 := base64.RawURLEncoding.DecodeString(strings.TrimRight(parts[0], "="))
	pb, err2 := base64.RawURLEncoding.DecodeString(strings.TrimRight(parts[1], "="))
	sig, err3 := base64.RawURLEncoding.DecodeString(strings.TrimRight(parts[2], "="))
	if err1 != nil || err2 != nil || err3 != nil {
		return nil, errBadJWT
	}
	var header struct {
		Alg string `json:"alg"`
		Kid string `json:"kid"`
	}
	if err := json.Unmarshal(hb, &header); err != nil {
		return nil, errBadJWT
	}
	t := &jwt{alg: header.Alg, kid: header.Kid, signingInput: parts[0] + "." + parts[1], signature: sig}
	dec := json.NewDecoder(bytes.NewReader(pb))
	dec.UseNumber()
	v, err := decodeJSONValue(dec)
	if err != nil {
		return nil, errBadJWT
	}
	payload, ok := v.(*eval.Object)
	if !ok {
		return nil, errBadJWT
	}
	t.payload = payload
	if iss, ok := payload.Get("iss"); ok {
		if s, ok := iss.(eval.String); ok {
			t.issuer = string(s)
		}
	}
	if aud, ok := payload.Get("aud"); ok {
		switch a := aud.(type) {
		case eval.String:
			t.audiences = []string{string(a)}
		case *eval.Array:
			for _, e := range a.Elems {
				s, ok := e.(eval.String)
				if !ok {
					return nil, errBadJWT
				}
				t.audiences = append(t.audiences, string(s))
			}
		}
	}
	if t.exp, t.hasExp, err = numericDate(payload, "exp"); err != nil {
		return nil, errBadJWT
	}
	if t.nbf, t.hasNb, err = numericDate(payload, "nbf"); err != nil {
		return nil, errBadJWT
	}
	return t, nil
}

// decodeJSONValue decodes one JSON value as an FQL value, keeping the
// order of object fields; numbers are Int, Long or Double as in the wire
// protocol's simple format.
func decodeJSONValue(dec *json.Decoder) (eval.Value, error) {
	tok, err := dec.Token()
	if err != nil {
		return nil, err
	}
	switch x := tok.(type) {
	case nil:
		return eval.NullValue, nil
	case bool:
		return eval.Boolean(x), nil
	case string:
		return eval.String(x), nil
	case json.Number:
		if i, err := x.Int64(); err == nil {
			return eval.Number(i), nil
		}
		f, err := x.Float64()
		if err != nil {
			return nil, err
		}
		return eval.Double(f), nil
	case json.Delim:
		switch x {
		case '[':
			var elems []eval.Value
			for dec.More() {
				e, err := decodeJSONValue(dec)
				if err != nil {
					return nil, err
				}
				elems = append(elems, e)
			}
			if _, err := dec.Token(); err != nil {
				return nil, err
			}
			return eval.NewArray(elems), nil
		case '{':
			o := eval.NewObject(4)
			for dec.More() {
				k, err := dec.Token()
				if err != nil {
					return nil, err
				}
				key, _ := k.(string)
				v, err := decodeJSONValue(dec)
				if err != nil {
					return nil, err
				}
				o.Set(key, v)
			}
			if _, err := dec.Token(); err != nil {
				return nil, err
			}
			return o, nil
		}
	}
	return nil, errBadJWT
}

// numericDate reads an `exp`/`nbf` claim: seconds since the epoch.
func numericDate(payload *eval.Object, claim string) (time.Time, bool, error) {
	v, ok := payload.Get(claim)
	if !ok || eval.IsNull(v) {
		return time.Time{}, false, nil
	}
	switch n := v.(type) {
	case eval.Int:
		return time.Unix(int64(n), 0), true, nil
	case eval.Long:
		return time.Unix(int64(n), 0), true, nil
	case eval.Double:
		return time.Unix(int64(n), 0), true, nil
	}
	return time.Time{}, false, errBadJWT
}

// timely: Fauna refuses a token at or after `exp`, and at or before
// `nbf`.
func (t *jwt) timely(now time.Time) bool {
	if t.hasExp && !now.Before(t.exp) {
		return false
	}
	if t.hasNb && !now.After(t.nbf) {
		return false
	}
	return true
}

// canonicalDBURLPrefix starts the audience that names a database.
const canonicalDBURLPrefix = "https://db.fauna.com/db/"

// audienceGlobalID returns the global id of the database the token is
// for: exactly one audience must name a database.
func (t *jwt) audienceGlobalID() (uint64, bool) {
	var found string
	n := 0
	for _, a := range t.audiences {
		if strings.HasPrefix(a, canonicalDBURLPrefix) {
			found = a[len(canonicalDBURLPrefix):]
			n++
		}
	}
	if n != 1 {
		return 0, false
	}
	return decodeZBase32(found)
}

// canonicalDBURL is a database's audience.
func canonicalDBURL(globalID uint64) string {
	return canonicalDBURLPrefix + encodeZBase32(globalID)
}

// The z-base-32 encoding of a 64-bit global id, as Fauna writes it in
// audiences: 13 characters, high bits first, one padding bit at the end.
const zbase32Alphabet = "ybndrfg8ejkmcpqxot1uwisza345h769"

func encodeZBase32(v uint64) string {
	var b [13]byte
	for i := 0; i < 12; i++ {
		b[i] = zbase32Alphabet[(v>>(59-5*i))&0x1f]
	}
	b[12] = zbase32Alphabet[(v<<1)&0x1f]
	return string(b[:])
}

func decodeZBase32(s string) (uint64, bool) {
	if len(s) != 13 {
		return 0, false
	}
	var v uint64
	for i := 0; i < 13; i++ {
		d := strings.IndexByte(zbase32Alphabet, s[i])
		if d < 0 {
			return 0, false
		}
		if i < 12 {
			v |= uint64(d) << (59 - 5*i)
		} else {
			v |= uint64(d) >> 1
		}
	}
	return v, true
}

// keySet is a parsed JWKS: its RSA keys (Fauna uses no other kind).
type keySet struct {
	keys []jwk
}

type jwk struct {
	kid string
	pub *rsa.PublicKey
}

// ParseKeySet checks a JWKS document (RFC 7517); keys of types other
// than RSA are skipped, as Fauna skips them.
func parseKeySet(doc []byte) (*keySet, error) {
	var raw struct {
		Keys []struct {
			Kty string `json:"kty"`
			Kid string `json:"kid"`
			N   string `json:"n"`
			E   string `json:"e"`
		} `json:"keys"`
	}
	if err := json.Unmarshal(doc, &raw); err != nil {
		return nil, fmt.Errorf("not a JSON Web Key Set: %w", err)
	}
	ks := &keySet{}
	for i, k := range raw.Keys {
		if k.Kty != "RSA" {
			continue
		}
		n, err1 := base64.RawURLEncoding.DecodeString(strings.TrimRight(k.N, "="))
		e, err2 := base64.RawURLEncoding.DecodeString(strings.TrimRight(k.E, "="))
		if err1 != nil || err2 != nil || len(n) == 0 || len(e) == 0 || len(e) > 4 {
			return nil, fmt.Errorf("key %d: invalid RSA modulus or exponent", i)
		}
		exp := 0
		for _, b := range e {
			exp = exp<<8 | int(b)
		}
		ks.keys = append(ks.keys, jwk{kid: k.Kid, pub: &rsa.PublicKey{N: new(big.Int).SetBytes(n), E: exp}})
	}
	if len(ks.keys) == 0 {
		return nil, errors.New("the key set has no RSA key")
	}
	return ks, nil
}

// find returns the key a token names: by `kid`, or the only key when the
// token names none.
func (ks *keySet) find(kid string) *jwk {
	if kid == "" && len(ks.keys) == 1 {
		return &ks.keys[0]
	}
	for i := range ks.keys {
		if ks.keys[i].kid == kid && kid != "" {
			return &ks.keys[i]
		}
	}
	return nil
}

// verify checks the token's signature with the key set.
func (ks *keySet) verify(t *jwt) bool {
	k := ks.find(t.kid)
	if k == nil {
		return false
	}
	var h crypto.Hash
	var digest []byte
	switch t.alg {
	case "RS256":
		d := sha256.Sum256([]byte(t.signingInput))
		h, digest = crypto.SHA256, d[:]
	case "RS384":
		d := sha512.Sum384([]byte(t.signingInput))
		h, digest = crypto.SHA384, d[:]
	case "RS512":
		d := sha512.Sum512([]byte(t.signingInput))
		h, digest = crypto.SHA512, d[:]
	default:
		// HS* (a shared secret) and everything else are refused.
		return false
	}
	return rsa.VerifyPKCS1v15(k.pub, h, digest, t.signature) == nil
}

// jwtState holds the key sets by jwks_uri and the tokens whose signature
// was verified; child databases share their root's.
type jwtState struct {
	sets     sync.Map // jwks_uri → *keySet
	verified sync.Map // token → *verifiedJWT
	count    atomic.Int64
}

// verifiedJWT is a token whose signature a key set accepted.
type verifiedJWT struct {
	t       *jwt
	jwksURI string
	set     *keySet
}

func (s *jwtState) keySet(uri string) *keySet {
	if v, ok := s.sets.Load(uri); ok {
		return v.(*keySet)
	}
	return nil
}

// maxVerifiedJWTs bounds the cache of verified tokens; past it, the
// cache starts over (tokens are re-verified, nothing is refused).
const maxVerifiedJWTs = 1 << 14

// SetKeySet gives the database (and its child databases) the key set
// (a JWKS document) that access providers with this jwks_uri sign with,
// in place of fetching it.
func (db *DB) SetKeySet(jwksURI string, jwks []byte) error {
	ks, err := parseKeySet(jwks)
	if err != nil {
		return fmt.Errorf("key set for %s: %w", jwksURI, err)
	}
	db.jwt.sets.Store(jwksURI, ks)
	return nil
}
