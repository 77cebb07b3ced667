package org.polymorph.materials.internal.potential;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.polymorph.materials.Oracles;
import org.polymorph.materials.partition.NeighborList;
import org.polymorph.materials.partition.NeighborListBuilder;
import org.polymorph.materials.structure.Atoms;
import org.polymorph.materials.structure.Lattices;

/**
 * eam's parameter tangents that are multiples of the potential's own tables (the table-scale family's, {@link Eam#tableScales}),
 * whose parts the products take from the pair's values rather than from splines of their own, and the adjoint's product with the
 * mixed row (one tangent: the product and the row's moments in one loop over the pairs):
 * <ul>
 * <li>the force-and-tangents walk with k = 1..4 scaled tangents (each block, a mix of the three, a null row) equals, to 1e-13 of
 * the largest component, the same walk by linearity through tangents that are not multiples: S + Q (random Q, spline path)
 * minus Q alone with zero position tangents; the forces equal the force call's to 1e-13; periodic, triclinic and free copper,
 * one element and two (funcfl, the second element's tables scaled apart);</li>
 * <li>the batched products ({@link Eam#hessianProducts}) with those tangents against the same decomposition, to 1e-13;</li>
 * <li>that product equals the generic loop's without the row ({@link Eam#hessianProducts}) and beside a zero parameter tangent to
 * 1e-13, and its row the row walked in a loop of its own to 1e-12 (periodic, triclinic, free, one and two elements); the row
 * contracted with the table-scale Jacobian (the adjoint's contraction) equals central differences of λ·F over θ to 1e-8.</li>
 * </ul>
 */
class EamScaledTangentsTest {
    private static final Path CU = Oracles.potentialFile("Cu_u3.eam");
    private static final double[] THETA = {1.02, 0.99, 1.03};

    private static NeighborList list(Eam p, Atoms a) { return new NeighborListBuilder(p.cutoff(), 0.4, true).build(a); }

    private static Atoms copper(long seed) {
        return SecondOrderKernelsTest.displaced(Lattices.build("fcc", 3.615, new int[] {2, 2, 2}, "Cu", 63.546), 0.1, seed);
    }

    /** The family's ∂p/∂θ_j at THETA [3][m]: the tables of block j, zero elsewhere. */
    private static double[][] blocks(FusedEnergy.Family f, int m) {
        double[] jac = f.parameterJacobian(THETA);
        double[][] b = new double[3][m];
        for (int i = 0; i < m; i++) for (int j = 0; j < 3; j++) b[j][i] = jac[3 * i + j];
        return b;
    }

    /** k scaled rows: the three blocks, a mix of them (each kind a multiple of its tables) and, for k = 4, a null row in place of block 1. */
    private static double[][] scaled(double[][] blocks, int k) {
        int m = blocks[0].length;
        double[] mix = new double[m];
        for (int i = 0; i < m; i++) mix[i] = 0.4 * blocks[0][i] - 1.3 * blocks[1][i] + 0.7 * blocks[2][i];
        double[][] all = {blocks[0], blocks[1], blocks[2], mix};
        double[][] dp = Arrays.copyOf(all, k);
        if (k == 4) dp[1] = null;
        return dp;
    }

    /** Random Q [k][m], each entry the table's entry times 0.05..0.15 (no multiple of any table), null where dp's row is null. */
    private static double[][] random(Eam eam, double[][] dp, SplittableRandom rnd) {
        double[] p = eam.tables();
        double[][] q = new double[dp.length][];
        for (int b = 0; b < dp.length; b++) {
            if (dp[b] == null) continue;
            q[b] = new double[p.length];
            for (int i = 0; i < p.length; i++) q[b][i] = p[i] * (0.05 + 0.1 * rnd.nextDouble());
        }
        return q;
    }

    private static double[][] sum(double[][] a, double[][] b) {
        double[][] s = new double[a.length][];
        for (int r = 0; r < a.length; r++) {
            if (a[r] == null) continue;
            s[r] = a[r].clone();
            for (int i = 0; i < s[r].length; i++) s[r][i] += b[r][i];
        }
        return s;
    }

    private static void close(double[] want, double[] got, double tol, String what) {
        double worst = 0, scale = 0;
        for (int c = 0; c < want.length; c++) {
            worst = Math.max(worst, Math.abs(want[c] - got[c]));
            scale = Math.max(scale, Math.abs(want[c]));
        }
        assertTrue(scale > 0, what + ": all zero");
        assertTrue(worst <= tol * scale, what + ": differs by " + worst + " (scale " + scale + ")");
    }

    /** The walk with scaled tangents against S + Q minus Q, for k = 1..4; the forces against compute's. */
    private static void walk(String name, FusedEnergy.Family f, Atoms a, long seed) {
        Eam eam = (Eam) f.at(THETA);
        NeighborList nl = list(eam, a);
        int n = a.size();
        double[][] blocks = blocks(f, eam.parameterCount());
        double[] force = eam.compute(a, nl).forces();
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int k = 1; k <= 4; k++) {
            String what = name + ", k = " + k;
            double[][] s = scaled(blocks, k), q = random(eam, s, rnd);
            double[] dT = new double[3 * k * n];
            for (int c = 0; c < dT.length; c++) dT[c] = rnd.nextDouble() - 0.5;
            double[] got = new double[3 * k * n], forces = new double[3 * n];
            eam.forceAndTangents(a, nl, k, dT, s, got, forces);
            close(force, forces, 1e-13, what + ", forces");
            double[] plus = new double[3 * k * n], minus = new double[3 * k * n];
            eam.forceAndTangents(a, nl, k, dT, sum(s, q), plus, null);
            eam.forceAndTangents(a, nl, k, new double[3 * k * n], q, minus, null);
            for (int c = 0; c < plus.length; c++) plus[c] -= minus[c];
            close(plus, got, 1e-13, what + ", tangents");

            // the batched products on the extended atoms, the same decomposition
            int ext3 = 3 * nl.ghosts().extended();
            double[][] dX = new double[k][], zero = new double[k][], outS = new double[k][ext3], outSq = new double[k][ext3], outQ = new double[k][ext3];
            for (int b = 0; b < k; b++) {
                double[] one = new double[3 * n];
                for (int i = 0; i < n; i++) System.arraycopy(dT, (i * k + b) * 3, one, 3 * i, 3);
                dX[b] = ExtendedTangents.spread(nl.ghosts(), one, null);
                zero[b] = new double[ext3];
            }
            eam.hessianProducts(a, nl, dX, s, outS);
            eam.hessianProducts(a, nl, dX, sum(s, q), outSq);
            eam.hessianProducts(a, nl, zero, q, outQ);
            for (int b = 0; b < k; b++) {
                for (int c = 0; c < ext3; c++) outSq[b][c] -= outQ[b][c];
                close(outSq[b], outS[b], 1e-13, what + ", batched product " + b);
            }
        }
    }

    private static FusedEnergy.Family twoElements() {
        Eam pair = Eam.funcfl(CU, CU);
        double[] p = pair.tables();
        int n = p.length / 7;                                    // Cu_u3: F [2], ρ [2], r·φ [3] rows of 500 points
        for (int k = n; k < 2 * n; k++) p[k] *= 1.1;
        for (int k = 3 * n; k < 4 * n; k++) p[k] *= 0.9;
        for (int k = 5 * n; k < 6 * n; k++) p[k] *= 1.2;
        return pair.withTables(p).tableScales();
    }

    @Test
    void scaledTangentsEqualTheSplinePathOnOneElement() {
        FusedEnergy.Family f = Eam.funcfl(CU).tableScales();
        walk("eam", f, copper(1), 10);
        walk("eam triclinic", f, SecondOrderKernelsTest.triclinic(copper(2), 0.1, -0.08, 0.05), 20);
        walk("eam free", f, SecondOrderKernelsTest.free(copper(3)), 30);
    }

    @Test
    void scaledTangentsEqualTheSplinePathOnTwoElements() {
        FusedEnergy.Family f = twoElements();
        walk("eam two elements", f, SecondOrderKernelsTest.twoTypes(copper(4)), 40);
        walk("eam two elements free", f, SecondOrderKernelsTest.free(SecondOrderKernelsTest.twoTypes(copper(5))), 50);
    }

    /**
     * The adjoint's product with the row (one tangent, no parameter tangent: the loop that walks the product and the row's moments
     * together) against the generic loop without the row ({@link Eam#hessianProducts}), and against the generic loop with a
     * parameter tangent of zeros, which walks the row in a loop of its own (the row to 1e-12, the product to 1e-13).
     */
    private static void adjointProduct(String name, FusedEnergy.Family f, Atoms a, long seed) {
        Eam eam = (Eam) f.at(THETA);
        NeighborList nl = list(eam, a);
        int n = a.size(), m = eam.parameterCount(), ext3 = 3 * nl.ghosts().extended();
        SplittableRandom rnd = new SplittableRandom(seed);
        double[] lambda = new double[3 * n];
        for (int c = 0; c < lambda.length; c++) lambda[c] = rnd.nextDouble() - 0.5;
        double[] dX = ExtendedTangents.spread(nl.ghosts(), lambda, null);
        double[] got = new double[ext3], row = new double[m];
        eam.hessianProduct(a, nl, dX, null, got, row);
        double[][] generic = {new double[ext3]};
        eam.hessianProducts(a, nl, new double[][] {dX}, null, generic);
        close(generic[0], got, 1e-13, name + ": the one-tangent loop with the row against the generic loop");
        double[] viaGeneric = new double[ext3], rowGeneric = new double[m];
        eam.hessianProduct(a, nl, dX, new double[m], viaGeneric, rowGeneric);   // a parameter tangent (zero): the generic loop and the row's own
        close(viaGeneric, got, 1e-13, name + ": the product beside the generic loop's");
        close(rowGeneric, row, 1e-12, name + ": the row against the row's own loop");
    }

    @Test
    void adjointProductWithTheRowEqualsTheGenericLoops() {
        FusedEnergy.Family one = Eam.funcfl(CU).tableScales();
        adjointProduct("eam", one, copper(6), 60);
        adjointProduct("eam triclinic", one, SecondOrderKernelsTest.triclinic(copper(7), 0.1, -0.08, 0.05), 70);
        adjointProduct("eam free", one, SecondOrderKernelsTest.free(copper(8)), 80);
        adjointProduct("eam two elements", twoElements(), SecondOrderKernelsTest.twoTypes(copper(9)), 90);
    }

    /** Σ_i J_ij row_i (the adjoint's contraction) against −(λ·F(θ + h e_j) − λ·F(θ − h e_j))/(2h). */
    @Test
    void rowContractedWithTheJacobianEqualsDifferences() {
        FusedEnergy.Family f = Eam.funcfl(CU).tableScales();
        Atoms a = copper(11);
        Eam eam = (Eam) f.at(THETA);
        NeighborList nl = list(eam, a);
        int n = a.size(), m = eam.parameterCount();
        SplittableRandom rnd = new SplittableRandom(11);
        double[] lambda = new double[3 * n];
        for (int c = 0; c < lambda.length; c++) lambda[c] = rnd.nextDouble() - 0.5;
        double[] row = new double[m];
        eam.hessianProduct(a, nl, ExtendedTangents.spread(nl.ghosts(), lambda, null), null, new double[3 * nl.ghosts().extended()], row);
        double[] jac = f.parameterJacobian(THETA);
        for (int j = 0; j < 3; j++) {
            double got = 0;
            for (int i = 0; i < m; i++) got += jac[3 * i + j] * row[i];
            double h = 1e-5;
            double[] up = THETA.clone(), down = THETA.clone();
            up[j] += h;
            down[j] -= h;
            double fd = -(dot(lambda, f.at(up).compute(a, nl).forces()) - dot(lambda, f.at(down).compute(a, nl).forces())) / (2 * h);
            assertTrue(Math.abs(fd) > 1e-6, "theta " + j + ": a vanishing difference " + fd);
            double err = Math.abs(got - fd) / Math.abs(fd);
            assertTrue(err < 1e-8, "theta " + j + ": J^T row = " + got + ", central difference " + fd + " (relative error " + err + ")");
        }
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int k = 0; k < a.length; k++) s += a[k] * b[k];
        return s;
    }
}
