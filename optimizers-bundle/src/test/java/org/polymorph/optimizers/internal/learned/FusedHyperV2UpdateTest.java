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
import org.polymorph.optimizers.Update;
import org.polymorph.optimizers.learned.LossAwareOptimizer;

/**
 * hyper_v2's untraced fast path ({@link FusedHyperV2Update}) against its Ops path (forced by running the
 * same update inside a forward-mode derivative in θ, whose primal outputs are the Ops path's values): the
 * same updates and the same state (momenta, second moments, LSTM state, loss averages) over several steps
 * on tensors of ranks 0, 1, 2 and 4, with and without the loss, with gradients beyond the clip; each path
 * continues from the other's state. And the fast path builds no tensor work.
 */
class FusedHyperV2UpdateTest {
    private static final int STEPS = 6;
    private final AdTesting t = new AdTesting();
    private final Ops o = t.o;

    /** θ at init with drawn controls and initial LSTM state, so that tensors mix different MLPs. */
    @SuppressWarnings("unchecked")
    private Map<String, Var> theta(HyperV2 lopt, long seed) {
        Map<String, Var> theta = new LinkedHashMap<>((Map<String, Var>) lopt.initMetaParams(o, RandomKey.of(seed)));
        for (String k : List.of(HyperV2.CONTROLS_W, HyperV2.INIT_H, HyperV2.INIT_C)) {
            theta.put(k, t.normal(seed + k.length(), theta.get(k).shape().toArray()).mul(0.3));
        }
        return theta;
    }

    private List<Var> params() {
        return new ArrayList<>(List.of(t.normal(1, 1).reshape(), t.normal(2, 7), t.normal(3, 5, 3), t.normal(4, 3, 6, 2, 4), t.normal(5, 40, 33)));
    }

    @Test
    void fusedAndOpsPathsAgreeOverSteps() {
        for (Map<String, ?> config : List.of(Map.<String, Object>of(), Map.of("lstm_hidden_size", 5, "ff_hidden_size", 3,
                "ff_hidden_layers", 1, "param_inits", 3, "param_scale_mult", false), Map.of("rms_features", false))) {
            HyperV2 lopt = (HyperV2) new HyperV2Architecture().create(config);
            Map<String, Var> theta = theta(lopt, 7);
            Map<String, Var> tangent = new LinkedHashMap<>();
            theta.forEach((k, v) -> tangent.put(k, o.zerosLike(v)));
            LossAwareOptimizer fast = (LossAwareOptimizer) lopt.optimizer(o, theta, 50);
            List<Var> params = params();
            HyperV2State fusedState = (HyperV2State) fast.init(params);
            HyperV2State opsState = fusedState;
            int losses = 0;
            for (int step = 0; step < STEPS; step++) {
                List<Var> grads = new ArrayList<>();
                for (int i = 0; i < params.size(); i++) {
                    Var g = o.constant(t.ts.normal(RandomKey.of(100 * step + i), DType.FLOAT64, params.get(i).shape().toArray()));
                    grads.add(i == 2 ? g.mul(1500.0) : g);   // beyond hyper_v2's clip at ±1000
                }
                Var loss = step == 3 ? null : o.scalar(DType.FLOAT64, 2.3 - 0.2 * step + 0.05 * (step % 2));
                // each path continues from the other's state on odd steps
                HyperV2State fromFused = step % 2 == 1 ? opsState : fusedState;
                HyperV2State fromOps = step % 2 == 1 ? fusedState : opsState;
                Update fu = fast.update(grads, fromFused, params, loss);
                List<Var> ps = params;
                JvpResult<List<Object>> traced = t.ad.jvp(th -> {
                    LossAwareOptimizer slow = (LossAwareOptimizer) lopt.optimizer(o, th, 50);
                    Update u = slow.update(grads, fromOps, ps, loss);
                    HyperV2State s = (HyperV2State) u.state();
                    List<Object> out = new ArrayList<>((List<?>) u.updates());
                    out.addAll(s.momentum());
                    out.addAll(s.rms());
                    out.addAll(List.of(s.lstmHidden(), s.lstmCell(), s.lossMeans(), s.lossMin()));
                    return out;
                }, theta, tangent);
                List<?> fusedUpdates = (List<?>) fu.updates();
                HyperV2State fs = (HyperV2State) fu.state();
                List<Object> want = traced.out();
                int k = params.size();
                String where = config + " step " + step;
                List<Var> got = new ArrayList<>();
                for (Object u : fusedUpdates) got.add((Var) u);
                got.addAll(fs.momentum());
                got.addAll(fs.rms());
                got.addAll(List.of(fs.lstmHidden(), fs.lstmCell(), fs.lossMeans(), fs.lossMin()));
                assertEquals(want.size(), got.size(), where);
                for (int i = 0; i < got.size(); i++) {
                    assertTrue(o.isConstant(got.get(i)), where + " output " + i);
                    assertClose((Var) want.get(i), got.get(i), where + " output " + i);
                }
                assertEquals(step + 1, fs.step(), where);
                losses += loss == null ? 0 : 1;
                assertEquals(losses, (long) fs.lossCount().item(), where);
                fusedState = fs;
                opsState = new HyperV2State(fs.count(), vars(want, k, 2 * k), vars(want, 2 * k, 3 * k), (Var) want.get(3 * k),
                        (Var) want.get(3 * k + 1), (Var) want.get(3 * k + 2), (Var) want.get(3 * k + 3), fs.lossCount());
                params = cast(fast.applyUpdates(params, fu.updates()));
            }
        }
    }

    /** The untraced update does no matmul or concat (the LSTM, the mixing and the MLP run in plain loops); a traced θ does. */
    @Test
    void untracedUpdateBuildsNoTensorWork() {
        HyperV2 lopt = (HyperV2) new HyperV2Architecture().create(Map.of());
        Map<String, Var> theta = theta(lopt, 3);
        List<Var> params = params();
        List<Var> grads = new ArrayList<>();
        for (Var p : params) grads.add(t.normal(p.size() + 9, p.shape().toArray()));
        CountingOps counting = new CountingOps(o);
        LossAwareOptimizer opt = (LossAwareOptimizer) lopt.optimizer(counting.ops, theta, 20);
        Update u = opt.update(grads, opt.init(params), params, o.scalar(DType.FLOAT64, 1.5));
        opt.update(grads, u.state(), params, o.scalar(DType.FLOAT64, 1.4));
        assertEquals(0, counting.calls.get(), "tensor operations in two untraced updates");
        Map<String, Var> tangent = new LinkedHashMap<>();
        theta.forEach((k, v) -> tangent.put(k, o.zerosLike(v)));
        t.ad.jvp(th -> ((LossAwareOptimizer) lopt.optimizer(counting.ops, th, 20)).update(grads, u.state(), params).updates(), theta, tangent);
        assertTrue(counting.calls.get() > 0, "the traced update counts its tensor operations");
    }

    /** Only the gradients and the loss traced (θ, params and state constants): the update's derivative in them must still be right. */
    @Test
    void tracedGradientsTakeTheOpsPath() {
        GradCheck check = new GradCheck(t.ad, 1e-6, 1e-7, 1e-6, 5);
        HyperV2 lopt = (HyperV2) new HyperV2Architecture().create(Map.of("lstm_hidden_size", 4, "param_inits", 3));
        LossAwareOptimizer opt = (LossAwareOptimizer) lopt.optimizer(o, theta(lopt, 5), 10);
        List<Var> params = List.of(t.normal(31, 3, 2), t.normal(32, 2));
        Var weight = t.normal(33, 3, 2);
        check.check(v -> {
            Update u1 = opt.update(List.of(v[0], v[1]), opt.init(params), params, v[2]);
            Object p1 = opt.applyUpdates(params, u1.updates());
            Update u2 = opt.update(List.of(v[0].mul(0.7), v[1].mul(-1.3)), u1.state(), p1, v[2].mul(0.9));
            List<?> up = (List<?>) u2.updates();
            return ((Var) up.get(0)).mul(weight).sum().add(((Var) up.get(1)).sum()).mul(1000.0);
        }, new Var[] {t.normal(34, 3, 2), t.normal(35, 2), o.scalar(DType.FLOAT64, 2.0)}, 1, true, true);
    }

    private static List<Var> vars(List<Object> xs, int from, int to) {
        List<Var> out = new ArrayList<>();
        for (int i = from; i < to; i++) out.add((Var) xs.get(i));
        return out;
    }

    @SuppressWarnings("unchecked")
    private static List<Var> cast(Object tree) { return new ArrayList<>((List<Var>) tree); }

    private void assertClose(Var want, Var got, String what) {
        assertEquals(want.dtype(), got.dtype(), what + " dtype");
        FusedPerParameterUpdateTest.assertClose(t, want, got, what);
    }
}
