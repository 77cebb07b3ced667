package org.polymorph.materials.internal.potential;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.polymorph.materials.partition.NeighborList;
import org.polymorph.materials.partition.NeighborListBuilder;
import org.polymorph.materials.structure.Atoms;
import org.polymorph.materials.structure.Lattices;

/**
 * Prints the cost of sw's adjoint product as the reverse sweep asks it
 * ({@link PartialRow.OnAtoms#hessianProductOnAtoms} with no parameter tangent and the rows of ε, σ, λ) in units of one force
 * call, per call thread CPU time, best of rounds, on the benchmark's system: 512 silicon atoms (diamond 4³) displaced by up to
 * 0.07 Å (about their 300 K spread), the file entry's ε, σ, λ scaled by 1.02, 0.99, 1.03 as the benchmark's fit starts. Beside it,
 * the same call with a zero parameter tangent, which takes the general walk (per-triplet tangents of ca, cb, ci) the adjoint
 * walk replaced; and checks on that system that both give the same product and rows (1e-12 of the largest entry).
 */
class StillingerWeberAdjointCostTest {
    private static final double[] SW_SI = {2.1683 * 1.02, 2.0951 * 0.99, 1.80, 21.0 * 1.03, 1.20, -0.333333333333, 7.049556277, 0.6022245584, 4.0, 0.0, 0.0};

    @Test
    void printCosts() {
        for (boolean print : new boolean[] {false, true}) cost(print);     // the first pass warms the JIT up
    }

    private static void cost(boolean print) {
        StillingerWeber p = new StillingerWeber(1, SecondOrderKernelsTest.table(SW_SI, 11));
        Atoms a = SecondOrderKernelsTest.displaced(Lattices.build("diamond", 5.431, new int[] {4, 4, 4}, "Si", 28.0855), 0.07, 1);
        NeighborList nl = new NeighborListBuilder(p.cutoff(), 1.0, false).build(a);
        int n = a.size(), m = p.parameterCount();
        SplittableRandom rnd = new SplittableRandom(9);
        double[] dR = new double[3 * n], rowR = new double[3 * n], outP = new double[m], zero = new double[m];
        for (int c = 0; c < dR.length; c++) dR[c] = rnd.nextDouble() - 0.5;
        boolean[] rows = new boolean[m];
        rows[StillingerWeber.EPSILON] = rows[StillingerWeber.SIGMA] = rows[StillingerWeber.LAMBDA] = true;
        int rounds = print ? 40 : 10, reps = 5;
        java.lang.management.ThreadMXBean cpu = java.lang.management.ManagementFactory.getThreadMXBean();
        double force = Double.MAX_VALUE, product = Double.MAX_VALUE, withDp = Double.MAX_VALUE;
        for (int r = 0; r < rounds; r++) {
            long t0 = cpu.getCurrentThreadCpuTime();
            for (int x = 0; x < reps; x++) p.compute(a, nl);
            force = Math.min(force, (cpu.getCurrentThreadCpuTime() - t0) / 1e6 / reps);
            t0 = cpu.getCurrentThreadCpuTime();
            for (int x = 0; x < reps; x++) p.hessianProductOnAtoms(a, nl, dR, null, rowR, outP, rows);
            product = Math.min(product, (cpu.getCurrentThreadCpuTime() - t0) / 1e6 / reps);
            t0 = cpu.getCurrentThreadCpuTime();
            for (int x = 0; x < reps; x++) p.hessianProductOnAtoms(a, nl, dR, zero, rowR, outP, rows);
            withDp = Math.min(withDp, (cpu.getCurrentThreadCpuTime() - t0) / 1e6 / reps);
        }
        double[] rowA = new double[3 * n], rowB = new double[3 * n], pA = new double[m], pB = new double[m];
        p.hessianProductOnAtoms(a, nl, dR, null, rowA, pA, rows);
        p.hessianProductOnAtoms(a, nl, dR, zero, rowB, pB, rows);
        assertClose(rowB, rowA, "product");
        assertClose(pB, pA, "rows");
        if (print) {
            System.out.printf(java.util.Locale.ROOT, "COST sw 512 adjoint: force %.3f ms; product + rows (eps, sigma, lambda), dp = null %.3f ms (%.2fx), "
                    + "dp = 0 %.3f ms (%.2fx)%n", force, product, product / force, withDp, withDp / force);
        }
    }

    private static void assertClose(double[] want, double[] got, String what) {
        double scale = 0, diff = 0;
        for (int c = 0; c < want.length; c++) {
            scale = Math.max(scale, Math.abs(want[c]));
            diff = Math.max(diff, Math.abs(want[c] - got[c]));
        }
        org.junit.jupiter.api.Assertions.assertTrue(scale > 0 && diff <= 1e-12 * scale, what + ": differs by " + diff + " of " + scale);
    }
}
