package org.polymorph.materials.internal.matching;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.polymorph.materials.space.Box;
import org.polymorph.materials.structure.Atoms;

/**
 * A periodic structure as the matcher sees it: lattice rows h (Å), fractional coordinates of each site [n][3], the
 * element of each site, and for each atom of the structure it came from, the site that holds it (a primitive
 * reduction puts several atoms on one site).
 */
record Cell(double[] h, double[][] frac, String[] species, int[] siteOfAtom) {

    /** The cell of a structure periodic on all axes, one site per atom. */
    static Cell of(Atoms atoms) {
        if (!atoms.box().allPeriodic()) throw new IllegalArgumentException("the structure is not periodic on all three axes");
        if (atoms.size() == 0) throw new IllegalArgumentException("the structure has no atoms");
        double[] h = atoms.box().h();
        double[] inv = Box.inverse(h);
        double[][] f = new double[atoms.size()][];
        String[] sp = new String[atoms.size()];
        int[] site = new int[atoms.size()];
        for (int a = 0; a < f.length; a++) {
            f[a] = Mat3.frac(new double[] {atoms.x(a, 0), atoms.x(a, 1), atoms.x(a, 2)}, inv);
            sp[a] = atoms.typeNames().get(atoms.type(a));
            site[a] = a;
        }
        return new Cell(h, f, sp, site);
    }

    int size() { return frac.length; }

    double volume() { return Math.abs(Box.det(h)); }

    /** The same sites in the Niggli-reduced basis of the lattice (coordinates not wrapped). */
    Cell niggli() {
        double[] nh = Niggli.reduce(h);
        double[] inv = Box.inverse(nh);
        double[][] f = new double[size()][];
        for (int i = 0; i < f.length; i++) f[i] = Mat3.frac(Mat3.cart(frac[i], h), inv);
        return new Cell(nh, f, species, siteOfAtom);
    }

    /** The same fractional coordinates in a lattice scaled by s (lengths times s). */
    Cell scaled(double s) { return new Cell(Mat3.scaled(h, s), frac, species, siteOfAtom); }

    /** For each site, the first atom (of the original structure) it holds. */
    int[] firstAtoms() {
        int[] first = new int[size()];
        Arrays.fill(first, -1);
        for (int a = siteOfAtom.length - 1; a >= 0; a--) first[siteOfAtom[a]] = a;
        return first;
    }

    /** Reduced composition key: element counts divided by their greatest common divisor, sorted by element. */
    String reducedFormula() {
        List<String> names = new ArrayList<>(new java.util.TreeSet<>(Arrays.asList(species)));
        int[] count = new int[names.size()];
        for (String s : species) count[names.indexOf(s)]++;
        int g = 0;
        for (int c : count) g = gcd(g, c);
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < count.length; i++) b.append(names.get(i)).append(count[i] / g);
        return b.toString();
    }

    static int gcd(int a, int b) { return b == 0 ? a : gcd(b, a % b); }
}
