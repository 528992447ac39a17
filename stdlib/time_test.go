package stdlib

import (
	"math"
	"testing"
	"time"

	"github.com/fqlite/fqlite/eval"
)

func TestParseTimestamp(t *testing.T) {
	tests := []struct {
		in   string
		want string // FormatTime of the result; "" = invalid
	}{
		{"2023-02-10T12:01:19Z", "2023-02-10T12:01:19Z"},
		{"2023-02-10t12:01:19z", "2023-02-10T12:01:19Z"},
		{"2023-02-10T12:01Z", "2023-02-10T12:01:00Z"},
		{"2023-02-10T12:00:00.5Z", "2023-02-10T12:00:00.500Z"},
		{"2023-02-10T12:00:00.123456789Z", "2023-02-10T12:00:00.123456789Z"},
		{"2023-02-10T12:00:00.1234567891Z", ""},
		{"2023-02-10T13:00:00+01:00", "2023-02-10T12:00:00Z"},
		{"2023-02-10T13:00:00+0100", "2023-02-10T12:00:00Z"},
		{"2023-02-10T13:00:00+01:00:30", "2023-02-10T11:59:30Z"},
		{"2023-02-10T10:00:00-02:00", "2023-02-10T12:00:00Z"},
		{"2023-02-10T12:00:00Z+0000", "2023-02-10T12:00:00Z"},
		{"2023-02-10T12:00:00+01:00+0200", ""},
		{"2023-02-10T12:00:00+01", ""},
		{"2023-02-10T12:00:00+24:00", ""},
		{"2023-02-10T12:00:00", ""},
		{"2023-02-10", ""},
		{"2023-02-10 12:00:00Z", ""},
		{"2023-02-10T12:00:00Z ", ""},
		// SMART resolution: the day is clamped, 24:00 is the next midnight.
		{"2023-02-30T00:00:00Z", "2023-02-28T00:00:00Z"},
		{"2024-02-31T00:00:00Z", "2024-02-29T00:00:00Z"},
		{"2023-04-31T00:00:00Z", "2023-04-30T00:00:00Z"},
		{"2023-02-32T00:00:00Z", ""},
		{"2023-13-01T00:00:00Z", ""},
		{"2023-02-10T24:00Z", "2023-02-11T00:00:00Z"},
		{"2023-02-10T24:00:01Z", ""},
		{"2023-02-10T25:00:00Z", ""},
		{"2023-02-10T12:60:00Z", ""},
		{"2023-02-10T12:00:60Z", ""},
		// Years: a sign is required beyond 4 digits and only then.
		{"+33658-09-27T01:46:40Z", "+33658-09-27T01:46:40Z"},
		{"33658-09-27T01:46:40Z", ""},
		{"+2023-01-01T00:00:00Z", ""},
		{"-0001-01-01T00:00:00Z", "-0001-01-01T00:00:00Z"},
		{"-0000-01-01T00:00:00Z", ""},
		{"+999999999-12-31T23:59:59.999999999Z", "+999999999-12-31T23:59:59.999999999Z"},
		{"+1000000000-01-01T00:00:00Z", ""},
		{"hey", ""},
	}
	for _, tt := range tests {
		got, ok := parseTimestamp(tt.in)
		switch {
		case tt.want == "" && ok:
			t.Errorf("parseTimestamp(%q) = %s, want invalid", tt.in, eval.FormatTime(got))
		case tt.want != "" && !ok:
			t.Errorf("parseTimestamp(%q) is invalid, want %s", tt.in, tt.want)
		case ok && eval.FormatTime(got) != tt.want:
			t.Errorf("parseTimestamp(%q) = %s, want %s", tt.in, eval.FormatTime(got), tt.want)
		}
	}
}

func TestParseDate(t *testing.T) {
	for in, want := range map[string]string{
		"2023-02-10":           "2023-02-10",
		"2024-02-29":           "2024-02-29",
		"2023-02-29":           "",
		"2023-02-30":           "",
		"2023-2-10":            "",
		"+12345-01-01":         "+12345-01-01",
		"12345-01-01":          "",
		"-0044-03-15":          "-0044-03-15",
		"2023-02-10T00:00:00Z": "",
		"01-01-2020":           "",
	} {
		d, ok := parseDate(in)
		switch {
		case want == "" && ok:
			t.Errorf("parseDate(%q) = %s, want invalid", in, eval.FormatDate(d.T))
		case want != "" && !ok:
			t.Errorf("parseDate(%q) is invalid", in)
		case ok && eval.FormatDate(d.T) != want:
			t.Errorf("parseDate(%q) = %s, want %s", in, eval.FormatDate(d.T), want)
		}
	}
}

func TestTimeRange(t *testing.T) {
	// The Instant limits agree with java.time's.
	if got := time.Date(-1000000000, 1, 1, 0, 0, 0, 0, time.UTC).Unix(); got != -31557014167219200 {
		t.Errorf("Instant.MIN_SECOND = %d", got)
	}
	if got := time.Date(1000000000, 12, 31, 23, 59, 59, 0, time.UTC).Unix(); got != 31556889864403199 {
		t.Errorf("Instant.MAX_SECOND = %d", got)
	}
}

func TestDoubleOffset(t *testing.T) {
	tests := []struct {
		amount float64
		unit   int64
		want   string
	}{
		{0.5, 1e9, "500000000"},
		{-0.5, 60e9, "-30000000000"},
		// 9223372036854775807.0 is 2^63, but Scala's BigDecimal reads it as
		// 9223372036854776000.
		{9223372036854775807.0, 1, "9223372036854776000"},
		{17531639991215.998, 3600e9, "63113903968377592968750000"},
	}
	for _, tt := range tests {
		got, ok := doubleOffset(tt.amount, tt.unit)
		if !ok || got.String() != tt.want {
			t.Errorf("doubleOffset(%v, %d) = %v, %v; want %s", tt.amount, tt.unit, got, ok, tt.want)
		}
	}
	for _, bad := range []float64{math.NaN(), math.Inf(1), 1e30} {
		if _, ok := doubleOffset(bad, 86400e9); ok {
			t.Errorf("doubleOffset(%v, days) succeeded", bad)
		}
	}
}

func TestJavaRound(t *testing.T) {
	for in, want := range map[float64]int64{
		0.5: 1, -0.5: 0, 1.5: 2, -1.5: -1, 0.49999999999999994: 0, 2.5: 3,
		math.NaN(): 0, 1e19: math.MaxInt64, -1e19: math.MinInt64, 4503599627370497: 4503599627370497,
	} {
		if got := javaRound(in); got != want {
			t.Errorf("javaRound(%v) = %d, want %d", in, got, want)
		}
	}
}
