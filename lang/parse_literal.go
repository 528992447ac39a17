package lang

import (
	"math/big"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Literals: null/true/false, numbers (Numbers.scala), strings, templates and
// heredocs (Strings.scala).

// literal is `nullLit | trueLit | falseLit | numberLit | stringLit`.
func (p *parser) literal() (Expr, bool) {
	var e Expr
	ok := p.rule("", func() bool {
		return p.alt(
			func() bool { return p.keywordLit("null", LitNull, &e) },
			func() bool { return p.keywordLit("true", LitTrue, &e) },
			func() bool { return p.keywordLit("false", LitFalse, &e) },
			func() bool {
				return p.rule("", func() bool {
					return p.rule("", func() bool {
						s := p.idx
						lit, ok := p.number()
						if ok {
							lit.Sp = Span{s, p.idx}
							e = lit
						}
						return ok
					})
				})
			},
			func() bool {
				return p.rule("", func() bool {
					return p.rule("", func() bool {
						s := p.idx
						var str string
						ok := p.alt(
							func() bool { var ok bool; str, ok = p.heredoc(); return ok },
							func() bool { var ok bool; str, ok = p.singleString(); return ok },
						)
						if ok {
							e = &Lit{Kind: LitStr, Str: str, Sp: Span{s, p.idx}}
						}
						return ok
					})
				})
			},
		)
	})
	return e, ok
}

func (p *parser) keywordLit(word string, kind LitKind, out *Expr) bool {
	return p.rule("", func() bool {
		return p.rule("", func() bool {
			s := p.idx
			ok := p.cutAfter(func() bool { return p.kw(word) })
			if ok {
				*out = &Lit{Kind: kind, Sp: Span{s, p.idx}}
			}
			return ok
		})
	})
}

// --- numbers ---

func isDigit(c byte) bool    { return c >= '0' && c <= '9' }
func isHexDigit(c byte) bool { return isDigit(c) || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F' }

// number is `CharIn("+-").!.? ~~ ws ~~ unsignedNumber`: the sign is part of
// the literal, and may be separated from the digits by spaces.
func (p *parser) number() (*Lit, bool) {
	var lit *Lit
	neg := false
	ok := p.rule("", func() bool {
		sq := p.seqStart()
		if _, ok := p.opt(func() bool {
			return p.char(func(c byte) bool { return c == '+' || c == '-' }, "[+\\-]")
		}); !ok {
			return false
		}
		if p.idx > sq.start && p.src[p.idx-1] == '-' {
			neg = true
		}
		if !p.next(sq, false, p.ws) {
			return false
		}
		return p.next(sq, false, func() bool { var ok bool; lit, ok = p.unsignedNumber(); return ok })
	})
	if !ok {
		return nil, false
	}
	if neg {
		if lit.Kind == LitInt {
			lit.Int.Neg(lit.Int)
		} else {
			// BigDecimal has no negative zero: -0.0 is 0.0.
			if lit.Float != 0 {
				lit.Float = -lit.Float
			}
		}
	}
	return lit, true
}

// unsignedNumber is `altinteger | decimalinteger ~~/ (fraction | exponent | Pass)`.
func (p *parser) unsignedNumber() (*Lit, bool) {
	var lit *Lit
	ok := p.rule("", func() bool {
		return p.alt(
			func() bool { var ok bool; lit, ok = p.altInteger(); return ok },
			func() bool {
				start := p.idx
				sq := p.seqStart()
				if !p.decimalInteger() {
					return false
				}
				intEnd := p.idx
				var frac string
				isFloat := false
				if !p.next(sq, true, func() bool {
					return p.alt(
						func() bool {
							fs := p.idx
							ok := p.fraction()
							if ok {
								frac, isFloat = p.src[fs:p.idx], true
							}
							return ok
						},
						func() bool {
							fs := p.idx
							ok := p.exponent()
							if ok {
								frac, isFloat = p.src[fs:p.idx], true
							}
							return ok
						},
						func() bool { return true },
					)
				}) {
					return false
				}
				digits := strings.ReplaceAll(p.src[start:intEnd], "_", "")
				if isFloat {
					f, _ := strconv.ParseFloat(digits+strings.ReplaceAll(frac, "_", ""), 64)
					lit = &Lit{Kind: LitFloat, Float: f}
				} else {
					n, _ := new(big.Int).SetString(digits, 10)
					lit = &Lit{Kind: LitInt, Int: n}
				}
				return true
			},
		)
	})
	return lit, ok
}

// altInteger is `"0" ~~ (CharIn("xX") ~~/ hexdigits | CharIn("oO") ~~/ octdigits | CharIn("bB") ~~/ bindigits)`.
func (p *parser) altInteger() (*Lit, bool) {
	var lit *Lit
	ok := p.rule("", func() bool {
		sq := p.seqStart()
		if !p.lit("0", "\"0\"") {
			return false
		}
		return p.next(sq, false, func() bool {
			radixAlt := func(letters string, radix int, pred func(byte) bool, msg string) func() bool {
				return func() bool {
					s2 := p.seqStart()
					if !p.char(func(c byte) bool { return strings.IndexByte(letters, c) >= 0 }, "["+letters+"]") {
						return false
					}
					ds := 0
					if !p.next(s2, true, func() bool {
						ds = p.idx
						return p.charsWhile(func(c byte) bool { return pred(c) || c == '_' }, 1, msg)
					}) {
						return false
					}
					n, ok := new(big.Int).SetString(strings.ReplaceAll(p.src[ds:p.idx], "_", ""), radix)
					if !ok {
						n = new(big.Int) // only underscores: Fauna's BigInt would throw; treat as 0
					}
					lit = &Lit{Kind: LitInt, Int: n}
					return true
				}
			}
			return p.alt(
				radixAlt("xX", 16, isHexDigit, "[0-9a-fA-F_]"),
				radixAlt("oO", 8, func(c byte) bool { return c >= '0' && c <= '7' }, "[0-7_]"),
				radixAlt("bB", 2, func(c byte) bool { return c == '0' || c == '1' }, "[01_]"),
			)
		})
	})
	return lit, ok
}

// decimalInteger is `"0" | [1-9] ~~ digits.?`.
func (p *parser) decimalInteger() bool {
	return p.rule("", func() bool {
		return p.alt(
			func() bool { return p.lit("0", "\"0\"") },
			func() bool {
				sq := p.seqStart()
				if !p.rule("", func() bool { return p.char(func(c byte) bool { return c >= '1' && c <= '9' }, "[1-9]") }) {
					return false
				}
				return p.next(sq, false, func() bool { _, ok := p.opt(p.digits); return ok })
			},
		)
	})
}

func (p *parser) digits() bool {
	return p.rule("", func() bool {
		return p.charsWhile(func(c byte) bool { return isDigit(c) || c == '_' }, 1, "[0-9_]")
	})
}

// fraction is `".".opaque("`.`") ~~ P(digit, "digit") ~~/ digits.? ~~ exponent.?`.
func (p *parser) fraction() bool {
	sq := p.seqStart()
	if !p.opaque("`.`", func() bool { return p.lit(".", "\".\"") }) {
		return false
	}
	if !p.next(sq, false, func() bool {
		return p.rule("digit", func() bool {
			return p.rule("", func() bool { return p.char(isDigit, "[0-9]") })
		})
	}) {
		return false
	}
	if !p.next(sq, true, func() bool { _, ok := p.opt(p.digits); return ok }) {
		return false
	}
	return p.next(sq, false, func() bool { _, ok := p.opt(p.exponent); return ok })
}

// exponent is `CharIn("eE") ~~/ CharIn("+-").? ~~ digit ~~ digits.?`.
func (p *parser) exponent() bool {
	return p.rule("", func() bool {
		sq := p.seqStart()
		if !p.char(func(c byte) bool { return c == 'e' || c == 'E' }, "[eE]") {
			return false
		}
		if !p.next(sq, true, func() bool {
			_, ok := p.opt(func() bool { return p.char(func(c byte) bool { return c == '+' || c == '-' }, "[+\\-]") })
			return ok
		}) {
			return false
		}
		if !p.next(sq, false, func() bool { return p.rule("", func() bool { return p.char(isDigit, "[0-9]") }) }) {
			return false
		}
		return p.next(sq, false, func() bool { _, ok := p.opt(p.digits); return ok })
	})
}

// --- strings ---

func (p *parser) hexDigit() bool {
	return p.opaque("hex digit", func() bool {
		return p.rule("", func() bool { return p.char(isHexDigit, "[0-9a-fA-F]") })
	})
}

// escapeSeq is `"\\" ~~/ (escapecode | (Index ~~ (hexescape | unicodeescape) ~~ Index).flatMap(codepoint))`.
func (p *parser) escapeSeq(b *strings.Builder) bool {
	return p.rule("", func() bool {
		start := p.idx
		sq := p.seqStart()
		if !p.lit("\\", "\"\\\\\"") {
			return false
		}
		return p.next(sq, true, func() bool {
			return p.alt(
				func() bool {
					return p.rule("escape code", func() bool {
						c := p.peek()
						ok := p.char(func(c byte) bool { return strings.IndexByte("\\0'\"nrvtbf#`", c) >= 0 }, "escape code")
						if ok {
							b.WriteString(escapeValue(c))
						}
						return ok
					})
				},
				func() bool {
					var hex string
					if !p.alt(
						func() bool { var ok bool; hex, ok = p.hexEscape(); return ok },
						func() bool { var ok bool; hex, ok = p.unicodeEscape(); return ok },
					) {
						return false
					}
					// flatMap: validate the code point.
					cp, _ := strconv.ParseUint(hex, 16, 32)
					span := Span{start, p.idx}
					switch {
					case cp > 0x10ffff:
						return p.failWith(&ParseError{Message: "Invalid escape", Span: span, Annotation: "outside of valid unicode range"})
					case cp >= 0xd800 && cp <= 0xdfff:
						return p.failWith(&ParseError{Message: "Invalid escape", Span: span, Annotation: "surrogates are disallowed"})
					}
					b.WriteRune(rune(cp))
					return true
				},
			)
		})
	})
}

func escapeValue(c byte) string {
	switch c {
	case '0':
		return "\x00"
	case 'n':
		return "\n"
	case 'r':
		return "\r"
	case 'v':
		return "\v"
	case 't':
		return "\t"
	case 'b':
		return "\b"
	case 'f':
		return "\f"
	}
	return string(c)
}

// hexEscape is `"x" ~~/ (hexdigit ~~ hexdigit).!`.
func (p *parser) hexEscape() (string, bool) {
	var s string
	ok := p.rule("", func() bool {
		sq := p.seqStart()
		if !p.lit("x", "\"x\"") {
			return false
		}
		start := p.idx
		if !p.next(sq, true, func() bool {
			s2 := p.seqStart()
			if !p.hexDigit() {
				return false
			}
			return p.next(s2, false, p.hexDigit)
		}) {
			return false
		}
		s = p.src[start:p.idx]
		return true
	})
	return s, ok
}

// unicodeEscape is `"u" ~~/ (4 hex digits | P("{", "`{`") ~~/ hexdigit.repX(1, 6) ~~/ })`.
func (p *parser) unicodeEscape() (string, bool) {
	var s string
	ok := p.rule("", func() bool {
		sq := p.seqStart()
		if !p.lit("u", "\"u\"") {
			return false
		}
		return p.next(sq, true, func() bool {
			return p.alt(
				func() bool {
					start := p.idx
					s2 := p.seqStart()
					if !p.hexDigit() {
						return false
					}
					for i := 0; i < 3; i++ {
						if !p.next(s2, true, p.hexDigit) {
							return false
						}
					}
					s = p.src[start:p.idx]
					return true
				},
				func() bool {
					s2 := p.seqStart()
					if !p.rule("`{`", func() bool { return p.lit("{", "\"{\"") }) {
						return false
					}
					start := p.idx
					if !p.next(s2, true, func() bool { return p.rep(1, 6, nil, p.hexDigit) }) {
						return false
					}
					s = p.src[start:p.idx]
					return p.next(s2, true, func() bool { return p.token("}", "`}`", tokCut) })
				},
			)
		})
	})
	return s, ok
}

// stringChars consumes characters that need no escape in a string (anything
// displayable but \ " ' ` #), or the quote characters other allows raw.
func (p *parser) stringChars(b *strings.Builder, other string) bool {
	return p.rule("", func() bool {
		return p.alt(
			func() bool {
				start := p.idx
				i := p.idx
				for i < len(p.src) {
					c := p.src[i]
					if c == '\\' || c == '"' || c == '\'' || c == '`' || c == '#' {
						break
					}
					r, size := utf8.DecodeRuneInString(p.src[i:])
					if (r == utf8.RuneError && size <= 1) || !isDisplay(r) {
						break
					}
					i += size
				}
				ok := i > start
				if ok {
					p.idx = i
					b.WriteString(p.src[start:i])
				}
				if p.verbose {
					p.terminalMsg(start, ok, "chars-while")
				}
				return ok
			},
			func() bool {
				start := p.idx
				ok := p.charsWhile(func(c byte) bool { return strings.IndexByte(other, c) >= 0 }, 1, "["+other+"]")
				if ok {
					b.WriteString(p.src[start:p.idx])
				}
				return ok
			},
		)
	})
}

// innerString is `(stringchars(other) | escapeseq).repX(1)`.
func (p *parser) innerString(b *strings.Builder, other string) bool {
	return p.rule("", func() bool {
		return p.rep(1, 0, nil, func() bool {
			return p.alt(
				func() bool { return p.stringChars(b, other) },
				func() bool { return p.escapeSeq(b) },
			)
		})
	})
}

// singleString is a '...' string: no interpolation.
func (p *parser) singleString() (string, bool) {
	var b strings.Builder
	ok := p.rule("", func() bool {
		sq := p.seqStart()
		if !p.lit("'", "\"'\"") {
			return false
		}
		if !p.next(sq, false, func() bool {
			_, ok := p.opt(func() bool { return p.innerString(&b, "\"#`") })
			return ok
		}) {
			return false
		}
		return p.next(sq, false, func() bool { return p.lit("'", "\"'\"") })
	})
	return b.String(), ok
}

// hole is an interpolation `#{expr}` and where its `#` starts.
type hole struct {
	start int
	expr  Expr
}

// istring0 is a double-quoted string with `#{...}` holes.
func (p *parser) istring0() ([]TemplatePart, []hole, bool) {
	var parts []TemplatePart
	var holes []hole
	ok := p.rule("", func() bool {
		sq := p.seqStart()
		if !p.tQuote() {
			return false
		}
		if !p.next(sq, false, func() bool {
			return p.rep(0, 0, nil, func() bool {
				return p.rule("", func() bool {
					return p.alt(
						func() bool {
							s2 := p.seqStart()
							hs := p.idx
							var e Expr
							if !p.lit("#{", "\"#{\"") {
								return false
							}
							if !p.next(s2, true, func() bool { var ok bool; e, ok = p.strExpr(); return ok }) {
								return false
							}
							if !p.next(s2, false, p.tRBrace) {
								return false
							}
							parts = append(parts, TemplatePart{Expr: e})
							holes = append(holes, hole{start: hs, expr: e})
							return true
						},
						func() bool {
							ok := p.lit("#", "\"#\"")
							if ok {
								parts = appendText(parts, "#")
							}
							return ok
						},
						func() bool {
							var b strings.Builder
							ok := p.innerString(&b, "'`")
							if ok {
								parts = appendText(parts, b.String())
							}
							return ok
						},
					)
				})
			})
		}) {
			return false
		}
		return p.next(sq, false, p.tQuote)
	})
	return parts, holes, ok
}

func appendText(parts []TemplatePart, s string) []TemplatePart {
	if n := len(parts); n > 0 && parts[n-1].Expr == nil {
		parts[n-1].Text += s
		return parts
	}
	return append(parts, TemplatePart{Text: s})
}

// strExpr is `nl ~~ expr`.
func (p *parser) strExpr() (Expr, bool) {
	var e Expr
	ok := p.rule("", func() bool {
		sq := p.seqStart()
		p.nl()
		return p.next(sq, false, func() bool { var ok bool; e, ok = p.expr(false); return ok })
	})
	return e, ok
}

// strTemplate is `istring | heredocistring`, a plain string when it has no holes.
func (p *parser) strTemplate() (Expr, bool) {
	var parts []TemplatePart
	start := p.idx
	if !p.rule("", func() bool {
		return p.alt(
			func() bool { var ok bool; parts, _, ok = p.istring0(); return ok },
			func() bool { var ok bool; parts, ok = p.heredocTemplate(); return ok },
		)
	}) {
		return nil, false
	}
	span := Span{start, p.idx}
	switch {
	case len(parts) == 0:
		return &Lit{Kind: LitStr, Sp: span}, true
	case len(parts) == 1 && parts[0].Expr == nil:
		return &Lit{Kind: LitStr, Str: parts[0].Text, Sp: span}, true
	}
	return &StrTemplate{Parts: parts, Sp: span}, true
}

// --- heredocs ---

// heredocDelim is `<<- ~~/ ws ~~ plainIdentStr ~~/ (ws ~~ nl0).repX(1)`.
func (p *parser) heredocDelim(opener string) (string, bool) {
	var tag string
	ok := p.rule("", func() bool {
		sq := p.seqStart()
		if !p.token(opener, "`"+opener+"`", tokCut) {
			return false
		}
		if !p.next(sq, true, p.ws) {
			return false
		}
		if !p.next(sq, false, func() bool { n, ok := p.plainIdent(); tag = n.Str; return ok }) {
			return false
		}
		return p.next(sq, true, func() bool {
			return p.rep(1, 0, nil, func() bool {
				s2 := p.seqStart()
				p.ws()
				return p.next(s2, false, func() bool {
					return p.rule("", func() bool { return p.charsWhile(isNewline, 1, "[\\n\\r]") })
				})
			})
		})
	})
	return tag, ok
}

// atHeredocEnd reports whether the current line is the closing tag:
// `ws ~~ KW(tag)`.
func (p *parser) atHeredocEnd(tag string) bool {
	i := p.idx
	for i < len(p.src) && isSpaceTab(p.src[i]) {
		i++
	}
	return strings.HasPrefix(p.src[i:], tag) && !(i+len(tag) < len(p.src) && isIdentRest(p.src[i+len(tag)]))
}

// closeHeredoc is `ws ~~ tag./`.
func (p *parser) closeHeredoc(tag string) bool {
	sq := p.seqStart()
	p.ws()
	return p.next(sq, false, func() bool {
		return p.cutAfter(func() bool { return p.lit(tag, strconv.Quote(tag)) })
	})
}

type heredocLine struct {
	parts []TemplatePart
	nl    string
}

// heredoc is a `<<-TAG` literal heredoc.
func (p *parser) heredoc() (string, bool) {
	var lines []heredocLine
	var tag string
	ok := p.rule("", func() bool {
		var ok bool
		if tag, ok = p.heredocDelim("<<-"); !ok {
			return false
		}
		// flatMap on the delimiter.
		sq := p.seqStart()
		if !p.rep(0, 0, nil, func() bool {
			if p.atHeredocEnd(tag) {
				return false
			}
			start := p.idx
			for !p.eof() && !isNewline(p.peek()) {
				if !p.anychar() {
					return false
				}
			}
			if p.idx == start {
				return false
			}
			text := p.src[start:p.idx]
			ns := p.idx
			if !p.charsWhile(isNewline, 1, "[\\n\\r]") {
				return false
			}
			lines = append(lines, heredocLine{parts: []TemplatePart{{Text: text}}, nl: p.src[ns:p.idx]})
			return true
		}) {
			return false
		}
		return p.next(sq, false, func() bool { return p.closeHeredoc(tag) })
	})
	if !ok {
		return "", false
	}
	var b strings.Builder
	for _, part := range unindent(lines) {
		b.WriteString(part.Text)
	}
	return b.String(), true
}

// heredocTemplate is a `<<+TAG` interpolating heredoc.
func (p *parser) heredocTemplate() ([]TemplatePart, bool) {
	var lines []heredocLine
	var tag string
	ok := p.rule("", func() bool {
		var ok bool
		if tag, ok = p.heredocDelim("<<+"); !ok {
			return false
		}
		sq := p.seqStart()
		if !p.rep(0, 0, nil, func() bool {
			if p.atHeredocEnd(tag) {
				return false
			}
			var line heredocLine
			if !p.rep(0, 0, nil, func() bool {
				return p.alt(
					func() bool {
						s2 := p.seqStart()
						if !p.lit("#{", "\"#{\"") {
							return false
						}
						var e Expr
						if !p.next(s2, true, func() bool { var ok bool; e, ok = p.strExpr(); return ok }) {
							return false
						}
						if !p.next(s2, false, p.tRBrace) {
							return false
						}
						line.parts = append(line.parts, TemplatePart{Expr: e})
						return true
					},
					func() bool {
						ok := p.lit("#", "\"#\"")
						if ok {
							line.parts = append(line.parts, TemplatePart{Text: "#"})
						}
						return ok
					},
					func() bool {
						start := p.idx
						for !p.eof() && p.peek() != '#' && !isNewline(p.peek()) {
							if !p.anychar() {
								break
							}
						}
						if p.idx == start {
							return false
						}
						line.parts = append(line.parts, TemplatePart{Text: p.src[start:p.idx]})
						return true
					},
				)
			}) {
				return false
			}
			ns := p.idx
			if !p.charsWhile(isNewline, 1, "[\\n\\r]") {
				return false
			}
			line.nl = p.src[ns:p.idx]
			lines = append(lines, line)
			return true
		}) {
			return false
		}
		return p.next(sq, false, func() bool { return p.closeHeredoc(tag) })
	})
	if !ok {
		return nil, false
	}
	var parts []TemplatePart
	for _, part := range unindent(lines) {
		if part.Expr == nil {
			parts = appendText(parts, part.Text)
		} else {
			parts = append(parts, part)
		}
	}
	return parts, true
}

// unindent removes the common indentation of the lines (Strings.scala
// unIndent): a line that starts with an interpolation counts as indentation
// 0; a whitespace-only line counts its full length.
func unindent(lines []heredocLine) []TemplatePart {
	if len(lines) == 0 {
		return nil
	}
	indent := int(^uint(0) >> 1)
	for _, l := range lines {
		if len(l.parts) == 0 || l.parts[0].Expr != nil {
			indent = 0
			continue
		}
		s := l.parts[0].Text
		i := 0
		for i < len(s) && isSpaceTab(s[i]) {
			i++
		}
		indent = min(indent, i)
	}
	var out []TemplatePart
	for _, l := range lines {
		for k, part := range l.parts {
			if k == 0 && part.Expr == nil {
				part.Text = part.Text[min(indent, len(part.Text)):]
			}
			out = append(out, part)
		}
		out = append(out, TemplatePart{Text: l.nl})
	}
	return out
}
