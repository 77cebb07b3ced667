package org.polymorph.materials.internal.potential;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.polymorph.materials.space.Box;
import org.polymorph.materials.structure.Atoms;
import org.polymorph.materials.structure.Lattices;

class GuptaTest {
    // Cleri & Rosato PRB 48, 22 (1993), Table I: Au and Ag (A, ξ in eV; p, q; a in Å)
    private static final double[] AU = {0.2061, 1.790, 10.229, 4.036, 4.08};
    private static final double[] AG = {0.1028, 1.178, 10.928, 3.139, 4.09};

    /** Au-Ag tables [2, 2]; the mixed pair takes arithmetic means (test values, not a fitted alloy). */
    private static double[][] auAg() {
        double[][] t = new double[5][4];
        for (int k = 0; k < 5; k++) {
            double au = k == 4 ? AU[4] / Math.sqrt(2) : AU[k];
            double ag = k == 4 ? AG[4] / Math.sqrt(2) : AG[k];
            t[k] = new double[] {au, 0.5 * (au + ag), 0.5 * (au + ag), ag};
        }
        return t;
    }

    private static Atoms cluster() {
        // 13-atom cuboctahedron (nearest distance 2.88 Å), types alternating Au/Ag, jiggled
        double d = 2.88 / Math.sqrt(2);
        double[] r = new double[39];
        int k = 3;
        for (int[] ax : new int[][] {{0, 1}, {0, 2}, {1, 2}}) {
            for (int sa = -1; sa <= 1; sa += 2) {
                for (int sb = -1; sb <= 1; sb += 2) {
                    r[k + ax[0]] = sa * d;
                    r[k + ax[1]] = sb * d;
                    k += 3;
                }
            }
        }
        int[] types = new int[13];
        for (int i = 0; i < 13; i++) types[i] = i % 2;
        Atoms a = new Atoms(r, types, List.of("Au", "Ag"), new double[] {196.97, 107.87}, Box.free());
        return EamTest.jiggled(a);
    }

    @Test
    void fccGoldHasTheCleriRosatoCohesiveEnergy() {
        // their cutoff lies after the fifth shell (6.45 Å); the paper reports E_c = 3.78 eV for Au
        Gupta au = Gupta.element(AU[0], AU[1], AU[2], AU[3], AU[4] / Math.sqrt(2), 6.8);
        Atoms fcc = Lattices.build("fcc", AU[4], new int[] {3, 3, 3}, "Au", 196.97);
        double perAtom = au.compute(fcc, PotentialChecks.list(au, fcc)).energy() / fcc.size();
        assertEquals(-3.78, perAtom, 0.005);
        assertEquals(-3.779203733922, perAtom, 1e-9);   // the same sum by numpy (shells to the fifth)
        // a perfect lattice has no forces
        double[] f = au.compute(fcc, PotentialChecks.list(au, fcc)).forces();
        for (double v : f) assertEquals(0, v, 1e-12);
    }

    @Test
    void autodiffEnergyForcesAndVirialAgreeWithTheFusedKernel() {
        double[][] t = auAg();
        Gupta smooth = Gupta.smooth(t[0], t[1], t[2], t[3], t[4], 4.0, 5.5);
        PotentialChecks.assertAutodiffMatchesFused(smooth, cluster(), 1e-11, 1e-11, 1e-10);
        Atoms bulk = EamTest.jiggled(Lattices.build("fcc", AU[4], new int[] {2, 2, 2}, "Au", 196.97));
        Gupta au = Gupta.smooth(new double[] {AU[0]}, new double[] {AU[1]}, new double[] {AU[2]}, new double[] {AU[3]},
                new double[] {AU[4] / Math.sqrt(2)}, 4.5, 6.0);
        PotentialChecks.assertAutodiffMatchesFused(au, bulk, 1e-10, 1e-11, 1e-10);
    }

    @Test
    void gradientsOfTheVarEnergyPassFiniteDifferences() {
        double[][] t = auAg();
        Gupta smooth = Gupta.smooth(t[0], t[1], t[2], t[3], t[4], 3.6, 4.4);   // several pairs inside the switch
        PotentialChecks.gradCheckPositions(smooth, cluster());
        PotentialChecks.gradCheckParameters(smooth, cluster());
    }

    @Test
    void theSmoothTailGoesToZeroWithItsSlope() {
        Gupta g = Gupta.smooth(new double[] {AU[0]}, new double[] {AU[1]}, new double[] {AU[2]}, new double[] {AU[3]},
                new double[] {2.885}, 4.0, 5.0);
        double[] e = new double[3];
        double[] rs = {5.0 - 2e-3, 5.0 - 1e-3, 5.0 + 1e-3};
        for (int k = 0; k < 3; k++) {
            Atoms dimer = Atoms.of(new double[] {0, 0, 0, rs[k], 0, 0}, "Au", 196.97, Box.free());
            e[k] = g.compute(dimer, PotentialChecks.list(g, dimer)).energy();
        }
        assertEquals(0, e[2], 0);
        // the band term ~ −√S dominates near r_off: S ~ 10 (1−x)³, so E ~ (1−x)^{3/2} → 0
        assertTrue(e[0] < e[1] && e[1] < 0 && e[1] > -0.02, java.util.Arrays.toString(e));
    }

    @Test
    void badParametersAreRejectedByName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Gupta.truncated(
                new double[] {1, 2, 3, 1}, new double[4], new double[4], new double[4], new double[] {1, 1, 1, 1}, 5));
        assertTrue(e.getMessage().contains("A[0][1]") && e.getMessage().contains("symmetric"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Gupta.smooth(new double[] {1}, new double[] {1}, new double[] {1},
                new double[] {1}, new double[] {1}, 5, 4));
        assertTrue(e.getMessage().contains("r_on = 5.0"), e.getMessage());
    }
}
