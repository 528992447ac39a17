package lang

import "strings"

// The FSL grammar, transliterated from Fauna's SchemaItemParser.scala (the
// "raw" node parser) with the same engine as the FQL grammar, so that parse
// errors carry Fauna's messages and spans. Each Go function names the Scala
// rule it implements. The grammar builds fslNodes; fsl_convert.go turns them
// into SchemaItems.

// fslParser adds the FSL grammar's state to the engine: the last doc comment
// seen, which the next top-level item claims when it starts right after it.
type fslParser struct {
	*parser
	lastDoc Span
	hasDoc  bool
	// overshoot is how far invalidChars ran past the end of the text (see
	// there); Fauna then reports failures at the end that many characters
	// further.
	overshoot int
}

// Keyword sets of the generic, no-name and migration items.
var (
	fslGenericKWs = map[string]bool{
		"collection": true, "role": true, "index": true, "terms": true, "values": true,
		"unique": true, "predicate": true, "migrations": true, "privileges": true,
		"membership": true, "history_days": true, "ttl_days": true, "check": true,
	}
	fslNoNameKWs = map[string]bool{
		"create": true, "create_with_id": true, "delete": true, "read": true, "write": true,
		"history_read": true, "history_write": true, "unrestricted_read": true, "call": true,
		"issuer": true, "jwks_uri": true,
		"document_ttls": true, // `true` and `false` are keywords, so they cannot be names
	}
	fslMigrationKWs = map[string]bool{
		"backfill": true, "drop": true, "split": true, "move": true, "add": true,
		"move_conflicts": true, "move_wildcard": true, "add_wildcard": true,
	}
	fslAnnotationKWs = map[string]bool{"alias": true, "role": true}
)

// legacyNameChars are the characters of a quoted legacy name
// (fauna.model.Parsing.Chars).
const (
	legacyNameChars     = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789;@+$-_.!~%"
	legacyNameCharsName = `[a-zA-Z0-9;@+$\\-_.!~%]`
)

// fail is fastparse's Fail: a failure at the current index named "fail".
func (p *parser) fail() bool {
	p.freshFailure()
	if p.verbose {
		p.setMsg(p.idx, false, msgs{"fail"})
	}
	return false
}

func (p *parser) tArrowRight() bool { return p.token("->", "`->`", tokCutNL) }

// parseRawSchemaItems is `P(itemnl ~~ rawItemWithDoc.repX(sep = itemsep) ~~ itemsep.? ~~ End)`.
func (f *fslParser) parseRawSchemaItems() ([]*fslNode, bool) {
	p := f.parser
	var items []*fslNode
	ok := p.rule("", func() bool {
		sq := p.seqStart()
		f.itemnl()
		return p.next(sq, false, func() bool {
			return p.repX(0, 0, f.itemsep, func() bool {
				n, ok := f.rawItemWithDoc()
				if ok {
					items = append(items, n)
				}
				return ok
			})
		}) &&
			p.next(sq, false, func() bool { _, ok := p.opt(f.itemsep); return ok }) &&
			p.next(sq, false, p.end)
	})
	return items, ok
}

// --- separators and doc comments ---

// docComment is `P(Index ~~ (lineComment | (blockComment ~~ CharIn(" \t").repX ~~ "\n".?)).repX(1) ~~ Index)`;
// it remembers the span of the comments.
func (f *fslParser) docComment() bool {
	p := f.parser
	start := p.idx
	ok := p.rule("", func() bool {
		sq := p.seqStart()
		p.index()
		return p.next(sq, false, func() bool {
			return p.repMacro(1, func() bool {
				return p.alt(
					f.lineComment,
					func() bool {
						s2 := p.seqStart()
						if !f.blockComment() {
							return false
						}
						return p.next(s2, false, f.spacesTabs) &&
							p.next(s2, false, func() bool { _, ok := p.opt(func() bool { return p.lit("\n") }); return ok })
					},
				)
			})
		}) && p.next(sq, false, p.index)
	})
	if ok {
		f.lastDoc, f.hasDoc = Span{start, p.idx}, true
	}
	return ok
}

// lineComment is `P("//" ~~ (!CharIn("\n") ~~ anychar).repX ~~ "\n".?)`. Like
// the FQL whitespace rules, its inner attempts never contribute names.
func (f *fslParser) lineComment() bool {
	p := f.parser
	return p.rule("", func() bool {
		start := p.idx
		if !p.skipLineComment() {
			return p.terminal(start, false, `"//"`)
		}
		if p.verbose {
			p.short, p.group = nil, nil
		}
		return true
	})
}

// blockComment is `P("/*" ~~ (...).repX ~~ "*/")`, nested comments included.
func (f *fslParser) blockComment() bool {
	p := f.parser
	return p.rule("", func() bool {
		start := p.idx
		if !p.skipBlockComment() {
			return p.terminal(start, false, `"/*"`)
		}
		if p.verbose {
			p.short, p.group = nil, nil
		}
		return true
	})
}

// ws0 is `P(CharsWhileIn(" \t"))`.
func (f *fslParser) ws0() bool {
	p := f.parser
	return p.rule("", func() bool { return p.charsWhile(isSpaceTab, 1, `[ \t]`) })
}

// spacesTabs is `CharIn(" \t").repX`.
func (f *fslParser) spacesTabs() bool {
	p := f.parser
	return p.repMacro(-1, func() bool { return p.char(isSpaceTab, `[ \t]`) })
}

// blocksep is `P(ws ~~ ((CharsWhileIn(";\n\r") | lineComment) ~~ ws).repX(1))`,
// written with the engine's combinators: unlike in FQL blocks, its inner
// names show in FSL messages ("Expected [;\n\r] or `}`").
func (f *fslParser) blocksep() bool {
	p := f.parser
	return p.rule("", func() bool {
		sq := p.seqStart()
		p.ws()
		return p.next(sq, false, func() bool {
			return p.repMacro(1, func() bool {
				s2 := p.seqStart()
				if !p.alt(
					func() bool {
						return p.charsWhile(func(c byte) bool { return c == ';' || c == '\n' || c == '\r' }, 1, `[;\n\r]`)
					},
					f.lineComment,
				) {
					return false
				}
				return p.next(s2, false, p.ws)
			})
		})
	})
}

// itemnl is `P((P(CharIn("; \t\r\n")) | docComment).repX)`.
func (f *fslParser) itemnl() bool {
	p := f.parser
	return p.rule("", func() bool {
		return p.repMacro(-1, func() bool {
			return p.alt(
				func() bool {
					return p.rule("", func() bool {
						return p.char(func(c byte) bool { return c == ';' || c == ' ' || c == '\t' || c == '\r' || c == '\n' }, `[; \t\r\n]`)
					})
				},
				f.docComment,
			)
		})
	})
}

// itemsep is `P(ws ~~ (((";" | "\n" | "\r\n").repX(1) | docComment) ~~ CharIn(" \t").repX).repX(1))`.
func (f *fslParser) itemsep() bool {
	p := f.parser
	return p.rule("", func() bool {
		sq := p.seqStart()
		p.ws()
		return p.next(sq, false, func() bool {
			return p.repMacro(1, func() bool {
				s2 := p.seqStart()
				if !p.alt(
					func() bool {
						return p.repMacro(1, func() bool {
							return p.alt(
								func() bool { return p.lit(";") },
								func() bool { return p.lit("\n") },
								func() bool { return p.lit("\r\n") },
							)
						})
					},
					f.docComment,
				) {
					return false
				}
				return p.next(s2, false, f.spacesTabs)
			})
		})
	})
}

// optsemi is `P(((ws0 | blockComment) | (CharIn(";") ~~ Index)).repX()).opaque("")`;
// it returns the end of the last semicolon, or -1.
func (f *fslParser) optsemi() int {
	p := f.parser
	last := -1
	p.opaque("", func() bool {
		return p.rule("", func() bool {
			return p.repX(0, 0, nil, func() bool {
				return p.alt(
					func() bool { return p.alt(f.ws0, f.blockComment) },
					func() bool {
						sq := p.seqStart()
						if !p.char(func(c byte) bool { return c == ';' }, "[;]") {
							return false
						}
						last = p.idx
						return p.next(sq, false, p.index)
					},
				)
			})
		})
	})
	return last
}

// lookaheadOptsemi is Fauna's `lookahead(optsemi)`: a positive lookahead
// that returns optsemi's value and keeps its messages.
func (f *fslParser) lookaheadOptsemi() int {
	p := f.parser
	start, startCut := p.idx, p.cut
	semi := f.optsemi()
	p.idx, p.cut = start, startCut
	return semi
}

// --- items ---

// rawItemWithDoc is `RawSchema.item` claiming the doc comment that ends
// where the item starts.
func (f *fslParser) rawItemWithDoc() (*fslNode, bool) {
	n, ok := f.item()
	if !ok {
		return nil, false
	}
	if f.hasDoc && f.lastDoc.End == n.sp.Start {
		d := f.lastDoc
		n.doc = &d
		n.sp.Start = d.Start
	}
	return n, true
}

// items is `P(blocksep.? ~~ item.repX(sep = blocksep) ~~ blocksep.?)`.
func (f *fslParser) items() ([]*fslNode, bool) {
	p := f.parser
	var items []*fslNode
	ok := p.rule("", func() bool {
		sq := p.seqStart()
		if _, ok := p.opt(f.blocksep); !ok {
			return false
		}
		return p.next(sq, false, func() bool {
			return p.repX(0, 0, f.blocksep, func() bool {
				n, ok := f.item()
				if ok {
					items = append(items, n)
				}
				return ok
			})
		}) && p.next(sq, false, func() bool { _, ok := p.opt(f.blocksep); return ok })
	})
	return items, ok
}

// item is `P(Index ~~ annotations ~~ item0 ~~ ws ~~ lookahead(optsemi))`; the
// item's span runs to its last trailing semicolon.
func (f *fslParser) item() (*fslNode, bool) {
	p := f.parser
	var anns []fslAnnotation
	var n *fslNode
	semi := -1
	start := p.idx
	ok := p.rule("", func() bool {
		sq := p.seqStart()
		p.index()
		return p.next(sq, false, func() bool { var ok bool; anns, ok = f.annotations(); return ok }) &&
			p.next(sq, false, func() bool { var ok bool; n, ok = f.item0(); return ok }) &&
			p.next(sq, false, p.ws) &&
			p.next(sq, false, func() bool { semi = f.lookaheadOptsemi(); return true })
	})
	if !ok {
		return nil, false
	}
	n.anns = anns
	end := n.sp.End
	if semi >= 0 {
		end = semi
	}
	n.sp = Span{start, end}
	return n, true
}

// item0 is `P(fieldItem | genericItem | funcItem | accessProviderItem |
// noNameItem | migrationItem | invalidItem)`. Fields come first so that
// keywords such as `privileges: Int` still parse as fields.
func (f *fslParser) item0() (*fslNode, bool) {
	p := f.parser
	var n *fslNode
	ok := p.rule("", func() bool {
		return p.alt(
			func() bool { var ok bool; n, ok = f.fieldItem(); return ok },
			func() bool { var ok bool; n, ok = f.genericItem(); return ok },
			func() bool { var ok bool; n, ok = f.funcItem(); return ok },
			func() bool { var ok bool; n, ok = f.accessProviderItem(); return ok },
			func() bool { var ok bool; n, ok = f.noNameItem(); return ok },
			func() bool { var ok bool; n, ok = f.migrationItem(); return ok },
			func() bool { var ok bool; n, ok = f.invalidItem(); return ok },
		)
	})
	return n, ok
}

// annotations is `(spanned(@ ~~ genericAnn ~~ ( ~~ schemaName ~~ )) ~~ nl).repX`.
func (f *fslParser) annotations() ([]fslAnnotation, bool) {
	p := f.parser
	var anns []fslAnnotation
	ok := p.repMacro(-1, func() bool {
		sq := p.seqStart()
		var a fslAnnotation
		start := p.idx
		if !p.spanned(func() bool {
			s2 := p.seqStart()
			if !p.tAt() {
				return false
			}
			return p.next(s2, false, func() bool { var ok bool; a.keyword, ok = f.keywordIn(fslAnnotationKWs, p.nl); return ok }) &&
				p.next(s2, false, p.tLParen) &&
				p.next(s2, false, func() bool { var ok bool; a.value, ok = f.schemaName(); return ok }) &&
				p.next(s2, false, p.tRParen)
		}) {
			return false
		}
		a.sp = Span{start, p.idx}
		if !p.next(sq, false, p.nl) {
			return false
		}
		anns = append(anns, a)
		return true
	})
	return anns, ok
}

// keywordIn is `P(ident ~~ after).flatMap { kw => if (set(kw)) Pass(kw) else Fail }`
// (genericAnn, genericKW, noNameKW, migrationKW).
func (f *fslParser) keywordIn(set map[string]bool, after func() bool) (Name, bool) {
	p := f.parser
	var kw Name
	if !p.rule("", func() bool {
		sq := p.seqStart()
		var ok bool
		if kw, ok = p.ident(); !ok {
			return false
		}
		return p.next(sq, false, after)
	}) {
		return Name{}, false
	}
	if set[kw.Str] {
		return kw, p.pass()
	}
	return Name{}, p.fail()
}

// schemaName is `P(ident | legacyName, "identifier")`.
func (f *fslParser) schemaName() (Name, bool) {
	p := f.parser
	var n Name
	ok := p.rule("identifier", func() bool {
		return p.alt(
			func() bool { var ok bool; n, ok = p.ident(); return ok },
			func() bool { var ok bool; n, ok = f.legacyName(); return ok },
		)
	})
	return n, ok
}

// legacyName is `P(Index ~~ legacyNameQuoted ~~ Index).opaque("name")`: a
// quoted name such as "server-readonly".
func (f *fslParser) legacyName() (Name, bool) {
	p := f.parser
	var n Name
	start := p.idx
	ok := p.opaque("name", func() bool {
		return p.rule("", func() bool {
			sq := p.seqStart()
			p.index()
			var s string
			if !p.next(sq, false, func() bool {
				return p.rule("", func() bool {
					return p.alt(
						func() bool { var ok bool; s, ok = p.quotedString("'", legacyNameChars, legacyNameCharsName); return ok },
						func() bool {
							var ok bool
							s, ok = p.quotedString("\"", legacyNameChars, legacyNameCharsName)
							return ok
						},
					)
				})
			}) {
				return false
			}
			n = Name{Str: s, Sp: Span{start, p.idx}}
			return p.next(sq, false, p.index)
		})
	})
	return n, ok
}

// star is `(Index ~~ *) map { Name("*") }`.
func (f *fslParser) star() (Name, bool) {
	p := f.parser
	sq := p.seqStart()
	s := p.idx
	p.index()
	if !p.next(sq, false, p.tStar) {
		return Name{}, false
	}
	return Name{Str: "*", Sp: Span{s, s + 1}}, true
}

// genericItem is `P(genericKW ~~ (schemaName ~~ ws).? ~~ value.?)`:
// `collection Foo {}`, `index byX { ... }`, `terms [...]`, `history_days 3`.
func (f *fslParser) genericItem() (*fslNode, bool) {
	p := f.parser
	var kw Name
	var name *Name
	var val fslValue
	if !p.rule("", func() bool {
		sq := p.seqStart()
		var ok bool
		if kw, ok = f.keywordIn(fslGenericKWs, p.nl); !ok {
			return false
		}
		return p.next(sq, false, func() bool {
			_, ok := p.opt(func() bool {
				s2 := p.seqStart()
				n, ok := f.schemaName()
				if !ok || !p.next(s2, false, p.ws) {
					return false
				}
				name = &n
				return true
			})
			return ok
		}) && p.next(sq, false, func() bool {
			_, ok := p.opt(func() bool { var ok bool; val, ok = f.value(); return ok })
			return ok
		})
	}) {
		return nil, false
	}
	sp := kw.Sp
	switch {
	case val != nil:
		sp = val.span()
	case name != nil:
		sp = name.Sp
	}
	return &fslNode{kw: kw, name: name, value: val, sp: sp}, true
}

// funcItem is `P(Index ~~ function ~~ schemaName ~~ ws ~~ func)`.
func (f *fslParser) funcItem() (*fslNode, bool) {
	p := f.parser
	var name Name
	var val fslValue
	start := p.idx
	if !p.rule("", func() bool {
		sq := p.seqStart()
		p.index()
		return p.next(sq, false, func() bool { return p.kwNL("function") }) &&
			p.next(sq, false, func() bool { var ok bool; name, ok = f.schemaName(); return ok }) &&
			p.next(sq, false, p.ws) &&
			p.next(sq, false, func() bool { var ok bool; val, ok = f.function(); return ok })
	}) {
		return nil, false
	}
	return &fslNode{kw: Name{Str: "function", Sp: Span{start, start + len("function")}}, name: &name, value: val, sp: val.span()}, true
}

// accessProviderItem is `P(Index ~~ access ~~ ws ~~ Index ~~ provider ~~ schemaName ~~ ws ~~ value)`.
func (f *fslParser) accessProviderItem() (*fslNode, bool) {
	p := f.parser
	var name Name
	var val fslValue
	start, i2 := p.idx, 0
	if !p.rule("", func() bool {
		sq := p.seqStart()
		p.index()
		if !p.next(sq, false, func() bool { return p.kwNL("access") }) || !p.next(sq, false, p.ws) {
			return false
		}
		i2 = p.idx
		return p.next(sq, false, p.index) &&
			p.next(sq, false, func() bool { return p.kwNL("provider") }) &&
			p.next(sq, false, func() bool { var ok bool; name, ok = f.schemaName(); return ok }) &&
			p.next(sq, false, p.ws) &&
			p.next(sq, false, func() bool { var ok bool; val, ok = f.value(); return ok })
	}) {
		return nil, false
	}
	kw := Name{Str: "access provider", Sp: Span{start, i2 + len("provider")}}
	return &fslNode{kw: kw, name: &name, value: val, sp: val.span()}, true
}

// fieldItem is `P(fieldModifier ~~ (schemaName | star) ~~ ws ~~
// colonPartialType.? ~~ ws ~~ (= ~~ lit).?).flatMap { ... }`. A defined
// field needs a type or a value and a wildcard a type; otherwise the item
// fails, so that bare keywords (`read`) reach the other item kinds.
func (f *fslParser) fieldItem() (*fslNode, bool) {
	p := f.parser
	var computeSp *Span
	var name Name
	var ct *fslColonType
	var val fslValue
	if !p.rule("", func() bool {
		sq := p.seqStart()
		// fieldModifier: spanned(compute).?
		if _, ok := p.opt(func() bool {
			s := p.idx
			if !p.spanned(func() bool { return p.kwNL("compute") }) {
				return false
			}
			sp := Span{s, p.idx}
			computeSp = &sp
			return true
		}); !ok {
			return false
		}
		return p.next(sq, false, func() bool {
			return p.alt(
				func() bool { var ok bool; name, ok = f.schemaName(); return ok },
				func() bool { var ok bool; name, ok = f.star(); return ok },
			)
		}) &&
			p.next(sq, false, p.ws) &&
			p.next(sq, false, func() bool {
				_, ok := p.opt(func() bool { var ok bool; ct, ok = f.colonType(false); return ok })
				return ok
			}) &&
			p.next(sq, false, p.ws) &&
			p.next(sq, false, func() bool {
				_, ok := p.opt(func() bool {
					s2 := p.seqStart()
					if !p.tEquals() {
						return false
					}
					return p.next(s2, false, func() bool { var ok bool; val, ok = f.lit(); return ok })
				})
				return ok
			})
	}) {
		return nil, false
	}
	kind := FieldDefined
	if computeSp != nil {
		kind = FieldComputed
	}
	if name.Str == "*" {
		kind = FieldWildcard
	}
	if kind == FieldDefined && ct == nil && val == nil || kind == FieldWildcard && ct == nil {
		return nil, p.rule("", p.fail) // P(Fail)
	}
	p.pass()
	kwSp := name.Sp
	if computeSp != nil {
		kwSp = *computeSp
	}
	end := name.Sp
	switch {
	case val != nil:
		end = val.span()
	case ct != nil:
		end = ct.span()
	}
	nm := name
	return &fslNode{
		kw:    Name{Str: "field", Sp: kwSp},
		name:  &nm,
		value: &fslField{kind: kind, ct: ct, value: val},
		sp:    name.Sp.To(end),
	}, true
}

// noNameItem is `P(noNameKW ~~ value.?)`: actions, issuer, jwks_uri, document_ttls.
func (f *fslParser) noNameItem() (*fslNode, bool) {
	p := f.parser
	var kw Name
	var val fslValue
	if !p.rule("", func() bool {
		sq := p.seqStart()
		var ok bool
		if kw, ok = f.keywordIn(fslNoNameKWs, p.ws); !ok {
			return false
		}
		return p.next(sq, false, func() bool {
			_, ok := p.opt(func() bool { var ok bool; val, ok = f.value(); return ok })
			return ok
		})
	}) {
		return nil, false
	}
	sp := kw.Sp
	if val != nil {
		sp = val.span()
	}
	return &fslNode{kw: kw, value: val, sp: sp}, true
}

// migrationItem is `migrationKW./.flatMap { ... }`: the statements of a
// migrations block.
func (f *fslParser) migrationItem() (*fslNode, bool) {
	p := f.parser
	var kw Name
	if !p.cutAfter(func() bool { var ok bool; kw, ok = f.keywordIn(fslMigrationKWs, p.ws); return ok }) {
		return nil, false
	}
	node := func(m *fslMigration) (*fslNode, bool) {
		return &fslNode{kw: kw, value: m, sp: m.sp}, true
	}
	switch kw.Str {
	case "backfill":
		var path FieldPath
		var val fslValue
		if !p.rule("", func() bool {
			sq := p.seqStart()
			var ok bool
			if path, ok = f.fieldPathExpr(); !ok {
				return false
			}
			return p.next(sq, false, p.ws) && p.next(sq, false, p.tEquals) &&
				p.next(sq, false, func() bool { var ok bool; val, ok = f.lit(); return ok })
		}) {
			return nil, false
		}
		return node(&fslMigration{kind: MigrationBackfill, path: path, value: val.(*fslLit).expr, sp: kw.Sp.To(val.span())})
	case "split":
		var from FieldPath
		var into []FieldPath
		sq := p.seqStart()
		var ok bool
		if from, ok = f.fieldPathExpr(); !ok {
			return nil, false
		}
		if !p.next(sq, false, p.ws) || !p.next(sq, false, func() bool {
			s2 := p.seqStart()
			if !p.tArrowRight() {
				return false
			}
			return p.next(s2, false, p.nl) && p.next(s2, false, func() bool {
				return p.repX(0, 0, p.tComma, func() bool {
					fp, ok := f.fieldPathExpr()
					if ok {
						into = append(into, fp)
					}
					return ok
				})
			})
		}) {
			return nil, false
		}
		p.pass()
		end := from.Sp.End
		if len(into) > 0 {
			end = into[len(into)-1].Sp.End
		}
		return node(&fslMigration{kind: MigrationSplit, path: from, to: into, sp: Span{kw.Sp.Start, end}})
	case "move":
		var from, to FieldPath
		sq := p.seqStart()
		var ok bool
		if from, ok = f.fieldPathExpr(); !ok {
			return nil, false
		}
		if !p.next(sq, false, p.ws) || !p.next(sq, false, func() bool {
			s2 := p.seqStart()
			if !p.tArrowRight() {
				return false
			}
			return p.next(s2, false, func() bool { var ok bool; to, ok = f.fieldPathExpr(); return ok })
		}) {
			return nil, false
		}
		return node(&fslMigration{kind: MigrationMove, path: from, to: []FieldPath{to}, sp: kw.Sp.To(to.Sp)})
	case "add_wildcard":
		p.pass()
		return node(&fslMigration{kind: MigrationAddWildcard, sp: kw.Sp})
	}
	kinds := map[string]MigrationKind{"drop": MigrationDrop, "add": MigrationAdd, "move_conflicts": MigrationMoveConflicts, "move_wildcard": MigrationMoveWildcard}
	path, ok := f.fieldPathExpr()
	if !ok {
		return nil, false
	}
	return node(&fslMigration{kind: kinds[kw.Str], path: path, sp: kw.Sp.To(path.Sp)})
}

// invalidItem is `P(ident ~~ ws ~~ Index ~~ invalidChars ~~ Index)`: an
// unknown keyword and the text after it, reported by the converter.
func (f *fslParser) invalidItem() (*fslNode, bool) {
	p := f.parser
	var kw Name
	var i1, end int
	if !p.rule("", func() bool {
		sq := p.seqStart()
		var ok bool
		if kw, ok = p.ident(); !ok {
			return false
		}
		if !p.next(sq, false, p.ws) {
			return false
		}
		i1 = p.idx
		return p.next(sq, false, p.index) && p.next(sq, false, func() bool { end = f.invalidChars(); return true }) &&
			p.next(sq, false, p.index)
	}) {
		return nil, false
	}
	return &fslNode{kw: kw, value: &fslInvalid{sp: Span{i1, end}}, sp: Span{kw.Sp.Start, end}}, true
}

// --- values ---

// value is `P(block | paths | lit)`.
func (f *fslParser) value() (fslValue, bool) {
	p := f.parser
	var v fslValue
	ok := p.rule("", func() bool {
		return p.alt(
			func() bool {
				b, ok := f.block()
				if ok {
					v = b
				}
				return ok
			},
			func() bool {
				ps, ok := f.paths()
				if ok {
					v = ps
				}
				return ok
			},
			func() bool { var ok bool; v, ok = f.lit(); return ok },
		)
	})
	if !ok {
		return nil, false
	}
	return v, true
}

// block is `P(Index ~~ { ~~ items ~~ Index ~~ })`.
func (f *fslParser) block() (*fslBlock, bool) {
	p := f.parser
	b := &fslBlock{}
	ok := p.rule("", func() bool {
		sq := p.seqStart()
		s := p.idx
		p.index()
		if !p.next(sq, false, p.tLBrace) {
			return false
		}
		b.open = Span{s, s + 1}
		if !p.next(sq, false, func() bool { var ok bool; b.items, ok = f.items(); return ok }) {
			return false
		}
		e := p.idx
		if !p.next(sq, false, p.index) || !p.next(sq, false, p.tRBrace) {
			return false
		}
		b.close = Span{e, e + 1}
		return true
	})
	return b, ok
}

// paths is `P(Index ~~ [ ~~ Exprs.expr(true).repX(sep = ,) ~~ Index ~~ ])`.
func (f *fslParser) paths() (*fslPaths, bool) {
	p := f.parser
	ps := &fslPaths{}
	ok := p.rule("", func() bool {
		sq := p.seqStart()
		s := p.idx
		p.index()
		if !p.next(sq, false, p.tLBracket) {
			return false
		}
		ps.open = Span{s, s + 1}
		if !p.next(sq, false, func() bool {
			return p.repX(0, 0, p.tComma, func() bool {
				e, ok := p.expr(true)
				if ok {
					ps.paths = append(ps.paths, e)
				}
				return ok
			})
		}) {
			return false
		}
		e := p.idx
		if !p.next(sq, false, p.index) || !p.next(sq, false, p.tRBracket) {
			return false
		}
		ps.close = Span{e, e + 1}
		return true
	})
	return ps, ok
}

// lit is `P(Exprs.expr0(false))`.
func (f *fslParser) lit() (fslValue, bool) {
	p := f.parser
	var e Expr
	if !p.rule("", func() bool { var ok bool; e, ok = p.expr0(false); return ok }) {
		return nil, false
	}
	return &fslLit{expr: e}, true
}

// colonType is `P(Index ~~ : ~~ Types.expr0, "a type annotation")` (typed,
// for function signatures: the type is converted, reporting misplaced
// defaults) or colonPartialType (fields: converted later).
func (f *fslParser) colonType(convert bool) (*fslColonType, bool) {
	p := f.parser
	var ct *fslColonType
	ok := p.rule("a type annotation", func() bool {
		sq := p.seqStart()
		s := p.idx
		p.index()
		if !p.next(sq, false, p.tColon) {
			return false
		}
		return p.next(sq, false, func() bool {
			t, ok := p.typeTerm()
			if ok {
				ct = &fslColonType{colon: Span{s, s + 1}, ty: t}
				if convert {
					checkTypeExpr(t, nil, p.emit)
				}
			}
			return ok
		})
	})
	if !ok {
		return nil, false
	}
	return ct, true
}

// function is `P(Index ~~ ( ~~ args ~~ Index ~~ ) ~~ colonType.? ~~ nl ~~ exprBlock)`.
// A body that is not a block makes the value invalid.
func (f *fslParser) function() (fslValue, bool) {
	p := f.parser
	fn := &fslFunction{}
	var args []*fslArg
	invalidEnd := -1
	ok := p.rule("", func() bool {
		sq := p.seqStart()
		s := p.idx
		p.index()
		if !p.next(sq, false, p.tLParen) {
			return false
		}
		fn.open = Span{s, s + 1}
		if !p.next(sq, false, func() bool { var ok bool; args, ok = f.args(); return ok }) {
			return false
		}
		c := p.idx
		if !p.next(sq, false, p.index) || !p.next(sq, false, p.tRParen) {
			return false
		}
		fn.close = Span{c, c + 1}
		return p.next(sq, false, func() bool {
			_, ok := p.opt(func() bool { var ok bool; fn.ret, ok = f.colonType(true); return ok })
			return ok
		}) &&
			p.next(sq, false, p.nl) &&
			p.next(sq, false, func() bool { var ok bool; fn.body, invalidEnd, ok = f.exprBlock(); return ok })
	})
	if !ok {
		return nil, false
	}
	if fn.body == nil {
		return &fslInvalid{sp: Span{fn.open.Start, invalidEnd}}, true
	}
	for _, a := range args {
		if a.dots == nil {
			fn.args = append(fn.args, a)
		} else if fn.variadic == nil {
			fn.variadic = a
		}
	}
	return fn, true
}

// args is `P(((arg | varArg).repX(sep = ,) ~~ ,.? ~~ nl).map { ... })`,
// reporting a variadic parameter that is not last.
func (f *fslParser) args() ([]*fslArg, bool) {
	p := f.parser
	var items []*fslArg
	ok := p.rule("", func() bool {
		sq := p.seqStart()
		if !p.repX(0, 0, p.tComma, func() bool {
			var a *fslArg
			ok := p.alt(
				func() bool { var ok bool; a, ok = f.arg(); return ok },
				func() bool { var ok bool; a, ok = f.varArg(); return ok },
			)
			if ok {
				items = append(items, a)
			}
			return ok
		}) {
			return false
		}
		if !p.next(sq, false, func() bool { _, ok := p.opt(p.tComma); return ok }) || !p.next(sq, false, p.nl) {
			return false
		}
		for i, a := range items {
			if a.dots != nil && i != len(items)-1 {
				p.emit(&ParseError{Message: "Variadic argument must be the last argument.", Span: a.span()})
			}
		}
		return true
	})
	return items, ok
}

// arg is `ident ~~ nl ~~ colonType.?`.
func (f *fslParser) arg() (*fslArg, bool) {
	p := f.parser
	sq := p.seqStart()
	n, ok := p.ident()
	if !ok {
		return nil, false
	}
	a := &fslArg{name: n}
	if !p.next(sq, false, p.nl) || !p.next(sq, false, func() bool {
		_, ok := p.opt(func() bool { var ok bool; a.ct, ok = f.colonType(true); return ok })
		return ok
	}) {
		return nil, false
	}
	return a, true
}

// varArg is `Index ~~ ... ~~ ident ~~ nl ~~ colonType.?`.
func (f *fslParser) varArg() (*fslArg, bool) {
	p := f.parser
	sq := p.seqStart()
	s := p.idx
	p.index()
	if !p.next(sq, false, p.tDots) {
		return nil, false
	}
	dots := Span{s, s + 3}
	a := &fslArg{dots: &dots}
	if !p.next(sq, false, func() bool { var ok bool; a.name, ok = p.ident(); return ok }) ||
		!p.next(sq, false, p.nl) ||
		!p.next(sq, false, func() bool {
			_, ok := p.opt(func() bool { var ok bool; a.ct, ok = f.colonType(true); return ok })
			return ok
		}) {
		return nil, false
	}
	return a, true
}

// exprBlock is `P(NoCut(exprBlock0) | (invalidChars ~~ Index))`: a function
// body, or the invalid text up to the end of the item. It returns the block,
// or nil and the end of the invalid text.
func (f *fslParser) exprBlock() (*Block, int, bool) {
	p := f.parser
	var body *Block
	end := -1
	ok := p.rule("", func() bool {
		return p.alt(
			func() bool {
				c := p.cut
				ok := f.exprBlock0(&body)
				p.cut = c // NoCut
				return ok
			},
			func() bool {
				sq := p.seqStart()
				end = f.invalidChars()
				return p.next(sq, false, p.index)
			},
		)
	})
	return body, end, ok
}

// exprBlock0 is `P(Index ~~ { ~~ Exprs.blockBody ~~ Index ~~ })`.
func (f *fslParser) exprBlock0(out **Block) bool {
	p := f.parser
	s := p.idx
	var stmts []Stmt
	return p.rule("", func() bool {
		sq := p.seqStart()
		p.index()
		if !p.next(sq, false, p.tLBrace) || !p.next(sq, false, func() bool { var ok bool; stmts, ok = p.blockBody(false); return ok }) {
			return false
		}
		e := p.idx
		if !p.next(sq, false, p.index) || !p.next(sq, false, p.tRBrace) {
			return false
		}
		*out = &Block{Stmts: stmts, Sp: Span{s, e + 1}}
		return true
	})
}

// fieldPathExpr is `P(Exprs.expr0(true)).map { processFieldPathExpr; fail on error }`.
func (f *fslParser) fieldPathExpr() (FieldPath, bool) {
	p := f.parser
	var e Expr
	if !p.rule("", func() bool { var ok bool; e, ok = p.expr0(true); return ok }) {
		return FieldPath{}, false
	}
	path, err := fieldPathOf(e)
	if err != nil {
		return FieldPath{}, p.failWith(err)
	}
	return path, true
}

// invalidChars (InvalidItem.invalidChars) skips to the end of a malformed
// item: the next newline, `;` or unmatched `}` outside brackets, strings and
// comments. It always succeeds and returns where it stopped. Fauna's
// scanner steps past the end of the text after an unterminated string; the
// index stays at the end here, and the returned end and f.overshoot keep
// Fauna's positions.
func (f *fslParser) invalidChars() int {
	p := f.parser
	src := p.src
	n := len(src)
	start := p.idx
	i := start
	done := false
	var stack []byte
	peek := func() byte {
		if i+1 < n {
			return src[i+1]
		}
		return 0
	}
	quoted := func(q byte) {
		i++
		for i < n {
			if src[i] == '\\' {
				i++
			} else if src[i] == q {
				return
			}
			i++
		}
	}
	for i < n && !done {
		switch c := src[i]; {
		case c == '\'' || c == '"':
			quoted(c)
		case c == '/' && peek() == '/':
			for i < n && src[i] != '\n' && src[i] != '\r' {
				i++
			}
		case c == '/' && peek() == '*':
			i += 2
			depth := 1
			for i < n {
				switch {
				case src[i] == '/' && peek() == '*':
					depth++
				case src[i] == '*' && peek() == '/':
					depth--
				}
				if depth == 0 {
					break
				}
				i++
			}
		case (c == '\r' || c == '\n' || c == ';' || c == '}') && len(stack) == 0:
			done = true
		case (c == ')' || c == ']') && len(stack) == 0:
		case c == '(' || c == '[' || c == '{':
			stack = append(stack, c)
		case c == ')' || c == ']':
			stack = stack[:len(stack)-1]
		case c == '}':
			top := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			if top != '{' {
				done = true
			}
		}
		if !done {
			i++
		}
	}
	p.idx = min(i, n)
	if i > n {
		f.overshoot = i - n
	}
	p.terminal(start, true, "invalid-chars")
	return i
}

// fieldPathOf is ExprParser.processFieldPathExpr: a short lambda made of
// field selections and constant accesses (`.a.b`, `.["a b"]`, `.[0]`).
func fieldPathOf(e Expr) (FieldPath, *ParseError) {
	sl, ok := e.(*ShortLambda)
	if !ok {
		return FieldPath{}, &ParseError{Message: "Invalid field path", Span: e.Span()}
	}
	mc, ok := sl.Body.(*MethodChain)
	if !ok {
		return FieldPath{}, &ParseError{Message: "Invalid field path", Span: e.Span()}
	}
	var elems []PathElem
	for i := range mc.Chain {
		c := &mc.Chain[i]
		switch {
		case c.Kind == ChainSelect && !c.Optional:
			elems = append(elems, PathElem{Field: c.Field.Str, Sp: c.Field.Sp})
			continue
		case c.Kind == ChainAccess && c.ApplyOptional == nil && len(c.Args) == 1:
			if lit, ok := c.Args[0].(*Lit); ok {
				switch {
				case lit.Kind == LitStr:
					elems = append(elems, PathElem{Field: lit.Str, Sp: lit.Sp})
					continue
				case lit.Kind == LitInt && lit.Int.Sign() >= 0 && lit.Int.IsInt64():
					elems = append(elems, PathElem{Index: lit.Int.Int64(), IsIndex: true, Sp: lit.Sp})
					continue
				}
			}
		}
		return FieldPath{}, &ParseError{Message: "Invalid field path", Span: c.Span()}
	}
	return FieldPath{Elems: elems, Sp: mc.Sp}, nil
}

// isValidIdent is Tokens.isValidIdent: `[a-zA-Z_][a-zA-Z0-9_]*`, not a keyword.
func isValidIdent(s string) bool {
	if s == "" || reservedWords[s] || !isIdentStart(s[0]) {
		return false
	}
	return strings.IndexFunc(s[1:], func(r rune) bool {
		return !(r < 0x80 && isIdentStart(byte(r)) || r >= '0' && r <= '9')
	}) < 0
}

// IsValidIdent reports whether s is a valid FSL name: an identifier that is
// not a keyword.
func IsValidIdent(s string) bool { return isValidIdent(s) }
