package org.polymorph.materials.internal.potential;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.polymorph.materials.partition.NeighborList;
import org.polymorph.materials.partition.NeighborListBuilder;
import org.polymorph.materials.structure.Atoms;
import org.polymorph.materials.structure.Lattices;

/**
 * Prints (asserts nothing about time) what edip's kernels cost on 512 Si atoms in diamond (4³ cells, a = 5.431 Å, rattled
 * by 0.05 Å): a force evaluation, a Hessian-vector product H·dX, the product with a parameter tangent dp too, and that with the
 * parameter row outP as well, as the median and the best of timed rounds after warm-up, and the last two as multiples of the first.
 */
class EdipProductTimingTest {
    private static final int WARM = 20;
    private static final int TIMED = 21;

    @Test
    void forceProductAndParameterRowOn512Silicon() {
        Atoms si = SecondOrderKernelsTest.displaced(Lattices.build("diamond", 5.431, new int[] {4, 4, 4}, "Si", 28.0855), 0.05, 7);
        Edip edip = EdipTest.silicon();
        NeighborList nl = new NeighborListBuilder(edip.cutoff(), 0.3, false).build(si);
        int ext = 3 * nl.ghosts().extended();
        SplittableRandom rnd = new SplittableRandom(8);
        double[] dX = new double[ext], dp = new double[edip.parameterCount()];
        for (int k = 0; k < ext; k++) dX[k] = rnd.nextDouble() - 0.5;
        for (int k = 0; k < dp.length; k++) dp[k] = rnd.nextDouble() - 0.5;
        double[] outX = new double[ext], outP = new double[dp.length];
        double[] sink = new double[1];
        Runnable force = () -> sink[0] += edip.compute(si, nl).energy();
        Runnable product = () -> edip.hessianProduct(si, nl, dX, null, outX, null);
        Runnable tangent = () -> edip.hessianProduct(si, nl, dX, dp, outX, null);
        Runnable full = () -> edip.hessianProduct(si, nl, dX, dp, outX, outP);
        double[][] m = times(force, product, tangent, full);
        String[] what = {"median", "best"};
        for (int w = 0; w < 2; w++) {
            double tf = m[w][0], tx = m[w][1], td = m[w][2], tp = m[w][3];
            System.out.printf("edip, 512 Si (%s): force %.3f ms, H·dX %.3f ms (%.2fx), H·dX + M·dp %.3f ms (%.2fx), with the parameter row too %.3f ms (%.2fx)%n",
                    what[w], tf * 1e3, tx * 1e3, tx / tf, td * 1e3, td / tf, tp * 1e3, tp / tf);
        }
        System.out.println("(checksum " + (sink[0] + outX[0] + outP[0]) + ")");
    }

    /** {median, best} seconds of each task over {@link #TIMED} rounds (each round runs every task once, in turn) after {@link #WARM} untimed rounds. */
    private static double[][] times(Runnable... tasks) {
        for (int k = 0; k < WARM; k++) for (Runnable r : tasks) r.run();
        double[][] t = new double[tasks.length][TIMED];
        for (int k = 0; k < TIMED; k++) {
            for (int j = 0; j < tasks.length; j++) {
                long t0 = System.nanoTime();
                tasks[j].run();
                t[j][k] = (System.nanoTime() - t0) * 1e-9;
            }
        }
        double[][] out = new double[2][tasks.length];
        for (int j = 0; j < tasks.length; j++) {
            Arrays.sort(t[j]);
            out[0][j] = t[j][TIMED / 2];
            out[1][j] = t[j][0];
        }
        return out;
    }
}
