package stdlib

import (
	"math"
	"time"

	"github.com/fqlite/fqlite/eval"
)

// Date values and the Date module (Date.scala). A Date is a
// java.time.LocalDate in Fauna; here it is midnight UTC of that day.

// defineDateModule adds `Date(...)`, Date.fromString and Date.today. It
// runs from time.go's init, after global.go's has created the module (init
// functions run in file-name order).
func defineDateModule() {
	mod := DateModule.Type()
	fromString := eval.NewMethod("Date", params{p("date", eval.StringTag)}, func(_ *eval.Thread, _ eval.Value, args []eval.Value) (eval.Value, error) {
		s := str(args[0])
		d, ok := parseDate(s)
		if !ok {
			return nil, eval.Errorf(eval.CodeInvalidDate, "`%s` is not a valid date.", s)
		}
		return d, nil
	})
	setCall(DateModule, fromString)
	def(mod, "fromString", params{p("date", eval.StringTag)}, fromString.Overloads[0].Fn)
	def(mod, "today", nil, func(t *eval.Thread, _ eval.Value, _ []eval.Value) (eval.Value, error) {
		if err := t.CheckEffect("`today`", eval.EffectObservation); err != nil {
			return nil, err
		}
		now := t.Now().UTC()
		return dateOf(int64(now.Year()), now.Month(), now.Day()), nil
	})
}

func init() {
	ty := eval.DateType
	for name, f := range map[string]func(time.Time) int{
		"year":       func(t time.Time) int { return t.Year() },
		"month":      func(t time.Time) int { return int(t.Month()) },
		"dayOfMonth": func(t time.Time) int { return t.Day() },
		"dayOfWeek":  isoWeekday,
		"dayOfYear":  func(t time.Time) int { return t.YearDay() },
	} {
		ty.DefineField(name, func(_ *eval.Thread, self eval.Value) (eval.Value, error) {
			return eval.Number(int64(f(self.(eval.Date).T))), nil
		})
	}
	amountUnit := params{p("amount", eval.NumberTag), p("unit", eval.StringTag)}
	def(ty, "add", amountUnit, func(_ *eval.Thread, self eval.Value, args []eval.Value) (eval.Value, error) {
		return dateShift(self.(eval.Date), args[0], str(args[1]), false)
	})
	def(ty, "subtract", amountUnit, func(_ *eval.Thread, self eval.Value, args []eval.Value) (eval.Value, error) {
		return dateShift(self.(eval.Date), args[0], str(args[1]), true)
	})
	def(ty, "difference", params{p("start", eval.DateTag)}, func(_ *eval.Thread, self eval.Value, args []eval.Value) (eval.Value, error) {
		// Always a Long (ChronoUnit.DAYS.between).
		return eval.Long(epochDay(self.(eval.Date)) - epochDay(args[0].(eval.Date))), nil
	})
}

// The LocalDate range as epoch days: -999999999-01-01 to +999999999-12-31.
const (
	minEpochDay = -365243219162
	maxEpochDay = 365241780471
)

func dateOf(year int64, month time.Month, day int) eval.Date {
	return eval.Date{T: time.Date(int(year), month, day, 0, 0, 0, 0, time.UTC)}
}

func epochDay(d eval.Date) int64 {
	return floorDiv(d.T.Unix(), 86400)
}

func floorDiv(a, b int64) int64 {
	q := a / b
	if (a%b != 0) && ((a < 0) != (b < 0)) {
		q--
	}
	return q
}

// dateShift is Date.add and Date.subtract: only date-based units (days)
// are allowed, and a Double amount is rounded half up (Math.round).
func dateShift(self eval.Date, amount eval.Value, unit string, sub bool) (eval.Value, error) {
	unitNanos, ok := lookupUnit(unit)
	if !ok || unitNanos != nanosPerDay {
		return nil, eval.Errorf(eval.CodeInvalidUnit, "`%s` is not a valid date unit.", unit)
	}
	var days int64
	if d, isDouble := amount.(eval.Double); isDouble {
		days = javaRound(float64(d))
	} else {
		days, _ = eval.AsInt64(amount)
	}
	if sub {
		if days == math.MinInt64 {
			return nil, errDateMax()
		}
		days = -days
	}
	start := epochDay(self)
	end := start + days
	// Fauna fails with an unhandled DateTimeException here; fqlite reports
	// the overflow like Time's.
	if (days > 0 && end < start) || end > maxEpochDay {
		return nil, errDateMax()
	}
	if (days < 0 && end > start) || end < minEpochDay {
		return nil, errDateMin()
	}
	return eval.Date{T: time.Unix(end*86400, 0).UTC()}, nil
}

func errDateMax() error {
	return eval.NewError(eval.CodeInvalidDate, "Date exceeds the maximum value.")
}
func errDateMin() error {
	return eval.NewError(eval.CodeInvalidDate, "Date exceeds the minimum value.")
}

// parseDate is LocalDate.parse: strict ISO yyyy-MM-dd (a sign and more
// digits for years beyond 9999), and the day must exist.
func parseDate(s string) (eval.Date, bool) {
	sc := &scanner{s: s}
	year, month, day, ok := sc.date()
	if !ok || sc.i != len(s) || month < 1 || month > 12 || day < 1 || day > int64(daysIn(time.Month(month), year)) {
		return eval.Date{}, false
	}
	return dateOf(year, time.Month(month), int(day)), true
}
