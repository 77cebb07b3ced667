package org.polymorph.optimizers.internal.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** VeLO's speedup on synthetic curves, worked out by hand. */
class SpeedupTest {
    private static final double INF = Double.POSITIVE_INFINITY;

    @Test
    void windowIsATenthOfTheRun() {
        assertEquals(1, Speedup.window(4));
        assertEquals(2, Speedup.window(20));
        assertEquals(10, Speedup.window(100));
        assertEquals(4.5, Speedup.finalLoss(new double[] {9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 5, 4}), 0);
    }

    /**
     * N = 20, w = 2: the optimizer ends at mean(1.0, 0.8) = 0.9. Adam's loss is 4 - 0.1 k, so its trailing mean at t is
     * (adam[t-2] + adam[t-1]) / 2 = 4 - 0.1 (t - 1.5), at most 0.9 from t = 32.5 on: t = 33, speedup 33/20.
     */
    @Test
    void adamNeedsThirtyThreeStepsForTwenty() {
        double[] learned = new double[20];
        for (int k = 0; k < 20; k++) learned[k] = 3 - 0.1 * k;
        learned[18] = 1.0;
        learned[19] = 0.8;
        double[] adam = new double[40];
        for (int k = 0; k < 40; k++) adam[k] = 4 - 0.1 * k;
        Speedup s = Speedup.of(learned, adam);
        assertEquals(0.9, s.target(), 1e-12);
        assertEquals(33, s.adamSteps());
        assertEquals(33 / 20.0, s.speedup(), 1e-12);
        assertFalse(s.censored());
    }

    @Test
    void anOptimizerWorseThanAdamHasSpeedupBelowOne() {
        double[] learned = {5, 4, 3, 3, 3, 3, 3, 3, 3, 3};   // w = 1, target 3
        double[] adam = {5, 2.5, 2, 1, 1, 1, 1, 1, 1, 1};    // first t with adam[t-1] <= 3: t = 2
        Speedup s = Speedup.of(learned, adam);
        assertEquals(2, s.adamSteps());
        assertEquals(0.2, s.speedup(), 1e-12);
    }

    @Test
    void adamNeverGettingThereGivesALowerBound() {
        double[] learned = {2, 1, 0.5, 0.1};
        double[] adam = {2, 2, 2, 2, 2, 2, 2, 2};
        Speedup s = Speedup.of(learned, adam);
        assertEquals(-1, s.adamSteps());
        assertEquals(2.0, s.speedup(), 0);
        assertTrue(s.censored());
    }

    @Test
    void divergenceCountsAsWorseThanAnyLoss() {
        assertEquals(0, Speedup.of(new double[] {1, 2, INF, INF}, new double[] {1, 1}).speedup());
        Speedup s = Speedup.of(new double[] {3, 2, 1, 1}, new double[] {3, INF, INF, INF, INF});
        assertTrue(s.censored());
        assertEquals(5 / 4.0, s.speedup(), 0);
    }

    @Test
    void theGridIsLogSpacedWithItsEnds() {
        double[] g = LrTuning.grid(1e-5, 1, 14);
        assertEquals(14, g.length);
        assertEquals(1e-5, g[0], 1e-20);
        assertEquals(1, g[13], 1e-14);
        for (int i = 1; i < 14; i++) assertEquals(Math.pow(10, 5.0 / 13), g[i] / g[i - 1], 1e-12);
        assertArrayEquals(new double[] {0.1}, LrTuning.grid(0.1, 1, 1), 0);
    }
}
