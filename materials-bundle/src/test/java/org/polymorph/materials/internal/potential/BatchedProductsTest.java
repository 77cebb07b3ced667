package org.polymorph.materials.internal.potential;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.polymorph.materials.Oracles;
import org.polymorph.materials.partition.NeighborList;
import org.polymorph.materials.partition.NeighborListBuilder;
import org.polymorph.materials.potential.Potential;
import org.polymorph.materials.potential.SecondOrder;
import org.polymorph.materials.structure.Atoms;
import org.polymorph.materials.structure.Lattices;

/**
 * The batched products {@link SecondOrder#hessianProducts} of the many-body kernels (sw, tersoff, edip) and the
 * embedded-atom ones (eam, gupta) equal one {@link SecondOrder#hessianProduct} per tangent to 1e-12 (relative to the
 * largest component), with and without parameter tangents, on periodic, triclinic, free and two-type structures. Also
 * prints (asserts nothing about) the cost of a force call, of one product with its parameter row, and of three batched
 * tangents, timed back to back in rounds.
 */
class BatchedProductsTest {
    private static final double TOL = 1e-12;

    private static final double[] SW_SI = {2.1683, 2.0951, 1.80, 21.0, 1.20, -0.333333333333, 7.049556277, 0.6022245584, 4.0, 0.1, 0.01};
    private static final double[] TERSOFF_SI = {3.0, 1.0, 1.3258, 4.8381, 2.0417, 0.0, 22.956, 0.33675, 1.3258, 95.373, 3.0, 0.2, 3.2394, 3264.7};
    private static final double[] EDIP_SI = {7.9821730, 1.5075463, 3.1213820, 2.5609104, 3.1083847, 0.0070975, 0.2523244, 1.1247945, 1.4533108,
        0.6966326, 1.2085196, 0.5774108, 312.1341346, -0.165799, 32.557, 0.286198, 0.66};

    private static Atoms silicon(double a, int cells, double amp, long seed) {
        return SecondOrderKernelsTest.displaced(Lattices.build("diamond", a, new int[] {cells, cells, cells}, "Si", 28.0855), amp, seed);
    }

    private static Atoms copper(int cells, long seed) {
        return SecondOrderKernelsTest.displaced(Lattices.build("fcc", 3.615, new int[] {cells, cells, cells}, "Cu", 63.546), 0.1, seed);
    }

    private static StillingerWeber sw(int types) {
        return new StillingerWeber(types, SecondOrderKernelsTest.table(types == 1 ? SW_SI : SecondOrderKernelsTest.perSlot(SW_SI, types), 11));
    }

    /** m = 3 in every slot (LAMMPS allows 1 or 3). */
    private static Tersoff tersoff(int types) {
        double[] q = types == 1 ? TERSOFF_SI.clone() : SecondOrderKernelsTest.perSlot(TERSOFF_SI, types);
        for (int s = 0; s < q.length / 14; s++) q[s * 14 + Tersoff.M] = 3;
        return new Tersoff(types, SecondOrderKernelsTest.table(q, 14));
    }

    private static Edip edip(int types) {
        return new Edip(types, SecondOrderKernelsTest.table(types == 1 ? EDIP_SI : SecondOrderKernelsTest.perSlot(EDIP_SI, types), 17));
    }

    private static Gupta gupta() { return Gupta.smooth(new double[] {0.0855}, new double[] {1.224}, new double[] {10.960}, new double[] {2.278},
            new double[] {2.556}, 4.2, 5.2); }

    private static NeighborList list(Potential p, Atoms a) { return new NeighborListBuilder(p.cutoff(), 0.3, !p.needsFullList()).build(a); }

    /** B = 3 random tangents (positions, and parameters when {@code params}): batched against one product each. */
    private static void check(String name, Potential p, Atoms a, boolean params, long seed) {
        SecondOrder so = (SecondOrder) p;
        NeighborList nl = list(p, a);
        int ext = 3 * nl.ghosts().extended(), m = so.parameterCount(), nb = 3;
        SplittableRandom rnd = new SplittableRandom(seed);
        double[][] dX = new double[nb][ext], dp = params ? new double[nb][m] : null, batched = new double[nb][ext], single = new double[nb][ext];
        for (double[] row : dX) for (int k = 0; k < ext; k++) row[k] = rnd.nextDouble() - 0.5;
        if (params) for (double[] row : dp) for (int k = 0; k < m; k++) row[k] = 0.02 * (rnd.nextDouble() - 0.5);
        so.hessianProducts(a, nl, dX, dp, batched);
        for (int b = 0; b < nb; b++) so.hessianProduct(a, nl, dX[b], params ? dp[b] : null, single[b], null);
        for (int b = 0; b < nb; b++) {
            double worst = 0, scale = 0;
            for (int k = 0; k < ext; k++) {
                worst = Math.max(worst, Math.abs(batched[b][k] - single[b][k]));
                scale = Math.max(scale, Math.abs(single[b][k]));
            }
            assertTrue(scale > 0, name + ": tangent " + b + " gives a zero product");
            assertTrue(worst <= TOL * scale, name + " tangent " + b + (params ? " with parameters" : "") + ": batched differs by " + worst + " (scale " + scale + ")");
        }
    }

    private static void checkAll(String name, java.util.function.IntFunction<Potential> style, Atoms a, long seed) {
        check(name, style.apply(1), a, true, seed);
        check(name + " (positions only)", style.apply(1), a, false, seed + 1);
        check(name + " triclinic", style.apply(1), SecondOrderKernelsTest.triclinic(a, 0.1, -0.08, 0.05), true, seed + 2);
        check(name + " free", style.apply(1), SecondOrderKernelsTest.free(a), true, seed + 3);
    }

    @Test
    void stillingerWeber() {
        Atoms si = silicon(5.431, 2, 0.12, 41);
        checkAll("sw", BatchedProductsTest::sw, si, 41);
        check("sw two types", sw(2), SecondOrderKernelsTest.twoTypes(si), true, 45);
    }

    @Test
    void tersoff() {
        Atoms si = silicon(5.431, 2, 0.12, 51);
        checkAll("tersoff", BatchedProductsTest::tersoff, si, 51);
        check("tersoff two types", tersoff(2), SecondOrderKernelsTest.twoTypes(si), true, 55);
    }

    @Test
    void edip() {
        Atoms si = silicon(5.6, 2, 0.15, 61);
        checkAll("edip", BatchedProductsTest::edip, si, 61);
        check("edip two types", edip(2), SecondOrderKernelsTest.twoTypes(si), true, 65);
    }

    @Test
    void embeddedAtom() {
        Atoms cu = copper(2, 71);
        checkAll("eam", t -> Eam.funcfl(Oracles.potentialFile("Cu_u3.eam")), cu, 71);
        checkAll("gupta", t -> gupta(), cu, 75);
    }

    /** Prints per-call milliseconds of thread CPU time (the machine is shared): force, one product with its parameter row (reverse mode), three batched tangents (forward mode). */
    @Test
    void printCosts() {
        for (boolean print : new boolean[] {false, true}) {        // the first pass warms the JIT up
            cost("sw 512", () -> sw(1), silicon(5.431, 4, 0.05, 1), print);
            cost("tersoff 512", () -> tersoff(1), silicon(5.431, 4, 0.05, 2), print);
            cost("edip 512", () -> edip(1), silicon(5.431, 4, 0.05, 3), print);
            cost("eam 500", () -> Eam.funcfl(Oracles.potentialFile("Cu_u3.eam")), copper(5, 4), print);
        }
    }

    private static void cost(String name, Supplier<Potential> make, Atoms a, boolean print) {
        Potential p = make.get();
        SecondOrder so = (SecondOrder) p;
        NeighborList nl = list(p, a);
        int ext = 3 * nl.ghosts().extended(), m = so.parameterCount(), nb = 3;
        SplittableRandom rnd = new SplittableRandom(9);
        double[][] dX = new double[nb][ext], dp = new double[nb][m], out = new double[nb][ext];
        for (double[] row : dX) for (int k = 0; k < ext; k++) row[k] = rnd.nextDouble() - 0.5;
        for (double[] row : dp) for (int k = 0; k < m; k++) row[k] = rnd.nextDouble() - 0.5;
        double[] outP = new double[m];
        int rounds = print ? 25 : 8, reps = 3;
        java.lang.management.ThreadMXBean cpu = java.lang.management.ManagementFactory.getThreadMXBean();
        double[] best = new double[4];
        java.util.Arrays.fill(best, Double.MAX_VALUE);
        for (int r = 0; r < rounds; r++) {
            long t0 = cpu.getCurrentThreadCpuTime();
            for (int k = 0; k < reps; k++) p.compute(a, nl);
            long t1 = cpu.getCurrentThreadCpuTime();
            for (int k = 0; k < reps; k++) so.hessianProduct(a, nl, dX[0], null, out[0], outP);
            long t2 = cpu.getCurrentThreadCpuTime();
            for (int k = 0; k < reps; k++) so.hessianProducts(a, nl, dX, dp, out);
            long t3 = cpu.getCurrentThreadCpuTime();
            for (int k = 0; k < reps; k++) for (int b = 0; b < nb; b++) so.hessianProduct(a, nl, dX[b], dp[b], out[b], null);
            long t4 = cpu.getCurrentThreadCpuTime();
            best[0] = Math.min(best[0], (t1 - t0) / 1e6 / reps);
            best[1] = Math.min(best[1], (t2 - t1) / 1e6 / reps);
            best[2] = Math.min(best[2], (t3 - t2) / 1e6 / reps);
            best[3] = Math.min(best[3], (t4 - t3) / 1e6 / reps);
        }
        if (print) System.out.printf(java.util.Locale.ROOT, "COST %s: force %.3f ms, product+row %.3f ms (%.2fx), 3 tangents batched %.3f ms (%.2fx), "
                + "3 single products %.3f ms (%.2fx)%n", name, best[0], best[1], best[1] / best[0], best[2], best[2] / best[0], best[3], best[3] / best[0]);
    }
}
