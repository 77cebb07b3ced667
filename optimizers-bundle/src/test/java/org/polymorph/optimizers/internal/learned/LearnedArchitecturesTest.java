package org.polymorph.optimizers.internal.learned;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.polymorph.autodiff.AdTesting;
import org.polymorph.autodiff.GradCheck;
import org.polymorph.autodiff.Ops;
import org.polymorph.autodiff.Var;
import org.polymorph.core.service.ServiceCatalog;
import org.polymorph.core.tensor.RandomKey;
import org.polymorph.core.tensor.Shape;
import org.polymorph.optimizers.OptState;
import org.polymorph.optimizers.Optimizer;
import org.polymorph.optimizers.Update;
import org.polymorph.optimizers.learned.LearnedOptimizer;
import org.polymorph.optimizers.learned.LearnedOptimizerArchitecture;

/**
 * The per-parameter learned optimizers: meta-parameter shapes (feature counts), updates against
 * plain-Java arithmetic of the published formulas, and derivatives of unrolled steps with respect
 * to θ, the params and the grads against central finite differences in both AD modes.
 */
class LearnedArchitecturesTest {
    private final AdTesting t = new AdTesting();
    private final Ops o = t.o;
    private final ServiceCatalog<LearnedOptimizerArchitecture> catalog =
            ServiceCatalog.of("learned-optimizer architecture", LearnedArchitectures.all(), LearnedOptimizerArchitecture::name);

    private LearnedOptimizer create(String name, Map<String, ?> config) { return catalog.get("architecture", name).create(config); }

    @SuppressWarnings("unchecked")
    private static Map<String, Var> map(Object theta) { return (Map<String, Var>) theta; }

    @Test
    void metaParameterShapesFollowTheFeatureCounts() {
        Map<String, Var> nb = map(create("notebook_mlp", Map.of()).initMetaParams(o, RandomKey.of(0)));
        assertEquals(Shape.of(3, 64), nb.get("w0").shape());
        assertEquals(Shape.of(64, 2), nb.get("w1").shape());
        assertEquals(4, nb.size());
        Map<String, Var> mlp = map(create("mlp_lopt", Map.of()).initMetaParams(o, RandomKey.of(0)));
        assertEquals(Shape.of(19, 32), mlp.get("w0").shape());
        assertEquals(Shape.of(32, 32), mlp.get("w1").shape());
        assertEquals(Shape.of(32, 2), mlp.get("w2").shape());
        assertEquals(Shape.of(2), mlp.get("b2").shape());
        assertEquals(6, mlp.size());
        Map<String, Var> ada = map(create("adafac_mlp_lopt", Map.of()).initMetaParams(o, RandomKey.of(0)));
        assertEquals(Shape.of(39, 4), ada.get("w0").shape());
        assertEquals(Shape.of(4, 2), ada.get("w2").shape());
        assertEquals(Shape.of(3), ada.get("momentum_decays").shape());
        assertEquals(Shape.of(1), ada.get("rms_decays").shape());
        assertEquals(Shape.of(3), ada.get("adafactor_decays").shape());
        assertEquals(List.of(0.0, 0.0, 0.0), boxed(t.values(ada.get("adafactor_decays"))));
    }

    @Test
    void initialisationsHaveThePublishedSpread() {
        // notebook: N(0, 1) unscaled; mlp_lopt: haiku truncated normal, stddev 1/sqrt(fan_in) before truncation to 2 sd
        double[] nb = t.values(map(create("notebook_mlp", Map.of("hidden_size", 4096)).initMetaParams(o, RandomKey.of(3))).get("w0"));
        assertEquals(1.0, rms(nb), 0.03);
        double[] w1 = t.values(map(create("mlp_lopt", Map.of("hidden_size", 256)).initMetaParams(o, RandomKey.of(3))).get("w1"));
        double sd = 1 / Math.sqrt(256);
        assertEquals(0.8796 * sd, rms(w1), 0.03 * sd);
        for (double w : w1) assertTrue(Math.abs(w) <= 2 * sd + 1e-15, "truncated at 2 sd: " + w);
        assertTrue(t.values(map(create("mlp_lopt", Map.of()).initMetaParams(o, RandomKey.of(3))).get("b0"))[5] == 0.0);
    }

    @Test
    void badConfigurationAndThetaAreRejectedByName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> create("mlp_lopt", Map.of("hiden_size", 3)));
        assertTrue(e.getMessage().contains("hiden_size"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> create("mlp_lopt", Map.of("hidden_size", 2.5)));
        assertTrue(e.getMessage().contains("hidden_size"), e.getMessage());
        LearnedOptimizer small = create("mlp_lopt", Map.of("hidden_size", 8));
        Object wrong = create("mlp_lopt", Map.of()).initMetaParams(o, RandomKey.of(0));
        e = assertThrows(IllegalArgumentException.class, () -> small.optimizer(o, wrong, 0));
        assertTrue(e.getMessage().contains("'w0'") && e.getMessage().contains("[19, 8]"), e.getMessage());
    }

    /** notebook_mlp on p = (0.3, −0.7), two steps, against the notebook's formulas in plain Java. */
    @Test
    void notebookUpdateMatchesHandComputation() {
        double[] w0 = {0.5, -0.2, 0.1, 0.3, -0.4, 0.2};   // [3, 2]: rows p, m, g
        double[] b0 = {0.05, -0.1};
        double[] w1 = {0.7, -0.3, -0.6, 0.9};             // [2, 2]
        double[] b1 = {0.01, 0.02};
        Map<String, Var> theta = new LinkedHashMap<>();
        theta.put("w0", t.arr(w0, 3, 2));
        theta.put("b0", t.vec(b0));
        theta.put("w1", t.arr(w1, 2, 2));
        theta.put("b1", t.vec(b1));
        Optimizer opt = create("notebook_mlp", Map.of("hidden_size", 2)).optimizer(o, theta, 0);
        double[] p = {0.3, -0.7};
        double[][] g = {{0.5, -1.5}, {0.25, 2.0}};
        double[] m = new double[2];
        Object params = Map.of("w", t.vec(p));
        OptState s = opt.init(params);
        for (int k = 0; k < 2; k++) {
            Update u = opt.update(Map.of("w", t.vec(g[k])), s, params);
            double[] want = new double[2];
            for (int i = 0; i < 2; i++) {
                m[i] = 0.9 * m[i] + 0.1 * g[k][i];
                double[] f = {p[i], m[i], g[k][i]};
                double[] out = mlp(f, w0, b0, w1, b1, 3, 2);
                want[i] = -out[0] * 0.01 * Math.exp(0.01 * out[1]);
                p[i] += want[i];
            }
            t.assertClose(want, (Var) ((Map<?, ?>) u.updates()).get("w"), 1e-15);
            params = opt.applyUpdates(params, u.updates());
            s = u.state();
        }
    }

    /** mlp_lopt on p = (0.3, −0.7, 1.1), steps 0 and 1, against mlp_lopt.py's formulas in plain Java. */
    @Test
    void mlpLOptUpdateMatchesHandComputation() {
        LearnedOptimizer lopt = create("mlp_lopt", Map.of("hidden_size", 3, "hidden_layers", 1));
        Map<String, Var> theta = map(lopt.initMetaParams(o, RandomKey.of(11)));
        theta.put("b0", t.vec(0.1, -0.2, 0.05));
        theta.put("b1", t.vec(0.3, -0.1));
        double[] w0 = t.values(theta.get("w0"));
        double[] w1 = t.values(theta.get("w1"));
        double[] b0 = t.values(theta.get("b0"));
        double[] b1 = t.values(theta.get("b1"));
        Optimizer opt = lopt.optimizer(o, theta, 0);
        double[] p = {0.3, -0.7, 1.1};
        double[][] g = {{0.5, -1.5, 0.2}, {0.25, 2.0, -0.4}};
        double[][] mom = new double[3][6];
        Object params = Map.of("w", t.vec(p));
        OptState s = opt.init(params);
        for (int k = 0; k < 2; k++) {
            Update u = opt.update(Map.of("w", t.vec(g[k])), s, params);
            double[][] f = new double[3][19];
            for (int i = 0; i < 3; i++) {
                f[i][0] = g[k][i];
                f[i][1] = p[i];
                for (int j = 0; j < 6; j++) {
                    mom[i][j] = MlpLOpt.DECAYS[j] * mom[i][j] + (1 - MlpLOpt.DECAYS[j]) * g[k][i];
                    f[i][2 + j] = mom[i][j];
                }
            }
            for (int c = 0; c < 8; c++) {
                double ms = 0;
                for (int i = 0; i < 3; i++) ms += f[i][c] * f[i][c] / 3;
                for (int i = 0; i < 3; i++) f[i][c] /= Math.sqrt(1e-5 + ms);
            }
            double[] taus = {1, 3, 10, 30, 100, 300, 1000, 3000, 1e4, 3e4, 1e5};
            double[] want = new double[3];
            for (int i = 0; i < 3; i++) {
                for (int j = 0; j < 11; j++) f[i][8 + j] = Math.tanh(k / taus[j] - 1);
                double[] out = mlp(f[i], w0, b0, w1, b1, 19, 3);
                want[i] = -out[0] * Math.exp(0.001 * out[1]) * 0.001;
            }
            t.assertClose(want, (Var) ((Map<?, ?>) u.updates()).get("w"), 1e-17);
            for (int i = 0; i < 3; i++) p[i] += want[i];
            params = opt.applyUpdates(params, u.updates());
            s = u.state();
        }
    }

    /** One hidden ReLU layer: relu(f·w0 + b0)·w1 + b1 for weights row-major [in, h] and [h, 2]. */
    private static double[] mlp(double[] f, double[] w0, double[] b0, double[] w1, double[] b1, int in, int h) {
        double[] hid = new double[h];
        for (int j = 0; j < h; j++) {
            double z = b0[j];
            for (int i = 0; i < in; i++) z += f[i] * w0[i * h + j];
            hid[j] = Math.max(z, 0);
        }
        double[] out = new double[2];
        for (int c = 0; c < 2; c++) {
            out[c] = b1[c];
            for (int j = 0; j < h; j++) out[c] += hid[j] * w1[j * 2 + c];
        }
        return out;
    }

    @Test
    void adafactorFactorsTheTwoLargestAxes() {
        assertEquals(List.of(0, 1), boxed(AdafacMlpLOpt.factoredDims(new int[] {3, 3})));
        assertEquals(List.of(1, 0), boxed(AdafacMlpLOpt.factoredDims(new int[] {64, 32})));
        assertEquals(List.of(0, 2), boxed(AdafacMlpLOpt.factoredDims(new int[] {5, 2, 7})));
        assertEquals(null, AdafacMlpLOpt.factoredDims(new int[] {9}));
    }

    /** adafac_mlp_lopt's accumulators per tensor rank: [m, rms, v_row, v_col] for rank 2, [m, rms, v] below. */
    @Test
    void adafacStateShapesPerRank() {
        LearnedOptimizer lopt = create("adafac_mlp_lopt", Map.of());
        Optimizer opt = lopt.optimizer(o, lopt.initMetaParams(o, RandomKey.of(1)), 100);
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("a", t.normal(1, 4, 3));
        params.put("b", t.normal(2, 3));
        params.put("c", t.vec(0.5).reshape());
        Map<String, Object> grads = new LinkedHashMap<>();
        grads.put("a", t.normal(3, 4, 3));
        grads.put("b", t.normal(4, 3));
        grads.put("c", t.vec(-0.2).reshape());
        Update u = opt.update(grads, opt.init(params), params);
        LearnedState s = (LearnedState) u.state();
        List<?> a = (List<?>) s.accumulators().get(0);
        assertEquals(List.of(Shape.of(4, 3, 3), Shape.of(4, 3, 1), Shape.of(3, 3), Shape.of(4, 3)), shapes(a));
        assertEquals(List.of(Shape.of(3, 3), Shape.of(3, 1), Shape.of(3, 3)), shapes((List<?>) s.accumulators().get(1)));
        assertEquals(List.of(Shape.of(1, 3), Shape.of(1, 1), Shape.of(1, 3)), shapes((List<?>) s.accumulators().get(2)));
        assertEquals(Shape.scalar(), ((Var) ((Map<?, ?>) u.updates()).get("c")).shape());
        // v_row of the [4, 3] tensor: d0 = 0 (largest), so the row statistic is (1 − 0.9)·mean over axis 0 of g² for decay 0.9
        double[] g = t.values((Var) grads.get("a"));
        double[] vRow = t.values((Var) a.get(2));
        for (int j = 0; j < 3; j++) {
            double mean = 0;
            for (int i = 0; i < 4; i++) mean += (g[i * 3 + j] * g[i * 3 + j] + 1e-30) / 4;
            assertEquals(0.1 * mean, vRow[j * 3], 1e-14 * mean, "v_row[" + j + "] decay 0.9");
            assertEquals(0.001 * mean, vRow[j * 3 + 2], 1e-14 * mean, "v_row[" + j + "] decay 0.999");
        }
    }

    /**
     * d(Σ c·updates after two steps)/d(θ, p, g) against central differences, forward and reverse, for
     * each architecture, on a [3, 2] matrix and a [2] vector (adafac: factored and diagonal branches).
     */
    @Test
    void unrolledStepsAreDifferentiableInThetaParamsAndGrads() {
        GradCheck check = new GradCheck(t.ad, 1e-6, 1e-7, 1e-6, 5);
        for (String arch : List.of("notebook_mlp", "mlp_lopt", "adafac_mlp_lopt")) {
            LearnedOptimizer lopt = create(arch, arch.equals("notebook_mlp") ? Map.of("hidden_size", 8) : Map.of("hidden_size", 6));
            Map<String, Var> theta0 = map(lopt.initMetaParams(o, RandomKey.of(7)));
            if (arch.equals("adafac_mlp_lopt")) {
                theta0.put("momentum_decays", t.vec(0.1, -0.2, 0.05));
                theta0.put("rms_decays", t.vec(0.03));
                theta0.put("adafactor_decays", t.vec(-0.1, 0.02, 0.2));
            }
            List<String> names = new ArrayList<>(theta0.keySet());
            int nt = names.size();
            Var[] x = new Var[nt + 4];
            for (int i = 0; i < nt; i++) x[i] = theta0.get(names.get(i));
            x[nt] = t.normal(21, 3, 2);
            x[nt + 1] = t.normal(22, 2);
            x[nt + 2] = t.normal(23, 3, 2);
            x[nt + 3] = t.normal(24, 2);
            Var weight = t.normal(25, 3, 2);
            check.check(v -> {
                Map<String, Var> th = new LinkedHashMap<>();
                for (int i = 0; i < nt; i++) th.put(names.get(i), v[i]);
                Optimizer opt = lopt.optimizer(v[0].ops(), th, 10);
                Object params = List.of(v[nt], v[nt + 1]);
                Object grads = List.of(v[nt + 2], v[nt + 3]);
                OptState s = opt.init(params);
                Update u1 = opt.update(grads, s, params);
                Object p1 = opt.applyUpdates(params, u1.updates());
                Object g1 = List.of(((Var) ((List<?>) grads).get(0)).mul(0.7), ((Var) ((List<?>) grads).get(1)).mul(-1.3));
                Update u2 = opt.update(g1, u1.state(), p1);
                List<?> up = (List<?>) u2.updates();
                return ((Var) up.get(0)).mul(weight).sum().add(((Var) up.get(1)).sum()).mul(1000.0);
            }, x, 1, true, true);
        }
    }

    private static List<Shape> shapes(List<?> vars) {
        List<Shape> out = new ArrayList<>();
        for (Object v : vars) out.add(((Var) v).shape());
        return out;
    }

    private static List<Object> boxed(double[] d) {
        List<Object> out = new ArrayList<>();
        for (double x : d) out.add(x);
        return out;
    }

    private static List<Object> boxed(int[] d) {
        List<Object> out = new ArrayList<>();
        for (int x : d) out.add(x);
        return out;
    }

    private static double rms(double[] d) {
        double s = 0;
        for (double x : d) s += x * x;
        return Math.sqrt(s / d.length);
    }
}
