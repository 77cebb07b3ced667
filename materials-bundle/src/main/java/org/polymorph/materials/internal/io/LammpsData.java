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
 * types", "xlo xhi", "ylo yhi", "zlo zhi", optional "xy xz yz"; the other header keywords of
 * read_data (bonds, angle types, extra ... per atom, ellipsoids, …) are checked and ignored; any other
 * header line is refused, as read_data does. Sections: Masses ("t m", m > 0, a trailing "# Si" names
 * the type), Atoms ("id t x y z [ix iy iz]", unwrapped with the image flags), Velocities ("id vx vy
 * vz"); read_data's other sections are skipped. Atoms are ordered by id (any distinct positive ids);
 * positions are taken relative to (xlo, ylo, zlo) so the cell starts at the origin, and every axis is
 * periodic (a data file does not record boundaries). Types without a "# name" comment are named by
 * caller-given names, else by their number ("1", …). A type without a mass (no Masses section, as ASE
 * 3.22 writes) gets its element's standard atomic weight when its name is an element symbol.
 */
public final class LammpsData {
    private LammpsData() { }

    /** Header keywords of read_data with the count of numbers before them; only atoms, atom types and the box are used. */
    private static final Map<String, Integer> HEADER = header();

    /** Section names of read_data; Masses, Atoms and Velocities are read, the others skipped. */
    private static final java.util.Set<String> SECTIONS = java.util.Set.of("Atoms", "Velocities", "Masses", "Ellipsoids", "Lines", "Triangles",
            "Bodies", "Bonds", "Angles", "Dihedrals", "Impropers", "Pair Coeffs", "PairIJ Coeffs", "Bond Coeffs", "Angle Coeffs",
            "Dihedral Coeffs", "Improper Coeffs", "BondBond Coeffs", "BondAngle Coeffs", "MiddleBondTorsion Coeffs", "EndBondTorsion Coeffs",
            "AngleTorsion Coeffs", "AngleAngleTorsion Coeffs", "BondBond13 Coeffs", "AngleAngle Coeffs");

    private static Map<String, Integer> header() {
        Map<String, Integer> m = new java.util.LinkedHashMap<>();
        for (String k : List.of("atoms", "bonds", "angles", "dihedrals", "impropers", "atom types", "bond types", "angle types", "dihedral types",
                "improper types", "extra bond per atom", "extra angle per atom", "extra dihedral per atom", "extra improper per atom",
                "extra special per atom", "ellipsoids", "lines", "triangles", "bodies")) {
            m.put(k, 1);
        }
        m.put("xlo xhi", 2);
        m.put("ylo yhi", 2);
        m.put("zlo zhi", 2);
        m.put("xy xz yz", 3);
        for (String k : List.of("avec", "bvec", "cvec", "abc origin")) m.put(k, 3);
        return java.util.Collections.unmodifiableMap(m);
    }

    /** One section: its header line, the "# style" after its name, and its non-blank rows with their line numbers. */
    private record Section(int line, String style, List<String> rows, List<Integer> lines) { }

    public static Frame read(LineSource src, List<String> typeNames) {
        src.require("the title line");
        long n = -1, nt = -1;
        double[] lo = new double[3], len = {Double.NaN, Double.NaN, Double.NaN};
        double xy = 0, xz = 0, yz = 0;
        int boxLine = 0;
        String line;
        while ((line = src.next()) != null) {
            String s = strip(line);
            if (s.isEmpty()) continue;
            if (SECTIONS.contains(s)) break;
            String[] t = LineSource.fields(s);
            String keyword = headerKeyword(t, src);
            if (keyword.equals("avec") || keyword.equals("bvec") || keyword.equals("cvec") || keyword.equals("abc origin")) {
                throw src.error("general triclinic boxes (avec, bvec, cvec, abc origin) are not read; write the restricted form"
                        + " (xlo xhi, ylo yhi, zlo zhi, xy xz yz), as write_data does by default");
            }
            if (keyword.equals("atoms")) n = count(t[0], "the number of atoms", src);
            else if (keyword.equals("atom types")) nt = count(t[0], "the number of atom types", src);
            else if (keyword.equals("xy xz yz")) {
                xy = src.number(t[0], "xy");
                xz = src.number(t[1], "xz");
                yz = src.number(t[2], "yz");
                boxLine = src.line();
            } else if (HEADER.get(keyword) == 2) {
                int k = keyword.charAt(0) - 'x';
                lo[k] = src.number(t[0], keyword.substring(0, 3));
                len[k] = src.number(t[1], keyword.substring(4)) - lo[k];
                boxLine = src.line();
            } else {
                count(t[0], "the number of " + keyword, src);
            }
        }
        if (n < 0 || nt < 1) throw at(src, src.line(), "the header needs 'N atoms' and 'T atom types' before the first section");
        if (n == 0) throw at(src, src.line(), "the header says 0 atoms; give a structure with at least one atom");
        for (int k = 0; k < 3; k++) if (!(len[k] > 0)) throw src.error("the header needs '" + "xyz".charAt(k) + "lo " + "xyz".charAt(k) + "hi' with hi > lo");
        double[] h;
        try {
            h = new LammpsBox(len[0], len[1], len[2], xy, xz, yz).h();
        } catch (IllegalArgumentException e) {
            throw at(src, boxLine, e.getMessage());
        }
        Map<String, Section> sections = sections(line, src);
        Section atomSection = sections.get("Atoms");
        if (atomSection == null) throw at(src, src.line(), "expected an Atoms section; the file has none");
        if (!atomSection.style().isEmpty() && !atomSection.style().equals("atomic")) {
            throw at(src, atomSection.line(), "atom style '" + atomSection.style() + "' is not supported; expected 'Atoms # atomic'");
        }
        Section massSection = sections.get("Masses");
        int massRows = massSection == null ? 0 : massSection.rows().size();
        long typesBound = Math.max(n, Math.max(massRows, typeNames == null ? 0 : typeNames.size()));
        if (nt > typesBound) {
            throw at(src, 1, nt + " atom types for " + n + " atoms and " + massRows + " Masses lines; give at most as many types as atoms or masses");
        }
        if (atomSection.rows().size() != n) {
            throw at(src, atomSection.rows().isEmpty() ? atomSection.line() : atomSection.lines().get(atomSection.rows().size() - 1),
                    "expected " + n + " lines in Atoms (the header's atom count), got " + atomSection.rows().size());
        }
        int atoms = (int) n, types = (int) nt;
        double[] masses = new double[types];
        java.util.Arrays.fill(masses, Double.NaN);
        String[] names = new String[types];
        if (massSection != null) masses(massSection.rows(), massSection.lines(), masses, names, src);
        double[] r = new double[3 * atoms];
        int[] type = new int[atoms];
        int[] lineOf = new int[atoms];
        Map<Integer, Integer> slot = atoms(atomSection.rows(), atomSection.lines(), types, h, r, type, lineOf, src);
        for (int a = 0; a < atoms; a++) for (int k = 0; k < 3; k++) r[3 * a + k] -= lo[k];
        double[] v = null;
        Section velSection = sections.get("Velocities");
        if (velSection != null) {
            v = new double[3 * atoms];
            velocities(velSection.rows(), velSection.lines(), slot, v, src);
        }
        for (int t = 0; t < types; t++) {
            if (names[t] == null) names[t] = typeNames != null && t < typeNames.size() ? typeNames.get(t) : Integer.toString(t + 1);
            if (Double.isNaN(masses[t])) {
                if (!org.polymorph.materials.io.Elements.isElement(names[t])) {
                    if (massSection == null) {
                        throw at(src, 1, "no mass for atom type " + (t + 1) + " ('" + names[t] + "', not an element symbol): the file has no Masses section;"
                                + " give elements=Si,... naming the element of each of the " + types + " type(s) in order (masses then from the standard atomic weights)");
                    }
                    throw at(src, 1, "no mass for atom type " + (t + 1) + " (" + names[t] + "); add it to the Masses section");
                }
                masses[t] = org.polymorph.materials.io.Elements.mass(names[t]);
            }
        }
        Frame frame = new Frame(new Atoms(r, type, List.of(names), masses, Box.periodic(h)), v, null, Map.of());
        StructureCheck.check(frame.atoms(), src.name(), boxLine, a -> lineOf[a]);
        return frame;
    }

    /** The header keyword ending the line's fields, after the right count of numbers; else an error naming the line. */
    private static String headerKeyword(String[] t, LineSource src) {
        for (Map.Entry<String, Integer> k : HEADER.entrySet()) {
            String[] words = k.getKey().split(" ");
            if (t.length < words.length) continue;
            boolean match = true;
            for (int w = 0; w < words.length && match; w++) match = t[t.length - words.length + w].equals(words[w]);
            if (!match) continue;
            if (t.length != words.length + k.getValue()) {
                throw src.error("expected " + k.getValue() + " number(s) before '" + k.getKey() + "', got '" + String.join(" ", t) + "'");
            }
            return k.getKey();
        }
        throw src.error("'" + String.join(" ", t) + "' is neither a header line ('N atoms', 'T atom types', 'lo hi xlo xhi', 'xy xz yz', …)"
                + " nor a section name (Masses, Atoms, Velocities, …); correct or remove the line");
    }

    /** A header count >= 0 (a long, checked against the body later). */
    private static long count(String token, String what, LineSource src) {
        long v;
        try {
            if (!Numbers.isInteger(token) || token.length() > 18) throw new NumberFormatException();
            v = Long.parseLong(token);
        } catch (NumberFormatException e) {
            throw src.error("expected an integer for " + what + ", got '" + token + "'");
        }
        if (v < 0) throw src.error("expected " + what + " >= 0, got " + v);
        return v;
    }

    /** The sections from {@code first} (a section name line, or null) to the end of the file; a repeated section is an error. */
    private static Map<String, Section> sections(String first, LineSource src) {
        Map<String, Section> out = new java.util.HashMap<>();
        String header = first;
        while (header != null) {
            String name = strip(header);
            int c = header.indexOf('#');
            String style = c >= 0 ? header.substring(c + 1).strip() : "";
            int sectionLine = src.line();
            List<String> rows = new ArrayList<>();
            List<Integer> rowLines = new ArrayList<>();
            String next = null;
            String l;
            while ((l = src.next()) != null) {
                String t = strip(l);
                if (SECTIONS.contains(t)) {
                    next = l;
                    break;
                }
                if (!t.isEmpty()) {
                    rows.add(name.equals("Masses") ? l.strip() : t);
                    rowLines.add(src.line());
                }
            }
            if (out.put(name, new Section(sectionLine, style, rows, rowLines)) != null) {
                throw at(src, sectionLine, "a second " + name + " section; a data file has one of each");
            }
            header = next;
        }
        return out;
    }

    private static IllegalArgumentException at(LineSource src, int line, String msg) {
        return src.errorAt(line, msg);
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
            int type = src.integer(t[0], "the atom type", ln);
            if (type < 1 || type > masses.length) throw at(src, ln, "atom type " + type + " outside 1.." + masses.length);
            masses[type - 1] = src.number(t[1], "the mass", ln);
            if (!(masses[type - 1] > 0)) throw at(src, ln, "mass " + t[1] + " of atom type " + type + "; give a mass > 0 in amu");
            if (c >= 0 && !raw.substring(c + 1).isBlank()) names[type - 1] = LineSource.fields(raw.substring(c + 1))[0];
        }
    }

    /** Fills r, types and lineOf in order of increasing id; returns id → slot. Ids are any distinct positive integers. */
    private static Map<Integer, Integer> atoms(List<String> rows, List<Integer> lines, int nt, double[] h, double[] r, int[] types, int[] lineOf,
            LineSource src) {
        int n = rows.size();
        String[][] t = new String[n][];
        Integer[] order = new Integer[n];
        int[] ids = new int[n];
        for (int i = 0; i < n; i++) {
            t[i] = LineSource.fields(rows.get(i));
            int ln = lines.get(i);
            if (t[i].length != 5 && t[i].length != 8) throw at(src, ln, "expected 'id type x y z [ix iy iz]' (atom_style atomic), got '" + rows.get(i) + "'");
            ids[i] = src.integer(t[i][0], "the atom id", ln);
            if (ids[i] < 1) throw at(src, ln, "atom id " + ids[i] + "; ids are positive");
            order[i] = i;
        }
        java.util.Arrays.sort(order, (x, y) -> Integer.compare(ids[x], ids[y]));
        Map<Integer, Integer> slot = new java.util.HashMap<>();
        for (int a = 0; a < n; a++) {
            int i = order[a], ln = lines.get(i);
            lineOf[a] = ln;
            if (slot.put(ids[i], a) != null) throw at(src, ln, "atom id " + ids[i] + " is repeated");
            int type = src.integer(t[i][1], "the atom type", ln);
            if (type < 1 || type > nt) throw at(src, ln, "atom type " + type + " outside 1.." + nt);
            types[a] = type - 1;
            for (int k = 0; k < 3; k++) r[3 * a + k] = src.number(t[i][2 + k], "a coordinate", ln);
            if (t[i].length == 8) {
                for (int m = 0; m < 3; m++) {
                    int img = src.integer(t[i][5 + m], "an image flag", ln);
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
            int id = src.integer(t[0], "the atom id", ln);
            Integer a = slot.get(id);
            if (a == null) throw at(src, ln, "atom id " + id + " is not in the Atoms section");
            for (int k = 0; k < 3; k++) v[3 * a + k] = src.number(t[1 + k], "a velocity", ln);
        }
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
