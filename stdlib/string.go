package stdlib

import (
	"math"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/cases"
	"golang.org/x/text/language"
	"golang.org/x/text/unicode/norm"

	"github.com/fqlite/fqlite/eval"
)

// String methods (Strings.scala, spec/fql.md §5.2).
//
// Fauna's strings are UTF-16; fqlite's are UTF-8. Every index a method
// takes or returns counts code points, as Fauna's do, so the conversion is
// invisible except where Fauna leaks UTF-16 units: the 16 MiB size limit
// (counted in UTF-16 units here too) and the empty-separator split, which
// in Fauna cuts astral characters into lone surrogates and here keeps them
// whole.

func init() {
	ty := eval.StringType
	ty.DefineField("length", func(_ *eval.Thread, self eval.Value) (eval.Value, error) {
		return eval.IntValue(int64(utf8.RuneCountInString(str(self)))), nil
	})
	ty.Index = eval.NewMethod("[]", params{p("index", eval.IntTag)}, stringAt)

	s := eval.StringTag
	n := eval.IntTag
	def(ty, "at", params{p("index", n)}, stringAt)
	def(ty, "casefold", nil, stringCasefold)
	def(ty, "casefold", params{p("format", s)}, stringCasefold)
	def(ty, "concat", params{p("other", s)}, stringConcat)
	stringPredicate(ty, "endsWith", "suffix", strings.HasSuffix)
	stringPredicate(ty, "includes", "pattern", strings.Contains)
	def(ty, "includesRegex", params{p("regex", s)}, stringIncludesRegex)
	def(ty, "indexOf", params{p("pattern", s)}, stringIndexOf)
	def(ty, "indexOf", params{p("pattern", s), p("start", n)}, stringIndexOf)
	def(ty, "indexOfRegex", params{p("regex", s)}, stringIndexOfRegex)
	def(ty, "indexOfRegex", params{p("regex", s), p("start", n)}, stringIndexOfRegex)
	def(ty, "insert", params{p("index", n), p("other", s)}, stringInsert)
	def(ty, "lastIndexOf", params{p("pattern", s)}, stringLastIndexOf)
	def(ty, "lastIndexOf", params{p("pattern", s), p("end", n)}, stringLastIndexOf)
	def(ty, "matchIndexes", params{p("regex", s)}, stringMatchIndexes)
	def(ty, "matches", params{p("regex", s)}, stringMatches)
	def(ty, "parseDouble", nil, stringParseDouble)
	def(ty, "parseInt", nil, stringParseInt)
	def(ty, "parseInt", params{p("radix", n)}, stringParseInt)
	def(ty, "parseLong", nil, stringParseLong)
	def(ty, "parseLong", params{p("radix", n)}, stringParseLong)
	def(ty, "parseNumber", nil, stringParseNumber)
	def(ty, "replace", params{p("pattern", s), p("replacement", s)}, replaceLiteral(1))
	def(ty, "replace", params{p("pattern", s), p("replacement", s), p("amount", n)}, replaceLiteral(1))
	def(ty, "replaceAll", params{p("pattern", s), p("replacement", s)}, replaceLiteral(-1))
	def(ty, "replaceAllRegex", params{p("pattern", s), p("replacement", s)}, replaceRegex(-1))
	def(ty, "replaceRegex", params{p("regex", s), p("replacement", s)}, replaceRegex(1))
	def(ty, "replaceRegex", params{p("regex", s), p("replacement", s), p("amount", n)}, replaceRegex(1))
	def(ty, "slice", params{p("start", n)}, stringSlice)
	def(ty, "slice", params{p("start", n), p("end", n)}, stringSlice)
	def(ty, "split", params{p("separator", s)}, stringSplit)
	def(ty, "splitAt", params{p("index", n)}, stringSplitAt)
	def(ty, "splitRegex", params{p("regex", s)}, stringSplitRegex)
	stringPredicate(ty, "startsWith", "prefix", strings.HasPrefix)
	def(ty, "toLowerCase", nil, func(_ *eval.Thread, self eval.Value, _ []eval.Value) (eval.Value, error) {
		return changeCase(self, false), nil
	})
	def(ty, "toUpperCase", nil, func(_ *eval.Thread, self eval.Value, _ []eval.Value) (eval.Value, error) {
		return changeCase(self, true), nil
	})
}

// asciiStrings are the one-character ASCII strings, boxed once so `s[i]`
// and `at` do not allocate for them.
var asciiStrings = func() (a [utf8.RuneSelf]eval.Value) {
	for i := range a {
		a[i] = eval.String(string(rune(i)))
	}
	return
}()

// emptyString is "", boxed once.
var emptyString eval.Value = eval.String("")

// runeAt returns the code point of s starting at byte offset i as a value.
func runeAt(s string, i int) eval.Value {
	if c := s[i]; c < utf8.RuneSelf {
		return asciiStrings[c]
	}
	_, w := utf8.DecodeRuneInString(s[i:])
	return eval.String(s[i : i+w])
}

// byteOffset returns the byte offset of code point cp (0 <= cp), or
// ok=false when s has fewer than cp code points. cp == length is valid.
func byteOffset(s string, cp int) (int, bool) {
	if cp <= len(s) && isASCIIPrefix(s, cp) {
		return cp, true
	}
	n := 0
	for i := range s {
		if n == cp {
			return i, true
		}
		n++
	}
	if n == cp {
		return len(s), true
	}
	return 0, false
}

// isASCIIPrefix reports whether s[:n] is ASCII (so bytes are code points).
func isASCIIPrefix(s string, n int) bool {
	for i := 0; i < n; i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// cpIndex converts a byte offset of s into a code point index.
func cpIndex(s string, b int) int { return utf8.RuneCountInString(s[:b]) }

// outOfBounds is Fauna's index error; the length is in code points.
func outOfBounds(i int64, s string) error {
	return eval.ErrIndexOutOfBounds(i, int64(utf8.RuneCountInString(s)))
}

// checkedOffset converts a code point index that must lie in [0, length)
// (codepointToIndex in Strings.scala).
func checkedOffset(s string, i int64) (int, error) {
	if i >= 0 && i < int64(len(s)) {
		if b, ok := byteOffset(s, int(i)); ok && b < len(s) {
			return b, nil
		}
	}
	return 0, outOfBounds(i, s)
}

// inclusiveOffset converts a code point index that must lie in
// [0, length] (codepointToIndexInclusive).
func inclusiveOffset(s string, i int64) (int, error) {
	if i >= 0 && i <= int64(len(s)) {
		if b, ok := byteOffset(s, int(i)); ok {
			return b, nil
		}
	}
	return 0, outOfBounds(i, s)
}

// clampedOffset converts a slice bound: out-of-range bounds are clamped to
// [0, length], as Scala's StringOps.slice does with Fauna's unchecked index.
func clampedOffset(s string, i int64) int {
	if i <= 0 {
		return 0
	}
	if i >= int64(len(s)) {
		return len(s)
	}
	if b, ok := byteOffset(s, int(i)); ok {
		return b
	}
	return len(s)
}

// utf16Len is the length of s in UTF-16 units, the unit of Fauna's string
// size limit.
func utf16Len(s string) int {
	n, i := 0, 0
	for ; i+8 <= len(s); i += 8 {
		w := uint64(s[i]) | uint64(s[i+1])<<8 | uint64(s[i+2])<<16 | uint64(s[i+3])<<24 |
			uint64(s[i+4])<<32 | uint64(s[i+5])<<40 | uint64(s[i+6])<<48 | uint64(s[i+7])<<56
		if w&0x8080808080808080 == 0 {
			n += 8 // ASCII
			continue
		}
		n += utf16Units(s[i : i+8])
	}
	return n + utf16Units(s[i:])
}

// utf16Units counts the UTF-16 units of the characters that start in b:
// one per non-continuation byte, plus one per 4-byte sequence.
func utf16Units(b string) int {
	n := 0
	for i := 0; i < len(b); i++ {
		c := b[i]
		if c&0xC0 != 0x80 {
			n++
		}
		if c >= 0xF0 {
			n++
		}
	}
	return n
}

// checkLength fails with value_too_large when a result made of parts whose
// UTF-8 sizes total bytes is over the limit. UTF-16 units never outnumber
// UTF-8 bytes, so the exact count is only needed for huge results.
func checkLength(bytes int, parts ...string) error {
	if bytes <= eval.MaxStringSize {
		return nil
	}
	n := 0
	for _, p := range parts {
		n += utf16Len(p)
	}
	if n > eval.MaxStringSize {
		return tooLarge(n)
	}
	return nil
}

func tooLarge(n int) error {
	return eval.ErrValueTooLarge("string size " + strconv.Itoa(n) + " exceeds limit " + strconv.Itoa(eval.MaxStringSize))
}

// noElement is the null of a search that found nothing.
func noElement(t *eval.Thread) eval.Value {
	return eval.NoSuchElement("no element found", t.CallSite())
}

// invalidNumber is the null of a failed parse*.
func invalidNumber(t *eval.Thread) eval.Value {
	return &eval.Null{Cause: eval.NullInvalidNumber, At: t.CallSite()}
}

func stringAt(_ *eval.Thread, self eval.Value, args []eval.Value) (eval.Value, error) {
	s := str(self)
	b, err := checkedOffset(s, intArg(args[0]))
	if err != nil {
		return nil, err
	}
	return runeAt(s, b), nil
}

func stringConcat(_ *eval.Thread, self eval.Value, args []eval.Value) (eval.Value, error) {
	a, b := str(self), str(args[0])
	switch {
	case b == "":
		return self, nil
	case a == "":
		return args[0], nil
	}
	if err := checkLength(len(a)+len(b), a, b); err != nil {
		return nil, err
	}
	return eval.String(a + b), nil
}

func stringInsert(_ *eval.Thread, self eval.Value, args []eval.Value) (eval.Value, error) {
	s, other := str(self), str(args[1])
	b, err := inclusiveOffset(s, intArg(args[0]))
	if err != nil {
		return nil, err
	}
	if err := checkLength(len(s)+len(other), s, other); err != nil {
		return nil, err
	}
	return eval.String(s[:b] + other + s[b:]), nil
}

func stringSlice(_ *eval.Thread, self eval.Value, args []eval.Value) (eval.Value, error) {
	s := str(self)
	start, end := clampedOffset(s, intArg(args[0])), len(s)
	if len(args) > 1 {
		end = clampedOffset(s, intArg(args[1]))
	}
	switch {
	case start == 0 && end == len(s):
		return self, nil
	case end <= start:
		return emptyString, nil
	}
	return eval.String(s[start:end]), nil
}

func stringSplitAt(_ *eval.Thread, self eval.Value, args []eval.Value) (eval.Value, error) {
	s := str(self)
	b, err := inclusiveOffset(s, intArg(args[0]))
	if err != nil {
		return nil, err
	}
	return eval.NewArray([]eval.Value{eval.String(s[:b]), eval.String(s[b:])}), nil
}

func stringIndexOf(t *eval.Thread, self eval.Value, args []eval.Value) (eval.Value, error) {
	s, pat := str(self), str(args[0])
	from, start := 0, 0
	if len(args) > 1 {
		var err error
		if from, err = checkedOffset(s, intArg(args[1])); err != nil {
			return nil, err
		}
		start = int(intArg(args[1]))
	}
	i := strings.Index(s[from:], pat)
	if i < 0 {
		return noElement(t), nil
	}
	return eval.IntValue(int64(start + cpIndex(s[from:], i))), nil
}

func stringLastIndexOf(t *eval.Thread, self eval.Value, args []eval.Value) (eval.Value, error) {
	s, pat := str(self), str(args[0])
	limit := len(s)
	if len(args) > 1 {
		// Java's lastIndexOf(str, from): the match must start at or before from.
		b, err := checkedOffset(s, intArg(args[1]))
		if err != nil {
			return nil, err
		}
		limit = min(len(s), b+len(pat))
	}
	i := strings.LastIndex(s[:limit], pat)
	if i < 0 {
		return noElement(t), nil
	}
	return eval.IntValue(int64(cpIndex(s, i))), nil
}

func stringIncludesRegex(_ *eval.Thread, self eval.Value, args []eval.Value) (eval.Value, error) {
	re, err := compileRegex(str(args[0]))
	if err != nil {
		return nil, err
	}
	return eval.Bool(re.re.MatchString(str(self))), nil
}

func stringIndexOfRegex(t *eval.Thread, self eval.Value, args []eval.Value) (eval.Value, error) {
	s := str(self)
	from, start := 0, 0
	if len(args) > 1 {
		// Fauna checks the index before the pattern, and matches the
		// suffix on its own (`^` matches at `start`).
		var err error
		if from, err = checkedOffset(s, intArg(args[1])); err != nil {
			return nil, err
		}
		start = int(intArg(args[1]))
	}
	re, err := compileRegex(str(args[0]))
	if err != nil {
		return nil, err
	}
	i, _, ok := re.find(s[from:])
	if !ok {
		return noElement(t), nil
	}
	return eval.IntValue(int64(start + cpIndex(s[from:], i))), nil
}

func stringMatches(_ *eval.Thread, self eval.Value, args []eval.Value) (eval.Value, error) {
	re, err := compileRegex(str(args[0]))
	if err != nil {
		return nil, err
	}
	s := str(self)
	locs := re.findAll(s)
	out := make([]eval.Value, len(locs))
	for i, loc := range locs {
		out[i] = eval.String(s[loc[0]:loc[1]])
	}
	return eval.NewArray(out), nil
}

func stringMatchIndexes(_ *eval.Thread, self eval.Value, args []eval.Value) (eval.Value, error) {
	re, err := compileRegex(str(args[0]))
	if err != nil {
		return nil, err
	}
	s := str(self)
	locs := re.findAll(s)
	out := make([]eval.Value, len(locs))
	b, cp := 0, 0 // converts the increasing offsets in one pass
	for i, loc := range locs {
		cp += utf8.RuneCountInString(s[b:loc[0]])
		b = loc[0]
		out[i] = eval.NewArray([]eval.Value{eval.IntValue(int64(cp)), eval.String(s[loc[0]:loc[1]])})
	}
	return eval.NewArray(out), nil
}

// finder locates the first separator or pattern match in a string, as
// byte offsets.
type finder func(s string) (start, end int, ok bool)

func literalFinder(pat string) finder {
	return func(s string) (int, int, bool) {
		i := strings.Index(s, pat)
		return i, i + len(pat), i >= 0
	}
}

// replaceLiteral implements replace and replaceAll: count is the number
// of occurrences replaced unless an `amount` is given, -1 for all.
func replaceLiteral(count int) fn {
	return func(t *eval.Thread, self eval.Value, args []eval.Value) (eval.Value, error) {
		n, err := replaceCount(args, count)
		if err != nil {
			return nil, err
		}
		return replaceMatches(t, self, literalFinder(str(args[0])), str(args[1]), n)
	}
}

// replaceRegex implements replaceRegex and replaceAllRegex. The
// replacement is literal text: Fauna does not expand $1.
func replaceRegex(count int) fn {
	return func(t *eval.Thread, self eval.Value, args []eval.Value) (eval.Value, error) {
		re, err := compileRegex(str(args[0]))
		if err != nil {
			return nil, err
		}
		n, err := replaceCount(args, count)
		if err != nil {
			return nil, err
		}
		return replaceMatches(t, self, re.find, str(args[1]), n)
	}
}

func replaceCount(args []eval.Value, count int) (int, error) {
	if len(args) > 2 {
		n := intArg(args[2])
		if n < 1 {
			return 0, eval.ErrInvalidArgument("count", "must be greater than or equal to 1")
		}
		return int(n), nil
	}
	return count, nil
}

// replaceMatches replaces up to count matches (-1: all) left to right, each
// search starting after the previous match (replace0 in Strings.scala). The
// limit check mirrors Fauna's: before each replacement, then at the end.
func replaceMatches(_ *eval.Thread, self eval.Value, find finder, repl string, count int) (eval.Value, error) {
	s := str(self)
	var b strings.Builder
	prev := 0
	for count != 0 {
		start, end, ok := find(s[prev:])
		if !ok {
			break
		}
		if end == 0 {
			// An empty match at the start of the rest makes no progress, so
			// Fauna appends the replacement on each remaining turn of its loop.
			if err := replaceStalled(&b, repl, count); err != nil {
				return nil, err
			}
			break
		}
		if n := b.Len() + start + len(repl); n > eval.MaxStringSize {
			if n = utf16Len(b.String()) + utf16Len(s[prev:prev+start]) + utf16Len(repl); n > eval.MaxStringSize {
				return nil, tooLarge(n)
			}
		}
		b.WriteString(s[prev : prev+start])
		b.WriteString(repl)
		prev += end
		if count > 0 {
			count--
		}
	}
	if prev == 0 && b.Len() == 0 {
		return self, nil
	}
	if n := b.Len() + len(s) - prev; n > eval.MaxStringSize {
		if n = utf16Len(b.String()) + utf16Len(s[prev:]); n > eval.MaxStringSize {
			return nil, tooLarge(n)
		}
	}
	b.WriteString(s[prev:])
	return eval.String(b.String()), nil
}

// replaceStalled appends repl count times (forever when count < 0), as
// Fauna's loop does when the pattern matches empty without advancing: the
// string grows until it passes the size limit, or, with an empty
// replacement and no count, the query runs until it times out.
func replaceStalled(b *strings.Builder, repl string, count int) error {
	r := utf16Len(repl)
	if count < 0 && r == 0 {
		return eval.ErrTimeout()
	}
	size := utf16Len(b.String())
	if count < 0 || size+count*r > eval.MaxStringSize {
		// the first turn whose check fails
		return tooLarge(size + ((eval.MaxStringSize-size)/r+1)*r)
	}
	b.WriteString(strings.Repeat(repl, count))
	return nil
}

func stringSplit(_ *eval.Thread, self eval.Value, args []eval.Value) (eval.Value, error) {
	return splitBy(str(self), literalFinder(str(args[0]))), nil
}

func stringSplitRegex(_ *eval.Thread, self eval.Value, args []eval.Value) (eval.Value, error) {
	re, err := compileRegex(str(args[0]))
	if err != nil {
		return nil, err
	}
	return splitBy(str(self), re.find), nil
}

// splitBy is Fauna's JavaScript-like split (split0 in Strings.scala): empty
// leading and trailing pieces are kept; a separator match of zero width
// (anywhere in the rest) emits one character and advances past it, and the
// loop stops with one character left so no empty piece follows it.
func splitBy(s string, find finder) eval.Value {
	var out []eval.Value
	prev := 0
	for prev < len(s) {
		start, end, ok := find(s[prev:])
		if !ok {
			break
		}
		if start == end {
			out = append(out, runeAt(s, prev))
			_, w := utf8.DecodeRuneInString(s[prev:])
			prev += w
			if prev < len(s) {
				if _, w := utf8.DecodeRuneInString(s[prev:]); prev+w == len(s) {
					break
				}
			}
			continue
		}
		out = append(out, eval.String(s[prev:prev+start]))
		prev += end
	}
	out = append(out, eval.String(s[prev:]))
	return eval.NewArray(out)
}

// Casers are stateful; each goroutine takes its own from a pool.
var (
	lowerCasers = sync.Pool{New: func() any { c := cases.Lower(language.Und); return &c }}
	upperCasers = sync.Pool{New: func() any { c := cases.Upper(language.Und); return &c }}
	foldCasers  = sync.Pool{New: func() any { c := cases.Fold(); return &c }}
)

func withCaser(pool *sync.Pool, s string) string {
	c := pool.Get().(*cases.Caser)
	c.Reset()
	r := c.String(s)
	pool.Put(c)
	return r
}

// changeCase is Java's String.toLowerCase/toUpperCase in a non-Turkic
// locale: full Unicode mappings (ß → SS, final sigma, İ → i̇).
func changeCase(self eval.Value, upper bool) eval.Value {
	s := str(self)
	var r string
	switch {
	case isASCIIPrefix(s, len(s)) && upper:
		r = strings.ToUpper(s)
	case isASCIIPrefix(s, len(s)):
		r = strings.ToLower(s)
	case upper:
		r = withCaser(&upperCasers, s)
	default:
		r = withCaser(&lowerCasers, s)
	}
	if r == s {
		return self
	}
	return eval.String(r)
}

func stringCasefold(_ *eval.Thread, self eval.Value, args []eval.Value) (eval.Value, error) {
	s := str(self)
	var r string
	format := "NFKCCaseFold"
	if len(args) > 0 {
		format = str(args[0])
	}
	switch format {
	case "NFKCCaseFold":
		r = nfkcCasefold(s)
	case "NFC":
		r = norm.NFC.String(s)
	case "NFD":
		r = norm.NFD.String(s)
	case "NFKC":
		r = norm.NFKC.String(s)
	case "NFKD":
		r = norm.NFKD.String(s)
	default:
		return nil, eval.ErrInvalidArgument("format", "expected a casefold format (one of NFKCCaseFold, NFC, NFD, NFKC, or NFKD)")
	}
	if r == s {
		return self, nil
	}
	return eval.String(r), nil
}

// nfkcCasefold is ICU's NFKC_Casefold normalization: NFKC, full case
// folding and removal of default-ignorable code points, repeated until
// stable (the closure that defines the NFKC_CF mapping).
func nfkcCasefold(s string) string {
	if isASCIIPrefix(s, len(s)) {
		return strings.ToLower(s)
	}
	for range 4 {
		r := norm.NFKC.String(withCaser(&foldCasers, strings.Map(dropIgnorable, norm.NFKC.String(s))))
		if r == s {
			break
		}
		s = r
	}
	return s
}

// dropIgnorable removes Default_Ignorable_Code_Point characters, which
// Unicode derives as Other_Default_Ignorable_Code_Point + Cf +
// Variation_Selector - White_Space - FFF9..FFFB - 13430..1343F -
// Prepended_Concatenation_Mark.
func dropIgnorable(r rune) rune {
	if r < 0xAD {
		return r
	}
	if unicode.In(r, unicode.Other_Default_Ignorable_Code_Point, unicode.Cf, unicode.Variation_Selector) &&
		!unicode.In(r, unicode.White_Space, unicode.Prepended_Concatenation_Mark) &&
		!(r >= 0xFFF9 && r <= 0xFFFB) && !(r >= 0x13430 && r <= 0x1343F) {
		return -1
	}
	return r
}

func stringParseInt(t *eval.Thread, self eval.Value, args []eval.Value) (eval.Value, error) {
	radix, err := radixArg(args)
	if err != nil {
		return nil, err
	}
	if n, ok := parseJavaInt(str(self), radix, 32); ok {
		return eval.IntValue(n), nil
	}
	return invalidNumber(t), nil
}

func stringParseLong(t *eval.Thread, self eval.Value, args []eval.Value) (eval.Value, error) {
	radix, err := radixArg(args)
	if err != nil {
		return nil, err
	}
	if n, ok := parseJavaInt(str(self), radix, 64); ok {
		return eval.Long(n), nil // a Long even when small
	}
	return invalidNumber(t), nil
}

func stringParseDouble(t *eval.Thread, self eval.Value, _ []eval.Value) (eval.Value, error) {
	if f, ok := parseJavaDouble(str(self)); ok {
		return eval.Double(f), nil
	}
	return invalidNumber(t), nil
}

// stringParseNumber tries Integer.parseInt, then Long.parseLong, then
// Double.parseDouble.
func stringParseNumber(t *eval.Thread, self eval.Value, _ []eval.Value) (eval.Value, error) {
	s := str(self)
	if n, ok := parseJavaInt(s, 10, 32); ok {
		return eval.IntValue(n), nil
	}
	if n, ok := parseJavaInt(s, 10, 64); ok {
		return eval.Long(n), nil
	}
	if f, ok := parseJavaDouble(s); ok {
		return eval.Double(f), nil
	}
	return invalidNumber(t), nil
}

func radixArg(args []eval.Value) (int, error) {
	if len(args) == 0 {
		return 10, nil
	}
	r := intArg(args[0])
	if r < 2 || r > 36 {
		// Fauna names the parameter `format` here.
		return 0, eval.ErrInvalidArgument("format", "invalid radix, expected a number from 2-36")
	}
	return int(r), nil
}

// parseJavaInt is Java's Integer.parseInt (bits 32) or Long.parseLong
// (bits 64): an optional sign and digits of the radix, where a digit is
// anything Character.digit accepts (any BMP decimal digit, ASCII and
// fullwidth Latin letters), with no overflow.
func parseJavaInt(s string, radix int, bits int) (int64, bool) {
	lo, hi := int64(math.MinInt64), int64(math.MaxInt64)
	if bits == 32 {
		lo, hi = math.MinInt32, math.MaxInt32
	}
	if s == "" {
		return 0, false
	}
	// Accumulate negatively, so the most negative value fits.
	neg, limit := false, -hi
	if c := s[0]; c < '0' {
		switch c {
		case '-':
			neg, limit = true, lo
		case '+':
		default:
			return 0, false
		}
		if len(s) == 1 {
			return 0, false
		}
		s = s[1:]
	}
	r := int64(radix)
	multmin := limit / r
	var n int64
	for _, c := range s {
		d := javaDigit(c, radix)
		if d < 0 || n < multmin {
			return 0, false
		}
		n *= r
		if n < limit+int64(d) {
			return 0, false
		}
		n -= int64(d)
	}
	if neg {
		return n, true
	}
	return -n, true
}

// javaDigit is Character.digit(char, radix) (astral characters are two
// chars in Java, neither of them a digit).
func javaDigit(c rune, radix int) int {
	v := -1
	switch {
	case c >= '0' && c <= '9':
		v = int(c - '0')
	case c >= 'a' && c <= 'z':
		v = int(c-'a') + 10
	case c >= 'A' && c <= 'Z':
		v = int(c-'A') + 10
	case c >= 0xFF21 && c <= 0xFF3A: // fullwidth A-Z
		v = int(c-0xFF21) + 10
	case c >= 0xFF41 && c <= 0xFF5A: // fullwidth a-z
		v = int(c-0xFF41) + 10
	case c < 0x10000 && unicode.Is(unicode.Nd, c):
		// decimal digits come in runs that start with a zero
		z := c
		for unicode.Is(unicode.Nd, z-1) {
			z--
		}
		v = int(c-z) % 10
	}
	if v >= radix {
		return -1
	}
	return v
}

// parseJavaDouble is Java's Double.parseDouble: surrounding characters up
// to ' ' are ignored; then an optional sign and NaN, Infinity, a decimal
// number (digits with an optional '.', at least one digit, an optional
// exponent) or a hexadecimal one (0x...p exponent), with an optional
// f/F/d/D suffix.
func parseJavaDouble(s string) (float64, bool) {
	s = strings.TrimFunc(s, func(r rune) bool { return r <= ' ' })
	neg := false
	if s != "" && (s[0] == '+' || s[0] == '-') {
		neg, s = s[0] == '-', s[1:]
	}
	var f float64
	switch {
	case s == "NaN":
		return math.NaN(), true
	case s == "Infinity":
		f = math.Inf(1)
	default:
		num, ok := javaFloatSyntax(s)
		if !ok {
			return 0, false
		}
		// Out-of-range values round to ±Inf or 0, as in Java.
		f, _ = strconv.ParseFloat(num, 64)
	}
	if neg {
		f = -f
	}
	return f, true
}

// javaFloatSyntax checks an unsigned Java float literal and returns it
// without its suffix, in a form strconv.ParseFloat reads.
func javaFloatSyntax(s string) (string, bool) {
	i := 0
	digits := func(hex bool) int {
		n := 0
		for i < len(s) && (s[i] >= '0' && s[i] <= '9' || hex && rxIsHex(rune(s[i]))) {
			i++
			n++
		}
		return n
	}
	hex := len(s) > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')
	if hex {
		i = 2
	}
	nd := digits(hex)
	if i < len(s) && s[i] == '.' {
		i++
		nd += digits(hex)
	}
	if nd == 0 {
		return "", false
	}
	if i < len(s) && (!hex && (s[i] == 'e' || s[i] == 'E') || hex && (s[i] == 'p' || s[i] == 'P')) {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		if digits(false) == 0 {
			return "", false
		}
	} else if hex {
		return "", false // a hexadecimal float needs its binary exponent
	}
	num := s[:i]
	if i < len(s) && strings.IndexByte("fFdD", s[i]) >= 0 {
		i++
	}
	return num, i == len(s)
}

// stringPredicate declares a String → Boolean method of one String
// parameter, with a direct one-argument entry point (these sit in hot
// predicates such as `.name.startsWith("A")`).
func stringPredicate(ty *eval.Type, name, param string, test func(s, arg string) bool) {
	def(ty, name, params{p(param, eval.StringTag)}, func(_ *eval.Thread, self eval.Value, args []eval.Value) (eval.Value, error) {
		return eval.Bool(test(str(self), str(args[0]))), nil
	})
	fast1(ty, name, func(_ *eval.Thread, self, arg eval.Value) (eval.Value, error) {
		return eval.Bool(test(str(self), str(arg))), nil
	})
}
