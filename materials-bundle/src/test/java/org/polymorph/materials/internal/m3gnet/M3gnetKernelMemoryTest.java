package org.polymorph.materials.internal.m3gnet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.Locale;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.polymorph.materials.partition.NeighborList;
import org.polymorph.materials.partition.NeighborListBuilder;
import org.polymorph.materials.structure.Atoms;

/**
 * The fused kernel's memory per bond on bench.m3gnet's amorphous Si: the bytes one evaluation allocates (scalar loops), per bond,
 * stay under 8,000 doubles (the kernel that kept every activation of the three blocks for its reverse pass allocated
 * 14,590, and held ~9 GB at 4,096 atoms) and do not grow with the cell (64 and 216 atoms within 10 %); with a tape
 * budget too small for more than one block the other blocks are run forward again in reverse, with bit-identical results.
 */
class M3gnetKernelMemoryTest {
    @Test
    void allocationPerBondIsBoundedAndDoesNotGrowWithTheCell() throws IOException {
        Assumptions.assumeTrue(ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean mx
                && mx.isThreadAllocatedMemorySupported() && mx.isThreadAllocatedMemoryEnabled(), "this JVM does not count allocated bytes per thread");
        M3gnetModel model = M3gnetModel.read(M3gnetTest.MP);
        double small = doublesPerBond(model, 64);
        double large = doublesPerBond(model, 216);
        System.out.printf(Locale.ROOT, "m3gnet kernel allocates %.0f doubles per bond at 64 atoms, %.0f at 216%n", small, large);
        assertTrue(small < 8000, "doubles allocated per bond at 64 atoms: " + small);
        assertEquals(small, large, 0.1 * small, "doubles allocated per bond at 216 atoms against 64");
    }

    @Test
    void blocksRecomputedBeyondTheTapeBudgetGiveTheSameResult() throws IOException {
        M3gnetModel model = M3gnetModel.read(M3gnetTest.MP);
        Atoms a = BenchM3gnetMethod.amorphous(64, 0.0468, 2.0, 1);
        NeighborList nl = new NeighborListBuilder(model.cutoff, 0, false).build(a);
        M3gnetGraph g = new M3gnetGraph(a.positions(), a.box().h(), nl, model.cutoff, model.threeBodyCutoff, M3gnet.Indexing.MATGL);
        double[] vec = M3gnetKernelSpeedTest.bondVectors(g, a);
        int[] types = new int[64];
        java.util.Arrays.fill(types, model.elements.indexOf("Si"));
        M3gnetKernel.Result all = new M3gnetKernel(model, null).evaluate(g, vec, types);
        M3gnetKernel.Result one = new M3gnetKernel(model, null, 0).evaluate(g, vec, types);
        assertEquals(all.energy(), one.energy(), 0);
        org.junit.jupiter.api.Assertions.assertArrayEquals(all.bondGradient(), one.bondGradient(), 0);
    }

    /** Doubles (8 bytes) allocated by one kernel evaluation (after one untimed) per bond of n-atom amorphous Si. */
    private static double doublesPerBond(M3gnetModel model, int n) {
        Atoms a = BenchM3gnetMethod.amorphous(n, 0.0468, 2.0, 1);
        NeighborList nl = new NeighborListBuilder(model.cutoff, 0, false).build(a);
        M3gnetGraph g = new M3gnetGraph(a.positions(), a.box().h(), nl, model.cutoff, model.threeBodyCutoff, M3gnet.Indexing.MATGL);
        double[] vec = M3gnetKernelSpeedTest.bondVectors(g, a);
        int[] types = new int[n];
        java.util.Arrays.fill(types, model.elements.indexOf("Si"));
        // the scalar loops: the lanes' vectors are objects on the heap until C2 compiles them, which two calls do not reach
        M3gnetKernel kernel = new M3gnetKernel(model, M3gnetKernel.TAPE_BUDGET, new Dense(null, false, false));
        kernel.evaluate(g, vec, types);
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = mx.getCurrentThreadAllocatedBytes();
        kernel.evaluate(g, vec, types);
        return (mx.getCurrentThreadAllocatedBytes() - before) / 8.0 / g.bonds();
    }
}
