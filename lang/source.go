package lang

import (
	"sort"
	"sync"
	"unicode/utf16"
	"unicode/utf8"
)

// Source names used in diagnostics (spec/fql.md §6.2.1).
const (
	QuerySourceName = "*query*"
)

// UDFSourceName is the diagnostic name of a user-defined function's body.
func UDFSourceName(name string) string { return "*udf:" + name + "*" }

// Source is a named FQL or FSL text. Line offsets are computed once, on the
// first diagnostic that needs them, so parsing and evaluation never pay for
// them.
type Source struct {
	Name string
	Text string

	once     sync.Once
	newlines []int // byte offsets of every '\n'
}

// NewSource returns a Source for text.
func NewSource(name, text string) *Source { return &Source{Name: name, Text: text} }

// Span is a half-open range of byte offsets into a Source's text.
type Span struct {
	Start, End int
}

// Len is the span's length in bytes.
func (s Span) Len() int { return s.End - s.Start }

// To returns the span from s's start to e's end.
func (s Span) To(e Span) Span { return Span{s.Start, e.End} }

// Overlaps reports whether the two spans share a position, the way Fauna
// decides whether a "Null value created here" hint is redundant: either end of
// o lies within s (ends inclusive).
func (s Span) Overlaps(o Span) bool {
	return (o.Start >= s.Start && o.Start <= s.End) || (o.End >= s.Start && o.End <= s.End)
}

func (src *Source) index() {
	src.once.Do(func() {
		for i := 0; i < len(src.Text); i++ {
			if src.Text[i] == '\n' {
				src.newlines = append(src.newlines, i)
			}
		}
	})
}

// LineCol returns the 1-based line and the 1-based column (counted in UTF-16
// code units, as Fauna counts) of a byte offset.
func (src *Source) LineCol(offset int) (line, col int) {
	src.index()
	if offset > len(src.Text) {
		offset = len(src.Text)
	}
	i := sort.SearchInts(src.newlines, offset)
	start := 0
	if i > 0 {
		start = src.newlines[i-1] + 1
	}
	return i + 1, utf16Len(src.Text[start:offset]) + 1
}

// utf16Len counts the UTF-16 code units of s.
func utf16Len(s string) int {
	n := 0
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		n += utf16.RuneLen(r)
	}
	return n
}
