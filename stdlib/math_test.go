package stdlib

import (
	"math"
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

// TestFdlibmAgainstReference checks the ports on random arguments against
// glibc's results (tables below, made with Python's math module). fdlibm's
// error is below one ulp, so a difference of more than one ulp is a porting
// mistake.
func TestFdlibmAgainstReference(t *testing.T) {
	for _, r := range oneArgRefs {
		if got := r.fn(r.x); ulps(got, r.y) > 1 {
			t.Errorf("%s(%v) = %v, want %v", r.name, r.x, got, r.y)
		}
	}
	for _, r := range twoArgRefs {
		if got := r.fn(r.x, r.y); ulps(got, r.z) > 1 {
			t.Errorf("%s(%v, %v) = %v, want %v", r.name, r.x, r.y, got, r.z)
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

var oneArgRefs = []struct {
	name string
	fn   func(float64) float64
	x, y float64
}{
	{"sin", fdSin, -0x1.e7a224abd9920p-1, -0x1.a12f599b99c0fp-1},
	{"sin", fdSin, 0x1.3208dca4646f0p+0, 0x1.dc5ac0726707bp-1},
	{"sin", fdSin, 0x1.0f7ea97e7f588p+3, 0x1.9da403b587392p-1},
	{"sin", fdSin, -0x1.5fbe47bda7970p-1, -0x1.44b86b0fc0695p-1},
	{"sin", fdSin, 0x1.412db519d5680p-3, 0x1.3fdd177dfcb9dp-3},
	{"sin", fdSin, 0x1.bf690af9898c0p+0, 0x1.f8027a96664b1p-1},
	{"sin", fdSin, -0x1.93a27f9f603e6p+2, -0x1.82c12896265cdp-6},
	{"sin", fdSin, 0x1.e7c72183e8600p-3, 0x1.e32de559faaddp-3},
	{"sin", fdSin, 0x1.4c7ff0847781cp+1, 0x1.08f70d9f5011dp-1},
	{"sin", fdSin, 0x1.7702a95dc9ac8p+2, -0x1.a4f4659e17251p-2},
	{"sin", fdSin, -0x1.03c2d01c45c5bp+3, -0x1.ee5246313b158p-1},
	{"sin", fdSin, -0x1.f74af2d2a024ap+1, 0x1.6bd6aacbfdf9ap-1},
	{"sin", fdSin, 0x1.17362f313cfa2p+55, -0x1.1c932423474a8p-1},
	{"sin", fdSin, 0x1.656abd7edf4bbp+897, 0x1.367cbaf2e47c3p-1},
	{"sin", fdSin, 0x1.9d958474cd61ap+292, 0x1.feaaa6cd76210p-1},
	{"sin", fdSin, -0x1.d4ea65d0e87fdp+99, 0x1.fba048a6f9d2fp-1},
	{"sin", fdSin, 0x1.30b17d1c25657p+465, 0x1.aeab5cf737891p-2},
	{"sin", fdSin, -0x1.c7321cced88d1p+638, -0x1.f6985a958a919p-1},
	{"sin", fdSin, 0x1.d7a94de64012ap+448, 0x1.d8ad8795c4030p-1},
	{"sin", fdSin, -0x1.7ff1222025a1dp+144, -0x1.e68b9ed172d67p-1},
	{"sin", fdSin, 0x1.4735af0d0454dp+140, 0x1.cdf858a189cd0p-3},
	{"sin", fdSin, 0x1.50b601f841746p+440, 0x1.f06dacce8846cp-1},
	{"sin", fdSin, -0x1.079dd2423f456p+191, 0x1.6f06dc75730dfp-3},
	{"sin", fdSin, -0x1.d8b9b4494f139p+761, -0x1.141cd61817489p-1},
	{"cos", fdCos, -0x1.3530aa3c37189p+3, -0x1.f1a366093c91cp-1},
	{"cos", fdCos, 0x1.d95668c02ca40p+1, -0x1.b2c85584c3809p-1},
	{"cos", fdCos, -0x1.6eb7c51e71f9ap+2, 0x1.b3a0fdd277419p-1},
	{"cos", fdCos, 0x1.114e95e8d25e8p+3, -0x1.44aa81d45c7f6p-1},
	{"cos", fdCos, -0x1.1e83776a66a92p+3, -0x1.c8328c4c48c49p-1},
	{"cos", fdCos, -0x1.3ed06e4648ff2p+1, -0x1.97544a108c687p-1},
	{"cos", fdCos, 0x1.0b64123f9680cp+2, -0x1.04c6e8768c36ep-1},
	{"cos", fdCos, -0x1.9aab03d141660p+0, -0x1.115cd3272e01cp-5},
	{"cos", fdCos, 0x1.53286192d9e48p+0, 0x1.f2aa5084dbe9ep-3},
	{"cos", fdCos, -0x1.81eec0c370320p+2, 0x1.efb3d4259cbb8p-1},
	{"cos", fdCos, 0x1.bfc4791654040p+1, -0x1.dfca929830f2dp-1},
	{"cos", fdCos, -0x1.a18de9241d25cp+1, -0x1.fc48c10c978b7p-1},
	{"cos", fdCos, 0x1.4fab6f2aa48aap+1, -0x1.bc88974a25626p-1},
	{"cos", fdCos, -0x1.c20ef17d87f7ep+211, 0x1.06c7b91569a8cp-2},
	{"cos", fdCos, -0x1.b4ff00a33bc58p-8, 0x1.fffd160b1cf4fp-1},
	{"cos", fdCos, 0x1.cc099a0f940e7p+333, -0x1.6da482be7b37dp-1},
	{"cos", fdCos, 0x1.303a07ae514e0p+360, 0x1.221c8155fadf6p-4},
	{"cos", fdCos, 0x1.c4ff64c430e1ep+828, -0x1.e8e2481e0ba2dp-1},
	{"cos", fdCos, 0x1.1dd377aca2a38p+831, 0x1.3a22c383bd92fp-1},
	{"cos", fdCos, 0x1.001edc88a2291p+592, 0x1.4968296b0d564p-1},
	{"cos", fdCos, -0x1.050684a6be236p+353, -0x1.a0d4f4db6ffb6p-1},
	{"cos", fdCos, -0x1.dab871d343bc4p+175, 0x1.79321c1c26230p-2},
	{"cos", fdCos, -0x1.2577c1e6d2e3cp+874, -0x1.3ecc1a6bbf5efp-2},
	{"cos", fdCos, 0x1.c5cefdd387d96p+643, 0x1.070324c1e1143p-1},
	{"tan", fdTan, -0x1.5daf96e3d0a10p-2, -0x1.6bf1bdb63db3dp-2},
	{"tan", fdTan, -0x1.46f3c3375947cp+0, -0x1.a74ec6ced571dp+1},
	{"tan", fdTan, -0x1.bf62b9101d6b6p-1, -0x1.31cb1b3fe2c3bp+0},
	{"tan", fdTan, 0x1.a398b4dd51248p-2, 0x1.bcc5dc9155fa3p-2},
	{"tan", fdTan, -0x1.7416cac646d94p+0, -0x1.0f7f56f17c445p+3},
	{"tan", fdTan, -0x1.936e057144018p-2, -0x1.a9af7ac5a23d7p-2},
	{"tan", fdTan, 0x1.773e10ae082b8p-2, 0x1.88fe2a56ef087p-2},
	{"tan", fdTan, -0x1.1e4b50c3ec4e7p+0, -0x1.075313ea89827p+1},
	{"tan", fdTan, 0x1.0c18eb39c00e0p-2, 0x1.1265531c6d481p-2},
	{"tan", fdTan, 0x1.fe80f76e51534p-1, 0x1.8c2532ea71f8fp+0},
	{"tan", fdTan, -0x1.17c0d50cd043ep+0, -0x1.ee20c75680668p+0},
	{"tan", fdTan, -0x1.5de8f0b9cb4e0p-2, -0x1.6c32576f2085bp-2},
	{"tan", fdTan, 0x1.a0931ec4eead3p+606, -0x1.7e8b6d4c7b550p+0},
	{"tan", fdTan, 0x1.d15b77f388c39p+480, 0x1.efc9605904153p-8},
	{"tan", fdTan, 0x1.2891dd37a95d5p+372, -0x1.5b9bee5c0d479p-1},
	{"tan", fdTan, 0x1.6361b9fc3ae60p+958, -0x1.b7ba13e99266fp-1},
	{"tan", fdTan, -0x1.6be49ee184504p+182, -0x1.068c28809797ep+2},
	{"tan", fdTan, -0x1.8329c05ece497p+492, -0x1.4da14a7ded34cp-1},
	{"tan", fdTan, -0x1.b45f51cc8813cp+496, -0x1.d06f348e4d1adp-1},
	{"tan", fdTan, -0x1.e7a28cb316408p+975, 0x1.cb26c5dc44647p-2},
	{"tan", fdTan, -0x1.2ce933fdbc4d8p+110, 0x1.87382bebe6fb2p+0},
	{"tan", fdTan, -0x1.7ab36611e6544p+121, 0x1.762ccb42f73dap-2},
	{"tan", fdTan, 0x1.ead81ddd4740dp+387, 0x1.27c07fb87323ap+1},
	{"tan", fdTan, -0x1.11b419089d3c9p+812, -0x1.e10af101d7915p-2},
	{"asin", fdAsin, -0x1.c217eefa09128p-1, -0x1.12ee3569cfb18p+0},
	{"asin", fdAsin, -0x1.4b84215be8ac6p-1, -0x1.68989e189e528p-1},
	{"asin", fdAsin, -0x1.0cba41781025cp-2, -0x1.0fe969cf82ff9p-2},
	{"asin", fdAsin, 0x1.279b1ff235970p-3, 0x1.28a4627f3ffa9p-3},
	{"asin", fdAsin, -0x1.79437af4330c8p-1, -0x1.a8228eef4d06dp-1},
	{"asin", fdAsin, -0x1.1a53a3dc91460p-2, -0x1.1e0823d9f1a89p-2},
	{"asin", fdAsin, 0x1.9052a2b9a4edep-1, 0x1.cb9c3fb0abb94p-1},
	{"asin", fdAsin, 0x1.ec0677aa5d0f2p-1, 0x1.4a615e39844b1p+0},
	{"asin", fdAsin, 0x1.416596bb9fab0p-2, 0x1.46ec1ba4d352dp-2},
	{"asin", fdAsin, 0x1.879f2f859dcacp-2, 0x1.91db8ae8dfdf6p-2},
	{"asin", fdAsin, 0x1.59de09e4ca168p-3, 0x1.5b8869bdec8a6p-3},
	{"asin", fdAsin, -0x1.7048d3b47ef4ap-1, -0x1.9b08e5df1590cp-1},
	{"acos", fdAcos, -0x1.dc13d909c7e3ap-1, 0x1.61e405b9ae6c3p+1},
	{"acos", fdAcos, -0x1.edad24c339fcap-1, 0x1.6fc6a6e3f3bd8p+1},
	{"acos", fdAcos, 0x1.a40ebbadc1a4ep-1, 0x1.379ffedb171fep-1},
	{"acos", fdAcos, 0x1.9b962b4fd26ecp-2, 0x1.283bc08f7264bp+0},
	{"acos", fdAcos, 0x1.d9e0a5044b196p-1, 0x1.8da6d5a39534ep-2},
	{"acos", fdAcos, -0x1.ea3b08b368860p-1, 0x1.6caa074d43c5dp+1},
	{"acos", fdAcos, 0x1.16e7e913284c4p-2, 0x1.4b8151fe8ed30p+0},
	{"acos", fdAcos, -0x1.230cc7763ada0p-5, 0x1.9b3898f8e13d0p+0},
	{"acos", fdAcos, 0x1.d80f534fa1d40p-2, 0x1.17784869a16ddp+0},
	{"acos", fdAcos, -0x1.72e233dd07670p-2, 0x1.f1007e1d5d54fp+0},
	{"acos", fdAcos, 0x1.ff579b0945742p-1, 0x1.9f4c66450cdbcp-5},
	{"acos", fdAcos, -0x1.b2ee4846011f4p-1, 0x1.4afafac3cd662p+1},
	{"atan", fdAtan, 0x1.2702a2e638808p+3, 0x1.7676a6c860388p+0},
	{"atan", fdAtan, 0x1.7b357360e49acp+5, 0x1.8cb954435b30ep+0},
	{"atan", fdAtan, 0x1.40281dd19ffc6p+6, 0x1.8eecf39ec4251p+0},
	{"atan", fdAtan, 0x1.7b574cc36e0b0p+5, 0x1.8cb9cf9408cd2p+0},
	{"atan", fdAtan, 0x1.45e7ad79e8accp+5, 0x1.8bd7511badeb5p+0},
	{"atan", fdAtan, 0x1.d53a07d0ad05cp+5, 0x1.8dc278b458fbbp+0},
	{"atan", fdAtan, 0x1.4c00873e29520p+6, 0x1.8f0a292b8a1c2p+0},
	{"atan", fdAtan, -0x1.da21820e077e8p+4, -0x1.897cf8d8c8243p+0},
	{"atan", fdAtan, 0x1.283bc886a7db0p+5, 0x1.8b364a8cf361ap+0},
	{"atan", fdAtan, 0x1.40ab334bc4558p+6, 0x1.8eee42476fbedp+0},
	{"atan", fdAtan, 0x1.28e189b1bac44p+6, 0x1.8eacc49b70a16p+0},
	{"atan", fdAtan, -0x1.091c25664de48p+4, -0x1.82b1400f4ccefp+0},
	{"exp", fdExp, 0x1.9251990017ab4p+8, 0x1.57484e7814dc7p+580},
	{"exp", fdExp, 0x1.fbb7cfc3cc900p+8, 0x1.659d483aab4b0p+732},
	{"exp", fdExp, 0x1.5ed3cc98ffef8p+6, 0x1.72ba4b3e79b3fp+126},
	{"exp", fdExp, 0x1.4622cf933e4a0p+7, 0x1.31ff9865b09c1p+235},
	{"exp", fdExp, -0x1.770e5cf5c5c40p+7, 0x1.5eba507cb24e4p-271},
	{"exp", fdExp, 0x1.97e24d797e3a0p+6, 0x1.14de3000bf20bp+147},
	{"exp", fdExp, 0x1.17a0167d19988p+7, 0x1.a1e8eb9623c26p+201},
	{"exp", fdExp, -0x1.380dd52ef0355p+9, 0x1.84aa56e4c89a8p-901},
	{"exp", fdExp, 0x1.6fe0e2fc40de8p+7, 0x1.4a6f0df50d6cdp+265},
	{"exp", fdExp, 0x1.5bacdf356a8a2p+9, 0x1.21c75154697c8p+1003},
	{"exp", fdExp, 0x1.09a64bf5579d2p+9, 0x1.6ab83a7cb9043p+766},
	{"exp", fdExp, 0x1.38425c9c82214p+8, 0x1.68bec3f4b84ffp+450},
	{"expm1", fdExpm1, -0x1.6500f4fa4ca64p+3, -0x1.fffe20b4eb2a6p-1},
	{"expm1", fdExpm1, 0x1.780fa07ad4cfcp+4, 0x1.e0a5f16b18932p+33},
	{"expm1", fdExpm1, 0x1.030c99271a314p+3, 0x1.99bf6167b16afp+11},
	{"expm1", fdExpm1, -0x1.7ca7f18de6f80p+2, -0x1.fea9ad960e5dep-1},
	{"expm1", fdExpm1, 0x1.0eb22e96200c0p+5, 0x1.c2d768699806dp+48},
	{"expm1", fdExpm1, -0x1.4cf966a0215a8p+5, -0x1.0000000000000p+0},
	{"expm1", fdExpm1, 0x1.905616aee800cp+4, 0x1.11efc49e182b7p+36},
	{"expm1", fdExpm1, -0x1.782b0af4f9fc1p+5, -0x1.0000000000000p+0},
	{"expm1", fdExpm1, 0x1.441ce38317c80p+3, 0x1.8759b6ffef043p+14},
	{"expm1", fdExpm1, -0x1.e7816a38ab7e0p+0, -0x1.b3c0383eb0ebdp-1},
	{"expm1", fdExpm1, -0x1.afa536f885564p+4, -0x1.fffffffffbc63p-1},
	{"expm1", fdExpm1, 0x1.3d55e28693b54p+4, 0x1.87b605558b638p+28},
	{"log", fdLog, 0x1.28626ab09483cp+32, 0x1.653c2b4c7a48bp+4},
	{"log", fdLog, 0x1.6e45c1aaf31e3p+32, 0x1.689f5ff992399p+4},
	{"log", fdLog, 0x1.1251d9d7334b0p+33, 0x1.6f166bbc66f1ep+4},
	{"log", fdLog, 0x1.30f92ff220ac7p+31, 0x1.5a9a0c99a4ff4p+4},
	{"log", fdLog, 0x1.af55ec8d73bc6p+26, 0x1.28b252948efd8p+4},
	{"log", fdLog, 0x1.66dbdf1623d16p+31, 0x1.5d347cd26f275p+4},
	{"log", fdLog, 0x1.94337dbf4f960p+32, 0x1.6a32f97a874f6p+4},
	{"log", fdLog, 0x1.e2f99c1845b8fp+30, 0x1.56de03e7e2e76p+4},
	{"log", fdLog, 0x1.945ffdaf9e4b4p+30, 0x1.54067953baa1ep+4},
	{"log", fdLog, 0x1.0ded12ffa0a0ap+33, 0x1.6ed44934219a6p+4},
	{"log", fdLog, 0x1.89627b8ec22a7p+32, 0x1.69c3df4328a70p+4},
	{"log", fdLog, 0x1.07698b87b265dp+32, 0x1.6359196cd5f31p+4},
	{"log10", fdLog10, 0x1.09c15d6996b41p+33, 0x1.3e684caed0be9p+3},
	{"log10", fdLog10, 0x1.85c476589691ap+31, 0x1.3076bf27ae06cp+3},
	{"log10", fdLog10, 0x1.8ce822215632ep+32, 0x1.3a595c9486ef4p+3},
	{"log10", fdLog10, 0x1.d9464ff29cd5ep+30, 0x1.29875b90f71b3p+3},
	{"log10", fdLog10, 0x1.00d566f78ed7fp+32, 0x1.344cc5f6334dep+3},
	{"log10", fdLog10, 0x1.e06811d976c4cp+32, 0x1.3d00a53c9ac3fp+3},
	{"log10", fdLog10, 0x1.10758aca4b86dp+33, 0x1.3ec0eea12af1fp+3},
	{"log10", fdLog10, 0x1.0657304e6aea9p+33, 0x1.3e3a4a01c5b48p+3},
	{"log10", fdLog10, 0x1.ca434599ff80ep+31, 0x1.32b6b7e5f3911p+3},
	{"log10", fdLog10, 0x1.5b8f18858a16dp+32, 0x1.388102c71aa04p+3},
	{"log10", fdLog10, 0x1.79481eb9e1fcep+31, 0x1.3002e9e0bb10bp+3},
	{"log10", fdLog10, 0x1.44ab6eff54f91p+30, 0x1.244a8f77d9969p+3},
	{"sinh", fdSinh, -0x1.b22142f48e080p-3, -0x1.b56372f44fef3p-3},
	{"sinh", fdSinh, 0x1.439c9e737a750p+4, 0x1.21ee949542117p+28},
	{"sinh", fdSinh, 0x1.4ec5808cde62ap+4, 0x1.2330f6de682e1p+29},
	{"sinh", fdSinh, 0x1.9589c10f64b38p+3, 0x1.378f83f6ac42bp+17},
	{"sinh", fdSinh, 0x1.b000098da4a8ep+4, 0x1.ef83575b90e3dp+37},
	{"sinh", fdSinh, -0x1.ac8d3b4ac1116p+3, -0x1.3fc6b15d0ff98p+18},
	{"sinh", fdSinh, -0x1.3da2e10275e1cp+4, -0x1.8f24d02794cc0p+27},
	{"sinh", fdSinh, -0x1.7b03207b809c0p+1, -0x1.3442267e0efa5p+3},
	{"sinh", fdSinh, -0x1.afaff821d308cp+3, -0x1.60b2a3e353592p+18},
	{"sinh", fdSinh, -0x1.127b9b444adeep+4, -0x1.ae723e055830bp+23},
	{"sinh", fdSinh, -0x1.4a4c61a8607d8p+2, -0x1.5ca29f527342fp+6},
	{"sinh", fdSinh, 0x1.e2d11df996910p+2, 0x1.d8596ec7fd2b9p+9},
	{"cosh", fdCosh, -0x1.784c25d5e8a80p-2, 0x1.117b03769d708p+0},
	{"cosh", fdCosh, -0x1.627c876417f7ap+3, 0x1.f98fea41b3e8cp+14},
	{"cosh", fdCosh, 0x1.458dbdb5073b0p+4, 0x1.475842c97c088p+28},
	{"cosh", fdCosh, 0x1.cec14aaaf9210p+4, 0x1.a76823441d65fp+40},
	{"cosh", fdCosh, -0x1.6cf95acc77b78p+1, 0x1.15e7b5b2f9261p+3},
	{"cosh", fdCosh, -0x1.984ed5ec8d7efp+4, 0x1.c2d896ae5b9acp+35},
	{"cosh", fdCosh, -0x1.c1c60e46a00a3p+4, 0x1.7835646eb63b5p+39},
	{"cosh", fdCosh, 0x1.65ea77e8e8136p+4, 0x1.3544d2a19dd96p+31},
	{"cosh", fdCosh, -0x1.b82bcf9e9c03fp+4, 0x1.9cdecaa70dbfcp+38},
	{"cosh", fdCosh, 0x1.9092463374f64p+3, 0x1.0ac4eb81199fbp+17},
	{"cosh", fdCosh, 0x1.0f08e3ea05e78p+2, 0x1.144829779c773p+5},
	{"cosh", fdCosh, -0x1.6ea966d42bd8ap+3, 0x1.71d081ad772e8p+15},
	{"tanh", fdTanh, 0x1.17da5cf3af470p+4, 0x1.ffffffffffff4p-1},
	{"tanh", fdTanh, -0x1.cda68a2b14ecap+4, -0x1.0000000000000p+0},
	{"tanh", fdTanh, -0x1.5d8dd8af6097ap+4, -0x1.0000000000000p+0},
	{"tanh", fdTanh, -0x1.5ae31689ada20p+1, -0x1.fb7cb139a098ep-1},
	{"tanh", fdTanh, -0x1.c843369bb1c5dp+4, -0x1.0000000000000p+0},
	{"tanh", fdTanh, 0x1.3c7b507ff8312p+4, 0x1.0000000000000p+0},
	{"tanh", fdTanh, -0x1.f82cb954fa9e1p+3, -0x1.ffffffffffe8cp-1},
	{"tanh", fdTanh, -0x1.58c2ad3060d9cp+4, -0x1.0000000000000p+0},
	{"tanh", fdTanh, -0x1.b2ef64e9eb220p+4, -0x1.0000000000000p+0},
	{"tanh", fdTanh, 0x1.f00d685758a80p+2, 0x1.fffff391acd83p-1},
	{"tanh", fdTanh, -0x1.9b07181757330p+1, -0x1.fe56bb98c7b50p-1},
	{"tanh", fdTanh, 0x1.f3100b00fcea8p+2, 0x1.fffff4af6468ep-1},
}

var twoArgRefs = []struct {
	name    string
	fn      func(float64, float64) float64
	x, y, z float64
}{
	{"pow", fdPow, 0x1.06046847feec3p+6, 0x1.8973e33afd424p+2, 0x1.10e746105300ap+37},
	{"pow", fdPow, 0x1.7f625ee9e5fedp+6, 0x1.d84d2a7f60484p+1, 0x1.38c82ef3b39b5p+24},
	{"pow", fdPow, 0x1.3ef23f24c47edp+4, -0x1.fd15ed70882c0p-2, 0x1.cea036d1a2462p-3},
	{"pow", fdPow, 0x1.1de5d316d8368p+4, -0x1.391bfd33988e7p+3, 0x1.3ba1700834e56p-41},
	{"pow", fdPow, 0x1.79c275557c1f3p+5, 0x1.122389e5c9ba6p+2, 0x1.c468bad53a076p+23},
	{"pow", fdPow, 0x1.1e8edf454a942p+4, -0x1.2362bc036d349p+2, 0x1.089b94f7f264cp-19},
	{"pow", fdPow, 0x1.149774cdf80aap+5, 0x1.f91e1caefb650p+1, 0x1.2056311f879ebp+20},
	{"pow", fdPow, 0x1.a0569e960aa66p+5, 0x1.24fc6c7efa930p+1, 0x1.09293fd80da61p+13},
	{"pow", fdPow, 0x1.2e7b9503f5a98p+6, -0x1.10993730656e6p+1, 0x1.a29109687ed12p-14},
	{"pow", fdPow, 0x1.3cc5dc74fd529p+6, 0x1.03fdde21e9f06p+3, 0x1.2f6da890303f9p+51},
	{"pow", fdPow, 0x1.171227443160fp+3, 0x1.14ddcfa76973ap+3, 0x1.05fab222f876dp+27},
	{"pow", fdPow, 0x1.20f36c41660b4p+6, -0x1.d9b71df7eb666p+2, 0x1.3a5a5156384e4p-46},
	{"pow", fdPow, 0x1.6ad43453b00b4p+5, 0x1.4167409bf1bb8p+1, 0x1.c361388f0ffe9p+13},
	{"pow", fdPow, 0x1.6bfc73e65619ap+6, -0x1.3b62898ffeee0p+1, 0x1.f3d420ddff67fp-17},
	{"pow", fdPow, 0x1.c70d1dc14472dp+5, 0x1.e587d9306c8f8p+2, 0x1.2bd1181a7706dp+44},
	{"hypot", fdHypot, 0x1.dad3dca3e3d64p+5, 0x1.63680a324f4c6p+6, 0x1.ab68dfd584349p+6},
	{"hypot", fdHypot, -0x1.d08a8075a6ff0p+2, 0x1.e43b7228eefc0p+4, 0x1.f1f6ce6009dc1p+4},
	{"hypot", fdHypot, -0x1.d82b44ac3502cp+5, 0x1.6318d7bd3b4ecp+5, 0x1.2765a019a0c63p+6},
	{"hypot", fdHypot, 0x1.fd5a550fa9484p+5, 0x1.c52c1411b1328p+4, 0x1.16bd2b5aa2defp+6},
	{"hypot", fdHypot, 0x1.5c425640b2624p+5, -0x1.cab9b89f8aa7dp+5, 0x1.1ff90d9612cd0p+6},
	{"hypot", fdHypot, 0x1.3ffcab5705b2ap+6, 0x1.8064ff54c8c3ap+6, 0x1.f4269abaab202p+6},
	{"hypot", fdHypot, 0x1.7de3067efc5acp+6, 0x1.d90b639acc370p+2, 0x1.7f07918e4d704p+6},
	{"hypot", fdHypot, 0x1.d142689274364p+5, -0x1.1f5e51eb9f954p+5, 0x1.116d091e33067p+6},
	{"hypot", fdHypot, 0x1.47fde507d3aaap+6, 0x1.1ca0740190972p+6, 0x1.b24549c3ee2dbp+6},
	{"hypot", fdHypot, -0x1.e4c707c61cc00p+4, -0x1.4dc82ccc49590p+6, 0x1.631a7b12e49c0p+6},
	{"hypot", fdHypot, -0x1.7a3b7c6e5b530p+3, 0x1.41eead9122360p+3, 0x1.f0b06ed5f3263p+3},
	{"hypot", fdHypot, 0x1.ad2c70870d25cp+5, -0x1.41581d80c62e0p+1, 0x1.ada4ad5bac8ebp+5},
	{"hypot", fdHypot, -0x1.79458ed22ba91p+6, 0x1.ee9fcf3582818p+5, 0x1.c31b4f0b0d47fp+6},
	{"hypot", fdHypot, -0x1.5cc1279d1b484p+6, 0x1.dfc699f705570p+5, 0x1.a74ab07a6ff03p+6},
	{"hypot", fdHypot, -0x1.05aed616b013fp+6, -0x1.07fe3a3eaeed8p+5, 0x1.2516bcb4e9469p+6},
}
