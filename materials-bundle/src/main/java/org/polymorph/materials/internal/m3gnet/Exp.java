package org.polymorph.materials.internal.m3gnet;

/**
 * e^x for {@link Dense}'s sigmoids, the same operations in scalar form here and in SIMD lanes in {@link VectorLanes}, so
 * that the two agree bit for bit and the result does not depend on whether the JIT has compiled the lanes (the Vector
 * API's own exp is SVML's when compiled and Math.exp's when interpreted, an ulp apart now and then, which made results
 * depend on timing). Cody–Waite reduction x = n ln 2 + r, |r| ≤ ln 2 / 2 (n rounded by adding 1.5·2⁵², ln 2 in two
 * parts as fdlibm splits it: 0x3fe62e42fee00000 + 0x3dea39ef35793c76), e^r by its Taylor polynomial of degree 13
 * (truncation ≤ 0.35¹⁴/14! = 4·10⁻¹⁸) in Estrin's form (pairs c₂ₖ + c₂ₖ₊₁r, then r², r⁴, r⁸: a chain of 6 fused
 * multiply-adds instead of Horner's 13), and 2ⁿ put together in the exponent bits; x clamped to [−700, 700] (e^±700
 * stays finite), NaN stays NaN. Within 2 ulp of Math.exp over the range (tested).
 */
final class Exp {
    static final double SHIFTER = 0x1.8p52;
    static final double INV_LN2 = 1.4426950408889634;
    static final double LN2_HI = Double.longBitsToDouble(0x3fe62e42fee00000L);
    static final double LN2_LO = Double.longBitsToDouble(0x3dea39ef35793c76L);
    static final double LIMIT = 700;
    /** 1/k! for k = 0 … 13, the Taylor coefficients of e^r. */
    static final double[] C = taylor();

    private Exp() { }

    static double exp(double x) {
        double c = Math.min(Math.max(x, -LIMIT), LIMIT);
        double t = Math.fma(c, INV_LN2, SHIFTER);
        double n = t - SHIFTER;
        double r = Math.fma(n, -LN2_HI, c);
        r = Math.fma(n, -LN2_LO, r);
        double r2 = r * r;
        double r4 = r2 * r2;
        double r8 = r4 * r4;
        double b0 = Math.fma(Math.fma(r, C[3], C[2]), r2, Math.fma(r, C[1], C[0]));
        double b1 = Math.fma(Math.fma(r, C[7], C[6]), r2, Math.fma(r, C[5], C[4]));
        double b2 = Math.fma(Math.fma(r, C[11], C[10]), r2, Math.fma(r, C[9], C[8]));
        double p = Math.fma(Math.fma(Math.fma(r, C[13], C[12]), r4, b2), r8, Math.fma(b1, r4, b0));
        return p * Double.longBitsToDouble((Double.doubleToRawLongBits(t) + 1023) << 52);
    }

    private static double[] taylor() {
        double[] c = new double[14];
        double f = 1;
        for (int k = 0; k < c.length; k++) {
            if (k > 1) f *= k;
            c[k] = 1 / f;
        }
        return c;
    }
}
