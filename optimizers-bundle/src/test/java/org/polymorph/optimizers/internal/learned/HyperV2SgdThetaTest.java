package org.polymorph.optimizers.internal.learned;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.polymorph.autodiff.AdTesting;
import org.polymorph.autodiff.Var;
import org.polymorph.core.tensor.RandomKey;
import org.polymorph.optimizers.OptState;
import org.polymorph.optimizers.Optimizer;
import org.polymorph.optimizers.Optimizers;
import org.polymorph.optimizers.Schedule;
import org.polymorph.optimizers.Update;
import org.polymorph.optimizers.internal.task.StandardTasks;
import org.polymorph.optimizers.task.OptimizationTask;

/**
 * A hand-set θ under which hyper_v2 is gradient descent, checked on learned_optimization's quadratic task.
 *
 * <p>Derivation. Let every bank member hold the same weights W* and set controls/w = 0, controls/b = 0.01:
 * the mixed weights are 100 · mean_k(0.01 · W*) = W* whatever the LSTM computes. Set step/w = 0 and
 * step/b = η / step_mult: the step multiplier is η / step_mult. In W*, the first layer maps the normalised
 * gradient ĝ = g / sqrt(1e-5 + mean(g²)) (input 0) to hidden units 0 and 1 with weights +1 and −1, further
 * hidden layers pass units 0 and 1 through (identity), and the output layer gives direction = u0 − u1 =
 * relu(ĝ) − relu(−ĝ) = ĝ and magnitude 0. The update is then
 * <pre>  u = −η · sqrt(mean(p²) + 1e-9) · g / sqrt(1e-5 + mean(g²)),</pre>
 * gradient descent with the per-tensor rate η · rms(p) / rms(g). On sum(p²), g = 2p, so u ≈ −η p: plain
 * SGD with learning rate η/2, up to the two ε terms.
 */
class HyperV2SgdThetaTest {
    private final AdTesting t = new AdTesting();

    static Map<String, Var> sgdTheta(AdTesting t, HyperV2 lopt, double eta) { return passTheta(t, lopt, eta, 0); }

    /** As {@link #sgdTheta} with the MLP passing through its input {@code column} (normalised) instead of ĝ. */
    static Map<String, Var> passTheta(AdTesting t, HyperV2 lopt, double eta, int column) {
        @SuppressWarnings("unchecked")
        Map<String, Var> theta = new TreeMap<>((Map<String, Var>) lopt.initMetaParams(t.o, RandomKey.of(4)));
        lopt.passThrough(t.o, theta, column, eta / lopt.settings().stepMult());
        return theta;
    }

    /**
     * With rms_features the MLP's input 10 is m_0.9·rsqrt(rms + 10⁻⁶) (after [g, p, m_0 … m_5]), Adam's direction
     * without bias correction; start_lr = η passes it through, so the update is −η·rms(p)·that column normalised over
     * the tensor, at every step, from the momenta and second moment after each gradient. start_lr needs rms_features.
     */
    @Test
    void startLrIsNormalisedAdamOnTheRmsFeatures() {
        double eta = 0.05;
        HyperV2 lopt = new HyperV2(HyperV2Config.parse(Map.of("lstm_hidden_size", 4, "param_inits", 2, "ff_hidden_layers", 1, "start_lr", eta)));
        assertEquals(MlpLOpt.FEATURES + 8, lopt.mlp().widths()[0]);
        @SuppressWarnings("unchecked")
        Optimizer opt = lopt.optimizer(t.o, (Map<String, Var>) lopt.initMetaParams(t.o, RandomKey.of(3)), 50);
        Var p = t.vec(0.3, -1.2, 2.0, 0.7, -0.1);
        OptState s = opt.init(p);
        double[] m = new double[5];
        double[] v = new double[5];
        for (int step = 0; step < 4; step++) {
            double[] g = {0.5 - step, 2.0 * step, -0.02, 1.5, 0.3 * (step % 2)};
            Update u = ((org.polymorph.optimizers.learned.LossAwareOptimizer) opt).update(t.vec(g), s, p, t.o.scalar(
                    org.polymorph.core.tensor.DType.FLOAT64, 1.0 / (step + 1)));
            double[] x = new double[5];
            double sq = 0;
            for (int i = 0; i < 5; i++) {
                m[i] = 0.9 * m[i] + 0.1 * g[i];
                v[i] = 0.999 * v[i] + 0.001 * g[i] * g[i];
                x[i] = m[i] / Math.sqrt(v[i] + 1e-6);
                sq += x[i] * x[i];
            }
            double[] pv = t.values(p);
            double rmsP = Math.sqrt(Arrays.stream(pv).map(y -> y * y).average().orElseThrow() + 1e-9);
            double[] want = new double[5];
            for (int i = 0; i < 5; i++) want[i] = -eta * rmsP * x[i] / Math.sqrt(sq / 5 + 1e-5);
            t.assertClose(want, (Var) u.updates(), 1e-12);
            p = opt.applyUpdates(p, u.updates());
            s = u.state();
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> HyperV2Config.parse(Map.of("start_lr", 0.01, "rms_features", false)));
        assertTrue(e.getMessage().contains("'start_lr' = 0.01") && e.getMessage().contains("rms_features=true"), e.getMessage());
    }

    @Test
    void handSetThetaTrainsTheQuadraticLikeSgd() {
        double eta = 0.1;
        HyperV2 lopt = new HyperV2(HyperV2Config.parse(Map.of("lstm_hidden_size", 8, "param_inits", 4, "ff_hidden_layers", 2)));
        OptimizationTask task = StandardTasks.all().stream().filter(x -> x.name().equals("quadratic")).findFirst().orElseThrow();
        Optimizer hyper = lopt.optimizer(t.o, sgdTheta(t, lopt, eta), 100);
        Optimizer sgd = Optimizers.sgd(t.o, Schedule.constant(eta / 2));
        Object p = task.init(t.o, RandomKey.of(1));
        Object q = p;
        OptState s = hyper.init(p);
        OptState sq = sgd.init(q);
        double first = task.loss(t.o, p, null).item();
        double prev = first;
        for (int step = 0; step < 100; step++) {
            Var g = t.ad.grad(x -> task.loss(t.o, x, null), (Var) p);
            Update u = ((org.polymorph.optimizers.learned.LossAwareOptimizer) hyper).update(g, s, p, task.loss(t.o, p, null));
            if (step == 0) {
                Var pv = (Var) p;
                double rmsP = Math.sqrt(t.o.mean(pv.square()).item() + 1e-9);
                double rmsG = Math.sqrt(t.o.mean(g.square()).item() + 1e-5);
                t.assertClose(t.values(g.mul(-eta * rmsP / rmsG)), (Var) u.updates(), 1e-12);
            }
            p = hyper.applyUpdates(p, u.updates());
            s = u.state();
            Update v = sgd.update(t.ad.grad(x -> task.loss(t.o, x, null), (Var) q), sq, q);
            q = sgd.applyUpdates(q, v.updates());
            sq = v.state();
            double loss = task.loss(t.o, p, null).item();
            assertTrue(loss < prev, "step " + step + ": loss " + loss + " after " + prev);
            prev = loss;
            if (step < 20) {
                double ref = task.loss(t.o, q, null).item();
                assertEquals(ref, loss, 1e-4 * ref, "step " + step + " against SGD(lr = eta / 2)");
            }
        }
        assertTrue(prev < 1e-3 * first, "loss " + first + " -> " + prev);
    }
}
