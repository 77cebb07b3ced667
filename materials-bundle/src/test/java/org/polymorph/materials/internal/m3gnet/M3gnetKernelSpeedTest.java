package org.polymorph.materials.internal.m3gnet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.Locale;
import java.util.concurrent.ForkJoinPool;
import org.junit.jupiter.api.Test;
import org.polymorph.materials.partition.NeighborList;
import org.polymorph.materials.partition.NeighborListBuilder;
import org.polymorph.materials.structure.Atoms;

/**
 * The fused kernel on bench.m3gnet's 64-atom amorphous Si: the same energy and bond gradient on one thread and on a
 * pool, and the one-thread time (median wall and CPU time of 5 after warm-up, printed; {@code -Dm3gnet.speed.atoms=512} for a larger cell).
 */
class M3gnetKernelSpeedTest {
    @Test
    void oneThreadAndPoolAgreeAndTimeIsReported() throws IOException {
        int n = Integer.getInteger("m3gnet.speed.atoms", 64);
        M3gnetModel model = M3gnetModel.read(M3gnetTest.MP);
        Atoms a = BenchM3gnetMethod.amorphous(n, 0.0468, 2.0, 1);
        NeighborList nl = new NeighborListBuilder(model.cutoff, 0, false).build(a);
        M3gnetGraph g = new M3gnetGraph(a.positions(), a.box().h(), nl, model.cutoff, model.threeBodyCutoff, M3gnet.Indexing.MATGL);
        double[] vec = bondVectors(g, a);
        int[] types = new int[n];
        java.util.Arrays.fill(types, model.elements.indexOf("Si"));
        M3gnetKernel one = new M3gnetKernel(model, null);
        M3gnetKernel.Result ref = one.evaluate(g, vec, types);
        int reps = Integer.getInteger("m3gnet.speed.repeats", 5);
        double[] t = new double[reps];
        double[] cpu = new double[reps];
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        for (int k = 0; k < 3; k++) one.evaluate(g, vec, types);
        for (int k = 0; k < reps; k++) {
            long c0 = mx.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            M3gnetKernel.Result r = one.evaluate(g, vec, types);
            t[k] = (System.nanoTime() - t0) * 1e-6;
            cpu[k] = (mx.getCurrentThreadCpuTime() - c0) * 1e-6;
            assertEquals(ref.energy(), r.energy(), 0);
        }
        java.util.Arrays.sort(t);
        java.util.Arrays.sort(cpu);
        System.out.printf(Locale.ROOT, "m3gnet kernel, %d atoms, %d bonds, %d triples: %.1f ms on one thread (%.1f ms CPU) (E = %.12f eV)%n",
                n, g.bonds(), g.triples(), t[reps / 2], cpu[reps / 2], ref.energy());
        ForkJoinPool pool = new ForkJoinPool(2);
        try {
            M3gnetKernel.Result par = new M3gnetKernel(model, pool).evaluate(g, vec, types);
            assertEquals(ref.energy(), par.energy(), 0);
            assertEquals(ref.bondGradient().length, par.bondGradient().length);
            for (int k = 0; k < par.bondGradient().length; k++) assertEquals(ref.bondGradient()[k], par.bondGradient()[k], 0);
        } finally {
            pool.shutdown();
        }
        assertTrue(Double.isFinite(ref.energy()) && ref.energy() < 0, "energy " + ref.energy());
    }

    /** The bond vectors r_j + S·h − r_i [E, 3] (Å) of g on a. */
    static double[] bondVectors(M3gnetGraph g, Atoms a) {
        double[] vec = new double[3 * g.bonds()];
        double[] h = a.box().h();
        for (int e = 0; e < g.bonds(); e++) {
            for (int x = 0; x < 3; x++) {
                double s = 0;
                for (int y = 0; y < 3; y++) s += g.shifts[3 * e + y] * h[3 * y + x];
                vec[3 * e + x] = a.x(g.dst[e], x) + s - a.x(g.src[e], x);
            }
        }
        return vec;
    }
}
