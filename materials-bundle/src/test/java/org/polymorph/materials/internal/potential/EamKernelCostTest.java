package org.polymorph.materials.internal.potential;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.polymorph.materials.Oracles;
import org.polymorph.materials.partition.NeighborList;
import org.polymorph.materials.partition.NeighborListBuilder;
import org.polymorph.materials.structure.Atoms;
import org.polymorph.materials.structure.Lattices;

/**
 * Prints (asserts nothing about the times) what eam's kernels cost on the bench's eam_vdos system, 500 copper atoms (fcc 5³,
 * Cu_u3.eam, the table-scale family at θ = (1.02, 0.99, 1.03), a half list with the trajectory's 1 Å skin): the force call,
 * the force-and-tangents walk with k = 1, 2, 3 and 8 of the family's block tangents (the forward mode's kernel), and the
 * adjoint's product H·λ without and with the parameter row, spread to the extended atoms and reduced back as the reverse sweep
 * does; per call, milliseconds of thread CPU time (the machine is shared), best of rounds. Asserts the walks' outputs are finite and nonzero, so a broken kernel is not timed.
 */
class EamKernelCostTest {
    private static final Path CU = Oracles.potentialFile("Cu_u3.eam");

    @Test
    void printCosts() {
        for (boolean print : new boolean[] {false, true}) cost(print);   // the first pass warms the JIT up
    }

    private static void cost(boolean print) {
        FusedEnergy.Family family = Eam.funcfl(CU).tableScales();
        double[] theta = {1.02, 0.99, 1.03};
        Eam eam = (Eam) family.at(theta);
        Atoms a = SecondOrderKernelsTest.displaced(Lattices.build("fcc", 3.615, new int[] {5, 5, 5}, "Cu", 63.546), 0.05, 1);
        NeighborList nl = new NeighborListBuilder(eam.cutoff(), 1.0, true).build(a);
        int n = a.size(), m = eam.parameterCount(), ext = nl.ghosts().extended();
        double[] jac = family.parameterJacobian(theta);
        double[][] blocks = new double[3][m];
        for (int i = 0; i < m; i++) for (int j = 0; j < 3; j++) blocks[j][i] = jac[3 * i + j];
        int[] ks = {1, 2, 3, 8};
        SplittableRandom rnd = new SplittableRandom(9);
        double[][] dT = new double[ks.length][], outT = new double[ks.length][];
        double[][][] dp = new double[ks.length][][];
        for (int q = 0; q < ks.length; q++) {
            int k = ks[q];
            dT[q] = new double[3 * k * n];
            outT[q] = new double[3 * k * n];
            for (int c = 0; c < dT[q].length; c++) dT[q][c] = rnd.nextDouble() - 0.5;
            dp[q] = new double[k][];
            for (int b = 0; b < k; b++) dp[q][b] = blocks[b % 3];
        }
        double[] lambda = new double[3 * n];
        for (int c = 0; c < lambda.length; c++) lambda[c] = rnd.nextDouble() - 0.5;
        double[] dX = new double[3 * ext], outX = new double[3 * ext], row = new double[3 * n], outP = new double[m];
        double[] forces = new double[3 * n];
        int rounds = print ? 30 : 10, reps = 4;
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        double[] best = new double[ks.length + 3];
        Arrays.fill(best, Double.MAX_VALUE);
        for (int r = 0; r < rounds; r++) {
            long t0 = cpu.getCurrentThreadCpuTime();
            for (int x = 0; x < reps; x++) eam.compute(a, nl);
            best[0] = Math.min(best[0], (cpu.getCurrentThreadCpuTime() - t0) / 1e6 / reps);
            for (int q = 0; q < ks.length; q++) {
                t0 = cpu.getCurrentThreadCpuTime();
                for (int x = 0; x < reps; x++) eam.forceAndTangents(a, nl, ks[q], dT[q], dp[q], outT[q], forces);
                best[1 + q] = Math.min(best[1 + q], (cpu.getCurrentThreadCpuTime() - t0) / 1e6 / reps);
            }
            for (int withRow = 0; withRow < 2; withRow++) {        // as VerletTrajectory's Products.apply: spread, product, reduce
                t0 = cpu.getCurrentThreadCpuTime();
                for (int x = 0; x < reps; x++) {
                    Arrays.fill(outX, 0);
                    ExtendedTangents.spread(nl.ghosts(), lambda, null, dX);
                    eam.hessianProduct(a, nl, dX, null, outX, withRow == 1 ? outP : null);
                    ExtendedTangents.reduce(nl.ghosts(), outX, row, null);
                }
                best[1 + ks.length + withRow] = Math.min(best[1 + ks.length + withRow], (cpu.getCurrentThreadCpuTime() - t0) / 1e6 / reps);
            }
        }
        for (double[] o : outT) assertTrue(Arrays.stream(o).allMatch(Double::isFinite) && Arrays.stream(o).anyMatch(v -> v != 0));
        assertTrue(Arrays.stream(outP).allMatch(Double::isFinite) && Arrays.stream(outP).anyMatch(v -> v != 0));
        if (print) {
            StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "COST eam 500 Cu: force %.3f ms", best[0]));
            for (int q = 0; q < ks.length; q++) s.append(String.format(Locale.ROOT, "; k = %d %.3f ms (%.2fx)", ks[q], best[1 + q], best[1 + q] / best[0]));
            s.append(String.format(Locale.ROOT, "; adjoint product %.3f ms (%.2fx), with row %.3f ms (%.2fx)", best[1 + ks.length],
                    best[1 + ks.length] / best[0], best[2 + ks.length], best[2 + ks.length] / best[0]));
            System.out.println(s);
        }
    }
}
