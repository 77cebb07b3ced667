package org.polymorph.optimizers.internal.learned;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.polymorph.autodiff.AdTesting;
import org.polymorph.autodiff.GradCheck;
import org.polymorph.autodiff.JvpResult;
import org.polymorph.autodiff.Ops;
import org.polymorph.autodiff.Var;
import org.polymorph.core.tensor.DType;
import org.polymorph.core.tensor.RandomKey;
import org.polymorph.optimizers.Optimizer;
import org.polymorph.optimizers.Update;
import org.polymorph.optimizers.learned.LearnedOptimizer;

/**
 * The untraced fast path of the per-parameter learned optimizers against their Ops path: the same
 * updates and accumulators over several steps on tensors of ranks 0–2 (the Ops path is forced by
 * running the same update inside a forward-mode derivative in θ, whose primal outputs are the Ops
 * path's values); and the Ops path still runs when only the gradients are traced.
 */
class FusedPerParameterUpdateTest {
    private static final int STEPS = 5;
    private final AdTesting t = new AdTesting();
    private final Ops o = t.o;

    @SuppressWarnings("unchecked")
    private static Map<String, Var> map(Object theta) { return (Map<String, Var>) theta; }

    private LearnedOptimizer create(String arch, Map<String, ?> config) {
        return LearnedArchitectures.all().stream().filter(a -> a.name().equals(arch)).findFirst().orElseThrow().create(config);
    }

    @Test
    void fusedAndOpsPathsAgreeOverSteps() {
        for (String arch : List.of("notebook_mlp", "mlp_lopt")) {
            for (Map<String, ?> config : List.of(Map.<String, Object>of(), Map.of("hidden_size", 7))) {
                LearnedOptimizer lopt = create(arch, config);
                Map<String, Var> theta = map(lopt.initMetaParams(o, RandomKey.of(3)));
                agreeOverSteps(arch, config, lopt, theta,
                        new ArrayList<>(List.of(t.normal(1, 1).reshape(), t.normal(2, 7), t.normal(3, 5, 3), t.normal(4, 40, 33))));
            }
        }
    }

    /**
     * adafac_mlp_lopt on tensors of ranks 0, 1, 2 and 4 (a conv kernel: Adafactor factors its two largest
     * axes, with the largest in the middle), at θ whose learnable decays are not 0.
     */
    @Test
    void adafactorFusedAndOpsPathsAgreeOverSteps() {
        for (Map<String, ?> config : List.of(Map.<String, Object>of(), Map.of("hidden_size", 7))) {
            LearnedOptimizer lopt = create("adafac_mlp_lopt", config);
            Map<String, Var> theta = new LinkedHashMap<>(map(lopt.initMetaParams(o, RandomKey.of(3))));
            theta.put("momentum_decays", t.vec(0.02, -0.05, 0.1));
            theta.put("rms_decays", t.vec(-0.03));
            theta.put("adafactor_decays", t.vec(0.05, 0.01, -0.2));
            agreeOverSteps("adafac_mlp_lopt", config, lopt, theta, new ArrayList<>(List.of(t.normal(1, 1).reshape(), t.normal(2, 7),
                    t.normal(3, 5, 3), t.normal(4, 40, 33), t.normal(5, 3, 6, 2, 4), t.normal(6, 1, 5))));
        }
    }

    /** The untraced adafac_mlp_lopt update does no concat or matmul (its features and MLP run in plain loops); a traced θ does. */
    @Test
    void untracedAdafactorUpdateBuildsNoTensorWork() {
        LearnedOptimizer lopt = create("adafac_mlp_lopt", Map.of("hidden_size", 5));
        Map<String, Var> theta = map(lopt.initMetaParams(o, RandomKey.of(4)));
        List<Var> params = List.of(t.normal(41, 4, 3), t.normal(42, 3), t.normal(43, 2, 3, 2, 2));
        List<Var> grads = List.of(t.normal(44, 4, 3), t.normal(45, 3), t.normal(46, 2, 3, 2, 2));
        CountingOps counting = new CountingOps(o);
        Optimizer opt = lopt.optimizer(counting.ops, theta, 20);
        Update u = opt.update(grads, opt.init(params), params);
        opt.update(grads, u.state(), params);
        assertEquals(0, counting.calls.get(), "tensor operations in two untraced updates");
        Map<String, Var> tangent = new LinkedHashMap<>();
        theta.forEach((k, v) -> tangent.put(k, o.zerosLike(v)));
        t.ad.jvp(th -> lopt.optimizer(counting.ops, th, 20).update(grads, u.state(), params).updates(), theta, tangent);
        assertTrue(counting.calls.get() > 0, "the traced update counts its tensor operations");
    }

    /** {@link #STEPS} updates by the fused path and by the Ops path from the same states: the same updates and accumulators. */
    private void agreeOverSteps(String arch, Map<String, ?> config, LearnedOptimizer lopt, Map<String, Var> theta, List<Var> params) {
        Map<String, Var> tangent = new LinkedHashMap<>();
        theta.forEach((k, v) -> tangent.put(k, o.zerosLike(v)));
        Optimizer fast = lopt.optimizer(o, theta, 100);
        LearnedState fusedState = (LearnedState) fast.init(params);
        LearnedState opsState = fusedState;
        for (int step = 0; step < STEPS; step++) {
            List<Var> grads = new ArrayList<>();
            for (int i = 0; i < params.size(); i++) {
                grads.add(o.constant(t.ts.normal(RandomKey.of(100 * step + i), DType.FLOAT64, params.get(i).shape().toArray())));
            }
            Update fu = fast.update(grads, fusedState, params);
            LearnedState before = opsState;
            List<Var> ps = params;
            JvpResult<List<Object>> traced = t.ad.jvp(th -> {
                Update u = lopt.optimizer(o, th, 100).update(grads, before, ps);
                List<Object> out = new ArrayList<>((List<?>) u.updates());
                out.addAll(((LearnedState) u.state()).accumulators());
                return out;
            }, theta, tangent);
            List<?> fusedUpdates = (List<?>) fu.updates();
            LearnedState fs = (LearnedState) fu.state();
            List<Object> opsAcc = new ArrayList<>();
            for (int i = 0; i < params.size(); i++) {
                String where = arch + " " + config + " step " + step + " tensor " + i;
                Var want = (Var) traced.out().get(i);
                Var got = (Var) fusedUpdates.get(i);
                assertTrue(o.isConstant(got), where);
                assertEquals(DType.FLOAT64, got.dtype(), where);
                assertClose(want, got, where + " update");
                Object wantAcc = traced.out().get(params.size() + i);
                assertTreeClose(wantAcc, fs.accumulators().get(i), where + " accumulator");
                opsAcc.add(wantAcc);
            }
            assertEquals(step + 1, fs.step());
            fusedState = fs;
            opsState = new LearnedState(fs.count(), arch, opsAcc);
            params = castList(fast.applyUpdates(params, fu.updates()));
        }
    }

    /** Only the gradients traced (θ and params constants): the update's derivative in them must still be right. */
    @Test
    void tracedGradientsTakeTheOpsPath() {
        GradCheck check = new GradCheck(t.ad, 1e-6, 1e-7, 1e-6, 5);
        for (String arch : List.of("notebook_mlp", "mlp_lopt")) {
            LearnedOptimizer lopt = create(arch, Map.of("hidden_size", 6));
            Optimizer opt = lopt.optimizer(o, lopt.initMetaParams(o, RandomKey.of(5)), 10);
            List<Var> params = List.of(t.normal(31, 3, 2), t.normal(32, 2));
            Var weight = t.normal(33, 3, 2);
            check.check(v -> {
                Update u1 = opt.update(List.of(v[0], v[1]), opt.init(params), params);
                Object p1 = opt.applyUpdates(params, u1.updates());
                Update u2 = opt.update(List.of(v[0].mul(0.7), v[1].mul(-1.3)), u1.state(), p1);
                List<?> up = (List<?>) u2.updates();
                return ((Var) up.get(0)).mul(weight).sum().add(((Var) up.get(1)).sum()).mul(1000.0);
            }, new Var[] {t.normal(34, 3, 2), t.normal(35, 2)}, 1, true, true);
        }
    }

    /** Accumulators: a Var, or a list of Vars (adafac_mlp_lopt), element by element. */
    private void assertTreeClose(Object want, Object got, String what) {
        if (want instanceof Var w) {
            assertTrue(got instanceof Var, what);
            assertClose(w, (Var) got, what);
            return;
        }
        List<?> w = (List<?>) want;
        List<?> g = (List<?>) got;
        assertEquals(w.size(), g.size(), what + " count");
        for (int j = 0; j < w.size(); j++) {
            assertTrue(o.isConstant((Var) g.get(j)), what + " " + j);
            assertClose((Var) w.get(j), (Var) g.get(j), what + " " + j);
        }
    }

    private void assertClose(Var want, Var got, String what) { assertClose(t, want, got, what); }

    /** {@code got} equal to {@code want} to 1e-12 of {@code want}'s largest magnitude, element by element (also used by FusedHyperV2UpdateTest). */
    static void assertClose(AdTesting t, Var want, Var got, String what) {
        assertEquals(want.shape(), got.shape(), what + " shape");
        double[] w = t.values(want);
        double[] g = t.values(got);
        double scale = Double.MIN_NORMAL;
        for (double x : w) scale = Math.max(scale, Math.abs(x));
        // relative to the tensor's largest element (updates are ~1e-6 with mlp_lopt's step_mult 0.001)
        for (int i = 0; i < w.length; i++) assertEquals(w[i], g[i], 1e-12 * scale, what + " element " + i);
    }

    @SuppressWarnings("unchecked")
    private static List<Var> castList(Object tree) { return new ArrayList<>((List<Var>) tree); }
}
