package lang

import (
	"math/big"
	"strconv"
	"strings"
)

// Literals: null/true/false, numbers (Numbers.scala), strings, templates and
// heredocs (Strings.scala).

// literal is `P(nullLit | trueLit | falseLit | numberLit | stringLit)`.
func (p *parser) literal() (Expr, bool) {
	var e Expr
	ok := p.rule("", func() bool {
		return p.alt(
			func() bool { return p.keywordLit("null", LitNull, &e) },
			func() bool { return p.keywordLit("true", LitTrue, &e) },
			func() bool { return p.keywordLit("false", LitFalse, &e) },
			func() bool {
				return p.rule("", func() bool {
					s := p.idx
					var lit *Lit
					ok := p.spanned(func() bool { var ok bool; lit, ok = p.number(); return ok })
					if ok {
						lit.Sp = Span{s, p.idx}
						e = lit
					}
					return ok
				})
			},
			func() bool {
				return p.rule("", func() bool {
					s := p.idx
					var str string
					ok := p.spanned(func() bool {
						return p.alt(
							func() bool { var ok bool; str, ok = p.heredoc(); return ok },
							func() bool { var ok bool; str, ok = p.singleString(); return ok },
						)
					})
					if ok {
						e = &Lit{Kind: LitStr, Str: str, Sp: Span{s, p.idx}}
					}
					return ok
				})
			},
		)
	})
	return e, ok
}

// keywordLit is `P(spanned(KW(word)./))`.
func (p *parser) keywordLit(word string, kind LitKind, out *Expr) bool {
	return p.rule("", func() bool {
		s := p.idx
		ok := p.spanned(func() bool { return p.cutAfter(func() bool { return p.kw(word) }) })
		if ok {
			*out = &Lit{Kind: kind, Sp: Span{s, p.idx}}
		}
		return ok
	})
}

// --- numbers ---

func isDigit(c byte) bool    { return c >= '0' && c <= '9' }
func isHexDigit(c byte) bool { return isDigit(c) || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F' }
func isSign(c byte) bool     { return c == '+' || c == '-' }

const signName = `[+\\-]`

// sign is `CharIn("+\\-").!.?`; neg reports a minus.
func (p *parser) sign() (neg, ok bool) {
	start := p.idx
	_, ok = p.opt(func() bool { return p.char(isSign, signName) })
	return ok && p.idx > start && p.src[start] == '-', ok
}

// number is `P(CharIn("+-").!.? ~~ ws ~~ unsignedNumber)`: the sign is part
// of the literal and may be separated from the digits by spaces.
func (p *parser) number() (*Lit, bool) {
	var lit *Lit
	neg := false
	ok := p.rule("", func() bool {
		sq := p.seqStart()
		var ok bool
		if neg, ok = p.sign(); !ok {
			return false
		}
		return p.next(sq, false, p.ws) &&
			p.next(sq, false, func() bool { var ok bool; lit, ok = p.unsignedNumber(); return ok })
	})
	if !ok {
		return nil, false
	}
	if neg {
		if lit.Kind == LitInt {
			lit.Int.Neg(lit.Int)
		} else if lit.Float != 0 {
			// BigDecimal has no negative zero: -0.0 is 0.0.
			lit.Float = -lit.Float
		}
	}
	return lit, true
}

// unsignedNumber is `P(altinteger | decimalinteger.! ~~/ (fraction | exponent | Pass))`.
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
						p.pass,
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

// altInteger is `P("0" ~~ (CharIn("xX") ~~/ hexdigits | CharIn("oO") ~~/ octdigits | CharIn("bB") ~~/ bindigits))`.
func (p *parser) altInteger() (*Lit, bool) {
	var lit *Lit
	ok := p.rule("", func() bool {
		sq := p.seqStart()
		if !p.lit("0") {
			return false
		}
		radix := func(letters string, base int, pred func(byte) bool, name string) func() bool {
			return func() bool {
				s2 := p.seqStart()
				if !p.char(func(c byte) bool { return strings.IndexByte(letters, c) >= 0 }, "["+letters+"]") {
					return false
				}
				ds := 0
				if !p.next(s2, true, func() bool {
					ds = p.idx
					return p.charsWhile(func(c byte) bool { return pred(c) || c == '_' }, 1, name)
				}) {
					return false
				}
				n, ok := new(big.Int).SetString(strings.ReplaceAll(p.src[ds:p.idx], "_", ""), base)
				if !ok {
					n = new(big.Int) // only underscores
				}
				lit = &Lit{Kind: LitInt, Int: n}
				return true
			}
		}
		return p.next(sq, false, func() bool {
			return p.alt(
				radix("xX", 16, isHexDigit, "[0-9a-fA-F_]"),
				radix("oO", 8, func(c byte) bool { return c >= '0' && c <= '7' }, "[0-7_]"),
				radix("bB", 2, func(c byte) bool { return c == '0' || c == '1' }, "[01_]"),
			)
		})
	})
	return lit, ok
}

// decimalInteger is `P("0" | nonzerodigit ~~ digits.?)`.
func (p *parser) decimalInteger() bool {
	return p.rule("", func() bool {
		return p.alt(
			func() bool { return p.lit("0") },
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

func (p *parser) digit() bool {
	return p.rule("", func() bool { return p.char(isDigit, "[0-9]") })
}

// fraction is `".".opaque("`.`") ~~ P(digit, "digit") ~~/ digits.? ~~ exponent.?`.
func (p *parser) fraction() bool {
	sq := p.seqStart()
	if !p.opaque("`.`", func() bool { return p.lit(".") }) {
		return false
	}
	return p.next(sq, false, func() bool { return p.rule("digit", p.digit) }) &&
		p.next(sq, true, func() bool { _, ok := p.opt(p.digits); return ok }) &&
		p.next(sq, false, func() bool { _, ok := p.opt(p.exponent); return ok })
}

// exponent is `P(CharIn("eE") ~~/ CharIn("+-").!.? ~~ digit ~~ digits.?)`.
func (p *parser) exponent() bool {
	return p.rule("", func() bool {
		sq := p.seqStart()
		if !p.char(func(c byte) bool { return c == 'e' || c == 'E' }, "[eE]") {
			return false
		}
		return p.next(sq, true, func() bool { _, ok := p.sign(); return ok }) &&
			p.next(sq, false, p.digit) &&
			p.next(sq, false, func() bool { _, ok := p.opt(p.digits); return ok })
	})
}

// integer is `P(CharIn("+-").!.? ~~ ws ~~ unsignedInteger)` (type and
// pattern literals).
func (p *parser) integer() (*Lit, bool) {
	var lit *Lit
	neg := false
	ok := p.rule("", func() bool {
		sq := p.seqStart()
		var ok bool
		if neg, ok = p.sign(); !ok {
			return false
		}
		return p.next(sq, false, p.ws) && p.next(sq, false, func() bool {
			return p.rule("", func() bool {
				return p.alt(
					func() bool { var ok bool; lit, ok = p.altInteger(); return ok },
					func() bool {
						s := p.idx
						ok := p.decimalInteger()
						if ok {
							n, _ := new(big.Int).SetString(strings.ReplaceAll(p.src[s:p.idx], "_", ""), 10)
							lit = &Lit{Kind: LitInt, Int: n}
						}
						return ok
					},
				)
			})
		})
	})
	if ok && neg {
		lit.Int.Neg(lit.Int)
	}
	return lit, ok
}

// --- strings ---

func (p *parser) hexDigit() bool {
	return p.opaque("hex digit", func() bool {
		return p.rule("", func() bool { return p.char(isHexDigit, "[0-9a-fA-F]") })
	})
}

// escapeSeq is `P("\\" ~~/ (escapecode.! | (P(Index) ~~ (hexescape | unicodeescape) ~~ Index).flatMap(codepoint)))`.
func (p *parser) escapeSeq(b *strings.Builder) bool {
	return p.rule("", func() bool {
		start := p.idx
		sq := p.seqStart()
		if !p.lit("\\") {
			return false
		}
		return p.next(sq, true, func() bool {
			return p.alt(
				func() bool {
					return p.rule("escape code", func() bool {
						c := p.peek()
						ok := p.char(func(c byte) bool { return strings.IndexByte("\\0'\"nrvtbf#", c) >= 0 }, `[\\\\0'\"nrvtbf#]`)
						if ok {
							b.WriteString(escapeValue(c))
						}
						return ok
					})
				},
				func() bool {
					var hex string
					s2 := p.seqStart()
					p.rule("", p.index)
					if !p.next(s2, false, func() bool {
						return p.alt(
							func() bool { var ok bool; hex, ok = p.hexEscape(); return ok },
							func() bool { var ok bool; hex, ok = p.unicodeEscape(); return ok },
						)
					}) || !p.next(s2, false, p.index) {
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
					return p.pass()
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

// hexEscape is `P("x" ~~/ (hexdigit ~~ hexdigit).!)`.
func (p *parser) hexEscape() (string, bool) {
	var s string
	ok := p.rule("", func() bool {
		sq := p.seqStart()
		if !p.lit("x") {
			return false
		}
		start := p.idx
		if !p.next(sq, true, func() bool {
			s2 := p.seqStart()
			return p.hexDigit() && p.next(s2, false, p.hexDigit)
		}) {
			return false
		}
		s = p.src[start:p.idx]
		return true
	})
	return s, ok
}

// unicodeEscape is `P("u" ~~/ (4 hex digits with cuts | P("{", "`{`") ~~/ hexdigit.repX(1, 6) ~~/ }))`.
func (p *parser) unicodeEscape() (string, bool) {
	var s string
	ok := p.rule("", func() bool {
		sq := p.seqStart()
		if !p.lit("u") {
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
					if !p.rule("`{`", func() bool { return p.lit("{") }) {
						return false
					}
					start := p.idx
					if !p.next(s2, true, func() bool { return p.repX(1, 6, nil, p.hexDigit) }) {
						return false
					}
					s = p.src[start:p.idx]
					return p.next(s2, true, p.tRBrace)
				},
			)
		})
	})
	return s, ok
}

// stringChars is `P(CharsWhile(display but \ " ' ` #) | other)`.
func (p *parser) stringChars(b *strings.Builder, other, otherName string) bool {
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
					size, ok := p.displayRuneAt(i)
					if !ok {
						break
					}
					i += size
				}
				ok := i > start
				if ok {
					p.idx = i
					b.WriteString(p.src[start:i])
				}
				return p.terminal(start, ok, "chars-while(<function1>, 1)")
			},
			func() bool {
				start := p.idx
				ok := p.charsWhile(func(c byte) bool { return strings.IndexByte(other, c) >= 0 }, 1, otherName)
				if ok {
					b.WriteString(p.src[start:p.idx])
				}
				return ok
			},
		)
	})
}

// innerString is `P((stringchars(other).! | escapeseq).repX(1))`.
func (p *parser) innerString(b *strings.Builder, other, otherName string) bool {
	return p.rule("", func() bool {
		return p.repMacro(1, func() bool {
			return p.alt(
				func() bool { return p.stringChars(b, other, otherName) },
				func() bool { return p.escapeSeq(b) },
			)
		})
	})
}

// quotedString is string0: `P(q ~~ innerstring(other).? ~~ q)`.
func (p *parser) quotedString(q, other, otherName string) (string, bool) {
	var b strings.Builder
	ok := p.rule("", func() bool {
		return p.rule("", func() bool {
			sq := p.seqStart()
			if !p.lit(q) {
				return false
			}
			return p.next(sq, false, func() bool {
				_, ok := p.opt(func() bool { return p.innerString(&b, other, otherName) })
				return ok
			}) && p.next(sq, false, func() bool { return p.lit(q) })
		})
	})
	return b.String(), ok
}

// singleString is a '...' string: no interpolation.
func (p *parser) singleString() (string, bool) { return p.quotedString("'", "\"#`", "[\\\"#`]") }

// doubleString is a "..." string without interpolation (types, patterns).
func (p *parser) doubleString() (string, bool) { return p.quotedString("\"", "'#`", "['#`]") }

// hole is an interpolation `#{expr}` and where its `#` starts.
type hole struct {
	start int
	expr  Expr
}

// istring0 is `P(" ~~ istringpart.repX ~~ ")`: a double-quoted string with
// `#{...}` holes.
func (p *parser) istring0() ([]TemplatePart, []hole, bool) {
	var parts []TemplatePart
	var holes []hole
	ok := p.rule("", func() bool {
		sq := p.seqStart()
		if !p.tQuote() {
			return false
		}
		return p.next(sq, false, func() bool {
			return p.repMacro(-1, func() bool {
				return p.rule("", func() bool {
					return p.alt(
						func() bool {
							s2 := p.seqStart()
							hs := p.idx
							var e Expr
							s3 := p.seqStart()
							p.index()
							if !p.next(s3, false, func() bool { return p.lit("#{") }) ||
								!p.next(s3, true, func() bool { var ok bool; e, ok = p.strExpr(); return ok }) {
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
							ok := p.lit("#")
							if ok {
								parts = appendText(parts, "#")
							}
							return ok
						},
						func() bool {
							var b strings.Builder
							ok := p.innerString(&b, "'`", "['`]")
							if ok {
								parts = appendText(parts, b.String())
							}
							return ok
						},
					)
				})
			})
		}) && p.next(sq, false, p.tQuote)
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

// strExpr is `P(nl ~~ expr)`.
func (p *parser) strExpr() (Expr, bool) {
	var e Expr
	ok := p.rule("", func() bool {
		sq := p.seqStart()
		p.nl()
		return p.next(sq, false, func() bool { var ok bool; e, ok = p.expr(false); return ok })
	})
	return e, ok
}

// strTemplate is `P(Index ~~ (istring | heredocistring) ~~ Index)`, a
// plain string when it has no holes.
func (p *parser) strTemplate() (Expr, bool) {
	var parts []TemplatePart
	start := p.idx
	if !p.rule("", func() bool {
		sq := p.seqStart()
		p.index()
		return p.next(sq, false, func() bool {
			return p.alt(
				func() bool { var ok bool; parts, _, ok = p.istring0(); return ok },
				func() bool { var ok bool; parts, ok = p.heredocTemplate(); return ok },
			)
		}) && p.next(sq, false, p.index)
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

// nl0 is `P(CharsWhileIn("\n\r"))`.
func (p *parser) nl0() bool {
	return p.rule("", func() bool { return p.charsWhile(isNewline, 1, `[\n\r]`) })
}

// heredocDelim is `P(<<- ~~/ ws ~~ plainIdentStr ~~/ (ws ~~ nl0).repX(1))`.
func (p *parser) heredocDelim(opener string) (string, bool) {
	var tag string
	ok := p.rule("", func() bool {
		sq := p.seqStart()
		if !p.token(opener, "`"+opener+"`", tokCut) {
			return false
		}
		return p.next(sq, true, p.ws) &&
			p.next(sq, false, func() bool { n, ok := p.plainIdent(); tag = n.Str; return ok }) &&
			p.next(sq, true, func() bool {
				return p.repMacro(1, func() bool {
					s2 := p.seqStart()
					p.ws()
					return p.next(s2, false, p.nl0)
				})
			})
	})
	return tag, ok
}

// notHeredocEnd is `!(ws ~~ KW(tag))`.
func (p *parser) notHeredocEnd(tag string) bool {
	return p.not(func() bool {
		sq := p.seqStart()
		p.ws()
		return p.next(sq, false, func() bool { return p.kw(tag) })
	})
}

// closeHeredoc is `ws ~~ tag./`.
func (p *parser) closeHeredoc(tag string) bool {
	sq := p.seqStart()
	p.ws()
	return p.next(sq, false, func() bool { return p.cutAfter(func() bool { return p.lit(tag) }) })
}

type heredocLine struct {
	parts []TemplatePart
	nl    string
}

// newlines is `nl0.repX(1).!`.
func (p *parser) newlines() (string, bool) {
	start := p.idx
	ok := p.repMacro(1, p.nl0)
	return p.src[start:p.idx], ok
}

// heredoc is a `<<-TAG` literal heredoc: `P(heredocdelim.flatMap(body))`.
func (p *parser) heredoc() (string, bool) {
	var lines []heredocLine
	ok := p.rule("", func() bool {
		tag, ok := p.heredocDelim("<<-")
		if !ok {
			return false
		}
		sq := p.seqStart()
		if !p.repMacro(-1, func() bool {
			s2 := p.seqStart()
			if !p.notHeredocEnd(tag) {
				return false
			}
			var line heredocLine
			return p.next(s2, false, func() bool {
				s3 := p.seqStart()
				start := p.idx
				if !p.repMacro(1, func() bool {
					s4 := p.seqStart()
					return p.not(p.nl0) && p.next(s4, false, p.anychar)
				}) {
					return false
				}
				line.parts = []TemplatePart{{Text: p.src[start:p.idx]}}
				if !p.next(s3, false, func() bool { var ok bool; line.nl, ok = p.newlines(); return ok }) {
					return false
				}
				lines = append(lines, line)
				return true
			})
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
	ok := p.rule("", func() bool {
		tag, ok := p.heredocDelim("<<+")
		if !ok {
			return false
		}
		sq := p.seqStart()
		if !p.repMacro(-1, func() bool {
			s2 := p.seqStart()
			if !p.notHeredocEnd(tag) {
				return false
			}
			var line heredocLine
			return p.next(s2, false, func() bool {
				s3 := p.seqStart()
				if !p.repMacro(-1, func() bool { return p.heredocPart(&line) }) {
					return false
				}
				if !p.next(s3, false, func() bool { var ok bool; line.nl, ok = p.newlines(); return ok }) {
					return false
				}
				lines = append(lines, line)
				return true
			})
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

// heredocPart is heredocistringpart: `#{expr}`, a lone `#`, or text.
func (p *parser) heredocPart(line *heredocLine) bool {
	return p.rule("", func() bool {
		return p.alt(
			func() bool {
				s2 := p.seqStart()
				if !p.lit("#{") {
					return false
				}
				var e Expr
				if !p.next(s2, true, func() bool { var ok bool; e, ok = p.strExpr(); return ok }) ||
					!p.next(s2, false, p.tRBrace) {
					return false
				}
				line.parts = append(line.parts, TemplatePart{Expr: e})
				return true
			},
			func() bool {
				ok := p.lit("#")
				if ok {
					line.parts = append(line.parts, TemplatePart{Text: "#"})
				}
				return ok
			},
			func() bool {
				start := p.idx
				if !p.repMacro(1, func() bool {
					s2 := p.seqStart()
					return p.not(func() bool {
						return p.alt(func() bool { return p.lit("#") }, p.nl0)
					}) && p.next(s2, false, p.anychar)
				}) {
					return false
				}
				line.parts = append(line.parts, TemplatePart{Text: p.src[start:p.idx]})
				return true
			},
		)
	})
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
