package org.polymorph.materials.internal.matching;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.polymorph.materials.io.Elements;
import org.polymorph.materials.space.Box;
import org.polymorph.materials.structure.Atoms;

/**
 * Test crystals from literature lattice data, and the transformations the matcher must see through (rotation,
 * translation, atom order, strain, supercells) or not (rattling beyond stol, other polymorphs).
 */
final class Crystals {
    private Crystals() { }

    /** A crystal from lattice rows (Å), elements and fractional coordinates [n][3]. */
    static Atoms of(double[] h, String[] species, double[][] frac) {
        List<String> names = new ArrayList<>();
        for (String s : species) if (!names.contains(s)) names.add(s);
        double[] r = new double[3 * frac.length];
        int[] types = new int[frac.length];
        for (int i = 0; i < frac.length; i++) {
            double[] x = Mat3.cart(frac[i], h);
            System.arraycopy(x, 0, r, 3 * i, 3);
            types[i] = names.indexOf(species[i]);
        }
        double[] masses = names.stream().mapToDouble(Elements::mass).toArray();
        return new Atoms(r, types, names, masses, Box.periodic(h));
    }

    static double[] hexagonal(double a, double c) {
        return new double[] {a, 0, 0, -a / 2, a * Math.sqrt(3) / 2, 0, 0, 0, c};
    }

    static double[] tetragonal(double a, double c) { return new double[] {a, 0, 0, 0, a, 0, 0, 0, c}; }

    /** Rutile TiO2, P4₂/mnm, a = 4.594, c = 2.959 Å, O at 4f with x = 0.3048 (Burdett et al., JACS 109, 3639 (1987)). */
    static Atoms rutile() {
        double u = 0.3048;
        return of(tetragonal(4.594, 2.959), new String[] {"Ti", "Ti", "O", "O", "O", "O"},
                new double[][] {{0, 0, 0}, {.5, .5, .5}, {u, u, 0}, {1 - u, 1 - u, 0}, {.5 + u, .5 - u, .5}, {.5 - u, .5 + u, .5}});
    }

    /** Anatase TiO2, I4₁/amd (origin choice 1), a = 3.785, c = 9.514 Å, O at 8e with z = 0.2081 (Burdett et al., ibid.). */
    static Atoms anatase() {
        double z = 0.2081;
        double[][] base = {{0, 0, 0}, {0, .5, .25}, {0, 0, z}, {0, 0, -z}, {0, .5, .25 + z}, {0, .5, .25 - z}};
        String[] sp = {"Ti", "Ti", "O", "O", "O", "O"};
        double[][] f = new double[12][];
        String[] all = new String[12];
        for (int i = 0; i < 6; i++) {
            f[i] = base[i];
            f[i + 6] = new double[] {base[i][0] + .5, base[i][1] + .5, base[i][2] + .5};
            all[i] = sp[i];
            all[i + 6] = sp[i];
        }
        return of(tetragonal(3.785, 9.514), all, f);
    }

    static Atoms diamond() { return cubic(5.431, "Si", "Si", 0.25); }

    /** Zincblende ZnS, a = 5.409 Å. */
    static Atoms zincblende() { return cubic(5.409, "Zn", "S", 0.25); }

    /** Rocksalt NaCl, a = 5.640 Å. */
    static Atoms rocksalt() { return cubic(5.640, "Na", "Cl", 0.5); }

    /** fcc sublattice of element x plus the same shifted by (s, s, s) of element y. */
    private static Atoms cubic(double a, String x, String y, double s) {
        double[][] fcc = {{0, 0, 0}, {0, .5, .5}, {.5, 0, .5}, {.5, .5, 0}};
        double[][] f = new double[8][];
        String[] sp = new String[8];
        for (int i = 0; i < 4; i++) {
            f[i] = fcc[i];
            f[i + 4] = new double[] {fcc[i][0] + s, fcc[i][1] + s, fcc[i][2] + s};
            sp[i] = x;
            sp[i + 4] = y;
        }
        return of(tetragonal(a, a), sp, f);
    }

    static Atoms fcc() {
        return of(tetragonal(3.615, 3.615), new String[] {"Cu", "Cu", "Cu", "Cu"}, new double[][] {{0, 0, 0}, {0, .5, .5}, {.5, 0, .5}, {.5, .5, 0}});
    }

    static Atoms bcc() { return of(tetragonal(2.866, 2.866), new String[] {"Fe", "Fe"}, new double[][] {{0, 0, 0}, {.5, .5, .5}}); }

    /** CsCl, a = 4.123 Å. */
    static Atoms cesiumChloride() { return of(tetragonal(4.123, 4.123), new String[] {"Cs", "Cl"}, new double[][] {{0, 0, 0}, {.5, .5, .5}}); }

    /** hcp with the fcc nearest-neighbour distance of Cu (a = 3.615/√2, ideal c/a). */
    static Atoms hcp() {
        double a = 3.615 / Math.sqrt(2);
        return of(hexagonal(a, a * Math.sqrt(8.0 / 3)), new String[] {"Cu", "Cu"}, new double[][] {{1.0 / 3, 2.0 / 3, .25}, {2.0 / 3, 1.0 / 3, .75}});
    }

    /** Lonsdaleite (hexagonal diamond) of Si with the diamond bond length: a = 3.840, c = 6.271 Å, ideal u = 1/16. */
    static Atoms lonsdaleite() {
        double a = 5.431 / Math.sqrt(2);
        return of(hexagonal(a, a * Math.sqrt(8.0 / 3)), new String[] {"Si", "Si", "Si", "Si"},
                new double[][] {{1.0 / 3, 2.0 / 3, 0}, {2.0 / 3, 1.0 / 3, .5}, {1.0 / 3, 2.0 / 3, .375}, {2.0 / 3, 1.0 / 3, .875}});
    }

    /** Wurtzite ZnS: a = 3.811, c = 6.234 Å, u = 0.375. */
    static Atoms wurtzite() {
        return of(hexagonal(3.811, 6.234), new String[] {"Zn", "Zn", "S", "S"},
                new double[][] {{1.0 / 3, 2.0 / 3, 0}, {2.0 / 3, 1.0 / 3, .5}, {1.0 / 3, 2.0 / 3, .375}, {2.0 / 3, 1.0 / 3, .875}});
    }

    /** Cubic perovskite SrTiO3, a = 3.905 Å. */
    static Atoms perovskite() {
        return of(tetragonal(3.905, 3.905), new String[] {"Sr", "Ti", "O", "O", "O"},
                new double[][] {{0, 0, 0}, {.5, .5, .5}, {.5, .5, 0}, {.5, 0, .5}, {0, .5, .5}});
    }

    /** Monoclinic cell with a three-site basis, low symmetry (no primitive reduction, few lattice mappings). */
    static Atoms monoclinic() {
        double beta = Math.toRadians(103.0);
        double[] h = {4.1, 0, 0, 0, 5.3, 0, 6.2 * Math.cos(beta), 0, 6.2 * Math.sin(beta)};
        return of(h, new String[] {"Al", "O", "O", "Al", "O", "O"},
                new double[][] {{.1, .2, .3}, {.35, .1, .6}, {.7, .45, .15}, {.6, .7, .8}, {.2, .8, .55}, {.85, .3, .9}});
    }

    /** The structure rotated by a random rotation, translated and with its atoms in random order. */
    static Atoms moved(Atoms s, Random rnd) {
        double[] q = {rnd.nextGaussian(), rnd.nextGaussian(), rnd.nextGaussian(), rnd.nextGaussian()};
        double n = Math.sqrt(q[0] * q[0] + q[1] * q[1] + q[2] * q[2] + q[3] * q[3]);
        double w = q[0] / n, x = q[1] / n, y = q[2] / n, z = q[3] / n;
        double[] rot = {1 - 2 * (y * y + z * z), 2 * (x * y - z * w), 2 * (x * z + y * w),
            2 * (x * y + z * w), 1 - 2 * (x * x + z * z), 2 * (y * z - x * w),
            2 * (x * z - y * w), 2 * (y * z + x * w), 1 - 2 * (x * x + y * y)};
        double[] shift = {rnd.nextDouble() * 3, rnd.nextDouble() * 3, rnd.nextDouble() * 3};
        int[] order = permutation(s.size(), rnd);
        double[] r = new double[3 * s.size()];
        int[] types = new int[s.size()];
        for (int i = 0; i < s.size(); i++) {
            double[] p = {s.x(order[i], 0) + shift[0], s.x(order[i], 1) + shift[1], s.x(order[i], 2) + shift[2]};
            System.arraycopy(Mat3.cart(p, rot), 0, r, 3 * i, 3);
            types[i] = s.type(order[i]);
        }
        return new Atoms(r, types, s.typeNames(), s.masses(), Box.periodic(Box.matmul(s.box().h(), rot)));
    }

    /** Positions and cell under the strain ε = s · (random symmetric matrix with entries in [-1, 1]). */
    static Atoms strained(Atoms s, double size, Random rnd) {
        double[] eps = new double[9];
        for (int i = 0; i < 3; i++) {
            for (int j = i; j < 3; j++) {
                eps[3 * i + j] = size * (2 * rnd.nextDouble() - 1);
                eps[3 * j + i] = eps[3 * i + j];
            }
        }
        return s.strained(eps);
    }

    /** The structure stretched by the factor 1 + e along x alone. */
    static Atoms stretched(Atoms s, double e) { return s.strained(new double[] {e, 0, 0, 0, 0, 0, 0, 0, 0}); }

    /** Each atom displaced by a random vector of length amplitude · (V/N)^(1/3). */
    static Atoms rattled(Atoms s, double amplitude, Random rnd) {
        double len = amplitude * Math.cbrt(s.box().volume() / s.size());
        double[] r = s.positions();
        for (int i = 0; i < s.size(); i++) {
            double[] d = {rnd.nextGaussian(), rnd.nextGaussian(), rnd.nextGaussian()};
            double n = Math.sqrt(d[0] * d[0] + d[1] * d[1] + d[2] * d[2]);
            for (int k = 0; k < 3; k++) r[3 * i + k] += d[k] / n * len;
        }
        return s.withPositions(r);
    }

    /** The supercell whose rows are m · (cell rows), m an integer matrix (row-major) of positive determinant. */
    static Atoms supercell(Atoms s, int[] m) {
        double[] h = Mat3.times(m, s.box().h());
        double[][] frac = new double[s.size()][];
        double[] inv = Box.inverse(s.box().h());
        for (int i = 0; i < s.size(); i++) frac[i] = Mat3.frac(new double[] {s.x(i, 0), s.x(i, 1), s.x(i, 2)}, inv);
        double[][] sites = SiteAlignment.supercell(frac, m, (int) Math.round(Math.abs(org.polymorph.materials.space.Box.det(toDouble(m)))));
        String[] sp = new String[sites.length];
        int fu = sites.length / s.size();
        for (int i = 0; i < sites.length; i++) sp[i] = s.typeNames().get(s.type(i / fu));
        return of(h, sp, sites);
    }

    /** The same structure with each element renamed (from[i] → to[i]). */
    static Atoms renamed(Atoms s, List<String> to) {
        return new Atoms(s.positions(), s.types(), to, to.stream().mapToDouble(Elements::mass).toArray(), s.box());
    }

    /** The structure without atom i. */
    static Atoms without(Atoms s, int atom) {
        double[] r = new double[3 * (s.size() - 1)];
        int[] t = new int[s.size() - 1];
        for (int i = 0, k = 0; i < s.size(); i++) {
            if (i == atom) continue;
            for (int c = 0; c < 3; c++) r[3 * k + c] = s.x(i, c);
            t[k++] = s.type(i);
        }
        return new Atoms(r, t, s.typeNames(), s.masses(), s.box());
    }

    private static int[] permutation(int n, Random rnd) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) p[i] = i;
        for (int i = n - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    private static double[] toDouble(int[] m) { return Arrays.stream(m).asDoubleStream().toArray(); }
}
