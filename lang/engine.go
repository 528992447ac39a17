package lang

import (
	"sort"
	"strconv"
	"strings"
)

// The FQL parser is a scannerless PEG parser written as Go functions that
// mirror Fauna's fastparse grammar (ext/fql/.../parser/*.scala) rule for
// rule. Fauna's generic parse error ("Expected `)`, `,`, or `...`") is not a
// property of the grammar alone but of fastparse's failure tracing: after a
// failed parse, the parser runs again with a trace index (the failure
// position) and every combinator combines the messages of the parsers that
// failed exactly there. The combinators below reproduce fastparse 2.3.3's
// protocol (ParsingRun.aggregateMsg/aggregateTerminal/setMsg, MacroImpls,
// RepImpls) and Fauna's override of P, so the grammar code can be a
// line-by-line transliteration and still yield Fauna's messages.
//
// State mirrors fastparse's ParsingRun: idx, cut, and in the trace pass
// short (shortParserMsg), group (failureGroupAggregate) and lfm
// (lastFailureMsg). The final message is "Expected " + the sorted set of
// lfm ∪ group.
//
// Every combinator takes closures that do not escape, so the compiler keeps
// them on the stack: a parse allocates only the AST it returns.

// maxNesting bounds the recursion of the grammar so a deeply nested query
// ends in an error instead of exhausting the goroutine stack.
const maxNesting = 1000

type msgs []string

type parser struct {
	src    string
	source *Source

	idx int
	cut bool

	// Failure tracing (second pass only).
	verbose bool
	trace   int
	short   msgs
	group   msgs
	lfm     msgs
	lfmSet  bool

	// errs holds the specific errors the grammar reports through fail and
	// continue; when any exist they replace the generic message.
	errs    ParseErrors
	depth   int
	tooDeep bool
}

func newParser(src *Source) *parser {
	// fastparse starts with cut = true: there is nothing to backtrack to.
	return &parser{src: src.Text, source: src, trace: -1, cut: true}
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

// emit records a specific error (Fauna's Errors.emit / continue). Errors
// come from the first pass only; the trace pass re-runs the same grammar.
func (p *parser) emit(e *ParseError) {
	if p.verbose {
		return
	}
	e.Src = p.source
	p.errs = append(p.errs, e)
}

// failWith records a specific error and fails (Fauna's Errors.fail: emit,
// then fastparse's Fail).
func (p *parser) failWith(e *ParseError) bool {
	p.emit(e)
	p.freshFailure()
	if p.verbose {
		p.setMsg(p.idx, false, msgs{"fail"})
	}
	return false
}

// continueWith records a specific error and passes (Errors.continue).
func (p *parser) continueWith(e *ParseError) bool {
	p.emit(e)
	return p.pass()
}

// --- message bookkeeping (ParsingRun) ---

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

// render is Util.parenthize: reversed, deduplicated, one name as itself,
// several as "(a | b)".
func render(m msgs) string {
	var seen []string
	for i := len(m) - 1; i >= 0; i-- {
		dup := false
		for _, s := range seen {
			if s == m[i] {
				dup = true
				break
			}
		}
		if !dup {
			seen = append(seen, m[i])
		}
	}
	if len(seen) == 1 {
		return seen[0]
	}
	return "(" + strings.Join(seen, " | ") + ")"
}

// joinBinOp is Util.joinBinOp: the label of a sequence.
func joinBinOp(l, r msgs) msgs {
	switch {
	case len(l) == 0:
		return r
	case len(r) == 0:
		return l
	}
	return msgs{render(l) + " ~ " + render(r)}
}

// literalize is fastparse's Util.literalize: the name of a literal terminal.
func literalize(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, c := range s {
		switch c {
		case '"':
			b.WriteString(`\"`)
		case '\\':
			b.WriteString(`\\`)
		case '\b':
			b.WriteString(`\b`)
		case '\f':
			b.WriteString(`\f`)
		case '\n':
			b.WriteString(`\n`)
		case '\r':
			b.WriteString(`\r`)
		case '\t':
			b.WriteString(`\t`)
		default:
			if c < ' ' {
				b.WriteString(`\u00` + strconv.FormatInt(int64(c)>>4, 16) + strconv.FormatInt(int64(c)&15, 16))
			} else {
				b.WriteRune(c)
			}
		}
	}
	b.WriteByte('"')
	return b.String()
}

func (p *parser) freshFailure() {
	if p.verbose {
		p.lfm, p.lfmSet = nil, false
	}
}

func (p *parser) checkAggregate(start int, ok bool) bool {
	return !p.cut && !ok && start <= p.trace && p.trace <= p.idx
}

// aggregateMsg is ParsingRun.aggregateMsg.
func (p *parser) aggregateMsg(start int, ok bool, set, agg msgs, force bool) {
	if !ok && !p.lfmSet {
		p.lfm, p.lfmSet = set, true
	}
	p.short = set
	if p.checkAggregate(start, ok) && !force {
		p.group = set
	} else {
		p.group = agg
	}
}

// setMsg is ParsingRun.setMsg (also aggregateTerminal with one name).
func (p *parser) setMsg(start int, ok bool, m msgs) {
	if !ok && !p.lfmSet {
		p.lfm, p.lfmSet = m, true
	}
	if start >= p.trace {
		p.short = m
	} else {
		p.short = nil
	}
	if p.checkAggregate(start, ok) {
		p.group = p.short
	} else {
		p.group = nil
	}
}

// --- terminals ---

// terminal reports the result of a terminal parser that started at start.
func (p *parser) terminal(start int, ok bool, name string) bool {
	if !ok {
		p.freshFailure()
	}
	if p.verbose {
		p.setMsg(start, ok, msgs{name})
	}
	return ok
}

// lit matches a literal string (fastparse LiteralStr).
func (p *parser) lit(s string) bool {
	start := p.idx
	ok := strings.HasPrefix(p.src[p.idx:], s)
	if ok {
		p.idx += len(s)
	}
	return p.terminal(start, ok, literalize(s))
}

// char matches one byte satisfying pred (CharIn / CharPred).
func (p *parser) char(pred func(byte) bool, name string) bool {
	start := p.idx
	ok := p.idx < len(p.src) && pred(p.src[p.idx])
	if ok {
		p.idx++
	}
	return p.terminal(start, ok, name)
}

// charsWhile consumes bytes while pred holds and succeeds if at least min
// were consumed (CharsWhileIn / CharsWhile).
func (p *parser) charsWhile(pred func(byte) bool, min int, name string) bool {
	start := p.idx
	i := p.idx
	for i < len(p.src) && pred(p.src[i]) {
		i++
	}
	ok := i-start >= min
	if ok {
		p.idx = i
	}
	return p.terminal(start, ok, name)
}

// stringIn matches the longest of several literals (StringIn); it reports
// through setMsg like fastparse.
func (p *parser) stringIn(options []string, name string) (string, bool) {
	start := p.idx
	best := ""
	for _, o := range options {
		if strings.HasPrefix(p.src[p.idx:], o) && len(o) > len(best) {
			best = o
		}
	}
	ok := best != ""
	if ok {
		p.idx += len(best)
	} else {
		p.freshFailure()
	}
	if p.verbose {
		p.setMsg(start, ok, msgs{name})
	}
	return best, ok
}

// end matches the end of the input.
func (p *parser) end() bool {
	return p.terminal(p.idx, p.idx >= len(p.src), "end-of-input")
}

// index is fastparse's Index: always succeeds, reporting "Index".
func (p *parser) index() bool {
	if p.verbose {
		p.setMsg(p.idx, true, msgs{"Index"})
	}
	return true
}

// pass is fastparse's Pass.
func (p *parser) pass() bool {
	if p.verbose {
		p.setMsg(p.idx, true, msgs{"Pass"})
	}
	return true
}

// --- combinators ---

// opaque runs f as a terminal named name: on failure the index returns to
// the start and only name is reported.
func (p *parser) opaque(name string, f func() bool) bool {
	start := p.idx
	ok := f()
	if !ok {
		p.freshFailure()
		p.idx = start
	}
	if p.verbose {
		p.setMsg(start, ok, msgs{name})
	}
	return ok
}

// rule is Fauna's override of fastparse's P(...). Its argument is passed by
// value, so it reads the index after the wrapped parser ran: an unnamed
// rule ("") that fails without a cut at the trace index hides its
// children's names, a named one reports its name instead.
func (p *parser) rule(name string, f func() bool) bool {
	p.depth++
	var ok bool
	if p.depth > maxNesting {
		if !p.tooDeep {
			p.tooDeep = true
			p.emit(&ParseError{Message: "Typechecking failed due to query complexity.", Span: Span{p.idx, p.idx + 1}})
		}
		p.freshFailure()
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
		e := p.idx
		p.aggregateMsg(e, ok, set, p.group, e < p.trace)
	}
	return ok
}

// seq tracks a fastparse sequence `a ~~ b ~~ c` (left nested): call
// seqStart before the first element, then next for each further element.
type seq struct {
	start int
}

func (p *parser) seqStart() seq { return seq{start: p.idx} }

// next runs the next element of a sequence whose elements so far succeeded;
// cut makes it a `~~/` element (no backtracking once the previous elements
// matched).
func (p *parser) next(s seq, cut bool, f func() bool) bool {
	lhsMsg, lhsAgg := p.short, p.group
	if cut {
		p.cut = true
	}
	preRhs := p.idx
	ok := f()
	if !ok && cut {
		p.cut = true
	}
	if p.verbose {
		rhsMsg, rhsAgg := p.short, p.group
		p.aggregateMsg(s.start, ok, joinBinOp(lhsMsg, rhsMsg), concatMsgs(rhsAgg, lhsAgg), preRhs == p.trace)
	}
	return ok
}

// cutAfter is `f./`: once f succeeds having consumed input, no backtracking.
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

// alt2 is fastparse's eitherMacro.
func (p *parser) alt2(a, b func() bool) bool {
	oldCut := p.cut
	p.cut = false
	start := p.idx
	if a() {
		p.cut = p.cut || oldCut
		return true
	}
	if p.cut {
		return false
	}
	lhsMsg, lhsAgg := p.short, p.group
	p.idx = start
	if p.verbose {
		p.aggregateMsg(start, false, lhsMsg, lhsAgg, false)
	}
	p.cut = false
	ok := b()
	rhsMsg, rhsCut := p.short, p.cut
	if !ok && !rhsCut {
		p.freshFailure()
		p.idx = start
	}
	p.cut = rhsCut || oldCut
	if p.verbose {
		p.aggregateMsg(start, ok, concatMsgs(rhsMsg, lhsMsg), concatMsgs(p.group, lhsAgg), false)
	}
	return ok
}

// opt is `f.?` (optionMacro). present tells whether f matched; ok is false
// only when f failed after a cut.
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
		p.aggregateMsg(start, ok, msgs{render(p.short) + ".?"}, p.group, false)
	}
	return present, ok
}

// repMacro is `body.repX` (min < 0) or `body.repX(min)`: the macro form,
// whose iterations run without the enclosing cut.
func (p *parser) repMacro(min int, body func() bool) bool {
	origCut := p.cut
	start := p.idx
	count := 0
	var lastAgg msgs
	haveLast := false
	for {
		if min < 0 {
			p.cut = false
		} else {
			p.cut = origCut && count < min
		}
		ok := body()
		msg, agg := p.short, p.group
		origCut = origCut || p.cut
		if !ok {
			res := false
			if !p.cut {
				if min >= 0 && count < min {
					p.idx = start
					p.cut = origCut
				} else {
					p.idx = start
					p.cut = origCut
					res = true
				}
			}
			if p.verbose {
				suffix := ""
				if min > 0 {
					suffix = "(" + strconv.Itoa(min) + ")"
				}
				toAgg := p.group
				if haveLast {
					toAgg = concatMsgs(p.group, lastAgg)
				}
				p.aggregateMsg(start, res, msgs{render(msg) + ".rep" + suffix}, toAgg, false)
			}
			return res
		}
		start = p.idx
		count++
		p.cut = false
		lastAgg, haveLast = agg, true
	}
}

// repX is `body.repX(min, sep = sep, max = max)` (RepImpls.repX); max <= 0
// means unbounded and sep may be nil.
func (p *parser) repX(min, max int, sep, body func() bool) bool {
	start := p.idx
	count := 0
	precut := false
	outerCut := p.cut
	var sepMsg, lastAgg msgs
	haveSep, haveLast := false, false
	end := func(at, n int, endCut bool) bool {
		p.idx = at
		p.cut = endCut
		if n < min {
			return false
		}
		return true
	}
	for {
		p.cut = precut || (count < min && outerCut)
		ok := body()
		msg, agg, postCut := p.short, p.group, p.cut
		if !ok {
			res := false
			if !postCut {
				res = end(start, count, outerCut || postCut)
			}
			if p.verbose {
				toSet := msgs{render(msg) + ".rep(" + strconv.Itoa(min) + ")"}
				if !haveSep || precut {
					p.aggregateMsg(start, res, toSet, p.group, false)
				} else {
					j := joinBinOp(sepMsg, msg)
					if haveLast {
						j = concatMsgs(j, lastAgg)
					}
					p.aggregateMsg(start, res, toSet, j, false)
				}
			}
			return res
		}
		before := p.idx
		count++
		if max > 0 && count == max {
			res := end(before, count, outerCut || postCut)
			if p.verbose {
				suffix := ""
				if min != 0 {
					suffix = "(" + strconv.Itoa(min) + ")"
				}
				p.setMsg(start, res, msgs{render(msg) + ".repX" + suffix})
			}
			return res
		}
		p.cut = false
		if sep == nil {
			outerCut = outerCut || postCut
			start, precut, haveSep, sepMsg = before, false, false, nil
			lastAgg, haveLast = agg, true
			continue
		}
		sepOK := sep()
		sepCut := p.cut
		endCut := outerCut || postCut || sepCut
		if sepOK {
			outerCut = endCut
			start, precut, sepMsg, haveSep = before, sepCut, p.short, true
			lastAgg, haveLast = agg, true
			continue
		}
		res := false
		if sepCut {
			p.idx = before
			p.cut = endCut
		} else {
			res = end(before, count, endCut)
		}
		if p.verbose {
			p.aggregateMsg(start, res, msgs{render(msg) + ".rep(" + strconv.Itoa(min) + ")"}, concatMsgs(p.group, agg), false)
		}
		return res
	}
}

// not is the negative lookahead `!f`.
func (p *parser) not(f func() bool) bool {
	start, startCut := p.idx, p.cut
	matched := f()
	msg := p.short
	p.idx = start
	if matched {
		p.freshFailure()
	}
	if p.verbose {
		p.group = nil
		p.setMsg(start, !matched, msgs{"!" + render(msg)})
	}
	p.cut = startCut
	return !matched
}

// expectedMessage joins the traced expectations as Fauna does: unique,
// sorted, "a", "a or b", "a, b, or c"; nothing at all reads "expression".
func expectedMessage(names msgs) string {
	set := map[string]bool{}
	var uniq []string
	for _, n := range names {
		if !set[n] {
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
