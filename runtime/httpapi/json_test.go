package httpapi

import (
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"
)

// render writes a jnode back as JSON (keys in order), for comparisons.
func render(n *jnode) string {
	switch n.kind {
	case jNull:
		return "null"
	case jBool:
		if n.b {
			return "true"
		}
		return "false"
	case jNumber:
		return n.s
	case jString:
		b, _ := json.Marshal(n.s)
		return string(b)
	case jArray:
		parts := make([]string, len(n.elems))
		for i, e := range n.elems {
			parts[i] = render(e)
		}
		return "[" + strings.Join(parts, ",") + "]"
	}
	parts := make([]string, len(n.keys))
	for i, k := range n.keys {
		kb, _ := json.Marshal(k)
		parts[i] = string(kb) + ":" + render(n.elems[i])
	}
	return "{" + strings.Join(parts, ",") + "}"
}

func TestParseJSON(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{`{"b":1,"a":[true,false,null],"b":"x"}`, `{"b":1,"a":[true,false,null],"b":"x"}`},
		{` [ 1 , -2.5e+3 , 0 , {} , [] ] `, `[1,-2.5e+3,0,{},[]]`},
		{`"a\"\\\/\b\f\n\r\t\u00e9\ud83d\ude00"`, `"a\"\\/\b\f\n\r\té😀"`},
		{`"\ud83d"`, `"` + "\ufffd" + `"`},
		{`"héllo"`, `"héllo"`},
	} {
		n, err := parseJSON(c.in)
		if err != nil {
			t.Errorf("%s: %v", c.in, err)
			continue
		}
		if got := render(n); got != c.want {
			t.Errorf("%s: got %s, want %s", c.in, got, c.want)
		}
	}
	for _, in := range []string{``, `{`, `[1,]`, `{"a" 1}`, `01`, `1.`, `-`, `"\x"`, "\"a\nb\"", `tru`, `{"a":1}}`, `"` + "\xff" + `"`, `nul`} {
		if _, err := parseJSON(in); err == nil {
			t.Errorf("%q parsed", in)
		}
	}
	deep := strings.Repeat("[", maxJSONDepth) + strings.Repeat("]", maxJSONDepth)
	if _, err := parseJSON(deep); err != nil {
		t.Errorf("depth %d: %v", maxJSONDepth, err)
	}
	if _, err := parseJSON("[" + deep + "]"); err != errNesting {
		t.Errorf("depth %d: %v, want the nesting error", maxJSONDepth+1, err)
	}
}

// FuzzParseJSON: the reader never panics, and accepts what encoding/json
// accepts (valid UTF-8, within the depth limit), with the same meaning.
func FuzzParseJSON(f *testing.F) {
	for _, s := range []string{`{"query":"1"}`, `{"query":{"fql":["a",{"value":{"@int":"1"}}]},"arguments":{"x":[1,2.5,"s",null,true]}}`, `"\ud800\udc00"`, `[[[]]]`, `{"a":{"b":{}}}`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		n, err := parseJSON(in)
		valid := json.Valid([]byte(in))
		if valid && utf8.ValidString(in) && err != nil && err != errNesting {
			t.Fatalf("%q: encoding/json accepts it, parseJSON says %v", in, err)
		}
		if err == nil {
			if !valid {
				t.Fatalf("%q: parseJSON accepts it, encoding/json does not", in)
			}
			if out := render(n); !json.Valid([]byte(out)) {
				t.Fatalf("%q: rendered %s is not JSON", in, out)
			}
		}
	})
}
