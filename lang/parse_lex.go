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

// anychar consumes one display character (one code point).
func (p *parser) anychar() bool {
	start := p.idx
	ok := false
	if p.idx < len(p.src) {
		r, size := utf8.DecodeRuneInString(p.src[p.idx:])
		if !(r == utf8.RuneError && size <= 1) && isDisplay(r) {
			p.idx += size
			ok = true
		}
	}
	if p.verbose {
		p.terminalMsg(start, ok, "char-pred")
	}
	return ok
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
			r, size := utf8.DecodeRuneInString(p.src[i:])
			if (r == utf8.RuneError && size <= 1) || !isDisplay(r) {
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
		r, size := utf8.DecodeRuneInString(p.src[i:])
		if (r == utf8.RuneError && size <= 1) || !isDisplay(r) {
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

// ws is `(ws0 | blockComment).repX`: spaces, tabs and block comments. It
// always succeeds and never contributes expectations.
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
		p.shortMsg, p.group = nil, nil
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
		p.shortMsg, p.group = nil, nil
	}
	return true
}

// blocksep separates statements: `ws ~~ ((CharsWhileIn(";\n\r") | lineComment) ~~ ws).repX(1)`.
func (p *parser) blocksep() bool {
	return p.rule("", func() bool {
		start := p.idx
		p.ws()
		n := 0
		for {
			i := p.idx
			if i < len(p.src) && (p.src[i] == ';' || isNewline(p.src[i])) {
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
		}
		if p.verbose {
			p.shortMsg, p.group = nil, nil
		}
		return n > 0
	})
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
	if p.verbose {
		p.terminalMsg(start, ok, "identifier")
	}
	if !ok {
		return Name{}, false
	}
	return Name{Str: p.src[start:p.idx], Sp: Span{start, p.idx}}, true
}

// ident is an identifier that is not a keyword.
func (p *parser) ident() (Name, bool) {
	var n Name
	if !p.rule("", func() bool {
		return p.rule("", func() bool {
			var ok bool
			n, ok = p.plainIdent()
			return ok
		})
	}) {
		return Name{}, false
	}
	if reservedWords[n.Str] {
		return Name{}, p.failWith(&ParseError{Message: "Invalid identifier", Span: n.Sp, Annotation: "`" + n.Str + "` is a keyword"})
	}
	return n, true
}

// kw matches a keyword: the word not followed by an identifier character.
func (p *parser) kw(word string) bool {
	return p.rule("", func() bool {
		start := p.idx
		ok := len(p.src)-p.idx >= len(word) && p.src[p.idx:p.idx+len(word)] == word &&
			!(p.idx+len(word) < len(p.src) && isIdentRest(p.src[p.idx+len(word)]))
		if ok {
			p.idx += len(word)
		}
		if p.verbose {
			p.terminalMsg(start, ok, word)
		}
		return ok
	})
}

// kwNL is a keyword followed by a cut and optional whitespace (`if`, `let`, ...).
func (p *parser) kwNL(word string) bool {
	return p.rule("", func() bool {
		s := p.seqStart()
		if !p.kw(word) {
			return false
		}
		return p.next(s, true, p.nl)
	})
}

// token is an opaque punctuation token: `P(s ~~/ nl).opaque(name)` when
// cutNL, `P(s ~~ nl)` when only nl, or `P(s./)` when neither (closing
// brackets cut after themselves).
type tokenKind uint8

const (
	tokCutNL  tokenKind = iota // "(" ~~/ nl
	tokNL                      // "," ~~ nl (no cut)
	tokCut                     // ")"./
	tokBare                    // "\"" (no cut)
)

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
	if p.verbose {
		p.terminalMsg(start, ok, name)
	}
	return ok
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
func (p *parser) tEquals() bool   { return p.token("=", "`=`", tokCutNL) }
func (p *parser) tArrow() bool    { return p.token("=>", "`=>`", tokCutNL) }
func (p *parser) tDots() bool     { return p.token("...", "`...`", tokCutNL) }
func (p *parser) tDot() bool      { return p.token(".", "`.`", tokCutNL) }
func (p *parser) tDotNoCut() bool { return p.token(".", "`.`", tokNL) }
func (p *parser) tOptDot() bool   { return p.token("?.", "`?.`", tokCutNL) }
func (p *parser) tStar() bool     { return p.token("*", "`*`", tokCutNL) }
func (p *parser) tBang() bool     { return p.token("!", "`!`", tokCut) }
func (p *parser) tLt() bool       { return p.token("<", "`<`", tokCutNL) }
func (p *parser) tGt() bool       { return p.token(">", "`>`", tokCut) }
func (p *parser) tQuote() bool    { return p.token("\"", "`\"`", tokBare) }
