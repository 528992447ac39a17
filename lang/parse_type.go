package lang

// Type expressions (PartialTypeExprParser.scala): used by `let x: T`, FSL
// field types and function signatures.

var typeOpPrecedence = map[string]int{"=>": 0, "|": 1, "&": 2, "?": 3}

// typeExprNL is `Types.expr`: `typeTerm ~~ nl`.
func (p *parser) typeExprNL() (TypeExpr, bool) {
	sq := p.seqStart()
	t, ok := p.typeTerm()
	if !ok {
		return nil, false
	}
	return t, p.next(sq, false, p.nl)
}

// ptExpr is `PartialTypes.expr`: `P(typeTerm ~~ nl)`.
func (p *parser) ptExpr() (TypeExpr, bool) {
	var t TypeExpr
	ok := p.rule("", func() bool { var ok bool; t, ok = p.typeExprNL(); return ok })
	return t, ok
}

type typeOp struct {
	op  Name
	rhs *typeOrArgs // nil for the unary `?`
}

// typeOrArgs is a type, or a parenthesised argument list that must be
// followed by `=>` (ExprOrArgs).
type typeOrArgs struct {
	typ      *Type
	args     []*Type
	variadic *Type
	isArgs   bool
	sp       Span
}

// typeTerm is `baseType ~~ typeOpChain`, folded by precedence.
func (p *parser) typeTerm() (TypeExpr, bool) {
	var init *typeOrArgs
	var ops []typeOp
	if !p.rule("", func() bool {
		sq := p.seqStart()
		var ok bool
		if init, ok = p.baseType(); !ok {
			return false
		}
		return p.next(sq, false, func() bool {
			return p.rule("", func() bool {
				return p.repMacro(-1, func() bool {
					o, ok := p.typeOpRhs()
					if ok {
						ops = append(ops, o)
					}
					return ok
				})
			})
		})
	}) {
		return nil, false
	}
	exprs := []*typeOrArgs{init}
	var opStack []typeOp
	build := func(o typeOp) {
		if o.op.Str == "?" {
			l := exprs[len(exprs)-1]
			base := p.typeOf(l)
			exprs[len(exprs)-1] = &typeOrArgs{typ: &Type{Kind: TypeNullable, Args: []TypeExpr{base}, Sp: Span{base.Sp.Start, o.op.Sp.End}}}
			return
		}
		rhs := p.typeOf(exprs[len(exprs)-1])
		l := exprs[len(exprs)-2]
		exprs = exprs[:len(exprs)-2]
		var t *Type
		switch {
		case l.isArgs && o.op.Str == "=>":
			t = &Type{Kind: TypeLambda, Result: rhs, Variadic: nilIfNoType(l.variadic), Sp: Span{l.sp.Start, rhs.Sp.End}}
			for _, a := range l.args {
				t.Args = append(t.Args, a)
			}
		case o.op.Str == "=>":
			lhs := p.typeOf(l)
			t = &Type{Kind: TypeLambda, Result: rhs, Sp: Span{lhs.Sp.Start, rhs.Sp.End}}
			if lhs.Kind == TypeTuple {
				t.Args = lhs.Args
			} else {
				t.Args = []TypeExpr{lhs}
			}
		default:
			lhs := p.typeOf(l)
			kind := TypeUnion
			if o.op.Str == "&" {
				kind = TypeIntersect
			}
			if lhs.Kind == kind {
				t = &Type{Kind: kind, Args: append(append([]TypeExpr{}, lhs.Args...), rhs), Sp: Span{lhs.Sp.Start, rhs.Sp.End}}
			} else {
				t = &Type{Kind: kind, Args: []TypeExpr{lhs, rhs}, Sp: Span{lhs.Sp.Start, rhs.Sp.End}}
			}
		}
		exprs = append(exprs, &typeOrArgs{typ: t})
	}
	for _, o := range ops {
		prec := typeOpPrecedence[o.op.Str]
		for len(opStack) > 0 {
			top := opStack[len(opStack)-1]
			tp := typeOpPrecedence[top.op.Str]
			if tp > prec || (tp == prec && top.op.Str != "=>") {
				build(top)
				opStack = opStack[:len(opStack)-1]
				continue
			}
			break
		}
		opStack = append(opStack, o)
		if o.rhs != nil {
			exprs = append(exprs, o.rhs)
		}
	}
	for i := len(opStack) - 1; i >= 0; i-- {
		build(opStack[i])
	}
	return p.typeOf(exprs[0]), true
}

func nilIfNoType(t *Type) TypeExpr {
	if t == nil {
		return nil
	}
	return t
}

// typeOf returns the type of a typeOrArgs, reporting argument lists that
// are not followed by `=>` (ExprOrArgs.exprOrFail).
func (p *parser) typeOf(t *typeOrArgs) *Type {
	if !t.isArgs {
		return t.typ
	}
	if t.variadic != nil {
		p.emit(&ParseError{Message: "Invalid variadic argument", Span: t.variadic.Sp})
	}
	return &Type{Kind: TypeName, Name: "null", Sp: Span{0, 0}}
}

// typeOpRhs is `P(unaryTypeop | binaryTypeop)`.
func (p *parser) typeOpRhs() (typeOp, bool) {
	var o typeOp
	ok := p.rule("", func() bool {
		return p.alt(
			func() bool {
				return p.rule("", func() bool {
					sq := p.seqStart()
					s := p.idx
					if !p.spanned(func() bool { _, ok := p.stringIn([]string{"?"}, `StringIn("?")`); return ok }) {
						return false
					}
					o = typeOp{op: Name{Str: "?", Sp: Span{s, p.idx}}}
					return p.next(sq, true, p.ws)
				})
			},
			func() bool {
				return p.rule("", func() bool {
					sq := p.seqStart()
					s := p.idx
					var op string
					if !p.spanned(func() bool {
						var ok bool
						op, ok = p.stringIn([]string{"|", "&", "=>"}, `StringIn("|", "&", "=>")`)
						return ok
					}) {
						return false
					}
					o.op = Name{Str: op, Sp: Span{s, p.idx}}
					return p.next(sq, true, p.nl) &&
						p.next(sq, false, func() bool { var ok bool; o.rhs, ok = p.baseType(); return ok })
				})
			},
		)
	})
	return o, ok
}

// baseType is `(simpleType | tupleArgs) ~~ ws`.
func (p *parser) baseType() (*typeOrArgs, bool) {
	var t *typeOrArgs
	ok := p.rule("", func() bool {
		sq := p.seqStart()
		if !p.alt(
			func() bool {
				st, ok := p.simpleType()
				if ok {
					t = &typeOrArgs{typ: st}
				}
				return ok
			},
			func() bool { var ok bool; t, ok = p.tupleArgsType(); return ok },
		) {
			return false
		}
		return p.next(sq, false, p.ws)
	})
	return t, ok
}

// simpleType is `P(kwType | singleType | varType | objectType | arrayTupleType, "type")`.
func (p *parser) simpleType() (*Type, bool) {
	var t *Type
	ok := p.rule("type", func() bool {
		return p.alt(
			func() bool {
				return p.rule("", func() bool {
					return p.alt(
						func() bool { return p.kwType("Any", TypeAny, &t) },
						func() bool { return p.kwType("Never", TypeNever, &t) },
					)
				})
			},
			func() bool { var ok bool; t, ok = p.singleType(); return ok },
			func() bool { var ok bool; t, ok = p.varType(); return ok },
			func() bool { var ok bool; t, ok = p.objectType(); return ok },
			func() bool { var ok bool; t, ok = p.arrayTupleType(); return ok },
		)
	})
	return t, ok
}

// kwType is `P(spanned(KW(word)./))`.
func (p *parser) kwType(word string, kind TypeKind, out **Type) bool {
	return p.rule("", func() bool {
		s := p.idx
		ok := p.spanned(func() bool { return p.cutAfter(func() bool { return p.kw(word) }) })
		if ok {
			*out = &Type{Kind: kind, Name: word, Sp: Span{s, p.idx}}
		}
		return ok
	})
}

// singleType is a literal type: true, false, an integer or a string.
func (p *parser) singleType() (*Type, bool) {
	var t *Type
	ok := p.rule("", func() bool {
		s := p.idx
		var lit Expr
		ok := p.alt(
			func() bool { return p.keywordLit("true", LitTrue, &lit) },
			func() bool { return p.keywordLit("false", LitFalse, &lit) },
			func() bool {
				return p.rule("", func() bool {
					return p.spanned(func() bool {
						l, ok := p.integer()
						if ok {
							lit = l
						}
						return ok
					})
				})
			},
			func() bool {
				return p.rule("", func() bool {
					return p.spanned(func() bool {
						var str string
						ok := p.alt(
							func() bool { var ok bool; str, ok = p.singleString(); return ok },
							func() bool { var ok bool; str, ok = p.doubleString(); return ok },
						)
						if ok {
							lit = &Lit{Kind: LitStr, Str: str}
						}
						return ok
					})
				})
			},
		)
		if ok {
			l := lit.(*Lit)
			l.Sp = Span{s, p.idx}
			t = &Type{Kind: TypeSingleton, Lit: l, Sp: l.Sp}
		}
		return ok
	})
	return t, ok
}

// varType is `P(spanned(varTypeIdentStr) ~~ (< ~~ expr.repX(1, sep = ,) ~~ ,.? ~~ ">" ~~/ Index).?)`:
// a type name, optionally with type arguments: `Array<String>`.
func (p *parser) varType() (*Type, bool) {
	var t *Type
	ok := p.rule("", func() bool {
		sq := p.seqStart()
		var name Name
		if !p.spanned(func() bool {
			return p.opaque("type identifier", func() bool {
				return p.rule("", func() bool {
					s := p.idx
					if !(p.idx < len(p.src) && isIdentStart(p.src[p.idx])) {
						return false
					}
					p.idx++
					for {
						i := p.idx
						if i < len(p.src) && p.src[i] == '.' {
							i++
						}
						j := i
						for j < len(p.src) && isIdentRest(p.src[j]) {
							j++
						}
						if j == i {
							break
						}
						p.idx = j
					}
					name = Name{Str: p.src[s:p.idx], Sp: Span{s, p.idx}}
					return true
				})
			})
		}) {
			return false
		}
		t = &Type{Kind: TypeName, Name: name.Str, Sp: name.Sp}
		return p.next(sq, false, func() bool {
			_, ok := p.opt(func() bool {
				s2 := p.seqStart()
				var args []TypeExpr
				if !p.tLt() {
					return false
				}
				if !p.next(s2, false, func() bool {
					return p.repX(1, 0, p.tComma, func() bool {
						a, ok := p.ptExpr()
						if ok {
							args = append(args, a)
						}
						return ok
					})
				}) || !p.next(s2, false, func() bool { _, ok := p.opt(p.tComma); return ok }) ||
					!p.next(s2, false, func() bool { return p.lit(">") }) ||
					!p.next(s2, true, p.index) {
					return false
				}
				t = &Type{Kind: TypeCons, Name: name.Str, Args: args, Sp: Span{name.Sp.Start, p.idx}}
				return true
			})
			return ok
		})
	})
	return t, ok
}

// objectType is `P(Index ~~ { ~~ objectBody.? ~~ } ~~/ Index)` with fields
// `name: T (= default)?`, `*: T` and `...`.
func (p *parser) objectType() (*Type, bool) {
	t := &Type{Kind: TypeObject}
	start := p.idx
	ok := p.rule("", func() bool {
		sq := p.seqStart()
		p.index()
		return p.next(sq, false, p.tLBrace) &&
			p.next(sq, false, func() bool { _, ok := p.opt(func() bool { return p.typeObjectBody(t) }); return ok }) &&
			p.next(sq, false, p.tRBrace) &&
			p.next(sq, true, p.index)
	})
	t.Sp = Span{start, p.idx}
	return t, ok
}

// typeObjectBody is `P((literalField | wildcardField | interfaceField).repX(1, sep = objectsep).flatMap(...) ~~ ,.? ~~ nl)`.
func (p *parser) typeObjectBody(t *Type) bool {
	return p.rule("", func() bool {
		sq := p.seqStart()
		if !p.repX(1, 0, p.objectSep, func() bool {
			return p.alt(
				func() bool {
					s3 := p.seqStart()
					var f TypeField
					var ok bool
					if f.Name, ok = p.objectFieldName(); !ok {
						return false
					}
					if !p.next(s3, false, p.ws) || !p.next(s3, false, p.tColon) ||
						!p.next(s3, false, func() bool { var ok bool; f.Type, ok = p.typeTerm(); return ok }) {
						return false
					}
					if !p.next(s3, false, func() bool {
						_, ok := p.opt(func() bool {
							s4 := p.seqStart()
							if !p.tEquals() {
								return false
							}
							return p.next(s4, true, func() bool { var ok bool; f.Default, ok = p.expr0(false); return ok })
						})
						return ok
					}) {
						return false
					}
					t.Fields = append(t.Fields, f)
					return true
				},
				func() bool {
					s3 := p.seqStart()
					if !p.spanned(func() bool { return p.lit("*") }) {
						return false
					}
					return p.next(s3, false, p.ws) && p.next(s3, false, p.tColon) &&
						p.next(s3, false, func() bool { var ok bool; t.Wildcard, ok = p.typeTerm(); return ok })
				},
				func() bool { return p.spanned(p.tDots) },
			)
		}) {
			return false
		}
		// flatMap: duplicate keys.
		for i, f := range t.Fields {
			for _, prev := range t.Fields[:i] {
				if prev.Name.Str == f.Name.Str {
					return p.failWith(&ParseError{Message: "Duplicate key", Span: f.Name.Sp,
						Hints: []ParseHint{{Kind: KindHint, Message: "Key originally used here", Span: prev.Name.Sp}}})
				}
			}
		}
		p.pass()
		return p.next(sq, false, func() bool { _, ok := p.opt(p.tComma); return ok }) && p.next(sq, false, p.nl)
	})
}

// objectSep is `P(ws ~~ (CharIn(";,\n\r") | lineComment) ~~ nl)`.
func (p *parser) objectSep() bool {
	return p.rule("", func() bool {
		start := p.idx
		p.ws()
		if p.idx < len(p.src) && (p.src[p.idx] == ';' || p.src[p.idx] == ',' || isNewline(p.src[p.idx])) {
			p.idx++
		} else if !p.skipLineComment() {
			p.idx = start
			p.freshFailure()
			if p.verbose {
				p.lfm, p.lfmSet = msgs{`[;,\n\r]`}, true
				p.short, p.group = nil, nil
			}
			return false
		}
		p.nl()
		return true
	})
}

// tupleArgsType is `P(Index ~~ ( ~~ parenTuple0 ~~ ) ~~/ Index)`: a
// parenthesised type, a tuple of lambda argument types, or a named
// argument list.
func (p *parser) tupleArgsType() (*typeOrArgs, bool) {
	var elems []*Type
	var variadic *Type
	start := p.idx
	ok := p.rule("", func() bool {
		sq := p.seqStart()
		p.index()
		if !p.next(sq, false, p.tLParen) {
			return false
		}
		if !p.next(sq, false, func() bool {
			s2 := p.seqStart()
			if !p.repX(0, 0, p.tComma, func() bool {
				return p.rule("", func() bool {
					s3 := p.seqStart()
					if _, ok := p.opt(func() bool {
						s4 := p.seqStart()
						if _, ok := p.ident(); !ok {
							return false
						}
						return p.next(s4, false, p.tColon)
					}); !ok {
						return false
					}
					return p.next(s3, false, func() bool {
						return p.alt(
							func() bool {
								t, ok := p.ptExpr()
								if ok {
									elems = append(elems, t.(*Type))
								}
								return ok
							},
							func() bool {
								return p.rule("", func() bool {
									s5 := p.seqStart()
									if !p.tDots() {
										return false
									}
									return p.next(s5, false, func() bool {
										t, ok := p.ptExpr()
										if ok {
											variadic = t.(*Type)
										}
										return ok
									})
								})
							},
						)
					})
				})
			}) {
				return false
			}
			return p.next(s2, false, func() bool { _, ok := p.opt(p.tComma); return ok })
		}) {
			return false
		}
		return p.next(sq, false, p.tRParen) && p.next(sq, true, p.index)
	})
	if !ok {
		return nil, false
	}
	sp := Span{start, p.idx}
	if variadic != nil {
		return &typeOrArgs{isArgs: true, args: elems, variadic: variadic, sp: sp}, true
	}
	if len(elems) == 1 {
		return &typeOrArgs{typ: elems[0], sp: sp}, true
	}
	args := make([]TypeExpr, len(elems))
	for i, e := range elems {
		args[i] = e
	}
	return &typeOrArgs{typ: &Type{Kind: TypeTuple, Args: args, Sp: sp}, sp: sp}, true
}

// arrayTupleType is `P(Index ~~ [ ~~ expr.repX(sep = ,) ~~ ,.? ~~ ] ~~/ Index)`.
func (p *parser) arrayTupleType() (*Type, bool) {
	t := &Type{Kind: TypeTuple}
	start := p.idx
	ok := p.rule("", func() bool {
		sq := p.seqStart()
		p.index()
		return p.next(sq, false, p.tLBracket) &&
			p.next(sq, false, func() bool {
				return p.repX(0, 0, p.tComma, func() bool {
					a, ok := p.ptExpr()
					if ok {
						t.Args = append(t.Args, a)
					}
					return ok
				})
			}) &&
			p.next(sq, false, func() bool { _, ok := p.opt(p.tComma); return ok }) &&
			p.next(sq, false, p.tRBracket) &&
			p.next(sq, true, p.index)
	})
	t.Sp = Span{start, p.idx}
	return t, ok
}
