package org.polymorph.materials.internal.potential;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.polymorph.materials.partition.NeighborList;
import org.polymorph.materials.partition.NeighborListBuilder;
import org.polymorph.materials.structure.Atoms;
import org.polymorph.materials.structure.Lattices;

/**
 * sw's product with a limited parameter row ({@link PartialRow}) and on the atoms ({@link PartialRow.OnAtoms}), on a rattled
 * triclinic two-species silicon with every number moved from slot to slot: H·dX + (∂²E/∂X∂p)·dp and the asked rows equal the
 * full product's bit for bit for the bench's fit (ε, σ, λ), a pair-only set with the logarithms (A, p, q), a leg-only set (γ, a)
 * and cos θ0 alone; the product on the atoms with a parameter tangent equals spread, product and reduce bit for bit (without one,
 * StillingerWeberAdjointProductTest compares it to rounding), and the force differences along dR.
 */
class StillingerWeberPartialRowTest {
    /** Si.sw's entry with q = 0.1 and tol = 0.01 (q = 0 would leave the log term of q at zero). */
    private static final double[] SW_SI = {2.1683, 2.0951, 1.80, 21.0, 1.20, -0.333333333333, 7.049556277, 0.6022245584, 4.0, 0.1, 0.01};

    private static final int[][] ASKED = {
        {StillingerWeber.EPSILON, StillingerWeber.SIGMA, StillingerWeber.LAMBDA},
        {StillingerWeber.BIG_A, StillingerWeber.P, StillingerWeber.Q},
        {StillingerWeber.GAMMA, StillingerWeber.REDUCED_CUTOFF},
        {StillingerWeber.COSTHETA0}};

    private final StillingerWeber sw = new StillingerWeber(2, SecondOrderKernelsTest.table(SecondOrderKernelsTest.perSlot(SW_SI, 2), 11));
    private final Atoms atoms = SecondOrderKernelsTest.twoTypes(SecondOrderKernelsTest.triclinic(
            SecondOrderKernelsTest.displaced(Lattices.build("diamond", 5.431, new int[] {2, 2, 2}, "Si", 28.0855), 0.12, 31), 0.1, -0.08, 0.05));
    private final NeighborList nl = new NeighborListBuilder(sw.cutoff(), 1.0, false).build(atoms);
    private final int m = sw.parameterCount();
    private final SplittableRandom rnd = new SplittableRandom(8);

    private double[] random(int n, double scale) {
        double[] x = new double[n];
        for (int k = 0; k < n; k++) x[k] = scale * (rnd.nextDouble() - 0.5);
        return x;
    }

    /** rows [m] asking the numbers ks in every slot but the last, so a number asked in some slots only is covered. */
    private boolean[] rows(int[] ks) {
        boolean[] rows = new boolean[m];
        int slots = m / 11;
        for (int s = 0; s < slots - 1; s++) for (int k : ks) rows[s * 11 + k] = true;
        return rows;
    }

    private static void assertBits(double[] expected, double[] actual, boolean[] only, String what) {
        assertEquals(expected.length, actual.length, what + ": lengths");
        for (int i = 0; i < expected.length; i++) {
            if (only != null && !only[i]) continue;
            assertEquals(Double.doubleToLongBits(expected[i]), Double.doubleToLongBits(actual[i]), what + " entry " + i + ": " + expected[i] + " vs " + actual[i]);
        }
    }

    @Test
    void askedRowsEqualTheFullRow() {
        int ext = 3 * nl.ghosts().extended();
        double[] dX = random(ext, 1);
        for (double[] dp : new double[][] {null, random(m, 0.02)}) {
            double[] outFull = new double[ext], pFull = new double[m];
            sw.hessianProduct(atoms, nl, dX, dp, outFull, pFull);
            int nonzero = 0;
            for (double v : pFull) if (v != 0) nonzero++;
            assertTrue(nonzero > m / 2, "the pair slots' rows and every slot's λ, ε, cos θ0 are filled: " + nonzero + " nonzero of " + m);
            for (int[] ks : ASKED) {
                boolean[] rows = rows(ks);
                double[] out = new double[ext], p = new double[m];
                sw.hessianProduct(atoms, nl, dX, dp, out, p, rows);
                assertBits(outFull, out, null, "H·dX + (∂²E/∂X∂p)·dp with rows " + java.util.Arrays.toString(ks));
                assertBits(pFull, p, rows, "asked rows " + java.util.Arrays.toString(ks));
            }
            boolean[] all = new boolean[m];
            java.util.Arrays.fill(all, true);
            double[] out = new double[ext], p = new double[m];
            sw.hessianProduct(atoms, nl, dX, dp, out, p, all);
            assertBits(outFull, out, null, "every row asked: the product");
            assertBits(pFull, p, null, "every row asked: the whole row");
        }
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> sw.hessianProduct(atoms, nl, dX, null, new double[ext], new double[m], new boolean[3]));
        assertTrue(bad.getMessage().contains("rows has 3 entries"), bad.getMessage());
    }

    @Test
    void productOnTheAtomsIsSpreadProductAndReduce() {
        int n3 = 3 * atoms.size(), ext = 3 * nl.ghosts().extended();
        double[] dR = random(n3, 1);
        double[] dX = ExtendedTangents.spread(nl.ghosts(), dR, null);
        for (double[] dp : new double[][] {null, random(m, 0.02)}) {
            for (int[] ks : new int[][] {null, ASKED[0], ASKED[2]}) {
                boolean[] rows = ks == null ? null : rows(ks);
                double[] outX = new double[ext], expected = new double[n3], pExpected = new double[m];
                if (rows == null) sw.hessianProduct(atoms, nl, dX, dp, outX, pExpected);
                else sw.hessianProduct(atoms, nl, dX, dp, outX, pExpected, rows);
                ExtendedTangents.reduce(nl.ghosts(), outX, expected, null);
                double[] rowR = random(n3, 5), p = new double[m];   // set, whatever it held
                sw.hessianProductOnAtoms(atoms, nl, dR, dp, rowR, p, rows);
                String what = "rows " + (ks == null ? "all" : java.util.Arrays.toString(ks)) + (dp == null ? "" : ", with dp");
                double[] noRow = new double[n3];
                sw.hessianProductOnAtoms(atoms, nl, dR, dp, noRow, null, rows);
                if (dp == null) continue;           // the adjoint walk's numbers: StillingerWeberAdjointProductTest compares them to rounding
                assertBits(expected, rowR, null, "the folded product, " + what);
                assertBits(pExpected, p, rows, "the parameter row, " + what);
                assertBits(expected, noRow, null, "without a parameter row, " + what);
            }
        }
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> sw.hessianProductOnAtoms(atoms, nl, new double[ext], null, new double[n3], null, null));
        assertTrue(bad.getMessage().contains("components, the atoms " + n3), bad.getMessage());
    }

    /** The folded product is the derivative of the forces along dR: −(F(r + h dR) − F(r − h dR)) / 2h, on the same list. */
    @Test
    void productOnTheAtomsIsTheForcesDerivative() {
        int n3 = 3 * atoms.size();
        double[] dR = random(n3, 1);
        double[] rowR = new double[n3];
        sw.hessianProductOnAtoms(atoms, nl, dR, null, rowR, null, null);
        double h = 1e-5;
        double[] r = atoms.positions(), up = r.clone(), down = r.clone();
        for (int k = 0; k < n3; k++) {
            up[k] += h * dR[k];
            down[k] -= h * dR[k];
        }
        double[] fUp = sw.compute(atoms.withPositions(up), nl).forces(), fDown = sw.compute(atoms.withPositions(down), nl).forces();
        double scale = 0;
        for (double v : rowR) scale = Math.max(scale, Math.abs(v));
        assertTrue(scale > 1, "a product of size: " + scale);
        double[] fd = new double[n3];
        for (int k = 0; k < n3; k++) fd[k] = -(fUp[k] - fDown[k]) / (2 * h);
        assertArrayEquals(fd, rowR, 1e-6 * scale, "H·dR against the central difference of the forces");
    }

    /**
     * Batched tangents whose ṗ moves only some numbers (as the fit's directions do: ε, σ, λ; or p alone, whose log term is then
     * needed) equal one product per tangent to 1e-13 of the product's size; the numbers no tangent moves are skipped.
     */
    @Test
    void batchedTangentsAlongAFewNumbersEqualSingleProducts() {
        int ext = 3 * nl.ghosts().extended();
        for (int[] ks : new int[][] {ASKED[0], {StillingerWeber.P}, {StillingerWeber.GAMMA, StillingerWeber.COSTHETA0}}) {
            boolean[] rows = rows(ks);
            double[][] dX = new double[3][], dp = new double[3][], out = new double[3][ext];
            for (int b = 0; b < 3; b++) {
                dX[b] = random(ext, 1);
                dp[b] = random(m, 0.05);
                for (int i = 0; i < m; i++) if (!rows[i]) dp[b][i] = 0;
            }
            dp[1] = null;   // a tangent of the positions alone beside them
            sw.hessianProducts(atoms, nl, dX, dp, out);
            for (int b = 0; b < 3; b++) {
                double[] single = new double[ext];
                sw.hessianProduct(atoms, nl, dX[b], dp[b], single, null);
                double scale = 0;
                for (double v : single) scale = Math.max(scale, Math.abs(v));
                assertTrue(scale > 1, "a product of size: " + scale);
                assertArrayEquals(single, out[b], 1e-13 * scale, "tangent " + b + " along " + java.util.Arrays.toString(ks));
            }
        }
    }
}
