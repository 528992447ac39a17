package lang

// `match` expressions (ExprParser.matchExpr, PatExprParser.scala). Fauna
// parses them and refuses to evaluate them ("match expr not supported"), so
// the patterns are parsed for their syntax only.

// matchExpr is `match ~~ (term ~~ methodChainRhs) ~~ { case pat => expr0 ... }`.
func (p *parser) matchExpr() (Expr, bool) {
	var scrut Expr
	start := p.idx
	if !p.rule("", func() bool {
		sq := p.seqStart()
		if !p.kwNL("match") {
			return false
		}
		if !p.next(sq, false, func() bool {
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
		}) {
			return false
		}
		if !p.next(sq, false, func() bool {
			return p.rule("", func() bool {
				s2 := p.seqStart()
				if !p.tLBrace() {
					return false
				}
				if !p.next(s2, false, func() bool {
					return p.rep(0, 0, p.blocksep, func() bool {
						return p.rule("", func() bool {
							s3 := p.seqStart()
							if !p.kwNL("case") {
								return false
							}
							if !p.next(s3, false, p.pattern) {
								return false
							}
							if !p.next(s3, false, p.tArrow) {
								return false
							}
							return p.next(s3, false, func() bool { _, ok := p.expr0(false); return ok })
						})
					})
				}) {
					return false
				}
				if !p.next(s2, false, func() bool { _, ok := p.opt(p.blocksep); return ok }) {
					return false
				}
				return p.next(s2, false, p.tRBrace)
			})
		}) {
			return false
		}
		p.ws()
		p.cut = true
		return true
	}) {
		return nil, false
	}
	return &Match{Scrutinee: scrut, Sp: Span{start, p.idx}}, true
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

func (p *parser) patternSuffix() bool {
	_, ok := p.opt(func() bool {
		return p.rule("", func() bool {
			return p.alt(
				func() bool {
					sq := p.seqStart()
					if !p.tColon() {
						return false
					}
					return p.next(sq, false, func() bool { _, ok := p.typeExprNL(); return ok })
				},
				func() bool {
					sq := p.seqStart()
					if !p.token("@", "`@`", tokCutNL) {
						return false
					}
					return p.next(sq, false, p.pattern)
				},
			)
		})
	})
	return ok
}

func (p *parser) holePattern() bool {
	return p.rule("", func() bool {
		sq := p.seqStart()
		if !p.token("_", "`_`", tokCut) {
			return false
		}
		if !p.next(sq, false, p.nl) {
			return false
		}
		return p.next(sq, false, p.patternSuffix)
	})
}

func (p *parser) varPattern() bool {
	return p.rule("", func() bool {
		sq := p.seqStart()
		if _, ok := p.ident(); !ok {
			return false
		}
		if !p.next(sq, false, p.nl) {
			return false
		}
		return p.next(sq, false, p.patternSuffix)
	})
}

func (p *parser) litPattern() bool {
	var e Expr
	return p.rule("", func() bool {
		return p.alt(
			func() bool { return p.keywordLit("null", LitNull, &e) },
			func() bool { return p.keywordLit("true", LitTrue, &e) },
			func() bool { return p.keywordLit("false", LitFalse, &e) },
			func() bool { return p.rule("", func() bool { _, ok := p.integer(); return ok }) },
			func() bool {
				return p.rule("", func() bool {
					return p.alt(
						func() bool { _, ok := p.singleString(); return ok },
						func() bool { _, ok := p.objectFieldDoubleString(); return ok },
					)
				})
			},
		)
	})
}

func (p *parser) objectPattern() bool {
	return p.rule("", func() bool {
		sq := p.seqStart()
		if !p.tLBrace() {
			return false
		}
		if !p.next(sq, false, func() bool {
			return p.rep(0, 0, p.tComma, func() bool {
				return p.rule("", func() bool {
					return p.alt(
						func() bool {
							s2 := p.seqStart()
							if !p.alt(
								func() bool { _, ok := p.singleString(); return ok },
								func() bool { _, ok := p.doubleString(); return ok },
							) {
								return false
							}
							if !p.next(s2, false, p.tColon) || !p.next(s2, false, p.pattern) {
								return false
							}
							return p.next(s2, false, p.nl)
						},
						func() bool {
							s2 := p.seqStart()
							if _, ok := p.ident(); !ok {
								return false
							}
							if !p.next(s2, false, p.ws) {
								return false
							}
							if !p.next(s2, false, func() bool {
								_, ok := p.opt(func() bool {
									s3 := p.seqStart()
									if !p.tColon() {
										return false
									}
									return p.next(s3, false, p.pattern)
								})
								return ok
							}) {
								return false
							}
							return p.next(s2, false, p.nl)
						},
					)
				})
			})
		}) {
			return false
		}
		if !p.next(sq, false, func() bool { _, ok := p.opt(p.tComma); return ok }) {
			return false
		}
		if !p.next(sq, false, p.tRBrace) {
			return false
		}
		p.cut = true
		return true
	})
}

func (p *parser) tuplePattern() bool {
	return p.rule("", func() bool {
		sq := p.seqStart()
		if !p.tLParen() {
			return false
		}
		if !p.next(sq, false, func() bool { return p.rep(0, 0, p.tComma, p.pattern) }) {
			return false
		}
		if !p.next(sq, false, func() bool { _, ok := p.opt(p.tComma); return ok }) {
			return false
		}
		if !p.next(sq, false, p.tRParen) {
			return false
		}
		p.cut = true
		return true
	})
}

func (p *parser) arrayPattern() bool {
	return p.rule("", func() bool {
		sq := p.seqStart()
		if !p.tLBracket() {
			return false
		}
		if !p.next(sq, false, func() bool {
			return p.rule("", func() bool {
				return p.alt(
					func() bool {
						s2 := p.seqStart()
						if !p.tDots() {
							return false
						}
						return p.next(s2, false, p.pattern)
					},
					func() bool {
						s2 := p.seqStart()
						if !p.rep(0, 0, p.tComma, p.pattern) {
							return false
						}
						return p.next(s2, false, func() bool {
							_, ok := p.opt(func() bool {
								s3 := p.seqStart()
								if !p.tComma() {
									return false
								}
								if !p.next(s3, false, p.tDots) {
									return false
								}
								return p.next(s3, false, p.pattern)
							})
							return ok
						})
					},
				)
			})
		}) {
			return false
		}
		return p.next(sq, false, p.tRBracket)
	})
}
