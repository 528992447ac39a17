package stdlib

import "math"

// A port of the parts of fdlibm 5.3 ("Freely Distributable Math Library",
// Sun Microsystems) that Fauna's Math module reaches through the JVM:
// java.lang.Math delegates asin, acos, atan, sinh, cosh, tanh, hypot and
// expm1 to StrictMath, which is fdlibm, and HotSpot's intrinsics for sin,
// cos, tan, log, log10 and pow agree with fdlibm on the values FQL tests
// check. Go's math package uses other algorithms (Cephes for the
// trigonometric functions), which differ in the last bits:
// Math.tan(Math.PI / 2) is 1.633123935319537E16 on the JVM and
// 1.6331239353195392e16 with math.Tan.
//
// Products are wrapped in float64(...) wherever a sum follows. The Go spec
// lets a compiler fuse x*y+z into one FMA (arm64, ppc64 and s390x do); an
// explicit conversion forces the intermediate rounding fdlibm assumes, so the
// results are the same on every architecture.

// highWord is the sign, exponent and top 20 mantissa bits of x.
func highWord(x float64) int32 { return int32(math.Float64bits(x) >> 32) }

// lowWord is the low 32 mantissa bits of x.
func lowWord(x float64) uint32 { return uint32(math.Float64bits(x)) }

// fromWords assembles a float64 from its high and low words.
func fromWords(hi int32, lo uint32) float64 {
	return math.Float64frombits(uint64(uint32(hi))<<32 | uint64(lo))
}

// setHigh replaces the high word of x.
func setHigh(x float64, hi int32) float64 { return fromWords(hi, lowWord(x)) }

// setLow replaces the low word of x.
func setLow(x float64, lo uint32) float64 { return fromWords(highWord(x), lo) }

// poly evaluates c[0] + z*(c[1] + z*(c[2] + ...)) innermost first, as
// fdlibm's nested expressions do, rounding every product.
func poly(z float64, c ...float64) float64 {
	acc := c[len(c)-1]
	for i := len(c) - 2; i >= 0; i-- {
		acc = c[i] + float64(z*acc)
	}
	return acc
}

const (
	fdHuge  = 1.0e+300
	fdTiny  = 1.0e-300
	fdTwo24 = 0x1.0p24
	fdTwo54 = 0x1.0p54
)

// fdSin is StrictMath.sin.
func fdSin(x float64) float64 {
	ix := highWord(x) & 0x7fffffff
	switch {
	case ix <= 0x3fe921fb: // |x| ~< pi/4
		return kernelSin(x, 0, false)
	case ix >= 0x7ff00000: // Inf or NaN
		return x - x
	}
	n, y0, y1 := remPio2(x)
	switch n & 3 {
	case 0:
		return kernelSin(y0, y1, true)
	case 1:
		return kernelCos(y0, y1)
	case 2:
		return -kernelSin(y0, y1, true)
	default:
		return -kernelCos(y0, y1)
	}
}

// fdCos is StrictMath.cos.
func fdCos(x float64) float64 {
	ix := highWord(x) & 0x7fffffff
	switch {
	case ix <= 0x3fe921fb:
		return kernelCos(x, 0)
	case ix >= 0x7ff00000:
		return x - x
	}
	n, y0, y1 := remPio2(x)
	switch n & 3 {
	case 0:
		return kernelCos(y0, y1)
	case 1:
		return -kernelSin(y0, y1, true)
	case 2:
		return -kernelCos(y0, y1)
	default:
		return kernelSin(y0, y1, true)
	}
}

// fdTan is StrictMath.tan.
func fdTan(x float64) float64 {
	ix := highWord(x) & 0x7fffffff
	switch {
	case ix <= 0x3fe921fb:
		return kernelTan(x, 0, 1)
	case ix >= 0x7ff00000:
		return x - x
	}
	n, y0, y1 := remPio2(x)
	return kernelTan(y0, y1, 1-((n&1)<<1)) // 1: n even, -1: n odd
}

const (
	sinS1 = -0x1.5555555555549p-3
	sinS2 = 0x1.111111110f8a6p-7
	sinS3 = -0x1.a01a019c161d5p-13
	sinS4 = 0x1.71de357b1fe7dp-19
	sinS5 = -0x1.ae5e68a2b9cebp-26
	sinS6 = 0x1.5d93a5acfd57cp-33
)

// kernelSin is sin(x+y) on [-pi/4, pi/4]; hasTail says whether y is set.
func kernelSin(x, y float64, hasTail bool) float64 {
	ix := highWord(x) & 0x7fffffff
	if ix < 0x3e400000 { // |x| < 2**-27
		return x
	}
	z := x * x
	v := z * x
	r := poly(z, sinS2, sinS3, sinS4, sinS5, sinS6)
	if !hasTail {
		return x + float64(v*(sinS1+float64(z*r)))
	}
	return x - ((float64(z*(float64(0.5*y)-float64(v*r))) - y) - float64(v*sinS1))
}

const (
	cosC1 = 0x1.555555555554cp-5
	cosC2 = -0x1.6c16c16c15177p-10
	cosC3 = 0x1.a01a019cb159p-16
	cosC4 = -0x1.27e4f809c52adp-22
	cosC5 = 0x1.1ee9ebdb4b1c4p-29
	cosC6 = -0x1.8fae9be8838d4p-37
)

// kernelCos is cos(x+y) on [-pi/4, pi/4].
func kernelCos(x, y float64) float64 {
	ix := highWord(x) & 0x7fffffff
	if ix < 0x3e400000 { // |x| < 2**-27
		return 1
	}
	z := x * x
	r := z * poly(z, cosC1, cosC2, cosC3, cosC4, cosC5, cosC6)
	if ix < 0x3fd33333 { // |x| < 0.3
		return 1 - (float64(0.5*z) - (float64(z*r) - float64(x*y)))
	}
	qx := 0.28125
	if ix <= 0x3fe90000 { // |x| <= 0.78125
		qx = fromWords(ix-0x00200000, 0)
	}
	hz := float64(0.5*z) - qx
	a := 1 - qx
	return a - (hz - (float64(z*r) - float64(x*y)))
}

const (
	tanPio4   = 0x1.921fb54442d18p-1
	tanPio4lo = 0x1.1a62633145c07p-55
)

var tanT = [13]float64{
	0x1.5555555555563p-2,
	0x1.111111110fe7ap-3,
	0x1.ba1ba1bb341fep-5,
	0x1.664f48406d637p-6,
	0x1.226e3e96e8493p-7,
	0x1.d6d22c9560328p-9,
	0x1.7dbc8fee08315p-10,
	0x1.344d8f2f26501p-11,
	0x1.026f71a8d1068p-12,
	0x1.47e88a03792a6p-14,
	0x1.2b80f32f0a7e9p-14,
	-0x1.375cbdb605373p-16,
	0x1.b2a7074bf7ad4p-16,
}

// kernelTan is tan(x+y) (k = 1) or -1/tan(x+y) (k = -1) on [-pi/4, pi/4].
func kernelTan(x, y float64, k int32) float64 {
	hx := highWord(x)
	ix := hx & 0x7fffffff
	if ix < 0x3e300000 { // |x| < 2**-28
		switch {
		case uint32(ix)|lowWord(x)|uint32(k+1) == 0:
			return 1 / math.Abs(x)
		case k == 1:
			return x
		}
		return negInverse(x, y)
	}
	big := ix >= 0x3fe59428 // |x| >= 0.6744
	if big {
		if hx < 0 {
			x, y = -x, -y
		}
		z := tanPio4 - x
		w := tanPio4lo - y
		x = z + w
		y = 0
	}
	z := x * x
	w := z * z
	// x^5*(T1+x^2*T2+...) split into odd and even powers of w.
	r := poly(w, tanT[1], tanT[3], tanT[5], tanT[7], tanT[9], tanT[11])
	v := z * poly(w, tanT[2], tanT[4], tanT[6], tanT[8], tanT[10], tanT[12])
	s := z * x
	r = y + float64(z*(float64(s*(r+v))+y))
	r += float64(tanT[0] * s)
	w = x + r
	if big {
		v = float64(k)
		return float64(1-((hx>>30)&2)) * (v - float64(2.0*(x-(float64(w*w)/(w+v)-r))))
	}
	if k == 1 {
		return w
	}
	// -1/(x+r) computed accurately.
	z = setLow(w, 0)
	v = r - (z - x)
	a := -1 / w
	t := setLow(a, 0)
	s = 1 + float64(t*z)
	return t + float64(a*(s+float64(t*v)))
}

// negInverse is -1/(x+y) for tiny x, computed carefully.
func negInverse(x, y float64) float64 {
	w := x + y
	z := setLow(w, 0)
	v := y - (z - x)
	a := -1 / w
	t := setLow(a, 0)
	s := 1 + float64(t*z)
	return t + float64(a*(s+float64(t*v)))
}

// twoOverPi holds 2/pi in 24-bit chunks.
var twoOverPi = [...]int32{
	0xA2F983, 0x6E4E44, 0x1529FC, 0x2757D1, 0xF534DD, 0xC0DB62,
	0x95993C, 0x439041, 0xFE5163, 0xABDEBB, 0xC561B7, 0x246E3A,
	0x424DD2, 0xE00649, 0x2EEA09, 0xD1921C, 0xFE1DEB, 0x1CB129,
	0xA73EE8, 0x8235F5, 0x2EBB44, 0x84E99C, 0x7026B4, 0x5F7E41,
	0x3991D6, 0x398353, 0x39F49C, 0x845F8B, 0xBDF928, 0x3B1FF8,
	0x97FFDE, 0x05980F, 0xEF2F11, 0x8B5A0A, 0x6D1F6D, 0x367ECF,
	0x27CB09, 0xB74F46, 0x3F669E, 0x5FEA2D, 0x7527BA, 0xC7EBE5,
	0xF17B3D, 0x0739F7, 0x8A5292, 0xEA6BFB, 0x5FB11F, 0x8D5D08,
	0x560330, 0x46FC7B, 0x6BABF0, 0xCFBC20, 0x9AF436, 0x1DA9E3,
	0x91615E, 0xE61B08, 0x659985, 0x5F14A0, 0x68408D, 0xFFD880,
	0x4D7327, 0x310606, 0x1556CA, 0x73A8C9, 0x60E27B, 0xC08C6B,
}

// npio2HighWords are the high words of n*pi/2, n = 1..32.
var npio2HighWords = [32]int32{
	0x3FF921FB, 0x400921FB, 0x4012D97C, 0x401921FB, 0x401F6A7A, 0x4022D97C,
	0x4025FDBB, 0x402921FB, 0x402C463A, 0x402F6A7A, 0x4031475C, 0x4032D97C,
	0x40346B9C, 0x4035FDBB, 0x40378FDB, 0x403921FB, 0x403AB41B, 0x403C463A,
	0x403DD85A, 0x403F6A7A, 0x40407E4C, 0x4041475C, 0x4042106C, 0x4042D97C,
	0x4043A28C, 0x40446B9C, 0x404534AC, 0x4045FDBB, 0x4046C6CB, 0x40478FDB,
	0x404858EB, 0x404921FB,
}

const (
	invPio2 = 0x1.45f306dc9c883p-1  // 53 bits of 2/pi
	pio2_1  = 0x1.921fb544p0        // first 33 bits of pi/2
	pio2_1t = 0x1.0b4611a626331p-34 // pi/2 - pio2_1
	pio2_2  = 0x1.0b4611a6p-34      // second 33 bits of pi/2
	pio2_2t = 0x1.3198a2e037073p-69 // pi/2 - (pio2_1+pio2_2)
	pio2_3  = 0x1.3198a2ep-69       // third 33 bits of pi/2
	pio2_3t = 0x1.b839a252049c1p-104
)

// remPio2 reduces x to y0+y1 = x - n*pi/2 with |y0+y1| <= pi/4.
func remPio2(x float64) (n int32, y0, y1 float64) {
	hx := highWord(x)
	ix := hx & 0x7fffffff
	if ix <= 0x3fe921fb { // |x| ~<= pi/4
		return 0, x, 0
	}
	if ix < 0x4002d97c { // |x| < 3pi/4: n = ±1
		if hx > 0 {
			z := x - pio2_1
			if ix != 0x3ff921fb { // 33+53 bits of pi are enough
				y0 = z - pio2_1t
				y1 = (z - y0) - pio2_1t
			} else { // near pi/2: 33+33+53 bits
				z -= pio2_2
				y0 = z - pio2_2t
				y1 = (z - y0) - pio2_2t
			}
			return 1, y0, y1
		}
		z := x + pio2_1
		if ix != 0x3ff921fb {
			y0 = z + pio2_1t
			y1 = (z - y0) + pio2_1t
		} else {
			z += pio2_2
			y0 = z + pio2_2t
			y1 = (z - y0) + pio2_2t
		}
		return -1, y0, y1
	}
	if ix <= 0x413921fb { // |x| ~<= 2^19*(pi/2): medium size
		t := math.Abs(x)
		n = int32(float64(t*invPio2) + 0.5)
		fn := float64(n)
		r := t - float64(fn*pio2_1)
		w := fn * pio2_1t // first round, good to 85 bits
		if n < 32 && ix != npio2HighWords[n-1] {
			y0 = r - w // no cancellation
		} else {
			j := ix >> 20
			y0 = r - w
			i := j - ((highWord(y0) >> 20) & 0x7ff)
			if i > 16 { // second iteration, good to 118 bits
				t = r
				w = fn * pio2_2
				r = t - w
				w = float64(fn*pio2_2t) - ((t - r) - w)
				y0 = r - w
				i = j - ((highWord(y0) >> 20) & 0x7ff)
				if i > 49 { // third iteration, 151 bits
					t = r
					w = fn * pio2_3
					r = t - w
					w = float64(fn*pio2_3t) - ((t - r) - w)
					y0 = r - w
				}
			}
		}
		y1 = (r - y0) - w
		if hx < 0 {
			return -n, -y0, -y1
		}
		return n, y0, y1
	}
	if ix >= 0x7ff00000 { // Inf or NaN
		return 0, x - x, x - x
	}
	// Large arguments: split |x| into three 24-bit chunks scaled by 2^e0.
	e0 := (ix >> 20) - 1046 // ilogb(|x|) - 23
	z := fromWords(ix-(e0<<20), lowWord(x))
	var tx [3]float64
	for i := 0; i < 2; i++ {
		tx[i] = float64(int32(z))
		z = (z - tx[i]) * fdTwo24
	}
	tx[2] = z
	nx := 3
	for tx[nx-1] == 0 {
		nx--
	}
	n, y0, y1 = kernelRemPio2(tx[:nx], int(e0))
	if hx < 0 {
		return -n, -y0, -y1
	}
	return n, y0, y1
}

// pio2Chunks is pi/2 cut into 24-bit pieces.
var pio2Chunks = [8]float64{
	0x1.921fb4p0,
	0x1.4442dp-24,
	0x1.846988p-48,
	0x1.8cc516p-72,
	0x1.01b838p-96,
	0x1.a25204p-120,
	0x1.382228p-145,
	0x1.9f31dp-169,
}

// kernelRemPio2 is fdlibm's __kernel_rem_pio2 at double precision
// (prec = 2): x is |input| in 24-bit chunks with x[0]*2^e0 its leading
// part; it returns n mod 8 and the remainder as y0+y1.
func kernelRemPio2(x []float64, e0 int) (int32, float64, float64) {
	const twon24 = 0x1.0p-24
	const jk = 4 // init_jk[2]
	jp := jk
	var (
		iq    [20]int32
		f, fq [20]float64
		q     [20]float64
	)
	jx := len(x) - 1
	jv := (e0 - 3) / 24
	if jv < 0 {
		jv = 0
	}
	q0 := e0 - 24*(jv+1)

	// f[0..jx+jk] = ipio2[jv-jx .. jv+jk]
	j := jv - jx
	for i := 0; i <= jx+jk; i, j = i+1, j+1 {
		if j >= 0 {
			f[i] = float64(twoOverPi[j])
		}
	}
	for i := 0; i <= jk; i++ {
		fw := 0.0
		for j := 0; j <= jx; j++ {
			fw += float64(x[j] * f[jx+i-j])
		}
		q[i] = fw
	}

	jz := jk
	var (
		z     float64
		n, ih int32
	)
	for {
		// Distill q[] into iq[] in reverse.
		i := 0
		z = q[jz]
		for j := jz; j > 0; i, j = i+1, j-1 {
			fw := float64(int32(twon24 * z))
			iq[i] = int32(z - float64(fdTwo24*fw))
			z = q[j-1] + fw
		}
		z = math.Ldexp(z, q0)
		z -= float64(8.0 * math.Floor(z*0.125)) // trim off integers >= 8
		n = int32(z)
		z -= float64(n)
		ih = 0
		switch {
		case q0 > 0: // iq[jz-1] holds part of n
			i := iq[jz-1] >> (24 - q0)
			n += i
			iq[jz-1] -= i << (24 - q0)
			ih = iq[jz-1] >> (23 - q0)
		case q0 == 0:
			ih = iq[jz-1] >> 23
		case z >= 0.5:
			ih = 2
		}
		if ih > 0 { // q > 0.5
			n++
			carry := false
			for i := 0; i < jz; i++ { // compute 1-q
				j := iq[i]
				if !carry {
					if j != 0 {
						carry = true
						iq[i] = 0x1000000 - j
					}
				} else {
					iq[i] = 0xffffff - j
				}
			}
			if q0 > 0 { // rare case: chance is 1 in 12
				switch q0 {
				case 1:
					iq[jz-1] &= 0x7fffff
				case 2:
					iq[jz-1] &= 0x3fffff
				}
			}
			if ih == 2 {
				z = 1 - z
				if carry {
					z -= math.Ldexp(1, q0)
				}
			}
		}
		// Recompute with more terms if the fraction cancelled.
		if z != 0 {
			break
		}
		acc := int32(0)
		for i := jz - 1; i >= jk; i-- {
			acc |= iq[i]
		}
		if acc != 0 {
			break
		}
		k := 1
		for iq[jk-k] == 0 {
			k++
		}
		for i := jz + 1; i <= jz+k; i++ {
			f[jx+i] = float64(twoOverPi[jv+i])
			fw := 0.0
			for j := 0; j <= jx; j++ {
				fw += float64(x[j] * f[jx+i-j])
			}
			q[i] = fw
		}
		jz += k
	}

	// Chop off zero terms.
	if z == 0 {
		jz--
		q0 -= 24
		for iq[jz] == 0 {
			jz--
			q0 -= 24
		}
	} else { // break z into 24-bit pieces if necessary
		z = math.Ldexp(z, -q0)
		if z >= fdTwo24 {
			fw := float64(int32(twon24 * z))
			iq[jz] = int32(z - float64(fdTwo24*fw))
			jz++
			q0 += 24
			iq[jz] = int32(fw)
		} else {
			iq[jz] = int32(z)
		}
	}

	// Convert the integer chunks to floating point.
	fw := math.Ldexp(1, q0)
	for i := jz; i >= 0; i-- {
		q[i] = fw * float64(iq[i])
		fw *= twon24
	}
	// fq = PIo2[0..jp] * q[jz..0]
	for i := jz; i >= 0; i-- {
		fw := 0.0
		for k := 0; k <= jp && k <= jz-i; k++ {
			fw += float64(pio2Chunks[k] * q[i+k])
		}
		fq[jz-i] = fw
	}
	// Compress fq[] into y0, y1.
	fw = 0
	for i := jz; i >= 0; i-- {
		fw += fq[i]
	}
	y0 := fw
	if ih != 0 {
		y0 = -fw
	}
	fw = fq[0] - fw
	for i := 1; i <= jz; i++ {
		fw += fq[i]
	}
	y1 := fw
	if ih != 0 {
		y1 = -fw
	}
	return n & 7, y0, y1
}

// Coefficients shared by asin and acos.
const (
	pio2Hi = 0x1.921fb54442d18p0
	pio2Lo = 0x1.1a62633145c07p-54
	pio4Hi = 0x1.921fb54442d18p-1
	asinP0 = 0x1.5555555555555p-3
	asinP1 = -0x1.4d61203eb6f7dp-2
	asinP2 = 0x1.9c1550e884455p-3
	asinP3 = -0x1.48228b5688f3bp-5
	asinP4 = 0x1.9efe07501b288p-11
	asinP5 = 0x1.23de10dfdf709p-15
	asinQ1 = -0x1.33a271c8a2d4bp1
	asinQ2 = 0x1.02ae59c598ac8p1
	asinQ3 = -0x1.6066c1b8d0159p-1
	asinQ4 = 0x1.3b8c5b12e9282p-4
)

// asinRatio is the rational approximation R(t) = p/q of asin and acos;
// it returns p and q.
func asinRatio(t float64) (p, q float64) {
	p = t * poly(t, asinP0, asinP1, asinP2, asinP3, asinP4, asinP5)
	q = poly(t, 1, asinQ1, asinQ2, asinQ3, asinQ4)
	return p, q
}

// fdAsin is StrictMath.asin.
func fdAsin(x float64) float64 {
	hx := highWord(x)
	ix := hx & 0x7fffffff
	if ix >= 0x3ff00000 { // |x| >= 1
		if (uint32(ix-0x3ff00000) | lowWord(x)) == 0 { // asin(±1) = ±pi/2
			return float64(x*pio2Hi) + float64(x*pio2Lo)
		}
		return math.NaN()
	}
	if ix < 0x3fe00000 { // |x| < 0.5
		if ix < 0x3e400000 { // |x| < 2**-27
			return x
		}
		t := x * x
		p, q := asinRatio(t)
		return x + float64(x*(p/q))
	}
	// 1 > |x| >= 0.5
	w := 1 - math.Abs(x)
	t := w * 0.5
	p, q := asinRatio(t)
	s := math.Sqrt(t)
	if ix >= 0x3fef3333 { // |x| > 0.975
		w = p / q
		t = pio2Hi - (float64(2.0*(s+float64(s*w))) - pio2Lo)
	} else {
		w = setLow(s, 0)
		c := (t - float64(w*w)) / (s + w)
		r := p / q
		p = float64(2.0*s*r) - (pio2Lo - float64(2.0*c))
		q = pio4Hi - float64(2.0*w)
		t = pio4Hi - (p - q)
	}
	if hx > 0 {
		return t
	}
	return -t
}

// fdAcos is StrictMath.acos.
func fdAcos(x float64) float64 {
	hx := highWord(x)
	ix := hx & 0x7fffffff
	if ix >= 0x3ff00000 { // |x| >= 1
		if (uint32(ix-0x3ff00000) | lowWord(x)) == 0 {
			if hx > 0 {
				return 0
			}
			return math.Pi + float64(2.0*pio2Lo)
		}
		return math.NaN()
	}
	if ix < 0x3fe00000 { // |x| < 0.5
		if ix <= 0x3c600000 { // |x| < 2**-57
			return pio2Hi + pio2Lo
		}
		z := x * x
		p, q := asinRatio(z)
		r := p / q
		return pio2Hi - (x - (pio2Lo - float64(x*r)))
	}
	if hx < 0 { // x < -0.5
		z := (1 + x) * 0.5
		p, q := asinRatio(z)
		s := math.Sqrt(z)
		r := p / q
		w := float64(r*s) - pio2Lo
		return math.Pi - float64(2.0*(s+w))
	}
	// x > 0.5
	z := (1 - x) * 0.5
	s := math.Sqrt(z)
	df := setLow(s, 0)
	c := (z - float64(df*df)) / (s + df)
	p, q := asinRatio(z)
	r := p / q
	w := float64(r*s) + c
	return 2.0 * (df + w)
}

var (
	atanHi = [4]float64{
		0x1.dac670561bb4fp-2, // atan(0.5)
		0x1.921fb54442d18p-1, // atan(1.0)
		0x1.f730bd281f69bp-1, // atan(1.5)
		0x1.921fb54442d18p0,  // atan(inf)
	}
	atanLo = [4]float64{
		0x1.a2b7f222f65e2p-56,
		0x1.1a62633145c07p-55,
		0x1.007887af0cbbdp-56,
		0x1.1a62633145c07p-54,
	}
	atanT = [11]float64{
		0x1.555555555550dp-2,
		-0x1.999999998ebc4p-3,
		0x1.24924920083ffp-3,
		-0x1.c71c6fe231671p-4,
		0x1.745cdc54c206ep-4,
		-0x1.3b0f2af749a6dp-4,
		0x1.10d66a0d03d51p-4,
		-0x1.dde2d52defd9ap-5,
		0x1.97b4b24760debp-5,
		-0x1.2b4442c6a6c2fp-5,
		0x1.0ad3ae322da11p-6,
	}
)

// fdAtan is StrictMath.atan.
func fdAtan(x float64) float64 {
	hx := highWord(x)
	ix := hx & 0x7fffffff
	if ix >= 0x44100000 { // |x| >= 2^66
		if math.IsNaN(x) {
			return x + x
		}
		if hx > 0 {
			return atanHi[3] + atanLo[3]
		}
		return -atanHi[3] - atanLo[3]
	}
	id := -1
	if ix < 0x3fdc0000 { // |x| < 0.4375
		if ix < 0x3e200000 { // |x| < 2^-29
			return x
		}
	} else {
		x = math.Abs(x)
		switch {
		case ix < 0x3fe60000: // 7/16 <= |x| < 11/16
			id = 0
			x = (2.0*x - 1.0) / (2.0 + x)
		case ix < 0x3ff30000: // 11/16 <= |x| < 19/16
			id = 1
			x = (x - 1.0) / (x + 1.0)
		case ix < 0x40038000: // |x| < 2.4375
			id = 2
			x = (x - 1.5) / (1.0 + float64(1.5*x))
		default: // 2.4375 <= |x| < 2^66
			id = 3
			x = -1.0 / x
		}
	}
	z := x * x
	w := z * z
	s1 := z * poly(w, atanT[0], atanT[2], atanT[4], atanT[6], atanT[8], atanT[10])
	s2 := w * poly(w, atanT[1], atanT[3], atanT[5], atanT[7], atanT[9])
	if id < 0 {
		return x - float64(x*(s1+s2))
	}
	z = atanHi[id] - ((float64(x*(s1+s2)) - atanLo[id]) - x)
	if hx < 0 {
		return -z
	}
	return z
}

const (
	expOThreshold = 0x1.62e42fefa39efp9
	expUThreshold = -0x1.74910d52d3051p9
	ln2Hi         = 0x1.62e42feep-1
	ln2Lo         = 0x1.a39ef35793c76p-33
	invLn2        = 0x1.71547652b82fep0
	expP1         = 0x1.555555555553ep-3
	expP2         = -0x1.6c16c16bebd93p-9
	expP3         = 0x1.1566aaf25de2cp-14
	expP4         = -0x1.bbd41c5d26bf1p-20
	expP5         = 0x1.6376972bea4d0p-25
)

// expPoly is R1(r) = r - (P1*r^2 + ... + P5*r^10), used by exp and pow.
func expPoly(x float64) float64 {
	t := x * x
	return x - float64(t*poly(t, expP1, expP2, expP3, expP4, expP5))
}

// fdExp is StrictMath.exp.
func fdExp(x float64) float64 {
	hx := highWord(x)
	neg := hx < 0
	hx &= 0x7fffffff
	if hx >= 0x40862e42 { // |x| >= 709.78...
		if hx >= 0x7ff00000 {
			switch {
			case math.IsNaN(x):
				return x + x
			case neg:
				return 0
			}
			return x
		}
		if x > expOThreshold {
			return math.Inf(1)
		}
		if x < expUThreshold {
			return 0
		}
	}
	var hi, lo float64
	k := int32(0)
	switch {
	case hx > 0x3fd62e42: // |x| > 0.5 ln2
		if hx < 0x3ff0a2b2 { // and |x| < 1.5 ln2
			if neg {
				hi, lo, k = x+ln2Hi, -ln2Lo, -1
			} else {
				hi, lo, k = x-ln2Hi, ln2Lo, 1
			}
		} else {
			half := 0.5
			if neg {
				half = -0.5
			}
			k = int32(float64(invLn2*x) + half)
			t := float64(k)
			hi = x - float64(t*ln2Hi) // exact
			lo = t * ln2Lo
		}
		x = hi - lo
	case hx < 0x3e300000: // |x| < 2**-28
		return 1 + x
	}
	c := expPoly(x)
	if k == 0 {
		return 1 - (float64(x*c)/(c-2.0) - x)
	}
	y := 1 - ((lo - float64(x*c)/(2.0-c)) - hi)
	if k >= -1021 {
		return setHigh(y, highWord(y)+k<<20)
	}
	y = setHigh(y, highWord(y)+(k+1000)<<20)
	return y * 0x1.0p-1000
}

const (
	lg1 = 0x1.5555555555593p-1
	lg2 = 0x1.999999997fa04p-2
	lg3 = 0x1.2492494229359p-2
	lg4 = 0x1.c71c51d8e78afp-3
	lg5 = 0x1.7466496cb03dep-3
	lg6 = 0x1.39a09d078c69fp-3
	lg7 = 0x1.2f112df3e5244p-3
)

// fdLog is StrictMath.log.
func fdLog(x float64) float64 {
	hx := highWord(x)
	lx := lowWord(x)
	k := int32(0)
	if hx < 0x00100000 { // x < 2**-1022
		if (uint32(hx&0x7fffffff) | lx) == 0 { // log(±0) = -inf
			return math.Inf(-1)
		}
		if hx < 0 { // log(-#) = NaN
			return math.NaN()
		}
		k -= 54
		x *= fdTwo54 // subnormal: scale up
		hx = highWord(x)
	}
	if hx >= 0x7ff00000 {
		return x + x
	}
	k += (hx >> 20) - 1023
	hx &= 0x000fffff
	i := (hx + 0x95f64) & 0x100000
	x = setHigh(x, hx|(i^0x3ff00000)) // normalise x or x/2
	k += i >> 20
	f := x - 1.0
	dk := float64(k)
	if (0x000fffff & (2 + hx)) < 3 { // |f| < 2**-20
		if f == 0 {
			if k == 0 {
				return 0
			}
			return float64(dk*ln2Hi) + float64(dk*ln2Lo)
		}
		R := float64(f*f) * (0.5 - float64(0.33333333333333333*f))
		if k == 0 {
			return f - R
		}
		return float64(dk*ln2Hi) - ((R - float64(dk*ln2Lo)) - f)
	}
	s := f / (2.0 + f)
	z := s * s
	i = hx - 0x6147a
	w := z * z
	j := 0x6b851 - hx
	t1 := w * poly(w, lg2, lg4, lg6)
	t2 := z * poly(w, lg1, lg3, lg5, lg7)
	i |= j
	R := t2 + t1
	if i > 0 {
		hfsq := float64(0.5*f) * f
		if k == 0 {
			return f - (hfsq - float64(s*(hfsq+R)))
		}
		return float64(dk*ln2Hi) - ((hfsq - (float64(s*(hfsq+R)) + float64(dk*ln2Lo))) - f)
	}
	if k == 0 {
		return f - float64(s*(f-R))
	}
	return float64(dk*ln2Hi) - ((float64(s*(f-R)) - float64(dk*ln2Lo)) - f)
}

// fdLog10 is StrictMath.log10.
func fdLog10(x float64) float64 {
	const (
		ivln10   = 0x1.bcb7b1526e50ep-2
		log102Hi = 0x1.34413509f6p-2
		log102Lo = 0x1.9fef311f12b36p-42
	)
	hx := highWord(x)
	lx := lowWord(x)
	k := int32(0)
	if hx < 0x00100000 { // x < 2**-1022
		if (uint32(hx&0x7fffffff) | lx) == 0 {
			return math.Inf(-1)
		}
		if hx < 0 {
			return math.NaN()
		}
		k -= 54
		x *= fdTwo54
		hx = highWord(x)
	}
	if hx >= 0x7ff00000 {
		return x + x
	}
	k += (hx >> 20) - 1023
	i := int32(uint32(k) >> 31)
	hx = (hx & 0x000fffff) | ((0x3ff - i) << 20)
	y := float64(k + i)
	x = setHigh(x, hx)
	z := float64(y*log102Lo) + float64(ivln10*fdLog(x))
	return z + float64(y*log102Hi)
}

// fdExpm1 is StrictMath.expm1.
func fdExpm1(x float64) float64 {
	const (
		q1 = -0x1.11111111110f4p-5
		q2 = 0x1.a01a019fe5585p-10
		q3 = -0x1.4ce199eaadbb7p-14
		q4 = 0x1.0cfca86e65239p-18
		q5 = -0x1.afdb76e09c32dp-23
	)
	hx := highWord(x)
	neg := hx < 0
	hx &= 0x7fffffff
	if hx >= 0x4043687a { // |x| >= 56*ln2
		if hx >= 0x40862e42 { // |x| >= 709.78...
			if hx >= 0x7ff00000 {
				switch {
				case math.IsNaN(x):
					return x + x
				case neg:
					return -1
				}
				return x
			}
			if x > expOThreshold {
				return math.Inf(1)
			}
		}
		if neg { // x < -56*ln2
			return -1
		}
	}
	var hi, lo, c float64
	k := int32(0)
	switch {
	case hx > 0x3fd62e42: // |x| > 0.5 ln2
		if hx < 0x3ff0a2b2 { // and |x| < 1.5 ln2
			if !neg {
				hi, lo, k = x-ln2Hi, ln2Lo, 1
			} else {
				hi, lo, k = x+ln2Hi, -ln2Lo, -1
			}
		} else {
			half := 0.5
			if neg {
				half = -0.5
			}
			k = int32(float64(invLn2*x) + half)
			t := float64(k)
			hi = x - float64(t*ln2Hi)
			lo = t * ln2Lo
		}
		x = hi - lo
		c = (hi - x) - lo
	case hx < 0x3c900000: // |x| < 2**-54
		return x
	}
	hfx := 0.5 * x
	hxs := x * hfx
	r1 := poly(hxs, 1, q1, q2, q3, q4, q5)
	t := 3.0 - float64(r1*hfx)
	e := hxs * ((r1 - t) / (6.0 - float64(x*t)))
	if k == 0 {
		return x - (float64(x*e) - hxs)
	}
	e = float64(x*(e-c)) - c
	e -= hxs
	switch {
	case k == -1:
		return float64(0.5*(x-e)) - 0.5
	case k == 1:
		if x < -0.25 {
			return -2.0 * (e - (x + 0.5))
		}
		return 1 + float64(2.0*(x-e))
	case k <= -2 || k > 56: // exp(x) - 1 suffices
		y := 1 - (e - x)
		y = setHigh(y, highWord(y)+k<<20)
		return y - 1
	case k < 20:
		t = fromWords(0x3ff00000-(0x200000>>k), 0) // 1 - 2^-k
		y := t - (e - x)
		return setHigh(y, highWord(y)+k<<20)
	}
	t = fromWords((0x3ff-k)<<20, 0) // 2^-k
	y := x - (e + t)
	y += 1
	return setHigh(y, highWord(y)+k<<20)
}

// fdSinh is StrictMath.sinh.
func fdSinh(x float64) float64 {
	jx := highWord(x)
	ix := jx & 0x7fffffff
	if ix >= 0x7ff00000 {
		return x + x
	}
	h := 0.5
	if jx < 0 {
		h = -h
	}
	if ix < 0x40360000 { // |x| < 22
		if ix < 0x3e300000 { // |x| < 2**-28
			return x
		}
		t := fdExpm1(math.Abs(x))
		if ix < 0x3ff00000 {
			return h * (float64(2.0*t) - float64(t*t)/(t+1.0))
		}
		return h * (t + t/(t+1.0))
	}
	if ix < 0x40862e42 { // |x| < log(maxdouble)
		return h * fdExp(math.Abs(x))
	}
	if ix < 0x408633ce || (ix == 0x408633ce && lowWord(x) <= 0x8fb9f87d) {
		w := fdExp(0.5 * math.Abs(x))
		t := h * w
		return t * w
	}
	return x * 1.0e307 // overflow
}

// fdCosh is StrictMath.cosh.
func fdCosh(x float64) float64 {
	ix := highWord(x) & 0x7fffffff
	if ix >= 0x7ff00000 {
		return x * x
	}
	if ix < 0x3fd62e43 { // |x| < 0.5*ln2
		t := fdExpm1(math.Abs(x))
		w := 1 + t
		if ix < 0x3c800000 {
			return w
		}
		return 1 + float64(t*t)/(w+w)
	}
	if ix < 0x40360000 { // |x| < 22
		t := fdExp(math.Abs(x))
		return float64(0.5*t) + 0.5/t
	}
	if ix < 0x40862e42 {
		return 0.5 * fdExp(math.Abs(x))
	}
	if ix < 0x408633ce || (ix == 0x408633ce && lowWord(x) <= 0x8fb9f87d) {
		w := fdExp(0.5 * math.Abs(x))
		t := 0.5 * w
		return t * w
	}
	return math.Inf(1)
}

// fdTanh is StrictMath.tanh.
func fdTanh(x float64) float64 {
	jx := highWord(x)
	ix := jx & 0x7fffffff
	if ix >= 0x7ff00000 {
		if jx >= 0 {
			return 1/x + 1
		}
		return 1/x - 1
	}
	var z float64
	switch {
	case ix >= 0x40360000: // |x| >= 22
		z = 1
	case ix < 0x3c800000: // |x| < 2**-55
		return x * (1 + x)
	case ix >= 0x3ff00000: // |x| >= 1
		t := fdExpm1(2.0 * math.Abs(x))
		z = 1 - 2.0/(t+2.0)
	default:
		t := fdExpm1(-2.0 * math.Abs(x))
		z = -t / (t + 2.0)
	}
	if jx >= 0 {
		return z
	}
	return -z
}

// fdHypot is StrictMath.hypot.
func fdHypot(x, y float64) float64 {
	a, b := math.Abs(x), math.Abs(y)
	if math.IsInf(a, 0) || math.IsInf(b, 0) {
		return math.Inf(1)
	}
	if math.IsNaN(a) || math.IsNaN(b) {
		return a + b
	}
	if b > a {
		a, b = b, a
	}
	ha, hb := highWord(a), highWord(b)
	if ha-hb > 0x3c00000 { // a/b > 2**60
		return a + b
	}
	k := 0
	if a > 0x1.00000ffffffffp500 { // scale by 2**-600
		ha -= 0x25800000
		hb -= 0x25800000
		a *= 0x1.0p-600
		b *= 0x1.0p-600
		k += 600
	}
	if b < 0x1.0p-500 {
		if b < 0x1.0p-1022 { // subnormal b or zero
			if b == 0 {
				return a
			}
			b *= 0x1.0p1022
			a *= 0x1.0p1022
			k -= 1022
		} else { // scale by 2^600
			ha += 0x25800000
			hb += 0x25800000
			a *= 0x1.0p600
			b *= 0x1.0p600
			k -= 600
		}
	}
	w := a - b
	if w > b {
		t1 := fromWords(ha, 0)
		t2 := a - t1
		w = math.Sqrt(float64(t1*t1) - (float64(b*(-b)) - float64(t2*(a+t1))))
	} else {
		a += a
		y1 := fromWords(hb, 0)
		y2 := b - y1
		t1 := fromWords(ha+0x00100000, 0)
		t2 := a - t1
		w = math.Sqrt(float64(t1*y1) - (float64(w*(-w)) - (float64(t1*y2) + float64(t2*b))))
	}
	if k != 0 {
		return math.Ldexp(1, k) * w
	}
	return w
}

// fdPow is StrictMath.pow (the JDK's Java port of e_pow.c, with its fast
// paths for y = 2, 0.5 and ±1).
func fdPow(x, y float64) float64 {
	if y == 0 {
		return 1
	}
	if math.IsNaN(x) || math.IsNaN(y) {
		return x + y
	}
	yAbs := math.Abs(y)
	xAbs := math.Abs(x)
	switch {
	case y == 2:
		return x * x
	case y == 0.5:
		if x >= -math.MaxFloat64 { // -Inf is handled below
			return math.Sqrt(x + 0.0)
		}
	case yAbs == 1:
		if y == 1 {
			return x
		}
		return 1 / x
	case math.IsInf(y, 0):
		switch {
		case xAbs == 1:
			return y - y // NaN
		case xAbs > 1:
			if y >= 0 {
				return y
			}
			return 0
		default:
			if y < 0 {
				return -y
			}
			return 0
		}
	}

	hx := highWord(x)
	ix := hx & 0x7fffffff
	// yIsInt: 0 not an integer, 1 odd, 2 even (only computed for x < 0).
	yIsInt := int32(0)
	if hx < 0 {
		if yAbs >= 0x1.0p53 {
			yIsInt = 2
		} else if yAbs >= 1 {
			yl := int64(yAbs)
			if float64(yl) == yAbs {
				yIsInt = 2 - int32(yl&1)
			}
		}
	}
	// x is ±0, ±Inf or ±1.
	if xAbs == 0 || math.IsInf(xAbs, 0) || xAbs == 1 {
		z := xAbs
		if y < 0 {
			z = 1 / z
		}
		if hx < 0 {
			if (ix-0x3ff00000)|yIsInt == 0 {
				z = math.NaN() // (-1)**non-int
			} else if yIsInt == 1 {
				z = -z
			}
		}
		return z
	}
	n := (hx >> 31) + 1
	if n|yIsInt == 0 { // (x < 0)**(non-int)
		return math.NaN()
	}
	s := 1.0
	if n|(yIsInt-1) == 0 { // (-ve)**(odd int)
		s = -1
	}

	var t1, t2 float64
	if yAbs > 0x1.00000ffffffffp31 { // |y| > ~2**31
		const (
			invLn2H = 0x1.715476p0
			invLn2L = 0x1.4ae0bf85ddf44p-26
		)
		// Over- or underflow unless x is close to one.
		if xAbs < 0x1.fffff00000000p-1 {
			if y < 0 {
				return s * math.Inf(1)
			}
			return s * 0
		}
		if xAbs > 0x1.00000ffffffffp0 {
			if y > 0 {
				return s * math.Inf(1)
			}
			return s * 0
		}
		// |1-x| <= 2**-20: log(x) by x - x^2/2 + x^3/3 - x^4/4.
		t := xAbs - 1
		w := float64(t*t) * (0.5 - float64(t*(0.3333333333333333333333-float64(t*0.25))))
		u := invLn2H * t
		v := float64(t*invLn2L) - float64(w*invLn2)
		t1 = setLow(u+v, 0)
		t2 = v - (t1 - u)
	} else {
		const (
			cp    = 0x1.ec709dc3a03fdp-1 // 2/(3ln2)
			cpH   = 0x1.ec709ep-1
			cpL   = -0x1.e2fe0145b01f5p-28
			dpH1  = 0x1.2b8034p-1
			dpL1  = 0x1.cfdeb43cfd006p-27
			powL1 = 0x1.3333333333303p-1
			powL2 = 0x1.b6db6db6fabffp-2
			powL3 = 0x1.55555518f264dp-2
			powL4 = 0x1.17460a91d4101p-2
			powL5 = 0x1.d864a93c9db65p-3
			powL6 = 0x1.a7e284a454eefp-3
		)
		n = 0
		if ix < 0x00100000 { // subnormal x
			xAbs *= 0x1.0p53
			n -= 53
			ix = highWord(xAbs)
		}
		n += (ix >> 20) - 0x3ff
		j := ix & 0x000fffff
		ix = j | 0x3ff00000 // normalise
		var k int32
		switch {
		case j <= 0x3988e: // |x| < sqrt(3/2)
			k = 0
		case j < 0xbb67a: // |x| < sqrt(3)
			k = 1
		default:
			k = 0
			n++
			ix -= 0x00100000
		}
		xAbs = setHigh(xAbs, ix)

		// ss = sH + sL = (x-1)/(x+1) or (x-1.5)/(x+1.5)
		bp := 1.0 + 0.5*float64(k)
		u := xAbs - bp
		v := 1 / (xAbs + bp)
		ss := u * v
		sH := setLow(ss, 0)
		tH := fromWords(((ix>>1)|0x20000000)+0x00080000+(k<<18), 0)
		tL := xAbs - (tH - bp)
		sL := v * ((u - float64(sH*tH)) - float64(sH*tL))
		// log(xAbs)
		s2 := ss * ss
		r := float64(s2*s2) * poly(s2, powL1, powL2, powL3, powL4, powL5, powL6)
		r += float64(sL * (sH + ss))
		s2 = sH * sH
		tH = setLow(3.0+s2+r, 0)
		tL = r - ((tH - 3.0) - s2)
		// u+v = ss*(1+...)
		u = sH * tH
		v = float64(sL*tH) + float64(tL*ss)
		// 2/(3log2)*(ss + ...)
		pH := setLow(u+v, 0)
		pL := v - (pH - u)
		zH := cpH * pH
		zL := float64(cpL*pH) + float64(pL*cp) + float64(dpL1*float64(k))
		// log2(xAbs) = (ss + ..)*2/(3*log2) = n + dpH + zH + zL
		t := float64(n)
		t1 = setLow(((zH+zL)+float64(dpH1*float64(k)))+t, 0)
		t2 = zL - (((t1 - t) - float64(dpH1*float64(k))) - zH)
	}

	// (y1 + y2) * (t1 + t2)
	y1 := setLow(y, 0)
	pL := float64((y-y1)*t1) + float64(y*t2)
	pH := y1 * t1
	z := pL + pH
	j := highWord(z)
	i := int32(lowWord(z))
	if j >= 0x40900000 { // z >= 1024
		if (j-0x40900000)|i != 0 { // z > 1024
			return s * math.Inf(1)
		}
		const ovt = 8.0085662595372944372e-0017
		if pL+ovt > z-pH {
			return s * math.Inf(1)
		}
	} else if j&0x7fffffff >= 0x4090cc00 { // z <= -1075
		if uint32(j)-0xc090cc00|uint32(i) != 0 { // z < -1075
			return s * 0
		}
		if pL <= z-pH {
			return s * 0
		}
	}

	// 2**(pH+pL)
	const (
		lg2  = 0x1.62e42fefa39efp-1
		lg2H = 0x1.62e43p-1
		lg2L = -0x1.05c610ca86c39p-29
	)
	i = j & 0x7fffffff
	k := (i >> 20) - 0x3ff
	n = 0
	if i > 0x3fe00000 { // |z| > 0.5: n = [z + 0.5]
		n = j + (0x00100000 >> (k + 1))
		k = ((n & 0x7fffffff) >> 20) - 0x3ff // new k for n
		t := fromWords(n&^(0x000fffff>>k), 0)
		n = ((n & 0x000fffff) | 0x00100000) >> (20 - k)
		if j < 0 {
			n = -n
		}
		pH -= t
	}
	t := setLow(pL+pH, 0)
	u := t * lg2H
	v := float64((pL-(t-pH))*lg2) + float64(t*lg2L)
	z = u + v
	w := v - (z - u)
	t = z * z
	t1 = z - float64(t*poly(t, expP1, expP2, expP3, expP4, expP5))
	r := float64(z*t1)/(t1-2.0) - (w + float64(z*w))
	z = 1 - (r - z)
	j = highWord(z)
	j += n << 20
	if j>>20 <= 0 {
		z = math.Ldexp(z, int(n)) // subnormal result
	} else {
		z = setHigh(z, highWord(z)+n<<20)
	}
	return s * z
}

// jvmExp is java.lang.Math.exp. HotSpot replaces it with an intrinsic that
// rounds correctly where fdlibm is one ulp off (Math.exp(1) == Math.E on
// the JVM, while StrictMath.exp(1) is 2.7182818284590455), so the result is
// computed in double-double precision (about 100 bits) and rounded once.
func jvmExp(x float64) float64 {
	switch {
	case math.IsNaN(x) || math.IsInf(x, 0) || x > expOThreshold || x < expUThreshold:
		return fdExp(x)
	case math.Abs(x) < 0x1.0p-54:
		return 1 + x
	}
	k := math.Round(x * invLn2)
	if k < -1020 { // subnormal results: rounding twice would be wrong
		return fdExp(x)
	}
	// r = x - k*ln2, with ln2 split in three parts; k*ln2Hi is exact and the
	// subtraction is exact by Sterbenz's lemma.
	rh, rl := twoSum(x-k*ln2Hi, -k*ln2Lo)
	rl -= k * ln2Lo2
	rh, rl = fastTwoSum(rh, rl)
	// expm1 of s = r/256 by its Taylor series in Horner form,
	// s*(1 + s/2*(1 + s/3*(...))), then (1+e)^2 - 1 = e*(2+e) eight times.
	const halvings = 8
	sh, sl := math.Ldexp(rh, -halvings), math.Ldexp(rl, -halvings)
	ah, al := 1.0, 0.0
	for n := 13; n >= 2; n-- {
		th, tl := ddMul(ah, al, sh, sl)
		th, tl = ddDivInt(th, tl, n)
		ah, al = ddAdd(1, 0, th, tl)
	}
	eh, el := ddMul(ah, al, sh, sl)
	for i := 0; i < halvings; i++ {
		th, tl := ddAdd(2, 0, eh, el)
		eh, el = ddMul(eh, el, th, tl)
	}
	yh, _ := ddAdd(1, 0, eh, el)
	return math.Ldexp(yh, int(k))
}

// ln2Lo2 is ln 2 - ln2Hi - ln2Lo.
const ln2Lo2 = 0x1.cc01f97b57a08p-87

func twoSum(a, b float64) (float64, float64) {
	s := a + b
	bb := s - a
	return s, (a - (s - bb)) + (b - bb)
}

func fastTwoSum(a, b float64) (float64, float64) {
	s := a + b
	return s, b - (s - a)
}

func ddAdd(ah, al, bh, bl float64) (float64, float64) {
	s, e := twoSum(ah, bh)
	e += al + bl
	return fastTwoSum(s, e)
}

func ddMul(ah, al, bh, bl float64) (float64, float64) {
	p := ah * bh
	e := math.FMA(ah, bh, -p)
	e += ah*bl + al*bh
	return fastTwoSum(p, e)
}

func ddDivInt(ah, al float64, n int) (float64, float64) {
	d := float64(n)
	q := ah / d
	// remainder of ah - q*d, exact with FMA
	r := math.FMA(-q, d, ah) + al
	return fastTwoSum(q, r/d)
}
