package org.polymorph.materials.dynamics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.polymorph.core.tensor.RandomKey;
import org.polymorph.materials.internal.dynamics.Integrators;
import org.polymorph.materials.space.Box;
import org.polymorph.materials.structure.Atoms;

/**
 * Flexible-cell MTK NPT (aniso, tri) on Lennard-Jones fcc in reduced units: the conserved quantity,
 * momentum, every diagonal pressure component at its target, shear stress at 0, and a strained or
 * sheared start relaxing back to the cubic crystal.
 */
class FlexibleCellNptTest {
    private static final double T = 0.5;      // well below melting at P = 1: the fcc crystal stays
    private static final double P = 1.0;

    /** The pressure tensor (Σ m v⊗v + W)/V, 6 components xx yy zz xy xz yz (LJ units, mvv2e = 1). */
    static double[] pressureTensor(State s) {
        double[] m = s.atoms().atomMasses();
        double[] v = s.velocities();
        double[] w = s.evaluation().virial();
        double[] k = new double[6];
        int[][] ab = {{0, 0}, {1, 1}, {2, 2}, {0, 1}, {0, 2}, {1, 2}};
        for (int i = 0; i < m.length; i++) {
            for (int c = 0; c < 6; c++) k[c] += m[i] * v[3 * i + ab[c][0]] * v[3 * i + ab[c][1]];
        }
        double vol = s.atoms().box().volume();
        for (int c = 0; c < 6; c++) k[c] = (k[c] + w[c]) / vol;
        return k;
    }

    private record Run(double[][] meanError, double drift, double[] h, double[] momentum) { }

    private static Run run(Atoms start, boolean tri, int equil, int steps) {
        Integrator md = Integrators.nptMtkCell(DynamicsTest.lj(), 0.004, Ramp.constant(T), 0.2, Ramp.constant(P), 1.0, tri,
                UnitSystem.LJ);
        State s = md.init(RandomKey.of(3), start, T);
        double h0 = s.conservedEnergy();
        double drift = 0;
        double[][] pt = new double[6][steps];
        double[] h = new double[9];
        for (int i = 0; i < equil + steps; i++) {
            s = md.step(s);
            drift = Math.max(drift, Math.abs(s.conservedEnergy() - h0) / Math.abs(h0));
            if (i >= equil) {
                double[] p = pressureTensor(s);
                for (int c = 0; c < 6; c++) pt[c][i - equil] = p[c];
                double[] hi = s.atoms().box().h();
                for (int c = 0; c < 9; c++) h[c] += hi[c] / steps;
            }
        }
        double[][] me = new double[6][];
        for (int c = 0; c < 6; c++) me[c] = DynamicsTest.meanAndError(pt[c]);
        return new Run(me, drift, h, Thermo.momentum(s.atoms(), s.velocities()));
    }

    private static Atoms crystal() { return DynamicsTest.fcc(3); }

    @Test
    void triRelaxesAShearedCellAndHoldsEveryComponentAtItsTarget() {
        // start sheared by 4 % in xy and stretched 3 % in z: a stress the barostat must remove
        Atoms start = crystal().strained(new double[] {0, 0.04, 0, 0, 0, 0, 0, 0, 0.03});
        Run r = run(start, true, 1500, 3000);
        double[] g = metric(r.h());
        System.out.printf("tri NPT: <P> xx %.3f±%.3f yy %.3f±%.3f zz %.3f±%.3f xy %.3f±%.3f xz %.3f±%.3f yz %.3f±%.3f, drift %.2e,"
                        + " <h·hᵀ> off-diagonal / diagonal %.2e %.2e %.2e%n",
                r.meanError()[0][0], r.meanError()[0][1], r.meanError()[1][0], r.meanError()[1][1], r.meanError()[2][0], r.meanError()[2][1],
                r.meanError()[3][0], r.meanError()[3][1], r.meanError()[4][0], r.meanError()[4][1], r.meanError()[5][0], r.meanError()[5][1],
                r.drift(), g[1] / g[0], g[2] / g[0], g[5] / g[4]);
        for (int c = 0; c < 6; c++) {
            double target = c < 3 ? P : 0;
            assertEquals(target, r.meanError()[c][0], Math.max(0.08, 4 * r.meanError()[c][1]), "pressure component " + c);
        }
        // the cell returns to a cube: off-diagonal metric elements below 0.5 % of the diagonal (the start had 4 %)
        assertTrue(Math.abs(g[1]) < 5e-3 * g[0] && Math.abs(g[2]) < 5e-3 * g[0] && Math.abs(g[5]) < 5e-3 * g[4], java.util.Arrays.toString(g));
        assertEquals(g[0], g[4], 0.01 * g[0]);
        assertEquals(g[0], g[8], 0.01 * g[0]);
        assertTrue(r.drift() < 4e-4, "conserved quantity drift " + r.drift());
        for (double pk : r.momentum()) assertEquals(0, pk, 1e-10);
    }

    @Test
    void anisoEqualisesTheThreeLengthsAndKeepsTheCellOrthorhombic() {
        Atoms start = crystal().strained(new double[] {0.04, 0, 0, 0, -0.02, 0, 0, 0, 0});
        Run r = run(start, false, 1500, 3000);
        double[] h = r.h();
        System.out.printf("aniso NPT: <P> xx %.3f±%.3f yy %.3f±%.3f zz %.3f±%.3f, <L> %.4f %.4f %.4f, drift %.2e%n",
                r.meanError()[0][0], r.meanError()[0][1], r.meanError()[1][0], r.meanError()[1][1], r.meanError()[2][0], r.meanError()[2][1],
                h[0], h[4], h[8], r.drift());
        for (int c = 0; c < 3; c++) assertEquals(P, r.meanError()[c][0], Math.max(0.08, 4 * r.meanError()[c][1]), "pressure component " + c);
        for (int c : new int[] {1, 2, 3, 5, 6, 7}) assertEquals(0, h[c], 0, "off-diagonal h stays exactly 0");
        assertEquals(h[0], h[4], 0.01 * h[0]);
        assertEquals(h[0], h[8], 0.01 * h[0]);
        assertTrue(r.drift() < 4e-4, "conserved quantity drift " + r.drift());
    }

    @Test
    void theConservedQuantityErrorIsSecondOrderInTheTimeStep() {
        // max |H − H0|/|H0| over 12 τ from the sheared start (measured 3.0e-4 at dt 0.004, 7.5e-5 at 0.002, 2.1e-5 at 0.001):
        // halving dt must cut it by at least 3 (a bookkeeping error would not shrink)
        double[] drift = new double[2];
        double[] dts = {0.004, 0.002};
        for (int k = 0; k < 2; k++) {
            Integrator md = Integrators.nptMtkCell(DynamicsTest.lj(), dts[k], Ramp.constant(T), 0.2, Ramp.constant(P), 1.0, true,
                    UnitSystem.LJ);
            State s = md.init(RandomKey.of(3), crystal().strained(new double[] {0, 0.04, 0, 0, 0, 0, 0, 0, 0.03}), T);
            double h0 = s.conservedEnergy();
            for (int i = 0; i < Math.round(12 / dts[k]); i++) {
                s = md.step(s);
                drift[k] = Math.max(drift[k], Math.abs(s.conservedEnergy() - h0) / Math.abs(h0));
            }
        }
        System.out.printf("tri NPT drift: dt 0.004 %.3e, dt 0.002 %.3e (ratio %.2f)%n", drift[0], drift[1], drift[0] / drift[1]);
        assertTrue(drift[0] / drift[1] > 3, drift[0] + " vs " + drift[1]);
    }

    @Test
    void aStateFromAnotherIntegratorIsRefusedWithTheFix() {
        Integrator nve = Integrators.nve(DynamicsTest.lj(), 0.004, UnitSystem.LJ);
        State s = nve.init(RandomKey.of(1), crystal(), T);
        Integrator npt = Integrators.nptMtkCell(DynamicsTest.lj(), 0.004, Ramp.constant(T), 0.2, Ramp.constant(P), 1.0, true, UnitSystem.LJ);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> npt.step(s));
        assertTrue(e.getMessage().contains("start it with this one's init"), e.getMessage());
    }

    /** h·hᵀ (row-major), the lattice metric: rotation-free measure of the cell shape. */
    private static double[] metric(double[] h) {
        double[] ht = {h[0], h[3], h[6], h[1], h[4], h[7], h[2], h[5], h[8]};
        return Box.matmul(h, ht);
    }
}
