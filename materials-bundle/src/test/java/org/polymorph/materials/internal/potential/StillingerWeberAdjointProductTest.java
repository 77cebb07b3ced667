package org.polymorph.materials.internal.potential;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.polymorph.materials.partition.NeighborList;
import org.polymorph.materials.partition.NeighborListBuilder;
import org.polymorph.materials.structure.Atoms;
import org.polymorph.materials.structure.Lattices;

/**
 * sw's adjoint product on the atoms ({@link StillingerWeber#hessianProductOnAtoms} without a parameter tangent, the reverse
 * sweep's H·λ and parameter row, walked in the carried form): equals the general product on the extended atoms (spread,
 * {@link StillingerWeber#hessianProduct} with the same rows, reduce) to 1e-12 relative on periodic, triclinic, free and
 * two-species silicon with every row, the bench's ε, σ, λ, the others, and no row; is the central difference of the forces along
 * dR to 1e-7; and its parameter row is the central difference of −dR·F in each number to 1e-6.
 */
class StillingerWeberAdjointProductTest {
    /** Si.sw's entry with q = 0.1 and tol = 0.01 (q = 0 would leave the log term of q at zero). */
    private static final double[] SW_SI = {2.1683, 2.0951, 1.80, 21.0, 1.20, -0.333333333333, 7.049556277, 0.6022245584, 4.0, 0.1, 0.01};
    private static final int NUMBERS = 11;
    private static final int[][] ASKED = {
        {StillingerWeber.EPSILON, StillingerWeber.SIGMA, StillingerWeber.LAMBDA},
        {StillingerWeber.BIG_A, StillingerWeber.BIG_B, StillingerWeber.P, StillingerWeber.Q, StillingerWeber.GAMMA, StillingerWeber.REDUCED_CUTOFF,
            StillingerWeber.COSTHETA0}};

    private static Atoms silicon(long seed) {
        return SecondOrderKernelsTest.displaced(Lattices.build("diamond", 5.431, new int[] {2, 2, 2}, "Si", 28.0855), 0.12, seed);
    }

    private static StillingerWeber sw(int types) {
        return new StillingerWeber(types, SecondOrderKernelsTest.table(types == 1 ? SW_SI : SecondOrderKernelsTest.perSlot(SW_SI, types), NUMBERS));
    }

    private static double[] random(SplittableRandom rnd, int n) {
        double[] x = new double[n];
        for (int k = 0; k < n; k++) x[k] = rnd.nextDouble() - 0.5;
        return x;
    }

    /** rows [m] asking the numbers ks in every slot but the last (every slot for one type), so a number asked in some slots only is covered. */
    private static boolean[] rows(int m, int[] ks) {
        boolean[] rows = new boolean[m];
        int slots = m / NUMBERS;
        for (int s = 0; s < Math.max(1, slots - 1); s++) for (int k : ks) rows[s * NUMBERS + k] = true;
        return rows;
    }

    private static double max(double[] x) {
        double b = 0;
        for (double v : x) b = Math.max(b, Math.abs(v));
        return b;
    }

    private static void check(String name, StillingerWeber sw, Atoms atoms, long seed) {
        NeighborList nl = new NeighborListBuilder(sw.cutoff(), 1.0, false).build(atoms);
        SplittableRandom rnd = new SplittableRandom(seed);
        int n3 = 3 * atoms.size(), ext = 3 * nl.ghosts().extended(), m = sw.parameterCount();
        double[] dR = random(rnd, n3);
        double[] dX = ExtendedTangents.spread(nl.ghosts(), dR, null);
        double[] outX = new double[ext], expected = new double[n3], full = new double[m];
        sw.hessianProduct(atoms, nl, dX, null, outX, full);
        ExtendedTangents.reduce(nl.ghosts(), outX, expected, null);
        double scale = max(expected);
        assertTrue(scale > 0, name + ": a zero product");
        for (int[] ks : new int[][] {null, ASKED[0], ASKED[1], {}}) {
            boolean[] rows = ks == null ? null : rows(m, ks);
            String what = name + ", rows " + (ks == null ? "all" : java.util.Arrays.toString(ks));
            double[] rowR = random(rnd, n3), p = ks != null && ks.length == 0 ? null : new double[m];   // rowR is set, whatever it held
            sw.hessianProductOnAtoms(atoms, nl, dR, null, rowR, p, rows);
            for (int c = 0; c < n3; c++) {
                assertTrue(Math.abs(rowR[c] - expected[c]) <= 1e-12 * scale, what + ": H·dR component " + c + ": " + rowR[c] + " vs " + expected[c]);
            }
            if (p == null) continue;
            int filled = 0;
            for (int k = 0; k < NUMBERS; k++) {
                double rowScale = 0;
                for (int s = 0; s < m / NUMBERS; s++) rowScale = Math.max(rowScale, Math.abs(full[s * NUMBERS + k]));
                for (int s = 0; s < m / NUMBERS; s++) {
                    int i = s * NUMBERS + k;
                    if (rows != null && !rows[i]) continue;
                    if (full[i] != 0) filled++;
                    assertTrue(Math.abs(p[i] - full[i]) <= 1e-12 * rowScale, what + ": row of " + StillingerWeber.FILE_PARAMETERS.get(k) + " in slot " + s
                            + ": " + p[i] + " vs " + full[i]);
                }
            }
            assertTrue(filled > 0, what + ": no row entry compared");
        }
    }

    @Test
    void equalsTheGeneralProduct() {
        check("periodic", sw(1), silicon(3), 1);
        check("triclinic", sw(1), SecondOrderKernelsTest.triclinic(silicon(5), 0.1, -0.08, 0.05), 2);
        check("free", sw(1), SecondOrderKernelsTest.free(silicon(7)), 3);
        check("two species, triclinic", sw(2), SecondOrderKernelsTest.twoTypes(SecondOrderKernelsTest.triclinic(silicon(9), 0.1, -0.08, 0.05)), 4);
        check("two species, free", sw(2), SecondOrderKernelsTest.free(SecondOrderKernelsTest.twoTypes(silicon(13))), 5);
    }

    /** H·dR = −(F(r + h dR) − F(r − h dR)) / 2h on the same list. */
    @Test
    void isTheForcesDerivative() {
        for (int types = 1; types <= 2; types++) {
            StillingerWeber sw = sw(types);
            Atoms atoms = SecondOrderKernelsTest.triclinic(silicon(17 + types), 0.1, -0.08, 0.05);
            if (types == 2) atoms = SecondOrderKernelsTest.twoTypes(atoms);
            NeighborList nl = new NeighborListBuilder(sw.cutoff(), 1.0, false).build(atoms);
            int n3 = 3 * atoms.size();
            double[] dR = random(new SplittableRandom(21), n3);
            double[] rowR = new double[n3];
            sw.hessianProductOnAtoms(atoms, nl, dR, null, rowR, null, null);
            double h = 1e-5;
            double[] r = atoms.positions(), up = r.clone(), down = r.clone();
            for (int k = 0; k < n3; k++) {
                up[k] += h * dR[k];
                down[k] -= h * dR[k];
            }
            double[] fUp = sw.compute(atoms.withPositions(up), nl).forces(), fDown = sw.compute(atoms.withPositions(down), nl).forces();
            double scale = max(rowR);
            assertTrue(scale > 0, "a zero product");
            for (int k = 0; k < n3; k++) {
                double fd = -(fUp[k] - fDown[k]) / (2 * h);
                assertTrue(Math.abs(rowR[k] - fd) <= 1e-7 * scale, types + " type(s), component " + k + ": " + rowR[k] + " vs " + fd);
            }
        }
    }

    /** The parameter row Σ_i λ_i ∂²E/∂p∂R_i = −∂(λ·F)/∂p: each number of the one-type entry by central differences of the forces. */
    @Test
    void parameterRowIsTheForcesParameterDerivative() {
        Atoms atoms = SecondOrderKernelsTest.triclinic(silicon(23), 0.1, -0.08, 0.05);
        StillingerWeber sw = sw(1);
        NeighborList nl = new NeighborListBuilder(sw.cutoff() * 1.01, 1.0, false).build(atoms);
        int n3 = 3 * atoms.size();
        double[] lambda = random(new SplittableRandom(25), n3);
        double[] row = new double[sw.parameterCount()];
        sw.hessianProductOnAtoms(atoms, nl, lambda, null, new double[n3], row, null);
        double scale = max(row);
        for (int k = 0; k < NUMBERS; k++) {
            if (k == StillingerWeber.TOL) continue;
            double h = 1e-6 * Math.max(1, Math.abs(SW_SI[k]));
            double[] plus = SW_SI.clone(), minus = SW_SI.clone();
            plus[k] += h;
            minus[k] -= h;
            double[] fUp = new StillingerWeber(1, SecondOrderKernelsTest.table(plus, NUMBERS)).compute(atoms, nl).forces();
            double[] fDown = new StillingerWeber(1, SecondOrderKernelsTest.table(minus, NUMBERS)).compute(atoms, nl).forces();
            double fd = 0;
            for (int c = 0; c < n3; c++) fd -= lambda[c] * (fUp[c] - fDown[c]) / (2 * h);
            assertTrue(Math.abs(row[k] - fd) <= 1e-6 * Math.abs(fd) + 1e-8 * scale,
                    StillingerWeber.FILE_PARAMETERS.get(k) + ": row " + row[k] + " vs central difference " + fd);
        }
    }

    @Test
    void refusesWrongLengths() {
        StillingerWeber sw = sw(1);
        Atoms atoms = silicon(29);
        NeighborList nl = new NeighborListBuilder(sw.cutoff(), 1.0, false).build(atoms);
        int n3 = 3 * atoms.size();
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> sw.hessianProductOnAtoms(atoms, nl, new double[n3 + 3], null, new double[n3], null, null));
        assertTrue(bad.getMessage().contains("components, the atoms " + n3), bad.getMessage());
        bad = assertThrows(IllegalArgumentException.class,
                () -> sw.hessianProductOnAtoms(atoms, nl, new double[n3], null, new double[n3], new double[4], null));
        assertTrue(bad.getMessage().contains("the parameter product has 4"), bad.getMessage());
        bad = assertThrows(IllegalArgumentException.class,
                () -> sw.hessianProductOnAtoms(atoms, nl, new double[n3], null, new double[n3], new double[sw.parameterCount()], new boolean[2]));
        assertTrue(bad.getMessage().contains("rows has 2 entries"), bad.getMessage());
    }
}
