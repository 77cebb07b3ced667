package org.polymorph.materials.internal.m3gnet;

import java.util.concurrent.ForkJoinPool;
import java.util.stream.IntStream;
import org.polymorph.materials.internal.m3gnet.M3gnetModel.GatedMlp;
import org.polymorph.materials.internal.m3gnet.M3gnetModel.Linear;

/**
 * Plain-array dense layers for {@link M3gnetKernel}: row-major activations x [rows, in], y = x·W + b, and their
 * reverse mode with respect to the input only (the weights are fixed). Rows split into blocks over a fork-join pool
 * when one is given; each row is computed by one thread in a fixed order, so results do not depend on the threads.
 */
final class Dense {
    private final ForkJoinPool pool;

    /** {@code pool}: where blocks of rows run; null runs on the calling thread. */
    Dense(ForkJoinPool pool) { this.pool = pool; }

    /** One gated MLP evaluation: pre-activations of every layer and gate, for the reverse pass. */
    record Tape(double[][] layerPre, double[][] gatePre, double[] y, double[] z, double[] out) { }

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
        int in = l.in();
        int out = l.out();
        double[] w = l.w();
        double[] b = l.b();
        double[] y = new double[rows * out];
        rows(rows, (lo, hi) -> {
            for (int r = lo; r < hi; r++) {
                int yo = r * out;
                if (b != null) System.arraycopy(b, 0, y, yo, out);
                for (int i = 0; i < in; i++) {
                    double xi = x[r * in + i];
                    if (xi == 0) continue;
                    int wo = i * out;
                    for (int o = 0; o < out; o++) y[yo + o] += xi * w[wo + o];
                }
            }
        });
        return y;
    }

    /** dx = dy·Wᵀ [rows, in]. */
    double[] linearBack(double[] dy, int rows, Linear l) {
        int in = l.in();
        int out = l.out();
        double[] w = l.w();
        double[] dx = new double[rows * in];
        rows(rows, (lo, hi) -> {
            for (int r = lo; r < hi; r++) {
                int yo = r * out;
                for (int i = 0; i < in; i++) {
                    int wo = i * out;
                    double s = 0;
                    for (int o = 0; o < out; o++) s += dy[yo + o] * w[wo + o];
                    dx[r * in + i] = s;
                }
            }
        });
        return dx;
    }

    /** matgl's GatedMLP: layers(x) ⊙ gates(x) with SiLU inside, σ on the last gate, SiLU on the last layer if asked. */
    Tape gated(double[] x, int rows, GatedMlp mlp) {
        int depth = mlp.layers().size();
        double[][] lp = new double[depth][];
        double[][] gp = new double[depth][];
        double[] y = x;
        double[] z = x;
        for (int k = 0; k < depth; k++) {
            boolean last = k == depth - 1;
            lp[k] = linear(y, rows, mlp.layers().get(k));
            gp[k] = linear(z, rows, mlp.gates().get(k));
            y = !last || mlp.activateLast() ? silu(lp[k]) : lp[k];
            z = last ? sigmoid(gp[k]) : silu(gp[k]);
        }
        double[] out = new double[y.length];
        for (int k = 0; k < out.length; k++) out[k] = y[k] * z[k];
        return new Tape(lp, gp, y, z, out);
    }

    /** ∂(Σ dOut ⊙ out)/∂x [rows, in] of a {@link #gated} evaluation. */
    double[] gatedBack(double[] dOut, int rows, GatedMlp mlp, Tape t) {
        int depth = mlp.layers().size();
        double[] dy = new double[dOut.length];
        double[] dz = new double[dOut.length];
        for (int k = 0; k < dOut.length; k++) {
            dy[k] = dOut[k] * t.z()[k];
            dz[k] = dOut[k] * t.y()[k];
        }
        for (int k = depth - 1; k >= 0; k--) {
            boolean last = k == depth - 1;
            double[] a = t.layerPre()[k];
            if (!last || mlp.activateLast()) for (int q = 0; q < a.length; q++) dy[q] *= siluPrime(a[q]);
            double[] g = t.gatePre()[k];
            for (int q = 0; q < g.length; q++) {
                double s = sigmoid(g[q]);
                dz[q] *= last ? s * (1 - s) : siluPrime(g[q]);
            }
            dy = linearBack(dy, rows, mlp.layers().get(k));
            dz = linearBack(dz, rows, mlp.gates().get(k));
        }
        for (int k = 0; k < dy.length; k++) dy[k] += dz[k];
        return dy;
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
}
