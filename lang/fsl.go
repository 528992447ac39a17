package lang

import "sort"

// FSL, Fauna Schema Language, describes collections, functions, roles and
// access providers (spec/fsl-auth.md §1). Parsing has two phases, as in
// Fauna (Parser.schemaItems):
//
//  1. The grammar (fsl_parse.go, SchemaItemParser.scala) reads the text
//     into generic nodes: `@annotations keyword name value`, where a value
//     is a block of nodes, a list of paths, an FQL expression, a field
//     definition, a function signature and body, or a migration. It knows
//     no item kinds, so `collection 3` parses. Failures are the engine's
//     "Expected ..." messages or the specific errors the grammar reports.
//  2. The converter (fsl_convert.go, SchemaItemConverter.scala) checks each
//     node against its keyword and builds the SchemaItems of fsl_ast.go,
//     collecting every error ("Missing required name", "Duplicate index
//     name `byX`", ...).
//
// If phase 1 reports errors, phase 2 does not run. Either way ParseFSL
// returns all the errors of the failing phase, sorted by position.
// Checks that need the whole schema (references between items, reserved
// names, files) live in package schema.

// ParseFSL parses one FSL file. On failure the error is ParseErrors, sorted
// by position, with Fauna's messages and spans.
func ParseFSL(src *Source) ([]SchemaItem, error) {
	nodes, err := parseFSLNodes(src)
	if err != nil {
		return nil, err
	}
	c := &fslConverter{src: src}
	items := c.convert(nodes)
	if len(c.errs) > 0 {
		sortParseErrors(c.errs)
		return nil, c.errs
	}
	return items, nil
}

// parseFSLNodes runs the FSL grammar.
func parseFSLNodes(src *Source) ([]*fslNode, error) {
	var first *fslParser
	nodes, err := parse(src, func(p *parser) ([]*fslNode, bool) {
		f := &fslParser{parser: p}
		if first == nil {
			first = f
		}
		return f.parseRawSchemaItems()
	})
	if errs, ok := err.(ParseErrors); ok {
		// A failure at the end after Fauna's invalid-item scanner ran past
		// it is reported where Fauna reports it.
		if n := len(src.Text); len(errs) == 1 && first.overshoot > 0 && errs[0].Span.Start == n && len(first.errs) == 0 {
			errs[0].Span = Span{n + first.overshoot, n + first.overshoot + 1}
		}
		sortParseErrors(errs)
	}
	return nodes, err
}

// sortParseErrors orders errors by position, keeping the order of errors
// at the same position.
func sortParseErrors(errs ParseErrors) {
	sort.SliceStable(errs, func(i, j int) bool {
		if errs[i].Span.Start != errs[j].Span.Start {
			return errs[i].Span.Start < errs[j].Span.Start
		}
		return errs[i].Span.End < errs[j].Span.End
	})
}
