package runtime

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/binary"
	"strconv"
	"strings"
)

// Secrets (spec/fsl-auth.md §3.1). Keys and tokens are base64url, without
// padding, of a two-byte kind tag, the document id and 20 random bytes
// (tokens also carry the database's global id), so a secret names the
// document to check it against. Only a SHA-256 of each secret is stored;
// the comparison is constant-time.

const secretRandomBytes = 20

var (
	keyTag   = [2]byte{0x7E, 0x70} // encodes to "fnA…"
	tokenTag = [2]byte{0x7E, 0x71} // encodes to "fnE…"
)

type secretKind uint8

const (
	secretInvalid secretKind = iota
	secretKey
	secretToken
)

// newSecret makes a key or token secret for the document id.
func newSecret(kind secretKind, id int64, dbGlobalID uint64) (string, error) {
	b := make([]byte, 0, 2+8+8+secretRandomBytes)
	if kind == secretKey {
		b = append(b, keyTag[:]...)
		b = binary.BigEndian.AppendUint64(b, uint64(id))
	} else {
		b = append(b, tokenTag[:]...)
		b = binary.BigEndian.AppendUint64(b, uint64(id))
		b = binary.BigEndian.AppendUint64(b, dbGlobalID)
	}
	random := make([]byte, secretRandomBytes)
	if _, err := rand.Read(random); err != nil {
		return "", err
	}
	b = append(b, random...)
	return base64.RawURLEncoding.EncodeToString(b), nil
}

// secretHash is what is stored for a secret.
func secretHash(secret string) []byte {
	h := sha256.Sum256([]byte(secret))
	return h[:]
}

// hashesEqual compares two secret hashes in constant time.
func hashesEqual(a, b []byte) bool {
	return len(a) == len(b) && subtle.ConstantTimeCompare(a, b) == 1
}

// decodeSecret reads the kind and document id a key or token secret names.
func decodeSecret(secret string) (secretKind, int64) {
	var buf [64]byte
	if base64.RawURLEncoding.DecodedLen(len(secret)) > len(buf) {
		return secretInvalid, 0
	}
	n, err := base64.RawURLEncoding.Decode(buf[:], []byte(secret))
	b := buf[:n]
	if err != nil || len(b) < 2+8+secretRandomBytes {
		return secretInvalid, 0
	}
	id := int64(binary.BigEndian.Uint64(b[2:10]))
	switch {
	case b[0] == keyTag[0] && b[1] == keyTag[1] && len(b) == 2+8+secretRandomBytes:
		return secretKey, id
	case b[0] == tokenTag[0] && b[1] == tokenTag[1] && len(b) == 2+8+8+secretRandomBytes:
		return secretToken, id
	}
	return secretInvalid, 0
}

// secretScope is the `:scope` suffix of a scoped secret (§3.2).
type secretScope struct {
	dbPath  string // child database path; fqlite has no child databases
	builtin string // admin, server, server-readonly, client
	role    string // @role/<name>
	docColl string // @doc/<Collection>/<id>
	docID   int64
}

// splitScopedSecret separates `secret[:db]:scope`. A suffix that does not
// parse as a scope is ignored (the part before the first `:` is the
// secret).
func splitScopedSecret(s string) (string, *secretScope) {
	base, rest, ok := strings.Cut(s, ":")
	if !ok {
		return s, nil
	}
	parts := strings.Split(rest, ":")
	scope := parts[len(parts)-1]
	sc := &secretScope{dbPath: strings.Join(parts[:len(parts)-1], ":")}
	switch {
	case scope == "admin" || scope == "server" || scope == "server-readonly" || scope == "client":
		sc.builtin = scope
	case strings.HasPrefix(scope, "@role/") && len(scope) > len("@role/"):
		sc.role = scope[len("@role/"):]
	case strings.HasPrefix(scope, "@doc/"):
		coll, id, ok := strings.Cut(scope[len("@doc/"):], "/")
		n, err := strconv.ParseInt(id, 10, 64)
		if !ok || coll == "" || err != nil {
			return base, nil
		}
		sc.docColl, sc.docID = coll, n
	default:
		return base, nil
	}
	return base, sc
}
