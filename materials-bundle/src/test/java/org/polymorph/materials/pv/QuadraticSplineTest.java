package org.polymorph.materials.pv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** deltapv's {@code spline.qspline}/{@code predict}: interpolation, C¹, the dense system, and the reverse mode. */
class QuadraticSplineTest {
    static final double[] X = {0.0, 0.05, 0.1, 0.18, 0.25, 0.33, 0.4, 0.52};
    static final double[] Y = {1.2, 1.15, 1.19, 1.05, 0.98, 0.7, 0.45, -0.3};

    @Test
    void interpolatesWithZeroFirstCurvatureAndContinuousSlope() {
        QuadraticSpline s = QuadraticSpline.fit(X, Y);
        assertEquals(0.0, s.a(0), 0.0);
        for (int k = 0; k < X.length; k++) assertEquals(Y[k], s.value(X[k]), 1e-13, "through knot " + k);
        for (int i = 0; i < X.length - 1; i++) {
            assertEquals(Y[i], s.quadratic(i, X[i]), 1e-13, "interval " + i + " starts at its knot");
            assertEquals(Y[i + 1], s.quadratic(i, X[i + 1]), 1e-12, "interval " + i + " ends at its knot");
        }
        for (int k = 1; k < X.length - 1; k++) {
            double left = 2 * s.a(k - 1) * X[k] + s.b(k - 1), right = 2 * s.a(k) * X[k] + s.b(k);
            assertEquals(left, right, 1e-10 * Math.max(1, Math.abs(left)), "slope continuous at knot " + k);
        }
    }

    @Test
    void equalsDeltapvDenseSystem() {
        // deltapv builds M c = z with 3(n−1) rows: a_0 = 0, each quadratic through its two knots, slopes equal inside
        int n = X.length, m = 3 * (n - 1);
        double[][] mat = new double[m][m + 1];
        mat[0][0] = 1;
        for (int i = 0; i < n - 1; i++) {
            mat[3 * i + 1][3 * i] = X[i] * X[i];
            mat[3 * i + 1][3 * i + 1] = X[i];
            mat[3 * i + 1][3 * i + 2] = 1;
            mat[3 * i + 1][m] = Y[i];
            mat[3 * i + 2][3 * i] = X[i + 1] * X[i + 1];
            mat[3 * i + 2][3 * i + 1] = X[i + 1];
            mat[3 * i + 2][3 * i + 2] = 1;
            mat[3 * i + 2][m] = Y[i + 1];
            if (i < n - 2) {
                double[] row = mat[3 * i + 3];
                row[3 * i] = 2 * X[i + 1];
                row[3 * i + 1] = 1;
                row[3 * i + 3] = -2 * X[i + 1];
                row[3 * i + 4] = -1;
            }
        }
        double[] coef = gaussSolve(mat);
        QuadraticSpline s = QuadraticSpline.fit(X, Y);
        for (int i = 0; i < n - 1; i++) {
            assertEquals(coef[3 * i], s.a(i), 1e-9 * Math.max(1, Math.abs(coef[3 * i])), "a_" + i);
            assertEquals(coef[3 * i + 1], s.b(i), 1e-9 * Math.max(1, Math.abs(coef[3 * i + 1])), "b_" + i);
            assertEquals(coef[3 * i + 2], s.c(i), 1e-9 * Math.max(1, Math.abs(coef[3 * i + 2])), "c_" + i);
        }
    }

    @Test
    void picksIntervalsAsSearchsortedMinusOneAndExtrapolates() {
        QuadraticSpline s = QuadraticSpline.fit(X, Y);
        assertEquals(0, s.interval(-1.0));
        assertEquals(0, s.interval(X[0]));
        assertEquals(0, s.interval(X[1]));
        assertEquals(1, s.interval(0.5 * (X[1] + X[2])));
        assertEquals(2, s.interval(X[3]), "t equal to knot 3 uses interval 2 (searchsorted side='left')");
        assertEquals(X.length - 2, s.interval(X[X.length - 1]));
        assertEquals(X.length - 2, s.interval(10.0));
        assertEquals(s.quadratic(0, -0.2), s.value(-0.2), 0.0, "below the first knot: the first quadratic");
        assertEquals(s.quadratic(X.length - 2, 0.9), s.value(0.9), 0.0, "beyond the last knot: the last quadratic");
        assertThrows(IllegalArgumentException.class, () -> QuadraticSpline.fit(new double[] {1}, new double[] {2}));
    }

    @Test
    void pullbackEqualsCentralDifferences() {
        Random rnd = new Random(7);
        int n = X.length;
        double[] wa = new double[n - 1], wb = new double[n - 1], wc = new double[n - 1];
        for (int i = 0; i < n - 1; i++) {
            wa[i] = rnd.nextGaussian();
            wb[i] = rnd.nextGaussian();
            wc[i] = rnd.nextGaussian();
        }
        Function<QuadraticSpline, Double> loss = s -> {
            double l = 0;
            for (int i = 0; i < n - 1; i++) l += wa[i] * s.a(i) + wb[i] * s.b(i) + wc[i] * s.c(i);
            return l;
        };
        double[][] g = QuadraticSpline.fit(X, Y).pullback(wa, wb, wc);
        checkAgainstDifferences(g, loss);
    }

    @Test
    void valuesVjpEqualsCentralDifferences() {
        double[] t = {-0.05, 0.02, 0.07, 0.12, 0.2, 0.3, 0.37, 0.45, 0.6};
        Random rnd = new Random(11);
        double[] w = new double[t.length];
        for (int k = 0; k < t.length; k++) w[k] = rnd.nextGaussian();
        Function<QuadraticSpline, Double> loss = s -> {
            double[] v = s.values(t);
            double l = 0;
            for (int k = 0; k < t.length; k++) l += w[k] * v[k];
            return l;
        };
        checkAgainstDifferences(QuadraticSpline.fit(X, Y).valuesVjp(t, w), loss);
    }

    /** g = {∂L/∂x, ∂L/∂y} against central differences of L(fit(x, y)), 1e-7 relative to the largest component. */
    private static void checkAgainstDifferences(double[][] g, Function<QuadraticSpline, Double> loss) {
        double scale = 0;
        for (double[] row : g) for (double v : row) scale = Math.max(scale, Math.abs(v));
        assertTrue(scale > 0);
        for (int which = 0; which < 2; which++) {
            for (int k = 0; k < X.length; k++) {
                double[] xp = X.clone(), yp = Y.clone(), xm = X.clone(), ym = Y.clone();
                double h = 1e-6;
                if (which == 0) { xp[k] += h; xm[k] -= h; } else { yp[k] += h; ym[k] -= h; }
                double fd = (loss.apply(QuadraticSpline.fit(xp, yp)) - loss.apply(QuadraticSpline.fit(xm, ym))) / (2 * h);
                assertEquals(fd, g[which][k], 1e-7 * scale, (which == 0 ? "dL/dx_" : "dL/dy_") + k);
            }
        }
    }

    @Test
    void maxPowerUnchangedBitForBit() {
        // recorded from the inline spline PvSimulator.maxPower had before it used QuadraticSpline
        double[] pm = PvSimulator.maxPower(new double[] {0, 0.1, 0.25, 0.3, 0.5}, new double[] {1.0, 0.9, 0.7, 0.2, -0.5});
        assertEquals(BITS_PMAX, Double.doubleToLongBits(pm[0]), "Pmax " + pm[0]);
        assertEquals(BITS_VMPP, Double.doubleToLongBits(pm[1]), "Vmpp " + pm[1]);
        PvDesign d = PvSimulatorTest.homojunction();
        SunSpectrum sun = SunSpectrum.standard();
        PvSimulator.Result r = PvSimulator.simulate(d.cell(sun), d.voltageStep(), sun.totalPower());
        assertEquals(4638790747289794624L, Double.doubleToLongBits(r.pmax()), "test_iv Pmax " + r.pmax());
        assertEquals(4605427132808186647L, Double.doubleToLongBits(r.vmpp()), "test_iv Vmpp " + r.vmpp());
    }

    /** 1752.6864035087747 W/m² at 0.2523026315789474 V. */
    static final long BITS_PMAX = 4655423211768363056L;
    static final long BITS_VMPP = 4598216700068160092L;

    /** Gaussian elimination with partial pivoting on the augmented matrix [m][m + 1]. */
    private static double[] gaussSolve(double[][] aug) {
        int m = aug.length;
        for (int col = 0; col < m; col++) {
            int piv = col;
            for (int r = col + 1; r < m; r++) if (Math.abs(aug[r][col]) > Math.abs(aug[piv][col])) piv = r;
            double[] tmp = aug[col];
            aug[col] = aug[piv];
            aug[piv] = tmp;
            for (int r = col + 1; r < m; r++) {
                double f = aug[r][col] / aug[col][col];
                for (int c = col; c <= m; c++) aug[r][c] -= f * aug[col][c];
            }
        }
        double[] sol = new double[m];
        for (int r = m - 1; r >= 0; r--) {
            double s = aug[r][m];
            for (int c = r + 1; c < m; c++) s -= aug[r][c] * sol[c];
            sol[r] = s / aug[r][r];
        }
        return sol;
    }
}
