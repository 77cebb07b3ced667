package org.polymorph.materials.structure;

import java.util.List;
import java.util.Locale;
import org.polymorph.materials.space.Box;

/**
 * Named lattices as periodic supercells. Atom order is LAMMPS's on one processor (and the
 * oracles'): for iz, for iy, for ix, for each basis atom, r = ((ix+bx)·a, (iy+by)·a, (iz+bz)·a).
 * Cubic lattices use the conventional cubic cell; hcp uses the orthohexagonal cell (a, √3a, c) with
 * c = √(8/3)·a unless given.
 */
public final class Lattices {
    private Lattices() { }

    public static final List<String> NAMES = List.of("diamond", "fcc", "bcc", "sc", "hcp");

    private static final double[][] DIAMOND = {{0, 0, 0}, {0, .5, .5}, {.5, 0, .5}, {.5, .5, 0},
        {.25, .25, .25}, {.25, .75, .75}, {.75, .25, .75}, {.75, .75, .25}};
    private static final double[][] BCC = {{0, 0, 0}, {.5, .5, .5}};
    private static final double[][] SC = {{0, 0, 0}};
    /** Orthohexagonal cell (a, √3a, c): four atoms. */
    private static final double[][] HCP = {{0, 0, 0}, {.5, .5, 0}, {.5, 5.0 / 6, .5}, {0, 1.0 / 3, .5}};

    /** A lattice of one element: name in {@link #NAMES}, lattice constant a (Å), repeats per axis. */
    public static Atoms build(String name, double a, int[] repeat, String element, double mass) {
        if (a <= 0 || !Double.isFinite(a)) throw new IllegalArgumentException("lattice constant a = " + a + "; give a > 0 (Å)");
        if (repeat.length != 3 || repeat[0] < 1 || repeat[1] < 1 || repeat[2] < 1) {
            throw new IllegalArgumentException("repeat = " + java.util.Arrays.toString(repeat) + "; give three counts >= 1");
        }
        double[][] basis;
        double[] cell = {a, a, a};
        switch (name.toLowerCase(Locale.ROOT)) {
            case "diamond": basis = DIAMOND; break;
            case "fcc": basis = java.util.Arrays.copyOf(DIAMOND, 4); break;
            case "bcc": basis = BCC; break;
            case "sc": basis = SC; break;
            case "hcp": basis = HCP; cell = new double[] {a, Math.sqrt(3) * a, Math.sqrt(8.0 / 3) * a}; break;
            default: throw new IllegalArgumentException("unknown lattice '" + name + "'; use one of " + String.join(", ", NAMES));
        }
        int n = repeat[0] * repeat[1] * repeat[2] * basis.length;
        double[] r = new double[3 * n];
        int k = 0;
        for (int iz = 0; iz < repeat[2]; iz++) {
            for (int iy = 0; iy < repeat[1]; iy++) {
                for (int ix = 0; ix < repeat[0]; ix++) {
                    for (double[] b : basis) {
                        r[k++] = (ix + b[0]) * cell[0];
                        r[k++] = (iy + b[1]) * cell[1];
                        r[k++] = (iz + b[2]) * cell[2];
                    }
                }
            }
        }
        Box box = Box.orthorhombic(repeat[0] * cell[0], repeat[1] * cell[1], repeat[2] * cell[2]);
        return Atoms.of(r, element, mass, box);
    }
}
