package org.polymorph.materials.internal.m3gnet;

import java.util.IdentityHashMap;
import java.util.Map;
import java.util.concurrent.ForkJoinPool;
import java.util.stream.IntStream;
import org.polymorph.materials.internal.m3gnet.M3gnetModel.GatedMlp;
import org.polymorph.materials.internal.m3gnet.M3gnetModel.Linear;

/**
 * Plain-array dense layers for {@link M3gnetKernel}: row-major activations x [rows, in], y = x·W + b, and their
 * reverse mode with respect to the input only (the weights are fixed). Rows split into blocks over a fork-join pool
 * when one is given; each row is computed by one thread in a fixed order, so results do not depend on the threads.
 * Both directions run as one register-tiled product (the reverse one with Wᵀ [out, in], transposed once per layer)
 * that adds every element's terms in ascending order, as the plain dot product does, so results are unchanged.
 */
final class Dense {
    private final ForkJoinPool pool;
    private final Map<Linear, double[]> transposed = new IdentityHashMap<>();

    /** {@code pool}: where blocks of rows run; null runs on the calling thread. */
    Dense(ForkJoinPool pool) { this.pool = pool; }

    /**
     * One gated MLP evaluation, keeping what the reverse pass needs: per layer and gate the derivative of its
     * activation at its pre-activation [rows, out_k] (null for a last layer without activation), the two branches'
     * outputs y and z and out = y ⊙ z.
     */
    record Tape(double[][] layerSlope, double[][] gateSlope, double[] y, double[] z, double[] out) { }

    interface RowBlock { void run(int lo, int hi); }

    /** Runs {@code body} over rows [0, rows) in blocks. */
    void rows(int rows, RowBlock body) {
        if (pool == null || rows < 64) {
            body.run(0, rows);
            return;
        }
        int blocks = Math.min(rows / 32, 4 * pool.getParallelism());
        pool.submit(() -> IntStream.range(0, blocks).parallel().forEach(b -> body.run((int) ((long) rows * b / blocks), (int) ((long) rows * (b + 1) / blocks))))
                .join();
    }

    /** x·W + b [rows, out]. */
    double[] linear(double[] x, int rows, Linear l) {
        double[] y = new double[rows * l.out()];
        rows(rows, (lo, hi) -> product(x, l.w(), l.b(), y, lo, hi, l.in(), l.out()));
        return y;
    }

    /** dx = dy·Wᵀ [rows, in]. */
    double[] linearBack(double[] dy, int rows, Linear l) {
        double[] wt = transpose(l);
        double[] dx = new double[rows * l.in()];
        rows(rows, (lo, hi) -> product(dy, wt, null, dx, lo, hi, l.out(), l.in()));
        return dx;
    }

    /**
     * y[r, :] = b + Σ_k x[r, k] m[k, :] for rows [lo, hi) (x [rows, in], m [in, out] row-major, b [out] or null);
     * each element's terms are added in ascending k after the bias. Tiles of 4 rows × 4 columns keep their 16 sums in
     * registers over the whole k loop, so each x and m element loaded serves four products.
     */
    private static void product(double[] x, double[] m, double[] b, double[] y, int lo, int hi, int in, int out) {
        if (b != null) for (int r = lo; r < hi; r++) System.arraycopy(b, 0, y, r * out, out);
        int r = lo;
        for (; r + 4 <= hi; r += 4) {
            int x0 = r * in;
            int x1 = x0 + in;
            int x2 = x1 + in;
            int x3 = x2 + in;
            int y0 = r * out;
            int y1 = y0 + out;
            int y2 = y1 + out;
            int y3 = y2 + out;
            int o = 0;
            for (; o + 4 <= out; o += 4) {
                double s00 = y[y0 + o], s01 = y[y0 + o + 1], s02 = y[y0 + o + 2], s03 = y[y0 + o + 3];
                double s10 = y[y1 + o], s11 = y[y1 + o + 1], s12 = y[y1 + o + 2], s13 = y[y1 + o + 3];
                double s20 = y[y2 + o], s21 = y[y2 + o + 1], s22 = y[y2 + o + 2], s23 = y[y2 + o + 3];
                double s30 = y[y3 + o], s31 = y[y3 + o + 1], s32 = y[y3 + o + 2], s33 = y[y3 + o + 3];
                for (int k = 0; k < in; k++) {
                    int mo = k * out + o;
                    double w0 = m[mo];
                    double w1 = m[mo + 1];
                    double w2 = m[mo + 2];
                    double w3 = m[mo + 3];
                    double a = x[x0 + k];
                    s00 += a * w0; s01 += a * w1; s02 += a * w2; s03 += a * w3;
                    a = x[x1 + k];
                    s10 += a * w0; s11 += a * w1; s12 += a * w2; s13 += a * w3;
                    a = x[x2 + k];
                    s20 += a * w0; s21 += a * w1; s22 += a * w2; s23 += a * w3;
                    a = x[x3 + k];
                    s30 += a * w0; s31 += a * w1; s32 += a * w2; s33 += a * w3;
                }
                y[y0 + o] = s00; y[y0 + o + 1] = s01; y[y0 + o + 2] = s02; y[y0 + o + 3] = s03;
                y[y1 + o] = s10; y[y1 + o + 1] = s11; y[y1 + o + 2] = s12; y[y1 + o + 3] = s13;
                y[y2 + o] = s20; y[y2 + o + 1] = s21; y[y2 + o + 2] = s22; y[y2 + o + 3] = s23;
                y[y3 + o] = s30; y[y3 + o + 1] = s31; y[y3 + o + 2] = s32; y[y3 + o + 3] = s33;
            }
            for (; o < out; o++) {
                for (int q = 0; q < 4; q++) y[y0 + q * out + o] = dot(x, x0 + q * in, m, o, y[y0 + q * out + o], in, out);
            }
        }
        for (; r < hi; r++) {
            for (int o = 0; o < out; o++) y[r * out + o] = dot(x, r * in, m, o, y[r * out + o], in, out);
        }
    }

    /** s + Σ_k x[xo + k] m[k, o] over ascending k (m [in, out] row-major). */
    private static double dot(double[] x, int xo, double[] m, int o, double s, int in, int out) {
        for (int k = 0; k < in; k++) s += x[xo + k] * m[k * out + o];
        return s;
    }

    /** Wᵀ [out, in] of a layer, computed on first use. */
    private double[] transpose(Linear l) {
        synchronized (transposed) {
            return transposed.computeIfAbsent(l, k -> {
                int in = k.in();
                int out = k.out();
                double[] t = new double[in * out];
                for (int i = 0; i < in; i++) for (int o = 0; o < out; o++) t[o * in + i] = k.w()[i * out + o];
                return t;
            });
        }
    }

    /** matgl's GatedMLP: layers(x) ⊙ gates(x) with SiLU inside, σ on the last gate, SiLU on the last layer if asked. */
    Tape gated(double[] x, int rows, GatedMlp mlp) {
        return gatedFrom(linear(x, rows, mlp.layers().get(0)), linear(x, rows, mlp.gates().get(0)), rows, mlp);
    }

    /** As {@link #gated} given the first layer's and the first gate's pre-activations [rows, out_0]. */
    Tape gatedFrom(double[] layerPre0, double[] gatePre0, int rows, GatedMlp mlp) {
        int depth = mlp.layers().size();
        double[][] ls = new double[depth][];
        double[][] gs = new double[depth][];
        double[] y = null;
        double[] z = null;
        for (int k = 0; k < depth; k++) {
            boolean last = k == depth - 1;
            double[] a = k == 0 ? layerPre0 : linear(y, rows, mlp.layers().get(k));
            double[] g = k == 0 ? gatePre0 : linear(z, rows, mlp.gates().get(k));
            if (!last || mlp.activateLast()) {
                ls[k] = new double[a.length];
                y = silu(a, ls[k]);
            } else {
                y = a;
            }
            gs[k] = new double[g.length];
            z = last ? sigmoid(g, gs[k]) : silu(g, gs[k]);
        }
        return new Tape(ls, gs, y, z, times(y, z));
    }

    /** a σ(a) [n], with its derivative σ(a)(1 + a(1 − σ(a))) written to {@code slope} [n]. */
    private static double[] silu(double[] a, double[] slope) {
        double[] out = new double[a.length];
        for (int q = 0; q < a.length; q++) {
            double s = sigmoid(a[q]);
            out[q] = a[q] * s;
            slope[q] = s * (1 + a[q] * (1 - s));
        }
        return out;
    }

    /** σ(a) [n], with its derivative σ(a)(1 − σ(a)) written to {@code slope} [n]. */
    private static double[] sigmoid(double[] a, double[] slope) {
        double[] out = new double[a.length];
        for (int q = 0; q < a.length; q++) {
            double s = sigmoid(a[q]);
            out[q] = s;
            slope[q] = s * (1 - s);
        }
        return out;
    }

    /** ∂(Σ dOut ⊙ out)/∂x [rows, in] of a {@link #gated} evaluation. */
    double[] gatedBack(double[] dOut, int rows, GatedMlp mlp, Tape t) {
        double[][] d = gatedBackToFirst(dOut, rows, mlp, t);
        double[] dx = linearBack(d[0], rows, mlp.layers().get(0));
        double[] dz = linearBack(d[1], rows, mlp.gates().get(0));
        for (int k = 0; k < dx.length; k++) dx[k] += dz[k];
        return dx;
    }

    /** ∂(Σ dOut ⊙ out)/∂ of the first layer's and the first gate's pre-activations, {[rows, out_0], [rows, out_0]}. */
    double[][] gatedBackToFirst(double[] dOut, int rows, GatedMlp mlp, Tape t) {
        int depth = mlp.layers().size();
        double[] dy = times(dOut, t.z());
        double[] dz = times(dOut, t.y());
        for (int k = depth - 1; k >= 0; k--) {
            double[] ls = t.layerSlope()[k];
            if (ls != null) for (int q = 0; q < ls.length; q++) dy[q] *= ls[q];
            double[] gs = t.gateSlope()[k];
            for (int q = 0; q < gs.length; q++) dz[q] *= gs[q];
            if (k == 0) break;
            dy = linearBack(dy, rows, mlp.layers().get(k));
            dz = linearBack(dz, rows, mlp.gates().get(k));
        }
        return new double[][] {dy, dz};
    }

    static double sigmoid(double a) { return 1 / (1 + Math.exp(-a)); }

    /** d/da [a σ(a)] = σ(a)(1 + a(1 − σ(a))). */
    static double siluPrime(double a) {
        double s = sigmoid(a);
        return s * (1 + a * (1 - s));
    }

    static double[] silu(double[] a) {
        double[] out = new double[a.length];
        for (int k = 0; k < a.length; k++) out[k] = a[k] * sigmoid(a[k]);
        return out;
    }

    static double[] sigmoid(double[] a) {
        double[] out = new double[a.length];
        for (int k = 0; k < a.length; k++) out[k] = sigmoid(a[k]);
        return out;
    }

    /** a ⊙ b. */
    private static double[] times(double[] a, double[] b) {
        double[] out = new double[a.length];
        for (int k = 0; k < a.length; k++) out[k] = a[k] * b[k];
        return out;
    }
}
