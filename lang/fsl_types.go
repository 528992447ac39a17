package lang

// Checks Fauna makes when it converts a parsed type into a type expression
// (TypeExprParser.typeExpr and schemaTypeExpr): defaults may only appear on
// the fields of a collection's field types, and an object's wildcard must
// come last. The FQL type parser keeps defaults in TypeField.Default; these
// checks report them where they are not allowed.

// noDefaultReason explains why a default value is not allowed (a hint).
type noDefaultReason struct {
	msg string
	sp  Span
}

func (r *noDefaultReason) hints() []ParseHint {
	if r == nil {
		return nil
	}
	return []ParseHint{{Kind: KindHint, Message: r.msg, Span: r.sp}}
}

// typeFieldSpan is PartialTypeExpr.LiteralField.span: the name to the
// default, or to the type.
func typeFieldSpan(f *TypeField) Span {
	end := f.Name.Sp
	if f.Default != nil {
		end = f.Default.Span()
	} else if f.Type != nil {
		end = f.Type.Span()
	}
	return f.Name.Sp.To(end)
}

// checkWildcardLast reports fields written after an object's wildcard.
func checkWildcardLast(t *Type, f *TypeField, emit func(*ParseError)) {
	if t.Wildcard != nil && f.Name.Sp.Start > t.Wildcard.Span().Start {
		emit(&ParseError{Message: "Wildcard must be the last element in an object", Span: typeFieldSpan(f),
			Hints: []ParseHint{{Kind: KindHint, Message: "Wildcard defined here", Span: t.Wildcard.Span()}}})
	}
}

// checkTypeExpr is TypeExprParser.typeExpr: no defaults anywhere.
func checkTypeExpr(te TypeExpr, reason *noDefaultReason, emit func(*ParseError)) {
	t, ok := te.(*Type)
	if !ok || t == nil {
		return
	}
	switch t.Kind {
	case TypeObject:
		for i := range t.Fields {
			f := &t.Fields[i]
			checkWildcardLast(t, f, emit)
			if f.Default != nil {
				emit(&ParseError{Message: "Default values are not allowed here", Span: f.Default.Span(), Hints: reason.hints()})
			}
			checkTypeExpr(f.Type, reason, emit)
		}
		checkTypeExpr(t.Wildcard, reason, emit)
	case TypeLambda:
		for _, a := range t.Args {
			checkTypeExpr(a, reason, emit)
		}
		checkTypeExpr(t.Variadic, reason, emit)
		checkTypeExpr(t.Result, reason, emit)
	default:
		for _, a := range t.Args {
			checkTypeExpr(a, reason, emit)
		}
	}
}

// checkSchemaType is TypeExprParser.schemaTypeExpr: the type of a defined
// field, whose nested object fields may have defaults unless a parent has
// one, is nullable, is a union or is not an object.
func checkSchemaType(te TypeExpr, reason *noDefaultReason, emit func(*ParseError)) {
	t, ok := te.(*Type)
	if !ok || t == nil {
		return
	}
	switch t.Kind {
	case TypeObject:
		for i := range t.Fields {
			f := &t.Fields[i]
			checkWildcardLast(t, f, emit)
			if reason != nil && f.Default != nil {
				emit(&ParseError{Message: "Default values are not allowed here", Span: f.Default.Span(), Hints: reason.hints()})
			}
			r := reason
			if r == nil && f.Default != nil {
				r = &noDefaultReason{"Parent has a conflicting default value", f.Default.Span()}
			}
			checkSchemaType(f.Type, r, emit)
		}
		checkTypeExpr(t.Wildcard, nil, emit)
		return
	case TypeNullable:
		if reason == nil {
			reason = &noDefaultReason{"Parent is nullable", Span{t.Sp.End - 1, t.Sp.End}}
		}
	case TypeUnion:
		if reason == nil {
			reason = &noDefaultReason{"Parent is a union", t.Sp}
		}
	default:
		if reason == nil {
			reason = &noDefaultReason{"Parent is not an object", t.Sp}
		}
	}
	checkTypeExpr(t, reason, emit)
}
