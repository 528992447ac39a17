package stdlib

// Java regular expressions on Go's RE2 engine.
//
// Fauna compiles the regex arguments of String methods with
// java.util.regex.Pattern (Strings.scala `parseRegex`); fqlite matches with
// Go's regexp package. translateRegex parses the Java syntax with the same
// recursive descent as Pattern.java (expr, sequence, atom, closure, group0,
// clazz, range, family, escape), so syntax errors carry Java's description
// and index, and emits an equivalent RE2 pattern: character classes are
// computed as explicit code point sets (Java's `&&` intersections, nested
// classes, \p{...} properties, case-insensitive ranges), and `.`, \s, \h,
// \v, \R use Java's definitions.
//
// Known differences from Java (Fauna accepts these patterns; fqlite
// reports an invalid_regex "... is not supported" at the construct's index,
// after any Java syntax error, which always wins):
//   - look-ahead (?=) (?!), look-behind (?<=) (?<!), atomic groups (?>),
//     possessive quantifiers (*+ ++ ?+ {n}+), back references (\1, \k<name>),
//     Unicode blocks (\p{InGreek}, \p{blk=...}), character names \N{...},
//     grapheme boundaries \b{g}, canonical equivalence (?c), and the
//     properties Go has no table for (Emoji*, javaMirrored,
//     java*Identifier*);
//   - repetition counts above 1000 (RE2's limit) and patterns whose RE2
//     program is too large.
//
// Java rejects a look-behind whose body has no obvious maximum length
// (e.g. one with a back reference) before it checks the group is closed;
// fqlite reports the unsupported look-behind, or the unclosed group, instead.
//
// Constructs that are accepted but match differently:
//   - `$` and \Z match only at the very end of the input (Java also matches
//     before a final line terminator); (?m)^ and (?m)$ only treat \n as a
//     line terminator (Java: \r, \r\n, \u0085, \u2028, \u2029 too), and
//     (?m)^ also matches at the end of the input after a \n, or in an
//     empty input (Java never matches it at the end);
//   - \b and \B use ASCII word characters (Java 17 treats every Unicode
//     letter or digit as a word character);
//   - \G is the start of the input (Java: the end of the previous match,
//     which only differs for `matches` and `matchIndexes`);
//   - \X matches a character followed by combining marks, not a full
//     extended grapheme cluster; a repeated \R may match \r and \n
//     separately (Java's repetition never splits \r\n);
//   - a class like [a-c)&&] (a `&&` with no right operand, after a range
//     and single characters) matches nothing; Java 17 accepts it and
//     throws a NullPointerException when matching;
//   - case-insensitive matching with (?iu) uses Unicode simple case folding
//     orbits (Java compares toLowerCase(toUpperCase(c)));
//   - empty matches never split a surrogate pair (Java's UTF-16 matcher
//     can report an empty match between the halves of an astral character);
//   - Unicode tables are Go's (a newer Unicode version than the JDK's).
//
// Error indexes follow Fauna: Java's index (a code point offset into the
// pattern after \Q...\E expansion) is passed through
// String.codePointCount(0, index) as if it were a UTF-16 offset. Fauna
// fails with an internal error when that index is -1 (a pattern starting
// with ')') or past the end; fqlite clamps it into the pattern instead.

import (
	"fmt"
	"regexp"
	"regexp/syntax"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/fqlite/fqlite/eval"
)

// javaRegex is a compiled Java pattern.
type javaRegex struct {
	re *regexp.Regexp
	// nullable reports whether the pattern can match the empty string,
	// which is when Go's FindAll and Java's find loop can disagree.
	nullable bool

	once     sync.Once
	anchored *regexp.Regexp // `\A(?s:.)(?:re)`: a match at one rune in
}

// regexCache keeps compiled patterns; queries tend to reuse a few literals.
var regexCache struct {
	sync.Mutex
	m map[string]*javaRegex
}

const regexCacheSize = 512

// compileRegex compiles a Java pattern, reporting Fauna's invalid_regex.
func compileRegex(pattern string) (*javaRegex, error) {
	regexCache.Lock()
	r, ok := regexCache.m[pattern]
	regexCache.Unlock()
	if ok {
		return r, nil
	}
	src, rerr := translateRegex(pattern)
	if rerr != nil {
		return nil, rerr.toError(pattern)
	}
	re, err := regexp.Compile(src)
	if err != nil {
		desc := "Regular expression is not supported"
		if e, ok := err.(*syntax.Error); ok && (e.Code == syntax.ErrLarge || e.Code == syntax.ErrInvalidRepeatSize || e.Code == syntax.ErrNestingDepth) {
			desc = "Regular expression is too large"
		}
		return nil, (&regexError{desc: desc}).toError(pattern)
	}
	r = &javaRegex{re: re, nullable: true}
	if prog, err := syntax.Parse(src, syntax.Perl); err == nil {
		r.nullable = rxNullable(prog)
	}
	regexCache.Lock()
	if regexCache.m == nil || len(regexCache.m) >= regexCacheSize {
		regexCache.m = make(map[string]*javaRegex)
	}
	regexCache.m[pattern] = r
	regexCache.Unlock()
	return r, nil
}

// find returns the first match in s as byte offsets (Matcher.find on a
// fresh matcher: `^` and \b see the start of s as the start of input).
func (r *javaRegex) find(s string) (start, end int, ok bool) {
	loc := r.re.FindStringIndex(s)
	if loc == nil {
		return 0, 0, false
	}
	return loc[0], loc[1], true
}

// findAll returns the matches of Java's find loop (Scala's findAllMatchIn)
// as byte offset pairs. Go's FindAll drops an empty match that abuts the
// previous match; Java reports it, so it is put back.
func (r *javaRegex) findAll(s string) [][]int {
	locs := r.re.FindAllStringIndex(s, -1)
	if !r.nullable {
		return locs
	}
	var out [][]int
	for i, loc := range locs {
		out = append(out, loc)
		e := loc[1]
		if loc[0] == e || (i+1 < len(locs) && locs[i+1][0] == e) {
			continue
		}
		if r.matchesAt(s, e) {
			out = append(out, []int{e, e})
		}
	}
	return out
}

// matchesAt reports whether the pattern matches at byte offset i > 0 of s,
// with the rune before i as context for \b and (?m)^.
func (r *javaRegex) matchesAt(s string, i int) bool {
	r.once.Do(func() {
		r.anchored = regexp.MustCompile(`\A(?s:.)(?:` + r.re.String() + `)`)
	})
	_, w := utf8.DecodeLastRuneInString(s[:i])
	return r.anchored.MatchString(s[i-w:])
}

// rxNullable reports whether re can match the empty string (assertions count
// as empty).
func rxNullable(re *syntax.Regexp) bool {
	switch re.Op {
	case syntax.OpNoMatch, syntax.OpCharClass, syntax.OpAnyChar, syntax.OpAnyCharNotNL:
		return false
	case syntax.OpLiteral:
		return len(re.Rune) == 0
	case syntax.OpCapture, syntax.OpPlus:
		return rxNullable(re.Sub[0])
	case syntax.OpRepeat:
		return re.Min == 0 || rxNullable(re.Sub[0])
	case syntax.OpConcat:
		for _, s := range re.Sub {
			if !rxNullable(s) {
				return false
			}
		}
		return true
	case syntax.OpAlternate:
		for _, s := range re.Sub {
			if rxNullable(s) {
				return true
			}
		}
		return false
	}
	return true // empty match, assertions, star, quest
}

// regexError is a Java PatternSyntaxException: description and index.
type regexError struct {
	desc  string
	index int
}

func (e *regexError) toError(pattern string) *eval.Error {
	return eval.Errorf(eval.CodeInvalidRegex, "Invalid regular expression. %s at index %d", e.desc, faunaRegexIndex(pattern, e.index))
}

// faunaRegexIndex converts Java's error index the way Fauna does:
// pattern.codePointCount(0, index), i.e. the number of code points that
// start within the first `index` UTF-16 units.
func faunaRegexIndex(pattern string, index int) int {
	n, units := 0, 0
	for _, r := range pattern {
		if units >= index {
			break
		}
		n++
		units++
		if r >= 0x10000 {
			units++
		}
	}
	return n
}

// Java Pattern flags (the inline (?idmsuxU) letters).
const (
	jUnixLines = 1 << iota
	jCaseInsensitive
	jComments
	jMultiline
	jDotAll
	jUnicodeCase
	jCanonEq
	jUnicodeClass
)

const rxMaxRepeat = 1000 // RE2's repetition limit

// rxFrag is a piece of RE2 syntax; atom means a quantifier may follow it
// directly.
type rxFrag struct {
	re   string
	atom bool
}

func (f rxFrag) wrapped() string {
	if f.atom {
		return f.re
	}
	return "(?:" + f.re + ")"
}

// jparser mirrors the state of java.util.regex.Pattern's parser: the
// pattern as code points followed by zeros, and a cursor into it.
type jparser struct {
	temp   []rune
	n      int // pattern length in code points
	cursor int
	flags  int
	groups int // Java's capturingGroupCount (group 0 is the whole match)
	names  map[string]bool
	unsup  *regexError // the first construct RE2 cannot express
}

// translateRegex returns the RE2 equivalent of a Java pattern.
func translateRegex(pattern string) (string, *regexError) {
	p := &jparser{groups: 1}
	p.temp = []rune(pattern)
	p.n = len(p.temp)
	p.removeQEQuoting()
	p.temp = append(p.temp[:p.n:p.n], 0, 0, 0, 0)
	re, err := p.expr()
	if err != nil {
		return "", err
	}
	if p.cursor != p.n {
		if p.peek() == ')' {
			return "", p.fail("Unmatched closing ')'")
		}
		return "", p.fail("Unexpected internal error")
	}
	if p.unsup != nil {
		return "", p.unsup
	}
	return re, nil
}

// removeQEQuoting rewrites \Q...\E into escaped characters before parsing,
// as Pattern.RemoveQEQuoting does (error indexes refer to the result).
func (p *jparser) removeQEQuoting() {
	t, n := p.temp, p.n
	i := 0
	for i < n-1 {
		if t[i] != '\\' {
			i++
		} else if t[i+1] != 'Q' {
			i += 2
		} else {
			break
		}
	}
	if i >= n-1 {
		return
	}
	out := append(make([]rune, 0, n*2), t[:i]...)
	i += 2
	inQuote, beginQuote := true, true
	for i < n {
		c := t[i]
		i++
		switch {
		case c >= 0x80 || rxIsAlpha(c):
			out = append(out, c)
		case rxIsDigit(c):
			if beginQuote {
				// keep a preceding \0, \x or \u escape from eating the digit
				out = append(out, '\\', 'x', '3')
			}
			out = append(out, c)
		case c != '\\':
			if inQuote {
				out = append(out, '\\')
			}
			out = append(out, c)
		case inQuote:
			if i < n && t[i] == 'E' {
				i++
				inQuote = false
			} else {
				out = append(out, '\\', '\\')
			}
		default:
			if i < n && t[i] == 'Q' {
				i++
				inQuote, beginQuote = true, true
				continue
			}
			out = append(out, c)
			if i != n {
				out = append(out, t[i])
				i++
			}
		}
		beginQuote = false
	}
	p.temp, p.n = out, len(out)
}

func (p *jparser) has(f int) bool { return p.flags&f != 0 }

func (p *jparser) at(i int) rune {
	if i >= 0 && i < len(p.temp) {
		return p.temp[i]
	}
	return 0
}

func (p *jparser) fail(desc string) *regexError { return &regexError{desc: desc, index: p.cursor - 1} }

func (p *jparser) unsupported(what string, index int) {
	if p.unsup == nil {
		p.unsup = &regexError{desc: what + " not supported", index: index}
	}
}

// The cursor primitives of Pattern.java; in COMMENTS mode (?x) the
// non-escaped ones skip whitespace and #-comments.

func (p *jparser) peek() rune {
	ch := p.at(p.cursor)
	if p.has(jComments) {
		ch = p.peekPastWhitespace(ch)
	}
	return ch
}

func (p *jparser) read() rune {
	ch := p.at(p.cursor)
	p.cursor++
	if p.has(jComments) {
		ch = p.parsePastWhitespace(ch)
	}
	return ch
}

func (p *jparser) next() rune {
	p.cursor++
	ch := p.at(p.cursor)
	if p.has(jComments) {
		ch = p.peekPastWhitespace(ch)
	}
	return ch
}

func (p *jparser) nextEscaped() rune {
	p.cursor++
	return p.at(p.cursor)
}

func (p *jparser) skip() rune {
	ch := p.at(p.cursor + 1)
	p.cursor += 2
	return ch
}

func (p *jparser) unread() { p.cursor-- }

func (p *jparser) accept(ch rune, desc string) *regexError {
	if p.read() != ch {
		return p.fail(desc)
	}
	return nil
}

func (p *jparser) peekPastWhitespace(ch rune) rune {
	for rxIsSpace(ch) || ch == '#' {
		for rxIsSpace(ch) {
			p.cursor++
			ch = p.at(p.cursor)
		}
		if ch == '#' {
			p.cursor++
			ch = p.at(p.cursor)
			for ch != 0 && !p.isLineSeparator(ch) {
				p.cursor++
				ch = p.at(p.cursor)
			}
			if ch == 0 && p.cursor > p.n {
				p.cursor = p.n
				ch = p.at(p.cursor)
			}
		}
	}
	return ch
}

func (p *jparser) parsePastWhitespace(ch rune) rune {
	for rxIsSpace(ch) || ch == '#' {
		for rxIsSpace(ch) {
			ch = p.at(p.cursor)
			p.cursor++
		}
		if ch == '#' {
			ch = p.at(p.cursor)
			p.cursor++
			for ch != 0 && !p.isLineSeparator(ch) {
				ch = p.at(p.cursor)
				p.cursor++
			}
			if ch == 0 && p.cursor > p.n {
				p.cursor = p.n
				ch = p.at(p.cursor)
				p.cursor++
			}
		}
	}
	return ch
}

func (p *jparser) isLineSeparator(ch rune) bool {
	if p.has(jUnixLines) {
		return ch == '\n'
	}
	return ch == '\n' || ch == '\r' || ch|1 == 0x2029 || ch == 0x85
}

// expr parses alternatives separated by '|'.
func (p *jparser) expr() (string, *regexError) {
	var alts []string
	for {
		s, err := p.sequence()
		if err != nil {
			return "", err
		}
		alts = append(alts, s)
		if p.peek() != '|' {
			return strings.Join(alts, "|"), nil
		}
		p.next()
	}
}

// sequence parses the terms between alternations.
func (p *jparser) sequence() (string, *regexError) {
	var b strings.Builder
	for {
		ch := p.peek()
		var node rxFrag
		var err *regexError
		switch ch {
		case '(':
			// a group applies its own quantifier
			f, ok, err := p.group0()
			if err != nil {
				return "", err
			}
			if ok {
				b.WriteString(f.re)
			}
			continue
		case '[':
			var set *runeSet
			set, err = p.clazz(true)
			node = rxSetFrag(set)
		case '\\':
			ch = p.nextEscaped()
			if ch == 'p' || ch == 'P' {
				node, err = p.property(ch == 'P')
			} else {
				p.unread()
				node, err = p.atom()
			}
		case '^':
			p.next()
			node = rxFrag{re: `\A`}
			if p.has(jMultiline) {
				node.re = `(?m:^)`
			}
		case '$':
			p.next()
			node = rxFrag{re: `\z`}
			if p.has(jMultiline) {
				node.re = `(?m:$)`
			}
		case '.':
			p.next()
			switch {
			case p.has(jDotAll):
				node = rxFrag{re: `(?s:.)`, atom: true}
			case p.has(jUnixLines):
				node = rxFrag{re: `[^\n]`, atom: true}
			default:
				node = rxFrag{re: `[^\n\r\x{85}\x{2028}\x{2029}]`, atom: true}
			}
		case '|', ')':
			return b.String(), nil
		case '?', '*', '+':
			p.next()
			return "", p.fail(fmt.Sprintf("Dangling meta character '%c'", ch))
		case 0:
			if p.cursor >= p.n {
				return b.String(), nil
			}
			node, err = p.atom()
		default: // including dangling ']' and '}', which are literals
			node, err = p.atom()
		}
		if err != nil {
			return "", err
		}
		if node, err = p.closure(node); err != nil {
			return "", err
		}
		b.WriteString(node.re)
	}
}

// property parses \p{...} or \P{...} with the cursor on the p.
func (p *jparser) property(comp bool) (rxFrag, *regexError) {
	set, err := p.propertySet(comp)
	return rxSetFrag(set), err
}

func (p *jparser) propertySet(comp bool) (*runeSet, *regexError) {
	oneLetter := true
	if p.next() != '{' {
		p.unread()
	} else {
		oneLetter = false
	}
	return p.family(oneLetter, comp)
}

// atom parses a run of literal characters, or one escape that is not a
// character. A quantifier after the run applies to its last character only.
func (p *jparser) atom() (rxFrag, *regexError) {
	var lits []rune
	prev := -1
	ch := p.peek()
loop:
	for {
		switch ch {
		case '*', '+', '?', '{':
			if len(lits) > 1 {
				p.cursor = prev // leave the last character for the quantifier
				lits = lits[:len(lits)-1]
			}
			break loop
		case '$', '.', '^', '(', '[', '|', ')':
			break loop
		case '\\':
			ch = p.nextEscaped()
			if ch == 'p' || ch == 'P' {
				if len(lits) > 0 {
					p.unread()
					break loop
				}
				return p.property(ch == 'P')
			}
			p.unread()
			prev = p.cursor
			e, err := p.escape(false, len(lits) == 0, false)
			if err != nil {
				return rxFrag{}, err
			}
			if e.ch >= 0 {
				lits = append(lits, e.ch)
				ch = p.peek()
				continue
			}
			if len(lits) == 0 {
				return e.node, nil
			}
			p.cursor = prev
			break loop
		case 0:
			if p.cursor >= p.n {
				break loop
			}
			fallthrough
		default:
			prev = p.cursor
			lits = append(lits, ch)
			ch = p.next()
		}
	}
	if len(lits) == 1 {
		s := p.literal(lits[0])
		return rxSetFrag(&s), nil
	}
	var b strings.Builder
	for _, c := range lits {
		s := p.literal(c)
		b.WriteString(rxSetFrag(&s).re)
	}
	return rxFrag{re: b.String()}, nil
}

// closure parses a quantifier after node, if any.
func (p *jparser) closure(node rxFrag) (rxFrag, *regexError) {
	switch p.peek() {
	case '?':
		return p.quantify(node, "?")
	case '*':
		return p.quantify(node, "*")
	case '+':
		return p.quantify(node, "+")
	case '{':
		ch := p.skip()
		if !rxIsDigit(ch) {
			return rxFrag{}, p.fail("Illegal repetition")
		}
		cmin, cmax := 0, 0
		for {
			cmin = cmin*10 + int(ch-'0')
			if cmin > 1<<31-1 {
				return rxFrag{}, p.fail("Illegal repetition range")
			}
			if ch = p.read(); !rxIsDigit(ch) {
				break
			}
		}
		if ch == ',' {
			ch = p.read()
			if ch == '}' {
				p.unread()
				if cmin > rxMaxRepeat {
					p.unsupported("Repetition counts above 1000 are", p.cursor)
				}
				return p.quantify(node, "{"+strconv.Itoa(cmin)+",}")
			}
			for rxIsDigit(ch) {
				cmax = cmax*10 + int(ch-'0')
				if cmax > 1<<31-1 {
					return rxFrag{}, p.fail("Illegal repetition range")
				}
				ch = p.read()
			}
		} else {
			cmax = cmin
		}
		if ch != '}' {
			return rxFrag{}, p.fail("Unclosed counted closure")
		}
		if cmax < cmin {
			return rxFrag{}, p.fail("Illegal repetition range")
		}
		p.unread()
		if cmax > rxMaxRepeat {
			p.unsupported("Repetition counts above 1000 are", p.cursor)
		}
		if cmin == cmax {
			return p.quantify(node, "{"+strconv.Itoa(cmin)+"}")
		}
		return p.quantify(node, "{"+strconv.Itoa(cmin)+","+strconv.Itoa(cmax)+"}")
	}
	return node, nil
}

// quantify reads the lazy/possessive suffix (Java's qtype) with the cursor
// on the quantifier's last character.
func (p *jparser) quantify(node rxFrag, op string) (rxFrag, *regexError) {
	switch p.next() {
	case '?':
		p.next()
		op += "?"
	case '+':
		p.next()
		p.unsupported("Possessive quantifiers are", p.cursor-2)
	}
	return rxFrag{re: node.wrapped() + op}, nil
}

// group0 parses a group with the cursor on '('. ok is false for a flags-only
// group such as (?i), which produces nothing and takes no quantifier.
func (p *jparser) group0() (f rxFrag, ok bool, err *regexError) {
	save := p.flags
	start := p.cursor
	var inner string
	if p.next() == '?' {
		switch ch := p.skip(); ch {
		case ':':
			inner, err = p.expr()
		case '=', '!':
			inner, err = p.expr()
			p.unsupported("Look-ahead groups are", start)
		case '>':
			inner, err = p.expr()
			p.unsupported("Atomic groups are", start)
		case '<':
			ch = p.read()
			if ch != '=' && ch != '!' {
				var name string
				if name, err = p.groupName(ch); err != nil {
					return rxFrag{}, false, err
				}
				if p.names[name] {
					return rxFrag{}, false, p.fail("Named capturing group <" + name + "> is already defined")
				}
				if p.names == nil {
					p.names = map[string]bool{}
				}
				p.names[name] = true
				p.groups++
				inner, err = p.expr()
				break
			}
			inner, err = p.expr()
			p.unsupported("Look-behind groups are", start)
		case '$', '@':
			return rxFrag{}, false, p.fail("Unknown group type")
		default: // inline flags: (?i) or (?i:...)
			p.unread()
			p.addFlags()
			ch = p.read()
			if ch == ')' {
				return rxFrag{}, false, nil // the flags last until the enclosing group ends
			}
			if ch != ':' {
				return rxFrag{}, false, p.fail("Unknown inline modifier")
			}
			inner, err = p.expr()
		}
	} else {
		p.groups++
		inner, err = p.expr()
	}
	if err != nil {
		return rxFrag{}, false, err
	}
	if err := p.accept(')', "Unclosed group"); err != nil {
		return rxFrag{}, false, err
	}
	p.flags = save
	// Only whole-match offsets are used, so groups need not capture.
	f, err = p.closure(rxFrag{re: "(?:" + inner + ")", atom: true})
	return f, true, err
}

func (p *jparser) groupName(ch rune) (string, *regexError) {
	if !rxIsAlpha(ch) {
		return "", p.fail("capturing group name does not start with a Latin letter")
	}
	var b strings.Builder
	for {
		b.WriteRune(ch)
		if ch = p.read(); !rxIsAlpha(ch) && !rxIsDigit(ch) {
			break
		}
	}
	if ch != '>' {
		return "", p.fail("named capturing group is missing trailing '>'")
	}
	return b.String(), nil
}

var rxFlagLetters = map[rune]int{
	'i': jCaseInsensitive, 'm': jMultiline, 's': jDotAll, 'd': jUnixLines,
	'u': jUnicodeCase, 'c': jCanonEq, 'x': jComments, 'U': jUnicodeClass | jUnicodeCase,
}

func (p *jparser) addFlags() {
	ch := p.peek()
	for {
		if ch == '-' {
			ch = p.next()
			for {
				f, ok := rxFlagLetters[ch]
				if !ok {
					return
				}
				p.flags &^= f
				ch = p.next()
			}
		}
		f, ok := rxFlagLetters[ch]
		if !ok {
			return
		}
		if f == jCanonEq {
			p.unsupported("Canonical equivalence is", p.cursor)
		}
		p.flags |= f
		ch = p.next()
	}
}

// rxEscape is what an escape stands for: a character (ch >= 0), or a node
// outside a class, or a set inside one.
type rxEscape struct {
	ch   rune
	node rxFrag
	set  *runeSet
}

// escape parses a backslash escape with the cursor on the backslash.
// create is false when the caller only needs to know whether the escape is
// a character (Java then parses it again later).
func (p *jparser) escape(inclass, create, isrange bool) (rxEscape, *regexError) {
	start := p.cursor
	node := func(re string) (rxEscape, *regexError) { return rxEscape{ch: -1, node: rxFrag{re: re}}, nil }
	class := func(s runeSet) (rxEscape, *regexError) {
		if !create {
			return rxEscape{ch: -1}, nil
		}
		if inclass {
			return rxEscape{ch: -1, set: &s}, nil
		}
		return rxEscape{ch: -1, node: rxSetFrag(&s)}, nil
	}
	char := func(c rune, err *regexError) (rxEscape, *regexError) { return rxEscape{ch: c}, err }
	switch ch := p.skip(); ch {
	case '0':
		return char(p.octal())
	case '1', '2', '3', '4', '5', '6', '7', '8', '9':
		if inclass {
			break
		}
		if create {
			ref := int(ch - '0')
			for {
				d := p.peek()
				if !rxIsDigit(d) || p.groups-1 < ref*10+int(d-'0') {
					break
				}
				ref = ref*10 + int(d-'0')
				p.read()
			}
			p.unsupported("Back references are", start)
		}
		return rxEscape{ch: -1}, nil
	case 'A':
		if inclass {
			break
		}
		return node(`\A`)
	case 'B':
		if inclass {
			break
		}
		return node(`\B`)
	case 'D':
		return class(p.digitSet().negate())
	case 'G':
		if inclass {
			break
		}
		return node(`\A`)
	case 'H':
		return class(rxHorizSpace().negate())
	case 'N':
		return char(p.charName(start))
	case 'R':
		if inclass {
			break
		}
		return node(`(?:\r\n|[\n\x0B\f\r\x{85}\x{2028}\x{2029}])`)
	case 'S':
		return class(p.spaceSet().negate())
	case 'V':
		return class(rxVertSpace().negate())
	case 'W':
		return class(p.wordSet().negate())
	case 'X':
		if inclass {
			break
		}
		return node(`(?:\r\n|(?s:.)\pM*)`)
	case 'Z':
		if inclass {
			break
		}
		return node(`\z`)
	case 'a':
		return char(7, nil)
	case 'b':
		if inclass {
			break
		}
		if create {
			if p.peek() == '{' {
				if p.skip() == 'g' {
					if p.read() == '}' {
						p.unsupported("Grapheme cluster boundaries are", start)
						return node(`\b`)
					}
					break
				}
				p.unread()
				p.unread()
			}
		}
		return node(`\b`)
	case 'c':
		if p.cursor < p.n {
			return char(p.read()^64, nil)
		}
		return char(0, p.fail("Illegal control escape sequence"))
	case 'd':
		return class(p.digitSet())
	case 'e':
		return char(27, nil)
	case 'f':
		return char('\f', nil)
	case 'h':
		return class(rxHorizSpace())
	case 'k':
		if inclass {
			break
		}
		if p.read() != '<' {
			return char(0, p.fail(`\k is not followed by '<' for named capturing group`))
		}
		name, err := p.groupName(p.read())
		if err != nil {
			return rxEscape{}, err
		}
		if !p.names[name] {
			return char(0, p.fail("named capturing group <"+name+"> does not exist"))
		}
		if create {
			p.unsupported("Back references are", start)
		}
		return rxEscape{ch: -1}, nil
	case 'n':
		return char('\n', nil)
	case 'r':
		return char('\r', nil)
	case 's':
		return class(p.spaceSet())
	case 't':
		return char('\t', nil)
	case 'u':
		return char(p.unicodeEscape())
	case 'v':
		if isrange {
			return char(0x0B, nil)
		}
		return class(rxVertSpace())
	case 'w':
		return class(p.wordSet())
	case 'x':
		return char(p.hexEscape())
	case 'z':
		if inclass {
			break
		}
		return node(`\z`)
	case 'C', 'E', 'F', 'I', 'J', 'K', 'L', 'M', 'O', 'P', 'Q', 'T', 'U', 'Y',
		'g', 'i', 'j', 'l', 'm', 'o', 'p', 'q', 'y':
	default:
		return rxEscape{ch: ch}, nil
	}
	return rxEscape{}, p.fail("Illegal/unsupported escape sequence")
}

func (p *jparser) octal() (rune, *regexError) {
	isOct := func(c rune) bool { return c >= '0' && c <= '7' }
	n := p.read()
	if !isOct(n) {
		return 0, p.fail("Illegal octal escape sequence")
	}
	m := p.read()
	if !isOct(m) {
		p.unread()
		return n - '0', nil
	}
	o := p.read()
	if isOct(o) && n <= '3' {
		return (n-'0')*64 + (m-'0')*8 + (o - '0'), nil
	}
	p.unread()
	return (n-'0')*8 + (m - '0'), nil
}

func (p *jparser) hexEscape() (rune, *regexError) {
	n := p.read()
	if rxIsHex(n) {
		if m := p.read(); rxIsHex(m) {
			return rxHexVal(n)*16 + rxHexVal(m), nil
		}
	} else if n == '{' && rxIsHex(p.peek()) {
		var ch rune
		for n = p.read(); rxIsHex(n); n = p.read() {
			ch = ch<<4 + rxHexVal(n)
			if ch > unicode.MaxRune {
				return 0, p.fail("Hexadecimal codepoint is too big")
			}
		}
		if n != '}' {
			return 0, p.fail("Unclosed hexadecimal escape sequence")
		}
		return ch, nil
	}
	return 0, p.fail("Illegal hexadecimal escape sequence")
}

func (p *jparser) uxxxx() (rune, *regexError) {
	var n rune
	for i := 0; i < 4; i++ {
		ch := p.read()
		if !rxIsHex(ch) {
			return 0, p.fail("Illegal Unicode escape sequence")
		}
		n = n*16 + rxHexVal(ch)
	}
	return n, nil
}

func (p *jparser) unicodeEscape() (rune, *regexError) {
	n, err := p.uxxxx()
	if err != nil || !rxIsHighSurrogate(n) {
		return n, err
	}
	cur := p.cursor
	if p.read() == '\\' && p.read() == 'u' {
		if n2, err := p.uxxxx(); err == nil && n2 >= 0xDC00 && n2 <= 0xDFFF {
			return (n-0xD800)<<10 + (n2 - 0xDC00) + 0x10000, nil
		} else if err != nil {
			return 0, err
		}
	}
	p.cursor = cur
	return n, nil
}

// charName parses \N{name}; Go has no name table, so a well-formed one is
// reported as unsupported.
func (p *jparser) charName(start int) (rune, *regexError) {
	if p.read() == '{' {
		for p.read() != '}' {
			if p.cursor >= p.n {
				return 0, p.fail("Unclosed character name escape sequence")
			}
		}
		p.unsupported("Character names are", start)
		return 0, nil
	}
	return 0, p.fail("Illegal character name escape sequence")
}

// clazz parses a character class with the cursor on '['. consume is false
// for the right operand of && written without brackets.
func (p *jparser) clazz(consume bool) (*runeSet, *regexError) {
	var prev, curr *runeSet
	var bits runeSet
	isNeg, hasBits := false, false
	ch := p.next()
	if ch == '^' && p.at(p.cursor-1) == '[' {
		ch = p.next()
		isNeg = true
	}
	for {
		switch ch {
		case '[':
			c, err := p.clazz(true)
			if err != nil {
				return nil, err
			}
			curr = c
			prev = rxUnion(prev, curr)
			ch = p.peek()
			continue
		case '&':
			if ch = p.next(); ch != '&' {
				p.unread() // a literal '&'
				break
			}
			ch = p.next()
			var right *runeSet
			for ch != ']' && ch != '&' {
				if ch != '[' {
					p.unread()
				}
				c, err := p.clazz(ch == '[')
				if err != nil {
					return nil, err
				}
				right = rxUnion(right, c)
				ch = p.peek()
			}
			if hasBits {
				b := slices.Clone(bits)
				if prev == nil {
					prev, curr = &b, &b
				} else {
					prev = rxUnion(prev, &b)
				}
				hasBits = false
			}
			if right != nil {
				curr = right
			}
			if prev == nil {
				if right == nil {
					return nil, p.fail("Bad class syntax")
				}
				prev = right
			} else {
				// Java 17 intersects with a null predicate here (later JDKs
				// report "Bad intersection syntax"); matching a character of
				// prev then fails with a NullPointerException. fqlite
				// intersects with nothing.
				var s runeSet
				if curr != nil {
					s = prev.intersect(*curr)
				}
				prev = &s
			}
			continue
		case 0:
			if p.cursor >= p.n {
				return nil, p.fail("Unclosed character class")
			}
		case ']':
			if prev != nil || hasBits {
				if consume {
					p.next()
				}
				if prev == nil {
					prev = &bits
				} else if hasBits {
					prev = rxUnion(prev, &bits)
				}
				if isNeg {
					s := prev.negate()
					prev = &s
				}
				return prev, nil
			}
		}
		c, err := p.classItem(&bits)
		if err != nil {
			return nil, err
		}
		curr = c
		if c == nil {
			hasBits = true
		} else {
			prev = rxUnion(prev, c)
		}
		ch = p.peek()
	}
}

// classItem parses a character, range, escape or property inside a class
// (Java's range()). Characters below 256 go into bits and return nil.
func (p *jparser) classItem(bits *runeSet) (*runeSet, *regexError) {
	ch := p.peek()
	if ch == '\\' {
		ch = p.nextEscaped()
		if ch == 'p' || ch == 'P' {
			return p.propertySet(ch == 'P')
		}
		isrange := p.at(p.cursor+1) == '-'
		p.unread()
		e, err := p.escape(true, true, isrange)
		if err != nil {
			return nil, err
		}
		if e.ch < 0 {
			return e.set, nil
		}
		ch = e.ch
	} else {
		p.next()
	}
	if p.peek() == '-' {
		endRange := p.at(p.cursor + 1)
		if endRange == '[' {
			return p.bitsOrSingle(bits, ch), nil
		}
		if endRange != ']' {
			p.next()
			m := p.peek()
			if m == '\\' {
				e, err := p.escape(true, false, true)
				if err != nil {
					return nil, err
				}
				m = e.ch
			} else {
				p.next()
			}
			if m < ch {
				return nil, p.fail("Illegal character range")
			}
			s := p.caseRange(ch, m)
			return &s, nil
		}
	}
	return p.bitsOrSingle(bits, ch), nil
}

func (p *jparser) bitsOrSingle(bits *runeSet, ch rune) *runeSet {
	special := p.has(jCaseInsensitive) && p.has(jUnicodeCase) && strings.ContainsRune("\u00ff\u00b5IiSsKk\u00c5\u00e5", ch)
	s := p.literal(ch)
	if ch < 256 && !special {
		*bits = bits.union(s)
		return nil
	}
	return &s
}

// literal is the set a literal character matches under the current flags.
func (p *jparser) literal(c rune) runeSet {
	if p.has(jCaseInsensitive) {
		if p.has(jUnicodeCase) {
			return rxFoldOrbit(c)
		}
		if l, u := rxLower(c), rxUpper(c); l != u {
			return runeSet{u, u, l, l}
		}
	}
	return runeSet{c, c}
}

// caseRange is the range lo-hi under the current flags.
func (p *jparser) caseRange(lo, hi rune) runeSet {
	s := runeSet{lo, hi}
	if !p.has(jCaseInsensitive) {
		return s
	}
	if p.has(jUnicodeCase) {
		return s.foldClosure()
	}
	var extra runeSet
	for c := rune('A'); c <= 'z'; c++ {
		if rxIsAlpha(c) && !s.contains(c) && (s.contains(rxLower(c)) || s.contains(rxUpper(c))) {
			extra = extra.union(runeSet{c, c})
		}
	}
	return s.union(extra)
}

func (p *jparser) digitSet() runeSet {
	if p.has(jUnicodeClass) {
		return rxTable(unicode.Nd)
	}
	return runeSet{'0', '9'}
}

func (p *jparser) spaceSet() runeSet {
	if p.has(jUnicodeClass) {
		return rxTable(unicode.White_Space)
	}
	return rxASCIISpace
}

func (p *jparser) wordSet() runeSet {
	if p.has(jUnicodeClass) {
		return rxWord()
	}
	return rxASCIIWord
}

// family parses the name of \p{name} / \pL (the cursor is on the p) and
// returns its set (Java's family()).
func (p *jparser) family(singleLetter, comp bool) (*runeSet, *regexError) {
	p.next()
	var name string
	if singleLetter {
		name = string(p.at(p.cursor))
		p.read()
	} else {
		i := p.cursor
		p.temp[p.n] = '}' // Java marks the end so the scan stops there
		for p.read() != '}' {
		}
		p.temp[p.n] = 0
		j := p.cursor
		if j > p.n {
			return nil, p.fail("Unclosed character family")
		}
		if i+1 >= j {
			return nil, p.fail("Empty character family")
		}
		name = string(p.temp[i : j-1])
	}
	start := p.cursor - 1
	set, known, unsup := rxProperty(name, p.has(jCaseInsensitive), p.has(jUnicodeClass))
	if unsup {
		p.unsupported("Character property "+name+" is", start)
	} else if !known {
		if k, v, ok := strings.Cut(name, "="); ok {
			return nil, p.fail("Unknown Unicode property {name=<" + strings.ToLower(k) + ">, value=<" + v + ">}")
		}
		return nil, p.fail("Unknown character property name {" + name + "}")
	}
	if comp {
		set = set.negate()
	}
	return &set, nil
}

// rxProperty resolves a \p{...} name as CharPredicates does. unsup is
// set for names Java knows but Go has no table for.
func rxProperty(name string, caseIns, unicodeClass bool) (set runeSet, known, unsup bool) {
	if k, v, ok := strings.Cut(name, "="); ok {
		switch strings.ToLower(k) {
		case "sc", "script":
			set, known = rxScript(v)
		case "blk", "block":
			return nil, false, true
		case "gc", "general_category":
			set, known = rxCategory(v, caseIns)
		}
		return set, known, false
	}
	switch {
	case strings.HasPrefix(name, "In"):
		return nil, false, true
	case strings.HasPrefix(name, "Is"):
		short := name[2:]
		upper := strings.ToUpper(short)
		switch upper {
		case "EMOJI", "EMOJI_PRESENTATION", "EMOJI_MODIFIER", "EMOJI_MODIFIER_BASE", "EMOJI_COMPONENT", "EXTENDED_PICTOGRAPHIC":
			return nil, false, true
		}
		if set, known = rxBinaryProperty(upper, caseIns); known {
			return set, true, false
		}
		if set, known = rxPOSIX(upper, caseIns); known {
			return set, true, false
		}
		if set, known = rxCategory(short, caseIns); known {
			return set, true, false
		}
		set, known = rxScript(short)
		return set, known, false
	}
	if unicodeClass {
		if set, known = rxPOSIX(strings.ToUpper(name), caseIns); known {
			return set, true, false
		}
	}
	switch name {
	case "javaMirrored", "javaJavaIdentifierStart", "javaJavaIdentifierPart",
		"javaUnicodeIdentifierStart", "javaUnicodeIdentifierPart", "javaIdentifierIgnorable":
		return nil, false, true
	}
	set, known = rxCategory(name, caseIns)
	return set, known, false
}

// rxCategory covers CharPredicates.forProperty: general categories, the
// ASCII POSIX classes and Character.isXxx predicates.
func rxCategory(name string, caseIns bool) (runeSet, bool) {
	cased := func(t *unicode.RangeTable) runeSet {
		if caseIns {
			return rxTable(unicode.Lu).union(rxTable(unicode.Ll)).union(rxTable(unicode.Lt))
		}
		return rxTable(t)
	}
	switch name {
	case "Cn":
		return rxAssigned().negate(), true
	case "Lu":
		return cased(unicode.Lu), true
	case "Ll":
		return cased(unicode.Ll), true
	case "Lt":
		return cased(unicode.Lt), true
	case "LC":
		return rxTable(unicode.Lu).union(rxTable(unicode.Ll)).union(rxTable(unicode.Lt)), true
	case "LD":
		return rxTable(unicode.L).union(rxTable(unicode.Nd)), true
	case "C":
		return rxTable(unicode.C).union(rxAssigned().negate()), true
	case "L1":
		return runeSet{0, 0xFF}, true
	case "all":
		return runeSet{0, unicode.MaxRune}, true
	case "ASCII":
		return runeSet{0, 0x7F}, true
	case "Alnum":
		return runeSet{'0', '9', 'A', 'Z', 'a', 'z'}, true
	case "Alpha":
		return runeSet{'A', 'Z', 'a', 'z'}, true
	case "Blank":
		return runeSet{'\t', '\t', ' ', ' '}, true
	case "Cntrl":
		return runeSet{0, 0x1F, 0x7F, 0x7F}, true
	case "Digit":
		return runeSet{'0', '9'}, true
	case "Graph":
		return runeSet{0x21, 0x7E}, true
	case "Lower":
		if caseIns {
			return runeSet{'A', 'Z', 'a', 'z'}, true
		}
		return runeSet{'a', 'z'}, true
	case "Print":
		return runeSet{0x20, 0x7E}, true
	case "Punct":
		return rxASCIIPunct, true
	case "Space":
		return rxASCIISpace, true
	case "Upper":
		if caseIns {
			return runeSet{'A', 'Z', 'a', 'z'}, true
		}
		return runeSet{'A', 'Z'}, true
	case "XDigit":
		return runeSet{'0', '9', 'A', 'F', 'a', 'f'}, true
	case "javaLowerCase":
		return rxCase(caseIns, unicode.Ll, unicode.Other_Lowercase), true
	case "javaUpperCase":
		return rxCase(caseIns, unicode.Lu, unicode.Other_Uppercase), true
	case "javaTitleCase":
		return rxCase(caseIns, unicode.Lt, nil), true
	case "javaAlphabetic":
		return rxAlphabetic(), true
	case "javaIdeographic":
		return rxTable(unicode.Ideographic), true
	case "javaDigit":
		return rxTable(unicode.Nd), true
	case "javaDefined":
		return rxAssigned(), true
	case "javaLetter":
		return rxTable(unicode.L), true
	case "javaLetterOrDigit":
		return rxTable(unicode.L).union(rxTable(unicode.Nd)), true
	case "javaSpaceChar":
		return rxTable(unicode.Z), true
	case "javaWhitespace":
		// Character.isWhitespace: separators except no-break spaces, plus
		// the ASCII controls \t-\r and \x1C-\x1F.
		return rxTable(unicode.Z).intersect(runeSet{0xA0, 0xA0, 0x2007, 0x2007, 0x202F, 0x202F}.negate()).
			union(runeSet{0x09, 0x0D, 0x1C, 0x1F}), true
	case "javaISOControl":
		return runeSet{0, 0x1F, 0x7F, 0x9F}, true
	}
	if t, ok := unicode.Categories[name]; ok {
		return rxTable(t), true
	}
	return nil, false
}

func rxCase(caseIns bool, cat, other *unicode.RangeTable) runeSet {
	if caseIns {
		return rxTable(unicode.Lu).union(rxTable(unicode.Ll)).union(rxTable(unicode.Lt)).
			union(rxTable(unicode.Other_Lowercase)).union(rxTable(unicode.Other_Uppercase))
	}
	s := rxTable(cat)
	if other != nil {
		s = s.union(rxTable(other))
	}
	return s
}

// rxBinaryProperty covers the binary properties of \p{IsXxx}.
func rxBinaryProperty(name string, caseIns bool) (runeSet, bool) {
	switch name {
	case "ALPHABETIC":
		return rxAlphabetic(), true
	case "ASSIGNED":
		return rxAssigned(), true
	case "CONTROL":
		return rxTable(unicode.Cc), true
	case "HEXDIGIT", "HEX_DIGIT":
		return rxTable(unicode.Nd).union(rxTable(unicode.Hex_Digit)), true
	case "IDEOGRAPHIC":
		return rxTable(unicode.Ideographic), true
	case "JOINCONTROL", "JOIN_CONTROL":
		return rxTable(unicode.Join_Control), true
	case "LETTER":
		return rxTable(unicode.L), true
	case "LOWERCASE":
		return rxCase(caseIns, unicode.Ll, unicode.Other_Lowercase), true
	case "NONCHARACTERCODEPOINT", "NONCHARACTER_CODE_POINT":
		return rxTable(unicode.Noncharacter_Code_Point), true
	case "TITLECASE":
		return rxCase(caseIns, unicode.Lt, nil), true
	case "PUNCTUATION":
		return rxTable(unicode.P), true
	case "UPPERCASE":
		return rxCase(caseIns, unicode.Lu, unicode.Other_Uppercase), true
	case "WHITESPACE", "WHITE_SPACE":
		return rxTable(unicode.White_Space), true
	case "WORD":
		return rxWord(), true
	}
	return nil, false
}

// rxPOSIX covers the Unicode POSIX classes of (?U) and \p{IsXxx}.
func rxPOSIX(name string, caseIns bool) (runeSet, bool) {
	switch name {
	case "ALPHA":
		return rxAlphabetic(), true
	case "LOWER":
		return rxCase(caseIns, unicode.Ll, unicode.Other_Lowercase), true
	case "UPPER":
		return rxCase(caseIns, unicode.Lu, unicode.Other_Uppercase), true
	case "SPACE":
		return rxTable(unicode.White_Space), true
	case "PUNCT":
		return rxTable(unicode.P), true
	case "XDIGIT":
		return rxTable(unicode.Nd).union(rxTable(unicode.Hex_Digit)), true
	case "ALNUM":
		return rxAlphabetic().union(rxTable(unicode.Nd)), true
	case "CNTRL":
		return rxTable(unicode.Cc), true
	case "DIGIT":
		return rxTable(unicode.Nd), true
	case "BLANK":
		return rxTable(unicode.Zs).union(runeSet{'\t', '\t'}), true
	case "GRAPH":
		return rxGraph(), true
	case "PRINT":
		return rxGraph().union(rxTable(unicode.Zs)).union(runeSet{'\t', '\t'}).intersect(rxTable(unicode.Cc).negate()), true
	}
	return nil, false
}

// rxScript looks a script up by its name, case-insensitively (Java's
// UnicodeScript.forName; the four-letter aliases are not known).
func rxScript(name string) (runeSet, bool) {
	for k, t := range unicode.Scripts {
		if strings.EqualFold(k, name) {
			return rxTable(t), true
		}
	}
	return nil, false
}

// Predefined sets.
var (
	rxASCIISpace = runeSet{'\t', '\r', ' ', ' '}
	rxASCIIWord  = runeSet{'0', '9', 'A', 'Z', '_', '_', 'a', 'z'}
	rxASCIIPunct = runeSet{'!', '/', ':', '@', '[', '`', '{', '~'}
	rxSurrogates = runeSet{0xD800, 0xDFFF}
)

func rxHorizSpace() runeSet {
	return runeSet{'\t', '\t', ' ', ' ', 0xA0, 0xA0, 0x1680, 0x1680, 0x180E, 0x180E,
		0x2000, 0x200A, 0x202F, 0x202F, 0x205F, 0x205F, 0x3000, 0x3000}
}

func rxVertSpace() runeSet { return runeSet{'\n', '\r', 0x85, 0x85, 0x2028, 0x2029} }

var (
	rxAlphabetic = sync.OnceValue(func() runeSet {
		return rxTable(unicode.L).union(rxTable(unicode.Nl)).union(rxTable(unicode.Other_Alphabetic))
	})
	rxAssigned = sync.OnceValue(func() runeSet {
		var s runeSet
		for _, t := range unicode.Categories {
			if len(t.R16)+len(t.R32) > 0 {
				s = s.union(rxTable(t))
			}
		}
		return s
	})
	rxWord = sync.OnceValue(func() runeSet {
		return rxAlphabetic().union(rxTable(unicode.M)).union(rxTable(unicode.Nd)).
			union(rxTable(unicode.Pc)).union(rxTable(unicode.Join_Control))
	})
	rxGraph = sync.OnceValue(func() runeSet {
		return rxTable(unicode.Z).union(rxTable(unicode.Cc)).union(rxTable(unicode.Cs)).
			union(rxAssigned().negate()).negate()
	})
)

// runeSet is a set of code points: sorted, disjoint, non-adjacent
// inclusive ranges stored as lo, hi pairs.
type runeSet []rune

func (s runeSet) contains(c rune) bool {
	for i := 0; i < len(s); i += 2 {
		if c < s[i] {
			return false
		}
		if c <= s[i+1] {
			return true
		}
	}
	return false
}

// union returns the union; neither operand is modified.
func (s runeSet) union(t runeSet) runeSet {
	if len(t) == 0 {
		return s
	}
	if len(s) == 0 {
		return t
	}
	return rxNormalize(append(slices.Clip(s), t...))
}

// rxNormalize sorts and merges arbitrary lo, hi pairs into a runeSet.
func rxNormalize(pairs []rune) runeSet {
	all := make([][2]rune, 0, len(pairs)/2)
	for i := 0; i+1 < len(pairs); i += 2 {
		all = append(all, [2]rune{pairs[i], pairs[i+1]})
	}
	slices.SortFunc(all, func(a, b [2]rune) int { return int(a[0] - b[0]) })
	out := make(runeSet, 0, len(all)*2)
	for _, r := range all {
		if n := len(out); n > 0 && r[0] <= out[n-1]+1 {
			out[n-1] = max(out[n-1], r[1])
			continue
		}
		out = append(out, r[0], r[1])
	}
	return out
}

func (s runeSet) negate() runeSet {
	var out runeSet
	next := rune(0)
	for i := 0; i < len(s); i += 2 {
		if s[i] > next {
			out = append(out, next, s[i]-1)
		}
		next = s[i+1] + 1
	}
	if next <= unicode.MaxRune {
		out = append(out, next, unicode.MaxRune)
	}
	return out
}

func (s runeSet) intersect(t runeSet) runeSet {
	return s.negate().union(t.negate()).negate()
}

// foldClosure adds every character's simple case folding orbit.
func (s runeSet) foldClosure() runeSet {
	out := slices.Clone(s)
	for i := 0; i < len(s); i += 2 {
		// no character above U+1FFFF has a case mapping
		for c := s[i]; c <= min(s[i+1], 0x1FFFF); c++ {
			for f := unicode.SimpleFold(c); f != c; f = unicode.SimpleFold(f) {
				out = append(out, f, f)
			}
		}
	}
	return rxNormalize(out)
}

func rxFoldOrbit(c rune) runeSet {
	s := runeSet{c, c}
	for f := unicode.SimpleFold(c); f != c; f = unicode.SimpleFold(f) {
		s = append(s, f, f)
	}
	return rxNormalize(s)
}

func rxTable(t *unicode.RangeTable) runeSet {
	var s runeSet
	add := func(lo, hi, stride rune) {
		if stride == 1 {
			s = append(s, lo, hi)
			return
		}
		for c := lo; c <= hi; c += stride {
			s = append(s, c, c)
		}
	}
	for _, r := range t.R16 {
		add(rune(r.Lo), rune(r.Hi), rune(r.Stride))
	}
	for _, r := range t.R32 {
		add(rune(r.Lo), rune(r.Hi), rune(r.Stride))
	}
	return rxNormalize(s)
}

func rxUnion(a, b *runeSet) *runeSet {
	if a == nil {
		return b
	}
	if b == nil {
		return a
	}
	s := a.union(*b)
	return &s
}

// rxSetFrag renders a set as an RE2 atom.
func rxSetFrag(s *runeSet) rxFrag {
	var set runeSet
	if s != nil {
		set = *s
		for i := 0; i < len(set); i += 2 {
			if set[i] <= 0xDFFF && set[i+1] >= 0xD800 {
				// Go strings cannot hold surrogates, so they never match.
				set = set.intersect(rxSurrogates.negate())
				break
			}
		}
	}
	if len(set) == 0 {
		return rxFrag{re: `[^\x00-\x{10FFFF}]`, atom: true}
	}
	if len(set) == 2 && set[0] == set[1] {
		return rxFrag{re: rxQuote(set[0], false), atom: true}
	}
	var b strings.Builder
	b.WriteByte('[')
	for i := 0; i < len(set); i += 2 {
		b.WriteString(rxQuote(set[i], true))
		if set[i+1] != set[i] {
			if set[i+1] > set[i]+1 {
				b.WriteByte('-')
			}
			b.WriteString(rxQuote(set[i+1], true))
		}
	}
	b.WriteByte(']')
	return rxFrag{re: b.String(), atom: true}
}

func rxQuote(c rune, inClass bool) string {
	if c < utf8.RuneSelf && (rxIsAlpha(c) || rxIsDigit(c)) {
		return string(c)
	}
	if !inClass && c >= utf8.RuneSelf && unicode.IsPrint(c) && c != utf8.RuneError {
		return string(c)
	}
	return `\x{` + strconv.FormatInt(int64(c), 16) + `}`
}

func rxIsAlpha(c rune) bool         { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }
func rxIsDigit(c rune) bool         { return c >= '0' && c <= '9' }
func rxIsSpace(c rune) bool         { return c == ' ' || c >= '\t' && c <= '\r' }
func rxIsHex(c rune) bool           { return rxIsDigit(c) || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F' }
func rxIsHighSurrogate(c rune) bool { return c >= 0xD800 && c <= 0xDBFF }

func rxHexVal(c rune) rune {
	switch {
	case c <= '9':
		return c - '0'
	case c >= 'a':
		return c - 'a' + 10
	}
	return c - 'A' + 10
}

func rxLower(c rune) rune {
	if c >= 'A' && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

func rxUpper(c rune) rune {
	if c >= 'a' && c <= 'z' {
		return c - 'a' + 'A'
	}
	return c
}
