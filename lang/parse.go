package lang

// MaxQuerySize bounds the text of one query. Fauna bounds queries only by
// the 8 MiB request body; fqlite applies the same bound to every entry point.
const MaxQuerySize = 8 << 20

// parse runs an entry rule as Fauna's Parser.mapParseResult does: errors
// recorded by the grammar win; otherwise a failed parse is traced again at
// its failure index to build the generic "Expected ..." message.
func parse[T any](src *Source, run func(p *parser) (T, bool)) (T, error) {
	var zero T
	if len(src.Text) > MaxQuerySize {
		return zero, ParseErrors{{Message: "Query is too large", Src: src, Span: Span{0, 1}}}
	}
	p := newParser(src)
	v, ok := run(p)
	if len(p.errs) > 0 {
		return zero, p.errs
	}
	if ok {
		return v, nil
	}
	at := p.idx
	t := newParser(src)
	t.verbose, t.trace = true, at
	run(t)
	return zero, ParseErrors{{Message: expectedMessage(concatMsgs(t.lfm, t.group)), Src: src, Span: Span{at, at + 1}}}
}

// ParseQuery parses an FQL query. On failure it returns ParseErrors with
// Fauna's messages and spans.
func ParseQuery(src *Source) (*Block, error) {
	return parse(src, func(p *parser) (*Block, bool) { return p.parseQuery() })
}

// ParseLambda parses a UDF body: a lambda expression, as Fauna stores
// function bodies (Parser.lambdaExpr).
func ParseLambda(src *Source) (*Lambda, error) {
	return parse(src, func(p *parser) (*Lambda, bool) { return p.parseLambdaBody() })
}

// ParseExpr parses a single expression (`P(nl ~~ expr ~~ End)`), allowing
// short lambdas when shortLambda is set.
func ParseExpr(src *Source, shortLambda bool) (Expr, error) {
	return parse(src, func(p *parser) (Expr, bool) {
		var e Expr
		ok := p.rule("", func() bool {
			sq := p.seqStart()
			p.nl()
			return p.next(sq, false, func() bool { var ok bool; e, ok = p.expr(shortLambda); return ok }) &&
				p.next(sq, false, p.end)
		})
		return e, ok
	})
}

// ParseType parses a type expression (`P(nl ~~ Types.expr ~~ End)`).
func ParseType(src *Source) (TypeExpr, error) {
	return parse(src, func(p *parser) (TypeExpr, bool) {
		var t TypeExpr
		ok := p.rule("", func() bool {
			sq := p.seqStart()
			p.nl()
			return p.next(sq, false, func() bool { var ok bool; t, ok = p.typeExprNL(); return ok }) &&
				p.next(sq, false, p.end)
		})
		return t, ok
	})
}

// parseLambdaBody is `P(nl ~~ lambdaExpr ~~ End)`: statements whose only
// statement is a lambda (ExprParser.lambdaExpr).
func (p *parser) parseLambdaBody() (*Lambda, bool) {
	var lam *Lambda
	ok := p.rule("", func() bool {
		sq := p.seqStart()
		p.nl()
		return p.next(sq, false, func() bool {
			var stmts []Stmt
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
			p.nl()
			i := p.idx
			if len(stmts) == 0 {
				return p.failWith(&ParseError{Message: "Unexpected end of query. Expected statement or expression", Span: Span{i, i + 1}})
			}
			if len(stmts) == 1 && stmts[0].Expr != nil {
				switch e := stmts[0].Expr.(type) {
				case *Lambda:
					lam = e
					return true
				case *Tuple:
					if len(e.Elems) == 1 {
						if sl, ok := e.Elems[0].(*ShortLambda); ok {
							lam = &Lambda{Params: []*Name{{Str: ThisName}}, Body: sl.Body, Sp: sl.Span()}
							return true
						}
					}
				case *ShortLambda:
					if len(p.errs) > 0 {
						p.freshFailure()
						return false
					}
				}
				arrow := "() => "
				return p.failWith(&ParseError{Message: "Body must be a lambda expression.", Span: Span{0, i},
					Annotation: "Expression is not a lambda.",
					Hints:      []ParseHint{{Kind: KindHint, Message: "Declare a lambda.", Span: Span{0, 0}, Suggestion: &arrow}}})
			}
			return p.failWith(&ParseError{Message: "Body must be a lambda expression.", Span: Span{0, i}, Annotation: "Expression is not a lambda."})
		}) && p.next(sq, false, p.end)
	})
	return lam, ok
}
