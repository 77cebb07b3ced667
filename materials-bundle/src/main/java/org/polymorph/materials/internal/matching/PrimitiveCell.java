package org.polymorph.materials.internal.matching;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.polymorph.materials.space.Box;

/**
 * The primitive cell of a periodic structure, as pymatgen's {@code Structure.get_primitive_structure(tolerance=0.25)}
 * finds it: the translations that map every site onto a site of the same element within the tolerance (Å per
 * fractional axis), the smallest sublattice (Hermite normal form of determinant dividing the gcd of the element
 * counts) whose vectors are such translations, the sites grouped into cliques of equivalent images with their
 * positions averaged; repeated until no smaller cell exists, then Niggli-reduced. Sites come out sorted by element.
 */
final class PrimitiveCell {
    private PrimitiveCell() { }

    /** pymatgen's default site tolerance (Å). */
    static final double TOLERANCE = 0.25;

    /** The primitive cell of c; c itself where it has none smaller. */
    static Cell reduce(Cell c) {
        Cell sorted = sortedByElement(c);
        int n = sorted.size();
        double[] abc = {Mat3.norm(c.h(), 0), Mat3.norm(c.h(), 1), Mat3.norm(c.h(), 2)};
        double[] ftol = {TOLERANCE / abc[0], TOLERANCE / abc[1], TOLERANCE / abc[2]};
        List<int[]> groups = groups(sorted.species());
        List<double[]> translations = translations(sorted, groups, ftol);
        int fu = 0;
        for (int[] g : groups) fu = Cell.gcd(fu, g.length);
        boolean[][] apart = apart(sorted, ftol);
        for (int det = 2; det <= fu; det++) {
            if (fu % det != 0) continue;
            for (int[] m : hermiteForms(det)) {
                double[] inv = Box.inverse(toDouble(m));
                if (!allRowsAmong(inv, translations, ftol)) continue;
                Cell smaller = regroup(sorted, m, inv, det, apart);
                if (smaller != null) return reduce(smaller).niggli();
            }
        }
        return c;
    }

    /** Sites sorted by element (stable), the atom-to-site map following. */
    private static Cell sortedByElement(Cell c) {
        Integer[] order = new Integer[c.size()];
        for (int i = 0; i < order.length; i++) order[i] = i;
        Arrays.sort(order, Comparator.comparing(i -> c.species()[i]));
        int[] newIndex = new int[order.length];
        double[][] f = new double[order.length][];
        String[] sp = new String[order.length];
        for (int k = 0; k < order.length; k++) {
            newIndex[order[k]] = k;
            f[k] = c.frac()[order[k]];
            sp[k] = c.species()[order[k]];
        }
        int[] site = new int[c.siteOfAtom().length];
        for (int a = 0; a < site.length; a++) site[a] = newIndex[c.siteOfAtom()[a]];
        return new Cell(c.h(), f, sp, site);
    }

    /** Index ranges [first, end) of the runs of equal elements in a sorted list. */
    private static List<int[]> groups(String[] species) {
        List<int[]> out = new ArrayList<>();
        int start = 0;
        for (int i = 1; i <= species.length; i++) {
            if (i == species.length || !species[i].equals(species[start])) {
                int[] g = new int[i - start];
                for (int k = 0; k < g.length; k++) g[k] = start + k;
                out.add(g);
                start = i;
            }
        }
        return out;
    }

    /** Candidate translations: differences within the rarest element that map every site near a like site (twice the tolerance). */
    private static List<double[]> translations(Cell c, List<int[]> groups, double[] ftol) {
        int[] rarest = groups.get(0);
        for (int[] g : groups) if (g.length < rarest.length) rarest = g;
        double[] tol2 = {2 * ftol[0], 2 * ftol[1], 2 * ftol[2]};
        List<double[]> out = new ArrayList<>();
        for (int s : rarest) {
            double[] t = new double[3];
            for (int k = 0; k < 3; k++) t[k] = c.frac()[s][k] - c.frac()[rarest[0]][k];
            if (mapsEverySite(c, groups, t, tol2)) out.add(t);
        }
        return out;
    }

    private static boolean mapsEverySite(Cell c, List<int[]> groups, double[] t, double[] tol) {
        for (int[] g : groups) {
            for (int i : g) {
                boolean found = false;
                for (int j : g) {
                    if (close(c.frac()[j], c.frac()[i], t, tol)) {
                        found = true;
                        break;
                    }
                }
                if (!found) return false;
            }
        }
        return true;
    }

    /** Whether fa - fb is within tol of t on each axis, modulo lattice vectors. */
    private static boolean close(double[] fa, double[] fb, double[] t, double[] tol) {
        for (int k = 0; k < 3; k++) {
            double d = fa[k] - fb[k] - t[k];
            if (Math.abs(d - Math.rint(d)) >= tol[k]) return false;
        }
        return true;
    }

    /** apart[i][j]: sites of one element too far apart (beyond twice the tolerance on some axis) to be images of each other; true on the diagonal. */
    private static boolean[][] apart(Cell c, double[] ftol) {
        int n = c.size();
        boolean[][] out = new boolean[n][n];
        double[] tol2 = {2 * ftol[0], 2 * ftol[1], 2 * ftol[2]};
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) out[i][j] = i == j || !close(c.frac()[j], c.frac()[i], new double[3], tol2);
        }
        return out;
    }

    /** Upper-triangular Hermite normal forms [[a,b,c],[0,e,f],[0,0,g]] of determinant det, b,c < a and f < e. */
    private static List<int[]> hermiteForms(int det) {
        List<int[]> out = new ArrayList<>();
        for (int a = 1; a <= det; a++) {
            if (det % a != 0) continue;
            for (int e = 1; e <= det / a; e++) {
                if ((det / a) % e != 0) continue;
                int g = det / a / e;
                for (int b = 0; b < a; b++) {
                    for (int cc = 0; cc < a; cc++) {
                        for (int f = 0; f < e; f++) out.add(new int[] {a, b, cc, 0, e, f, 0, 0, g});
                    }
                }
            }
        }
        return out;
    }

    private static boolean allRowsAmong(double[] inv, List<double[]> translations, double[] ftol) {
        for (int r = 0; r < 3; r++) {
            double[] row = {inv[3 * r], inv[3 * r + 1], inv[3 * r + 2]};
            boolean found = false;
            for (double[] t : translations) {
                if (close(row, t, new double[3], ftol)) {
                    found = true;
                    break;
                }
            }
            if (!found) return false;
        }
        return true;
    }

    /**
     * The sites of c in the cell whose lattice is m⁻¹ h (fractional coordinates f m, as Mat3.frac computes f·m), each clique of det equivalent
     * images one site at their running average; null where the images do not form such cliques.
     */
    private static Cell regroup(Cell c, int[] m, double[] inv, int det, boolean[][] apart) {
        double[] nh = Box.matmul(inv, c.h());
        double[] ftol = {TOLERANCE / Mat3.norm(nh, 0), TOLERANCE / Mat3.norm(nh, 1), TOLERANCE / Mat3.norm(nh, 2)};
        int n = c.size();
        double[] md = toDouble(m);
        double[][] f = new double[n][];
        for (int i = 0; i < n; i++) {
            f[i] = Mat3.frac(c.frac()[i], md);
            for (int k = 0; k < 3; k++) f[i][k] -= Math.floor(f[i][k]);
        }
        boolean[][] same = new boolean[n][n];
        for (int i = 0; i < n; i++) {
            int count = 0;
            for (int j = 0; j < n; j++) {
                same[i][j] = c.species()[i].equals(c.species()[j]) && apart[i][j] && close(f[j], f[i], new double[3], ftol);
                if (same[i][j]) count++;
            }
            if (count != det) return null;
        }
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                if (!same[i][j]) continue;
                for (int k = 0; k < n; k++) if (same[i][k] && !same[j][k]) return null;
            }
        }
        List<double[]> fs = new ArrayList<>();
        List<String> sp = new ArrayList<>();
        int[] newSite = new int[n];
        boolean[] added = new boolean[n];
        for (int i = 0; i < n; i++) {
            if (added[i]) continue;
            double[] x = f[i].clone();
            int members = 1;
            for (int j = i + 1; j < n; j++) {
                if (!same[i][j]) continue;
                members++;
                for (int k = 0; k < 3; k++) {
                    double off = f[j][k] - x[k];
                    x[k] += (off - Math.rint(off)) / members;
                }
            }
            for (int j = i; j < n; j++) {
                if (j == i || same[i][j]) {
                    added[j] = true;
                    newSite[j] = fs.size();
                }
            }
            fs.add(x);
            sp.add(c.species()[i]);
        }
        int[] site = new int[c.siteOfAtom().length];
        for (int a = 0; a < site.length; a++) site[a] = newSite[c.siteOfAtom()[a]];
        return new Cell(nh, fs.toArray(new double[0][]), sp.toArray(new String[0]), site);
    }

    private static double[] toDouble(int[] m) {
        double[] d = new double[9];
        for (int i = 0; i < 9; i++) d[i] = m[i];
        return d;
    }
}
