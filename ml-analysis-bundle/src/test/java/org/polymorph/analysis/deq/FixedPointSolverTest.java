package org.polymorph.analysis.deq;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** Anderson and Broyden on problems with known fixed points. */
class FixedPointSolverTest {
    /** z = A z + c with A = 0.98·(cyclic shift) + a small dense part: non-symmetric, spectral radius near 1; fixed point (I − A)⁻¹ c. */
    private static final int N = 6;

    private static double[][] matrix() {
        double[][] a = new double[N][N];
        for (int i = 0; i < N; i++) for (int j = 0; j < N; j++) a[i][j] = (j == (i + 1) % N ? 0.98 : 0) + 0.002 * Math.sin(1.0 + 3 * i + 7 * j);
        return a;
    }

    private static UnaryOperator<double[]> affine(double[][] a, double[] c) {
        return z -> {
            double[] y = c.clone();
            for (int i = 0; i < N; i++) for (int j = 0; j < N; j++) y[i] += a[i][j] * z[j];
            return y;
        };
    }

    /** (I − A)⁻¹ c by Gauss–Jordan. */
    private static double[] exact(double[][] a, double[] c) {
        double[][] m = new double[N][N + 1];
        for (int i = 0; i < N; i++) {
            for (int j = 0; j < N; j++) m[i][j] = (i == j ? 1 : 0) - a[i][j];
            m[i][N] = c[i];
        }
        for (int k = 0; k < N; k++) {
            for (int i = 0; i < N; i++) {
                if (i == k) continue;
                double f = m[i][k] / m[k][k];
                for (int j = k; j <= N; j++) m[i][j] -= f * m[k][j];
            }
        }
        double[] x = new double[N];
        for (int i = 0; i < N; i++) x[i] = m[i][N] / m[i][i];
        return x;
    }

    @Test
    void bothMethodsSolveAnAffineMapFasterThanPlainIteration() {
        double[][] a = matrix();
        double[] c = {1, -2, 0.5, 3, -1, 0.25};
        double[] want = exact(a, c);
        // plain iteration needs many steps for this A (spectral radius near 1); count them
        double[] z = new double[N];
        int plain = 0;
        UnaryOperator<double[]> f = affine(a, c);
        while (plain < 100_000) {
            double[] y = f.apply(z);
            double d = 0, n = 0;
            for (int i = 0; i < N; i++) { d += (y[i] - z[i]) * (y[i] - z[i]); n += y[i] * y[i]; }
            z = y;
            plain++;
            if (Math.sqrt(d) / Math.max(1, Math.sqrt(n)) <= 1e-12) break;
        }
        for (FixedPointSolver s : new FixedPointSolver[] {
                new FixedPointSolver(FixedPointSolver.Method.ANDERSON, 1e-12, 200, N + 1, 1.0), FixedPointSolver.broyden(1e-12, 200)}) {
            FixedPointSolver.Solution sol = s.solve(f, new double[N]);
            assertTrue(sol.converged(), s.method() + " " + sol);
            assertArrayEquals(want, sol.z(), 1e-10, s.method().id());
            assertTrue(sol.iterations() < plain / 3, s.method() + ": " + sol.iterations() + " vs plain " + plain);
            // on a linear map both are Krylov-like: within a few steps of the dimension
            assertTrue(sol.iterations() <= 3 * N, s.method() + ": " + sol.iterations());
        }
    }

    @Test
    void aDivergentMapIsReportedNotConvergedWithItsBestIterate() {
        UnaryOperator<double[]> f = z -> new double[] {Math.exp(z[0]) + 1};   // no real fixed point: e^z + 1 > z for all z
        for (FixedPointSolver s : new FixedPointSolver[] {FixedPointSolver.anderson(1e-10, 25), FixedPointSolver.broyden(1e-10, 25)}) {
            FixedPointSolver.Solution sol = s.solve(f, new double[] {0});
            assertFalse(sol.converged(), s.method() + " " + sol);
            assertTrue(sol.iterations() <= 25);
            assertTrue(!(sol.residual() <= 1e-10), "residual " + sol.residual());
            FixedPointSolver.NotConvergedException e = assertThrows(FixedPointSolver.NotConvergedException.class, sol::require);
            assertTrue(e.getMessage().startsWith(s.method().id() + " fixed-point solve did not converge"), e.getMessage());
        }
    }

    @Test
    void aNaNFromTheMapStopsTheSolve() {
        UnaryOperator<double[]> f = z -> new double[] {Double.NaN, 0};
        FixedPointSolver.Solution sol = FixedPointSolver.anderson(1e-10, 50).solve(f, new double[2]);
        assertFalse(sol.converged());
        assertEquals(1, sol.iterations());
    }

    @Test
    void badSettingsAreRefusedWithTheFix() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new FixedPointSolver(FixedPointSolver.Method.ANDERSON, 0, 10, 5, 1));
        assertTrue(e.getMessage().contains("tol = 0.0") && e.getMessage().contains("give tol > 0"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new FixedPointSolver(FixedPointSolver.Method.BROYDEN, 1e-8, 0, 5, 1));
        assertThrows(IllegalArgumentException.class, () -> FixedPointSolver.anderson(1e-8, 10).solve(z -> new double[3], new double[2]));
    }
}
