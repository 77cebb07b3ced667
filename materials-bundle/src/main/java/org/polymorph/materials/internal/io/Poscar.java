package org.polymorph.materials.internal.io;

import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import org.polymorph.materials.space.Box;
import org.polymorph.materials.structure.Atoms;

/**
 * VASP 5 POSCAR/CONTCAR: comment; scale (a negative value is the target volume in Å³); three
 * lattice vectors; element symbols; counts; optional "Selective dynamics"; Direct or Cartesian
 * (by first letter D, or C/K); one line per atom (three coordinates, then selective-dynamics flags
 * or a label, which are ignored). Cartesian coordinates are scaled like the lattice. A velocity
 * block after the positions is ignored. The cell is periodic on all axes.
 */
public final class Poscar {
    private Poscar() { }

    public static Atoms read(LineSource src) {
        src.require("a comment line");
        String sl = src.require("the scale factor");
        String[] sf = src.fields(sl, 1, "the scale factor (or a negative volume)");
        double scale = src.number(sf[0], "the scale factor");
        if (scale == 0) throw src.error("expected a non-zero scale factor, got 0");
        int scaleLine = src.line();
        double[] h = new double[9];
        for (int i = 0; i < 3; i++) {
            String[] t = src.fields(src.require("lattice vector " + (i + 1)), 3, "lattice vector " + (i + 1) + " (3 numbers)");
            for (int k = 0; k < 3; k++) h[3 * i + k] = src.number(t[k], "lattice vector " + (i + 1));
        }
        double v0 = Box.det(h);
        if (scale < 0) {
            if (v0 == 0) throw src.error("the lattice vectors have zero volume");
            scale = Math.cbrt(-scale / Math.abs(v0));
        }
        for (int k = 0; k < 9; k++) h[k] *= scale;
        String[] names = LineSource.fields(src.require("the element symbols line (VASP 5)"));
        if (names.length == 0 || Character.isDigit(names[0].charAt(0)) || names[0].startsWith("-")) {
            throw src.error("expected element symbols (VASP 5 format, e.g. 'Si O'), got '" + String.join(" ", names)
                    + "'; add the element line after the lattice vectors");
        }
        double[] masses = new double[names.length];
        for (int i = 0; i < names.length; i++) {
            String sym = names[i].contains("/") ? names[i].substring(0, names[i].indexOf('/')) : names[i];
            if (sym.contains("_")) sym = sym.substring(0, sym.indexOf('_'));
            masses[i] = src.elementMass(sym);
            names[i] = sym;
        }
        String[] ct = src.fields(src.require("the atom counts"), names.length, names.length + " atom counts, one per element");
        long n = 0;
        int[] counts = new int[names.length];
        for (int i = 0; i < names.length; i++) {
            counts[i] = src.integer(ct[i], "the count of " + names[i]);
            if (counts[i] < 0) throw src.error("expected a count >= 0 for " + names[i] + ", got " + counts[i]);
            n += counts[i];
        }
        if (n > Integer.MAX_VALUE) throw src.error("the counts add up to " + n + " atoms, more than a structure file can hold; correct the counts");
        int countLine = src.line();
        String mode = src.require("Direct or Cartesian").strip();
        if (mode.toLowerCase().startsWith("s")) mode = src.require("Direct or Cartesian").strip();
        char m = mode.isEmpty() ? ' ' : Character.toLowerCase(mode.charAt(0));
        if (m != 'd' && m != 'c' && m != 'k') throw src.error("expected Direct or Cartesian, got '" + mode + "'");
        boolean direct = m == 'd';
        int first = src.line() + 1;
        double[] r = new double[0];
        int[] types = new int[0];
        int a = 0;
        for (int s = 0; s < names.length; s++) {
            for (int c = 0; c < counts[s]; c++, a++) {
                String[] t = src.fields(src.require("coordinates of atom " + (a + 1) + " of " + n + " (the counts on line " + countLine + ")"), 3,
                        "3 coordinates of atom " + (a + 1));
                double[] x = new double[3];
                for (int k = 0; k < 3; k++) x[k] = src.number(t[k], "a coordinate of atom " + (a + 1));
                r = Grow.room(r, 3 * a + 3);
                types = Grow.room(types, a + 1);
                for (int k = 0; k < 3; k++) {
                    r[3 * a + k] = direct ? x[0] * h[k] + x[1] * h[3 + k] + x[2] * h[6 + k] : scale * x[k];
                    if (!Double.isFinite(r[3 * a + k])) throw src.error("the coordinates of atom " + (a + 1) + " overflow; give coordinates near the cell");
                }
                types[a] = s;
            }
        }
        Atoms atoms;
        try {
            atoms = new Atoms(java.util.Arrays.copyOf(r, 3 * a), java.util.Arrays.copyOf(types, a), List.of(names), masses, Box.periodic(h));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(src.name() + " line " + scaleLine + ": " + e.getMessage(), e);
        }
        StructureCheck.check(atoms, src.name(), scaleLine, i -> first + i);
        return atoms;
    }

    /**
     * Writes VASP 5 with scale 1. Atoms are grouped by type in type order (stable within a type),
     * since POSCAR lists each element's atoms together; types with no atoms are left out.
     */
    public static void write(Writer w, Atoms atoms, String comment, boolean direct) throws IOException {
        StringBuilder b = new StringBuilder();
        b.append(comment.replace('\n', ' ')).append('\n').append("1.0\n");
        double[] h = atoms.box().h();
        for (int i = 0; i < 3; i++) {
            b.append(' ').append(AtomicFiles.num(h[3 * i])).append(' ').append(AtomicFiles.num(h[3 * i + 1]))
                    .append(' ').append(AtomicFiles.num(h[3 * i + 2])).append('\n');
        }
        int nt = atoms.typeNames().size();
        List<List<Integer>> groups = new ArrayList<>();
        for (int t = 0; t < nt; t++) groups.add(new ArrayList<>());
        for (int a = 0; a < atoms.size(); a++) groups.get(atoms.type(a)).add(a);
        StringBuilder sym = new StringBuilder(), cnt = new StringBuilder();
        for (int t = 0; t < nt; t++) {
            if (groups.get(t).isEmpty()) continue;
            sym.append(' ').append(atoms.typeNames().get(t));
            cnt.append(' ').append(groups.get(t).size());
        }
        b.append(sym).append('\n').append(cnt).append('\n').append(direct ? "Direct\n" : "Cartesian\n");
        double[] inv = Box.inverse(h);
        for (List<Integer> g : groups) {
            for (int a : g) {
                double[] x = {atoms.x(a, 0), atoms.x(a, 1), atoms.x(a, 2)};
                for (int k = 0; k < 3; k++) {
                    double c = direct ? x[0] * inv[k] + x[1] * inv[3 + k] + x[2] * inv[6 + k] : x[k];
                    b.append(' ').append(AtomicFiles.num(c));
                }
                b.append('\n');
            }
        }
        w.write(b.toString());
    }
}
