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
 * EAM products along parameter tangents that touch one table block only, as the table-scale family's Jacobian columns do
 * (the products skip a tangent's all-zero tables), and products from one potential reused across calls (work arrays,
 * mixed-row accumulators and tangent tables kept from call to call): against central differences of the kernel's own
 * forces (1e-8 relative to the largest component), batched against single (1e-12), and a reused potential against a
 * fresh one (bit for bit).
 */
class EamBlockTangentsTest {
    private static final Path CU = Oracles.potentialFile("Cu_u3.eam");

    private static Atoms copper(int cells, long seed) {
        return SecondOrderKernelsTest.displaced(Lattices.build("fcc", 3.615, new int[] {cells, cells, cells}, "Cu", 63.546), 0.1, seed);
    }

    private static NeighborList list(Eam eam, Atoms a) { return new NeighborListBuilder(eam.cutoff(), 0.3, true).build(a); }

    /** ∂²E/∂R∂p·ṗ [3N] by the kernel (no positions tangent). */
    private static double[] product(Eam eam, Atoms a, NeighborList nl, double[] dp) {
        Ghosts g = nl.ghosts();
        double[] out = new double[3 * g.extended()], row = new double[3 * a.size()];
        eam.hessianProduct(a, nl, new double[out.length], dp, out, null);
        ExtendedTangents.reduce(g, out, row, null);
        return row;
    }

    /** Largest |a − b| over the largest |b|. */
    private static double relative(double[] a, double[] b) {
        double worst = 0, scale = 0;
        for (int k = 0; k < a.length; k++) {
            worst = Math.max(worst, Math.abs(a[k] - b[k]));
            scale = Math.max(scale, Math.abs(b[k]));
        }
        assertTrue(scale > 0, "a zero product");
        return worst / scale;
    }

    /** The product along ṗ against central differences of the forces along ṗ at step h (forces = −∂E/∂R). */
    private static void againstDifferences(String what, Eam eam, Atoms a, double[] dp, double h) {
        NeighborList nl = list(eam, a);
        double[] p = eam.tables(), plus = p.clone(), minus = p.clone();
        for (int k = 0; k < p.length; k++) {
            plus[k] += h * dp[k];
            minus[k] -= h * dp[k];
        }
        double[] fp = eam.withTables(plus).compute(a, nl).forces(), fm = eam.withTables(minus).compute(a, nl).forces();
        double[] fd = new double[fp.length];
        for (int k = 0; k < fd.length; k++) fd[k] = (fm[k] - fp[k]) / (2 * h);
        double err = relative(product(eam, a, nl, dp), fd);
        assertTrue(err < 1e-8, what + ": ∂²E/∂R∂p·ṗ off by " + err + " (relative) against central differences");
    }

    /** Column b of the table-scale family's Jacobian at θ = (1, 1, 1): the F, ρ or r·φ tables themselves, zero elsewhere. */
    private static double[] block(Eam eam, int b) {
        double[] jac = eam.tableScales().parameterJacobian(new double[] {1, 1, 1});
        double[] dp = new double[eam.parameterCount()];
        for (int k = 0; k < dp.length; k++) dp[k] = jac[3 * k + b];
        return dp;
    }

    @Test
    void blockTangentsEqualDifferencesOfForces() {
        Eam cu = Eam.funcfl(CU);
        Atoms a = copper(2, 81);
        String[] names = {"F", "rho", "r*phi"};
        // the forces are linear in F's and r·φ's tables (any step; a small one only adds rounding), not in ρ's
        double[] steps = {1e-4, 1e-5, 1e-4};
        for (int b = 0; b < 3; b++) againstDifferences("eam, the " + names[b] + " block", cu, a, block(cu, b), steps[b]);
        // two elements with different tables; a tangent in element 1's ρ row alone (element 0's and every other table zero)
        Eam pair = Eam.funcfl(CU, CU);
        double[] p = pair.tables();
        int n = p.length / 7;                                   // F [2], ρ [2], r·φ [3] rows of n points (Cu_u3: nr = nρ)
        for (int k = n; k < 2 * n; k++) p[k] *= 1.1;
        for (int k = 3 * n; k < 4 * n; k++) p[k] *= 0.9;
        for (int k = 5 * n; k < 6 * n; k++) p[k] *= 1.2;
        Eam alloy = pair.withTables(p);
        Atoms mixed = SecondOrderKernelsTest.twoTypes(a);
        double[] rho1 = new double[p.length];
        for (int k = 3 * n; k < 4 * n; k++) rho1[k] = p[k];
        againstDifferences("eam alloy, element 1's rho row", alloy, mixed, rho1, 1e-5);
        double[] phi01 = new double[p.length];
        for (int k = 5 * n; k < 6 * n; k++) phi01[k] = p[k];
        againstDifferences("eam alloy, the mixed pair's r*phi row", alloy, mixed, phi01, 1e-4);
    }

    @Test
    void blockTangentsBatchedEqualSingle() {
        Eam cu = Eam.funcfl(CU);
        Atoms a = copper(2, 82);
        NeighborList nl = list(cu, a);
        int ext = 3 * nl.ghosts().extended();
        SplittableRandom rnd = new SplittableRandom(82);
        double[][] dX = new double[4][ext], dp = {block(cu, 0), block(cu, 1), null, block(cu, 2)}, batched = new double[4][ext];
        for (double[] t : dX) for (int k = 0; k < ext; k++) t[k] = rnd.nextDouble() - 0.5;
        cu.hessianProducts(a, nl, dX, dp, batched);
        for (int b = 0; b < 4; b++) {
            double[] one = new double[ext];
            cu.hessianProduct(a, nl, dX[b], dp[b], one, null);
            double err = relative(batched[b], one);
            assertTrue(err <= 1e-12, "tangent " + b + ": batched differs from single by " + err + " (relative)");
        }
    }

    @Test
    void reusedPotentialEqualsAFreshOne() {
        Eam reused = Eam.funcfl(CU);
        SplittableRandom rnd = new SplittableRandom(83);
        double[] dp = block(reused, 1);
        // sizes and tangent counts in turn, so the kept arrays are grown, then used larger than asked
        int[][] runs = {{2, 1}, {3, 3}, {2, 2}, {3, 1}};
        for (int[] run : runs) {
            Atoms a = copper(run[0], 84 + run[0]);
            NeighborList nl = list(reused, a);
            int ext = 3 * nl.ghosts().extended(), m = reused.parameterCount();
            double[][] dX = new double[run[1]][ext], dps = new double[run[1]][];
            for (int b = 0; b < run[1]; b++) {
                for (int k = 0; k < ext; k++) dX[b][k] = rnd.nextDouble() - 0.5;
                dps[b] = dp;
            }
            double[][] got = new double[run[1]][ext], want = new double[run[1]][ext];
            reused.hessianProducts(a, nl, dX, dps, got);
            Eam.funcfl(CU).hessianProducts(a, nl, dX, dps, want);
            for (int b = 0; b < run[1]; b++) assertArrayEquals(want[b], got[b], 0, "batched tangent " + b + " of a reused potential");
            // the mixed row: its accumulators are given back zeroed after each product
            double[] outX = new double[ext], rowGot = new double[m], rowWant = new double[m];
            reused.hessianProduct(a, nl, dX[0], null, outX, rowGot);
            Eam.funcfl(CU).hessianProduct(a, nl, dX[0], null, new double[ext], rowWant);
            assertArrayEquals(rowWant, rowGot, 0, "mixed row of a reused potential");
            // ṗ changed in place: the tangent tables kept for the old values are not used
            for (int k = 0; k < dp.length; k++) dp[k] *= 1 + 0.1 * rnd.nextDouble();
        }
    }
}
