package org.polymorph.optimizers.constrained;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;

class DualActiveSetQpTest {
    @Test
    void equalityAndInequalityWithKnownMultipliers() {
        // min 0.5|d|^2 - 3 d1 - 3 d2, d1 - d2 = 1, -d1 - d2 >= -2: d = (1.5, 0.5), lambda = (0.5, 2)
        DualActiveSetQp qp = new DualActiveSetQp(Dense.identity(2));
        DualActiveSetQp.Solution s = qp.solve(new double[] {-3, -3}, new double[][] {{1, -1}, {-1, -1}},
                new double[] {1, -2}, 1);
        assertFalse(s.infeasible());
        assertEquals(1.5, s.d()[0], 1e-12);
        assertEquals(0.5, s.d()[1], 1e-12);
        assertEquals(0.5, s.lambda()[0], 1e-12);
        assertEquals(2, s.lambda()[1], 1e-12);
    }

    @Test
    void randomFeasibleQpsSatisfyKkt() {
        Random rnd = new Random(7);
        for (int trial = 0; trial < 200; trial++) {
            int n = 2 + rnd.nextInt(6);
            int me = rnd.nextInt(Math.min(3, n));
            int q = me + 1 + rnd.nextInt(3 * n);
            double[][] l = new double[n][n];
            for (int i = 0; i < n; i++) for (int k = 0; k <= i; k++) l[i][k] = rnd.nextGaussian() + (i == k ? 2 : 0);
            double[][] g = new double[n][n];
            for (int i = 0; i < n; i++) for (int k = 0; k < n; k++) for (int m = 0; m < n; m++) g[i][k] += l[i][m] * l[k][m];
            double[] a = new double[n];
            for (int i = 0; i < n; i++) a[i] = 3 * rnd.nextGaussian();
            double[] feasible = new double[n];
            for (int i = 0; i < n; i++) feasible[i] = rnd.nextGaussian();
            double[][] c = new double[q][n];
            double[] b = new double[q];
            for (int j = 0; j < q; j++) {
                for (int i = 0; i < n; i++) c[j][i] = rnd.nextGaussian();
                b[j] = Dense.dot(c[j], feasible) - (j < me ? 0 : rnd.nextDouble());
            }
            DualActiveSetQp.Solution s = new DualActiveSetQp(g).solve(a, c, b, me);
            assertFalse(s.infeasible() || s.iterationLimit(), "trial " + trial);
            double[] d = s.d();
            double[] grad = Dense.times(g, d);
            for (int i = 0; i < n; i++) grad[i] += a[i];
            for (int j = 0; j < q; j++) {
                double r = Dense.dot(c[j], d) - b[j];
                if (j < me) {
                    assertEquals(0, r, 1e-9, "equality " + j + " trial " + trial);
                } else {
                    assertTrue(r > -1e-9, "inequality " + j + " trial " + trial + ": " + r);
                    assertTrue(s.lambda()[j] >= 0, "sign of multiplier " + j + " trial " + trial);
                    assertEquals(0, s.lambda()[j] * r, 1e-8, "complementarity " + j + " trial " + trial);
                }
                for (int i = 0; i < n; i++) grad[i] -= s.lambda()[j] * c[j][i];
            }
            for (int i = 0; i < n; i++) assertEquals(0, grad[i], 1e-8, "stationarity " + i + " trial " + trial);
        }
    }

    @Test
    void contradictoryConstraintsAreInfeasible() {
        // d1 >= 1 and -d1 >= 0
        DualActiveSetQp.Solution s = new DualActiveSetQp(Dense.identity(2)).solve(new double[] {0, 0},
                new double[][] {{1, 0}, {-1, 0}}, new double[] {1, 0}, 0);
        assertTrue(s.infeasible());
    }
}
