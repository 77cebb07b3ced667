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
}
