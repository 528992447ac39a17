package lang

import (
	"sort"
	"strings"
)

// The FQL parser is a scannerless PEG parser written as Go functions that
// mirror Fauna's fastparse grammar (ext/fql/.../parser/*.scala) rule for
// rule. Fauna's generic parse error ("Expected `)`, `,`, or `...`") is not a
// property of the grammar alone but of fastparse's failure tracing: after a
// failed parse, the parser runs again with a trace index (the failure
// position) and every combinator combines the messages of the parsers that
// failed exactly there. The combinators below reproduce that protocol
// (fastparse 2.3.3, ParsingRun/MacroImpls/RepImpls), so the grammar code can
// be a line-by-line transliteration and still yield Fauna's messages.
//
// Every combinator takes closures that do not escape, so the compiler keeps
// them on the stack: a parse allocates only the AST it returns.

// maxNesting bounds the recursion of the grammar so a deeply nested query
// ends in an error instead of exhausting the goroutine stack.
const maxNesting = 800

type msgs []string

type parser struct {
	src    string
	source *Source

	idx int
	cut bool

	// Failure tracing (second pass only).
	verbose  bool
	trace    int
	shortMsg msgs
	group    msgs

	// errs holds the specific errors the grammar reports through fail and
	// continueWith; when any exist they replace the generic message.
	errs  ParseErrors
	depth int
	// tooDeep is set once the nesting limit is hit; the parse then fails.
	tooDeep bool
}

func (p *parser) eof() bool { return p.idx >= len(p.src) }

func (p *parser) peek() byte {
	if p.idx < len(p.src) {
		return p.src[p.idx]
	}
	return 0
}

func (p *parser) peekAt(i int) byte {
	if i < len(p.src) {
		return p.src[i]
	}
	return 0
}

// emit records a specific error (fastparse code `emit`/`fail`). Errors are
// only kept from the first pass; the trace pass re-runs the same grammar.
func (p *parser) emit(e *ParseError) {
	if p.verbose {
		return
	}
	e.Src = p.source
	p.errs = append(p.errs, e)
}

// failWith records a specific error and fails at the current index.
func (p *parser) failWith(e *ParseError) bool {
	p.emit(e)
	if p.verbose {
		p.shortMsg, p.group = nil, nil
	}
	return false
}

// --- message aggregation (ParsingRun.aggregateMsg) ---

func concatMsgs(a, b msgs) msgs {
	if len(a) == 0 {
		return b
	}
	if len(b) == 0 {
		return a
	}
	r := make(msgs, 0, len(a)+len(b))
	return append(append(r, a...), b...)
}

func (p *parser) checkAggregate(start int, ok bool) bool {
	return !p.cut && !ok && start <= p.trace && p.trace <= p.idx
}

// aggregateMsg is ParsingRun.aggregateMsg.
func (p *parser) aggregateMsg(start int, ok bool, set, agg msgs, force bool) {
	p.shortMsg = set
	if p.checkAggregate(start, ok) && !force {
		p.group = set
	} else {
		p.group = agg
	}
}

// terminalMsg is ParsingRun.aggregateTerminal: a terminal parser that fails
// exactly at the trace index reports its own message.
func (p *parser) terminalMsg(start int, ok bool, msg string) {
	if start >= p.trace {
		p.shortMsg = msgs{msg}
	} else {
		p.shortMsg = nil
	}
	if p.checkAggregate(start, ok) {
		p.group = p.shortMsg
	} else {
		p.group = nil
	}
}

// --- terminals ---

// lit matches a literal string; msg is its failure message.
func (p *parser) lit(s, msg string) bool {
	start := p.idx
	ok := strings.HasPrefix(p.src[p.idx:], s)
	if ok {
		p.idx += len(s)
	}
	if p.verbose {
		p.terminalMsg(start, ok, msg)
	}
	return ok
}

// char matches one byte satisfying pred.
func (p *parser) char(pred func(byte) bool, msg string) bool {
	start := p.idx
	ok := p.idx < len(p.src) && pred(p.src[p.idx])
	if ok {
		p.idx++
	}
	if p.verbose {
		p.terminalMsg(start, ok, msg)
	}
	return ok
}

// charsWhile consumes bytes while pred holds and succeeds if at least min
// were consumed.
func (p *parser) charsWhile(pred func(byte) bool, min int, msg string) bool {
	start := p.idx
	i := p.idx
	for i < len(p.src) && pred(p.src[i]) {
		i++
	}
	ok := i-start >= min
	if ok {
		p.idx = i
	}
	if p.verbose {
		p.terminalMsg(start, ok, msg)
	}
	return ok
}

// end matches the end of the input.
func (p *parser) end() bool {
	start := p.idx
	ok := p.idx >= len(p.src)
	if p.verbose {
		p.terminalMsg(start, ok, "end-of-input")
	}
	return ok
}

// --- combinators ---

// opaque runs f as a terminal named msg: on failure the index returns to the
// start and only msg is reported.
func (p *parser) opaque(msg string, f func() bool) bool {
	start := p.idx
	ok := f()
	if !ok {
		p.idx = start
	}
	if p.verbose {
		p.terminalMsg(start, ok, msg)
	}
	return ok
}

// rule is Fauna's override of fastparse's P(...): an unnamed rule ("")
// hides its children's messages when it fails at the trace index, a named
// one reports its name instead.
func (p *parser) rule(name string, f func() bool) bool {
	start := p.idx
	p.depth++
	var ok bool
	if p.depth > maxNesting {
		if !p.tooDeep {
			p.tooDeep = true
			p.emit(&ParseError{Message: "Typechecking failed due to query complexity.", Span: Span{start, start + 1}})
		}
		ok = false
	} else {
		ok = f()
	}
	p.depth--
	if p.verbose {
		var set msgs
		if name != "" {
			set = msgs{name}
		}
		p.aggregateMsg(start, ok, set, p.group, start < p.trace)
	}
	return ok
}

// seq tracks a fastparse sequence `a ~~ b ~~ c`: begin it before the first
// element, then call next for each further element.
type seq struct {
	start int
}

func (p *parser) seqStart() seq { return seq{start: p.idx} }

// next runs the next element of a sequence whose elements so far succeeded;
// cut makes it a `~~/` element (no backtracking once the previous elements
// matched).
func (p *parser) next(s seq, cut bool, f func() bool) bool {
	lhsMsg, lhsAgg := p.shortMsg, p.group
	if cut {
		p.cut = true
	}
	preRhs := p.idx
	ok := f()
	if !ok && cut {
		p.cut = true
	}
	if p.verbose {
		rhsMsg, rhsAgg := p.shortMsg, p.group
		p.aggregateMsg(s.start, ok, concatMsgs(lhsMsg, rhsMsg), concatMsgs(rhsAgg, lhsAgg), preRhs == p.trace)
	}
	return ok
}

// cutAfter is `p./`: once f succeeds having consumed input, no backtracking.
func (p *parser) cutAfter(f func() bool) bool {
	start := p.idx
	ok := f()
	if ok && p.idx > start {
		p.cut = true
	}
	return ok
}

// alt is the ordered choice `a | b | c`, i.e. ((a | b) | c).
func (p *parser) alt(fs ...func() bool) bool {
	if len(fs) == 1 {
		return fs[0]()
	}
	return p.alt2(func() bool { return p.alt(fs[:len(fs)-1]...) }, fs[len(fs)-1])
}

func (p *parser) alt2(a, b func() bool) bool {
	oldCut := p.cut
	p.cut = false
	start := p.idx
	if a() {
		p.cut = p.cut || oldCut
		return true
	}
	lhsMsg, lhsAgg := p.shortMsg, p.group
	if p.cut {
		return false
	}
	p.idx = start
	if p.verbose {
		p.aggregateMsg(start, false, lhsMsg, lhsAgg, false)
	}
	p.cut = false
	ok := b()
	rhsMsg, rhsCut := p.shortMsg, p.cut
	if !ok && !rhsCut {
		p.idx = start
	}
	p.cut = rhsCut || oldCut
	if p.verbose {
		p.aggregateMsg(start, ok, concatMsgs(rhsMsg, lhsMsg), concatMsgs(p.group, lhsAgg), false)
	}
	return ok
}

// opt is `f.?`. present tells whether f matched; ok is false only when f
// failed after a cut.
func (p *parser) opt(f func() bool) (present, ok bool) {
	start, startCut := p.idx, p.cut
	p.cut = false
	matched := f()
	switch {
	case matched:
		p.cut = p.cut || startCut
		present, ok = true, true
	case p.cut:
		present, ok = false, false
	default:
		p.idx = start
		p.cut = startCut
		present, ok = false, true
	}
	if p.verbose && !matched {
		p.aggregateMsg(start, ok, p.shortMsg, p.group, false)
	}
	return present, ok
}

// rep is `item.repX(min, sep = sep, max = max)` (max <= 0: unbounded; sep
// may be nil), following fastparse's RepImpls: each item starts without the
// enclosing cut, a failed item or separator ends the repetition unless it
// failed after a cut of its own.
func (p *parser) rep(min, max int, sep, item func() bool) bool {
	startIndex := p.idx
	outerCut := p.cut
	precut := false
	count := 0
	var sepMsg, lastAgg msgs
	hasSepMsg, hasLastAgg := false, false
	end := func(index int, endCut bool) bool {
		p.idx = index
		p.cut = endCut
		return count >= min
	}
	for {
		p.cut = precut || (count < min && outerCut)
		ok := item()
		parsedMsg, parsedAgg, postCut := p.shortMsg, p.group, p.cut
		if !ok {
			res := false
			if !postCut {
				res = end(startIndex, outerCut || postCut)
			}
			if p.verbose {
				// aggregateMsgInRep: a failed item also stands for the
				// separator before it and for continuing the previous item.
				agg := p.group
				if hasSepMsg && !precut {
					agg = concatMsgs(sepMsg, parsedMsg)
				}
				if hasLastAgg {
					agg = concatMsgs(agg, lastAgg)
				}
				p.aggregateMsg(startIndex, res, parsedMsg, agg, false)
			}
			return res
		}
		beforeSep := p.idx
		count++
		if max > 0 && count == max {
			res := end(beforeSep, outerCut || postCut)
			if p.verbose {
				p.aggregateMsg(startIndex, res, parsedMsg, nil, false)
				p.group = nil
			}
			return res
		}
		p.cut = false
		if sep == nil {
			outerCut = outerCut || postCut
			startIndex, precut = beforeSep, false
			hasSepMsg, sepMsg = false, nil
			lastAgg, hasLastAgg = parsedAgg, true
			continue
		}
		sepOK := sep()
		sepCut := p.cut
		endCut := outerCut || postCut || sepCut
		if sepOK {
			outerCut = endCut
			startIndex, precut = beforeSep, sepCut
			sepMsg, hasSepMsg = p.shortMsg, true
			lastAgg, hasLastAgg = parsedAgg, true
			continue
		}
		res := false
		if sepCut {
			p.idx = beforeSep
			p.cut = endCut
		} else {
			res = end(beforeSep, endCut)
		}
		if p.verbose {
			// aggregateMsgPostSep: the separator's failure, plus continuing
			// the last item.
			p.aggregateMsg(startIndex, res, parsedMsg, concatMsgs(p.group, parsedAgg), false)
		}
		return res
	}
}

// notAhead is the negative lookahead `!f`; it never reports messages.
func (p *parser) notAhead(f func() bool) bool {
	start, cut := p.idx, p.cut
	verbose := p.verbose
	p.verbose = false
	ok := f()
	p.verbose = verbose
	p.idx, p.cut = start, cut
	if verbose {
		p.shortMsg, p.group = nil, nil
	}
	return !ok
}

// expectedMessage joins the traced expectations as Fauna does: unique,
// sorted, "a", "a or b", "a, b, or c".
func expectedMessage(names msgs) string {
	set := map[string]bool{}
	var uniq []string
	for _, n := range names {
		if n != "" && !set[n] {
			set[n] = true
			uniq = append(uniq, n)
		}
	}
	sort.Strings(uniq)
	switch len(uniq) {
	case 0:
		return "Expected expression"
	case 1:
		return "Expected " + uniq[0]
	case 2:
		return "Expected " + uniq[0] + " or " + uniq[1]
	default:
		return "Expected " + strings.Join(uniq[:len(uniq)-1], ", ") + ", or " + uniq[len(uniq)-1]
	}
}
