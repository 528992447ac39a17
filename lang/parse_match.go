package lang

// `match` expressions (ExprParser.matchExpr, PatExprParser.scala). Fauna
// parses them and refuses to evaluate them ("match expr not supported"), so
// the patterns are parsed for their syntax only.

// matchExpr is `P(Index ~~ match ~~ matchScrut ~~ matchBody ~~ Index ~~ ws./)`.
func (p *parser) matchExpr() (Expr, bool) {
	var scrut Expr
	start := p.idx
	if !p.rule("", func() bool {
		sq := p.seqStart()
		p.index()
		return p.next(sq, false, func() bool { return p.kwNL("match") }) &&
			p.next(sq, false, func() bool {
				return p.rule("", func() bool {
					s2 := p.seqStart()
					var ok bool
					if scrut, ok = p.term(); !ok {
						return false
					}
					return p.next(s2, false, func() bool {
						chain, ok := p.methodChainRhs()
						scrut = buildMethodChain(scrut, chain)
						return ok
					})
				})
			}) &&
			p.next(sq, false, p.matchBody) &&
			p.next(sq, false, p.index) &&
			p.next(sq, false, func() bool { return p.cutAfter(p.ws) })
	}) {
		return nil, false
	}
	return &Match{Scrutinee: scrut, Sp: Span{start, p.idx}}, true
}

// matchBody is `P({ ~~ matchCase.repX(sep = blocksep) ~~ blocksep.? ~~ })`.
func (p *parser) matchBody() bool {
	return p.rule("", func() bool {
		sq := p.seqStart()
		return p.tLBrace() &&
			p.next(sq, false, func() bool {
				return p.repX(0, 0, p.blocksep, func() bool {
					return p.rule("", func() bool {
						s3 := p.seqStart()
						return p.kwNL("case") &&
							p.next(s3, false, p.pattern) &&
							p.next(s3, false, p.tArrow) &&
							p.next(s3, false, func() bool { _, ok := p.expr0(false); return ok })
					})
				})
			}) &&
			p.next(sq, false, func() bool { _, ok := p.opt(p.blocksep); return ok }) &&
			p.next(sq, false, p.tRBrace)
	})
}

// pattern is `Patterns.expr`: `P(expr0 ~~ nl)`.
func (p *parser) pattern() bool {
	return p.rule("", func() bool {
		sq := p.seqStart()
		if !p.rule("", func() bool {
			return p.alt(p.holePattern, p.litPattern, p.objectPattern, p.tuplePattern, p.arrayPattern, p.varPattern)
		}) {
			return false
		}
		return p.next(sq, false, p.nl)
	})
}

// patternSuffix is `suffix.?`: `: Type` or `@ pattern`.
func (p *parser) patternSuffix() bool {
	_, ok := p.opt(func() bool {
		return p.rule("", func() bool {
			return p.alt(
				func() bool {
					sq := p.seqStart()
					return p.tColon() && p.next(sq, false, func() bool { _, ok := p.typeExprNL(); return ok })
				},
				func() bool {
					sq := p.seqStart()
					return p.tAt() && p.next(sq, false, p.pattern)
				},
			)
		})
	})
	return ok
}

func (p *parser) holePattern() bool {
	return p.rule("", func() bool {
		sq := p.seqStart()
		p.index()
		return p.next(sq, false, func() bool { return p.cutAfter(p.tUnder) }) &&
			p.next(sq, false, p.index) &&
			p.next(sq, false, p.nl) &&
			p.next(sq, false, p.patternSuffix)
	})
}

func (p *parser) varPattern() bool {
	return p.rule("", func() bool {
		sq := p.seqStart()
		if _, ok := p.ident(); !ok {
			return false
		}
		return p.next(sq, false, p.nl) && p.next(sq, false, p.patternSuffix)
	})
}

func (p *parser) litPattern() bool {
	var e Expr
	return p.rule("", func() bool {
		return p.alt(
			func() bool { return p.keywordLit("null", LitNull, &e) },
			func() bool { return p.keywordLit("true", LitTrue, &e) },
			func() bool { return p.keywordLit("false", LitFalse, &e) },
			func() bool {
				return p.rule("", func() bool { return p.spanned(func() bool { _, ok := p.integer(); return ok }) })
			},
			func() bool {
				return p.rule("", func() bool {
					return p.spanned(func() bool {
						return p.alt(
							func() bool { _, ok := p.singleString(); return ok },
							func() bool { _, ok := p.objectFieldDoubleString(); return ok },
						)
					})
				})
			},
		)
	})
}

func (p *parser) objectPattern() bool {
	return p.rule("", func() bool {
		sq := p.seqStart()
		p.index()
		return p.next(sq, false, p.tLBrace) &&
			p.next(sq, false, func() bool {
				return p.repX(0, 0, p.tComma, func() bool {
					return p.rule("", func() bool {
						return p.alt(
							func() bool {
								return p.rule("", func() bool {
									s2 := p.seqStart()
									return p.spanned(func() bool {
										return p.alt(
											func() bool { _, ok := p.singleString(); return ok },
											func() bool { _, ok := p.doubleString(); return ok },
										)
									}) && p.next(s2, false, p.tColon) && p.next(s2, false, p.pattern) && p.next(s2, false, p.nl)
								})
							},
							func() bool {
								return p.rule("", func() bool {
									s2 := p.seqStart()
									if _, ok := p.ident(); !ok {
										return false
									}
									return p.next(s2, false, p.ws) &&
										p.next(s2, false, func() bool {
											_, ok := p.opt(func() bool {
												s3 := p.seqStart()
												return p.tColon() && p.next(s3, false, p.pattern)
											})
											return ok
										}) &&
										p.next(s2, false, p.nl)
								})
							},
						)
					})
				})
			}) &&
			p.next(sq, false, func() bool { _, ok := p.opt(p.tComma); return ok }) &&
			p.next(sq, false, p.tRBrace) &&
			p.next(sq, true, p.index)
	})
}

func (p *parser) tuplePattern() bool {
	return p.rule("", func() bool {
		sq := p.seqStart()
		p.index()
		return p.next(sq, false, p.tLParen) &&
			p.next(sq, false, func() bool { return p.repX(0, 0, p.tComma, p.pattern) }) &&
			p.next(sq, false, func() bool { _, ok := p.opt(p.tComma); return ok }) &&
			p.next(sq, false, p.tRParen) &&
			p.next(sq, true, p.index)
	})
}

func (p *parser) arrayPattern() bool {
	return p.rule("", func() bool {
		sq := p.seqStart()
		p.index()
		return p.next(sq, false, p.tLBracket) &&
			p.next(sq, false, func() bool {
				return p.rule("", func() bool {
					return p.alt(
						func() bool {
							s2 := p.seqStart()
							return p.tDots() && p.next(s2, false, p.pattern)
						},
						func() bool {
							s2 := p.seqStart()
							if !p.repX(0, 0, p.tComma, p.pattern) {
								return false
							}
							return p.next(s2, false, func() bool {
								_, ok := p.opt(func() bool {
									s3 := p.seqStart()
									return p.tComma() && p.next(s3, false, p.tDots) && p.next(s3, false, p.pattern)
								})
								return ok
							})
						},
					)
				})
			}) &&
			p.next(sq, false, p.tRBracket) &&
			p.next(sq, false, p.index)
	})
}
