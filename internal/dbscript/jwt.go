package dbscript

import (
	"fmt"
	"time"

	"github.com/fqlite/fqlite/eval"
	"github.com/fqlite/fqlite/internal/testissuer"
)

// Scripts test access providers with the test issuer's key: a
// `-- jwks URI --` section with an empty body gives URI its key set, and
// a `-- jwt NAME --` section after a case signs the case's result (an
// object of claims) into a JWT saved as secret NAME.

// signJWT signs claims (an FQL object) as an RS256 JWT.
func signJWT(claims eval.Value) (string, error) {
	if _, ok := claims.(*eval.Object); !ok {
		return "", fmt.Errorf("result is %s, not an object of claims", eval.TypeName(claims))
	}
	return testissuer.Sign(eval.EncodeSimple(claims, time.Time{}), nil)
}
