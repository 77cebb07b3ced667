package org.polymorph.materials.internal.io;

import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.polymorph.materials.io.Frame;
import org.polymorph.materials.io.LammpsBox;
import org.polymorph.materials.space.Box;
import org.polymorph.materials.structure.Atoms;

/**
 * LAMMPS data files, atom_style atomic (LAMMPS manual, read_data). Header: "N atoms", "T atom
 * types", "xlo xhi", "ylo yhi", "zlo zhi", optional "xy xz yz"; other header lines are ignored.
 * Sections: Masses ("t m", a trailing "# Si" names the type), Atoms ("id t x y z [ix iy iz]",
 * unwrapped with the image flags), Velocities ("id vx vy vz"); other sections are skipped. Atoms
 * are ordered by id (any distinct positive ids); positions are taken relative to (xlo, ylo, zlo) so the
 * cell starts at the origin, and every axis is periodic (a data file does not record boundaries).
 * Types without a "# name" comment are named by caller-given names, else by their number ("1", …).
 * A type without a mass (no Masses section, as ASE 3.22 writes) gets its element's standard atomic
 * weight when its name is an element symbol.
 */
public final class LammpsData {
    private LammpsData() { }

    public static Frame read(LineSource src, List<String> typeNames) {
        src.require("the title line");
        int n = -1, nt = -1;
        double[] lo = new double[3], len = {Double.NaN, Double.NaN, Double.NaN};
        double xy = 0, xz = 0, yz = 0;
        String line;
        while ((line = src.next()) != null) {
            String s = strip(line);
            if (s.isEmpty()) continue;
            if (Character.isLetter(s.charAt(0))) break;
            String[] t = LineSource.fields(s);
            if (s.endsWith(" atoms")) n = src.integer(t[0], "the number of atoms");
            else if (s.endsWith(" atom types")) nt = src.integer(t[0], "the number of atom types");
            else if (s.endsWith(" xy xz yz")) {
                xy = src.number(t[0], "xy");
                xz = src.number(t[1], "xz");
                yz = src.number(t[2], "yz");
            } else {
                for (int k = 0; k < 3; k++) {
                    String ax = "xyz".substring(k, k + 1);
                    if (s.endsWith(" " + ax + "lo " + ax + "hi")) {
                        lo[k] = src.number(t[0], ax + "lo");
                        len[k] = src.number(t[1], ax + "hi") - lo[k];
                    }
                }
            }
        }
        if (n < 0 || nt < 1) throw at(src, src.line(), "the header needs 'N atoms' and 'T atom types' before the first section");
        for (int k = 0; k < 3; k++) if (!(len[k] > 0)) throw src.error("the header needs '" + "xyz".charAt(k) + "lo " + "xyz".charAt(k) + "hi' with hi > lo");
        LammpsBox lb = new LammpsBox(len[0], len[1], len[2], xy, xz, yz);
        double[] h = lb.h();
        double[] masses = new double[nt];
        java.util.Arrays.fill(masses, Double.NaN);
        String[] names = new String[nt];
        double[] r = null, v = null;
        int[] types = null;
        Map<Integer, Integer> slot = null;
        boolean hasMasses = false;
        String header = line;
        while (header != null) {
            String section = strip(header);
            int c = header.indexOf('#');
            String style = c >= 0 ? header.substring(c + 1).strip() : "";
            int sectionLine = src.line();
            List<String> rows = new ArrayList<>();
            List<Integer> rowLines = new ArrayList<>();
            String next = null;
            String l;
            while ((l = src.next()) != null) {
                String t = strip(l);
                if (!t.isEmpty() && Character.isLetter(t.charAt(0))) {
                    next = l;
                    break;
                }
                if (!t.isEmpty()) {
                    rows.add(section.equals("Masses") ? l.strip() : t);
                    rowLines.add(src.line());
                }
            }
            if (section.equals("Masses")) {
                hasMasses = true;
                masses(rows, rowLines, masses, names, src);
            } else if (section.equals("Atoms")) {
                if (!style.isEmpty() && !style.equals("atomic")) {
                    throw at(src, sectionLine, "atom style '" + style + "' is not supported; expected 'Atoms # atomic'");
                }
                r = new double[3 * n];
                types = new int[n];
                slot = atoms(rows, rowLines, n, nt, h, r, types, src);
                for (int a = 0; a < n; a++) for (int k = 0; k < 3; k++) r[3 * a + k] -= lo[k];
            } else if (section.equals("Velocities")) {
                if (slot == null) throw at(src, sectionLine, "expected the Atoms section before Velocities");
                v = new double[3 * n];
                velocities(rows, rowLines, slot, v, src);
            }
            header = next;
        }
        if (r == null) throw at(src, src.line(), "expected an Atoms section; the file has none");
        for (int t = 0; t < nt; t++) {
            if (names[t] == null) names[t] = typeNames != null && t < typeNames.size() ? typeNames.get(t) : Integer.toString(t + 1);
            if (Double.isNaN(masses[t])) {
                if (!org.polymorph.materials.io.Elements.isElement(names[t])) {
                    if (!hasMasses) {
                        throw at(src, 1, "no mass for atom type " + (t + 1) + " ('" + names[t] + "', not an element symbol): the file has no Masses section;"
                                + " give elements=Si,... naming the element of each of the " + nt + " type(s) in order (masses then from the standard atomic weights)");
                    }
                    throw at(src, 1, "no mass for atom type " + (t + 1) + " (" + names[t] + "); add it to the Masses section");
                }
                masses[t] = org.polymorph.materials.io.Elements.mass(names[t]);
            }
        }
        return new Frame(new Atoms(r, types, List.of(names), masses, Box.periodic(h)), v, null, Map.of());
    }

    private static IllegalArgumentException at(LineSource src, int line, String msg) {
        return new IllegalArgumentException(src.name() + " line " + line + ": " + msg);
    }

    private static String strip(String line) {
        int c = line.indexOf('#');
        return (c >= 0 ? line.substring(0, c) : line).strip();
    }

    private static void masses(List<String> rows, List<Integer> lines, double[] masses, String[] names, LineSource src) {
        for (int i = 0; i < rows.size(); i++) {
            String raw = rows.get(i);
            int c = raw.indexOf('#');
            String[] t = LineSource.fields(c >= 0 ? raw.substring(0, c) : raw);
            int ln = lines.get(i);
            if (t.length < 2) throw at(src, ln, "expected 'type mass' in Masses, got '" + raw + "'");
            int type = parseInt(t[0], "the atom type", src, ln);
            if (type < 1 || type > masses.length) throw at(src, ln, "atom type " + type + " outside 1.." + masses.length);
            masses[type - 1] = parseNum(t[1], "the mass", src, ln);
            if (c >= 0 && !raw.substring(c + 1).isBlank()) names[type - 1] = LineSource.fields(raw.substring(c + 1))[0];
        }
    }

    /** Fills r and types in order of increasing id; returns id → slot. Ids are any distinct positive integers. */
    private static Map<Integer, Integer> atoms(List<String> rows, List<Integer> lines, int n, int nt, double[] h, double[] r, int[] types,
            LineSource src) {
        if (rows.size() != n) throw at(src, lines.isEmpty() ? src.line() : lines.get(lines.size() - 1), "expected " + n + " lines in Atoms, got " + rows.size());
        String[][] t = new String[n][];
        Integer[] order = new Integer[n];
        int[] ids = new int[n];
        for (int i = 0; i < n; i++) {
            t[i] = LineSource.fields(rows.get(i));
            int ln = lines.get(i);
            if (t[i].length != 5 && t[i].length != 8) throw at(src, ln, "expected 'id type x y z [ix iy iz]' (atom_style atomic), got '" + rows.get(i) + "'");
            ids[i] = parseInt(t[i][0], "the atom id", src, ln);
            if (ids[i] < 1) throw at(src, ln, "atom id " + ids[i] + "; ids are positive");
            order[i] = i;
        }
        java.util.Arrays.sort(order, (x, y) -> Integer.compare(ids[x], ids[y]));
        Map<Integer, Integer> slot = new java.util.HashMap<>();
        for (int a = 0; a < n; a++) {
            int i = order[a], ln = lines.get(i);
            if (slot.put(ids[i], a) != null) throw at(src, ln, "atom id " + ids[i] + " is repeated");
            int type = parseInt(t[i][1], "the atom type", src, ln);
            if (type < 1 || type > nt) throw at(src, ln, "atom type " + type + " outside 1.." + nt);
            types[a] = type - 1;
            for (int k = 0; k < 3; k++) r[3 * a + k] = parseNum(t[i][2 + k], "a coordinate", src, ln);
            if (t[i].length == 8) {
                for (int m = 0; m < 3; m++) {
                    int img = parseInt(t[i][5 + m], "an image flag", src, ln);
                    for (int k = 0; k < 3; k++) r[3 * a + k] += img * h[3 * m + k];
                }
            }
        }
        return slot;
    }

    private static void velocities(List<String> rows, List<Integer> lines, Map<Integer, Integer> slot, double[] v, LineSource src) {
        int n = slot.size();
        if (rows.size() != n) throw at(src, lines.isEmpty() ? src.line() : lines.get(lines.size() - 1), "expected " + n + " lines in Velocities, got " + rows.size());
        for (int i = 0; i < n; i++) {
            String[] t = LineSource.fields(rows.get(i));
            int ln = lines.get(i);
            if (t.length != 4) throw at(src, ln, "expected 'id vx vy vz', got '" + rows.get(i) + "'");
            int id = parseInt(t[0], "the atom id", src, ln);
            Integer a = slot.get(id);
            if (a == null) throw at(src, ln, "atom id " + id + " is not in the Atoms section");
            for (int k = 0; k < 3; k++) v[3 * a + k] = parseNum(t[1 + k], "a velocity", src, ln);
        }
    }

    static int parseInt(String s, String what, LineSource src, int ln) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw at(src, ln, "expected an integer for " + what + ", got '" + s + "'");
        }
    }

    static double parseNum(String s, String what, LineSource src, int ln) {
        try {
            double d = Double.parseDouble(s);
            if (Double.isFinite(d)) return d;
        } catch (NumberFormatException e) {
            // reported below
        }
        throw at(src, ln, "expected a number for " + what + ", got '" + s + "'");
    }

    /**
     * Writes atom_style atomic with the cell rotated into LAMMPS's restricted form (see LammpsBox),
     * its tilts reduced into LAMMPS's range ({@link LammpsBox#reduced}; the atoms then wrapped into the
     * new cell, else written where they are), origin 0, types 1..T with "# name" after each mass,
     * atoms with ids 1..N in order, and a Velocities section when velocities are given (rotated like
     * positions).
     */
    public static void write(Writer w, Atoms atoms, double[] velocities) throws IOException {
        boolean[] periodic = atoms.box().periodic();
        LammpsBox rotated = LammpsBox.of(atoms.box().h());
        LammpsBox lb = rotated.reduced(periodic);
        double[] m = LammpsBox.rotation(atoms.box());
        double[] r = LammpsBox.apply(m, atoms.positions());
        if (!lb.equals(rotated)) r = lb.wrap(r, periodic);
        double[] v = LammpsBox.apply(m, velocities);
        StringBuilder b = new StringBuilder("LAMMPS data file written by Polymorph (atom_style atomic, metal units)\n\n");
        b.append(atoms.size()).append(" atoms\n").append(atoms.typeNames().size()).append(" atom types\n\n");
        b.append("0.0 ").append(AtomicFiles.num(lb.lx())).append(" xlo xhi\n");
        b.append("0.0 ").append(AtomicFiles.num(lb.ly())).append(" ylo yhi\n");
        b.append("0.0 ").append(AtomicFiles.num(lb.lz())).append(" zlo zhi\n");
        if (!lb.isOrthogonal()) {
            b.append(AtomicFiles.num(lb.xy())).append(' ').append(AtomicFiles.num(lb.xz())).append(' ').append(AtomicFiles.num(lb.yz())).append(" xy xz yz\n");
        }
        b.append("\nMasses\n\n");
        double[] masses = atoms.masses();
        for (int t = 0; t < masses.length; t++) {
            b.append(t + 1).append(' ').append(AtomicFiles.num(masses[t])).append(" # ").append(atoms.typeNames().get(t)).append('\n');
        }
        b.append("\nAtoms # atomic\n\n");
        for (int a = 0; a < atoms.size(); a++) {
            b.append(a + 1).append(' ').append(atoms.type(a) + 1);
            for (int k = 0; k < 3; k++) b.append(' ').append(AtomicFiles.num(r[3 * a + k]));
            b.append('\n');
        }
        if (v != null) {
            b.append("\nVelocities\n\n");
            for (int a = 0; a < atoms.size(); a++) {
                b.append(a + 1);
                for (int k = 0; k < 3; k++) b.append(' ').append(AtomicFiles.num(v[3 * a + k]));
                b.append('\n');
            }
        }
        w.write(b.toString());
    }
}
