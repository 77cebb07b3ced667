package org.polymorph.optimizers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Schedule values at warmup boundaries, at the end of decay and at step boundaries. */
class ScheduleTest {
    private static final double TOL = 1e-15;

    @Test
    void constant() {
        Schedule s = Schedule.constant(0.3);
        assertEquals(0.3, s.at(0));
        assertEquals(0.3, s.at(1_000_000));
    }

    @Test
    void linear() {
        Schedule s = Schedule.linear(1.0, 0.0, 4);
        assertEquals(1.0, s.at(0));
        assertEquals(0.75, s.at(1));
        assertEquals(0.0, s.at(4));
        assertEquals(0.0, s.at(9));
    }

    @Test
    void cosineDecayWithFloor() {
        Schedule s = Schedule.cosineDecay(2.0, 100, 0.1);
        assertEquals(2.0, s.at(0), TOL);
        assertEquals(2.0 * (0.9 * 0.5 + 0.1), s.at(50), TOL);                  // cos(pi/2) = 0
        assertEquals(2.0 * (0.9 * 0.5 * (1 + Math.cos(Math.PI * 0.25)) + 0.1), s.at(25), TOL);
        assertEquals(0.2, s.at(100), TOL);                                       // end of decay: alpha * init
        assertEquals(0.2, s.at(1000), TOL);
    }

    @Test
    void warmupCosineDecayAsOptax() {
        // optax.warmup_cosine_decay_schedule(0, 1, warmup_steps=10, decay_steps=110, end_value=0.01)
        Schedule s = Schedule.warmupCosineDecay(0.0, 1.0, 10, 110, 0.01);
        assertEquals(0.0, s.at(0), TOL);
        assertEquals(0.5, s.at(5), TOL);
        assertEquals(0.9, s.at(9), TOL);
        assertEquals(1.0, s.at(10), TOL);                                        // warmup boundary: the peak
        double alpha = 0.01;
        assertEquals((1 - alpha) * 0.5 * (1 + Math.cos(Math.PI * 0.5)) + alpha, s.at(60), TOL);
        assertEquals(0.01, s.at(110), TOL);                                      // end of decay
        assertEquals(0.01, s.at(500), TOL);
    }

    @Test
    void stepDecayEveryKSteps() {
        Schedule s = Schedule.stepDecay(1.0, 30, 0.1);
        assertEquals(1.0, s.at(0));
        assertEquals(1.0, s.at(29));
        assertEquals(0.1, s.at(30), TOL);
        assertEquals(0.1, s.at(59), TOL);
        assertEquals(0.1 * 0.1, s.at(60), TOL);
    }

    @Test
    void piecewiseAtBoundaries() {
        Schedule s = Schedule.piecewise(1.0, new long[] {10, 20}, new double[] {0.5, 0.1});
        assertEquals(1.0, s.at(9));
        assertEquals(0.5, s.at(10));
        assertEquals(0.5, s.at(19));
        assertEquals(0.5 * 0.1, s.at(20), TOL);
    }

    @Test
    void joinRestartsEachSchedule() {
        Schedule s = Schedule.join(List.of(Schedule.constant(1), Schedule.linear(2, 0, 4), Schedule.constant(7)),
                new long[] {3, 10});
        assertEquals(1.0, s.at(2));
        assertEquals(2.0, s.at(3));
        assertEquals(1.5, s.at(4));
        assertEquals(0.0, s.at(9));
        assertEquals(7.0, s.at(10));
    }

    @Test
    void warmupComposesWithAnySchedule() {
        Schedule s = Schedule.withWarmup(4, 0.0, Schedule.stepDecay(0.8, 10, 0.5));
        assertEquals(0.0, s.at(0));
        assertEquals(0.4, s.at(2), TOL);
        assertEquals(0.8, s.at(4));                                              // warmup boundary
        assertEquals(0.8, s.at(13));
        assertEquals(0.4, s.at(14), TOL);                                        // 10 steps after warmup
        assertTrue(Schedule.withWarmup(0, 0.0, Schedule.constant(3)).at(0) == 3.0);
    }

    @Test
    void factorySchedulesThroughOptimizer() {
        // schedule=step with warmup: the lr the update uses is visible through a zero-momentum sgd
        Map<String, Object> p = Map.of("lr", 1.0, "schedule", "step", "step_size", 2, "gamma", 0.5, "warmup_steps", 2);
        double[] lrs = SgdProbe.lrs(OptimizerCatalogs.create(new org.polymorph.autodiff.AdTesting().o, "sgd", p), 6);
        double[] want = {0.0, 0.5, 1.0, 1.0, 0.5, 0.5};
        for (int k = 0; k < want.length; k++) assertEquals(want[k], lrs[k], TOL, "step " + k);

        Map<String, Object> c = Map.of("lr", 1.0, "schedule", "warmup_cosine", "warmup_steps", 2, "decay_steps", 6,
                "alpha", 0.1);
        lrs = SgdProbe.lrs(OptimizerCatalogs.create(new org.polymorph.autodiff.AdTesting().o, "sgd", c), 8);
        double[] wantC = {0.0, 0.5, 1.0, 0.9 * 0.5 * (1 + Math.cos(Math.PI / 4)) + 0.1, 0.55,
                0.9 * 0.5 * (1 + Math.cos(3 * Math.PI / 4)) + 0.1, 0.1, 0.1};
        for (int k = 0; k < wantC.length; k++) assertEquals(wantC[k], lrs[k], TOL, "step " + k);

        Map<String, Object> b = Map.of("lr", 1.0, "schedule", "step", "boundaries", "1,3", "gamma", 0.1);
        lrs = SgdProbe.lrs(OptimizerCatalogs.create(new org.polymorph.autodiff.AdTesting().o, "sgd", b), 4);
        assertEquals(1.0, lrs[0]);
        assertEquals(0.1, lrs[1], TOL);
        assertEquals(0.1, lrs[2], TOL);
        assertEquals(0.01, lrs[3], 1e-17);
    }

    @Test
    void badArgumentsAreNamed() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Schedule.cosineDecay(1, 0, 0))
                .getMessage().contains("decay_steps"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Schedule.cosineDecay(1, 10, 1.5))
                .getMessage().contains("alpha"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Schedule.stepDecay(1, 0, 0.5))
                .getMessage().contains("step_size"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> Schedule.piecewise(1, new long[] {5, 5}, new double[] {1, 1})).getMessage().contains("boundaries[1]"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> Schedule.warmupCosineDecay(0, 1, 10, 10, 0)).getMessage().contains("decay_steps"));
    }

    /** Reads the learning rate used at each step: plain sgd with gradient 1 gives update -lr. */
    static final class SgdProbe {
        static double[] lrs(Optimizer opt, int steps) {
            org.polymorph.autodiff.Ops o = opt.ops();
            var x = o.constant(new double[] {0.0}, 1);
            var g = o.constant(new double[] {1.0}, 1);
            OptState s = opt.init(x);
            double[] out = new double[steps];
            for (int k = 0; k < steps; k++) {
                Update u = opt.update(g, s, x);
                out[k] = -((org.polymorph.autodiff.Var) u.updates()).item();
                s = u.state();
            }
            return out;
        }
    }
}
