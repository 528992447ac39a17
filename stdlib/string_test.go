package stdlib

import (
	"math"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/fqlite/fqlite/eval"
)

var stringTestNow = time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)

// evalString evaluates a query and returns its result in FQL notation on
// one line, or the error's code and message.
func evalString(t *testing.T, query string) string {
	t.Helper()
	th := eval.NewThread(stringTestNow)
	prog, err := eval.CompileText(query)
	var v eval.Value
	if err == nil {
		v, err = eval.Run(th, prog)
	}
	if err != nil {
		e := eval.AsError(err)
		return e.Code + ": " + e.Message
	}
	return strings.Join(strings.Fields(eval.RenderFQL(v, stringTestNow)), " ")
}

func runStringCases(t *testing.T, cases [][2]string) {
	t.Helper()
	for _, c := range cases {
		if got := evalString(t, c[0]); got != c[1] {
			t.Errorf("%s\n got %s\nwant %s", c[0], got, c[1])
		}
	}
}

// Indexes count code points; Fauna's bounds checks differ per method.
func TestStringCodePoints(t *testing.T) {
	runStringCases(t, [][2]string{
		{`'a😍b'.length`, `3`},
		{`'a😍b'[1]`, `"😍"`},
		{`'a😍b'.at(2)`, `"b"`},
		{`'a😍b'[3]`, `index_out_of_bounds: index 3 out of bounds for length 3`},
		{`'a😍😍'[4]`, `index_out_of_bounds: index 4 out of bounds for length 3`},
		{`''.at(0)`, `index_out_of_bounds: index 0 out of bounds for length 0`},
		{`'abc'.at(4294967296)`, "invalid_argument: expected value for `index` of type Int, received Long"},
		{`'abc'['x']`, "invalid_argument: expected value for `index` of type Int, received String"},
		{`'😍a😍a'.indexOf('a')`, `1`},
		{`'😍a😍a'.indexOf('a', 2)`, `3`},
		{`'😍a😍a'.indexOf('', 2)`, `2`},
		{`'😍a😍a'.lastIndexOf('a')`, `3`},
		{`'😍a😍a'.lastIndexOf('a', 2)`, `1`},
		{`'😍a😍a'.lastIndexOf('')`, `4`},
		{`'😍a😍a'.lastIndexOf('😍a', 2)`, `2`},
		{`'abc'.lastIndexOf('c', 3)`, `index_out_of_bounds: index 3 out of bounds for length 3`},
		{`''.indexOf('', 0)`, `index_out_of_bounds: index 0 out of bounds for length 0`},
		{`''.indexOf('')`, `0`},
		{`'😍a😍a'.indexOfRegex('a', 2)`, `3`},
		{`'ab'.indexOfRegex('^b', 1)`, `1`}, // the suffix is matched on its own
		{`'ab'.indexOfRegex('+', 5)`, `index_out_of_bounds: index 5 out of bounds for length 2`},
		{`'😍😍'.insert(1, 'x')`, `"😍x😍"`},
		{`'😍😍'.insert(2, 'x')`, `"😍😍x"`},
		{`'😍😍'.splitAt(1)`, `[ "😍", "😍" ]`},
		{`'😍😍'.splitAt(3)`, `index_out_of_bounds: index 3 out of bounds for length 2`},
		{`'😍a😍'.slice(1)`, `"a😍"`},
		{`'😍a😍'.slice(-5, 2)`, `"😍a"`},
		{`'😍a😍'.slice(2, 99)`, `"😍"`},
		{`'😍a😍'.slice(3, 1)`, `""`},
		{`'f😍😍 b'.matchIndexes('\\s|b')`, `[ [ 3, " " ], [ 4, "b" ] ]`},
	})
}

// split and splitRegex follow Fauna's split0, quirks included.
func TestStringSplit(t *testing.T) {
	runStringCases(t, [][2]string{
		{`''.split(',')`, `[ "" ]`},
		{`''.split('')`, `[ "" ]`},
		{`'a'.split('')`, `[ "a", "" ]`},
		{`'abc'.split('')`, `[ "a", "b", "c" ]`},
		{`'a😍'.split('')`, `[ "a", "😍" ]`}, // Fauna: lone surrogates
		{`',a,,b,'.split(',')`, `[ "", "a", "", "b", "" ]`},
		{`'a--b'.split('--')`, `[ "a", "b" ]`},
		// A zero-width match anywhere emits one character.
		{`'ab'.splitRegex('$')`, `[ "a", "b" ]`},
		{`'a b'.splitRegex('\\s*')`, `[ "a", "", "b", "" ]`},
		{`'12'.splitRegex('(1|)')`, `[ "", "2", "" ]`},
		{`'aXbXc'.splitRegex('x')`, `[ "aXbXc" ]`},
		{`'aXbXc'.splitRegex('(?i)x')`, `[ "a", "b", "c" ]`},
		{`'a'.splitRegex('(')`, `invalid_regex: Invalid regular expression. Unclosed group at index 1`},
	})
}

// replace0's loop: a pattern that matches empty at the start of the rest
// makes no progress, so Fauna repeats the replacement.
func TestStringReplace(t *testing.T) {
	runStringCases(t, [][2]string{
		{`'aaa'.replaceAllRegex('^a', 'b')`, `"bbb"`}, // each search starts a new input
		{`'abc'.replaceRegex('x*', '-', 3)`, `"---abc"`},
		{`'abc'.replace('', '-', 2)`, `"--abc"`},
		{`'abc'.replace('', '-')`, `"-abc"`},
		{`'hello world'.replaceAllRegex('o', '0')`, `"hell0 w0rld"`},
		{`'a.b.c'.replaceRegex('\\.', '!', 2)`, `"a!b!c"`},
		{`'abc'.replaceAllRegex('$', '-')`, `value_too_large: Value too large: string size 16777217 exceeds limit 16777216.`},
		{`'abc'.replaceAll('', 'xy')`, `value_too_large: Value too large: string size 16777218 exceeds limit 16777216.`},
		{`'abc'.replaceAll('', '')`, `time_out: Query timed out.`},
		{`'abc'.replaceRegex('(', 'x', 0)`, `invalid_regex: Invalid regular expression. Unclosed group at index 1`},
		{`'abc'.replaceRegex('b', 'x', 0)`, "invalid_argument: invalid argument `count`: must be greater than or equal to 1"},
		{`'abc'.replaceAll('b', 1)`, "invalid_argument: expected value for `replacement` of type String, received Int"},
		{`'abc'.replace('b', 'x', 'y')`, "invalid_argument: expected arguments to `replace` of type (String, String, Int), received (String, String, String)"},
	})
}

func TestStringParse(t *testing.T) {
	ints := []struct {
		s     string
		radix int
		bits  int
		want  int64
		ok    bool
	}{
		{"2147483647", 10, 32, math.MaxInt32, true},
		{"-2147483648", 10, 32, math.MinInt32, true},
		{"2147483648", 10, 32, 0, false},
		{"-2147483649", 10, 32, 0, false},
		{"9223372036854775807", 10, 64, math.MaxInt64, true},
		{"-9223372036854775808", 10, 64, math.MinInt64, true},
		{"9223372036854775808", 10, 64, 0, false},
		{"+7", 10, 32, 7, true},
		{"+", 10, 32, 0, false},
		{"-", 10, 32, 0, false},
		{"", 10, 32, 0, false},
		{" 1", 10, 32, 0, false},
		{"1_0", 10, 32, 0, false},
		{"0x10", 16, 32, 0, false},
		{"١٢٣", 10, 32, 123, true}, // Character.digit accepts any decimal digit
		{"Ｚ", 36, 32, 35, true},    // and fullwidth Latin letters
		{"𝟏", 10, 32, 0, false},    // but not astral ones (two UTF-16 chars)
		{"-ff", 16, 64, -255, true},
		{"12", 2, 32, 0, false},
	}
	for _, c := range ints {
		got, ok := parseJavaInt(c.s, c.radix, c.bits)
		if got != c.want || ok != c.ok {
			t.Errorf("parseJavaInt(%q, %d, %d) = %d, %v; want %d, %v", c.s, c.radix, c.bits, got, ok, c.want, c.ok)
		}
	}
	doubles := []struct {
		s    string
		want float64
		ok   bool
	}{
		{" 0x1p3 ", 8, true},
		{"0x1.8P1d", 3, true},
		{"0x.8p1", 1, true},
		{"0x1", 0, false},
		{"0x.p1", 0, false},
		{"1_0", 0, false},
		{"infinity", 0, false},
		{"-Infinity", math.Inf(-1), true},
		{"+.5e1D", 5, true},
		{"1.", 1, true},
		{".", 0, false},
		{"1e", 0, false},
		{"1e+", 0, false},
		{"1e400", math.Inf(1), true},
		{"-1e-400", math.Copysign(0, -1), true},
		{"\t3\n", 3, true},
		{"3 4", 0, false},
		{"2f", 2, true},
		{"2fd", 0, false},
	}
	for _, c := range doubles {
		got, ok := parseJavaDouble(c.s)
		if ok != c.ok || ok && (got != c.want || math.Signbit(got) != math.Signbit(c.want)) {
			t.Errorf("parseJavaDouble(%q) = %v, %v; want %v, %v", c.s, got, ok, c.want, c.ok)
		}
	}
	if f, ok := parseJavaDouble("NaN"); !ok || !math.IsNaN(f) {
		t.Errorf("parseJavaDouble(NaN) = %v, %v", f, ok)
	}
	runStringCases(t, [][2]string{
		{`' 5'.parseNumber()`, `5.0`}, // only Double.parseDouble trims
		{`'2147483648'.parseNumber()`, `2147483648`},
		{`'9223372036854775808'.parseNumber()`, `9.223372036854776E18`},
		{`'x'.parseDouble()!`, `null_value: Null value, due to invalid number`},
		{`'1'.parseInt(1.0)`, "invalid_argument: invalid argument `format`: invalid radix, expected a number from 2-36"},
		{`'z'.parseLong(36)`, `35`},
	})
}

func TestStringCase(t *testing.T) {
	runStringCases(t, [][2]string{
		{`'ΣΑΣ ΑΣ.'.toLowerCase()`, `"σας ας."`}, // final sigma, as Java
		{`'ΑΣ1'.toLowerCase()`, `"ας1"`},
		{`'İ'.toLowerCase()`, `"i̇"`},
		{`'ßﬁŉᾳ'.toUpperCase()`, `"SSFIʼNΑΙ"`},
		{`'ǅ'.toUpperCase()`, `"Ǆ"`},
		{`'ABC'.toLowerCase()`, `"abc"`},
		{`'ǅ'.casefold()`, `"dž"`},
		{`'a\u00ADb'.casefold()`, `"ab"`}, // default ignorables are removed
		{`'Ⅻ'.casefold()`, `"xii"`},
		{`'ﬁ'.casefold('NFC')`, `"ﬁ"`},
	})
}

// Regex syntax errors: descriptions and indexes from Java 17's
// PatternSyntaxException, converted as Fauna does.
func TestRegexErrors(t *testing.T) {
	cases := [][2]string{
		{`+`, `Dangling meta character '+' at index 0`},
		{`a**`, `Dangling meta character '*' at index 2`},
		{`{`, `Illegal repetition at index 1`},
		{`x{a}`, `Illegal repetition at index 2`},
		{`(`, `Unclosed group at index 1`},
		{`a)`, `Unmatched closing ')' at index 0`},
		{`)`, `Unmatched closing ')' at index 0`}, // Java: index -1
		{`[a`, `Unclosed character class at index 1`},
		{`[]`, `Unclosed character class at index 1`},
		{`a\`, `Unexpected internal error at index 2`},
		{`(?<1a>x)`, `capturing group name does not start with a Latin letter at index 3`},
		{`(?<a>x)(?<a>y)`, `Named capturing group <a> is already defined at index 11`},
		{`\k<b>`, `named capturing group <b> does not exist at index 4`},
		{`(?P<a>x)`, `Unknown inline modifier at index 2`},
		{`a{3,2}`, `Illegal repetition range at index 5`},
		{`a{99999999999}`, `Illegal repetition range at index 11`},
		{`a{2,`, `Unclosed counted closure at index 4`},
		{`[z-a]`, `Illegal character range at index 3`},
		{`[a-\w]`, `Illegal character range at index 4`},
		{`\xg`, `Illegal hexadecimal escape sequence at index 2`},
		{`\x{110000}`, `Hexadecimal codepoint is too big at index 8`},
		{`\u12`, `Illegal Unicode escape sequence at index 4`},
		{`\0`, `Illegal octal escape sequence at index 2`},
		{`\p{}`, `Empty character family at index 3`},
		{`\p{Foo}`, `Unknown character property name {Foo} at index 6`},
		{`\p{sc=Foo}`, `Unknown Unicode property {name=<sc>, value=<Foo>} at index 9`},
		{`[\b]`, `Illegal/unsupported escape sequence at index 2`},
		{`\i`, `Illegal/unsupported escape sequence at index 1`},
		{`ab\E`, `Illegal/unsupported escape sequence at index 3`},
		{`(?x) +`, `Dangling meta character '+' at index 5`},
		{`😍*[`, `Unclosed character class at index 1`}, // Fauna treats Java's index as UTF-16
		// Constructs RE2 cannot express; a Java error still wins.
		{`(?=a)`, `Look-ahead groups are not supported at index 0`},
		{`x(?<!a)`, `Look-behind groups are not supported at index 1`},
		{`(?>a)`, `Atomic groups are not supported at index 0`},
		{`a*+`, `Possessive quantifiers are not supported at index 1`},
		{`(a)\1`, `Back references are not supported at index 3`},
		{`\p{InGreek}`, `Character property InGreek is not supported at index 10`},
		{`a{1001}`, `Repetition counts above 1000 are not supported at index 6`},
		{`(?=a)(`, `Unclosed group at index 6`},
	}
	for _, c := range cases {
		_, err := compileRegex(c[0])
		want := "invalid_regex: Invalid regular expression. " + c[1]
		if err == nil || err.Error() != want {
			t.Errorf("%q: got %v, want %s", c[0], err, want)
		}
	}
}

// Match results, checked against Java 17 with Fauna's algorithms.
func TestRegexMatches(t *testing.T) {
	cases := []struct{ s, re, want string }{
		{"abc", `a*`, `[0 "a"] [1 ""] [2 ""] [3 ""]`}, // Java keeps empty matches after a match
		{"baaa", `a*`, `[0 ""] [1 "aaa"] [4 ""]`},
		{"a b", `\s*`, `[0 ""] [1 " "] [2 ""] [3 ""]`},
		{"a1b22", `\d+|`, `[0 ""] [1 "1"] [2 ""] [3 "22"] [5 ""]`},
		{"x😍y", `.`, `[0 "x"] [1 "😍"] [2 "y"]`},
		{"aAbB", `(?i)[a-a]`, `[0 "a"] [1 "A"]`},
		{"aAbBkK", `(?i)[^b]`, `[0 "a"] [1 "A"] [4 "k"] [5 "K"]`},
		{"abcdef", `[a-e&&[c-f]]`, `[2 "c"] [3 "d"] [4 "e"]`},
		{"abcdef", `[^a[c]]`, `[1 "b"] [3 "d"] [4 "e"] [5 "f"]`},
		{"abcdef", `[a-f&&[^cd]]`, `[0 "a"] [1 "b"] [4 "e"] [5 "f"]`},
		{"ÀàBb", `\p{Lu}`, `[0 "À"] [2 "B"]`},
		{"aΩb", `\p{IsGreek}`, `[1 "Ω"]`},
		{"aΩb", `\p{sc=Latin}`, `[0 "a"] [2 "b"]`},
		{"a1_ é", `\W`, `[3 " "] [4 "é"]`},
		{"a\x0bb", `\s`, `[1 "\v"]`},
		{"a\rb\nc", `.`, `[0 "a"] [2 "b"] [4 "c"]`},
		{"a\rb\nc", `(?s).`, `[0 "a"] [1 "\r"] [2 "b"] [3 "\n"] [4 "c"]`},
		{"a\rb\nc", `(?d).`, `[0 "a"] [1 "\r"] [2 "b"] [4 "c"]`},
		{"ab+c", `\Q+\E`, `[2 "+"]`},
		{"AbC", `(?i)abc`, `[0 "AbC"]`},
		{"ſK", `(?iu)[sk]`, `[0 "ſ"] [1 "K"]`},
		{"a b", `(?x) a \  b`, `[0 "a b"]`},
		{"aaaa", `a{1,2}?`, `[0 "a"] [1 "a"] [2 "a"] [3 "a"]`},
		{"ab", `(?<n>a)b`, `[0 "ab"]`},
		{"a\r\nb", `\R`, `[1 "\r\n"]`},
		{"tab\t", `\h`, `[3 "\t"]`},
		{"éa", `\p{L}\p{javaLowerCase}`, `[0 "éa"]`},
		{"٣4", `\d`, `[1 "4"]`},
		{"٣4", `(?U)\d`, `[0 "٣"] [1 "4"]`},
	}
	for _, c := range cases {
		re, err := compileRegex(c.re)
		if err != nil {
			t.Errorf("%q: %v", c.re, err)
			continue
		}
		var parts []string
		for _, loc := range re.findAll(c.s) {
			parts = append(parts, "["+strconv.Itoa(cpIndex(c.s, loc[0]))+" "+quoteGo(c.s[loc[0]:loc[1]])+"]")
		}
		if got := strings.Join(parts, " "); got != c.want {
			t.Errorf("%q on %q: got %s, want %s", c.re, c.s, got, c.want)
		}
	}
}

func quoteGo(s string) string {
	r := strings.NewReplacer("\r", `\r`, "\n", `\n`, "\t", `\t`, "\v", `\v`)
	return `"` + r.Replace(s) + `"`
}

// The hot methods must not allocate for ASCII results.
func TestStringNoAlloc(t *testing.T) {
	self := eval.String("hello world")
	idx := []eval.Value{eval.IntValue(4)}
	pat := []eval.Value{eval.String("wor")}
	n := testing.AllocsPerRun(100, func() {
		stringAt(nil, self, idx)
		eval.StringType.Methods["includes"].Invoke(nil, self, pat)
		eval.StringType.Methods["startsWith"].Invoke(nil, self, pat)
		eval.StringType.Fields["length"](nil, self)
	})
	if n != 0 {
		t.Errorf("%v allocations", n)
	}
}
