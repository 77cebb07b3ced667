package org.polymorph.optimizers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.polymorph.autodiff.AdTesting;
import org.polymorph.autodiff.Ops;
import org.polymorph.autodiff.Var;

/**
 * Each optimizer over three steps of a 2-element parameter with fixed gradients, against the
 * published update rules written out here in plain Java arithmetic, to 1e-15 relative.
 */
class HandComputedTest {
    private static final double[] P0 = {1.0, -2.0};
    private static final double[][] G = {{0.5, -0.25}, {0.3, 0.1}, {-0.2, 0.4}};

    private final AdTesting t = new AdTesting();
    private final Ops o = t.o;

    /** Runs three updates on params {"w": P0}; returns the updates [step][element]. */
    private double[][] run(Optimizer opt) {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("w", t.vec(P0));
        OptState state = opt.init(params);
        double[][] out = new double[3][];
        for (int k = 0; k < 3; k++) {
            Map<String, Object> grads = Map.of("w", t.vec(G[k]));
            Update u = opt.update(grads, state, params);
            out[k] = t.values((Var) ((Map<?, ?>) u.updates()).get("w"));
            params = opt.applyUpdates(params, u.updates());
            state = u.state();
            assertEquals(k + 1, state.step(), "step count");
        }
        return out;
    }

    private static void assertRel(double[][] want, double[][] got) {
        for (int k = 0; k < 3; k++) {
            for (int j = 0; j < 2; j++) {
                assertEquals(want[k][j], got[k][j], 1e-15 * Math.abs(want[k][j]), "step " + k + " element " + j);
            }
        }
    }

    @Test
    void sgdWithStepDecaySchedule() {
        double[][] want = new double[3][2];
        for (int k = 0; k < 3; k++) {
            double lr = 0.1 * Math.pow(0.5, k);           // stepDecay(0.1, 1, 0.5)
            for (int j = 0; j < 2; j++) want[k][j] = -lr * G[k][j];
        }
        assertRel(want, run(Optimizers.sgd(o, Schedule.stepDecay(0.1, 1, 0.5))));
    }

    @Test
    void heavyBallMomentum() {
        double lr = 0.05, mu = 0.9;
        double[][] want = new double[3][2];
        double[] b = {0, 0};
        for (int k = 0; k < 3; k++) {
            for (int j = 0; j < 2; j++) {
                b[j] = G[k][j] + mu * b[j];
                want[k][j] = -lr * b[j];
            }
        }
        assertRel(want, run(Optimizers.momentum(o, Schedule.constant(lr), mu)));
    }

    @Test
    void nesterovMomentum() {
        double lr = 0.05, mu = 0.8;
        double[][] want = new double[3][2];
        double[] b = {0, 0};
        for (int k = 0; k < 3; k++) {
            for (int j = 0; j < 2; j++) {
                b[j] = G[k][j] + mu * b[j];
                want[k][j] = -lr * (G[k][j] + mu * b[j]);
            }
        }
        assertRel(want, run(Optimizers.nesterov(o, Schedule.constant(lr), mu)));
    }

    /** Kingma & Ba 2015, Algorithm 1; weight decay as optax.adamw: -lr * (adam + wd * p). */
    private static double[][] adamByHand(double lr, double b1, double b2, double eps, double wd) {
        double[][] want = new double[3][2];
        double[] m = {0, 0}, v = {0, 0}, p = P0.clone();
        for (int k = 0; k < 3; k++) {
            int step = k + 1;
            for (int j = 0; j < 2; j++) {
                double g = G[k][j];
                m[j] = b1 * m[j] + (1 - b1) * g;
                v[j] = b2 * v[j] + (1 - b2) * g * g;
                double mHat = m[j] / (1 - Math.pow(b1, step));
                double vHat = v[j] / (1 - Math.pow(b2, step));
                want[k][j] = -lr * (mHat / (Math.sqrt(vHat) + eps) + wd * p[j]);
                p[j] += want[k][j];
            }
        }
        return want;
    }

    @Test
    void adam() {
        assertRel(adamByHand(0.01, 0.9, 0.999, 1e-8, 0),
                run(Optimizers.adam(o, Schedule.constant(0.01), 0.9, 0.999, 1e-8)));
    }

    @Test
    void adamWithLargeEps() {
        assertRel(adamByHand(0.2, 0.8, 0.99, 0.1, 0),
                run(Optimizers.adam(o, Schedule.constant(0.2), 0.8, 0.99, 0.1)));
    }

    @Test
    void adamwDecoupledWeightDecay() {
        assertRel(adamByHand(0.01, 0.9, 0.999, 1e-8, 0.1),
                run(Optimizers.adamw(o, Schedule.constant(0.01), 0.9, 0.999, 1e-8, 0.1)));
    }

    /** PyTorch RMSprop: eps outside the square root; centered subtracts the squared mean gradient. */
    private static double[][] rmspropByHand(double lr, double rho, double eps, double mu, boolean centered) {
        double[][] want = new double[3][2];
        double[] v = {0, 0}, gbar = {0, 0}, b = {0, 0};
        for (int k = 0; k < 3; k++) {
            for (int j = 0; j < 2; j++) {
                double g = G[k][j];
                v[j] = rho * v[j] + (1 - rho) * g * g;
                double var = v[j];
                if (centered) {
                    gbar[j] = rho * gbar[j] + (1 - rho) * g;
                    var = v[j] - gbar[j] * gbar[j];
                }
                double d = g / (Math.sqrt(var) + eps);
                if (mu > 0) {
                    b[j] = mu * b[j] + d;
                    want[k][j] = -lr * b[j];
                } else {
                    want[k][j] = -lr * d;
                }
            }
        }
        return want;
    }

    @Test
    void rmsprop() {
        assertRel(rmspropByHand(0.01, 0.99, 1e-8, 0, false),
                run(Optimizers.rmsprop(o, Schedule.constant(0.01), 0.99, 1e-8, 0, false)));
    }

    @Test
    void rmspropCenteredWithMomentum() {
        assertRel(rmspropByHand(0.01, 0.9, 1e-3, 0.5, true),
                run(Optimizers.rmsprop(o, Schedule.constant(0.01), 0.9, 1e-3, 0.5, true)));
    }

    @Test
    void rmspropMomentumNotCentered() {
        assertRel(rmspropByHand(0.02, 0.9, 1e-8, 0.9, false),
                run(Optimizers.rmsprop(o, Schedule.constant(0.02), 0.9, 1e-8, 0.9, false)));
    }

    @Test
    void scheduleIsReadAtTheStepBeforeIncrement() {
        // the k-th update (k = 0, 1, 2) uses lr(k): here lr(k) = 0.1 * (k + 1)
        double[][] want = new double[3][2];
        for (int k = 0; k < 3; k++) for (int j = 0; j < 2; j++) want[k][j] = -(0.1 * (k + 1)) * G[k][j];
        assertRel(want, run(Optimizers.sgd(o, step -> 0.1 * (step + 1))));
    }

    @Test
    void factoryBuildsTheSameOptimizer() {
        Map<String, Object> p = Map.of("lr", 0.01, "beta1", "0.9", "beta2", 0.999, "eps", 1e-8, "weight_decay", 0.1);
        assertRel(adamByHand(0.01, 0.9, 0.999, 1e-8, 0.1), run(OptimizerCatalogs.create(o, "adamw", p)));
        assertRel(rmspropByHand(0.01, 0.9, 1e-3, 0.5, true), run(OptimizerCatalogs.create(o, "RMSProp",
                Map.of("lr", "0.01", "decay", 0.9, "eps", 1e-3, "momentum", 0.5, "centered", "true"))));
    }
}
