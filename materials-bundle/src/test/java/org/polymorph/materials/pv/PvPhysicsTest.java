package org.polymorph.materials.pv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Equilibrium, the Jacobian, the block solve and the timing of the forward sweep. */
class PvPhysicsTest {
    private final PvDesign design = PvSimulatorTest.homojunction();
    private final PvCell cell = design.cell(SunSpectrum.standard());

    @Test
    void equilibriumCarriesNoCurrentAndNeutralBulk() {
        double[] eq = PvSimulator.solveEquilibrium(cell, PvSimulator.equilibriumGuess(cell));
        double[] f = PvResidual.residualEq(cell, eq);
        double worst = 0;
        for (double v : f) worst = Math.max(worst, Math.abs(v));
        assertTrue(worst < 1e-8, "equilibrium residual " + worst);
        // with φn = φp = 0 (one Fermi level) both currents vanish on every interval
        double[][] j = PvResidual.currents(cell, eq);
        for (int k = 0; k < j[0].length; k++) {
            assertEquals(0, j[0][k], 1e-12);
            assertEquals(0, j[1][k], 1e-12);
        }
        // deep in the p bulk: p − n ≈ Na (charge neutrality), n·p = ni²
        int i = cell.n - 50;
        double n = PvResidual.density(cell, eq, i, true), p = PvResidual.density(cell, eq, i, false);
        assertEquals(-cell.ndop[i], p - n, 1e-6 * -cell.ndop[i]);
        assertEquals(cell.ni(i) * cell.ni(i), n * p, 1e-9 * n * p);
        // the Jacobian's φ-only equilibrium also gives zero total current at zero bias in the dark limit
        assertEquals(0, PvResidual.totalCurrent(cell, eq), 1e-15);
    }

    @Test
    void jacobianMatchesCentralDifferences() {
        double[] eq = PvSimulator.solveEquilibrium(cell, PvSimulator.equilibriumGuess(cell));
        double[] x = PvSimulator.solve(cell, 0.3 / PvScales.ENERGY, guess(eq), 1e-6);
        Random rnd = new Random(7);
        for (int k = 0; k < x.length; k++) x[k] += 1e-3 * rnd.nextGaussian();
        BlockTridiagonal jac = PvResidual.jacobian(cell, x);
        double worst = 0;
        for (int col : new int[] {0, 1, 2, 3, 4, 5, 30, 31, 32, 3 * 250, 3 * 250 + 1, 3 * 250 + 2, x.length - 6, x.length - 3, x.length - 2, x.length - 1}) {
            double h = 1e-6;
            double[] xp = x.clone(), xm = x.clone();
            xp[col] += h;
            xm[col] -= h;
            double[] fp = PvResidual.residual(cell, 0.3 / PvScales.ENERGY, xp), fm = PvResidual.residual(cell, 0.3 / PvScales.ENERGY, xm);
            int blk = col / 3;
            for (int row = Math.max(0, 3 * (blk - 1)); row < Math.min(x.length, 3 * (blk + 2)); row++) {
                double fd = (fp[row] - fm[row]) / (2 * h);
                int ib = row / 3;
                double an = jac.get(ib, blk - ib, row % 3, col % 3);
                worst = Math.max(worst, Math.abs(fd - an) / (1e-6 + Math.abs(an)));
            }
        }
        assertTrue(worst < 1e-5, "Jacobian vs central differences, worst relative " + worst);
    }

    @Test
    void blockSolveInvertsTheMatrix() {
        double[] eq = PvSimulator.solveEquilibrium(cell, PvSimulator.equilibriumGuess(cell));
        BlockTridiagonal jac = PvResidual.jacobian(cell, guess(eq));
        Random rnd = new Random(3);
        double[] b = new double[3 * cell.n];
        for (int k = 0; k < b.length; k++) b[k] = rnd.nextGaussian();
        double[] x = jac.solve(b);
        double[] back = jac.multiply(x);
        double worst = 0, scale = 0;
        for (int k = 0; k < b.length; k++) { worst = Math.max(worst, Math.abs(back[k] - b[k])); scale = Math.max(scale, Math.abs(b[k])); }
        assertTrue(worst < 1e-8 * scale, "|A·x − b| = " + worst);
    }

    @Test
    void forwardSweepTiming() {
        SunSpectrum sun = SunSpectrum.standard();
        PvSimulator.Result r = null;
        long best = Long.MAX_VALUE;
        for (int rep = 0; rep < 5; rep++) {
            long t0 = System.nanoTime();
            PvCell c = design.cell(sun);
            r = PvSimulator.simulate(c, design.voltageStep(), sun.totalPower());
            best = Math.min(best, System.nanoTime() - t0);
        }
        System.out.printf(Locale.ROOT, "forward J-V sweep, %d points, %d biases: %.4f s (best of 5)%n", cell.n, r.voltage().length, best * 1e-9);
        assertEquals(20, r.voltage().length);
    }

    private double[] guess(double[] eq) {
        double[] g = eq.clone();
        for (int i = 0; i < cell.n; i++) {
            g[3 * i] = -cell.chi[i] - eq[3 * i + 2];
            g[3 * i + 1] = -cell.chi[i] - cell.eg[i] - eq[3 * i + 2];
        }
        return g;
    }
}
