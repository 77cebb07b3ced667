package org.polymorph.materials.internal.patchy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.polymorph.autodiff.AD;
import org.polymorph.autodiff.internal.AutodiffEngines;
import org.polymorph.core.method.Progress;
import org.polymorph.core.tensor.testing.ReferenceTensorService;
import org.polymorph.materials.TestServices;
import org.polymorph.optimizers.Optimizer;
import org.polymorph.optimizers.OptimizerChoice;

class DesignSearchTest {
    private final AD ad = new AutodiffEngines().create(new ReferenceTensorService());

    /** Square rings against triangles and pentagons, θ = (opening, ε, α) in [50°, 130°] × [2, 14] × [2, 10]. */
    private RingDesign squares() {
        return new RingDesign(ad, 4, List.of(3, 4, 5), 0.45, 100, 0.001, new double[] {50, 2, 2},
                new double[] {130, 14, 10}, new double[] {70, 6, 5});
    }

    @Test
    void gradientEqualsCentralDifferences() {
        assertGradientMatches(ad, squares(), new double[] {80, 7, 5});
    }

    /** The reverse-mode dY/dθ of {@code d} at θ equals central differences (steps 1e-3 in the angle, 1e-4 otherwise) to 1e-4 relative. */
    static DesignObjective.Sample assertGradientMatches(AD ad, DesignObjective d, double[] theta) {
        DesignObjective.Sample s = d.evaluate(ad, theta, true);
        assertFalse(s.failed(), s.failure());
        double[] h = {1e-3, 1e-4, 1e-4};
        for (int i = 0; i < theta.length; i++) {
            double[] up = theta.clone(), down = theta.clone();
            up[i] += h[i];
            down[i] -= h[i];
            double fd = (d.evaluate(ad, up, false).yield() - d.evaluate(ad, down, false).yield()) / (2 * h[i]);
            assertEquals(fd, s.gradient()[i], 1e-4 * Math.abs(fd) + 1e-8, d.names().get(i) + ": " + java.util.Arrays.toString(s.gradient()));
        }
        assertEquals(d.evaluate(ad, theta, false).yield(), s.yield(), 1e-12);
        return s;
    }

    @Test
    void shortAdamRunRaisesTheSquareYield() {
        RingDesign d = squares();
        Optimizer adam = OptimizerChoice.create(ad.ops(), TestServices.OPTIMIZERS, "optimizer", "adam", Map.of("lr", 0.05, "num_steps", 8L), "");
        List<DesignObjective.Sample> trace = new DesignSearch(ad, d, Progress.NONE).ascend(adam, 8, false);
        double first = trace.get(0).yield();
        double last = trace.get(trace.size() - 1).yield();
        System.out.println("square-ring yield " + first + " -> " + last + " in " + trace.size() + " evaluations");
        assertTrue(last > first + 0.05, first + " -> " + last);
    }

    /** From a start where squares are rare (yield ~ 1e-3), the log-yield ascent climbs. */
    @Test
    void logYieldAscentLeavesARareStart() {
        RingDesign d = new RingDesign(ad, 4, List.of(3, 4, 5), 0.45, 100, 0.001, new double[] {40, 2, 2}, new double[] {160, 14, 10},
                new double[] {75, 6, 5});
        Optimizer adam = OptimizerChoice.create(ad.ops(), TestServices.OPTIMIZERS, "optimizer", "adam", Map.of("lr", 0.02, "num_steps", 4L), "");
        List<DesignObjective.Sample> trace = new DesignSearch(ad, d, Progress.NONE).ascend(adam, 4, true);
        double first = trace.get(0).yield();
        double best = DesignSearch.best(trace).yield();
        System.out.println("log-yield ascent " + first + " -> " + best);
        assertTrue(first < 2e-3 && best > 10 * first, first + " -> " + best);
    }

    @Test
    void randomSearchWithOneSeedIsReproducible() {
        RingDesign d = squares();
        List<DesignObjective.Sample> a = new DesignSearch(ad, d, Progress.NONE).random(3, 7);
        List<DesignObjective.Sample> b = new DesignSearch(ad, d, Progress.NONE).random(3, 7);
        List<DesignObjective.Sample> c = new DesignSearch(ad, d, Progress.NONE).random(3, 8);
        for (int k = 0; k < 3; k++) {
            assertArrayEquals(a.get(k).theta(), b.get(k).theta(), 0);
            assertEquals(a.get(k).yield(), b.get(k).yield(), 0);
        }
        assertFalse(java.util.Arrays.equals(a.get(0).theta(), c.get(0).theta()));
        for (DesignObjective.Sample s : a) for (int i = 0; i < 3; i++) {
            assertTrue(s.theta()[i] >= d.lower()[i] && s.theta()[i] <= d.upper()[i], java.util.Arrays.toString(s.theta()));
        }
    }

    @Test
    void gridCoversTheBoxWithinTheBudget() {
        List<DesignObjective.Sample> g = new DesignSearch(ad, squares(), Progress.NONE).grid(9);
        assertEquals(8, g.size());
        assertEquals(70, g.get(0).theta()[0], 1e-12);
        assertEquals(110, g.get(7).theta()[0], 1e-12);
        assertEquals(11, g.get(7).theta()[1], 1e-12);
    }
}
