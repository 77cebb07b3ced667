package org.polymorph.autodiff.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.polymorph.autodiff.AdTesting;
import org.polymorph.autodiff.Var;
import org.polymorph.core.tensor.Shape;

class AttentionTest {
    private final NnTesting n = new NnTesting();
    private final AdTesting t = n.t;
    private static final int B = 2;
    private static final int T = 3;
    private static final int D = 4;
    private static final int H = 2;
    private static final int DK = 3;

    private Dense.Params proj(long seed, int in, int out) { return new Dense.Params(t.normal(seed, in, out), t.normal(seed + 1, out)); }

    private MultiHeadAttention.Params params() {
        return new MultiHeadAttention.Params(proj(10, D, H * DK), proj(20, D, H * DK), proj(30, D, H * DK), proj(40, H * DK, D));
    }

    /** x [rows, in] · w + b, rows of length out. */
    private double[] affine(double[] x, int rows, int in, Dense.Params p) {
        double[] w = t.values(p.w());
        double[] b = t.values(p.b());
        int out = b.length;
        double[] y = new double[rows * out];
        for (int r = 0; r < rows; r++) {
            for (int o = 0; o < out; o++) {
                double s = b[o];
                for (int k = 0; k < in; k++) s += x[r * in + k] * w[k * out + o];
                y[r * out + o] = s;
            }
        }
        return y;
    }

    /** Direct loops over batch, head, query and key positions; mask[i][j] false blocks j for query i. */
    private double[] reference(MultiHeadAttention.Params p, double[] x, boolean[][] mask) {
        double[] q = affine(x, B * T, D, p.query());
        double[] k = affine(x, B * T, D, p.key());
        double[] v = affine(x, B * T, D, p.value());
        int w = H * DK;
        double[] inner = new double[B * T * w];
        for (int b = 0; b < B; b++) {
            for (int h = 0; h < H; h++) {
                for (int i = 0; i < T; i++) {
                    double[] logit = new double[T];
                    double mx = Double.NEGATIVE_INFINITY;
                    for (int j = 0; j < T; j++) {
                        double s = 0;
                        for (int c = 0; c < DK; c++) s += q[(b * T + i) * w + h * DK + c] * k[(b * T + j) * w + h * DK + c];
                        logit[j] = mask != null && !mask[i][j] ? Double.NEGATIVE_INFINITY : s / Math.sqrt(DK);
                        mx = Math.max(mx, logit[j]);
                    }
                    double z = 0;
                    for (int j = 0; j < T; j++) z += Math.exp(logit[j] - mx);
                    for (int j = 0; j < T; j++) {
                        double a = Math.exp(logit[j] - mx) / z;
                        for (int c = 0; c < DK; c++) inner[(b * T + i) * w + h * DK + c] += a * v[(b * T + j) * w + h * DK + c];
                    }
                }
            }
        }
        return affine(inner, B * T, w, p.out());
    }

    @Test
    void selfAttentionMatchesLoops() {
        MultiHeadAttention mha = new MultiHeadAttention(H, DK);
        Layer.Init init = n.init(mha, 0, B, T, D);
        assertEquals(Shape.of(B, T, D), init.outputShape());
        MultiHeadAttention.Params shapes = (MultiHeadAttention.Params) init.params();
        assertEquals(Shape.of(D, H * DK), shapes.query().w().shape());
        assertEquals(Shape.of(H * DK, D), shapes.out().w().shape());
        Var x = t.normal(1, B, T, D);
        Var y = mha.apply(params(), Layer.noState(), x, Context.eval()).y();
        assertEquals(Shape.of(B, T, D), y.shape());
        t.assertClose(reference(params(), t.values(x), null), y, 1e-12);
    }

    @Test
    void causalAndExplicitMasks() {
        Var x = t.normal(2, B, T, D);
        boolean[][] causal = new boolean[T][T];
        for (int i = 0; i < T; i++) for (int j = 0; j <= i; j++) causal[i][j] = true;
        Var y = new MultiHeadAttention(H, DK, true).apply(params(), Layer.noState(), x, Context.eval()).y();
        t.assertClose(reference(params(), t.values(x), causal), y, 1e-12);
        // key 1 hidden from every query, mask [tq, tk] broadcast over batch and heads
        boolean[][] hide = {{true, false, true}, {true, false, true}, {true, false, true}};
        Var mask = t.o.constant(t.ts.fromArray(new boolean[] {true, false, true, true, false, true, true, false, true}, T, T));
        Var z = new MultiHeadAttention(H, DK).attend(params(), x, x, mask);
        t.assertClose(reference(params(), t.values(x), hide), z, 1e-12);
        assertThrows(IllegalArgumentException.class, () -> new MultiHeadAttention(H, DK).attend(params(), x, x, x));
    }

    @Test
    void gradientsInParamsAndInput() {
        MultiHeadAttention mha = new MultiHeadAttention(H, DK, true);
        n.checkLayer(mha, params(), Layer.noState(), t.normal(3, B, T, D), Context.eval(), 1);
    }
}
