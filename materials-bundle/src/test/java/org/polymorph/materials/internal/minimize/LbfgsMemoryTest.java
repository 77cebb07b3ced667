package org.polymorph.materials.internal.minimize;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The shared L-BFGS memory: steepest descent when empty, the secant condition H y = s, the acceptance rule, the mask, the capacity. */
class LbfgsMemoryTest {
    /** Pairs of a convex quadratic f = ½xᵀAx (y = A s) along random steps; A [n×n] symmetric positive definite. */
    private static double[][] spd(int n, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double[][] b = new double[n][n];
        for (double[] row : b) for (int j = 0; j < n; j++) row[j] = rnd.nextDouble() - 0.5;
        double[][] a = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                for (int k = 0; k < n; k++) a[i][j] += b[i][k] * b[j][k];
                if (i == j) a[i][j] += 1;
            }
        }
        return a;
    }

    private static double[] times(double[][] a, double[] x) {
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) for (int j = 0; j < x.length; j++) y[i] += a[i][j] * x[j];
        return y;
    }

    private static double[] random(int n, SplittableRandom rnd) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) x[i] = rnd.nextDouble() - 0.5;
        return x;
    }

    @Test
    void emptyMemoryGivesSteepestDescentAndTheMaskHoldsComponents() {
        LbfgsMemory m = new LbfgsMemory(10, 0, LbfgsMemory.Scaling.RATIO);
        assertTrue(m.isEmpty());
        double[] g = {1.5, -2.0, 0.25};
        assertArrayEquals(new double[] {-1.5, 2.0, -0.25}, m.direction(g, null), 0.0);
        assertArrayEquals(new double[] {-1.5, 0.0, -0.25}, m.direction(g, new boolean[] {false, true, false}), 0.0);
    }

    /** BFGS's inverse Hessian satisfies the secant condition of its newest pair, H y = s, for either rounding of γ. */
    @Test
    void theNewestPairsSecantConditionHolds() {
        int n = 6;
        double[][] a = spd(n, 3);
        SplittableRandom rnd = new SplittableRandom(4);
        for (LbfgsMemory.Scaling scaling : LbfgsMemory.Scaling.values()) {
            LbfgsMemory m = new LbfgsMemory(3, 0, scaling);
            double[] x = random(n, rnd);
            double[] y = null;
            double[] s = null;
            for (int k = 0; k < 5; k++) {
                double[] x1 = x.clone();
                double[] step = random(n, rnd);
                for (int i = 0; i < n; i++) x1[i] += step[i];
                assertTrue(m.add(x, x1, times(a, x), times(a, x1)), "a convex quadratic's pairs have sᵀy > 0");
                s = step;
                y = times(a, step);
                x = x1;
            }
            double[] d = m.direction(y, null);
            for (int i = 0; i < n; i++) assertEquals(-s[i], d[i], 1e-12 * (1 + Math.abs(s[i])), scaling + " component " + i);
            // the mask: held components are zero, and they do not enter the recursion's input
            boolean[] held = new boolean[n];
            held[2] = true;
            double[] yHeld = y.clone();
            yHeld[2] = 1e6;
            double[] dm = m.direction(yHeld, held);
            assertEquals(0.0, dm[2], 0.0);
            double[] y0 = y.clone();
            y0[2] = 0;
            double[] ref = m.direction(y0, null);
            for (int i = 0; i < n; i++) if (i != 2) assertEquals(ref[i], dm[i], 0.0, "masked component " + i);
        }
    }

    @Test
    void pairsWithoutPositiveCurvatureAreSkippedAndTheOldestDropsOut() {
        LbfgsMemory m = new LbfgsMemory(1, 1e-3, LbfgsMemory.Scaling.RECIPROCAL);
        double[] x0 = {0, 0};
        assertFalse(m.add(x0, new double[] {1, 0}, new double[] {0, 0}, new double[] {-1, 0}), "sᵀy < 0");
        assertFalse(m.add(x0, new double[] {1e-2, 0}, new double[] {0, 0}, new double[] {1e-2, 0}), "sᵀy = 1e-4 below the threshold 1e-3");
        assertTrue(m.isEmpty());
        assertTrue(m.add(x0, new double[] {1, 0}, new double[] {0, 0}, new double[] {2, 0}));
        assertTrue(m.add(x0, new double[] {0, 1}, new double[] {0, 0}, new double[] {0, 4}));
        // capacity 1: only (s, y) = ((0, 1), (0, 4)) is left, so H = diag(γ, 1/4) with γ = 1/4 (the first pair would give 1/2 along x)
        assertArrayEquals(new double[] {-0.25, -0.25}, m.direction(new double[] {1, 1}, null), 1e-15);
        m.clear();
        assertTrue(m.isEmpty());
        assertThrows(IllegalArgumentException.class, () -> new LbfgsMemory(0, 0, LbfgsMemory.Scaling.RATIO));
    }
}
