package lang

import (
	"strconv"
	"strings"
	"unicode/utf16"
)

// Diagnostic kinds, the word that opens a diagnostic's message line
// (spec/fql.md §6.2.1).
const (
	KindError   = "error"
	KindHint    = "hint"
	KindCause   = "cause"
	KindTrace   = "trace" // the first call frame after hints
	KindFrame   = ""      // a plain call frame: no message line
	KindWarning = "warning"
	KindInfo    = "info"
)

// Diagnostic is one part of an error summary: the error itself, a hint, a
// cause or a call frame. It renders as Fauna renders it (error/Diagnostic.scala).
type Diagnostic struct {
	Kind       string
	Message    string
	Src        *Source
	Span       Span
	Annotation string
	// Suggestion, when non-nil, makes a hint a patch: "" removes the span,
	// text at an empty span inserts it, text over a span replaces it.
	Suggestion *string
}

// RenderSummary renders a primary diagnostic followed by its hints. The
// `at` line of a hint is left out when it sits on the primary's line.
func RenderSummary(primary Diagnostic, hints []Diagnostic) string {
	var b strings.Builder
	line := primary.render(&b, nil)
	for _, h := range hints {
		b.WriteByte('\n')
		h.render(&b, &parentPos{line: line, src: primary.Src})
	}
	return b.String()
}

type parentPos struct {
	line int
	src  *Source
}

// render writes the diagnostic and returns the line of its span.
func (d Diagnostic) render(b *strings.Builder, parent *parentPos) int {
	if d.Kind != KindFrame {
		b.WriteString(d.Kind)
		b.WriteByte(':')
		if d.Message != "" {
			b.WriteByte(' ')
			b.WriteString(d.Message)
		}
		b.WriteByte('\n')
	}
	if d.Src == nil {
		b.WriteString("at <no source>")
		return 0
	}
	text := toUTF16(d.Src.Text)
	start, end := utf16Offset(d.Src.Text, d.Span.Start), utf16Offset(d.Src.Text, d.Span.End)
	underline := uint16('^')
	if d.Suggestion != nil {
		sug := toUTF16(*d.Suggestion)
		if len(sug) == 0 {
			underline = '-'
		} else {
			underline = '+'
			if end != start {
				underline = '~'
			}
			patched := make([]uint16, 0, len(text)+len(sug))
			patched = append(patched, text[:start]...)
			patched = append(patched, sug...)
			patched = append(patched, text[end:]...)
			text = patched
			end = start + len(sug)
		}
	}
	annotated, line, col := annotate(text, start, end, d.Annotation, underline)
	sameSrc := parent != nil && (parent.src == d.Src || (parent.src != nil && parent.src.Name == d.Src.Name))
	if parent == nil || parent.line != line || !sameSrc {
		b.WriteString("at ")
		b.WriteString(d.Src.Name)
		b.WriteByte(':')
		b.WriteString(strconv.Itoa(line))
		b.WriteByte(':')
		b.WriteString(strconv.Itoa(col))
		b.WriteByte('\n')
	}
	b.WriteString(annotated)
	return line
}

type annotatedLine struct {
	prefix, gutter string
	text           []uint16
}

// annotate draws the source lines of a span with a caret underline or, for a
// span over several lines, a bracket. It ports Span.annotateWithLineColNumber
// (ast/Span.scala): offsets are UTF-16 code units, as in Fauna.
func annotate(src []uint16, start, end int, message string, underline uint16) (string, int, int) {
	trimmed := trimTrailingSpace(src)
	if start > len(trimmed) {
		diff := start - len(trimmed)
		return annotate(trimmed, start-diff, end-diff, message, underline)
	}
	lineIdx, lineStart := lineOf(src, start)
	if len(trimmed) == 0 {
		trimmed = []uint16{' '}
	}
	lines := splitLines(trimmed)
	length := end - start

	var out []annotatedLine
	add := func(prefix, gutter string, text []uint16) {
		out = append(out, annotatedLine{prefix, gutter, text})
	}
	lno, cno := lineIdx, -1
	scanned := lineStart
	for i := lineIdx; scanned <= start && i < len(lines); i++ {
		line := lines[i]
		hasNext := i+1 < len(lines)
		if len(out) > 0 {
			out = out[1:] // no preceding context lines
		}
		if scanned+len(line) <= start && hasNext {
			add("| ", "", line)
		} else {
			indent := start - scanned
			lno, cno = i+1, indent+1
			add(strconv.Itoa(lno)+" | ", "", line)
			if !(indent+length > len(line) && hasNext) {
				caret := make([]uint16, 0, indent+length+1+len(message))
				for k := 0; k < indent; k++ {
					caret = append(caret, ' ')
				}
				for k := 0; k < length; k++ {
					caret = append(caret, underline)
				}
				if message != "" {
					caret = append(caret, ' ')
					caret = append(caret, toUTF16(message)...)
				}
				add("| ", "", caret)
			} else {
				add("| ", " _", append(repeat16('_', indent), underline))
				rem := length - (len(line) - indent)
				for rem > 0 {
					i++
					next := lines[i]
					rem0 := rem - len(next)
					add(strconv.Itoa(i+1)+" | ", "| ", next)
					if rem0 <= 0 || i+1 >= len(lines) {
						add("| ", "|_", append(repeat16('_', rem-1), '^'))
						rem = 0
					} else {
						rem = rem0
					}
				}
			}
		}
		scanned += len(line)
	}
	out = append([]annotatedLine{{"| ", "", nil}}, out...)
	out = append(out, annotatedLine{"| ", "", nil})

	prefixWidth, gutterWidth := 0, 0
	for _, l := range out {
		prefixWidth = max(prefixWidth, len(l.prefix))
		gutterWidth = max(gutterWidth, len(l.gutter))
	}
	var b strings.Builder
	for k, l := range out {
		if k > 0 {
			b.WriteByte('\n')
		}
		var row []uint16
		row = append(row, repeat16(' ', prefixWidth-len(l.prefix))...)
		row = append(row, toUTF16(l.prefix)...)
		row = append(row, repeat16(' ', gutterWidth-len(l.gutter))...)
		row = append(row, toUTF16(l.gutter)...)
		row = append(row, l.text...)
		b.WriteString(string(utf16.Decode(trimTrailingSpace(row))))
	}
	return b.String(), lno, cno
}

// lineOf returns the 0-based line index of offset and the offset where that
// line starts, counting only '\n' as a line break (error/RenderCtx.scala).
func lineOf(src []uint16, offset int) (int, int) {
	idx, start := 0, 0
	for i := 0; i < offset && i < len(src); i++ {
		if src[i] == '\n' {
			idx++
			start = i + 1
		}
	}
	return idx, start
}

// splitLines splits after every '\n', keeping the separators.
func splitLines(s []uint16) [][]uint16 {
	var lines [][]uint16
	start := 0
	for i, c := range s {
		if c == '\n' {
			lines = append(lines, s[start:i+1])
			start = i + 1
		}
	}
	if start < len(s) {
		lines = append(lines, s[start:])
	}
	return lines
}

func repeat16(c uint16, n int) []uint16 {
	if n <= 0 {
		return nil
	}
	r := make([]uint16, n)
	for i := range r {
		r[i] = c
	}
	return r
}

// trimTrailingSpace removes trailing characters that Java's
// Character.isWhitespace accepts, as String.stripTrailing does.
func trimTrailingSpace(s []uint16) []uint16 {
	for len(s) > 0 && isJavaWhitespace(s[len(s)-1]) {
		s = s[:len(s)-1]
	}
	return s
}

func isJavaWhitespace(c uint16) bool {
	switch {
	case c == ' ' || (c >= '\t' && c <= '\r') || (c >= 0x1c && c <= 0x1f):
		return true
	case c == 0x1680 || (c >= 0x2000 && c <= 0x2006) || (c >= 0x2008 && c <= 0x200a):
		return true
	case c == 0x2028 || c == 0x2029 || c == 0x205f || c == 0x3000:
		return true
	}
	return false
}

func toUTF16(s string) []uint16 { return utf16.Encode([]rune(s)) }

// utf16Offset converts a byte offset of s into a UTF-16 code unit offset.
func utf16Offset(s string, byteOffset int) int {
	if byteOffset > len(s) {
		return utf16Len(s) + byteOffset - len(s)
	}
	if byteOffset < 0 {
		return 0
	}
	return utf16Len(s[:byteOffset])
}
