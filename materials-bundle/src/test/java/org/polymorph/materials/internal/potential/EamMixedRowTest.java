package org.polymorph.materials.internal.potential;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.polymorph.materials.Oracles;
import org.polymorph.materials.partition.Ghosts;
import org.polymorph.materials.partition.NeighborList;
import org.polymorph.materials.partition.NeighborListBuilder;
import org.polymorph.materials.structure.Atoms;
import org.polymorph.materials.structure.Lattices;

/**
 * eam's mixed row (∂²E/∂p∂R)ᵀ w, summed by four interval moments per pair and table and walked in a loop of its own after the
 * products: its contraction with a parameter direction q against central differences of the kernel's own forces,
 * w·∂F/∂p·q ≈ −(w·F(p + h q) − w·F(p − h q))/(2h) (1e-8 relative), for each table block and a random direction, on one
 * element and on two (where the density of each element is summed apart); and the positions product that comes with it
 * unchanged by asking for the row (bit for bit).
 */
class EamMixedRowTest {
    private static final Path CU = Oracles.potentialFile("Cu_u3.eam");

    private static Atoms copper(long seed) {
        return SecondOrderKernelsTest.displaced(Lattices.build("fcc", 3.615, new int[] {2, 2, 2}, "Cu", 63.546), 0.1, seed);
    }

    private static NeighborList list(Eam eam, Atoms a) { return new NeighborListBuilder(eam.cutoff(), 0.3, true).build(a); }

    /** The row (∂²E/∂p∂R)ᵀ w [m] for a positions direction w [3N]. */
    private static double[] row(Eam eam, Atoms a, NeighborList nl, double[] w) {
        double[] out = new double[3 * nl.ghosts().extended()], row = new double[eam.parameterCount()];
        eam.hessianProduct(a, nl, ExtendedTangents.spread(nl.ghosts(), w, null), null, out, row);
        return row;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int k = 0; k < a.length; k++) s += a[k] * b[k];
        return s;
    }

    /** row·q against −(w·F(p + h q) − w·F(p − h q))/(2h). */
    private static void againstDifferences(String what, Eam eam, Atoms a, double[] w, double[] q, double h) {
        NeighborList nl = list(eam, a);
        double[] p = eam.tables(), plus = p.clone(), minus = p.clone();
        for (int k = 0; k < p.length; k++) {
            plus[k] += h * q[k];
            minus[k] -= h * q[k];
        }
        double fd = -(dot(w, eam.withTables(plus).compute(a, nl).forces()) - dot(w, eam.withTables(minus).compute(a, nl).forces())) / (2 * h);
        double got = dot(row(eam, a, nl, w), q);
        assertTrue(Math.abs(fd) > 1e-6, what + ": a vanishing difference " + fd);
        double err = Math.abs(got - fd) / Math.abs(fd);
        assertTrue(err < 1e-8, what + ": row·q = " + got + ", central difference " + fd + " (relative error " + err + ")");
    }

    private static double[] random(SplittableRandom rnd, int n) {
        double[] v = new double[n];
        for (int k = 0; k < n; k++) v[k] = rnd.nextDouble() - 0.5;
        return v;
    }

    /** The tables themselves in block b (F, ρ, r·φ in the {@link Eam#tables} order) and zero elsewhere. */
    private static double[] block(Eam eam, int from, int to) {
        double[] p = eam.tables(), q = new double[p.length];
        System.arraycopy(p, from, q, from, to - from);
        return q;
    }

    @Test
    void rowEqualsDifferencesOfForcesOnOneElement() {
        Eam cu = Eam.funcfl(CU);
        Atoms a = copper(91);
        SplittableRandom rnd = new SplittableRandom(91);
        double[] w = random(rnd, 3 * a.size());
        int n = cu.parameterCount() / 3;                         // Cu_u3: F, ρ and r·φ tables of one length
        // the forces are linear in F's and r·φ's tables (any step; a small one only adds rounding), not in ρ's
        againstDifferences("eam, the F block", cu, a, w, block(cu, 0, n), 1e-4);
        againstDifferences("eam, the rho block", cu, a, w, block(cu, n, 2 * n), 1e-5);
        againstDifferences("eam, the r*phi block", cu, a, w, block(cu, 2 * n, 3 * n), 1e-4);
        double[] q = random(rnd, cu.parameterCount());
        double[] p = cu.tables();
        for (int k = 0; k < q.length; k++) q[k] *= p[k];          // a random direction of relative table changes
        againstDifferences("eam, a random direction", cu, a, w, q, 1e-5);
    }

    @Test
    void rowEqualsDifferencesOfForcesOnTwoElements() {
        Eam pair = Eam.funcfl(CU, CU);
        double[] p = pair.tables();
        int n = p.length / 7;                                    // F [2], ρ [2], r·φ [3] rows of n points
        for (int k = n; k < 2 * n; k++) p[k] *= 1.1;
        for (int k = 3 * n; k < 4 * n; k++) p[k] *= 0.9;
        for (int k = 5 * n; k < 6 * n; k++) p[k] *= 1.2;
        Eam alloy = pair.withTables(p);
        Atoms a = SecondOrderKernelsTest.twoTypes(copper(92));
        SplittableRandom rnd = new SplittableRandom(92);
        double[] w = random(rnd, 3 * a.size());
        againstDifferences("eam alloy, element 1's rho row", alloy, a, w, block(alloy, 3 * n, 4 * n), 1e-5);
        againstDifferences("eam alloy, the mixed pair's r*phi row", alloy, a, w, block(alloy, 5 * n, 6 * n), 1e-4);
        double[] q = random(rnd, p.length);
        for (int k = 0; k < q.length; k++) q[k] *= p[k];
        againstDifferences("eam alloy, a random direction", alloy, a, w, q, 1e-5);
    }

    @Test
    void askingForTheRowLeavesThePositionsProductAlone() {
        Eam cu = Eam.funcfl(CU);
        Atoms a = copper(93);
        NeighborList nl = list(cu, a);
        Ghosts g = nl.ghosts();
        double[] dX = ExtendedTangents.spread(g, random(new SplittableRandom(93), 3 * a.size()), null);
        double[] with = new double[3 * g.extended()], without = new double[with.length];
        cu.hessianProduct(a, nl, dX, null, with, new double[cu.parameterCount()]);
        cu.hessianProduct(a, nl, dX, null, without, null);
        assertArrayEquals(without, with, 0, "the positions product with the mixed row asked for");
    }
}
