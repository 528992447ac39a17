package lang

import "unicode/utf8"

// Lexical rules: whitespace, comments, identifiers, keywords and tokens
// (Whitespace.scala, Identifiers.scala, Tokens.scala).

// reservedWords cannot be identifiers (Tokens.invalidIdents).
var reservedWords = map[string]bool{
	"if": true, "else": true, "at": true, "match": true, "case": true, "let": true,
	"null": true, "true": true, "false": true, "isa": true, "join": true, "on": true, "of": true,
}

// invalidVariables cannot be bound by let (Tokens.invalidVariables).
var invalidVariables = map[string]bool{"FQL": true, "_": true}

// IsReservedWord reports whether s is an FQL keyword.
func IsReservedWord(s string) bool { return reservedWords[s] }

func isIdentStart(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_'
}

func isIdentRest(c byte) bool {
	return isIdentStart(c) || c >= '0' && c <= '9' || c == '\''
}

func isSpaceTab(c byte) bool { return c == ' ' || c == '\t' }
func isNewline(c byte) bool  { return c == '\n' || c == '\r' }

// isDisplay is Chars.isDisplay: the characters allowed raw in strings and
// comments.
func isDisplay(r rune) bool {
	switch {
	case r <= 0x08, r >= 0x0e && r <= 0x1f, r == 0x7f:
		return false
	case r >= 0xfff0 && r <= 0xffff, r == 0xfeff:
		return false
	case r >= 0x2000 && r <= 0x200f, r >= 0x2028 && r <= 0x202f, r >= 0x2060 && r <= 0x206f:
		return false
	}
	return true
}

// displayRuneAt decodes the display character at i, if any.
func (p *parser) displayRuneAt(i int) (int, bool) {
	if i >= len(p.src) {
		return 0, false
	}
	r, size := utf8.DecodeRuneInString(p.src[i:])
	if (r == utf8.RuneError && size <= 1) || !isDisplay(r) {
		return 0, false
	}
	return size, true
}

// anychar is `P(CharPred(isDisplay))`: one display character.
func (p *parser) anychar() bool {
	return p.rule("", func() bool {
		start := p.idx
		size, ok := p.displayRuneAt(p.idx)
		if ok {
			p.idx += size
		}
		return p.terminal(start, ok, "char-pred(isDisplay)")
	})
}

// skipBlockComment consumes a (nested) block comment at p.idx, if complete.
func (p *parser) skipBlockComment() bool {
	if !(p.peek() == '/' && p.peekAt(p.idx+1) == '*') {
		return false
	}
	i, depth := p.idx+2, 1
	for i < len(p.src) {
		switch {
		case p.src[i] == '/' && i+1 < len(p.src) && p.src[i+1] == '*':
			depth++
			i += 2
		case p.src[i] == '*' && i+1 < len(p.src) && p.src[i+1] == '/':
			depth--
			i += 2
			if depth == 0 {
				p.idx = i
				return true
			}
		default:
			size, ok := p.displayRuneAt(i)
			if !ok {
				return false
			}
			i += size
		}
	}
	return false
}

// skipLineComment consumes `// ...` up to and including the newline.
func (p *parser) skipLineComment() bool {
	if !(p.peek() == '/' && p.peekAt(p.idx+1) == '/') {
		return false
	}
	i := p.idx + 2
	for i < len(p.src) && p.src[i] != '\n' {
		size, ok := p.displayRuneAt(i)
		if !ok {
			break
		}
		i += size
	}
	if i < len(p.src) && p.src[i] == '\n' {
		i++
	}
	p.idx = i
	return true
}

// The whitespace rules always succeed and never contribute names (their
// failed attempts are hidden by unnamed rules), so they run directly.

// ws is `(ws0 | blockComment).repX`: spaces, tabs and block comments.
func (p *parser) ws() bool {
	for {
		if p.idx < len(p.src) && isSpaceTab(p.src[p.idx]) {
			p.idx++
			continue
		}
		if p.skipBlockComment() {
			continue
		}
		break
	}
	if p.verbose {
		p.short, p.group = nil, nil
	}
	return true
}

// nl is any whitespace including newlines and comments.
func (p *parser) nl() bool {
	for {
		if p.idx < len(p.src) {
			c := p.src[p.idx]
			if isSpaceTab(c) || isNewline(c) {
				p.idx++
				continue
			}
		}
		if p.skipLineComment() || p.skipBlockComment() {
			continue
		}
		break
	}
	if p.verbose {
		p.short, p.group = nil, nil
	}
	return true
}

// blocksep separates statements: `ws ~~ ((CharsWhileIn(";\n\r") | lineComment) ~~ ws).repX(1)`.
func (p *parser) blocksep() bool {
	start := p.idx
	p.ws()
	n := 0
	for {
		if p.idx < len(p.src) && (p.src[p.idx] == ';' || isNewline(p.src[p.idx])) {
			for p.idx < len(p.src) && (p.src[p.idx] == ';' || isNewline(p.src[p.idx])) {
				p.idx++
			}
		} else if !p.skipLineComment() {
			break
		}
		p.ws()
		n++
	}
	if n == 0 {
		p.idx = start
		p.freshFailure()
		if p.verbose {
			p.lfm, p.lfmSet = msgs{`[;\n\r]`}, true
		}
	}
	if p.verbose {
		p.short, p.group = nil, nil
	}
	return n > 0
}

// plainIdent is plainIdentStr: `[a-zA-Z_][a-zA-Z0-9_']*`, opaque "identifier".
func (p *parser) plainIdent() (Name, bool) {
	start := p.idx
	ok := p.idx < len(p.src) && isIdentStart(p.src[p.idx])
	if ok {
		p.idx++
		for p.idx < len(p.src) && isIdentRest(p.src[p.idx]) {
			p.idx++
		}
	}
	if !p.terminal(start, ok, "identifier") {
		return Name{}, false
	}
	return Name{Str: p.src[start:p.idx], Sp: Span{start, p.idx}}, true
}

// spanned is Spans.spanned: `P(Index ~~ inner ~~ Index)`.
func (p *parser) spanned(inner func() bool) bool {
	return p.rule("", func() bool {
		sq := p.seqStart()
		p.index()
		if !p.next(sq, false, inner) {
			return false
		}
		return p.next(sq, false, p.index)
	})
}

// ident is `P(spanned(plainIdentStr)).flatMap { keyword => fail; name => Pass }`.
func (p *parser) ident() (Name, bool) {
	var n Name
	if !p.rule("", func() bool {
		return p.spanned(func() bool { var ok bool; n, ok = p.plainIdent(); return ok })
	}) {
		return Name{}, false
	}
	if reservedWords[n.Str] {
		return Name{}, p.failWith(&ParseError{Message: "Invalid identifier", Span: n.Sp, Annotation: "`" + n.Str + "` is a keyword"})
	}
	return n, p.pass()
}

// kw matches a keyword: `P((s ~~ !plainIdentRest).opaque(s))`.
func (p *parser) kw(word string) bool {
	return p.rule("", func() bool {
		start := p.idx
		ok := len(p.src)-p.idx >= len(word) && p.src[p.idx:p.idx+len(word)] == word &&
			!(p.idx+len(word) < len(p.src) && isIdentRest(p.src[p.idx+len(word)]))
		if ok {
			p.idx += len(word)
		}
		return p.terminal(start, ok, word)
	})
}

// kwNL is a keyword token: `P(KW(s) ~~/ nl)` (`if`, `let`, `else`, ...).
func (p *parser) kwNL(word string) bool {
	return p.rule("", func() bool {
		s := p.seqStart()
		if !p.kw(word) {
			return false
		}
		return p.next(s, true, p.nl)
	})
}

// tokenKind tells how a punctuation token behaves after it matched.
type tokenKind uint8

const (
	tokCutNL tokenKind = iota // P(s ~~/ nl).opaque: cuts, then skips whitespace
	tokNL                     // P(s ~~ nl).opaque: no cut (`,`, the short-lambda `.`)
	tokCut                    // P(s./).opaque: closers cut after themselves
	tokBare                   // P(s).opaque: the double quote
)

// token matches an opaque punctuation token named name (Tokens.scala).
func (p *parser) token(s, name string, kind tokenKind) bool {
	start := p.idx
	ok := len(p.src)-p.idx >= len(s) && p.src[p.idx:p.idx+len(s)] == s
	if ok {
		p.idx += len(s)
		switch kind {
		case tokCutNL:
			p.cut = true
			p.nl()
		case tokNL:
			p.nl()
		case tokCut:
			p.cut = true
		}
	}
	return p.terminal(start, ok, name)
}

// Frequently used tokens.
func (p *parser) tLParen() bool   { return p.token("(", "`(`", tokCutNL) }
func (p *parser) tRParen() bool   { return p.token(")", "`)`", tokCut) }
func (p *parser) tLBracket() bool { return p.token("[", "`[`", tokCutNL) }
func (p *parser) tRBracket() bool { return p.token("]", "`]`", tokCut) }
func (p *parser) tLBrace() bool   { return p.token("{", "`{`", tokCutNL) }
func (p *parser) tRBrace() bool   { return p.token("}", "`}`", tokCut) }
func (p *parser) tComma() bool    { return p.token(",", "`,`", tokNL) }
func (p *parser) tColon() bool    { return p.token(":", "`:`", tokCutNL) }
func (p *parser) tAt() bool       { return p.token("@", "`@`", tokCutNL) }
func (p *parser) tEquals() bool   { return p.token("=", "`=`", tokCutNL) }
func (p *parser) tArrow() bool    { return p.token("=>", "`=>`", tokCutNL) }
func (p *parser) tDots() bool     { return p.token("...", "`...`", tokCutNL) }
func (p *parser) tDot() bool      { return p.token(".", "`.`", tokCutNL) }
func (p *parser) tDotNoCut() bool { return p.token(".", "`.`", tokNL) }
func (p *parser) tOptDot() bool   { return p.token("?.", "`?.`", tokCutNL) }
func (p *parser) tStar() bool     { return p.token("*", "`*`", tokCutNL) }
func (p *parser) tBang() bool     { return p.token("!", "`!`", tokCut) }
func (p *parser) tUnder() bool    { return p.token("_", "`_`", tokCut) }
func (p *parser) tLt() bool       { return p.token("<", "`<`", tokCutNL) }
func (p *parser) tQuote() bool    { return p.token("\"", "`\"`", tokBare) }
