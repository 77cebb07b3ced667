package org.polymorph.materials.internal.potential;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.polymorph.materials.space.Box;
import org.polymorph.materials.structure.Atoms;
import org.polymorph.materials.structure.Lattices;

/** coul/dsf against the Madelung energy of rock salt, and BKS silica. */
class CoulombTest {
    private static final double MADELUNG_NACL = 1.747565;

    /** Rock salt with lattice constant a, n×n×n conventional cells: Na (type 0) at fcc sites, Cl (type 1) shifted by a/2 x. */
    static Atoms rockSalt(double a, int n) {
        Atoms na = Lattices.build("fcc", a, new int[] {n, n, n}, "Na", 22.99);
        int m = na.size();
        double[] r = new double[6 * m];
        int[] t = new int[2 * m];
        double[] p = na.positions();
        System.arraycopy(p, 0, r, 0, 3 * m);
        for (int i = 0; i < m; i++) {
            r[3 * (m + i)] = p[3 * i] + a / 2;
            r[3 * (m + i) + 1] = p[3 * i + 1];
            r[3 * (m + i) + 2] = p[3 * i + 2];
            t[m + i] = 1;
        }
        return new Atoms(r, t, List.of("Na", "Cl"), new double[] {22.99, 35.45}, na.box());
    }

    static double dsfError(double alpha, double rc) {
        double a = 5.64;
        Atoms nacl = rockSalt(a, 1);
        CoulDsf dsf = new CoulDsf(new double[] {1, -1}, alpha, rc);
        double e = dsf.compute(nacl, PotentialChecks.list(dsf, nacl)).energy();
        double madelung = -nacl.size() / 2.0 * MADELUNG_NACL * CoulDsf.QQR2E / (a / 2);   // −(N/2) M k/d
        return (e - madelung) / Math.abs(madelung);
    }

    @Test
    void dsfConvergesToTheMadelungEnergyOfRockSalt() {
        // α = 0.25/Å, relative error vs rc (Å): 6: −9.6e-3, 8: −4.2e-3, 10: +2.7e-4, 12: −2.0e-5, 15: −6.5e-7
        // (with rc → ∞ it levels off at −4.3e-7, the reciprocal-space Ewald term DSF leaves out; at α = 0.3 that plateau is −6.2e-5)
        double[] rc = {6, 8, 10, 12, 15};
        double[] err = new double[rc.length];
        for (int k = 0; k < rc.length; k++) err[k] = dsfError(0.25, rc[k]);
        for (int k = 1; k < rc.length; k++) assertTrue(Math.abs(err[k]) < Math.abs(err[k - 1]), java.util.Arrays.toString(err));
        assertTrue(Math.abs(err[3]) < 3e-5 && Math.abs(err[4]) < 1e-6, java.util.Arrays.toString(err));
        double e12 = err[3];
        // without damping (α = 0, shifted-force Coulomb) the same cutoff is far worse
        assertTrue(Math.abs(dsfError(0, 12)) > 100 * Math.abs(e12));
    }

    @Test
    void dsfAutodiffAgreesWithTheFusedKernelAndPassesGradCheck() {
        Atoms nacl = EamTest.jiggled(rockSalt(5.64, 1));
        CoulDsf dsf = new CoulDsf(new double[] {1, -1}, 0.25, 9);
        PotentialChecks.assertAutodiffMatchesFused(dsf, nacl, 1e-10, 1e-11, 1e-10);
        CoulDsf shortRange = new CoulDsf(new double[] {1, -1}, 0.25, 5);
        PotentialChecks.gradCheckPositions(shortRange, nacl);
        PotentialChecks.gradCheckParameters(shortRange, nacl);
        // the pair force and energy vanish at the cutoff
        double[] out = new double[2];
        dsf.pair(9, -1, out);
        assertEquals(0, out[0], 1e-15);
        assertEquals(0, out[1], 1e-15);
    }

    /** Ideal β-cristobalite (a = 7.16 Å): Si on diamond sites, O half-way along each Si–Si bond (d_SiO = 1.55 Å). */
    static Atoms cristobalite(double a) {
        Atoms si = Lattices.build("diamond", a, new int[] {1, 1, 1}, "Si", 28.0855);
        double[] s = si.positions();
        double[] r = new double[3 * 24];
        int[] t = new int[24];
        System.arraycopy(s, 0, r, 0, 24);
        int[][] bonds = {{1, 1, 1}, {1, -1, -1}, {-1, 1, -1}, {-1, -1, 1}};
        int k = 8;
        for (int i = 0; i < 4; i++) {          // the first four diamond sites are the fcc sublattice
            for (int[] b : bonds) {
                for (int c = 0; c < 3; c++) r[3 * k + c] = s[3 * i + c] + b[c] * a / 8;
                t[k++] = 1;
            }
        }
        return new Atoms(r, t, List.of("Si", "O"), new double[] {28.0855, 15.999}, si.box());
    }

    @Test
    void bksAutodiffAgreesWithTheFusedKernelAndPassesGradCheck() {
        Atoms sio2 = EamTest.jiggled(cristobalite(7.16));
        Bks bks = new Bks(0.25, 8.0, 5.5, true);
        double e = PotentialChecks.assertAutodiffMatchesFused(bks, sio2, 1e-9, 1e-10, 1e-9).energy();
        // bound silica: a few eV per atom below the free ions' zero (Coulomb dominated)
        assertTrue(e / sio2.size() < -5 && e / sio2.size() > -40, "E/atom " + e / sio2.size());
        Bks small = new Bks(0.3, 5.0, 4.0, false);
        PotentialChecks.gradCheckPositions(small, sio2);
        PotentialChecks.gradCheckParameters(small, sio2);
    }

    @Test
    void bksIsBuckinghamPlusDsf() {
        // one Si–O pair at 1.6 Å, isolated: Buckingham by hand + the DSF pair and self terms
        Atoms pair = new Atoms(new double[] {0, 0, 0, 1.6, 0, 0}, new int[] {0, 1}, List.of("Si", "O"), new double[] {28.0855, 15.999}, Box.free());
        Bks bks = new Bks(0.2, 10, 5.5, false);
        CoulDsf dsf = new CoulDsf(new double[] {2.4, -1.2}, 0.2, 10);
        double buck = 18003.7572 * Math.exp(-1.6 * 4.87318) - 133.5381 / Math.pow(1.6, 6);
        double expected = buck + dsf.compute(pair, PotentialChecks.list(dsf, pair)).energy();
        assertEquals(expected, bks.compute(pair, PotentialChecks.list(bks, pair)).energy(), 1e-12);
        Atoms wrong = new Atoms(pair.positions(), new int[] {0, 1}, List.of("Si", "N"), new double[] {28, 14}, Box.free());
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> bks.compute(wrong, PotentialChecks.list(bks, wrong)));
        assertTrue(ex.getMessage().contains("\"N\""), ex.getMessage());
    }
}
