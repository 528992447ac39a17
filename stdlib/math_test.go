package stdlib

import (
	"math"
	"math/rand"
	"testing"
)

// TestJVMValues checks results the JVM is known to produce and Go's math
// package does not.
func TestJVMValues(t *testing.T) {
	tests := []struct {
		name      string
		got, want float64
	}{
		{"tan(pi/2)", fdTan(math.Pi / 2), 1.633123935319537e16},
		{"sin(pi)", fdSin(math.Pi), 1.2246467991473532e-16},
		{"cos(pi/2)", fdCos(math.Pi / 2), 6.123233995736766e-17},
		{"sin(1e22)", fdSin(1e22), -0.8522008497671888},
		{"StrictMath.exp(1)", fdExp(1), 2.7182818284590455},
		{"Math.exp(1)", jvmExp(1), math.E},
		{"atan(1)", fdAtan(1), 0.7853981633974483},
		{"asin(1)", fdAsin(1), math.Pi / 2},
		{"acos(-1)", fdAcos(-1), math.Pi},
		{"acos(0)", fdAcos(0), 1.5707963267948966},
		{"log(10)", fdLog(10), 2.302585092994046},
		{"log(e)", fdLog(math.E), 1},
		{"log10(1000)", fdLog10(1000), 3},
		{"pow(2, 0.5)", fdPow(2, 0.5), math.Sqrt2},
		{"pow(10, 22)", fdPow(10, 22), 1e22},
		{"pow(-3, 3)", fdPow(-3, 3), -27},
		{"pow(2, -1)", fdPow(2, -1), 0.5},
		{"hypot(3, 4)", fdHypot(3, 4), 5},
		{"sinh(1)", fdSinh(1), 1.1752011936438014},
		{"tanh(1)", fdTanh(1), 0.7615941559557649},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s = %v, want %v", tt.name, tt.got, tt.want)
		}
	}
}

// TestJVMExp compares jvmExp with correctly rounded values (computed with
// 60-digit decimal arithmetic).
func TestJVMExp(t *testing.T) {
	for _, c := range [][2]float64{
		{0x1.0000000000000p+0, 0x1.5bf0a8b145769p+1},
		{-0x1.0000000000000p+0, 0x1.78b56362cef38p-2},
		{0x1.0000000000000p-1, 0x1.a61298e1e069cp+0},
		{0x1.0000000000000p+1, 0x1.d8e64b8d4ddaep+2},
		{0x1.4000000000000p+3, 0x1.5829dcf950560p+14},
		{-0x1.4000000000000p+3, 0x1.7cd79b5647c9bp-15},
		{0x1.9000000000000p+6, 0x1.3494a9b171bf5p+144},
		{0x1.5e00000000000p+9, 0x1.d945df4f8ec8ep+1009},
		{-0x1.5e00000000000p+9, 0x1.14f2b0fb9307fp-1010},
		{0x1.999999999999ap-4, 0x1.1aec7b35a00d4p+0},
		{0x1.4f8b588e368f1p-17, 0x1.0000a7c5e340ep+0},
		{-0x1.62d0e56041893p-2, 0x1.6a10b883d5676p-1},
		{0x1.62eb1c432ca58p-2, 0x1.6a0c5906bc779p+0},
		{0x1.d99999999999ap+1, 0x1.4394144eeec81p+5},
		{-0x1.535c28f5c28f6p+5, 0x1.bdfe233208be3p-62},
		{0x1.6280000000000p+9, 0x1.d422d2be5dc9bp+1022},
		{-0x1.ed44ac963f43cp+7, 0x1.22742b8716ed8p-356},
		{-0x1.e8cfa7f3e7e86p+8, 0x1.bc0c083bb704ep-706},
		{0x1.a69dd48ce676cp+7, 0x1.ce85f33ad47e9p+304},
		{-0x1.2b4b6adca374cp+9, 0x1.561d137b2cc84p-864},
		{0x1.91e0e1fbc8350p+5, 0x1.63735f0564b4bp+72},
		{-0x1.78122f320631ep+7, 0x1.a64a737a7c4dap-272},
		{-0x1.356697b9e6a11p+9, 0x1.3228b01887fe0p-893},
		{0x1.4d1eefd24f500p+3, 0x1.034d7f617aefap+15},
		{-0x1.43c0c72b7ac83p+9, 0x1.cc3950ce154c2p-935},
		{-0x1.73958c43478d0p+6, 0x1.f8b85621e47dbp-135},
		{-0x1.2d19e878f1262p+9, 0x1.2734812c54e8ep-869},
		{-0x1.1e803a5ec88aap+9, 0x1.4280ef199758ap-827},
		{-0x1.352b5de1bc450p-3, 0x1.b842486f610afp-1},
		{0x1.4eb252c860c96p-1, 0x1.ec32c41a78ca5p+0},
		{-0x1.813a0f06b9f7ep-1, 0x1.e28bb60ca71d7p-2},
		{-0x1.1b673eaf47a68p-1, 0x1.265c168f5b881p-1},
		{0x1.04fbb5953f48cp-2, 0x1.4a50660776023p+0},
		{0x1.ca743687eb186p-1, 0x1.3963d1719ec9bp+1},
		{0x1.3bd04d2bcc158p-3, 0x1.2aaee37d6d17fp+0},
		{-0x1.a7325fe69c3b0p-3, 0x1.a06a952ef0202p-1},
	} {
		if got := jvmExp(c[0]); got != c[1] {
			t.Errorf("jvmExp(%x) = %x, want %x", c[0], got, c[1])
		}
	}
	for _, x := range []float64{0, math.Copysign(0, -1), 1e-300, math.Inf(1), math.Inf(-1), 710, -746} {
		if got, want := jvmExp(x), math.Exp(x); got != want {
			t.Errorf("jvmExp(%v) = %v, want %v", x, got, want)
		}
	}
	if !math.IsNaN(jvmExp(math.NaN())) {
		t.Error("jvmExp(NaN) is not NaN")
	}
}

// ulps is the distance between a and b in units in the last place.
func ulps(a, b float64) float64 {
	if a == b || (math.IsNaN(a) && math.IsNaN(b)) {
		return 0
	}
	if math.IsNaN(a) || math.IsNaN(b) || math.IsInf(a, 0) || math.IsInf(b, 0) {
		return math.Inf(1)
	}
	ulp := math.Abs(math.Nextafter(b, math.Inf(1)) - b)
	return math.Abs(a-b) / ulp
}

// TestFdlibmAgainstGo checks the ports against Go's math package. Both are
// accurate to a few ulps (Go's sin, cos, asin and acos are the less
// accurate ones), so a porting mistake shows up as a much larger error.
func TestFdlibmAgainstGo(t *testing.T) {
	r := rand.New(rand.NewSource(1))
	type fn1 struct {
		name    string
		fd, ref func(float64) float64
		gen     func() float64
	}
	uniform := func(lo, hi float64) func() float64 {
		return func() float64 { return lo + r.Float64()*(hi-lo) }
	}
	wide := func() float64 { // sign * 2^[-30, 1000)
		return math.Copysign(math.Ldexp(1+r.Float64(), r.Intn(1030)-30), r.Float64()-0.5)
	}
	tests := []fn1{
		{"sin", fdSin, math.Sin, uniform(-10, 10)},
		{"sin wide", fdSin, math.Sin, wide},
		{"cos", fdCos, math.Cos, uniform(-10, 10)},
		{"cos wide", fdCos, math.Cos, wide},
		{"tan", fdTan, math.Tan, uniform(-1.5, 1.5)},
		{"asin", fdAsin, math.Asin, uniform(-1, 1)},
		{"acos", fdAcos, math.Acos, uniform(-1, 1)},
		{"atan", fdAtan, math.Atan, uniform(-100, 100)},
		{"exp", fdExp, math.Exp, uniform(-740, 705)},
		{"jvmExp", jvmExp, math.Exp, uniform(-700, 705)},
		{"expm1", fdExpm1, math.Expm1, uniform(-50, 50)},
		{"log", fdLog, math.Log, uniform(1e-10, 1e10)},
		{"log10", fdLog10, math.Log10, uniform(1e-10, 1e10)},
		{"sinh", fdSinh, math.Sinh, uniform(-30, 30)},
		{"cosh", fdCosh, math.Cosh, uniform(-30, 30)},
		{"tanh", fdTanh, math.Tanh, uniform(-30, 30)},
	}
	for _, tt := range tests {
		for i := 0; i < 2000; i++ {
			x := tt.gen()
			got, want := tt.fd(x), tt.ref(x)
			if u := ulps(got, want); u > 8 {
				t.Errorf("%s(%v) = %v, Go says %v (%.1f ulps)", tt.name, x, got, want, u)
				break
			}
		}
	}
	for i := 0; i < 2000; i++ {
		x, y := r.Float64()*100, r.Float64()*20-10
		if u := ulps(fdPow(x, y), math.Pow(x, y)); u > 4 {
			t.Errorf("pow(%v, %v) = %v, Go says %v", x, y, fdPow(x, y), math.Pow(x, y))
			break
		}
		if u := ulps(fdHypot(x, y), math.Hypot(x, y)); u > 4 {
			t.Errorf("hypot(%v, %v) = %v, Go says %v", x, y, fdHypot(x, y), math.Hypot(x, y))
			break
		}
	}
}

// TestSpecialValues checks the IEEE special cases.
func TestSpecialValues(t *testing.T) {
	nan, inf := math.NaN(), math.Inf(1)
	for _, f := range []struct {
		name string
		fn   func(float64) float64
	}{{"sin", fdSin}, {"cos", fdCos}, {"tan", fdTan}} {
		if !math.IsNaN(f.fn(inf)) || !math.IsNaN(f.fn(nan)) {
			t.Errorf("%s(±Inf/NaN) is not NaN", f.name)
		}
	}
	checks := []struct {
		name      string
		got, want float64
	}{
		{"asin(2)", fdAsin(2), nan},
		{"log(0)", fdLog(0), -inf},
		{"log(-1)", fdLog(-1), nan},
		{"log10(0)", fdLog10(0), -inf},
		{"atan(inf)", fdAtan(inf), math.Pi / 2},
		{"exp(-inf)", fdExp(-inf), 0},
		{"pow(0, -1)", fdPow(0, -1), inf},
		{"pow(-8, 1/3)", fdPow(-8, 1.0/3), nan},
		{"pow(1, inf)", fdPow(1, inf), nan},
		{"hypot(inf, nan)", fdHypot(inf, nan), inf},
		{"tanh(-inf)", fdTanh(-inf), -1},
		{"sinh(-inf)", fdSinh(-inf), -inf},
		{"cosh(-inf)", fdCosh(-inf), inf},
	}
	for _, c := range checks {
		if c.got != c.want && !(math.IsNaN(c.got) && math.IsNaN(c.want)) {
			t.Errorf("%s = %v, want %v", c.name, c.got, c.want)
		}
	}
}
