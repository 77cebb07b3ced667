package org.polymorph.autodiff.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.polymorph.autodiff.AdTesting;
import org.polymorph.autodiff.Var;
import org.polymorph.core.tensor.Shape;

class NormalizationTest {
    private final NnTesting n = new NnTesting();
    private final AdTesting t = n.t;

    /** Per-feature mean and biased variance of x [rows, c]. */
    private static double[][] moments(double[] x, int rows, int c) {
        double[] m = new double[c];
        double[] v = new double[c];
        for (int i = 0; i < rows; i++) for (int j = 0; j < c; j++) m[j] += x[i * c + j] / rows;
        for (int i = 0; i < rows; i++) for (int j = 0; j < c; j++) v[j] += Math.pow(x[i * c + j] - m[j], 2) / rows;
        return new double[][] {m, v};
    }

    private static BatchNorm.Affine affine(AdTesting t, double[] scale, double[] offset) {
        return new BatchNorm.Affine(t.vec(scale), t.vec(offset));
    }

    @Test
    void trainingUsesBatchStatisticsAndUpdatesRunningOnes() {
        BatchNorm bn = new BatchNorm(0.9, 1e-5);
        Layer.Init init = n.init(bn, 0, 2, 3, 3, 2);          // NHWC: statistics over batch, h, w
        assertEquals(Shape.of(2, 3, 3, 2), init.outputShape());
        Var x = t.normal(1, 2, 3, 3, 2).mul(2.0).add(1.0);
        BatchNorm.Affine a = affine(t, new double[] {1.5, 0.5}, new double[] {0.1, -0.2});
        BatchNorm.Stats s0 = new BatchNorm.Stats(t.vec(0.3, -0.1), t.vec(2.0, 0.5));
        Layer.Output out = bn.apply(a, s0, x, Context.train(null));
        double[] xv = t.values(x);
        double[][] mv = moments(xv, 18, 2);
        double[] want = new double[xv.length];
        double[] g = {1.5, 0.5};
        double[] b = {0.1, -0.2};
        for (int i = 0; i < xv.length; i++) {
            int c = i % 2;
            want[i] = g[c] * (xv[i] - mv[0][c]) / Math.sqrt(mv[1][c] + 1e-5) + b[c];
        }
        t.assertClose(want, out.y(), 1e-13);
        BatchNorm.Stats s1 = (BatchNorm.Stats) out.state();
        // running ← m·running + (1 − m)·batch, m = 0.9, biased batch variance
        t.assertClose(new double[] {0.9 * 0.3 + 0.1 * mv[0][0], 0.9 * -0.1 + 0.1 * mv[0][1]}, s1.mean(), 1e-14);
        t.assertClose(new double[] {0.9 * 2.0 + 0.1 * mv[1][0], 0.9 * 0.5 + 0.1 * mv[1][1]}, s1.var(), 1e-14);
        // the input state is untouched
        t.assertClose(new double[] {0.3, -0.1}, s0.mean(), 0);
    }

    @Test
    void evaluationUsesRunningStatisticsAndKeepsState() {
        BatchNorm bn = new BatchNorm();
        Var x = t.normal(2, 4, 3);
        BatchNorm.Affine a = affine(t, new double[] {1, 2, 3}, new double[] {0, 1, 0});
        BatchNorm.Stats s = new BatchNorm.Stats(t.vec(0.5, -0.5, 0), t.vec(4, 1, 0.25));
        Layer.Output out = bn.apply(a, s, x, Context.eval());
        assertSame(s, out.state());
        double[] xv = t.values(x);
        double[] want = new double[12];
        double[] m = {0.5, -0.5, 0};
        double[] v = {4, 1, 0.25};
        double[] g = {1, 2, 3};
        double[] b = {0, 1, 0};
        for (int i = 0; i < 12; i++) want[i] = g[i % 3] * (xv[i] - m[i % 3]) / Math.sqrt(v[i % 3] + 1e-5) + b[i % 3];
        t.assertClose(want, out.y(), 1e-14);
        // after many training steps on one batch the running statistics converge to the batch's
        Layer.Init init = n.init(bn, 0, 4, 3);
        Object state = init.state();
        BatchNorm fast = new BatchNorm(0.5, 1e-5);
        for (int i = 0; i < 60; i++) state = fast.apply(init.params(), state, x, Context.train(null)).state();
        t.assertClose(fast.apply(init.params(), state, x, Context.train(null)).y(),
                fast.apply(init.params(), state, x, Context.eval()).y(), 1e-12);
    }

    @Test
    void gradientsInTrainingAndEvaluation() {
        BatchNorm bn = new BatchNorm();
        BatchNorm.Affine a = affine(t, new double[] {1.5, 0.5, 1}, new double[] {0.1, -0.2, 0});
        BatchNorm.Stats s = new BatchNorm.Stats(t.vec(0.3, -0.1, 0), t.vec(2.0, 0.5, 1));
        Var x = t.normal(3, 5, 3);
        n.checkLayer(bn, a, s, x, Context.train(null), 1);
        n.checkLayer(bn, a, s, x, Context.eval(), 1);
        // no derivative flows into the running statistics
        Var g = t.ad.grad(v -> ((BatchNorm.Stats) bn.apply(a, s, v, Context.train(null)).state()).mean().sum(), x);
        t.assertClose(new double[15], g, 0);
    }

    @Test
    void splitBatchNormKeepsSeparateStatisticsPerName() {
        SplitBatchNorm split = new SplitBatchNorm("clean", "aux");
        Layer.Init init = n.init(split, 0, 4, 2);
        Var clean = t.normal(4, 4, 2);
        Var adv = t.normal(5, 4, 2).mul(3.0).add(2.0);
        Layer.Output o1 = split.apply(init.params(), init.state(), clean, Context.train(null));   // null → first name
        Layer.Output o2 = split.apply(init.params(), o1.state(), adv, Context.train(null).withStats("aux"));
        Map<?, ?> state = (Map<?, ?>) o2.state();
        assertEquals(List.of("clean", "aux"), List.copyOf(state.keySet()));
        BatchNorm plain = new BatchNorm();
        Layer.Init pi = n.init(plain, 0, 4, 2);
        BatchNorm.Stats wantClean = (BatchNorm.Stats) plain.apply(pi.params(), pi.state(), clean, Context.train(null)).state();
        BatchNorm.Stats wantAux = (BatchNorm.Stats) plain.apply(pi.params(), pi.state(), adv, Context.train(null)).state();
        t.assertClose(wantClean.mean(), ((BatchNorm.Stats) state.get("clean")).mean(), 1e-15);
        t.assertClose(wantAux.mean(), ((BatchNorm.Stats) state.get("aux")).mean(), 1e-15);
        t.assertClose(wantAux.var(), ((BatchNorm.Stats) state.get("aux")).var(), 1e-15);
        // evaluation with each set uses that set's running statistics
        Var e1 = split.apply(init.params(), state, adv, Context.eval().withStats("clean")).y();
        Var e2 = split.apply(init.params(), state, adv, Context.eval().withStats("aux")).y();
        t.assertClose(plain.apply(pi.params(), state.get("clean"), adv, Context.eval()).y(), e1, 1e-15);
        t.assertClose(plain.apply(pi.params(), state.get("aux"), adv, Context.eval()).y(), e2, 1e-15);
        assertThrows(IllegalArgumentException.class, () -> split.apply(init.params(), state, adv, Context.eval().withStats("other")));
    }

    @Test
    void splitBatchNormAffineSharedOrSeparate() {
        assertTrue(n.init(new SplitBatchNorm("clean", "aux"), 0, 3, 2).params() instanceof Map<?, ?>);
        SplitBatchNorm shared = new SplitBatchNorm(List.of("clean", "aux"), true, 0.99, 1e-5);
        Layer.Init init = n.init(shared, 0, 3, 2);
        assertTrue(init.params() instanceof BatchNorm.Affine);
        // gradient w.r.t. the separate affine params reaches only the selected set
        SplitBatchNorm sep = new SplitBatchNorm("clean", "aux");
        Layer.Init si = n.init(sep, 0, 3, 2);
        Var x = t.normal(6, 3, 2);
        Object g = t.ad.grad(p -> sep.apply(p, si.state(), x, Context.train(null).withStats("aux")).y().square().sum(), si.params());
        Map<?, ?> gm = (Map<?, ?>) g;
        t.assertClose(new double[2], ((BatchNorm.Affine) gm.get("clean")).scale(), 0);
        assertTrue(Math.abs(t.values(((BatchNorm.Affine) gm.get("aux")).scale())[0]) > 0);
        n.checkLayer(sep, si.params(), si.state(), x, Context.train(null).withStats("aux"), 1);
    }

    @Test
    void layerNormNormalisesEachRow() {
        LayerNorm ln = new LayerNorm(1e-6);
        Layer.Init init = n.init(ln, 0, 2, 3, 4);
        assertEquals(Shape.of(2, 3, 4), init.outputShape());
        LayerNorm.Params p = new LayerNorm.Params(t.vec(1, 2, 0.5, -1), t.vec(0, 0.1, 0.2, 0.3));
        Var x = t.normal(7, 2, 3, 4);
        Var y = ln.apply(p, init.state(), x, Context.eval()).y();
        double[] xv = t.values(x);
        double[] want = new double[24];
        double[] g = {1, 2, 0.5, -1};
        double[] b = {0, 0.1, 0.2, 0.3};
        for (int r = 0; r < 6; r++) {
            double m = 0;
            double v = 0;
            for (int j = 0; j < 4; j++) m += xv[r * 4 + j] / 4;
            for (int j = 0; j < 4; j++) v += Math.pow(xv[r * 4 + j] - m, 2) / 4;
            for (int j = 0; j < 4; j++) want[r * 4 + j] = g[j] * (xv[r * 4 + j] - m) / Math.sqrt(v + 1e-6) + b[j];
        }
        t.assertClose(want, y, 1e-14);
        n.checkLayer(ln, p, init.state(), x, Context.eval(), 1);
    }
}
