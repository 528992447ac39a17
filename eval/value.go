package eval

import (
	"math"
	"strconv"
	"time"
)

// Value is any FQL value. Its Type is both its name in error messages and
// the table of its fields, methods and operators.
type Value interface {
	Type() *Type
}

// Int is FQL's 32-bit integer. Arithmetic produces values through Number,
// which picks Int, Long or Double by size as Fauna does (spec/fql.md §3.1).
type Int int64

// Long is FQL's 64-bit integer.
type Long int64

// Double is an IEEE-754 binary64 number.
type Double float64

// String is an FQL string. Go holds it as UTF-8; lengths and indexes count
// code points, as Fauna's do.
type String string

// Boolean is true or false.
type Boolean bool

// ID is a document id.
type ID int64

// Bytes is a byte string (immutable; held as a Go string).
type Bytes string

// UUID exists in the value model; FQL has no constructor for it.
type UUID [16]byte

// Time is an instant with nanosecond precision.
type Time struct{ T time.Time }

// Date is a calendar date (the time part is always midnight UTC).
type Date struct{ T time.Time }

// TransactionTime is the placeholder for the commit time of the query.
type TransactionTime struct{}

// SetCursor is an `after` token of a paginated set.
type SetCursor string

// The two Booleans, boxed once so returning them never allocates.
var (
	True  Value = Boolean(true)
	False Value = Boolean(false)
)

// Bool returns the boxed Boolean for b.
func Bool(b bool) Value {
	if b {
		return True
	}
	return False
}

// smallInts are pre-boxed Ints, so common integer results do not allocate.
var smallInts = func() (a [1280]Value) {
	for i := range a {
		a[i] = Int(i - 256)
	}
	return
}()

// IntValue boxes an integer that fits in 32 bits.
func IntValue(i int64) Value {
	if i >= -256 && i < 1024 {
		return smallInts[i+256]
	}
	return Int(i)
}

// Number returns the FQL number for an integer: Int if it fits 32 bits,
// else Long (Value.Number in Fauna).
func Number(i int64) Value {
	if i >= math.MinInt32 && i <= math.MaxInt32 {
		return IntValue(i)
	}
	return Long(i)
}

func (Int) Type() *Type             { return IntType }
func (Long) Type() *Type            { return LongType }
func (Double) Type() *Type          { return DoubleType }
func (String) Type() *Type          { return StringType }
func (Boolean) Type() *Type         { return BooleanType }
func (ID) Type() *Type              { return IDType }
func (Bytes) Type() *Type           { return BytesType }
func (UUID) Type() *Type            { return UUIDType }
func (Time) Type() *Type            { return TimeType }
func (Date) Type() *Type            { return DateType }
func (TransactionTime) Type() *Type { return TransactionTimeType }
func (SetCursor) Type() *Type       { return SetCursorType }

// IsNumber reports whether v is an Int, Long or Double.
func IsNumber(v Value) bool {
	switch v.(type) {
	case Int, Long, Double:
		return true
	}
	return false
}

// AsInt64 returns the integer value of an Int or Long.
func AsInt64(v Value) (int64, bool) {
	switch n := v.(type) {
	case Int:
		return int64(n), true
	case Long:
		return int64(n), true
	}
	return 0, false
}

// AsFloat returns any number as a float64.
func AsFloat(v Value) (float64, bool) {
	switch n := v.(type) {
	case Int:
		return float64(n), true
	case Long:
		return float64(n), true
	case Double:
		return float64(n), true
	}
	return 0, false
}

// ToInt converts a number to an Int-range integer the way Fauna's integer
// parameters accept it: an Int, a Long that fits, or an integral Double.
func ToInt(v Value) (int64, bool) {
	switch n := v.(type) {
	case Int:
		return int64(n), true
	case Long:
		if n >= math.MinInt32 && n <= math.MaxInt32 {
			return int64(n), true
		}
	case Double:
		f := float64(n)
		if f == math.Trunc(f) && f >= math.MinInt32 && f <= math.MaxInt32 {
			return int64(f), true
		}
	}
	return 0, false
}

// FormatDouble renders a float64 the way Java's Double.toString does, which
// is how Fauna prints Doubles: always with a '.' or an exponent.
func FormatDouble(f float64) string {
	switch {
	case math.IsNaN(f):
		return "NaN"
	case math.IsInf(f, 1):
		return "Infinity"
	case math.IsInf(f, -1):
		return "-Infinity"
	case f == 0:
		if math.Signbit(f) {
			return "-0.0"
		}
		return "0.0"
	}
	abs := math.Abs(f)
	if abs >= 1e-3 && abs < 1e7 {
		s := strconv.FormatFloat(f, 'f', -1, 64)
		for i := 0; i < len(s); i++ {
			if s[i] == '.' {
				return s
			}
		}
		return s + ".0"
	}
	// Scientific: Java prints d.dddE±n with at least one fraction digit.
	s := strconv.FormatFloat(f, 'e', -1, 64) // e.g. 1e+21, 1.5e-07
	mant, exp := s, ""
	for i := 0; i < len(s); i++ {
		if s[i] == 'e' {
			mant, exp = s[:i], s[i+1:]
			break
		}
	}
	hasDot := false
	for i := 0; i < len(mant); i++ {
		if mant[i] == '.' {
			hasDot = true
		}
	}
	if !hasDot {
		mant += ".0"
	}
	if exp[0] == '+' {
		exp = exp[1:]
	}
	// strip leading zeros of the exponent (Go prints e-07)
	neg := false
	if exp[0] == '-' {
		neg, exp = true, exp[1:]
	}
	for len(exp) > 1 && exp[0] == '0' {
		exp = exp[1:]
	}
	if neg {
		exp = "-" + exp
	}
	return mant + "E" + exp
}
