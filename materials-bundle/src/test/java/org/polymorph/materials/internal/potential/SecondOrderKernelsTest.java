package org.polymorph.materials.internal.potential;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.polymorph.materials.space.Box;
import org.polymorph.materials.structure.Atoms;
import org.polymorph.materials.structure.Lattices;

/**
 * Each fused kernel's Hessian-vector and mixed parameter products ({@link org.polymorph.materials.potential.SecondOrder})
 * equal central differences of its own forces and cell gradient to 1e-8 (relative to the largest component) on periodic,
 * triclinic and free structures, with several species where the style has them.
 */
class SecondOrderKernelsTest {
    private static final double TOL = 1e-8;

    static Atoms displaced(Atoms a, double amp, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double[] r = a.positions();
        for (int i = 0; i < r.length; i++) r[i] += amp * (2 * rnd.nextDouble() - 1);
        return a.withPositions(r);
    }

    /** {@code a} with its cell sheared (xy, xz, yz tilts in units of the edge). */
    static Atoms triclinic(Atoms a, double xy, double xz, double yz) {
        double[] h = a.box().h();
        double[] r = a.positions();
        double[] inv = Box.inverse(h);
        double[] t = h.clone();
        t[3] += xy * h[0];
        t[6] += xz * h[0];
        t[7] += yz * h[4];
        double[] out = new double[r.length];
        for (int i = 0; i < r.length / 3; i++) {
            for (int b = 0; b < 3; b++) {
                double s = 0;
                for (int a0 = 0; a0 < 3; a0++) {
                    double frac = 0;
                    for (int k = 0; k < 3; k++) frac += r[3 * i + k] * inv[3 * k + a0];
                    s += frac * t[3 * a0 + b];
                }
                out[3 * i + b] = s;
            }
        }
        return a.withPositions(out).withBox(Box.periodic(t));
    }

    /** {@code a} with every other atom of type 1 (type names A, B, masses 1 and 2). */
    static Atoms twoTypes(Atoms a) {
        int[] t = new int[a.size()];
        for (int i = 0; i < t.length; i++) t[i] = (i * 7 + 3) % 5 < 2 ? 1 : 0;
        return new Atoms(a.positions(), t, List.of("A", "B"), new double[] {1, 2}, a.box());
    }

    /** The atoms of a periodic structure as a free cluster. */
    static Atoms free(Atoms a) { return a.withBox(Box.free()); }

    @Test
    void ljCut() {
        Atoms fcc = displaced(Lattices.build("fcc", 1.5496, new int[] {2, 2, 2}, "A", 1.0), 0.08, 1);
        new SecondOrderCheck(p -> new LjCut(new double[] {p[0]}, new double[] {p[1]}, 2.5, true), new double[] {1.0, 1.05}, fcc, 0.3, 1).check(TOL);
        new SecondOrderCheck(p -> new LjCut(new double[] {p[0]}, new double[] {p[1]}, 2.5, false), new double[] {0.8, 1.0},
                triclinic(fcc, 0.2, -0.15, 0.1), 0.3, 2).check(TOL);
        new SecondOrderCheck(p -> new LjCut(new double[] {p[0], p[1]}, new double[] {p[2], p[3]}, 2.5, true), new double[] {1.0, 0.6, 1.0, 0.9},
                twoTypes(fcc), 0.3, 3).check(TOL);
        new SecondOrderCheck(p -> new LjCut(new double[] {p[0], p[1]}, new double[] {p[2], p[3]}, 2.5, false), new double[] {1.0, 0.6, 1.0, 0.9},
                free(twoTypes(fcc)), 0.3, 4).check(TOL);
    }

    /** lj/cut's one-type loop gives the shared pair walk's products (the numbers multi-type structures take) to rounding. */
    @Test
    void ljCutOneTypeLoopEqualsThePairWalk() {
        Atoms fcc = triclinic(displaced(Lattices.build("fcc", 1.5496, new int[] {3, 3, 3}, "A", 1.0), 0.08, 21), 0.1, 0, 0.05);
        LjCut lj = new LjCut(1.0, 1.05, 2.5, true);
        org.polymorph.materials.partition.NeighborList nl = new org.polymorph.materials.partition.NeighborListBuilder(2.5, 0.3, true).build(fcc);
        int ext = 3 * nl.ghosts().extended();
        SplittableRandom rnd = new SplittableRandom(22);
        double[][] dX = new double[2][ext], dp = new double[2][2];
        for (double[] row : dX) for (int k = 0; k < ext; k++) row[k] = rnd.nextDouble() - 0.5;
        for (double[] row : dp) for (int k = 0; k < 2; k++) row[k] = rnd.nextDouble() - 0.5;
        double[][] fast = new double[2][ext], walk = new double[2][ext];
        double[] pFast = new double[2], pWalk = new double[2];
        lj.hessianProduct(fcc, nl, dX[0], dp[0], fast[0], pFast);
        lj.hessianProducts(fcc, nl, new double[][] {dX[1]}, new double[][] {dp[1]}, new double[][] {fast[1]});
        org.polymorph.materials.potential.PairSum.hessianProducts("lj/cut", fcc, nl, 2.5, lj.secondTerm(fcc), new double[][] {dX[0]}, new double[][] {dp[0]},
                new double[][] {walk[0]}, pWalk);
        org.polymorph.materials.potential.PairSum.hessianProducts("lj/cut", fcc, nl, 2.5, lj.secondTerm(fcc), new double[][] {dX[1]}, new double[][] {dp[1]},
                new double[][] {walk[1]}, null);
        for (int b = 0; b < 2; b++) SecondOrderCheck.close(walk[b], fast[b], 1e-13, "lj/cut one-type loop, tangent " + b);
        SecondOrderCheck.close(pWalk, pFast, 1e-13, "lj/cut one-type loop, parameter row");
    }

    @Test
    void morse() {
        Atoms cu = displaced(Lattices.build("fcc", 3.61, new int[] {2, 2, 2}, "Cu", 63.546), 0.1, 5);
        new SecondOrderCheck(p -> new Morse(p[0], p[1], p[2], 6.0, true), new double[] {0.3429, 1.3588, 2.866}, cu, 0.3, 5).check(TOL);
        new SecondOrderCheck(p -> new Morse(p[0], p[1], p[2], 6.0, false), new double[] {0.3429, 1.3588, 2.866}, triclinic(cu, 0.1, 0.2, -0.1), 0.3, 6)
                .check(TOL);
        double[] two = {0.34, 0.30, 0.25, 1.36, 1.2, 1.5, 2.87, 2.95, 2.8};
        java.util.function.Function<double[], org.polymorph.materials.potential.Potential> morse2 = p -> new Morse(
                org.polymorph.materials.potential.PairSum.fromUpper(java.util.Arrays.copyOfRange(p, 0, 3), 2),
                org.polymorph.materials.potential.PairSum.fromUpper(java.util.Arrays.copyOfRange(p, 3, 6), 2),
                org.polymorph.materials.potential.PairSum.fromUpper(java.util.Arrays.copyOfRange(p, 6, 9), 2), 6.0, true);
        new SecondOrderCheck(morse2, two, twoTypes(cu), 0.3, 7).check(TOL);
        new SecondOrderCheck(morse2, two, free(twoTypes(cu)), 0.3, 8).check(TOL);
    }

    @Test
    void softSphere() {
        Atoms fcc = displaced(Lattices.build("fcc", 1.5, new int[] {2, 2, 2}, "A", 1.0), 0.05, 9);
        new SecondOrderCheck(p -> new SoftSphere(p[0], p[1], p[2]), new double[] {1.0, 1.2, 2.5}, fcc, 0.2, 9).check(TOL);
        new SecondOrderCheck(p -> new SoftSphere(p[0], p[1], p[2]), new double[] {1.0, 1.2, 3.0}, triclinic(fcc, 0.15, 0, 0.1), 0.2, 10).check(TOL);
        java.util.function.Function<double[], org.polymorph.materials.potential.Potential> two = p -> new SoftSphere(
                org.polymorph.materials.potential.PairSum.fromUpper(java.util.Arrays.copyOfRange(p, 0, 3), 2),
                org.polymorph.materials.potential.PairSum.fromUpper(java.util.Arrays.copyOfRange(p, 3, 6), 2), p[6]);
        new SecondOrderCheck(two, new double[] {1.0, 2.0, 0.5, 1.2, 1.15, 1.1, 2.5}, twoTypes(fcc), 0.2, 11).check(TOL);
        new SecondOrderCheck(two, new double[] {1.0, 2.0, 0.5, 1.2, 1.15, 1.1, 2.5}, free(twoTypes(fcc)), 0.2, 12).check(TOL);
    }

    @Test
    void coulDsf() {
        Atoms nacl = displaced(CoulombTest.rockSalt(5.64, 1), 0.1, 13);
        new SecondOrderCheck(p -> new CoulDsf(p, 0.25, 8.0), new double[] {1.0, -1.0}, nacl, 0.3, 13).check(TOL);
        new SecondOrderCheck(p -> new CoulDsf(p, 0.3, 7.0), new double[] {0.9, -1.1}, triclinic(nacl, 0.1, -0.1, 0.2), 0.3, 14).check(TOL);
        new SecondOrderCheck(p -> new CoulDsf(p, 0.25, 8.0), new double[] {1.0, -1.0}, free(nacl), 0.3, 15).check(TOL);
    }

    @Test
    void bks() {
        Atoms sio2 = displaced(CoulombTest.cristobalite(7.16), 0.05, 16);
        java.util.function.Function<double[], org.polymorph.materials.potential.Potential> bks = p -> new Bks(
                org.polymorph.materials.potential.PairSum.fromUpper(java.util.Arrays.copyOfRange(p, 0, 3), 2),
                org.polymorph.materials.potential.PairSum.fromUpper(java.util.Arrays.copyOfRange(p, 3, 6), 2),
                org.polymorph.materials.potential.PairSum.fromUpper(java.util.Arrays.copyOfRange(p, 6, 9), 2),
                new double[] {p[9], p[10]}, 0.25, 7.0, 5.0, true);
        double[] paper = {0, 18003.7572, 1388.7730, 1, 1 / 4.87318, 1 / 2.76, 0, 133.5381, 175.0, 2.4, -1.2};
        new SecondOrderCheck(bks, paper, sio2, 0.3, 16).check(TOL);
        new SecondOrderCheck(bks, paper, triclinic(sio2, 0.05, 0.1, 0), 0.3, 17).check(TOL);
    }

    /** Si.sw's entry with q = 0.1 and tol = 0.01: Si's q = 0 and tol = 0 are the edges of their ranges (>= 0), which a difference step would leave. */
    private static final double[] SW_SI = {2.1683, 2.0951, 1.80, 21.0, 1.20, -0.333333333333, 7.049556277, 0.6022245584, 4.0, 0.1, 0.01};

    /** A table [parameter][slot] from p in {@link org.polymorph.materials.potential.SecondOrder} order: slots in turn, each slot's {@code rows} numbers. */
    static double[][] table(double[] p, int rows) {
        int slots = p.length / rows;
        double[][] t = new double[rows][slots];
        for (int s = 0; s < slots; s++) for (int k = 0; k < rows; k++) t[k][s] = p[s * rows + k];
        return t;
    }

    /** {@code entry} for each of T³ slots, every number moved by a few per cent from slot to slot (signs kept). */
    static double[] perSlot(double[] entry, int types) {
        int slots = types * types * types;
        double[] p = new double[slots * entry.length];
        for (int s = 0; s < slots; s++) for (int k = 0; k < entry.length; k++) p[s * entry.length + k] = entry[k] * (1 + 0.03 * ((s + k) % 3) - 0.02 * (s % 2));
        return p;
    }

    private static Atoms silicon(int cells) { return Lattices.build("diamond", 5.431, new int[] {cells, cells, cells}, "Si", 28.0855); }

    @Test
    void stillingerWeber() {
        Atoms si = displaced(silicon(2), 0.12, 11);
        new SecondOrderCheck(p -> new StillingerWeber(1, table(p, 11)), SW_SI, si, 0.3, 11).check(TOL);
        new SecondOrderCheck(p -> new StillingerWeber(1, table(p, 11)), SW_SI, triclinic(si, 0.1, -0.08, 0.05), 0.3, 12).check(TOL);
        new SecondOrderCheck(p -> new StillingerWeber(1, table(p, 11)), SW_SI, free(si), 0.3, 13).check(TOL);
        new SecondOrderCheck(p -> new StillingerWeber(2, table(p, 11)), perSlot(SW_SI, 2), twoTypes(si), 0.3, 14).check(TOL);
    }

    /** Si.tersoff's entry (Tersoff's Si(D), m = 3). */
    private static final double[] TERSOFF_SI = {3.0, 1.0, 1.3258, 4.8381, 2.0417, 0.0, 22.956, 0.33675, 1.3258, 95.373, 3.0, 0.2, 3.2394, 3264.7};

    /** Tersoff over p with m held at {@code m} in every slot (LAMMPS allows 1 or 3: a difference step in m is no potential). */
    private static Tersoff tersoff(double[] p, int types, double m) {
        double[] q = p.clone();
        for (int s = 0; s < q.length / 14; s++) q[s * 14 + Tersoff.M] = m;
        return new Tersoff(types, table(q, 14));
    }

    private static double[] with(double[] entry, int index, double value) {
        double[] p = entry.clone();
        p[index] = value;
        return p;
    }

    @Test
    void tersoff() {
        Atoms si = displaced(silicon(2), 0.12, 21);
        new SecondOrderCheck(p -> tersoff(p, 1, 3), TERSOFF_SI, si, 0.3, 21).check(TOL);
        new SecondOrderCheck(p -> tersoff(p, 1, 3), TERSOFF_SI, triclinic(si, 0.1, -0.08, 0.05), 0.3, 22).check(TOL);
        new SecondOrderCheck(p -> tersoff(p, 1, 3), TERSOFF_SI, free(si), 0.3, 23).check(TOL);
        new SecondOrderCheck(p -> tersoff(p, 2, 3), perSlot(TERSOFF_SI, 2), twoTypes(si), 0.3, 24).check(TOL);
        // m = 1, and LAMMPS's other branches of b(βζ): β moves t = βζ (ζ ≈ 3) below c3, above c2 and above c1
        new SecondOrderCheck(p -> tersoff(p, 1, 1), with(TERSOFF_SI, Tersoff.M, 1), si, 0.3, 25).check(TOL);
        for (double beta : new double[] {0.12, 0.8, 2.0}) {
            new SecondOrderCheck(p -> tersoff(p, 1, 3), with(TERSOFF_SI, Tersoff.BETA, beta), si, 0.3, 26).check(TOL);
        }
    }

    /** Si.edip's entry (Justo et al.). */
    private static final double[] EDIP_SI = {7.9821730, 1.5075463, 3.1213820, 2.5609104, 3.1083847, 0.0070975, 0.2523244, 1.1247945, 1.4533108,
        0.6966326, 1.2085196, 0.5774108, 312.1341346, -0.165799, 32.557, 0.286198, 0.66};

    @Test
    void edip() {
        // lattice 5.6 Å: first neighbours at 2.42 Å, some pushed by the displacements past cutoffC into the coordination's smooth part
        Atoms si = displaced(Lattices.build("diamond", 5.6, new int[] {2, 2, 2}, "Si", 28.0855), 0.15, 31);
        new SecondOrderCheck(p -> new Edip(1, table(p, 17)), EDIP_SI, si, 0.3, 31).check(TOL);
        new SecondOrderCheck(p -> new Edip(1, table(p, 17)), EDIP_SI, triclinic(si, 0.1, -0.08, 0.05), 0.3, 32).check(TOL);
        new SecondOrderCheck(p -> new Edip(1, table(p, 17)), EDIP_SI, free(si), 0.3, 33).check(TOL);
        new SecondOrderCheck(p -> new Edip(2, table(p, 17)), perSlot(EDIP_SI, 2), twoTypes(si), 0.3, 34).check(TOL);
    }
}
