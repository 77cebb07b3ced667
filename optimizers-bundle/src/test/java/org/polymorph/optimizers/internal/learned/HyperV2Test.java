package org.polymorph.optimizers.internal.learned;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.polymorph.autodiff.AdTesting;
import org.polymorph.autodiff.GradCheck;
import org.polymorph.autodiff.Trees;
import org.polymorph.autodiff.Var;
import org.polymorph.core.tensor.RandomKey;
import org.polymorph.optimizers.OptState;
import org.polymorph.optimizers.Optimizer;
import org.polymorph.optimizers.Update;
import org.polymorph.optimizers.learned.LearnedOptimizer;
import org.polymorph.optimizers.learned.LossAwareOptimizer;

/** hyper_v2: shapes, configuration, derivatives in θ, the carried LSTM state and the loss features. */
class HyperV2Test {
    private final AdTesting t = new AdTesting();
    private final HyperV2Architecture arch = new HyperV2Architecture();

    /** A small model: a [3, 2] matrix, a [2] vector and a scalar. */
    private List<Var> params(long seed) {
        return List.of(t.normal(seed, 3, 2), t.normal(seed + 1, 2), t.normal(seed + 2));
    }

    /** A configuration as files store it, from before rms_features existed, keeps MLPLOpt's 19 per-parameter inputs. */
    @Test
    void aStoredConfigurationWithoutRmsFeaturesKeepsTheNineteenInputs() {
        Map<String, Object> stored = new java.util.LinkedHashMap<>(HyperV2Config.parse(Map.of()).asMap());
        assertEquals(true, stored.remove("rms_features"));
        HyperV2 older = (HyperV2) arch.create(stored);
        assertFalse(older.settings().rmsFeatures());
        assertEquals(MlpLOpt.FEATURES, older.mlp().widths()[0]);
        assertEquals(MlpLOpt.FEATURES + HyperV2Mlp.RMS_COLUMNS, ((HyperV2) arch.create(Map.of("param_inits", 4))).mlp().widths()[0]);
        stored.put("rms_features", true);
        assertTrue(((HyperV2) arch.create(stored)).settings().rmsFeatures());
    }

    @Test
    void featureCountsAndMetaParameterShapesAreAsDocumented() {
        assertEquals(9 + 9 + 1 + 5 + 6 + 1, HyperV2TensorFeatures.COUNT);
        assertEquals(19, MlpLOpt.FEATURES);
        LearnedOptimizer lopt = arch.create(Map.of("lstm_hidden_size", 5, "ff_hidden_size", 3, "ff_hidden_layers", 2,
                "param_inits", 4));
        @SuppressWarnings("unchecked")
        Map<String, Var> theta = (Map<String, Var>) lopt.initMetaParams(t.o, RandomKey.of(0));
        Map<String, int[]> want = new TreeMap<>(Map.ofEntries(Map.entry("lstm/init_h", new int[] {5}),
                Map.entry("lstm/init_c", new int[] {5}), Map.entry("mix/w", new int[] {31, 5}), Map.entry("mix/b", new int[] {5}),
                Map.entry("in/w", new int[] {31, 5}), Map.entry("in/b", new int[] {5}), Map.entry("lstm/w", new int[] {10, 20}),
                Map.entry("lstm/b", new int[] {20}), Map.entry("controls/w", new int[] {5, 4}),
                Map.entry("controls/b", new int[] {4}), Map.entry("step/w", new int[] {5, 1}), Map.entry("step/b", new int[] {1}),
                Map.entry("ff/w0", new int[] {4, 27, 3}), Map.entry("ff/b0", new int[] {4, 3}),
                Map.entry("ff/w1", new int[] {4, 3, 3}), Map.entry("ff/b1", new int[] {4, 3}),
                Map.entry("ff/w2", new int[] {4, 3, 2}), Map.entry("ff/b2", new int[] {4, 2})));
        assertEquals(want.keySet(), theta.keySet());
        want.forEach((k, s) -> assertArrayEquals(s, theta.get(k).shape().toArray(), k));
        // bank members are drawn independently with variance 1/fan_in; biases start at 0
        double[] w0 = t.values(theta.get("ff/w0"));
        assertFalse(Arrays.equals(Arrays.copyOfRange(w0, 0, 81), Arrays.copyOfRange(w0, 81, 162)));
        assertEquals(1.0 / 27, Arrays.stream(w0).map(x -> x * x).average().orElseThrow(), 0.5 / 27);
        assertEquals(0.0, Arrays.stream(t.values(theta.get("ff/b0"))).map(Math::abs).sum());

        Optimizer opt = lopt.optimizer(t.o, theta, 100);
        List<Var> p = params(1);
        Update u = opt.update(params(7), opt.init(p), p);
        List<Var> leaves = Trees.flatten(u.updates(), t.o).leaves();
        for (int i = 0; i < p.size(); i++) assertArrayEquals(p.get(i).shape().toArray(), leaves.get(i).shape().toArray());
        HyperV2State s = (HyperV2State) u.state();
        assertArrayEquals(new int[] {3, 5}, s.lstmHidden().shape().toArray());
        assertArrayEquals(new int[] {6, 6}, s.momentum().get(0).shape().toArray());
        assertEquals(1L, s.step());
    }

    @Test
    void configurationIsCheckedAndRoundTrips() {
        LearnedOptimizer lopt = arch.create(Map.of("param_inits", 3, "step_mult", 0.01));
        assertEquals(3, lopt.config().get("param_inits"));
        assertEquals(32, lopt.config().get("lstm_hidden_size"));
        assertEquals(lopt.config(), arch.create(lopt.config()).config());
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> arch.create(Map.of("lstm_size", 8)));
        assertTrue(unknown.getMessage().contains("lstm_size"), unknown.getMessage());
        IllegalArgumentException zero = assertThrows(IllegalArgumentException.class, () -> arch.create(Map.of("param_inits", 0)));
        assertTrue(zero.getMessage().contains("param_inits") && zero.getMessage().contains("[1, 1024]"), zero.getMessage());
        IllegalArgumentException frac = assertThrows(IllegalArgumentException.class, () -> arch.create(Map.of("ff_hidden_size", 2.5)));
        assertTrue(frac.getMessage().contains("ff_hidden_size"), frac.getMessage());
        Object theta = lopt.initMetaParams(t.o, RandomKey.of(0));
        @SuppressWarnings("unchecked")
        Map<String, Var> wrong = new TreeMap<>((Map<String, Var>) theta);
        wrong.put("controls/b", t.normal(1, 4));
        IllegalArgumentException shape = assertThrows(IllegalArgumentException.class, () -> lopt.optimizer(t.o, wrong, 10));
        assertTrue(shape.getMessage().contains("controls/b"), shape.getMessage());
        wrong.remove("controls/b");
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class, () -> lopt.optimizer(t.o, wrong, 10));
        assertTrue(missing.getMessage().contains("controls/b"), missing.getMessage());
    }

    /**
     * Three steps of training on loss sum((p - 1)^2), with the loss fed to the optimizer, as a function of
     * θ: the gradient flows through the LSTM state, the accumulators, the loss features (non-zero from the
     * third loss on) and the params.
     */
    @Test
    void unrolledStepsAreDifferentiableInThetaForwardAndReverse() {
        LearnedOptimizer lopt = arch.create(Map.of("lstm_hidden_size", 3, "ff_hidden_size", 2, "ff_hidden_layers", 1,
                "param_inits", 2, "step_mult", 0.01));
        @SuppressWarnings("unchecked")
        Map<String, Var> theta0 = (Map<String, Var>) lopt.initMetaParams(t.o, RandomKey.of(11));
        List<String> names = List.copyOf(theta0.keySet());
        Var[] x = new Var[names.size()];
        for (int i = 0; i < x.length; i++) {
            // move every leaf off 0 so no ReLU or clip sits on a kink
            Var v = theta0.get(names.get(i));
            x[i] = v.add(t.normal(100 + i, v.shape().toArray()).mul(0.3));
        }
        List<Var> p0 = params(3);
        GradCheck check = new GradCheck(t.ad, 1e-6, 1e-6, 1e-5, 5);
        java.util.function.Function<Var[], Var> unroll = leaves -> {
            Map<String, Var> theta = new TreeMap<>();
            for (int i = 0; i < leaves.length; i++) theta.put(names.get(i), leaves[i]);
            LossAwareOptimizer opt = (LossAwareOptimizer) lopt.optimizer(t.o, theta, 20);
            List<Var> p = p0;
            OptState s = opt.init(p);
            for (int k = 0; k < 3; k++) {
                List<Var> g = p.stream().map(v -> v.sub(1.0).mul(2.0)).toList();
                Var loss = p.stream().map(v -> v.sub(1.0).square().sum()).reduce(Var::add).orElseThrow();
                Update u = opt.update(g, s, p, loss);
                p = opt.applyUpdates(p, u.updates());
                s = u.state();
            }
            return t.o.concat(0, p.stream().map(v -> v.reshape((int) v.size())).toArray(Var[]::new));
        };
        double moved = maxDiff(t.values(unroll.apply(x)), flat(p0));
        assertTrue(moved > 1e-3 && moved < 10, "the params moved by " + moved);
        assertDoesNotThrow(() -> check.check(unroll, x, 1, true, true));
    }

    @Test
    void theLstmStateIsCarriedInTheOptState() {
        LearnedOptimizer lopt = arch.create(Map.of("lstm_hidden_size", 4, "param_inits", 3, "step_mult", 0.1));
        Object theta = lopt.initMetaParams(t.o, RandomKey.of(2));
        LossAwareOptimizer opt = (LossAwareOptimizer) lopt.optimizer(t.o, theta, 50);
        List<Var> p = params(5);
        HyperV2State s0 = (HyperV2State) opt.init(p);
        assertEquals(0.0, Arrays.stream(t.values(s0.lstmHidden())).map(Math::abs).sum());
        Update u1 = opt.update(params(9), s0, p, t.o.scalar(org.polymorph.core.tensor.DType.FLOAT64, 2.0));
        HyperV2State s1 = (HyperV2State) u1.state();
        assertTrue(Arrays.stream(t.values(s1.lstmHidden())).map(Math::abs).sum() > 1e-3, "h moved from its initial state");
        p = opt.applyUpdates(p, u1.updates());
        // the second step reads h and c: resetting them changes the update
        HyperV2State reset = new HyperV2State(s1.count(), s1.momentum(), s1.rms(), s0.lstmHidden(), s0.lstmCell(),
                s1.lossMeans(), s1.lossMin(), s1.lossCount());
        double[] carried = flat(opt.update(params(13), s1, p).updates());
        double[] fresh = flat(opt.update(params(13), reset, p).updates());
        assertTrue(maxDiff(carried, fresh) > 1e-9, "update depends on the carried LSTM state");
        // the state is a pytree: flattened and rebuilt, it gives the same next update
        Trees.Flat sf = Trees.flatten(s1, t.o);
        OptState rebuilt = (OptState) Trees.unflatten(sf.def(), sf.leaves());
        assertArrayEquals(carried, flat(opt.update(params(13), rebuilt, p).updates()), 0.0);
        // the three-argument update sees no loss; the four-argument one counts it
        assertEquals(0.0, ((HyperV2State) opt.update(params(13), s0, p).state()).lossCount().item());
        assertEquals(1.0, s1.lossCount().item());
    }

    /** hyper_v2's loss features compare averages relative to their minima: invariant to L -> a L + b (a > 0). */
    @Test
    void lossFeaturesAreInvariantToTheLossScaleAndOffset() {
        HyperV2LossFeatures lf = new HyperV2LossFeatures(200);
        Var[] a = lf.init(t.o);
        Var[] b = lf.init(t.o);
        for (int k = 0; k < 30; k++) {
            double loss = 2.0 / (1 + 0.1 * k) + 0.05 * Math.sin(k);
            assertArrayEquals(new double[HyperV2LossFeatures.COUNT], k <= 2 ? t.values(lf.features(t.o, a[0], a[1], k)) : new double[9],
                    0.0);
            a = lf.update(t.o, a[0], a[1], t.o.scalar(org.polymorph.core.tensor.DType.FLOAT64, loss), k);
            b = lf.update(t.o, b[0], b[1], t.o.scalar(org.polymorph.core.tensor.DType.FLOAT64, 3 * loss + 5), k);
        }
        double[] fa = t.values(lf.features(t.o, a[0], a[1], 30));
        double[] fb = t.values(lf.features(t.o, b[0], b[1], 30));
        assertArrayEquals(fa, fb, 1e-9);
        assertTrue(Arrays.stream(fa).map(Math::abs).max().orElseThrow() > 0.01, Arrays.toString(fa));
        for (double f : fa) assertTrue(f >= -1 && f <= 1, Arrays.toString(fa));
    }

    /** The untrained θ: each tensor's MLP starts with variance-1/fan_in weights, so 50 steps stay bounded. */
    @Test
    void theInitialThetaTakesBoundedSteps() {
        LearnedOptimizer lopt = arch.create(Map.of());
        LossAwareOptimizer opt = (LossAwareOptimizer) lopt.optimizer(t.o, lopt.initMetaParams(t.o, RandomKey.of(3)), 50);
        List<Var> p = List.of(t.normal(21, 8, 4), t.normal(22, 4), t.normal(23, 4, 2));
        OptState s = opt.init(p);
        double first = flat(p).length;
        double loss = 0;
        for (int k = 0; k < 50; k++) {
            List<Var> g = p.stream().map(v -> v.mul(2.0)).toList();
            Var l = p.stream().map(v -> v.square().sum()).reduce(Var::add).orElseThrow();
            loss = l.item();
            if (k == 0) first = loss;
            Update u = opt.update(g, s, p, l);
            p = opt.applyUpdates(p, u.updates());
            s = u.state();
        }
        assertTrue(loss < 2 * first, "sum(p^2) " + first + " -> " + loss);
    }

    private double[] flat(Object tree) {
        return Trees.flatten(tree, t.o).leaves().stream().flatMapToDouble(v -> Arrays.stream(t.values(v))).toArray();
    }

    static double maxDiff(double[] a, double[] b) {
        assertEquals(a.length, b.length);
        double m = 0;
        for (int i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
        return m;
    }

    @Test
    void notAStateOfItsOwnIsRejected() {
        LearnedOptimizer lopt = arch.create(Map.of());
        Optimizer opt = lopt.optimizer(t.o, lopt.initMetaParams(t.o, RandomKey.of(0)), 0);
        List<Var> p = params(1);
        OptState s = opt.init(p);
        assertThrows(IllegalArgumentException.class, () -> opt.update(p, s, null));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> opt.update(p.subList(0, 2), s, p.subList(0, 2)));
        assertTrue(e.getMessage().contains("leaves"), e.getMessage());
        List<Var> transposed = List.of(t.normal(1, 2, 3), t.normal(2, 2), t.normal(3));
        IllegalArgumentException shape = assertThrows(IllegalArgumentException.class, () -> opt.update(transposed, s, p));
        assertTrue(shape.getMessage().contains("gradient 0 has shape"), shape.getMessage());
        assertNotEquals(0.0, flat(opt.update(p, s, p).updates())[0]);
    }
}
