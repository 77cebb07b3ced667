package org.polymorph.materials.internal.matching;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.polymorph.materials.space.Box;

/** Niggli and primitive reduction, and the assignment, on cases with known answers. */
class ReductionTest {
    /** pymatgen's Lattice([[3,0,0],[3,4,0],[7,-2,5]]).get_niggli_reduced_lattice().parameters. */
    @Test
    void niggliGivesPymatgensParameters() {
        double[] h = Niggli.reduce(new double[] {3, 0, 0, 3, 4, 0, 7, -2, 5});
        assertArrayEquals(new double[] {3.0, 4.0, 5.477225575051661, 111.41671403303363, 100.51973489065861, 90.0}, Mat3.parameters(h), 1e-9);
        assertEquals(60, Box.det(h), 1e-9);
    }

    @Test
    void aSkewedBasisOfACubicLatticeReducesToTheCube() {
        double[] skew = Mat3.times(new int[] {1, 2, 0, 0, 1, 3, 1, 2, 1}, new double[] {2, 0, 0, 0, 2, 0, 0, 0, 2});
        assertArrayEquals(new double[] {2, 2, 2, 90, 90, 90}, Mat3.parameters(Niggli.reduce(skew)), 1e-9);
    }

    @Test
    void theConventionalDiamondCellHasATwoAtomPrimitiveCell() {
        Cell prim = PrimitiveCell.reduce(Cell.of(Crystals.diamond()).niggli());
        assertEquals(2, prim.size());
        double a = 5.431 / Math.sqrt(2);
        assertArrayEquals(new double[] {a, a, a, 60, 60, 60}, Mat3.parameters(prim.h()), 1e-9);
        assertEquals(8, prim.siteOfAtom().length);
        Cell rutile = PrimitiveCell.reduce(Cell.of(Crystals.rutile()).niggli());
        assertEquals(6, rutile.size(), "rutile's cell is primitive");
    }

    @Test
    void theAssignmentIsTheCheapestPermutation() {
        Random rnd = new Random(11);
        for (int trial = 0; trial < 20; trial++) {
            int n = 2 + rnd.nextInt(4), m = n + rnd.nextInt(3);
            double[][] c = new double[n][m];
            for (double[] row : c) for (int j = 0; j < m; j++) row[j] = rnd.nextDouble();
            int[] cols = Assignment.solve(c);
            double got = 0;
            for (int i = 0; i < n; i++) got += c[i][cols[i]];
            assertEquals(brute(c, 0, new boolean[m]), got, 1e-12, "trial " + trial);
        }
    }

    private static double brute(double[][] c, int row, boolean[] used) {
        if (row == c.length) return 0;
        double best = Double.POSITIVE_INFINITY;
        for (int j = 0; j < used.length; j++) {
            if (used[j]) continue;
            used[j] = true;
            best = Math.min(best, c[row][j] + brute(c, row + 1, used));
            used[j] = false;
        }
        return best;
    }
}
