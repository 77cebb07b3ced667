package org.polymorph.materials.internal.m3gnet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ForkJoinPool;
import org.junit.jupiter.api.Test;
import org.polymorph.materials.internal.m3gnet.M3gnetModel.GatedMlp;
import org.polymorph.materials.internal.m3gnet.M3gnetModel.Linear;

/**
 * {@link Dense}'s gated MLP, forward and reverse, against plain per-row loops of the same formulas (matgl's GatedMLP:
 * SiLU inside, σ on the last gate, SiLU or nothing on the last layer): depths 1, 3 and 4, layer widths that differ,
 * row counts below, at and across the 36-row chunks, on the calling thread and on a pool (bit-identical); the SIMD
 * lanes against the scalar loops, in float64 and float32.
 */
class DenseTest {
    @Test
    void gatedMlpAndItsReverseEqualPlainLoops() {
        Random rnd = new Random(7);
        ForkJoinPool pool = new ForkJoinPool(3);
        try {
            for (int depth : new int[] {1, 3, 4}) {
                for (boolean act : new boolean[] {true, false}) {
                    int in = 12;
                    int[] widths = depth == 1 ? new int[] {16} : depth == 3 ? new int[] {16, 8, 5} : new int[] {16, 8, 5, 1};
                    GatedMlp mlp = randomMlp(rnd, in, widths, act);
                    int wl = widths[depth - 1];
                    for (int rows : new int[] {1, 31, 32, 75, 200}) {
                        double[] x = gaussian(rnd, rows * in);
                        double[] dOut = gaussian(rnd, rows * wl);
                        double[] refOut = new double[rows * wl];
                        double[] refDx = new double[rows * in];
                        for (int r = 0; r < rows; r++) plainRow(mlp, x, dOut, r, refOut, refDx);
                        double[] out = new double[rows * wl];
                        Dense serial = new Dense(null);
                        double[] dx = serial.gatedBack(dOut, rows, mlp, serial.gated(x.clone(), rows, mlp, out));
                        String at = "depth " + depth + ", activated last " + act + ", rows " + rows;
                        assertClose(refOut, out, at + ": output");
                        assertClose(refDx, dx, at + ": input gradient");
                        double[] outPool = new double[rows * wl];
                        Dense parallel = new Dense(pool);
                        double[] dxPool = parallel.gatedBack(dOut, rows, mlp, parallel.gated(x.clone(), rows, mlp, outPool));
                        assertArrayEquals(out, outPool, 0, at + ": pool output");
                        assertArrayEquals(dx, dxPool, 0, at + ": pool gradient");
                    }
                }
            }
        } finally {
            pool.shutdown();
        }
    }

    /**
     * The lanes ({@link VectorLanes}) and the scalar loops give the same gated MLP, forward and reverse: bit for bit
     * where only wide products (64 outputs) and SiLU's exponentials within an ulp enter, to 1e-13 with narrow layers
     * (5, 1 outputs: dot products over the lanes, their terms in another order); in float32 the two agree to 1e-5 and
     * are within 1e-4 of float64 (widths 64 → 64 → 64 → 9, rows across the 6-row tiles and 36-row chunks).
     */
    @Test
    void lanesEqualTheScalarLoops() {
        assumeTrue(Dense.LANES, "the JVM lacks the Vector API (--add-modules jdk.incubator.vector)");
        Random rnd = new Random(11);
        for (int[] widths : new int[][] {{64, 64, 64}, {64, 64, 64, 9}, {16, 8, 5, 1}}) {
            GatedMlp mlp = randomMlp(rnd, 64, widths, true);
            int wl = widths[widths.length - 1];
            for (int rows : new int[] {1, 5, 6, 37, 200}) {
                double[] x = gaussian(rnd, rows * 64);
                double[] dOut = gaussian(rnd, rows * wl);
                String at = java.util.Arrays.toString(widths) + ", rows " + rows;
                double[][] scalar = run(new Dense(null, false, false), mlp, x, dOut, rows);
                double[][] lanes = run(new Dense(null, false, true), mlp, x, dOut, rows);
                double[][] scalar32 = run(new Dense(null, true, false), mlp, x, dOut, rows);
                double[][] lanes32 = run(new Dense(null, true, true), mlp, x, dOut, rows);
                for (int k = 0; k < 2; k++) {
                    String what = at + (k == 0 ? ": output" : ": input gradient");
                    assertWithin(scalar[k], lanes[k], 1e-13, what + ", float64 lanes");
                    assertWithin(scalar32[k], lanes32[k], 1e-5, what + ", float32 lanes");
                    assertWithin(scalar[k], lanes32[k], 1e-4, what + ", float32 against float64");
                }
                assertNotEquals(0, maxDifference(scalar[1], lanes32[1]), at + ": float32 differs from float64");
            }
        }
    }

    /** {output, input gradient} of a gated MLP by {@code dense}. */
    private static double[][] run(Dense dense, GatedMlp mlp, double[] x, double[] dOut, int rows) {
        double[] out = new double[dOut.length];
        double[] dx = dense.gatedBack(dOut, rows, mlp, dense.gated(x.clone(), rows, mlp, out));
        return new double[][] {out, dx};
    }

    private static double maxDifference(double[] a, double[] b) {
        double m = 0;
        for (int k = 0; k < a.length; k++) m = Math.max(m, Math.abs(a[k] - b[k]));
        return m;
    }

    /** |a − b| ≤ tol·(1 + |a|) elementwise. */
    private static void assertWithin(double[] a, double[] b, double tol, String what) {
        for (int k = 0; k < a.length; k++) assertEquals(a[k], b[k], tol * (1 + Math.abs(a[k])), what + " [" + k + "]");
    }

    @Test
    void linearBackAddAddsToWhatIsThere() {
        Random rnd = new Random(3);
        Linear l = new Linear(gaussian(rnd, 7 * 5), gaussian(rnd, 5), 7, 5);
        int rows = 70;
        double[] dy = gaussian(rnd, rows * 5);
        double[] acc = gaussian(rnd, rows * 7);
        double[] expected = acc.clone();
        for (int r = 0; r < rows; r++) {
            for (int i = 0; i < 7; i++) {
                double s = 0;
                for (int o = 0; o < 5; o++) s += dy[r * 5 + o] * l.w()[i * 5 + o];
                expected[r * 7 + i] += s;
            }
        }
        new Dense(null).linearBackAdd(dy, rows, l, acc);
        assertClose(expected, acc, "acc + dy·Wᵀ");
    }

    /** One row by the textbook formulas: out[r] and dx[r] = ∂(dOut[r] · out[r])/∂x[r]. */
    private static void plainRow(GatedMlp mlp, double[] x, double[] dOut, int r, double[] out, double[] dx) {
        int depth = mlp.layers().size();
        int in = mlp.layers().get(0).in();
        double[][] a = new double[depth][];
        double[][] g = new double[depth][];
        double[] ha = java.util.Arrays.copyOfRange(x, r * in, (r + 1) * in);
        double[] hg = ha.clone();
        for (int k = 0; k < depth; k++) {
            a[k] = affine(ha, mlp.layers().get(k));
            g[k] = affine(hg, mlp.gates().get(k));
            ha = new double[a[k].length];
            hg = new double[g[k].length];
            for (int o = 0; o < ha.length; o++) {
                ha[o] = a[k][o] * sigmoid(a[k][o]);
                hg[o] = g[k][o] * sigmoid(g[k][o]);
            }
        }
        int wl = a[depth - 1].length;
        boolean act = mlp.activateLast();
        double[] dy = new double[wl];
        double[] dz = new double[wl];
        for (int o = 0; o < wl; o++) {
            double pre = a[depth - 1][o];
            double y = act ? pre * sigmoid(pre) : pre;
            double z = sigmoid(g[depth - 1][o]);
            out[r * wl + o] = y * z;
            dy[o] = dOut[r * wl + o] * z * (act ? siluPrime(pre) : 1);
            dz[o] = dOut[r * wl + o] * y * z * (1 - z);
        }
        for (int k = depth - 1; k >= 1; k--) {
            double[] ny = backThrough(dy, mlp.layers().get(k));
            double[] nz = backThrough(dz, mlp.gates().get(k));
            for (int i = 0; i < ny.length; i++) {
                ny[i] *= siluPrime(a[k - 1][i]);
                nz[i] *= siluPrime(g[k - 1][i]);
            }
            dy = ny;
            dz = nz;
        }
        double[] da = backThrough(dy, mlp.layers().get(0));
        double[] dg = backThrough(dz, mlp.gates().get(0));
        for (int i = 0; i < in; i++) dx[r * in + i] = da[i] + dg[i];
    }

    private static double[] affine(double[] h, Linear l) {
        double[] y = new double[l.out()];
        for (int o = 0; o < l.out(); o++) {
            double s = l.b() == null ? 0 : l.b()[o];
            for (int i = 0; i < l.in(); i++) s += h[i] * l.w()[i * l.out() + o];
            y[o] = s;
        }
        return y;
    }

    private static double[] backThrough(double[] dy, Linear l) {
        double[] dx = new double[l.in()];
        for (int i = 0; i < l.in(); i++) for (int o = 0; o < l.out(); o++) dx[i] += dy[o] * l.w()[i * l.out() + o];
        return dx;
    }

    private static double sigmoid(double a) { return 1 / (1 + Math.exp(-a)); }

    private static double siluPrime(double a) {
        double s = sigmoid(a);
        return s * (1 + a * (1 - s));
    }

    private static GatedMlp randomMlp(Random rnd, int in, int[] widths, boolean act) {
        List<Linear> layers = new ArrayList<>();
        List<Linear> gates = new ArrayList<>();
        int prev = in;
        for (int w : widths) {
            layers.add(new Linear(scaled(rnd, prev * w, 1 / Math.sqrt(prev)), gaussian(rnd, w), prev, w));
            gates.add(new Linear(scaled(rnd, prev * w, 1 / Math.sqrt(prev)), gaussian(rnd, w), prev, w));
            prev = w;
        }
        return new GatedMlp(layers, gates, act);
    }

    private static double[] gaussian(Random rnd, int n) { return scaled(rnd, n, 1); }

    private static double[] scaled(Random rnd, int n, double s) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) v[i] = s * rnd.nextGaussian();
        return v;
    }

    /** Equal to 1e-12 of the largest magnitude (float64 sums in another order). */
    private static void assertClose(double[] expected, double[] actual, String what) {
        assertEquals(expected.length, actual.length, what);
        double scale = 0;
        for (double v : expected) scale = Math.max(scale, Math.abs(v));
        for (int i = 0; i < expected.length; i++) assertEquals(expected[i], actual[i], 1e-12 * scale, what + " [" + i + "]");
    }
}
