package lang

// MaxQuerySize bounds the text of one query. Fauna bounds queries only by
// the 8 MiB request body; fqlite applies the same bound to every entry point.
const MaxQuerySize = 8 << 20

// ParseQuery parses an FQL query. On failure it returns ParseErrors with
// Fauna's messages and spans.
func ParseQuery(src *Source) (*Block, error) {
	if len(src.Text) > MaxQuerySize {
		return nil, ParseErrors{{Message: "Query is too large", Src: src, Span: Span{0, 1}}}
	}
	p := &parser{src: src.Text, source: src, trace: -1}
	blk, ok := p.parseQuery()
	if len(p.errs) > 0 {
		return nil, p.errs
	}
	if ok {
		return blk, nil
	}
	return nil, ParseErrors{p.traceFailure(func(t *parser) bool { _, ok := t.parseQuery(); return ok })}
}

// ParseLambda parses a UDF body: a long-form lambda expression (`(a, b) =>
// ...`), as Fauna stores function bodies.
func ParseLambda(src *Source) (*Lambda, error) {
	p := &parser{src: src.Text, source: src, trace: -1}
	lam, ok := p.parseLambdaBody()
	if len(p.errs) > 0 {
		return nil, p.errs
	}
	if ok {
		return lam, nil
	}
	return nil, ParseErrors{p.traceFailure(func(t *parser) bool { _, ok := t.parseLambdaBody(); return ok })}
}

// ParseExpr parses a single expression (an FSL default value, a field
// path), allowing short lambdas when shortLambda is set.
func ParseExpr(src *Source, shortLambda bool) (Expr, error) {
	p := &parser{src: src.Text, source: src, trace: -1}
	run := func(q *parser) (Expr, bool) {
		var e Expr
		ok := q.rule("", func() bool {
			q.nl()
			sq := q.seqStart()
			var ok bool
			if e, ok = q.expr(shortLambda); !ok {
				return false
			}
			return q.next(sq, false, q.end)
		})
		return e, ok
	}
	e, ok := run(p)
	if len(p.errs) > 0 {
		return nil, p.errs
	}
	if ok {
		return e, nil
	}
	return nil, ParseErrors{p.traceFailure(func(t *parser) bool { _, ok := run(t); return ok })}
}

// ParseType parses a type expression.
func ParseType(src *Source) (TypeExpr, error) {
	p := &parser{src: src.Text, source: src, trace: -1}
	run := func(q *parser) (TypeExpr, bool) {
		var t TypeExpr
		ok := q.rule("", func() bool {
			q.nl()
			sq := q.seqStart()
			var ok bool
			if t, ok = q.typeExprNL(); !ok {
				return false
			}
			return q.next(sq, false, q.end)
		})
		return t, ok
	}
	t, ok := run(p)
	if len(p.errs) > 0 {
		return nil, p.errs
	}
	if ok {
		return t, nil
	}
	return nil, ParseErrors{p.traceFailure(func(t *parser) bool { _, ok := run(t); return ok })}
}

// traceFailure re-runs a failed parse with tracing at the failure index and
// builds Fauna's generic "Expected ..." error.
func (p *parser) traceFailure(run func(t *parser) bool) *ParseError {
	at := p.idx
	t := &parser{src: p.src, source: p.source, verbose: true, trace: at}
	run(t)
	return &ParseError{Message: expectedMessage(t.group), Src: p.source, Span: Span{at, at + 1}}
}

// parseLambdaBody is `nl ~~ lambdaExpr ~~ End`: statements whose only
// statement is a lambda.
func (p *parser) parseLambdaBody() (*Lambda, bool) {
	var stmts []Stmt
	ok := p.rule("", func() bool {
		p.nl()
		sq := p.seqStart()
		if !p.rep(0, 0, p.blocksep, func() bool {
			st, ok := p.stmt()
			if ok {
				stmts = append(stmts, st)
			}
			return ok
		}) {
			return false
		}
		return p.next(sq, false, func() bool {
			p.nl()
			i := p.idx
			switch {
			case len(stmts) == 0:
				return p.failWith(&ParseError{Message: "Unexpected end of query. Expected statement or expression", Span: Span{i, i + 1}})
			case len(stmts) == 1 && stmts[0].Expr != nil:
				switch e := stmts[0].Expr.(type) {
				case *Lambda:
					return true
				case *Tuple:
					if len(e.Elems) == 1 {
						if sl, ok := e.Elems[0].(*ShortLambda); ok {
							stmts[0].Expr = &Lambda{Params: []*Name{{Str: ThisName}}, Body: sl.Body, Sp: sl.Span()}
							return true
						}
					}
				}
				arrow := "() => "
				return p.failWith(&ParseError{Message: "Body must be a lambda expression.", Span: Span{0, i},
					Annotation: "Expression is not a lambda.",
					Hints:      []ParseHint{{Kind: KindHint, Message: "Declare a lambda.", Span: Span{0, 0}, Suggestion: &arrow}}})
			default:
				return p.failWith(&ParseError{Message: "Body must be a lambda expression.", Span: Span{0, i}, Annotation: "Expression is not a lambda."})
			}
		}) && p.next(sq, false, p.end)
	})
	if !ok {
		return nil, false
	}
	return stmts[0].Expr.(*Lambda), true
}
