package org.polymorph.materials.internal.forcefield;

import org.polymorph.materials.space.Box;
import org.polymorph.materials.structure.Atoms;
import org.polymorph.materials.structure.Lattices;

/** The crystals of the fits and of the phase check (positions Å; masses amu). */
public final class Structures {
    /** β-Sn c/a fixed at the experimental value for Si (Hu &amp; Spain 1984; 0.552), not relaxed. */
    public static final double BETA_SN_C_OVER_A = 0.552;

    private Structures() { }

    /** A conventional cubic cell of a Lattices structure, repeated. */
    public static Atoms cubic(String name, double a, int repeat, String element, double mass) {
        return Lattices.build(name, a, new int[] {repeat, repeat, repeat}, element, mass);
    }

    /** The primitive cell: two atoms for diamond (fcc vectors a/2 (0,1,1), ...; basis 0 and a/4 (1,1,1)), one for fcc, bcc, sc. */
    public static Atoms primitive(String name, double a, String element, double mass) {
        double h = a / 2;
        return switch (name) {
            case "diamond" -> Atoms.of(new double[] {0, 0, 0, a / 4, a / 4, a / 4}, element, mass, Box.periodic(new double[] {0, h, h, h, 0, h, h, h, 0}));
            case "fcc" -> Atoms.of(new double[] {0, 0, 0}, element, mass, Box.periodic(new double[] {0, h, h, h, 0, h, h, h, 0}));
            case "bcc" -> Atoms.of(new double[] {0, 0, 0}, element, mass, Box.periodic(new double[] {-h, h, h, h, -h, h, h, h, -h}));
            case "sc" -> Atoms.of(new double[] {0, 0, 0}, element, mass, Box.periodic(new double[] {a, 0, 0, 0, a, 0, 0, 0, a}));
            default -> throw new IllegalArgumentException("no primitive cell for '" + name + "'; use diamond, fcc, bcc or sc");
        };
    }

    /**
     * β-Sn (A5, I4₁/amd): body-centred tetragonal, 4 atoms in the conventional cell at (0,0,0),
     * (0,½,¼), (½,½,½), (½,0,¾) in units of (a, a, c), repeated na × na × nc.
     */
    public static Atoms betaSn(double a, double cOverA, int na, int nc, String element, double mass) {
        double c = a * cOverA;
        double[][] basis = {{0, 0, 0}, {0, 0.5, 0.25}, {0.5, 0.5, 0.5}, {0.5, 0, 0.75}};
        double[] r = new double[3 * 4 * na * na * nc];
        int k = 0;
        for (int x = 0; x < na; x++) {
            for (int y = 0; y < na; y++) {
                for (int z = 0; z < nc; z++) {
                    for (double[] b : basis) {
                        r[k++] = (x + b[0]) * a;
                        r[k++] = (y + b[1]) * a;
                        r[k++] = (z + b[2]) * c;
                    }
                }
            }
        }
        return Atoms.of(r, element, mass, Box.orthorhombic(na * a, na * a, nc * c));
    }
}
