package stdlib

import (
	"math"
	"math/big"
	"strconv"
	"strings"
	"time"

	"github.com/fqlite/fqlite/eval"
)

// Time values and the Time and TransactionTime modules (Time.scala,
// TransactionTime.scala). A Time is a java.time.Instant in Fauna; the
// arithmetic below follows Instant's: exact nanoseconds, and an
// ArithmeticException/DateTimeException (here: leaving the Instant range)
// reported as the method's own overflow error.

func init() {
	defineBytesModule()
	defineDateModule()

	mod := TimeModule.Type()
	fromString := eval.NewMethod("Time", params{p("time", eval.StringTag)}, func(_ *eval.Thread, _ eval.Value, args []eval.Value) (eval.Value, error) {
		return timeFromString(str(args[0]))
	})
	setCall(TimeModule, fromString)
	def(mod, "fromString", params{p("time", eval.StringTag)}, fromString.Overloads[0].Fn)
	def(mod, "now", nil, func(t *eval.Thread, _ eval.Value, _ []eval.Value) (eval.Value, error) {
		if err := t.CheckEffect("`now`", eval.EffectObservation); err != nil {
			return nil, err
		}
		return eval.Time{T: t.Now()}, nil
	})
	def(mod, "epoch", params{p("offset", eval.NumberTag), p("unit", eval.StringTag)}, timeEpoch)

	ty := eval.TimeType
	for name, f := range map[string]func(time.Time) int{
		"year":       func(t time.Time) int { return t.Year() },
		"month":      func(t time.Time) int { return int(t.Month()) },
		"dayOfMonth": func(t time.Time) int { return t.Day() },
		"dayOfWeek":  isoWeekday,
		"dayOfYear":  func(t time.Time) int { return t.YearDay() },
		"hour":       func(t time.Time) int { return t.Hour() },
		"minute":     func(t time.Time) int { return t.Minute() },
		"second":     func(t time.Time) int { return t.Second() },
	} {
		ty.DefineField(name, func(_ *eval.Thread, self eval.Value) (eval.Value, error) {
			return eval.Number(int64(f(self.(eval.Time).T.UTC()))), nil
		})
	}
	def(ty, "toSeconds", nil, func(_ *eval.Thread, self eval.Value, _ []eval.Value) (eval.Value, error) {
		return eval.Number(self.(eval.Time).T.Unix()), nil
	})
	def(ty, "toMillis", nil, func(_ *eval.Thread, self eval.Value, _ []eval.Value) (eval.Value, error) {
		// Instant.toEpochMilli: floor, and an overflow is an error.
		ms := new(big.Int).Div(instantNanos(self.(eval.Time).T), big.NewInt(1e6))
		if !ms.IsInt64() {
			return nil, eval.ErrValueTooLarge("time in milliseconds exceeds the Long range")
		}
		return eval.Number(ms.Int64()), nil
	})
	def(ty, "toMicros", nil, func(_ *eval.Thread, self eval.Value, _ []eval.Value) (eval.Value, error) {
		// Timestamp.micros: seconds*10^6 + nanos/1000 in wrapping Long
		// arithmetic.
		t := self.(eval.Time).T
		return eval.Number(t.Unix()*1e6 + int64(t.Nanosecond()/1e3)), nil
	})
	amountUnit := params{p("amount", eval.NumberTag), p("unit", eval.StringTag)}
	def(ty, "add", amountUnit, func(_ *eval.Thread, self eval.Value, args []eval.Value) (eval.Value, error) {
		return timeShift(self.(eval.Time), args[0], str(args[1]), false)
	})
	def(ty, "subtract", amountUnit, func(_ *eval.Thread, self eval.Value, args []eval.Value) (eval.Value, error) {
		return timeShift(self.(eval.Time), args[0], str(args[1]), true)
	})
	def(ty, "difference", params{p("start", eval.TimeTag), p("unit", eval.StringTag)}, timeDifference)

	setCall(TransactionTimeModule, eval.NewMethod("TransactionTime", nil, func(*eval.Thread, eval.Value, []eval.Value) (eval.Value, error) {
		return eval.TransactionTime{}, nil
	}))
}

// setCall makes a module callable like a function (`Time("...")`,
// `ID(1)`): Fauna's defApply.
func setCall(m *eval.Module, meth *eval.Method) {
	m.Type().Call = func(t *eval.Thread, self eval.Value, args []eval.Value) (eval.Value, error) {
		if !meth.Arity.Accepts(len(args)) {
			return nil, eval.ErrArity(meth.Arity, len(args))
		}
		return meth.Invoke(t, self, args)
	}
}

// isoWeekday is the ISO day of the week: Monday = 1 ... Sunday = 7.
func isoWeekday(t time.Time) int {
	if d := int(t.Weekday()); d != 0 {
		return d
	}
	return 7
}

// Time units (fauna.lang.MidstUnit), by their length in nanoseconds. The
// unit string is trimmed as Java's String.trim does; matching is exact.
var timeUnits = map[string]int64{
	"nanosecond": 1, "nanoseconds": 1,
	"microsecond": 1e3, "microseconds": 1e3,
	"millisecond": 1e6, "milliseconds": 1e6,
	"second": 1e9, "seconds": 1e9,
	"minute": 60e9, "minutes": 60e9,
	"hour": 3600e9, "hours": 3600e9,
	"half day": 43200e9, "half days": 43200e9,
	"day": 86400e9, "days": 86400e9,
}

const nanosPerDay = 86400e9

func lookupUnit(unit string) (int64, bool) {
	n, ok := timeUnits[strings.TrimFunc(unit, func(r rune) bool { return r <= ' ' })]
	return n, ok
}

func errTimeUnit(unit string) error {
	return eval.Errorf(eval.CodeInvalidUnit, "`%s` is not a valid time unit.", unit)
}

func errTimeMax() error {
	return eval.NewError(eval.CodeInvalidTime, "Time exceeds the maximum value.")
}
func errTimeMin() error {
	return eval.NewError(eval.CodeInvalidTime, "Time exceeds the minimum value.")
}

var (
	bigBillion = big.NewInt(1e9)
	// The java.time.Instant range, in nanoseconds since the epoch.
	instantMin = new(big.Int).Mul(big.NewInt(-31557014167219200), bigBillion)
	instantMax = new(big.Int).Add(new(big.Int).Mul(big.NewInt(31556889864403199), bigBillion), big.NewInt(999999999))
	// Fauna's Time range: -999999999-01-01T00:00:00Z to
	// +999999999-12-31T23:59:59.999999999Z.
	timeMin = instantNanos(time.Date(-999999999, 1, 1, 0, 0, 0, 0, time.UTC))
	timeMax = instantNanos(time.Date(999999999, 12, 31, 23, 59, 59, 999999999, time.UTC))
)

// instantNanos is t as nanoseconds since the epoch.
func instantNanos(t time.Time) *big.Int {
	n := new(big.Int).Mul(big.NewInt(t.Unix()), bigBillion)
	return n.Add(n, big.NewInt(int64(t.Nanosecond())))
}

// inInstantRange reports whether n nanoseconds since the epoch is a valid
// java.time.Instant.
func inInstantRange(n *big.Int) bool {
	return n.Cmp(instantMin) >= 0 && n.Cmp(instantMax) <= 0
}

// fromNanos converts nanoseconds since the epoch to a Time.
func fromNanos(n *big.Int) eval.Time {
	sec, nsec := new(big.Int).DivMod(n, bigBillion, new(big.Int))
	return eval.Time{T: time.Unix(sec.Int64(), nsec.Int64()).UTC()}
}

// timeShift is Time.add (sub=false) and Time.subtract (sub=true).
func timeShift(self eval.Time, amount eval.Value, unit string, sub bool) (eval.Value, error) {
	unitNanos, ok := lookupUnit(unit)
	if !ok {
		return nil, errTimeUnit(unit)
	}
	overflow := errTimeMax
	if sub {
		overflow = errTimeMin
	}
	var delta *big.Int
	if d, isDouble := amount.(eval.Double); isDouble {
		f := float64(d)
		if sub {
			f = -f
		}
		if delta, ok = doubleOffset(f, unitNanos); !ok {
			return nil, overflow()
		}
	} else {
		n, _ := eval.AsInt64(amount)
		delta = new(big.Int).Mul(big.NewInt(n), big.NewInt(unitNanos))
		if sub {
			delta.Neg(delta)
		}
	}
	res := delta.Add(delta, instantNanos(self.T))
	switch {
	case !inInstantRange(res):
		// Instant throws; Fauna reports the method's own direction.
		return nil, overflow()
	case res.Cmp(timeMin) < 0:
		return nil, errTimeMin()
	case res.Cmp(timeMax) > 0:
		return nil, errTimeMax()
	}
	return fromNanos(res), nil
}

// doubleOffset converts a Double amount of a unit to nanoseconds the way
// Timestamp.plus(Double) does: the whole part of |amount| is multiplied
// exactly (as the decimal BigDecimal of its shortest representation), the
// fraction in double precision and truncated. ok=false is an overflow.
func doubleOffset(amount float64, unitNanos int64) (*big.Int, bool) {
	if math.IsNaN(amount) || math.IsInf(amount, 0) {
		return nil, false
	}
	neg := amount < 0
	amount = math.Abs(amount)
	whole := math.Floor(amount)
	fracNanos := float64(unitNanos) * (amount - whole)
	wholeNanos, ok := decimalInt(whole)
	if !ok {
		return nil, false
	}
	wholeNanos.Mul(wholeNanos, big.NewInt(unitNanos))
	secs, nanos := new(big.Int).DivMod(wholeNanos, bigBillion, new(big.Int))
	if secs.Cmp(big.NewInt(math.MaxInt64)) >= 0 {
		// Clamped to Long.MaxValue seconds, which no Instant can absorb.
		return nil, false
	}
	total := secs.Mul(secs, bigBillion)
	total.Add(total, nanos)
	total.Add(total, big.NewInt(int64(fracNanos)))
	if neg {
		total.Neg(total)
	}
	return total, true
}

// decimalInt is the integral double f as Scala's BigDecimal(f) sees it:
// the decimal value of Java's Double.toString(f). Fauna runs on a JDK
// before 19, whose Double.toString prints an integral double below 2^63
// with all its digits, except for binary exponents 56 to 62 where a few low
// digits are dropped with rounding (FloatingDecimal's developLongDigits):
// 63113903968377592.0 is 63113903968377592, not 63113903968377590. Larger
// values use the shortest representation, which that JDK almost always
// prints too (9.223372036854775807E18 is 9223372036854776000, not 2^63).
func decimalInt(f float64) (*big.Int, bool) {
	if f < 0x1.0p63 {
		n := int64(f)
		binExp := math.Ilogb(f)
		// insignificantDigitsNumber[binExp-54] for binExp-54 > 1
		if drop := [...]int{0, 0, 0, 0, 1, 1, 1, 2, 2}; binExp >= 56 {
			pow := int64(math.Pow10(drop[binExp-54]))
			q, r := n/pow, n%pow
			if r >= pow/2 && pow > 1 {
				q++
			}
			n = q * pow
		}
		return big.NewInt(n), true
	}
	s := strconv.FormatFloat(f, 'e', -1, 64)
	mant, exp, _ := strings.Cut(s, "e")
	e, err := strconv.Atoi(exp)
	if err != nil {
		return nil, false
	}
	digits := strings.Replace(mant, ".", "", 1)
	e -= len(digits) - 1
	n, ok := new(big.Int).SetString(digits, 10)
	if !ok || e < 0 {
		return nil, false
	}
	return n.Mul(n, new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(e)), nil)), true
}

// timeEpoch is Time.epoch(offset, unit). Fauna does not range-check the
// result against Time's limits, only Instant's.
func timeEpoch(_ *eval.Thread, _ eval.Value, args []eval.Value) (eval.Value, error) {
	unit := str(args[1])
	unitNanos, ok := lookupUnit(unit)
	if !ok {
		return nil, errTimeUnit(unit)
	}
	var n *big.Int
	if d, isDouble := args[0].(eval.Double); isDouble {
		// FiniteDuration * Double: the nanoseconds as a Double, rounded;
		// a non-finite duration is Timestamp.Max.
		nanos := float64(unitNanos) * float64(d)
		switch {
		case math.IsNaN(nanos) || math.IsInf(nanos, 0):
			return fromNanos(instantMax), nil
		case nanos > math.MaxInt64:
			return nil, errTimeMax()
		case nanos < math.MinInt64:
			return nil, errTimeMin()
		}
		n = big.NewInt(javaRound(nanos))
	} else {
		i, _ := eval.AsInt64(args[0])
		n = new(big.Int).Mul(big.NewInt(i), big.NewInt(unitNanos))
	}
	if !inInstantRange(n) {
		if n.Sign() > 0 {
			return nil, errTimeMax()
		}
		return nil, errTimeMin()
	}
	return fromNanos(n), nil
}

// javaRound is Java's Math.round(double): floor(f + 0.5) computed exactly,
// saturating, NaN to 0.
func javaRound(f float64) int64 {
	if math.IsNaN(f) {
		return 0
	}
	if math.Abs(f) >= 0x1.0p52 { // already integral
		return eval.JavaD2L(f)
	}
	fl := math.Floor(f)
	if f-fl >= 0.5 {
		return int64(fl) + 1
	}
	return int64(fl)
}

// timeDifference is end.difference(start, unit): ChronoUnit.between,
// i.e. Instant.until as of JDK 17 (the JDK Fauna runs, see decimalInt):
// whole units from start to end truncated toward zero, except that
// milliseconds are the difference of the two epoch milliseconds (each
// rounded down). Results beyond a Long are errors.
func timeDifference(_ *eval.Thread, self eval.Value, args []eval.Value) (eval.Value, error) {
	unit := str(args[1])
	unitNanos, ok := lookupUnit(unit)
	if !ok {
		return nil, errTimeUnit(unit)
	}
	end, start := self.(eval.Time).T, args[0].(eval.Time).T
	var diff *big.Int
	switch unitNanos {
	case 1, 1e3: // nanosUntil, then / 1000 for micros
		diff = instantNanos(end)
		diff.Sub(diff, instantNanos(start))
		if !diff.IsInt64() {
			return nil, errTimeDifference()
		}
		diff.Quo(diff, big.NewInt(unitNanos))
	case 1e6: // end.toEpochMilli() - start.toEpochMilli()
		ms := big.NewInt(1e6)
		diff = new(big.Int).Div(instantNanos(end), ms)
		startMs := new(big.Int).Div(instantNanos(start), ms)
		if !diff.IsInt64() || !startMs.IsInt64() {
			return nil, errTimeDifference()
		}
		diff.Sub(diff, startMs)
	default: // secondsUntil / units
		secs := end.Unix() - start.Unix()
		nanos := end.Nanosecond() - start.Nanosecond()
		switch {
		case secs > 0 && nanos < 0:
			secs--
		case secs < 0 && nanos > 0:
			secs++
		}
		diff = big.NewInt(secs / (unitNanos / 1e9))
	}
	if !diff.IsInt64() {
		return nil, errTimeDifference()
	}
	return eval.Number(diff.Int64()), nil
}

// errTimeDifference reports a difference beyond a Long, where Fauna fails
// with an unhandled ArithmeticException.
func errTimeDifference() error {
	return eval.ErrValueTooLarge("time difference exceeds the Long range")
}

func timeFromString(s string) (eval.Value, error) {
	t, ok := parseTimestamp(s)
	if !ok {
		return nil, eval.Errorf(eval.CodeInvalidTime, "`%s` is not a valid time.", s)
	}
	return eval.Time{T: t}, nil
}

// parseTimestamp parses Fauna's Timestamp format: ISO_LOCAL_DATE_TIME
// followed by an offset (`Z`, `+HH:MM[:ss]` or `+HHMM`), which is
// required. Like java.time with the SMART resolver it accepts `T`/`Z` in
// either case, moves an out-of-range day of month to the month's last day
// (2023-02-30 is 2023-02-28) and reads 24:00 as the next midnight.
func parseTimestamp(s string) (time.Time, bool) {
	sc := &scanner{s: s}
	year, month, day, ok := sc.date()
	if !ok || !sc.literalFold('T') {
		return time.Time{}, false
	}
	hour, ok1 := sc.fixed(2)
	okColon := sc.literal(':')
	minute, ok2 := sc.fixed(2)
	if !ok1 || !okColon || !ok2 {
		return time.Time{}, false
	}
	var second, nano int64
	if mark := sc.i; sc.literal(':') {
		if v, ok := sc.fixed(2); ok {
			second = v
			if sc.literal('.') {
				start := sc.i
				for sc.i < len(s) && sc.i-start < 9 && isDigit(s[sc.i]) {
					sc.i++
				}
				frac := s[start:sc.i]
				if frac != "" {
					nano, _ = strconv.ParseInt(frac+strings.Repeat("0", 9-len(frac)), 10, 64)
				}
			}
		} else {
			sc.i = mark
		}
	}
	// Two optional offset sections: "+HH:MM:ss" (or "Z"), then "+HHMM"
	// (or "+0000"). If both parse they must agree.
	offset, hasOffset := int64(0), false
	if o, ok, bad := sc.offset(true); bad {
		return time.Time{}, false
	} else if ok {
		offset, hasOffset = o, true
	}
	if mark := sc.i; sc.i < len(s) {
		o, ok, bad := sc.offset(false)
		switch {
		case bad:
			return time.Time{}, false
		case ok && hasOffset && o != offset:
			sc.i = mark // conflicting values: the section fails
		case ok:
			offset, hasOffset = o, true
		}
	}
	if sc.i != len(s) || !hasOffset {
		return time.Time{}, false
	}
	// Resolve (ResolverStyle.SMART).
	if month < 1 || month > 12 || day < 1 || day > 31 {
		return time.Time{}, false
	}
	if dim := int64(daysIn(time.Month(month), year)); day > dim {
		day = dim
	}
	if minute > 59 || second > 59 {
		return time.Time{}, false
	}
	extraDay := false
	if hour == 24 && minute == 0 && second == 0 && nano == 0 {
		hour, extraDay = 0, true
	} else if hour > 23 {
		return time.Time{}, false
	}
	t := time.Date(int(year), time.Month(month), int(day), int(hour), int(minute), int(second), int(nano), time.UTC)
	if extraDay {
		t = t.AddDate(0, 0, 1)
		if t.Year() > 999999999 {
			return time.Time{}, false
		}
	}
	return t.Add(-time.Duration(offset) * time.Second), true
}

// daysIn is the length of a month in the proleptic Gregorian calendar.
func daysIn(m time.Month, year int64) int {
	switch m {
	case time.April, time.June, time.September, time.November:
		return 30
	case time.February:
		if year%4 == 0 && (year%100 != 0 || year%400 == 0) {
			return 29
		}
		return 28
	}
	return 31
}

// scanner reads java.time's ISO formats.
type scanner struct {
	s string
	i int
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

func (sc *scanner) literal(c byte) bool {
	if sc.i < len(sc.s) && sc.s[sc.i] == c {
		sc.i++
		return true
	}
	return false
}

// literalFold matches an ASCII letter in either case (parseCaseInsensitive).
func (sc *scanner) literalFold(c byte) bool {
	if sc.i < len(sc.s) && (sc.s[sc.i]|0x20) == (c|0x20) {
		sc.i++
		return true
	}
	return false
}

// fixed reads exactly n digits.
func (sc *scanner) fixed(n int) (int64, bool) {
	if sc.i+n > len(sc.s) {
		return 0, false
	}
	var v int64
	for _, c := range []byte(sc.s[sc.i : sc.i+n]) {
		if !isDigit(c) {
			return 0, false
		}
		v = v*10 + int64(c-'0')
	}
	sc.i += n
	return v, true
}

// date reads ISO_LOCAL_DATE: a year of 4 to 10 digits with a sign when
// longer than 4 (SignStyle.EXCEEDS_PAD, strict), then -MM-dd. Field ranges
// are left to the caller, except the year's.
func (sc *scanner) date() (year, month, day int64, ok bool) {
	s := sc.s
	var sign byte
	if sc.i < len(s) && (s[sc.i] == '+' || s[sc.i] == '-') {
		sign = s[sc.i]
		sc.i++
	}
	start := sc.i
	for sc.i < len(s) && sc.i-start < 10 && isDigit(s[sc.i]) {
		sc.i++
	}
	n := sc.i - start
	if n < 4 {
		return 0, 0, 0, false
	}
	year, _ = strconv.ParseInt(s[start:sc.i], 10, 64)
	switch sign {
	case '-':
		if year == 0 {
			return 0, 0, 0, false
		}
		year = -year
	case '+':
		if n <= 4 {
			return 0, 0, 0, false
		}
	default:
		if n > 4 {
			return 0, 0, 0, false
		}
	}
	if year < -999999999 || year > 999999999 {
		return 0, 0, 0, false
	}
	if !sc.literal('-') {
		return 0, 0, 0, false
	}
	if month, ok = sc.fixed(2); !ok || !sc.literal('-') {
		return 0, 0, 0, false
	}
	if day, ok = sc.fixed(2); !ok {
		return 0, 0, 0, false
	}
	return year, month, day, true
}

// offset reads one of the two offset sections: colons=true is
// appendOffset("+HH:MM:ss", "Z"), colons=false appendOffset("+HHMM",
// "+0000"). ok=false means the section does not match (nothing consumed);
// bad means java.time throws (an hour, minute or second out of range).
func (sc *scanner) offset(colons bool) (secs int64, ok, bad bool) {
	mark := sc.i
	if colons && sc.literalFold('Z') {
		return 0, true, false
	}
	if !colons && strings.HasPrefix(sc.s[sc.i:], "+0000") {
		sc.i += 5
		return 0, true, false
	}
	if sc.i >= len(sc.s) || (sc.s[sc.i] != '+' && sc.s[sc.i] != '-') {
		return 0, false, false
	}
	neg := sc.s[sc.i] == '-'
	sc.i++
	h, okH := sc.fixed(2)
	okSep := !colons || sc.literal(':')
	m, okM := sc.fixed(2)
	if !okH || !okSep || !okM {
		sc.i = mark
		return 0, false, false
	}
	var sec int64
	if colons {
		if secMark := sc.i; sc.literal(':') {
			if v, okS := sc.fixed(2); okS {
				sec = v
			} else {
				sc.i = secMark
			}
		}
	}
	if h > 23 || m > 59 || sec > 59 {
		return 0, false, true
	}
	secs = h*3600 + m*60 + sec
	if neg {
		secs = -secs
	}
	return secs, true, false
}
