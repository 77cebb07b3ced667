package org.polymorph.materials.internal.m3gnet;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link Dense}'s inner loops in explicit SIMD lanes (the JDK's Vector API, module {@code jdk.incubator.vector}, given to
 * the JVM by {@code bin/polymorph} and the tests; {@link Dense} falls back to its scalar loops when the module is
 * absent). Same sums as the scalar loops: every element of a product starts from the bias (or the accumulator) and
 * adds its terms in ascending k, each by one fused multiply-add, so the double products agree with the scalar ones bit
 * for bit; only the layout differs (a tile of 6 rows × 2 vectors of outputs held in registers while k runs, where
 * the scalar loop streams an accumulator row through memory). Layers of few outputs (not a whole number of 2-vector
 * tiles) run as dot products over the lanes, whose terms add in another order. Sigmoids use {@link Exp}'s exp,
 * operation for operation, so they equal the scalar ones bit for bit. Measured on a 2-vCPU AVX2 EPYC,
 * [1,516 × 64]·[64 × 64]: 16–28 GFlop/s (scalar 12–14) in float64, 32–34 in float32 with 4-row tiles and 45–65 with
 * 6; a sigmoid ~3 ns per element (scalar Math.exp alone 8–12 ns; the Vector API's own exp, 2 ns, is SVML's when
 * compiled and Math.exp's when not, so results would depend on the JIT's timing).
 */
final class VectorLanes {
    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    // Exp's constants as vectors (static finals: C2 keeps them in registers rather than broadcasting at every use)
    private static final DoubleVector LOW = DoubleVector.broadcast(D, -Exp.LIMIT);
    private static final DoubleVector HIGH = DoubleVector.broadcast(D, Exp.LIMIT);
    private static final DoubleVector INV_LN2 = DoubleVector.broadcast(D, Exp.INV_LN2);
    private static final DoubleVector SHIFTER = DoubleVector.broadcast(D, Exp.SHIFTER);
    private static final DoubleVector MINUS_LN2_HI = DoubleVector.broadcast(D, -Exp.LN2_HI);
    private static final DoubleVector MINUS_LN2_LO = DoubleVector.broadcast(D, -Exp.LN2_LO);
    private static final DoubleVector ONE = DoubleVector.broadcast(D, 1);
    private static final DoubleVector C0 = DoubleVector.broadcast(D, Exp.C[0]);
    private static final DoubleVector C1 = DoubleVector.broadcast(D, Exp.C[1]);
    private static final DoubleVector C2 = DoubleVector.broadcast(D, Exp.C[2]);
    private static final DoubleVector C3 = DoubleVector.broadcast(D, Exp.C[3]);
    private static final DoubleVector C4 = DoubleVector.broadcast(D, Exp.C[4]);
    private static final DoubleVector C5 = DoubleVector.broadcast(D, Exp.C[5]);
    private static final DoubleVector C6 = DoubleVector.broadcast(D, Exp.C[6]);
    private static final DoubleVector C7 = DoubleVector.broadcast(D, Exp.C[7]);
    private static final DoubleVector C8 = DoubleVector.broadcast(D, Exp.C[8]);
    private static final DoubleVector C9 = DoubleVector.broadcast(D, Exp.C[9]);
    private static final DoubleVector C10 = DoubleVector.broadcast(D, Exp.C[10]);
    private static final DoubleVector C11 = DoubleVector.broadcast(D, Exp.C[11]);
    private static final DoubleVector C12 = DoubleVector.broadcast(D, Exp.C[12]);
    private static final DoubleVector C13 = DoubleVector.broadcast(D, Exp.C[13]);
    private static final int ROWS = 6;                  // rows per tile: 12 accumulators + 2 weight vectors + 1 broadcast of 16 registers (AVX2)

    private VectorLanes() { }

    /** Whether the lanes run here (the module resolved and at least 2 doubles per vector); throws LinkageError without the module. */
    static boolean usable() { return D.length() >= 2; }

    /** Whether {@link #product} takes a product with {@code out} outputs (a whole number of 2-vector tiles). */
    static boolean fits(int out) { return out % (2 * D.length()) == 0; }

    /** Whether {@link #productSingle} takes a product with {@code out} outputs. */
    static boolean fitsSingle(int out) { return out % (2 * F.length()) == 0; }

    /**
     * y[yr + i, :] = b + Σ_k x[xr + i, k] w[k, :] (or y[yr + i, :] + Σ_k … with {@code add}) for i in [0, count);
     * x [·, in], y [·, out] row-major, w [in, out] row-major, b [out] or null; {@link #fits}(out) must hold.
     */
    static void product(double[] x, int xr, double[] w, double[] b, double[] y, int yr, int count, int in, int out, boolean add) {
        int lanes = D.length();
        int i = 0;
        for (; i + ROWS <= count; i += ROWS) {
            int x0 = (xr + i) * in;
            int y0 = (yr + i) * out;
            for (int o = 0; o < out; o += 2 * lanes) {
                int p = o + lanes;
                DoubleVector c00 = start(b, y, y0, o, add);
                DoubleVector c01 = start(b, y, y0, p, add);
                DoubleVector c10 = start(b, y, y0 + out, o, add);
                DoubleVector c11 = start(b, y, y0 + out, p, add);
                DoubleVector c20 = start(b, y, y0 + 2 * out, o, add);
                DoubleVector c21 = start(b, y, y0 + 2 * out, p, add);
                DoubleVector c30 = start(b, y, y0 + 3 * out, o, add);
                DoubleVector c31 = start(b, y, y0 + 3 * out, p, add);
                DoubleVector c40 = start(b, y, y0 + 4 * out, o, add);
                DoubleVector c41 = start(b, y, y0 + 4 * out, p, add);
                DoubleVector c50 = start(b, y, y0 + 5 * out, o, add);
                DoubleVector c51 = start(b, y, y0 + 5 * out, p, add);
                for (int k = 0; k < in; k++) {
                    DoubleVector w0 = DoubleVector.fromArray(D, w, k * out + o);
                    DoubleVector w1 = DoubleVector.fromArray(D, w, k * out + p);
                    DoubleVector a = DoubleVector.broadcast(D, x[x0 + k]);
                    c00 = a.fma(w0, c00);
                    c01 = a.fma(w1, c01);
                    a = DoubleVector.broadcast(D, x[x0 + in + k]);
                    c10 = a.fma(w0, c10);
                    c11 = a.fma(w1, c11);
                    a = DoubleVector.broadcast(D, x[x0 + 2 * in + k]);
                    c20 = a.fma(w0, c20);
                    c21 = a.fma(w1, c21);
                    a = DoubleVector.broadcast(D, x[x0 + 3 * in + k]);
                    c30 = a.fma(w0, c30);
                    c31 = a.fma(w1, c31);
                    a = DoubleVector.broadcast(D, x[x0 + 4 * in + k]);
                    c40 = a.fma(w0, c40);
                    c41 = a.fma(w1, c41);
                    a = DoubleVector.broadcast(D, x[x0 + 5 * in + k]);
                    c50 = a.fma(w0, c50);
                    c51 = a.fma(w1, c51);
                }
                c00.intoArray(y, y0 + o);
                c01.intoArray(y, y0 + p);
                c10.intoArray(y, y0 + out + o);
                c11.intoArray(y, y0 + out + p);
                c20.intoArray(y, y0 + 2 * out + o);
                c21.intoArray(y, y0 + 2 * out + p);
                c30.intoArray(y, y0 + 3 * out + o);
                c31.intoArray(y, y0 + 3 * out + p);
                c40.intoArray(y, y0 + 4 * out + o);
                c41.intoArray(y, y0 + 4 * out + p);
                c50.intoArray(y, y0 + 5 * out + o);
                c51.intoArray(y, y0 + 5 * out + p);
            }
        }
        for (; i < count; i++) {
            int x0 = (xr + i) * in;
            int y0 = (yr + i) * out;
            for (int o = 0; o < out; o += lanes) {
                DoubleVector c = start(b, y, y0, o, add);
                for (int k = 0; k < in; k++) c = DoubleVector.broadcast(D, x[x0 + k]).fma(DoubleVector.fromArray(D, w, k * out + o), c);
                c.intoArray(y, y0 + o);
            }
        }
    }

    private static DoubleVector start(double[] b, double[] y, int row, int o, boolean add) {
        if (add) return DoubleVector.fromArray(D, y, row + o);
        return b == null ? DoubleVector.zero(D) : DoubleVector.fromArray(D, b, o);
    }

    /**
     * As {@link #product} in single precision, as matgl computes: x rounded to float32, w and b given in float32, the
     * sum accumulated in float32 from b (or 0), then widened and stored into y (with {@code add}, added to y in
     * float64); {@link #fitsSingle}(out) must hold.
     */
    static void productSingle(double[] x, int xr, float[] w, float[] b, double[] y, int yr, int count, int in, int out, boolean add) {
        int lanes = F.length();
        float[] tile = new float[ROWS * 2 * lanes];
        float[] xs = new float[ROWS * in];
        int i = 0;
        for (; i + ROWS <= count; i += ROWS) {
            int y0 = (yr + i) * out;
            for (int k = 0; k < ROWS * in; k++) xs[k] = (float) x[(xr + i) * in + k];
            for (int o = 0; o < out; o += 2 * lanes) {
                int p = o + lanes;
                FloatVector c00 = start(b, o);
                FloatVector c01 = start(b, p);
                FloatVector c10 = c00;
                FloatVector c11 = c01;
                FloatVector c20 = c00;
                FloatVector c21 = c01;
                FloatVector c30 = c00;
                FloatVector c31 = c01;
                FloatVector c40 = c00;
                FloatVector c41 = c01;
                FloatVector c50 = c00;
                FloatVector c51 = c01;
                for (int k = 0; k < in; k++) {
                    FloatVector w0 = FloatVector.fromArray(F, w, k * out + o);
                    FloatVector w1 = FloatVector.fromArray(F, w, k * out + p);
                    FloatVector a = FloatVector.broadcast(F, xs[k]);
                    c00 = a.fma(w0, c00);
                    c01 = a.fma(w1, c01);
                    a = FloatVector.broadcast(F, xs[in + k]);
                    c10 = a.fma(w0, c10);
                    c11 = a.fma(w1, c11);
                    a = FloatVector.broadcast(F, xs[2 * in + k]);
                    c20 = a.fma(w0, c20);
                    c21 = a.fma(w1, c21);
                    a = FloatVector.broadcast(F, xs[3 * in + k]);
                    c30 = a.fma(w0, c30);
                    c31 = a.fma(w1, c31);
                    a = FloatVector.broadcast(F, xs[4 * in + k]);
                    c40 = a.fma(w0, c40);
                    c41 = a.fma(w1, c41);
                    a = FloatVector.broadcast(F, xs[5 * in + k]);
                    c50 = a.fma(w0, c50);
                    c51 = a.fma(w1, c51);
                }
                c00.intoArray(tile, 0);
                c01.intoArray(tile, lanes);
                c10.intoArray(tile, 2 * lanes);
                c11.intoArray(tile, 3 * lanes);
                c20.intoArray(tile, 4 * lanes);
                c21.intoArray(tile, 5 * lanes);
                c30.intoArray(tile, 6 * lanes);
                c31.intoArray(tile, 7 * lanes);
                c40.intoArray(tile, 8 * lanes);
                c41.intoArray(tile, 9 * lanes);
                c50.intoArray(tile, 10 * lanes);
                c51.intoArray(tile, 11 * lanes);
                for (int r = 0; r < ROWS; r++) widen(tile, r * 2 * lanes, y, y0 + r * out + o, 2 * lanes, add);
            }
        }
        for (; i < count; i++) {
            int x0 = (xr + i) * in;
            int y0 = (yr + i) * out;
            for (int k = 0; k < in; k++) xs[k] = (float) x[x0 + k];
            for (int o = 0; o < out; o += lanes) {
                FloatVector c = start(b, o);
                for (int k = 0; k < in; k++) c = FloatVector.broadcast(F, xs[k]).fma(FloatVector.fromArray(F, w, k * out + o), c);
                c.intoArray(tile, 0);
                widen(tile, 0, y, y0 + o, lanes, add);
            }
        }
    }

    /**
     * As {@link #product} for few outputs (any {@code out}): each element a dot product of x's row with wt's row
     * (wt = the matrix transposed, [out, in] row-major) over the lanes, the lanes' partial sums added at the end; so
     * the terms' order differs from the scalar loop's (the results within a few ulps of it).
     */
    static void productNarrow(double[] x, int xr, double[] wt, double[] b, double[] y, int yr, int count, int in, int out, boolean add) {
        int lanes = D.length();
        int whole = in - in % lanes;
        for (int i = 0; i < count; i++) {
            int x0 = (xr + i) * in;
            int y0 = (yr + i) * out;
            for (int o = 0; o < out; o++) {
                DoubleVector c = DoubleVector.zero(D);
                for (int k = 0; k < whole; k += lanes) c = DoubleVector.fromArray(D, x, x0 + k).fma(DoubleVector.fromArray(D, wt, o * in + k), c);
                double s = c.reduceLanes(VectorOperators.ADD);
                for (int k = whole; k < in; k++) s = Math.fma(x[x0 + k], wt[o * in + k], s);
                y[y0 + o] = (add ? y[y0 + o] : b == null ? 0 : b[o]) + s;
            }
        }
    }

    /** As {@link #productNarrow} in float32 (x rounded to float32, wt and b given in float32; sums widened into y). */
    static void productNarrowSingle(double[] x, int xr, float[] wt, float[] b, double[] y, int yr, int count, int in, int out, boolean add) {
        int lanes = F.length();
        int whole = in - in % lanes;
        float[] xs = new float[in];
        for (int i = 0; i < count; i++) {
            int x0 = (xr + i) * in;
            int y0 = (yr + i) * out;
            for (int k = 0; k < in; k++) xs[k] = (float) x[x0 + k];
            for (int o = 0; o < out; o++) {
                FloatVector c = FloatVector.zero(F);
                for (int k = 0; k < whole; k += lanes) c = FloatVector.fromArray(F, xs, k).fma(FloatVector.fromArray(F, wt, o * in + k), c);
                float s = c.reduceLanes(VectorOperators.ADD);
                for (int k = whole; k < in; k++) s = Math.fma(xs[k], wt[o * in + k], s);
                if (b != null) s += b[o];
                if (add) y[y0 + o] += s;
                else y[y0 + o] = s;
            }
        }
    }

    private static FloatVector start(float[] b, int o) { return b == null ? FloatVector.zero(F) : FloatVector.fromArray(F, b, o); }

    private static void widen(float[] from, int off, double[] y, int to, int n, boolean add) {
        if (add) for (int j = 0; j < n; j++) y[to + j] += from[off + j];
        else for (int j = 0; j < n; j++) y[to + j] = from[off + j];
    }

    /**
     * SiLU of pre[off, off + n): x σ(x) to act[0, n) and σ(x)(1 + x(1 − σ(x))) to slope[to, to + n) ({@code slope}
     * may be {@code pre} itself with to = off); σ(x) = 1/(1 + e^−x) with {@link #exp}.
     * A last part shorter than a vector runs as a whole vector on a zero-padded copy: every element gets the same exp
     * wherever it falls, so results do not depend on how rows are split among threads.
     */
    static void silu(double[] pre, int off, double[] act, double[] slope, int to, int n) {
        int lanes = D.length();
        int i = 0;
        for (; i + lanes <= n; i += lanes) siluAt(pre, off + i, act, i, slope, to + i);
        if (i < n) {
            double[] p = new double[lanes];
            double[] a = new double[lanes];
            double[] s = new double[lanes];
            System.arraycopy(pre, off + i, p, 0, n - i);
            siluAt(p, 0, a, 0, s, 0);
            System.arraycopy(a, 0, act, i, n - i);
            System.arraycopy(s, 0, slope, to + i, n - i);
        }
    }

    private static void siluAt(double[] pre, int off, double[] act, int at, double[] slope, int to) {
        DoubleVector x = DoubleVector.fromArray(D, pre, off);
        DoubleVector s = sigmoid(x);
        x.mul(s).intoArray(act, at);
        s.mul(x.mul(ONE.sub(s)).add(ONE)).intoArray(slope, to);
    }

    /**
     * The last step of a gated MLP over n elements: y = SiLU(a) (or a when not {@code act}), z = σ(g); out = y z,
     * ∂out/∂a = z y'(a) to dl, ∂out/∂g = y z(1 − z) to dg (a from aOff, g from gOff, the three outputs from {@code to});
     * a short last part as in {@link #silu}.
     */
    static void gate(double[] a, int aOff, double[] g, int gOff, boolean act, double[] out, double[] dl, double[] dg, int to, int n) {
        int lanes = D.length();
        int i = 0;
        for (; i + lanes <= n; i += lanes) gateAt(a, aOff + i, g, gOff + i, act, out, dl, dg, to + i);
        if (i < n) {
            double[] pa = new double[lanes];
            double[] pg = new double[lanes];
            double[][] r = new double[3][lanes];
            System.arraycopy(a, aOff + i, pa, 0, n - i);
            System.arraycopy(g, gOff + i, pg, 0, n - i);
            gateAt(pa, 0, pg, 0, act, r[0], r[1], r[2], 0);
            System.arraycopy(r[0], 0, out, to + i, n - i);
            System.arraycopy(r[1], 0, dl, to + i, n - i);
            System.arraycopy(r[2], 0, dg, to + i, n - i);
        }
    }

    private static void gateAt(double[] a, int aOff, double[] g, int gOff, boolean act, double[] out, double[] dl, double[] dg, int to) {
        if (act) gateActivated(a, aOff, g, gOff, out, dl, dg, to);
        else gateLinear(a, aOff, g, gOff, out, dl, dg, to);
    }

    /** y = SiLU(a): out = y z, dl = z y'(a), dg = y z(1 − z). (Separate from the linear case: a vector merged with null or another vector at a branch is boxed on the heap.) */
    private static void gateActivated(double[] a, int aOff, double[] g, int gOff, double[] out, double[] dl, double[] dg, int to) {
        DoubleVector pre = DoubleVector.fromArray(D, a, aOff);
        DoubleVector s = sigmoid(pre);
        DoubleVector y = pre.mul(s);
        DoubleVector yPrime = s.mul(pre.mul(ONE.sub(s)).add(ONE));
        DoubleVector z = sigmoid(DoubleVector.fromArray(D, g, gOff));
        y.mul(z).intoArray(out, to);
        z.mul(yPrime).intoArray(dl, to);
        y.mul(z.mul(ONE.sub(z))).intoArray(dg, to);
    }

    /** y = a: out = y z, dl = z, dg = y z(1 − z). */
    private static void gateLinear(double[] a, int aOff, double[] g, int gOff, double[] out, double[] dl, double[] dg, int to) {
        DoubleVector y = DoubleVector.fromArray(D, a, aOff);
        DoubleVector z = sigmoid(DoubleVector.fromArray(D, g, gOff));
        y.mul(z).intoArray(out, to);
        z.intoArray(dl, to);
        y.mul(z.mul(ONE.sub(z))).intoArray(dg, to);
    }

    /** 1/(1 + e^−x) with {@link #exp}, as {@link Dense#sigmoid}. */
    private static DoubleVector sigmoid(DoubleVector x) {
        return ONE.div(exp(x.neg()).add(ONE));
    }

    /** {@link Exp#exp} in lanes: the same operations in the same order, so the same bits. */
    static DoubleVector exp(DoubleVector x) {
        DoubleVector c = x.max(LOW).min(HIGH);
        DoubleVector t = c.fma(INV_LN2, SHIFTER);
        DoubleVector n = t.sub(SHIFTER);
        DoubleVector r = n.fma(MINUS_LN2_HI, c);
        r = n.fma(MINUS_LN2_LO, r);
        DoubleVector r2 = r.mul(r);
        DoubleVector r4 = r2.mul(r2);
        DoubleVector r8 = r4.mul(r4);
        DoubleVector b0 = r.fma(C3, C2).fma(r2, r.fma(C1, C0));
        DoubleVector b1 = r.fma(C7, C6).fma(r2, r.fma(C5, C4));
        DoubleVector b2 = r.fma(C11, C10).fma(r2, r.fma(C9, C8));
        DoubleVector p = r.fma(C13, C12).fma(r4, b2).fma(r8, b1.fma(r4, b0));
        return p.mul(t.reinterpretAsLongs().add(1023).lanewise(VectorOperators.LSHL, 52).reinterpretAsDoubles());
    }
}
