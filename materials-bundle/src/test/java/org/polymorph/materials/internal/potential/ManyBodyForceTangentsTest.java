package org.polymorph.materials.internal.potential;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.polymorph.materials.partition.NeighborList;
import org.polymorph.materials.partition.NeighborListBuilder;
import org.polymorph.materials.potential.Potential;
import org.polymorph.materials.potential.SecondOrder;
import org.polymorph.materials.structure.Atoms;
import org.polymorph.materials.structure.Lattices;

/**
 * The three-body styles' fused walk ({@link ForceTangents#forceAndTangents} of sw and tersoff: the force and k = 1 … 4
 * interleaved tangents at once) equals the separate force call ({@link Potential#compute}) and the batched products
 * ({@link SecondOrder#hessianProducts} of the tangents spread onto the extended atoms, folded back onto the atoms) to 1e-13
 * relative to the largest component, with parameter tangents along every number, along a few numbers (the others' terms
 * skipped) and without, with the force left out, on periodic, triclinic, free and two-type silicon; and an input of the
 * wrong length is refused with a message naming it. Also prints (asserts nothing about) the cost of the fused walk with k = 1, 2,
 * 3 tangents along the numbers the trajectory benchmark fits, in units of one force call, on 512 silicon atoms.
 */
class ManyBodyForceTangentsTest {
    private static final double TOL = 1e-13;
    private static final double[] SW_SI = {2.1683, 2.0951, 1.80, 21.0, 1.20, -0.333333333333, 7.049556277, 0.6022245584, 4.0, 0.1, 0.01};
    private static final double[] TERSOFF_SI = {3.0, 1.0, 1.3258, 4.8381, 2.0417, 0.0, 22.956, 0.33675, 1.3258, 95.373, 3.0, 0.2, 3.2394, 3264.7};

    private static NeighborList list(Potential p, Atoms a) { return new NeighborListBuilder(p.cutoff(), 0.4, false).build(a); }

    private static Atoms silicon(long seed) {
        return SecondOrderKernelsTest.displaced(Lattices.build("diamond", 5.431, new int[] {2, 2, 2}, "Si", 28.0855), 0.12, seed);
    }

    private static StillingerWeber sw(int types) {
        return new StillingerWeber(types, SecondOrderKernelsTest.table(types == 1 ? SW_SI : SecondOrderKernelsTest.perSlot(SW_SI, types), 11));
    }

    private static Tersoff tersoff(int types, double m) {
        double[] q = types == 1 ? TERSOFF_SI.clone() : SecondOrderKernelsTest.perSlot(TERSOFF_SI, types);
        for (int s = 0; s < q.length / 14; s++) q[s * 14 + Tersoff.M] = m;
        return new Tersoff(types, SecondOrderKernelsTest.table(q, 14));
    }

    /** Which parameter tangents: none, every number of every slot, or only {@code numbers} (file order) of every slot. */
    private record Params(boolean any, int[] numbers) {
        static final Params NONE = new Params(false, null);
        static final Params ALL = new Params(true, null);
    }

    private static void check(String name, Potential p, Atoms a, Params params, long seed) {
        for (int k = 1; k <= 4; k++) check(name + ", k = " + k, p, a, params, seed + 100L * k, k);
    }

    private static void check(String name, Potential p, Atoms a, Params params, long seed, int k) {
        SecondOrder so = (SecondOrder) p;
        ForceTangents fused = (ForceTangents) p;
        NeighborList nl = list(p, a);
        int n = a.size(), ext = nl.ghosts().extended(), m = so.parameterCount();
        SplittableRandom rnd = new SplittableRandom(seed);
        double[] dT = new double[3 * k * n];
        for (int c = 0; c < dT.length; c++) dT[c] = rnd.nextDouble() - 0.5;
        double[][] dp = params.any() ? new double[k][m] : null, dX = new double[k][], batched = new double[k][3 * ext];
        if (params.any()) {
            int per = p instanceof Tersoff ? 14 : 11;
            for (double[] row : dp) {
                for (int c = 0; c < m; c++) {
                    boolean asked = params.numbers() == null;
                    if (!asked) for (int x : params.numbers()) asked |= c % per == x;
                    if (asked) row[c] = 0.05 * (rnd.nextDouble() - 0.5);
                }
            }
        }
        for (int b = 0; b < k; b++) {
            double[] one = new double[3 * n];
            for (int i = 0; i < n; i++) System.arraycopy(dT, (i * k + b) * 3, one, 3 * i, 3);
            dX[b] = ExtendedTangents.spread(nl.ghosts(), one, null);
        }
        so.hessianProducts(a, nl, dX, dp, batched);
        double[] want = p.compute(a, nl).forces();
        for (int call = 0; call < 3; call++) {             // with the force, without, and again (the reused scratch)
            boolean withForce = call != 1;
            double[] outT = new double[3 * k * n], forces = withForce ? new double[3 * n] : null;
            fused.forceAndTangents(a, nl, k, dT, dp, outT, forces);
            String what = name + (params.any() ? " with parameters" : "") + (withForce ? "" : " (no force)");
            for (int b = 0; b < k; b++) {
                double[] row = new double[3 * n], got = new double[3 * n];
                ExtendedTangents.reduce(nl.ghosts(), batched[b], row, null);
                for (int i = 0; i < n; i++) System.arraycopy(outT, (i * k + b) * 3, got, 3 * i, 3);
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

    private static void all(String name, Potential one, Potential two, Params few, long seed) {
        Atoms si = silicon(seed);
        check(name, one, si, Params.ALL, seed);
        check(name, one, si, Params.NONE, seed + 1);
        check(name + " (few numbers)", one, si, few, seed + 2);
        check(name + " triclinic", one, SecondOrderKernelsTest.triclinic(si, 0.1, -0.08, 0.05), Params.ALL, seed + 3);
        check(name + " free", one, SecondOrderKernelsTest.free(si), Params.ALL, seed + 4);
        Atoms mixed = SecondOrderKernelsTest.twoTypes(si);
        check(name + " two types", two, mixed, Params.ALL, seed + 5);
        check(name + " two types triclinic", two, SecondOrderKernelsTest.triclinic(mixed, 0.05, 0.1, -0.1), few, seed + 6);
        check(name + " two types free", two, SecondOrderKernelsTest.free(mixed), Params.NONE, seed + 7);
    }

    @Test
    void stillingerWeber() {
        all("sw", sw(1), sw(2), new Params(true, new int[] {StillingerWeber.EPSILON, StillingerWeber.SIGMA, StillingerWeber.LAMBDA}), 11);
    }

    @Test
    void tersoff() {
        all("tersoff", tersoff(1, 3), tersoff(2, 3), new Params(true, new int[] {Tersoff.BIG_A, Tersoff.BIG_B, Tersoff.LAM1}), 21);
        check("tersoff m = 1", tersoff(1, 1), silicon(27), Params.ALL, 27);
        // LAMMPS's other branches of b(βζ): β moves t = βζ (ζ ≈ 3) below c3, above c2 and above c1; with and without n, β moved
        Params few = new Params(true, new int[] {Tersoff.BIG_A, Tersoff.BIG_B, Tersoff.LAM1});
        for (double beta : new double[] {0.12, 0.8, 2.0}) {
            double[] q = TERSOFF_SI.clone();
            q[Tersoff.BETA] = beta;
            Tersoff p = new Tersoff(1, SecondOrderKernelsTest.table(q, 14));
            check("tersoff beta = " + beta, p, silicon(28), few, 28);
            check("tersoff beta = " + beta, p, silicon(29), Params.ALL, 29);
        }
    }

    @Test
    void refusesWrongLengths() {         // tangents, parameter tangents, their count and the forces
        StillingerWeber p = sw(1);
        Atoms si = silicon(3);
        NeighborList nl = list(p, si);
        int n = si.size();
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> p.forceAndTangents(si, nl, 2, new double[3 * n], null, new double[6 * n], null));
        assertTrue(e.getMessage().contains("3·k·N"), e.getMessage());
        e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> p.forceAndTangents(si, nl, 1, new double[3 * n], new double[][] {new double[5]}, new double[3 * n], null));
        assertTrue(e.getMessage().contains("parameter tangent 0 has 5"), e.getMessage());
        double[][] one = {new double[p.parameterCount()]};
        one[0][StillingerWeber.LAMBDA] = 1;
        e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> p.forceAndTangents(si, nl, 2, new double[6 * n], one, new double[6 * n], null));
        assertTrue(e.getMessage().contains("1 parameter tangents for k = 2"), e.getMessage());
        Tersoff q = tersoff(1, 3);
        NeighborList nt = list(q, si);
        e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> q.forceAndTangents(si, nt, 1, new double[3 * n], null, new double[3 * n], new double[3]));
        assertTrue(e.getMessage().contains("forces has 3 components"), e.getMessage());
    }

    /** Prints per-call milliseconds of thread CPU time (the machine is shared), best of rounds: the force, and the fused walk with k tangents. */
    @Test
    void printCosts() {
        for (boolean print : new boolean[] {false, true}) {        // the first pass warms the JIT up
            cost("sw 512", sw(1), new int[] {StillingerWeber.EPSILON, StillingerWeber.SIGMA, StillingerWeber.LAMBDA}, print);
            cost("tersoff 512", tersoff(1, 3), new int[] {Tersoff.BIG_A, Tersoff.BIG_B, Tersoff.LAM1}, print);
        }
    }

    private static void cost(String name, Potential p, int[] numbers, boolean print) {
        Atoms a = SecondOrderKernelsTest.displaced(Lattices.build("diamond", 5.431, new int[] {4, 4, 4}, "Si", 28.0855), 0.05, 1);
        NeighborList nl = list(p, a);
        int n = a.size(), m = ((SecondOrder) p).parameterCount(), per = p instanceof Tersoff ? 14 : 11;
        SplittableRandom rnd = new SplittableRandom(9);
        int rounds = print ? 25 : 8, reps = 3;
        java.lang.management.ThreadMXBean cpu = java.lang.management.ManagementFactory.getThreadMXBean();
        double[] best = new double[4];
        java.util.Arrays.fill(best, Double.MAX_VALUE);
        double[][] dT = new double[4][], outT = new double[4][], dp = new double[4][];
        for (int k = 1; k <= 3; k++) {
            dT[k] = new double[3 * k * n];
            outT[k] = new double[3 * k * n];
            for (int c = 0; c < dT[k].length; c++) dT[k][c] = rnd.nextDouble() - 0.5;
        }
        double[][] unit = new double[3][m];
        for (int b = 0; b < 3; b++) unit[b][numbers[b]] = 1;     // one per fitted number (one element: slot 0)
        double[] forces = new double[3 * n];
        for (int r = 0; r < rounds; r++) {
            long t0 = cpu.getCurrentThreadCpuTime();
            for (int x = 0; x < reps; x++) p.compute(a, nl);
            best[0] = Math.min(best[0], (cpu.getCurrentThreadCpuTime() - t0) / 1e6 / reps);
            for (int k = 1; k <= 3; k++) {
                double[][] d = java.util.Arrays.copyOf(unit, k);
                t0 = cpu.getCurrentThreadCpuTime();
                for (int x = 0; x < reps; x++) ((ForceTangents) p).forceAndTangents(a, nl, k, dT[k], d, outT[k], forces);
                best[k] = Math.min(best[k], (cpu.getCurrentThreadCpuTime() - t0) / 1e6 / reps);
            }
        }
        if (print) {
            System.out.printf(java.util.Locale.ROOT, "COST %s: force %.3f ms; force and k tangents: k = 1 %.3f ms (%.2fx), k = 2 %.3f ms (%.2fx), "
                    + "k = 3 %.3f ms (%.2fx)%n", name, best[0], best[1], best[1] / best[0], best[2], best[2] / best[0], best[3], best[3] / best[0]);
        }
    }
}
