package runtime

import (
	"math"
	"testing"
)

func TestZBase32(t *testing.T) {
	for _, v := range []uint64{0, 1, 0x2d5f_3a00_0000_0001, math.MaxUint64, 1 << 63} {
		s := encodeZBase32(v)
		if len(s) != 13 {
			t.Fatalf("%d: %q", v, s)
		}
		if got, ok := decodeZBase32(s); !ok || got != v {
			t.Errorf("%d → %q → %d, %v", v, s, got, ok)
		}
	}
	if encodeZBase32(0) != "yyyyyyyyyyyyy" {
		t.Errorf("0 is %q", encodeZBase32(0))
	}
	for _, bad := range []string{"", "yyyy", "yyyyyyyyyyyyyy", "yyyyyyyyyyyy0", "yyyyyyyyyyyyl"} {
		if _, ok := decodeZBase32(bad); ok {
			t.Errorf("%q decoded", bad)
		}
	}
}

// Key sets: keys other than RSA are skipped (Fauna reads only RSA keys);
// a token without kid may use the only key; otherwise the kid must match.
func TestKeySetParsing(t *testing.T) {
	const rsaKey = `{"kty":"RSA","kid":"a","n":"sXchDaQebHnPiGvyDOAT4saGEUetSyo9MKLOoWFsueri23bOdgWp4Dy1WlUzewbgBHod5pcM9H95GQRV3JDXboIRROSBigeC5yjU1hGzHHyXss8UDprecbAYxknTcQkhslANGRUZmdTOQ5qTRsLAt6BTYuyvVRdhS8exSZEy_c4gs_7svlJJQ4H9_NxsiIoLwAEk7-Q3UXERGYw_75IDrGA84-lA_-Ct4eTlXHBIY2EaV7t7LjJaynVJCpkv4LKjTTAumiGUIuQhrNhZLuF_RJLqHpM2kgWFLU7-VTdL1VbC2tejvcI2BlMkEpk1BzBZI0KQB0GaDWFLN-aEAw3vRw","e":"AQAB"}`
	if _, err := parseKeySet([]byte(`{"keys":[{"kty":"EC","crv":"P-256","x":"AA","y":"AA"}]}`)); err == nil {
		t.Error("a key set without an RSA key was accepted")
	}
	if _, err := parseKeySet([]byte(`not json`)); err == nil {
		t.Error("garbage accepted")
	}
	ks, err := parseKeySet([]byte(`{"keys":[{"kty":"EC","kid":"b"},` + rsaKey + `]}`))
	if err != nil {
		t.Fatal(err)
	}
	if len(ks.keys) != 1 || ks.find("") == nil || ks.find("a") == nil || ks.find("b") != nil || ks.find("c") != nil {
		t.Errorf("lookup in a one-key set: %+v", ks.keys)
	}
	ks2, _ := parseKeySet([]byte(`{"keys":[` + rsaKey + `,` + rsaKey + `]}`))
	if ks2.find("") != nil {
		t.Error("a token without kid picked one of two keys")
	}
}
