package org.polymorph.materials.internal.m3gnet;

import org.polymorph.autodiff.Ops;
import org.polymorph.autodiff.Var;
import org.polymorph.core.tensor.DType;

/**
 * M3GNet's basis functions as differentiable ops (matgl {@code layers/_basis.py}, {@code utils/maths.py},
 * {@code utils/cutoff.py}), lengths in Å:
 * <ul>
 * <li>spherical Bessel radial basis, columns l-major (l = 0..L−1, n = 0..N−1):
 * f_ln(r) = √(2/r_c³) j_l(z_ln min(r, r_c)/r_c) / |j_{l+1}(z_ln)|, z_ln the n-th positive zero of j_l;</li>
 * <li>smooth radial basis (the MatPES models): g_n, n = 0..K−1, the orthogonalised sinc pairs of DimeNet++ /
 * matgl {@code _get_lambda_func}: f_n = (−1)ⁿ √2 π r_c^{−3/2} (n+1)(n+2)/√((n+1)²+(n+2)²) [sinc((n+1)πr/r_c) +
 * sinc((n+2)πr/r_c)], e_n = n²(n+2)²/(4(n+1)⁴+1), d_0 = 1, d_n = 1 − e_n/d_{n−1},
 * g_0 = f_0, g_n = (f_n + √(e_n/d_{n−1}) g_{n−1})/√d_n;</li>
 * <li>three-body basis [T, N·L]: the radial basis of r_ik times Y_l⁰(cos θ) (Y_0⁰ = ½√(1/π), Y_1⁰ = ½√(3/π)c,
 * Y_2⁰ = ¼√(5/π)(3c²−1)), each Y_l repeated N times;</li>
 * <li>three-body cutoff: 1 − 10x³ + 15x⁴ − 6x⁵, x = r/r_3, zero beyond r_3.</li>
 * </ul>
 */
final class M3gnetBasis {
    private final int n;
    private final int l;
    private final double rc;
    private final boolean smooth;
    private final DType dtype;
    private final double[] bondRow;      // Bessel: z_ln/r_c per column; smooth: kπ/r_c, k = 1..N+1
    private final double[] bondCoef;     // Bessel: normalisation per column; smooth: [N+1, N] sinc → g matrix
    private final double[] tripleRow;
    private final double[] tripleCoef;
    private final double[] y0;           // Y columns [N·L]: Y = y0 + y1 c + y2 c²
    private final double[] y1;
    private final double[] y2;

    M3gnetBasis(int maxN, int maxL, double cutoff, boolean smooth, DType dtype) {
        this.n = maxN;
        this.l = maxL;
        this.rc = cutoff;
        this.smooth = smooth;
        this.dtype = dtype;
        if (smooth) {
            bondRow = sincFrequencies(maxN, cutoff);
            bondCoef = smoothMatrix(maxN, cutoff);
            tripleRow = sincFrequencies(maxN * maxL, cutoff);
            tripleCoef = smoothMatrix(maxN * maxL, cutoff);
        } else {
            bondRow = new double[maxN * maxL];
            bondCoef = new double[maxN * maxL];
            for (int a = 0; a < maxL; a++) {
                for (int b = 0; b < maxN; b++) {
                    double z = besselZero(a, b);
                    bondRow[a * maxN + b] = z / cutoff;
                    bondCoef[a * maxN + b] = Math.sqrt(2 / (cutoff * cutoff * cutoff)) / Math.abs(bessel(a + 1, z));
                }
            }
            tripleRow = bondRow;
            tripleCoef = bondCoef;
        }
        int w = maxN * maxL;
        y0 = new double[w];
        y1 = new double[w];
        y2 = new double[w];
        for (int k = 0; k < maxN; k++) {
            y0[k] = 0.5 * Math.sqrt(1 / Math.PI);
            y1[maxN + k] = 0.5 * Math.sqrt(3 / Math.PI);
            y0[2 * maxN + k] = -0.25 * Math.sqrt(5 / Math.PI);
            y2[2 * maxN + k] = 0.75 * Math.sqrt(5 / Math.PI);
        }
    }

    /** Width of the bond basis: N (smooth) or N·L. */
    int bondWidth() { return smooth ? n : n * l; }

    /** Bond basis [E, bondWidth] of distances r [E]. */
    Var bond(Ops o, Var r) { return radial(o, r, bondRow, bondCoef); }

    /** Three-body basis [T, N·L] of r_ik [T] and cos θ_jik [T]. */
    Var triple(Ops o, Var rik, Var cos) {
        Var radial = radial(o, rik, tripleRow, tripleCoef);
        Var col = o.reshape(cos, cos.dim(0), 1);
        Var y = o.add(o.add(row(o, y0), o.mul(col, row(o, y1))), o.mul(o.square(col), row(o, y2)));
        return o.mul(radial, y);
    }

    /** Bond basis values and d/dr at one distance r (Å) into val and der from {@code off}. */
    void bondAt(double r, double[] val, double[] der, int off) { radialAt(r, bondRow, bondCoef, val, der, off); }

    /** The three-body radial basis [N·L] and d/dr at r_ik into val and der from {@code off}. */
    void tripleRadialAt(double r, double[] val, double[] der, int off) { radialAt(r, tripleRow, tripleCoef, val, der, off); }

    /** Y columns [N·L] of cos θ and their derivatives d/dcos θ. */
    void harmonicsAt(double c, double[] y, double[] dy) {
        for (int k = 0; k < y.length; k++) {
            y[k] = y0[k] + c * (y1[k] + c * y2[k]);
            dy[k] = y1[k] + 2 * c * y2[k];
        }
    }

    /** The polynomial three-body cutoff and its derivative at r: {f_c, df_c/dr}. */
    static void cutoffAt(double r, double r3, double[] out) {
        if (r >= r3) {
            out[0] = 0;
            out[1] = 0;
            return;
        }
        double x = r / r3;
        double x2 = x * x;
        out[0] = 1 + x2 * x * (-10 + x * (15 - 6 * x));
        out[1] = x2 * (-30 + x * (60 - 30 * x)) / r3;
    }

    private void radialAt(double r, double[] freq, double[] coef, double[] val, double[] der, int off) {
        if (smooth) {
            int m = freq.length - 1;
            for (int q = 0; q < m; q++) {
                val[off + q] = 0;
                der[off + q] = 0;
            }
            for (int k = 0; k < freq.length; k++) {
                double x = freq[k] * r;
                double sinc = Math.sin(x) / x;
                double dsinc = freq[k] * (Math.cos(x) - sinc) / x;
                for (int q = 0; q < m; q++) {
                    val[off + q] += sinc * coef[k * m + q];
                    der[off + q] += dsinc * coef[k * m + q];
                }
            }
            return;
        }
        boolean clamped = r > rc;
        double rr = clamped ? rc : r;
        for (int k = 0; k < freq.length; k++) {
            int deg = k / n;
            double x = rr * freq[k];
            double j = bessel(deg, x);
            double dj = deg == 0 ? -bessel(1, x) : bessel(deg - 1, x) - (deg + 1) * j / x;   // j_l' = j_{l−1} − (l+1) j_l / x
            val[off + k] = coef[k] * j;
            der[off + k] = clamped ? 0 : coef[k] * freq[k] * dj;
        }
    }

    /** The polynomial three-body cutoff [E] of r [E] at r3 (Å). */
    static Var cutoff(Ops o, Var r, double r3) {
        Var x = o.div(r, o.scalarLike(r, r3));
        Var x3 = o.mul(o.square(x), x);
        Var poly = o.add(o.scalarLike(x, 1), o.mul(x3, o.add(o.scalarLike(x, -10), o.mul(x, o.add(o.scalarLike(x, 15), o.mul(x, o.scalarLike(x, -6)))))));
        return o.where(o.lt(r, o.scalarLike(r, r3)), poly, o.zerosLike(r));
    }

    private Var radial(Ops o, Var r, double[] freq, double[] coef) {
        int e = r.dim(0);
        if (smooth) {
            Var x = o.matmul(o.reshape(r, e, 1), row(o, freq));                       // [E, K+1]
            Var sinc = o.div(o.sin(x), x);
            return o.matmul(sinc, constant(o, coef, freq.length, freq.length - 1));
        }
        Var rr = o.minimum(o.reshape(r, e, 1), o.scalarLike(r, rc));
        Var x = o.mul(rr, row(o, freq));                                             // [E, N·L]
        Var inv = o.div(o.onesLike(x), x);
        Var s = o.mul(o.sin(x), inv);                                                // sin x / x
        Var c = o.mul(o.cos(x), inv);                                                // cos x / x
        Var j1 = o.sub(o.mul(s, inv), c);
        Var j2 = o.sub(o.mul(o.sub(o.mul(o.square(inv), o.scalarLike(x, 3)), o.onesLike(x)), s), o.mul(o.mul(c, inv), o.scalarLike(x, 3)));
        double[] m0 = new double[freq.length];
        double[] m1 = new double[freq.length];
        double[] m2 = new double[freq.length];
        for (int k = 0; k < freq.length; k++) {
            int deg = k / n;
            (deg == 0 ? m0 : deg == 1 ? m1 : m2)[k] = coef[k];
        }
        return o.add(o.add(o.mul(s, row(o, m0)), o.mul(j1, row(o, m1))), o.mul(j2, row(o, m2)));
    }

    private Var row(Ops o, double[] v) { return constant(o, v, 1, v.length); }

    private Var constant(Ops o, double[] v, int... shape) {
        Var c = o.constant(v, shape);
        return dtype == DType.FLOAT64 ? c : o.cast(c, dtype);
    }

    /** kπ/r_c for k = 1..count+1. */
    private static double[] sincFrequencies(int count, double rc) {
        double[] f = new double[count + 1];
        for (int k = 0; k <= count; k++) f[k] = (k + 1) * Math.PI / rc;
        return f;
    }

    /** The [count+1, count] matrix taking sinc(kπr/r_c), k = 1..count+1, to g_0..g_{count−1}. */
    private static double[] smoothMatrix(int count, double rc) {
        double[] f = new double[(count + 1) * count];                 // f_n = a_n (s_n + s_{n+1}), s indexed from k = 1
        for (int m = 0; m < count; m++) {
            double a = (m % 2 == 0 ? 1 : -1) * Math.sqrt(2) * Math.PI / Math.pow(rc, 1.5) * (m + 1) * (m + 2)
                    / Math.sqrt((m + 1.0) * (m + 1) + (m + 2.0) * (m + 2));
            f[m * count + m] = a;
            f[(m + 1) * count + m] = a;
        }
        double[] g = new double[(count + 1) * count];
        double dPrev = 1;
        for (int m = 0; m < count; m++) {
            double en = (double) m * m * (m + 2) * (m + 2) / (4.0 * Math.pow(m + 1, 4) + 1);
            double dn = m == 0 ? 1 : 1 - en / dPrev;
            for (int s = 0; s <= count; s++) {
                double prev = m == 0 ? 0 : g[s * count + m - 1];
                g[s * count + m] = m == 0 ? f[s * count] : (f[s * count + m] + Math.sqrt(en / dPrev) * prev) / Math.sqrt(dn);
            }
            dPrev = dn;
        }
        return g;
    }

    /** j_l(x) for l = 0..3, closed forms (Rayleigh). */
    static double bessel(int deg, double x) {
        double s = Math.sin(x);
        double c = Math.cos(x);
        return switch (deg) {
            case 0 -> s / x;
            case 1 -> s / (x * x) - c / x;
            case 2 -> (3 / (x * x * x) - 1 / x) * s - 3 * c / (x * x);
            case 3 -> (15 / (x * x * x * x) - 6 / (x * x)) * s - (15 / (x * x * x) - 1 / x) * c;
            default -> throw new IllegalArgumentException("spherical Bessel order " + deg + "; orders 0 to 3 are implemented");
        };
    }

    /** The (k+1)-th positive zero of j_l: bisection on a sign change, bracketed by a scan of step 0.05. */
    static double besselZero(int deg, int k) {
        int found = -1;
        double step = 0.05;
        for (double x = 1e-3 + step; ; x += step) {
            if (Math.signum(bessel(deg, x - step)) != Math.signum(bessel(deg, x)) && ++found == k) {
                double lo = x - step;
                double hi = x;
                for (int it = 0; it < 200 && hi - lo > 1e-15 * hi; it++) {
                    double mid = 0.5 * (lo + hi);
                    if (Math.signum(bessel(deg, mid)) == Math.signum(bessel(deg, lo))) lo = mid; else hi = mid;
                }
                return 0.5 * (lo + hi);
            }
        }
    }
}
