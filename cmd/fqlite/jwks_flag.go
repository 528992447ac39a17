package main

import (
	"fmt"
	"os"
	"sort"
	"strings"
)

// keySetsFlag collects `--jwks URI=FILE`: the JSON Web Key Set an access
// provider with that jwks_uri signs its JWTs with. fqlite fetches no
// key set; this is how it gets them.
type keySetsFlag map[string][]byte

const jwksFlagUsage = "the key set of an access provider: `URI=FILE` gives the JWKS (JSON) in FILE to providers with jwks_uri URI (repeatable)"

func (k keySetsFlag) String() string {
	uris := make([]string, 0, len(k))
	for u := range k {
		uris = append(uris, u)
	}
	sort.Strings(uris)
	return strings.Join(uris, ",")
}

// Set splits at the last `=` whose right side is a file, so URIs with
// query strings work too.
func (k keySetsFlag) Set(v string) error {
	for i := strings.LastIndexByte(v, '='); i > 0; i = strings.LastIndexByte(v[:i], '=') {
		uri, file := v[:i], v[i+1:]
		if st, err := os.Stat(file); err != nil || st.IsDir() {
			continue
		}
		b, err := os.ReadFile(file)
		if err != nil {
			return err
		}
		k[uri] = b
		return nil
	}
	if uri, file, ok := strings.Cut(v, "="); ok && uri != "" {
		return fmt.Errorf("%s: no such file", file)
	}
	return fmt.Errorf("want URI=FILE, got %q", v)
}
