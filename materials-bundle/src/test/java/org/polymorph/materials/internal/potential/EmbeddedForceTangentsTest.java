package org.polymorph.materials.internal.potential;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.polymorph.materials.Oracles;
import org.polymorph.materials.partition.NeighborList;
import org.polymorph.materials.partition.NeighborListBuilder;
import org.polymorph.materials.potential.PairSum;
import org.polymorph.materials.potential.Potential;
import org.polymorph.materials.potential.SecondOrder;
import org.polymorph.materials.structure.Atoms;
import org.polymorph.materials.structure.Lattices;

/**
 * The embedded-atom styles' fused walk ({@link ForceTangents#forceAndTangents}: the force and k = 1..4 interleaved tangents in the
 * two walks of the products) equals the separate force call ({@link Potential#compute}) and the batched products
 * ({@link SecondOrder#hessianProducts} of the tangents spread onto the extended atoms, folded back onto the atoms) to 1e-13
 * relative to the largest component, with random parameter tangents, with the table-scale family's block tangents (each
 * touching one table block), without parameter tangents and with the force left out, on periodic, triclinic and free
 * copper: eam with one and two elements (funcfl, the second element's tables scaled apart) and gupta with one and two types.
 */
class EmbeddedForceTangentsTest {
    private static final double TOL = 1e-13;
    private static final Path CU = Oracles.potentialFile("Cu_u3.eam");

    private static NeighborList list(Potential p, Atoms a) { return new NeighborListBuilder(p.cutoff(), 0.4, true).build(a); }

    /** Parameter tangents: random (scaled by {@code amp}) when {@code rows} is null, else the given rows; none when both are null and amp is 0. */
    private static void check(String name, Potential p, Atoms a, double amp, double[][] rows, long seed) {
        for (int k = 1; k <= 4; k++) check(name + ", k = " + k, p, a, amp, rows, seed + k, k);
    }

    private static void check(String name, Potential p, Atoms a, double amp, double[][] rows, long seed, int k) {
        SecondOrder so = (SecondOrder) p;
        ForceTangents fused = (ForceTangents) p;
        NeighborList nl = list(p, a);
        int n = a.size(), ext = nl.ghosts().extended(), m = so.parameterCount();
        SplittableRandom rnd = new SplittableRandom(seed);
        double[] dT = new double[3 * k * n];
        for (int c = 0; c < dT.length; c++) dT[c] = rnd.nextDouble() - 0.5;
        double[][] dp = null;
        if (rows != null) {
            dp = new double[k][];
            for (int b = 0; b < k; b++) dp[b] = rows[b % rows.length];        // a null row: no parameter tangent for b
        } else if (amp > 0) {
            dp = new double[k][m];
            for (double[] row : dp) for (int c = 0; c < m; c++) row[c] = amp * (rnd.nextDouble() - 0.5);
        }
        double[][] dX = new double[k][], batched = new double[k][3 * ext];
        for (int b = 0; b < k; b++) {
            double[] one = new double[3 * n];
            for (int i = 0; i < n; i++) System.arraycopy(dT, (i * k + b) * 3, one, 3 * i, 3);
            dX[b] = ExtendedTangents.spread(nl.ghosts(), one, null);
        }
        so.hessianProducts(a, nl, dX, dp, batched);
        double[] want = p.compute(a, nl).forces();
        for (boolean withForce : new boolean[] {true, false}) {
            double[] outT = new double[3 * k * n], forces = withForce ? new double[3 * n] : null;
            Arrays.fill(outT, 0.25);                                           // the walk adds to what is there
            fused.forceAndTangents(a, nl, k, dT, dp, outT, forces);
            String what = name + (dp != null ? " with parameters" : "") + (withForce ? "" : " (no force)");
            for (int b = 0; b < k; b++) {
                double[] row = new double[3 * n], got = new double[3 * n];
                ExtendedTangents.reduce(nl.ghosts(), batched[b], row, null);
                for (int i = 0; i < n; i++) for (int c = 0; c < 3; c++) got[3 * i + c] = outT[(i * k + b) * 3 + c] - 0.25;
                close(row, got, what + ", tangent " + b);
            }
            if (withForce) close(want, forces, what + ", forces");
        }
    }

    private static void close(double[] want, double[] got, String what) {
        double worst = 0, scale = 0;
        for (int c = 0; c < want.length; c++) {
            worst = Math.max(worst, Math.abs(want[c] - got[c]));
            scale = Math.max(scale, Math.abs(want[c]));
        }
        assertTrue(scale > 0, what + ": all zero");
        assertTrue(worst <= TOL * scale, what + ": differs by " + worst + " (scale " + scale + ")");
    }

    private static Atoms copper(long seed) {
        return SecondOrderKernelsTest.displaced(Lattices.build("fcc", 3.615, new int[] {2, 2, 2}, "Cu", 63.546), 0.1, seed);
    }

    /** Periodic, triclinic and free, with and without parameter tangents. */
    private static void all(String name, Potential p, Atoms a, double amp, long seed) {
        check(name, p, a, amp, null, seed);
        check(name, p, a, 0, null, seed + 10);
        check(name + " triclinic", p, SecondOrderKernelsTest.triclinic(a, 0.1, -0.08, 0.05), amp, null, seed + 20);
        check(name + " free", p, SecondOrderKernelsTest.free(a), amp, null, seed + 30);
    }

    @Test
    void eamOneElement() {
        Eam eam = Eam.funcfl(CU);
        all("eam", eam, copper(3), 0.05, 100);
        // the table-scale family's tangents: ∂p/∂θ_j holds the tables of block j, zero elsewhere (the bench's forward mode)
        double[] jac = eam.tableScales().parameterJacobian(new double[] {1, 1, 1});
        int m = eam.parameterCount();
        double[][] blocks = new double[3][m];
        for (int i = 0; i < m; i++) for (int j = 0; j < 3; j++) blocks[j][i] = jac[3 * i + j];
        check("eam table scales", eam, copper(4), 0, blocks, 200);
        check("eam table scales, one row left out", eam, copper(5), 0, new double[][] {blocks[1], null, blocks[2], blocks[0]}, 300);
    }

    @Test
    void eamTwoElements() {
        Eam pair = Eam.funcfl(CU, CU);
        double[] p = pair.tables();
        int nrho = p.length / 7, nr = nrho;   // Cu_u3: 500 points on both grids; blocks F [2], ρ [2], r·φ [3]
        for (int k = nrho; k < 2 * nrho; k++) p[k] *= 1.1;
        for (int k = 2 * nrho + nr; k < 2 * nrho + 2 * nr; k++) p[k] *= 0.9;
        for (int k = 2 * nrho + 3 * nr; k < 2 * nrho + 4 * nr; k++) p[k] *= 1.2;
        all("eam two elements", pair.withTables(p), SecondOrderKernelsTest.twoTypes(copper(6)), 0.05, 400);
    }

    /** Cleri and Rosato's Cu (A, ξ, p, q, r0), smooth switch 4.2 → 5.2 Å. */
    @Test
    void gupta() {
        all("gupta", Gupta.smooth(new double[] {0.0855}, new double[] {1.224}, new double[] {10.960}, new double[] {2.278}, new double[] {2.556}, 4.2, 5.2),
                copper(7), 0.01, 500);
        Gupta two = Gupta.smooth(PairSum.fromUpper(new double[] {0.0855, 0.098, 0.1028}, 2), PairSum.fromUpper(new double[] {1.224, 1.2274, 1.178}, 2),
                PairSum.fromUpper(new double[] {10.96, 10.7, 10.928}, 2), PairSum.fromUpper(new double[] {2.278, 2.805, 3.139}, 2),
                PairSum.fromUpper(new double[] {2.556, 2.72, 2.8885}, 2), 4.2, 5.2);
        all("gupta two types", two, SecondOrderKernelsTest.twoTypes(copper(8)), 0.01, 600);
    }
}
