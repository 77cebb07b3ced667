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
 * Tersoff's product with a limited parameter row ({@link PartialRow}): H·dX + (∂²E/∂X∂p)·dp and the asked rows equal
 * the full product's bit for bit on a rattled triclinic two-species silicon, whether or not a ζ-term parameter is asked.
 */
class TersoffPartialRowTest {
    private static final double[] TERSOFF_SI = {3.0, 1.0, 1.3258, 4.8381, 2.0417, 0.0, 22.956, 0.33675, 1.3258, 95.373, 3.0, 0.2, 3.2394, 3264.7};

    @Test
    void askedRowsEqualTheFullRow() {
        double[] q = SecondOrderKernelsTest.perSlot(TERSOFF_SI, 2);
        for (int s = 0; s < q.length / 14; s++) q[s * 14 + Tersoff.M] = 3;
        Tersoff ters = new Tersoff(2, SecondOrderKernelsTest.table(q, 14));
        Atoms si = SecondOrderKernelsTest.displaced(Lattices.build("diamond", 5.431, new int[] {2, 2, 2}, "Si", 28.0855), 0.12, 21);
        Atoms a = SecondOrderKernelsTest.twoTypes(SecondOrderKernelsTest.triclinic(si, 0.1, -0.08, 0.05));
        NeighborList nl = new NeighborListBuilder(ters.cutoff(), 1.0, false).build(a);
        int ext = 3 * nl.ghosts().extended(), m = ters.parameterCount();
        SplittableRandom rnd = new SplittableRandom(4);
        double[] dX = new double[ext], dp = new double[m];
        for (int k = 0; k < ext; k++) dX[k] = rnd.nextDouble() - 0.5;
        for (int k = 0; k < m; k++) dp[k] = 0.02 * (rnd.nextDouble() - 0.5);
        double[] outFull = new double[ext], pFull = new double[m];
        ters.hessianProduct(a, nl, dX, dp, outFull, pFull);
        int nonzero = 0;
        for (double v : pFull) if (v != 0) nonzero++;
        assertTrue(nonzero > m / 2, "the full row has many nonzero entries: " + nonzero + " of " + m);
        // the bench's tersoff fit: A, B, λ1 (no ζ-term parameter); then one ζ-term parameter (γ of slot 5) besides
        int[][] asked = {{Tersoff.BIG_A, Tersoff.BIG_B, Tersoff.LAM1}, {Tersoff.BIG_A, Tersoff.GAMMA}};
        for (int[] ks : asked) {
            boolean[] rows = new boolean[m];
            for (int s = 0; s < 8; s++) for (int k : ks) rows[s * 14 + k] = k != Tersoff.GAMMA || s == 5;
            double[] out = new double[ext], p = new double[m];
            ters.hessianProduct(a, nl, dX, dp, out, p, rows);
            assertArrayEquals(outFull, out, 0.0, "H·dX + (∂²E/∂X∂p)·dp does not depend on the rows asked");
            for (int i = 0; i < m; i++) if (rows[i]) assertEquals(Double.doubleToLongBits(pFull[i]), Double.doubleToLongBits(p[i]), "row " + i);
            boolean terms = ks.length == 2;
            if (terms) assertArrayEquals(pFull, p, 0.0, "a ζ-term parameter asked: the whole row");
        }
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> ters.hessianProduct(a, nl, dX, dp, new double[ext], new double[m], new boolean[3]));
        assertTrue(bad.getMessage().contains("rows has 3 entries"), bad.getMessage());
    }
}
