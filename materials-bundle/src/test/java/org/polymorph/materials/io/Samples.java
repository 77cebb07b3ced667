package org.polymorph.materials.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.function.Executable;
import org.polymorph.materials.space.Box;
import org.polymorph.materials.structure.Atoms;

/** Shared fixtures for the io tests: random two-species structures in awkward cells. */
final class Samples {
    private Samples() { }

    /** A lower-triangular (LAMMPS-form) triclinic cell with negative and positive tilts. */
    static final double[] TRICLINIC = {5.1, 0, 0, -1.3, 4.7, 0, 0.9, -0.7, 6.2};

    /** A general (rotated, not lower-triangular) right-handed cell. */
    static final double[] GENERAL = {4.0, 0.5, -0.3, 0.8, 5.0, 0.6, -0.4, 1.1, 5.5};

    /**
     * n atoms of Si and O, fractional coordinates uniform in [-0.1, 1.1) (some outside the cell), no two
     * (periodic images included) closer than 0.6 Å, since the readers refuse atoms closer than 0.5 Å.
     */
    static Atoms random(long seed, int n, Box box) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double[] h = box.h();
        double[] r = new double[3 * n];
        int[] types = new int[n];
        for (int i = 0; i < n; i++) {
            do {
                double[] s = {rnd.nextDouble() * 1.2 - 0.1, rnd.nextDouble() * 1.2 - 0.1, rnd.nextDouble() * 1.2 - 0.1};
                for (int k = 0; k < 3; k++) r[3 * i + k] = s[0] * h[k] + s[1] * h[3 + k] + s[2] * h[6 + k];
            } while (tooClose(r, i, box, 0.6));
            types[i] = rnd.nextInt(2);
        }
        return new Atoms(r, types, List.of("Si", "O"), new double[] {Elements.mass("Si"), Elements.mass("O")}, box);
    }

    /** Whether atom i is closer than d to an earlier atom or to any atom's image (up to 2 cells away along periodic axes). */
    private static boolean tooClose(double[] r, int i, Box box, double d) {
        double[] h = box.h();
        int[] m = new int[3];
        for (int k = 0; k < 3; k++) m[k] = box.periodic(k) ? 2 : 0;
        for (int j = 0; j <= i; j++) {
            for (int a = -m[0]; a <= m[0]; a++) {
                for (int b = -m[1]; b <= m[1]; b++) {
                    for (int c = -m[2]; c <= m[2]; c++) {
                        if (j == i && a == 0 && b == 0 && c == 0) continue;
                        double d2 = 0;
                        for (int k = 0; k < 3; k++) {
                            double x = r[3 * j + k] - r[3 * i + k] + a * h[k] + b * h[3 + k] + c * h[6 + k];
                            d2 += x * x;
                        }
                        if (d2 < d * d) return true;
                    }
                }
            }
        }
        return false;
    }

    static double[] randomVectors(long seed, int n) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double[] v = new double[3 * n];
        for (int i = 0; i < v.length; i++) v[i] = rnd.nextGaussian() * 3e-3 + (i % 7 == 0 ? 1e-19 : 0);
        return v;
    }

    static void assertClose(double[] expected, double[] actual, double tol, String what) {
        assertEquals(expected.length, actual.length, what + " length");
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], tol, what + "[" + i + "]");
        }
    }

    /** Same atoms (types by name, positions and cell exact). */
    static void assertSameAtoms(Atoms expected, Atoms actual) {
        assertEquals(expected.size(), actual.size());
        for (int a = 0; a < expected.size(); a++) {
            assertEquals(expected.typeNames().get(expected.type(a)), actual.typeNames().get(actual.type(a)), "species of atom " + a);
        }
        assertArrayEquals(expected.positions(), actual.positions(), "positions");
        assertArrayEquals(expected.box().h(), actual.box().h(), "cell");
        assertArrayEquals(expected.box().periodic(), actual.box().periodic(), "pbc");
    }

    /** Writes text to dir/name and returns the path. */
    static Path file(Path dir, String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    /** The call throws IllegalArgumentException whose message names the file, "line n" and the given fragment. */
    static IllegalArgumentException assertBadInput(Path file, int line, String fragment, Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        String m = e.getMessage();
        assertTrue(m.contains(file.toString()), "message names the file: " + m);
        assertTrue(m.contains("line " + line + ":"), "message names line " + line + ": " + m);
        assertTrue(m.contains(fragment), "message says '" + fragment + "': " + m);
        return e;
    }
}
