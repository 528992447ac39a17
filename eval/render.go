package eval

import (
	"encoding/base64"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode"
)

// RenderFQL renders a materialised value in FQL notation, as the Fauna
// shell and the `decorated` wire format print it (MaterializedValue
// Decorator). txn is the transaction time TransactionTime() stands for.
func RenderFQL(v Value, txn time.Time) string {
	d := &decorator{txn: txn}
	d.encode(v)
	return d.b.String()
}

type decorator struct {
	b           strings.Builder
	indent      int
	needsIndent bool
	txn         time.Time
}

func (d *decorator) write(s string) {
	if d.needsIndent {
		for i := 0; i < d.indent; i++ {
			d.b.WriteString("  ")
		}
		d.needsIndent = false
	}
	d.b.WriteString(s)
	if strings.HasSuffix(s, "\n") {
		d.needsIndent = true
	}
}

func (d *decorator) writeln(s string) {
	d.write(s)
	d.write("\n")
}

// writeStrLit writes a string literal; a string with newlines becomes a
// <<-END heredoc (spec/fql.md §4).
func (d *decorator) writeStrLit(s string) {
	d.write("")
	if !strings.Contains(s, "\n") {
		d.b.WriteString(QuoteString(s))
		return
	}
	sigil := "END"
	if strings.Contains(s, "END") {
		sigil = ""
		for i := 0; i < 10; i++ {
			if c := "END" + strconv.Itoa(i); !strings.Contains(s, c) {
				sigil = c
				break
			}
		}
	}
	if sigil == "" {
		d.b.WriteString(QuoteString(s))
		return
	}
	d.writeln("<<-" + sigil)
	d.indent++
	for _, line := range javaLines(s) {
		d.writeln(line)
	}
	d.indent--
	d.write(sigil)
}

// javaLines splits like Java's String.lines(): on \n, \r and \r\n, without
// a trailing empty line.
func javaLines(s string) []string {
	var lines []string
	start := 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '\n':
			lines = append(lines, s[start:i])
			start = i + 1
		case '\r':
			lines = append(lines, s[start:i])
			if i+1 < len(s) && s[i+1] == '\n' {
				i++
			}
			start = i + 1
		}
	}
	if start < len(s) {
		lines = append(lines, s[start:])
	}
	return lines
}

// QuoteString quotes a string with FQL escapes (MaterializedValue.escape).
func QuoteString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch r {
		case '\\':
			b.WriteString(`\\`)
		case 0:
			b.WriteString(`\0`)
		case '\'':
			b.WriteString(`\'`)
		case '"':
			b.WriteString(`\"`)
		case '`':
			b.WriteString("\\`")
		case '\n':
			b.WriteString(`\n`)
		case '\r':
			b.WriteString(`\r`)
		case '\v':
			b.WriteString(`\v`)
		case '\t':
			b.WriteString(`\t`)
		case '\b':
			b.WriteString(`\b`)
		case '\f':
			b.WriteString(`\f`)
		case '#':
			b.WriteString(`\#`)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// IsBareKey reports whether an object key prints without quotes: a letter
// followed by letters, digits and underscores (MaterializedValue.isIdent).
func IsBareKey(k string) bool {
	if k == "" {
		return false
	}
	for i, r := range k {
		if i == 0 {
			if !unicode.IsLetter(r) {
				return false
			}
			continue
		}
		if r != '_' && !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			return false
		}
	}
	return true
}

func (d *decorator) writeKey(k string) {
	if IsBareKey(k) {
		d.write(k)
	} else {
		d.writeStrLit(k)
	}
}

func (d *decorator) encode(v Value) {
	switch x := v.(type) {
	case ID:
		d.writeStrLit(strconv.FormatInt(int64(x), 10))
	case Int:
		d.write(strconv.FormatInt(int64(x), 10))
	case Long:
		d.write(strconv.FormatInt(int64(x), 10))
	case Double:
		f := float64(x)
		switch {
		case math.IsNaN(f):
			d.write("Math.NaN")
		case math.IsInf(f, 1):
			d.write("Math.Infinity")
		case math.IsInf(f, -1):
			d.write("-Math.Infinity")
		default:
			d.write(FormatDouble(f))
		}
	case Boolean:
		if x {
			d.write("true")
		} else {
			d.write("false")
		}
	case String:
		d.writeStrLit(string(x))
	case Bytes:
		d.write("Bytes(")
		d.writeStrLit(base64.StdEncoding.EncodeToString([]byte(x)))
		d.write(")")
	case Time:
		d.write("Time(")
		d.writeStrLit(FormatTime(x.T))
		d.write(")")
	case TransactionTime:
		d.encode(Time{d.txn})
	case Date:
		d.write("Date(")
		d.writeStrLit(FormatDate(x.T))
		d.write(")")
	case UUID:
		d.writeStrLit(formatUUID(x))
	case *Null:
		d.write("null")
	case *Array:
		if len(x.Elems) == 0 {
			d.write("[]")
			return
		}
		d.writeln("[")
		d.indent++
		for i, e := range x.Elems {
			d.encode(e)
			if i == len(x.Elems)-1 {
				d.writeln("")
			} else {
				d.writeln(",")
			}
		}
		d.indent--
		d.write("]")
	case *Object:
		if x.Len() == 0 {
			d.write("{}")
			return
		}
		d.writeln("{")
		d.indent++
		for i, k := range x.keys {
			d.writeKey(k)
			d.write(": ")
			d.encode(x.vals[i])
			if i == x.Len()-1 {
				d.writeln("")
			} else {
				d.writeln(",")
			}
		}
		d.indent--
		d.write("}")
	case SetCursor:
		d.writeStrLit(string(x))
	case *Module:
		if x.Parent != nil {
			d.encode(x.Parent)
			d.write(".")
		}
		d.write(x.Name)
	case *Lambda:
		d.writeStrLit("[function <lambda>]")
	case *NativeFunc:
		d.writeStrLit("[function " + x.Name + "]")
	case NamedFunction:
		d.writeStrLit("[function " + x.FunctionName() + "]")
	case *PageValue:
		d.encode(x.Page)
	case *DocValue:
		switch {
		case x.Fields != nil:
			d.encode(x.Fields)
		case x.Missing != NullLiteral:
			d.renderRef(x.Doc)
			d.write(" /* " + missingComment(x.Missing) + " */")
		default:
			d.renderRef(x.Doc)
		}
	case Document:
		d.renderRef(x)
	case Set:
		d.write("[set]")
	default:
		d.write(fmt.Sprintf("%v", v))
	}
}

func (d *decorator) renderRef(doc Document) {
	d.encode(doc.Coll())
	_, id, named := doc.DocKey()
	if named {
		d.write(".byName(")
		d.writeStrLit(id)
		d.write(")")
		return
	}
	d.write("(\"" + id + "\")")
}

// FormatTime renders a time like Java's Instant.toString: seconds always,
// the fraction in groups of 3 digits only when non-zero, years beyond 9999
// with a sign.
func FormatTime(t time.Time) string {
	t = t.UTC()
	var b strings.Builder
	writeYear(&b, t.Year())
	fmt.Fprintf(&b, "-%02d-%02dT%02d:%02d:%02d", int(t.Month()), t.Day(), t.Hour(), t.Minute(), t.Second())
	if ns := t.Nanosecond(); ns != 0 {
		switch {
		case ns%1e6 == 0:
			fmt.Fprintf(&b, ".%03d", ns/1e6)
		case ns%1e3 == 0:
			fmt.Fprintf(&b, ".%06d", ns/1e3)
		default:
			fmt.Fprintf(&b, ".%09d", ns)
		}
	}
	b.WriteByte('Z')
	return b.String()
}

// FormatDate renders a date like Java's LocalDate.toString.
func FormatDate(t time.Time) string {
	var b strings.Builder
	writeYear(&b, t.Year())
	fmt.Fprintf(&b, "-%02d-%02d", int(t.Month()), t.Day())
	return b.String()
}

func writeYear(b *strings.Builder, y int) {
	switch {
	case y > 9999:
		fmt.Fprintf(b, "+%d", y)
	case y < 0:
		fmt.Fprintf(b, "-%04d", -y)
	default:
		fmt.Fprintf(b, "%04d", y)
	}
}

func formatUUID(u UUID) string {
	return fmt.Sprintf("%x-%x-%x-%x-%x", u[0:4], u[4:6], u[6:8], u[8:10], u[10:16])
}

// DisplayString is the string conversion of `toString()`, interpolation,
// log() and `"a" + x` (ToString.toDisplayString).
func DisplayString(v Value) string {
	switch x := v.(type) {
	case ID:
		return strconv.FormatInt(int64(x), 10)
	case Int:
		return strconv.FormatInt(int64(x), 10)
	case Long:
		return strconv.FormatInt(int64(x), 10)
	case Double:
		f := float64(x)
		if !math.IsNaN(f) && !math.IsInf(f, 0) && f == math.Trunc(f) {
			s := strconv.FormatFloat(f, 'f', 0, 64)
			if f == 0 && math.Signbit(f) {
				s = "-0"
			}
			return s
		}
		return FormatDouble(f)
	case Boolean:
		return strconv.FormatBool(bool(x))
	case String:
		return string(x)
	case Bytes:
		return base64.StdEncoding.EncodeToString([]byte(x))
	case Time:
		return FormatTime(x.T)
	case Date:
		return FormatDate(x.T)
	case UUID:
		return formatUUID(x)
	case *Null:
		return "null"
	case SetCursor:
		return string(x)
	case TransactionTime:
		return "[transaction time]"
	}
	return DebugString(v)
}

// DebugString is the debug form of dbg(), error messages and nested values
// of display strings (ToString.toDebugString).
func DebugString(v Value) string {
	var b strings.Builder
	writeDebug(&b, v, false)
	return b.String()
}

func writeDebug(b *strings.Builder, v Value, nested bool) {
	switch x := v.(type) {
	case ID:
		b.WriteString(`ID("` + strconv.FormatInt(int64(x), 10) + `")`)
	case Int, Long, Boolean:
		b.WriteString(DisplayString(v))
	case Double:
		b.WriteString(FormatDouble(float64(x)))
	case String:
		b.WriteString(QuoteString(string(x)))
	case Bytes:
		b.WriteString(`Bytes("` + base64.StdEncoding.EncodeToString([]byte(x)) + `")`)
	case Time:
		b.WriteString(`Time("` + FormatTime(x.T) + `")`)
	case Date:
		b.WriteString(`Date("` + FormatDate(x.T) + `")`)
	case UUID:
		b.WriteString(`UUID("` + formatUUID(x) + `")`)
	case *Null:
		b.WriteString("null")
	case *Array:
		b.WriteByte('[')
		for i, e := range x.Elems {
			if i > 0 {
				b.WriteString(", ")
			}
			writeDebug(b, e, nested)
		}
		b.WriteByte(']')
	case *Object:
		if x.Len() == 0 {
			b.WriteString("{}")
			return
		}
		b.WriteString("{ ")
		for i, k := range x.keys {
			if i > 0 {
				b.WriteString(", ")
			}
			if IsBareKey(k) {
				b.WriteString(k)
			} else {
				b.WriteString(QuoteString(k))
			}
			b.WriteString(": ")
			writeDebug(b, x.vals[i], nested)
		}
		b.WriteString(" }")
	case *Module:
		if x.Parent != nil {
			writeDebug(b, x.Parent, nested)
			b.WriteByte('.')
		}
		b.WriteString(x.Name)
	case TransactionTime:
		b.WriteString("TransactionTime()")
	case SetCursor:
		b.WriteString(QuoteString(string(x)))
	case Set, *PageValue:
		b.WriteString("[set]")
	case *Lambda:
		b.WriteString("[function <lambda>]")
	case *NativeFunc:
		b.WriteString("[function " + x.Name + "()]")
	case NamedFunction:
		b.WriteString("[function " + x.FunctionName() + "()]")
	case *DocValue:
		writeDebugDoc(b, x, nested)
	default:
		fmt.Fprintf(b, "%v", v)
	}
}

func writeDebugDoc(b *strings.Builder, d *DocValue, nested bool) {
	if d.Fields == nil || nested {
		if !d.Exists && d.Fields == nil {
			b.WriteString("null")
			return
		}
		coll, id, _ := d.Doc.DocKey()
		b.WriteString("[doc " + id + " in " + coll + "]")
		return
	}
	writeDebug(b, d.Fields, true)
}
