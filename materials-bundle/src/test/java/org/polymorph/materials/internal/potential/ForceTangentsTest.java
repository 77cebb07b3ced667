package org.polymorph.materials.internal.potential;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.polymorph.materials.partition.NeighborList;
import org.polymorph.materials.partition.NeighborListBuilder;
import org.polymorph.materials.potential.PairSum;
import org.polymorph.materials.potential.Potential;
import org.polymorph.materials.potential.SecondOrder;
import org.polymorph.materials.structure.Atoms;
import org.polymorph.materials.structure.Lattices;

/**
 * The pair styles' fused walk ({@link ForceTangents#forceAndTangents}: forces and k = 1, 2, 3 interleaved tangents at once) equals
 * the separate force call ({@link Potential#compute}) and the batched products ({@link SecondOrder#hessianProducts} of the
 * tangents spread onto the extended atoms, folded back onto the atoms) to 1e-14 relative to the largest component, with and without parameter
 * tangents and with the force left out, on periodic, triclinic, free and two-type structures: lj/cut (its one-type loop
 * and the shared pair walk of several types), morse, soft, coul/dsf and bks.
 */
class ForceTangentsTest {
    private static final double TOL = 1e-14;

    private static NeighborList list(Potential p, Atoms a) { return new NeighborListBuilder(p.cutoff(), 0.4, true).build(a); }

    /** k = 1, 2 and 3 random tangents (and parameter tangents when {@code params}): the fused walk against the force and the batched products. */
    private static void check(String name, Potential p, Atoms a, boolean params, long seed) {
        for (int k = 1; k <= 3; k++) check(name + ", k = " + k, p, a, params, seed, k);
    }

    private static void check(String name, Potential p, Atoms a, boolean params, long seed, int k) {
        SecondOrder so = (SecondOrder) p;
        ForceTangents fused = (ForceTangents) p;
        NeighborList nl = list(p, a);
        int n = a.size(), ext = nl.ghosts().extended(), m = so.parameterCount();
        SplittableRandom rnd = new SplittableRandom(seed);
        double[] dT = new double[3 * k * n];
        for (int c = 0; c < dT.length; c++) dT[c] = rnd.nextDouble() - 0.5;
        double[][] dp = params ? new double[k][m] : null, dX = new double[k][], batched = new double[k][3 * ext];
        if (params) for (double[] row : dp) for (int c = 0; c < m; c++) row[c] = 0.05 * (rnd.nextDouble() - 0.5);
        for (int b = 0; b < k; b++) {
            double[] one = new double[3 * n];
            for (int i = 0; i < n; i++) System.arraycopy(dT, (i * k + b) * 3, one, 3 * i, 3);
            dX[b] = ExtendedTangents.spread(nl.ghosts(), one, null);
        }
        so.hessianProducts(a, nl, dX, dp, batched);
        double[] want = p.compute(a, nl).forces();
        for (boolean withForce : new boolean[] {true, false}) {
            double[] outT = new double[3 * k * n], forces = withForce ? new double[3 * n] : null;
            fused.forceAndTangents(a, nl, k, dT, dp, outT, forces);
            String what = name + (params ? " with parameters" : "") + (withForce ? "" : " (no force)");
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

    /** Periodic with and without parameter tangents, triclinic and free; {@code two}: the same on two types. */
    private static void all(String name, Potential one, Potential two, Atoms a, long seed) {
        check(name, one, a, true, seed);
        check(name, one, a, false, seed + 1);
        check(name + " triclinic", one, SecondOrderKernelsTest.triclinic(a, 0.1, -0.08, 0.05), true, seed + 2);
        check(name + " free", one, SecondOrderKernelsTest.free(a), true, seed + 3);
        if (two == null) return;
        Atoms mixed = SecondOrderKernelsTest.twoTypes(a);
        check(name + " two types", two, mixed, true, seed + 4);
        check(name + " two types triclinic", two, SecondOrderKernelsTest.triclinic(mixed, 0.05, 0.1, -0.1), true, seed + 5);
        check(name + " two types free", two, SecondOrderKernelsTest.free(mixed), false, seed + 6);
    }

    private static double[] upper(double... u) { return PairSum.fromUpper(u, 2); }

    @Test
    void ljCut() {
        Atoms ar = SecondOrderKernelsTest.displaced(Lattices.build("fcc", 5.26, new int[] {2, 2, 2}, "Ar", 39.948), 0.2, 3);
        all("lj/cut", new LjCut(0.0104, 3.4, 8.5, false), new LjCut(new double[] {0.0104, 0.02}, new double[] {3.4, 3.1}, 8.5, true), ar, 3);
        check("lj/cut shifted", new LjCut(0.0104, 3.4, 6.0, true), ar, true, 13);
    }

    @Test
    void morse() {
        Atoms cu = SecondOrderKernelsTest.displaced(Lattices.build("fcc", 3.61, new int[] {2, 2, 2}, "Cu", 63.546), 0.1, 5);
        all("morse", new Morse(0.3429, 1.3588, 2.866, 6.0, true), new Morse(upper(0.34, 0.30, 0.25), upper(1.36, 1.2, 1.5), upper(2.87, 2.95, 2.8), 6.0, true),
                cu, 21);
    }

    @Test
    void softSphere() {
        Atoms fcc = SecondOrderKernelsTest.displaced(Lattices.build("fcc", 1.5, new int[] {2, 2, 2}, "A", 1.0), 0.05, 9);
        all("soft", new SoftSphere(1.0, 1.2, 2.5), new SoftSphere(upper(1.0, 2.0, 0.5), upper(1.2, 1.15, 1.1), 2.5), fcc, 31);
    }

    @Test
    void coulDsf() {
        Atoms nacl = SecondOrderKernelsTest.displaced(CoulombTest.rockSalt(5.64, 1), 0.1, 13);
        check("coul/dsf", new CoulDsf(new double[] {1.0, -1.0}, 0.25, 8.0), nacl, true, 41);
        check("coul/dsf triclinic", new CoulDsf(new double[] {0.9, -1.1}, 0.3, 7.0), SecondOrderKernelsTest.triclinic(nacl, 0.1, -0.1, 0.2), true, 42);
        check("coul/dsf free", new CoulDsf(new double[] {1.0, -1.0}, 0.25, 8.0), SecondOrderKernelsTest.free(nacl), false, 43);
    }

    @Test
    void bks() {
        Atoms sio2 = SecondOrderKernelsTest.displaced(CoulombTest.cristobalite(7.16), 0.05, 16);
        Function<double[], Potential> bks = p -> new Bks(upper(p[0], p[1], p[2]), upper(p[3], p[4], p[5]), upper(p[6], p[7], p[8]),
                new double[] {p[9], p[10]}, 0.25, 7.0, 5.0, true);
        double[] paper = {0, 18003.7572, 1388.7730, 1, 1 / 4.87318, 1 / 2.76, 0, 133.5381, 175.0, 2.4, -1.2};
        check("bks", bks.apply(paper), sio2, true, 51);
        check("bks triclinic", bks.apply(paper), SecondOrderKernelsTest.triclinic(sio2, 0.05, 0.1, 0), true, 52);
        check("bks free", bks.apply(paper), SecondOrderKernelsTest.free(sio2), false, 53);
    }
}
