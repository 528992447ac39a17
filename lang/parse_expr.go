package lang

// The expression grammar, transliterated from ExprParser.scala. Each Go
// function names the Scala rule it implements; `rule` is Fauna's P(...),
// `next` a `~~` step (`~~/` with cut=true), `alt` a `|` choice, and a plain
// call after a successful parse is a flatMap (the continuation's messages
// replace the earlier ones, as in fastparse).

// binary operator precedence (ExprParser.ExprOpPrecedences), low to high.
var opPrecedence = map[string]int{
	"??": 0,
	"||": 1,
	"&&": 2,
	"==": 3, "!=": 3, "=~": 3, "!~": 3,
	">": 4, "<": 4, ">=": 4, "<=": 4,
	"isa": 5,
	"|":   6,
	"^":   7,
	"&":   8,
	"+":   9, "-": 9,
	"*": 10, "/": 10, "%": 10,
	"**": 11,
}

// parseQuery is `P(nl ~~ Index ~~ queryBody ~~ Index ~~ nl ~~ End)`.
func (p *parser) parseQuery() (*Block, bool) {
	var body []Stmt
	var s, e int
	ok := p.rule("", func() bool {
		sq := p.seqStart()
		p.nl()
		s = p.idx
		if !p.next(sq, false, p.index) {
			return false
		}
		if !p.next(sq, false, func() bool { var ok bool; body, ok = p.blockBody(true); return ok }) {
			return false
		}
		e = p.idx
		if !p.next(sq, false, p.index) || !p.next(sq, false, p.nl) {
			return false
		}
		return p.next(sq, false, p.end)
	})
	if !ok {
		return nil, false
	}
	return &Block{Stmts: body, Sp: Span{s, e}}, true
}

// blockBody is blockBody0: blockBody1, then checks on its statements.
func (p *parser) blockBody(isQuery bool) ([]Stmt, bool) {
	var stmts []Stmt
	if !p.rule("", func() bool {
		sq := p.seqStart()
		if !p.repX(0, 0, p.blocksep, func() bool {
			var st Stmt
			ok := p.alt(
				func() bool { l, ok := p.letStmt(); st = Stmt{Let: l}; return ok },
				func() bool { e, ok := p.expr0(false); st = Stmt{Expr: e}; return ok },
			)
			if ok {
				stmts = append(stmts, st)
			}
			return ok
		}) {
			return false
		}
		return p.next(sq, false, func() bool { _, ok := p.opt(p.blocksep); return ok })
	}) {
		return nil, false
	}
	// flatMap on the statements.
	switch {
	case len(stmts) == 0:
		sq := p.seqStart()
		p.nl()
		p.next(sq, false, p.index)
		i := p.idx
		msg := "Unexpected end of query. Expected statement or expression"
		if !isQuery {
			msg = "Unexpected end of block. Expected statement or expression"
		}
		return nil, p.failWith(&ParseError{Message: msg, Span: Span{i, i + 1}})
	case stmts[len(stmts)-1].Let != nil:
		sq := p.seqStart()
		p.nl()
		p.next(sq, false, p.index)
		i := p.idx
		return nil, p.failWith(&ParseError{
			Message: "Missing return expression",
			Span:    Span{i, i + 1},
			Hints:   []ParseHint{{Kind: KindCause, Message: "Statement does not return a value", Span: stmts[len(stmts)-1].Span()}},
		})
	}
	p.nl()
	return stmts, true
}

// letStmt is `P(Index ~~ let ~~ ident ~~ nl ~~ (: ~~ Types.expr).? ~~ = ~~ expr0)`
// with a flatMap that refuses invalid variable names.
func (p *parser) letStmt() (*Let, bool) {
	var name Name
	var typ TypeExpr
	var val Expr
	start := p.idx
	if !p.rule("", func() bool {
		sq := p.seqStart()
		p.index()
		if !p.next(sq, false, func() bool { return p.kwNL("let") }) {
			return false
		}
		if !p.next(sq, false, func() bool { var ok bool; name, ok = p.ident(); return ok }) {
			return false
		}
		if !p.next(sq, false, p.nl) {
			return false
		}
		if !p.next(sq, false, func() bool {
			_, ok := p.opt(func() bool {
				s2 := p.seqStart()
				if !p.tColon() {
					return false
				}
				return p.next(s2, false, func() bool { var ok bool; typ, ok = p.typeExprNL(); return ok })
			})
			return ok
		}) {
			return false
		}
		if !p.next(sq, false, p.tEquals) {
			return false
		}
		return p.next(sq, false, func() bool { var ok bool; val, ok = p.expr0(false); return ok })
	}) {
		return nil, false
	}
	if invalidVariables[name.Str] || reservedWords[name.Str] {
		return nil, p.failWith(&ParseError{Message: "Invalid identifier", Span: name.Sp, Annotation: "`" + name.Str + "` is a keyword"})
	}
	p.pass()
	return &Let{Name: name, Type: typ, Value: val, Sp: Span{start, val.Span().End}}, true
}

// expr is `P(expr0(shortLambda) ~~ nl, "expression")`.
func (p *parser) expr(shortLambda bool) (Expr, bool) {
	var e Expr
	ok := p.rule("expression", func() bool {
		sq := p.seqStart()
		var ok bool
		if e, ok = p.expr0(shortLambda); !ok {
			return false
		}
		return p.next(sq, false, p.nl)
	})
	return e, ok
}

// expr0 is `P(ifExpr | atExpr | matchExpr | baseExpr | identOrLambda |
// tupleOrLambda)` with a flatMap that rejects a short lambda where none is
// allowed.
func (p *parser) expr0(shortLambda bool) (Expr, bool) {
	var e Expr
	if !p.rule("", func() bool {
		return p.alt(
			func() bool { var ok bool; e, ok = p.ifExpr(); return ok },
			func() bool { var ok bool; e, ok = p.atExpr(); return ok },
			func() bool { var ok bool; e, ok = p.matchExpr(); return ok },
			func() bool { var ok bool; e, ok = p.baseExpr(); return ok },
			func() bool { var ok bool; e, ok = p.identOrLambda(); return ok },
			func() bool { var ok bool; e, ok = p.tupleOrLambda(); return ok },
		)
	}) {
		return nil, false
	}
	if sl, ok := e.(*ShortLambda); ok && !shortLambda {
		p.continueWith(&ParseError{Message: "Invalid anonymous field access", Span: sl.Span()})
		return e, true
	}
	p.pass()
	return e, true
}

// ifExpr is `P(Index ~~ if ~~ ( ~~ expr ~~ ) ~~ nl ~~ expr0 ~~ (nl ~~ else ~~ expr0).?)`.
func (p *parser) ifExpr() (Expr, bool) {
	var cond, then, els Expr
	start := p.idx
	if !p.rule("", func() bool {
		sq := p.seqStart()
		p.index()
		if !p.next(sq, false, func() bool { return p.kwNL("if") }) ||
			!p.next(sq, false, p.tLParen) ||
			!p.next(sq, false, func() bool { var ok bool; cond, ok = p.expr(false); return ok }) ||
			!p.next(sq, false, p.tRParen) ||
			!p.next(sq, false, p.nl) ||
			!p.next(sq, false, func() bool { var ok bool; then, ok = p.expr0(false); return ok }) {
			return false
		}
		return p.next(sq, false, func() bool {
			_, ok := p.opt(func() bool {
				s2 := p.seqStart()
				p.nl()
				if !p.next(s2, false, func() bool { return p.kwNL("else") }) {
					return false
				}
				return p.next(s2, false, func() bool { var ok bool; els, ok = p.expr0(false); return ok })
			})
			return ok
		})
	}) {
		return nil, false
	}
	end := then.Span().End
	if els != nil {
		end = els.Span().End
	}
	return &If{Cond: cond, Then: then, Else: els, Sp: Span{start, end}}, true
}

// atExpr is `P(Index ~~ at ~~ ( ~~ expr ~~ ) ~~ nl ~~ expr0)`.
func (p *parser) atExpr() (Expr, bool) {
	var ts, body Expr
	start := p.idx
	if !p.rule("", func() bool {
		sq := p.seqStart()
		p.index()
		return p.next(sq, false, func() bool { return p.kwNL("at") }) &&
			p.next(sq, false, p.tLParen) &&
			p.next(sq, false, func() bool { var ok bool; ts, ok = p.expr(false); return ok }) &&
			p.next(sq, false, p.tRParen) &&
			p.next(sq, false, p.nl) &&
			p.next(sq, false, func() bool { var ok bool; body, ok = p.expr0(false); return ok })
	}) {
		return nil, false
	}
	return &At{Time: ts, Body: body, Sp: Span{start, body.Span().End}}, true
}

// baseExpr is `P(baseterm ~~ exprRhs, "expression")`.
func (p *parser) baseExpr() (Expr, bool) {
	var e Expr
	var rhs exprRhs
	if !p.rule("expression", func() bool {
		sq := p.seqStart()
		var ok bool
		if e, ok = p.baseterm(); !ok {
			return false
		}
		return p.next(sq, false, func() bool { var ok bool; rhs, ok = p.exprRhs(); return ok })
	}) {
		return nil, false
	}
	return p.buildExpr(e, rhs), true
}

// identOrLambda is `P(ident ~~ ws ~~ lambdaArrow).flatMapX { ... }`.
func (p *parser) identOrLambda() (Expr, bool) {
	var id Name
	var body Expr
	if !p.rule("", func() bool {
		sq := p.seqStart()
		var ok bool
		if id, ok = p.ident(); !ok {
			return false
		}
		if !p.next(sq, false, p.ws) {
			return false
		}
		return p.next(sq, false, func() bool { var ok bool; body, ok = p.lambdaArrow(); return ok })
	}) {
		return nil, false
	}
	if body != nil {
		param := &id
		if id.Str == "_" {
			param = nil
		}
		p.pass()
		return &Lambda{Params: []*Name{param}, Body: body, Sp: Span{id.Sp.Start, body.Span().End}}, true
	}
	rhs, ok := p.exprRhs()
	if !ok {
		return nil, false
	}
	return p.buildExpr(&Id{Name: id.Str, Sp: id.Sp}, rhs), true
}

// lambdaArrow is `P((=> ~~ expr0).?)`; a nil body means no arrow.
func (p *parser) lambdaArrow() (Expr, bool) {
	var body Expr
	ok := p.rule("", func() bool {
		_, ok := p.opt(func() bool {
			sq := p.seqStart()
			if !p.tArrow() {
				return false
			}
			return p.next(sq, false, func() bool { var ok bool; body, ok = p.expr0(false); return ok })
		})
		return ok
	})
	return body, ok
}

// tupleArgs is the result of expressionList plus an optional `...rest`.
type tupleArgs struct {
	elems       []Expr
	allIDs      bool
	hasVariadic bool
	variadic    Name
}

// tupleOrLambda is `P(Index ~~ tupleBodyLambdaArgs ~~ Index ~~ ws).flatMapX { ... }`:
// a lambda's parameter list or a parenthesised expression.
func (p *parser) tupleOrLambda() (Expr, bool) {
	var args tupleArgs
	var s, e int
	if !p.rule("", func() bool {
		sq := p.seqStart()
		s = p.idx
		p.index()
		if !p.next(sq, false, func() bool { var ok bool; args, ok = p.tupleBodyLambdaArgs(); return ok }) {
			return false
		}
		e = p.idx
		return p.next(sq, false, p.index) && p.next(sq, false, p.ws)
	}) {
		return nil, false
	}
	span := Span{s, e}
	if !args.allIDs {
		if args.hasVariadic {
			return nil, p.failWith(&ParseError{Message: "invalid variadic tuple", Span: span})
		}
		rhs, ok := p.exprRhs()
		if !ok {
			return nil, false
		}
		return p.buildExpr(&Tuple{Elems: args.elems, Sp: span}, rhs), true
	}
	body, ok := p.lambdaArrow()
	if !ok {
		return nil, false
	}
	if body == nil {
		rhs, ok := p.exprRhs()
		if !ok {
			return nil, false
		}
		return p.buildExpr(&Tuple{Elems: args.elems, Sp: span}, rhs), true
	}
	lam := &Lambda{Body: body, Sp: Span{s, body.Span().End}}
	for _, el := range args.elems {
		id := el.(*Id)
		if id.Name == "_" {
			lam.Params = append(lam.Params, nil)
		} else {
			lam.Params = append(lam.Params, &Name{Str: id.Name, Sp: id.Sp})
		}
	}
	if args.hasVariadic {
		lam.HasVariadic = true
		if args.variadic.Str != "_" {
			v := args.variadic
			lam.Variadic = &v
		}
	}
	p.pass()
	seen := map[string]Name{}
	check := func(n *Name) {
		if n == nil {
			return
		}
		if orig, dup := seen[n.Str]; dup {
			p.continueWith(&ParseError{Message: "Duplicate lambda argument", Span: n.Sp,
				Hints: []ParseHint{{Kind: KindHint, Message: "Argument originally defined here", Span: orig.Sp}}})
			return
		}
		seen[n.Str] = *n
	}
	for _, n := range lam.Params {
		check(n)
	}
	check(lam.Variadic)
	return lam, true
}

// tupleBodyLambdaArgs is `P(( ~~ expressionList ~~ (... ~~ ident).? ~~ )./)`.
func (p *parser) tupleBodyLambdaArgs() (tupleArgs, bool) {
	var a tupleArgs
	ok := p.rule("", func() bool {
		sq := p.seqStart()
		if !p.tLParen() {
			return false
		}
		if !p.next(sq, false, func() bool { var ok bool; a.elems, a.allIDs, ok = p.expressionList(); return ok }) {
			return false
		}
		if !p.next(sq, false, func() bool {
			present, ok := p.opt(func() bool {
				s2 := p.seqStart()
				if !p.tDots() {
					return false
				}
				return p.next(s2, false, func() bool { var ok bool; a.variadic, ok = p.ident(); return ok })
			})
			a.hasVariadic = present
			return ok
		}) {
			return false
		}
		return p.next(sq, false, func() bool { return p.cutAfter(p.tRParen) })
	})
	return a, ok
}

// tupleBody is `P(( ~~ expressionList ~~ )./)`.
func (p *parser) tupleBody() ([]Expr, bool) {
	var elems []Expr
	ok := p.rule("", func() bool {
		sq := p.seqStart()
		if !p.tLParen() {
			return false
		}
		if !p.next(sq, false, func() bool { var ok bool; elems, _, ok = p.expressionList(); return ok }) {
			return false
		}
		return p.next(sq, false, func() bool { return p.cutAfter(p.tRParen) })
	})
	return elems, ok
}

// expressionList is `(P(expr(true).repX(1, sep = ,), "expression") ~~ ,.?).?`;
// allIDs tells whether every element is a bare identifier (TupleishRepeater).
func (p *parser) expressionList() ([]Expr, bool, bool) {
	var elems []Expr
	allIDs := true
	_, ok := p.opt(func() bool {
		sq := p.seqStart()
		if !p.rule("expression", func() bool {
			return p.repX(1, 0, p.tComma, func() bool {
				e, ok := p.expr(true)
				if ok {
					elems = append(elems, e)
					if _, isID := e.(*Id); !isID {
						allIDs = false
					}
				}
				return ok
			})
		}) {
			return false
		}
		return p.next(sq, false, func() bool { _, ok := p.opt(p.tComma); return ok })
	})
	return elems, allIDs, ok
}

// exprRhs holds the postfix chain, operator chain and projection after a term.
type exprRhs struct {
	chain []ChainElem
	ops   []opRhs
	proj  *projection
}

type opRhs struct {
	op  Name
	rhs Expr
}

type projection struct {
	fields []ProjField
	all    bool // `{ * }`
	end    int
}

// exprRhs is `P(methodChainRhs ~~ opChainRhs ~~ projectRhs)`.
func (p *parser) exprRhs() (exprRhs, bool) {
	var r exprRhs
	ok := p.rule("", func() bool {
		sq := p.seqStart()
		var ok bool
		if r.chain, ok = p.methodChainRhs(); !ok {
			return false
		}
		return p.next(sq, false, func() bool { var ok bool; r.ops, ok = p.opChainRhs(); return ok }) &&
			p.next(sq, false, func() bool { var ok bool; r.proj, ok = p.projectRhs(); return ok })
	})
	return r, ok
}

func (p *parser) buildExpr(e Expr, rhs exprRhs) Expr {
	e = buildMethodChain(e, rhs.chain)
	e = buildOpChain(e, rhs.ops)
	return buildProjection(e, rhs.proj)
}

// --- terms ---

// baseterm is `P(baseterm1 | unaryOp)`.
func (p *parser) baseterm() (Expr, bool) { return p.termOf(p.baseterm0) }

// term is `P(term1 | unaryOp)`.
func (p *parser) term() (Expr, bool) { return p.termOf(p.term0) }

// termOf is `P(P(first ~~ methodChainRhs) | unaryOp)`.
func (p *parser) termOf(first func() (Expr, bool)) (Expr, bool) {
	var e Expr
	ok := p.rule("", func() bool {
		return p.alt(
			func() bool {
				return p.rule("", func() bool {
					sq := p.seqStart()
					var ok bool
					if e, ok = first(); !ok {
						return false
					}
					var chain []ChainElem
					if !p.next(sq, false, func() bool { var ok bool; chain, ok = p.methodChainRhs(); return ok }) {
						return false
					}
					e = buildMethodChain(e, chain)
					return true
				})
			},
			func() bool { var ok bool; e, ok = p.unaryOp(); return ok },
		)
	})
	return e, ok
}

// baseterm0 is `P((literal | strtemplate | objectOrBlock | array | anonChainStart) ~~ ws)`.
func (p *parser) baseterm0() (Expr, bool) {
	var e Expr
	ok := p.rule("", func() bool {
		sq := p.seqStart()
		if !p.alt(
			func() bool { var ok bool; e, ok = p.literal(); return ok },
			func() bool { var ok bool; e, ok = p.strTemplate(); return ok },
			func() bool { var ok bool; e, ok = p.objectOrBlock(); return ok },
			func() bool { var ok bool; e, ok = p.array(); return ok },
			func() bool { var ok bool; e, ok = p.anonChainStart(); return ok },
		) {
			return false
		}
		return p.next(sq, false, p.ws)
	})
	return e, ok
}

// term0 is `P((baseterm0 | tuple | identifier) ~~ ws)`.
func (p *parser) term0() (Expr, bool) {
	var e Expr
	ok := p.rule("", func() bool {
		sq := p.seqStart()
		if !p.alt(
			func() bool { var ok bool; e, ok = p.baseterm0(); return ok },
			func() bool {
				return p.rule("", func() bool {
					s2 := p.seqStart()
					s := p.idx
					p.index()
					var elems []Expr
					if !p.next(s2, false, func() bool { var ok bool; elems, ok = p.tupleBody(); return ok }) {
						return false
					}
					e = &Tuple{Elems: elems, Sp: Span{s, p.idx}}
					return p.next(s2, false, p.index)
				})
			},
			func() bool {
				return p.rule("", func() bool {
					id, ok := p.ident()
					if ok {
						e = &Id{Name: id.Str, Sp: id.Sp}
					}
					return ok
				})
			},
		) {
			return false
		}
		return p.next(sq, false, p.ws)
	})
	return e, ok
}

// unaryOp is `P(spanned(CharIn("-~!").!)(Name) ~~/ ws ~~ term)`.
func (p *parser) unaryOp() (Expr, bool) {
	var op Name
	var operand Expr
	if !p.rule("", func() bool {
		sq := p.seqStart()
		if !p.spanned(func() bool {
			start := p.idx
			ok := p.char(func(c byte) bool { return c == '-' || c == '~' || c == '!' }, `[\\-~!]`)
			if ok {
				op = Name{Str: p.src[start:p.idx], Sp: Span{start, p.idx}}
			}
			return ok
		}) {
			return false
		}
		return p.next(sq, true, p.ws) &&
			p.next(sq, false, func() bool { var ok bool; operand, ok = p.term(); return ok })
	}) {
		return nil, false
	}
	if sl, ok := operand.(*ShortLambda); ok {
		return &ShortLambda{Body: &OperatorCall{Lhs: sl.Body, Op: op, Sp: Span{op.Sp.Start, sl.Body.Span().End}}}, true
	}
	return &OperatorCall{Lhs: operand, Op: op, Sp: Span{op.Sp.Start, operand.Span().End}}, true
}

// array is `P(Index ~~ [ ~~ expr.repX(sep = ,) ~~ ,.? ~~ ] ~~ Index)`.
func (p *parser) array() (Expr, bool) {
	var elems []Expr
	start := p.idx
	if !p.rule("", func() bool {
		sq := p.seqStart()
		p.index()
		return p.next(sq, false, p.tLBracket) &&
			p.next(sq, false, func() bool {
				return p.repX(0, 0, p.tComma, func() bool {
					e, ok := p.expr(false)
					if ok {
						elems = append(elems, e)
					}
					return ok
				})
			}) &&
			p.next(sq, false, func() bool { _, ok := p.opt(p.tComma); return ok }) &&
			p.next(sq, false, p.tRBracket) &&
			p.next(sq, false, p.index)
	}) {
		return nil, false
	}
	return &Array{Elems: elems, Sp: Span{start, p.idx}}, true
}

// objectOrBlock is `P(Index ~~ { ~~ (} ~~ Pass | objectBody ~~ }./ | blockBody ~~ }./) ~~/ Index)`.
func (p *parser) objectOrBlock() (Expr, bool) {
	var fields []ObjectField
	var stmts []Stmt
	isObject := false
	start := p.idx
	if !p.rule("", func() bool {
		sq := p.seqStart()
		p.index()
		if !p.next(sq, false, p.tLBrace) {
			return false
		}
		if !p.next(sq, false, func() bool {
			return p.alt(
				func() bool {
					isObject = true
					s2 := p.seqStart()
					return p.tRBrace() && p.next(s2, false, p.pass)
				},
				func() bool {
					s2 := p.seqStart()
					var ok bool
					if fields, ok = p.objectBody(); !ok {
						return false
					}
					isObject = true
					return p.next(s2, false, func() bool { return p.cutAfter(p.tRBrace) })
				},
				func() bool {
					isObject = false
					s2 := p.seqStart()
					var ok bool
					if stmts, ok = p.blockBody(false); !ok {
						return false
					}
					return p.next(s2, false, func() bool { return p.cutAfter(p.tRBrace) })
				},
			)
		}) {
			return false
		}
		return p.next(sq, true, p.index)
	}) {
		return nil, false
	}
	span := Span{start, p.idx}
	if isObject {
		return &Object{Fields: fields, Sp: span}, true
	}
	return &Block{Stmts: stmts, Sp: span}, true
}

// objectBody is `P(objectBody0, "expression").flatMap { duplicate keys }`;
// objectBody0 is `P((objectFieldName ~~ ws ~~ : ~~ expr).repX(1, sep = ,) ~~ ,.?)`.
func (p *parser) objectBody() ([]ObjectField, bool) {
	var fields []ObjectField
	ok := p.rule("expression", func() bool {
		return p.rule("", func() bool {
			sq := p.seqStart()
			if !p.repX(1, 0, p.tComma, func() bool {
				var f ObjectField
				s2 := p.seqStart()
				var ok bool
				if f.Key, ok = p.objectFieldName(); !ok {
					return false
				}
				if !p.next(s2, false, p.ws) {
					return false
				}
				if !p.next(s2, false, func() bool {
					s3 := p.seqStart()
					if !p.tColon() {
						return false
					}
					return p.next(s3, false, func() bool { var ok bool; f.Value, ok = p.expr(false); return ok })
				}) {
					return false
				}
				fields = append(fields, f)
				return true
			}) {
				return false
			}
			return p.next(sq, false, func() bool { _, ok := p.opt(p.tComma); return ok })
		})
	})
	if !ok {
		return nil, false
	}
	p.pass()
	seen := map[string]Name{}
	for _, f := range fields {
		if orig, dup := seen[f.Key.Str]; dup {
			p.continueWith(&ParseError{Message: "Duplicate key", Span: f.Key.Sp,
				Hints: []ParseHint{{Kind: KindHint, Message: "Key originally used here", Span: orig.Sp}}})
			continue
		}
		seen[f.Key.Str] = f.Key
	}
	p.pass()
	return fields, true
}

// objectFieldName is `P(spanned(plainIdentStr | singlestring | objectFieldDoubleString))`.
func (p *parser) objectFieldName() (Name, bool) {
	var n Name
	start := p.idx
	ok := p.rule("", func() bool {
		return p.spanned(func() bool {
			return p.alt(
				func() bool { var ok bool; n, ok = p.plainIdent(); return ok },
				func() bool {
					s, ok := p.singleString()
					n = Name{Str: s, Sp: Span{start, p.idx}}
					return ok
				},
				func() bool {
					s, ok := p.objectFieldDoubleString()
					n = Name{Str: s, Sp: Span{start, p.idx}}
					return ok
				},
			)
		})
	})
	return n, ok
}

// objectFieldDoubleString is `(Index ~~ istring0(strexpr) ~~ Index).flatMap { ... }`:
// a double-quoted key, which may not interpolate.
func (p *parser) objectFieldDoubleString() (string, bool) {
	start := p.idx
	var parts []TemplatePart
	var holes []hole
	sq := p.seqStart()
	p.index()
	if !p.next(sq, false, func() bool { var ok bool; parts, holes, ok = p.istring0(); return ok }) ||
		!p.next(sq, false, p.index) {
		return "", false
	}
	if len(holes) == 0 {
		var s string
		for _, part := range parts {
			s += part.Text
		}
		p.pass()
		return s, true
	}
	h := holes[0]
	bs := "\\"
	return "", p.failWith(&ParseError{
		Message: "Object keys do not support interpolation",
		Span:    h.expr.Span(),
		Hints: []ParseHint{
			{Kind: KindHint, Message: "Add a backslash to ignore the interpolation", Span: Span{h.start, h.start}, Suggestion: &bs},
			{Kind: KindHint, Message: "Use Object.fromEntries if you need a dynamic key", Span: Span{start, p.idx}},
		},
	})
}

// --- method chains ---

// methodChainRhs is `P((optRhs | selectRhs | applyRhs | accessRhs | bangRhs).repX)`.
func (p *parser) methodChainRhs() ([]ChainElem, bool) {
	var chain []ChainElem
	ok := p.rule("", func() bool {
		return p.repMacro(-1, func() bool {
			var c ChainElem
			ok := p.alt(
				func() bool { var ok bool; c, ok = p.optRhs(); return ok },
				func() bool { var ok bool; c, ok = p.selectRhs(); return ok },
				func() bool { var ok bool; c, ok = p.applyRhs(); return ok },
				func() bool { var ok bool; c, ok = p.accessRhs(); return ok },
				func() bool { var ok bool; c, ok = p.bangRhs(); return ok },
			)
			if ok {
				chain = append(chain, c)
			}
			return ok
		})
	})
	return chain, ok
}

// selector is `P(spanned(plainIdentStr))`.
func (p *parser) selector() (Name, bool) {
	var n Name
	ok := p.rule("", func() bool {
		return p.spanned(func() bool { var ok bool; n, ok = p.plainIdent(); return ok })
	})
	return n, ok
}

// selectField is `select`: `P(selector ~~ ws)`.
func (p *parser) selectField() (Name, bool) {
	var n Name
	ok := p.rule("", func() bool {
		sq := p.seqStart()
		var ok bool
		if n, ok = p.selector(); !ok {
			return false
		}
		return p.next(sq, false, p.ws)
	})
	return n, ok
}

// selectRhs is `P(nl ~~ Index ~~ . ~~ Index ~~ select)`.
func (p *parser) selectRhs() (ChainElem, bool) {
	c := ChainElem{Kind: ChainSelect}
	ok := p.rule("", func() bool {
		sq := p.seqStart()
		p.nl()
		s := p.idx
		if !p.next(sq, false, p.index) || !p.next(sq, false, p.tDot) {
			return false
		}
		c.DotSpan = Span{s, s + 1}
		return p.next(sq, false, p.index) &&
			p.next(sq, false, func() bool { var ok bool; c.Field, ok = p.selectField(); return ok })
	})
	return c, ok
}

// callRhs is applyRhs/accessRhs: `P(Index ~~ open ~~ expressionList ~~ close ~~ Index ~~ ws)`.
func (p *parser) callRhs(kind ChainKind, open, close func() bool) (ChainElem, bool) {
	c := ChainElem{Kind: kind}
	ok := p.rule("", func() bool {
		sq := p.seqStart()
		s := p.idx
		p.index()
		if !p.next(sq, false, open) ||
			!p.next(sq, false, func() bool { var ok bool; c.Args, _, ok = p.expressionList(); return ok }) ||
			!p.next(sq, false, close) {
			return false
		}
		c.ArgsSpan = Span{s, p.idx}
		return p.next(sq, false, p.index) && p.next(sq, false, p.ws)
	})
	return c, ok
}

func (p *parser) applyRhs() (ChainElem, bool) { return p.callRhs(ChainApply, p.tLParen, p.tRParen) }
func (p *parser) accessRhs() (ChainElem, bool) {
	return p.callRhs(ChainAccess, p.tLBracket, p.tRBracket)
}

// optRhs is `P((nl ~~ Index ~~ ?. ~~ Index).flatMapX { applyRhs | accessRhs | selector ~~ ws })`.
func (p *parser) optRhs() (ChainElem, bool) {
	var c ChainElem
	ok := p.rule("", func() bool {
		sq := p.seqStart()
		p.nl()
		s := p.idx
		if !p.next(sq, false, p.index) || !p.next(sq, false, p.tOptDot) || !p.next(sq, false, p.index) {
			return false
		}
		opt := Span{s, s + 2}
		return p.alt(
			func() bool {
				var ok bool
				c, ok = p.applyRhs()
				c.ApplyOptional = &opt
				return ok
			},
			func() bool {
				var ok bool
				c, ok = p.accessRhs()
				c.ApplyOptional = &opt
				return ok
			},
			func() bool {
				s2 := p.seqStart()
				n, ok := p.selector()
				if !ok || !p.next(s2, false, p.ws) {
					return false
				}
				c = ChainElem{Kind: ChainSelect, Field: n, DotSpan: opt, Optional: true}
				return true
			},
		)
	})
	return c, ok
}

// bangRhs is `P(!("!=" | "!~") ~~ Index ~~ ! ~~ Index ~~ ws)`.
func (p *parser) bangRhs() (ChainElem, bool) {
	c := ChainElem{Kind: ChainBang}
	ok := p.rule("", func() bool {
		sq := p.seqStart()
		if !p.not(func() bool {
			return p.alt(func() bool { return p.lit("!=") }, func() bool { return p.lit("!~") })
		}) {
			return false
		}
		s := p.idx
		if !p.next(sq, false, p.index) || !p.next(sq, false, p.tBang) {
			return false
		}
		c.ArgsSpan = Span{s, p.idx}
		return p.next(sq, false, p.index) && p.next(sq, false, p.ws)
	})
	return c, ok
}

// anonChainStart is `P(Index ~~ dotNoCut ~~ Index ~~ (select | applyRhs | accessRhs))`:
// the start of a short lambda.
func (p *parser) anonChainStart() (Expr, bool) {
	var c ChainElem
	s := p.idx
	if !p.rule("", func() bool {
		sq := p.seqStart()
		p.index()
		if !p.next(sq, false, p.tDotNoCut) || !p.next(sq, false, p.index) {
			return false
		}
		return p.next(sq, false, func() bool {
			return p.alt(
				func() bool {
					n, ok := p.selectField()
					c = ChainElem{Kind: ChainSelect, Field: n, DotSpan: Span{s, s + 1}}
					return ok
				},
				func() bool { var ok bool; c, ok = p.applyRhs(); return ok },
				func() bool { var ok bool; c, ok = p.accessRhs(); return ok },
			)
		})
	}) {
		return nil, false
	}
	this := &This{Sp: Span{s, s}}
	return &ShortLambda{Body: buildMethodChain(this, []ChainElem{c})}, true
}

// --- operators ---

var (
	binaryOps      = []string{"==", "!=", "=~", "!~", ">", "<", ">=", "<=", "+", "-", "*", "/", "%", "**"}
	binaryOpsName  = `StringIn("==", "!=", "=~", "!~", ">", "<", ">=", "<=", "+", "-", "*", "/", "%", "**")`
	nlBinaryOps    = []string{"??", "||", "&&", "|", "^", "&"}
	nlBinaryOpName = `StringIn("??", "||", "&&", "|", "^", "&")`
)

// opChainRhs is `P((spanned(binaryop | nlbinaryop | kwbinaryop)(Name) ~~ nl ~~/ term).repX)`.
func (p *parser) opChainRhs() ([]opRhs, bool) {
	var ops []opRhs
	ok := p.rule("", func() bool {
		return p.repMacro(-1, func() bool {
			var o opRhs
			sq := p.seqStart()
			s := p.idx
			if !p.spanned(func() bool {
				return p.alt(
					func() bool { var ok bool; o.op.Str, ok = p.binaryOp(); return ok },
					func() bool { var ok bool; o.op.Str, ok = p.nlBinaryOp(); return ok },
					func() bool { var ok bool; o.op.Str, ok = p.kwBinaryOp(); return ok },
				)
			}) {
				return false
			}
			o.op.Sp = Span{s, p.idx}
			if !p.next(sq, false, p.nl) {
				return false
			}
			if !p.next(sq, true, func() bool { var ok bool; o.rhs, ok = p.term(); return ok }) {
				return false
			}
			ops = append(ops, o)
			return true
		})
	})
	return ops, ok
}

// binaryOp is `P(!("//" | "/*" | "->") ~~ StringIn(...).!./)`.
func (p *parser) binaryOp() (string, bool) {
	var op string
	ok := p.rule("", func() bool {
		sq := p.seqStart()
		if !p.not(func() bool {
			return p.alt(func() bool { return p.lit("//") }, func() bool { return p.lit("/*") }, func() bool { return p.lit("->") })
		}) {
			return false
		}
		return p.next(sq, false, func() bool {
			return p.cutAfter(func() bool { var ok bool; op, ok = p.stringIn(binaryOps, binaryOpsName); return ok })
		})
	})
	return op, ok
}

// nlBinaryOp is `P(nl ~~ StringIn("??", "||", "&&", "|", "^", "&").!./)`.
func (p *parser) nlBinaryOp() (string, bool) {
	var op string
	ok := p.rule("", func() bool {
		sq := p.seqStart()
		p.nl()
		return p.next(sq, false, func() bool {
			return p.cutAfter(func() bool { var ok bool; op, ok = p.stringIn(nlBinaryOps, nlBinaryOpName); return ok })
		})
	})
	return op, ok
}

// kwBinaryOp is `P((StringIn("isa") ~~ !plainIdentRest).!./)`.
func (p *parser) kwBinaryOp() (string, bool) {
	ok := p.rule("", func() bool {
		return p.cutAfter(func() bool {
			sq := p.seqStart()
			if _, ok := p.stringIn([]string{"isa"}, `StringIn("isa")`); !ok {
				return false
			}
			return p.next(sq, false, func() bool {
				return p.not(func() bool {
					return p.rule("", func() bool { return p.charsWhile(isIdentRest, 1, `[a-zA-Z0-9_']`) })
				})
			})
		})
	})
	return "isa", ok
}

// --- projection ---

// projectRhs is `P(({ ~~ (* | P(projectElem.repX(1, sep = ,) ~~ ,.?, "identifier")) ~~ } ~~ Index ~~ ws).?)`.
func (p *parser) projectRhs() (*projection, bool) {
	var proj *projection
	ok := p.rule("", func() bool {
		_, ok := p.opt(func() bool {
			var pr projection
			sq := p.seqStart()
			if !p.tLBrace() {
				return false
			}
			if !p.next(sq, false, func() bool {
				return p.alt(
					func() bool { pr.all = true; return p.tStar() },
					func() bool {
						pr.all = false
						return p.rule("identifier", func() bool {
							s2 := p.seqStart()
							if !p.repX(1, 0, p.tComma, func() bool {
								f, ok := p.projectElem()
								if ok {
									pr.fields = append(pr.fields, f)
								}
								return ok
							}) {
								return false
							}
							return p.next(s2, false, func() bool { _, ok := p.opt(p.tComma); return ok })
						})
					},
				)
			}) {
				return false
			}
			if !p.next(sq, false, p.tRBrace) {
				return false
			}
			pr.end = p.idx
			if !p.next(sq, false, p.index) || !p.next(sq, false, p.ws) {
				return false
			}
			proj = &pr
			return true
		})
		return ok
	})
	return proj, ok
}

// projectElem is `P(ident ~~ ws ~~ : ~~ expr(true) ~~ nl | ident ~~ ws ~~ projectRhs ~~ nl)`.
func (p *parser) projectElem() (ProjField, bool) {
	var f ProjField
	ok := p.rule("", func() bool {
		return p.alt(
			func() bool {
				sq := p.seqStart()
				var ok bool
				if f.Name, ok = p.ident(); !ok {
					return false
				}
				if !p.next(sq, false, p.ws) || !p.next(sq, false, p.tColon) ||
					!p.next(sq, false, func() bool { var ok bool; f.Value, ok = p.expr(true); return ok }) {
					return false
				}
				if sl, ok := f.Value.(*ShortLambda); ok {
					f.Value = sl.Body
				}
				return p.next(sq, false, p.nl)
			},
			func() bool {
				sq := p.seqStart()
				var ok bool
				if f.Name, ok = p.ident(); !ok {
					return false
				}
				var sub *projection
				if !p.next(sq, false, p.ws) || !p.next(sq, false, func() bool { var ok bool; sub, ok = p.projectRhs(); return ok }) {
					return false
				}
				sp := Span{f.Name.Sp.Start, f.Name.Sp.Start}
				var e Expr = &MethodChain{
					Base:  &This{Sp: sp},
					Chain: []ChainElem{{Kind: ChainSelect, Field: f.Name, DotSpan: sp}},
					Sp:    f.Name.Sp,
				}
				f.Value = buildProjection(e, sub)
				return p.next(sq, false, p.nl)
			},
		)
	})
	return f, ok
}

// --- AST builders (ExprParser.buildMethodChain, buildOpChain, buildProjection) ---

func buildMethodChain(init Expr, ops []ChainElem) Expr {
	if len(ops) == 0 {
		return init
	}
	short := false
	if sl, ok := init.(*ShortLambda); ok {
		short = true
		init = sl.Body
	}
	base := init
	var all []ChainElem
	if mc, ok := init.(*MethodChain); ok {
		base = mc.Base
		all = append(all, mc.Chain...)
	}
	all = append(all, ops...)
	// Split method calls back into select+apply so they regroup with the
	// new components.
	var flat []ChainElem
	for _, c := range all {
		if c.Kind == ChainMethod {
			flat = append(flat,
				ChainElem{Kind: ChainSelect, Field: c.Field, DotSpan: c.DotSpan, Optional: c.Optional},
				ChainElem{Kind: ChainApply, Args: c.Args, ApplyOptional: c.ApplyOptional, ArgsSpan: c.ArgsSpan})
			continue
		}
		flat = append(flat, c)
	}
	var chain []ChainElem
	for i := 0; i < len(flat); i++ {
		c := flat[i]
		if c.Kind == ChainSelect && i+1 < len(flat) && flat[i+1].Kind == ChainApply {
			a := flat[i+1]
			chain = append(chain, ChainElem{Kind: ChainMethod, Field: c.Field, DotSpan: c.DotSpan, Optional: c.Optional,
				Args: a.Args, ApplyOptional: a.ApplyOptional, ArgsSpan: a.ArgsSpan})
			i++
			continue
		}
		chain = append(chain, c)
	}
	span := Span{base.Span().Start, chain[len(chain)-1].Span().End}
	var e Expr = &MethodChain{Base: base, Chain: chain, Sp: span}
	if short {
		e = &ShortLambda{Body: e}
	}
	return e
}

func buildOpChain(init Expr, ops []opRhs) Expr {
	if len(ops) == 0 {
		return init
	}
	short := false
	unwrap := func(e Expr) Expr {
		switch x := e.(type) {
		case *ShortLambda:
			short = true
			return x.Body
		case *Tuple:
			if len(x.Elems) == 1 {
				if sl, ok := x.Elems[0].(*ShortLambda); ok {
					short = true
					return &Tuple{Elems: []Expr{sl.Body}, Sp: x.Sp}
				}
			}
		}
		return e
	}
	exprs := []Expr{init}
	var opStack []opRhs
	build := func(op Name) {
		rhs := unwrap(exprs[len(exprs)-1])
		lhs := unwrap(exprs[len(exprs)-2])
		exprs = exprs[:len(exprs)-2]
		exprs = append(exprs, &OperatorCall{Lhs: lhs, Op: op, Rhs: rhs, Sp: Span{lhs.Span().Start, rhs.Span().End}})
	}
	for _, o := range ops {
		prec := opPrecedence[o.op.Str]
		for len(opStack) > 0 {
			top := opStack[len(opStack)-1]
			tp := opPrecedence[top.op.Str]
			if tp > prec || (tp == prec && top.op.Str != "**") {
				build(top.op)
				opStack = opStack[:len(opStack)-1]
				continue
			}
			break
		}
		opStack = append(opStack, o)
		exprs = append(exprs, o.rhs)
	}
	for i := len(opStack) - 1; i >= 0; i-- {
		build(opStack[i].op)
	}
	e := exprs[0]
	if short {
		e = &ShortLambda{Body: e}
	}
	return e
}

func buildProjection(lhs Expr, proj *projection) Expr {
	if proj == nil {
		return lhs
	}
	short := false
	if sl, ok := lhs.(*ShortLambda); ok {
		short = true
		lhs = sl.Body
	}
	span := Span{lhs.Span().Start, proj.end}
	var e Expr
	if proj.all {
		e = &ProjectAll{Base: lhs, Sp: span}
	} else {
		e = &Project{Base: lhs, Fields: proj.fields, Sp: span}
	}
	if short {
		e = &ShortLambda{Body: e}
	}
	return e
}
