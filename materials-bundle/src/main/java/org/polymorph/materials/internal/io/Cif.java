package org.polymorph.materials.internal.io;

import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import org.polymorph.materials.space.Box;
import org.polymorph.materials.structure.Atoms;

/**
 * CIF: reads cell lengths/angles, the symmetry operations (_symmetry_equiv_pos_as_xyz or
 * _space_group_symop_operation_xyz; identity when absent; each must be an isometry of the cell, see
 * {@link SymOp#requireIsometry}) and fully occupied fractional sites, and expands them to the P1
 * cell: every operation applied to every site, wrapped into [0, 1). Images of one site closer than
 * {@link StructureCheck#MIN_DISTANCE} to each other are one atom (a site on a special position
 * written with rounded coordinates, such as 0.333 for 1/3), placed at their mean; images of different
 * sites closer than 1e-4 (fractional, per component, periodic) are merged when of one element (a
 * file listing the P1 atoms and the operations). The Cartesian cell is the standard one: a along x,
 * b in the xy plane. Writes P1.
 */
public final class Cif {
    private Cif() { }

    /** Fractional tolerance for merging symmetry images of different sites. */
    public static final double TOLERANCE = 1e-4;

    public static Atoms read(LineSource src) {
        CifTokens cif = CifTokens.parse(src);
        double a = length(cif, "_cell_length_a", src), b = length(cif, "_cell_length_b", src), c = length(cif, "_cell_length_c", src);
        double al = angle(cif, "_cell_angle_alpha", src), be = angle(cif, "_cell_angle_beta", src), ga = angle(cif, "_cell_angle_gamma", src);
        double[] h = cellMatrix(a, b, c, al, be, ga);
        int cellLine = cif.items.get("_cell_length_a").line();
        if (!(Box.det(h) > 0) || !(h[8] > 0)) {
            throw new IllegalArgumentException(src.name() + " line " + cif.items.get("_cell_angle_gamma").line()
                    + ": cell lengths/angles " + a + " " + b + " " + c + " " + al + " " + be + " " + ga
                    + " give no valid cell (each angle must be less than the sum of the other two, and the three less than 360°)");
        }
        List<double[]> ops = new ArrayList<>();
        CifTokens.Loop symLoop = cif.loopWith("_symmetry_equiv_pos_as_xyz", "_space_group_symop_operation_xyz");
        CifTokens.Token single = cif.items.getOrDefault("_symmetry_equiv_pos_as_xyz", cif.items.get("_space_group_symop_operation_xyz"));
        if (symLoop == null && single != null) {
            ops.add(operation(single, h, src));
        } else if (symLoop == null) {
            ops.add(SymOp.parse("x,y,z"));
        } else {
            int col = symLoop.column("_symmetry_equiv_pos_as_xyz");
            if (col < 0) col = symLoop.column("_space_group_symop_operation_xyz");
            for (CifTokens.Token[] row : symLoop.rows()) ops.add(operation(row[col], h, src));
        }
        CifTokens.Loop sites = cif.loopWith("_atom_site_fract_x");
        if (sites == null) throw new IllegalArgumentException(src.name() + ": expected an _atom_site_ loop with _atom_site_fract_x/y/z");
        int cx = sites.column("_atom_site_fract_x"), cy = sites.column("_atom_site_fract_y"), cz = sites.column("_atom_site_fract_z");
        int csym = sites.column("_atom_site_type_symbol"), clab = sites.column("_atom_site_label"), cocc = sites.column("_atom_site_occupancy");
        if (cy < 0 || cz < 0) throw new IllegalArgumentException(src.name() + ": the _atom_site_ loop needs _atom_site_fract_y and _fract_z");
        if (csym < 0 && clab < 0) throw new IllegalArgumentException(src.name() + ": the _atom_site_ loop needs _atom_site_type_symbol or _atom_site_label");
        Expansion out = new Expansion(h, src.name());
        for (CifTokens.Token[] row : sites.rows()) {
            int line = row[cx].line();
            String sym = element(row[csym >= 0 ? csym : clab].text());
            if (!org.polymorph.materials.io.Elements.isElement(sym)) {
                throw new IllegalArgumentException(src.name() + " line " + line + ": unknown element symbol '" + sym
                        + "' (from '" + row[csym >= 0 ? csym : clab].text() + "'); expected a symbol from H to Bi");
            }
            if (cocc >= 0) {
                double occ = value(row[cocc], "_atom_site_occupancy", src);
                if (Math.abs(occ - 1) > 1e-6) {
                    throw new IllegalArgumentException(src.name() + " line " + line + ": occupancy " + occ + " of " + row[0].text()
                            + "; only fully occupied sites (occupancy 1) are supported");
                }
            }
            double[] s = {value(row[cx], "_atom_site_fract_x", src), value(row[cy], "_atom_site_fract_y", src), value(row[cz], "_atom_site_fract_z", src)};
            out.site(ops, s, sym, line);
        }
        Atoms atoms = out.atoms();
        StructureCheck.check(atoms, src.name(), cellLine, out::line);
        return atoms;
    }

    private static double[] operation(CifTokens.Token t, double[] h, LineSource src) {
        try {
            double[] op = SymOp.parse(t.text());
            SymOp.requireIsometry(op, h, t.text());
            return op;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(src.name() + " line " + t.line() + ": " + e.getMessage(), e);
        }
    }

    /**
     * The P1 atoms of a CIF, site by site: each site's images under the operations (merged when closer
     * than MIN_DISTANCE to each other), then merged with earlier atoms of the same element within
     * TOLERANCE. Earlier atoms are found through a grid of 1/GRID in fractional coordinates, so a file of
     * many sites is expanded in time proportional to its atoms.
     */
    private static final class Expansion {
        private static final int GRID = 1024;

        private final double[] h;
        private final String file;
        private final List<double[]> frac = new ArrayList<>();
        private final List<String> symbols = new ArrayList<>();
        private final List<Integer> lines = new ArrayList<>();
        private final java.util.Map<Long, List<Integer>> grid = new java.util.HashMap<>();

        Expansion(double[] h, String file) {
            this.h = h;
            this.file = file;
        }

        void site(List<double[]> ops, double[] site, String sym, int line) {
            List<double[]> own = new ArrayList<>();       // this site's distinct images: sum of members, count
            for (double[] op : ops) {
                double[] s = SymOp.apply(op, site);
                boolean merged = false;
                for (int m = 0; m < own.size() && !merged; m++) {
                    double[] o = own.get(m);
                    double[] d = new double[3];
                    for (int k = 0; k < 3; k++) {
                        double mean = o[k] / o[3];
                        d[k] = s[k] - mean - Math.rint(s[k] - mean);
                    }
                    if (cartesian(d) < StructureCheck.MIN_DISTANCE) {
                        for (int k = 0; k < 3; k++) o[k] += o[k] / o[3] + d[k];
                        o[3]++;
                        merged = true;
                    }
                }
                if (!merged) own.add(new double[] {s[0], s[1], s[2], 1});
            }
            for (double[] o : own) add(new double[] {o[0] / o[3], o[1] / o[3], o[2] / o[3]}, sym, line);
        }

        private double cartesian(double[] d) {
            double d2 = 0;
            for (int k = 0; k < 3; k++) {
                double x = d[0] * h[k] + d[1] * h[3 + k] + d[2] * h[6 + k];
                d2 += x * x;
            }
            return Math.sqrt(d2);
        }

        private void add(double[] s, String sym, int line) {
            for (int k = 0; k < 3; k++) {
                s[k] -= Math.floor(s[k]);
                if (s[k] >= 1) s[k] = 0;
            }
            int[] cell = new int[3];
            for (int k = 0; k < 3; k++) cell[k] = Math.min(GRID - 1, (int) (s[k] * GRID));
            for (int dx = -1; dx <= 1; dx++) {
                for (int dy = -1; dy <= 1; dy++) {
                    for (int dz = -1; dz <= 1; dz++) {
                        List<Integer> there = grid.get(key(cell[0] + dx, cell[1] + dy, cell[2] + dz));
                        if (there == null) continue;
                        for (int i : there) {
                            if (!same(s, frac.get(i))) continue;
                            if (!symbols.get(i).equals(sym)) {
                                throw new IllegalArgumentException(file + " line " + line + ": a symmetry image of this " + sym + " site falls on a "
                                        + symbols.get(i) + " site (line " + lines.get(i) + "); check the coordinates and symmetry operations");
                            }
                            return;
                        }
                    }
                }
            }
            grid.computeIfAbsent(key(cell[0], cell[1], cell[2]), k -> new ArrayList<>()).add(frac.size());
            frac.add(s);
            symbols.add(sym);
            lines.add(line);
        }

        private static boolean same(double[] s, double[] o) {
            for (int k = 0; k < 3; k++) {
                double d = s[k] - o[k];
                if (Math.abs(d - Math.rint(d)) >= TOLERANCE) return false;
            }
            return true;
        }

        private static long key(int x, int y, int z) {
            return ((long) Math.floorMod(x, GRID) * GRID + Math.floorMod(y, GRID)) * GRID + Math.floorMod(z, GRID);
        }

        int line(int atom) { return lines.get(atom); }

        Atoms atoms() {
            List<String> names = new ArrayList<>();
            for (String s : symbols) if (!names.contains(s)) names.add(s);
            double[] masses = new double[names.size()];
            for (int t = 0; t < masses.length; t++) masses[t] = org.polymorph.materials.io.Elements.mass(names.get(t));
            int n = frac.size();
            double[] r = new double[3 * n];
            int[] types = new int[n];
            for (int i = 0; i < n; i++) {
                double[] s = frac.get(i);
                for (int k = 0; k < 3; k++) r[3 * i + k] = s[0] * h[k] + s[1] * h[3 + k] + s[2] * h[6 + k];
                types[i] = names.indexOf(symbols.get(i));
            }
            return new Atoms(r, types, names, masses, Box.periodic(h));
        }
    }

    /** Element symbol from a type symbol or label: leading capital plus optional lower-case letter ("Si1" → Si, "O2-" → O). */
    static String element(String label) {
        int e = 0;
        if (e < label.length() && Character.isUpperCase(label.charAt(e))) e++;
        if (e == 1 && e < label.length() && Character.isLowerCase(label.charAt(e))) e++;
        return e == 0 ? label : label.substring(0, e);
    }

    private static CifTokens.Token item(CifTokens cif, String tag, LineSource src) {
        CifTokens.Token t = cif.items.get(tag);
        if (t == null) throw new IllegalArgumentException(src.name() + ": expected " + tag + "; the data block has none");
        return t;
    }

    /** A cell length [Å], > 0. */
    private static double length(CifTokens cif, String tag, LineSource src) {
        CifTokens.Token t = item(cif, tag, src);
        double v = value(t, tag, src);
        if (!(v > 0)) throw new IllegalArgumentException(src.name() + " line " + t.line() + ": " + tag + " = " + t.text() + "; give a length > 0 in Å");
        return v;
    }

    /** A cell angle [degrees], strictly between 0 and 180. */
    private static double angle(CifTokens cif, String tag, LineSource src) {
        CifTokens.Token t = item(cif, tag, src);
        double v = value(t, tag, src);
        if (!(v > 0 && v < 180)) {
            throw new IllegalArgumentException(src.name() + " line " + t.line() + ": " + tag + " = " + t.text()
                    + "; a cell angle lies strictly between 0 and 180 degrees");
        }
        return v;
    }

    /** A CIF number, standard uncertainty "(n)" dropped. */
    private static double value(CifTokens.Token t, String tag, LineSource src) {
        String s = t.text();
        int p = s.indexOf('(');
        if (p >= 0 && s.endsWith(")")) s = s.substring(0, p);
        try {
            return Numbers.real(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(src.name() + " line " + t.line() + ": expected a number for " + tag + ", got '" + t.text() + "'", e);
        }
    }

    private static double cosd(double deg) { return deg == 90 ? 0 : Math.cos(Math.toRadians(deg)); }

    /** Rows a = (a,0,0), b = (b cosγ, b sinγ, 0), c = (c cosβ, c (cosα − cosβ cosγ)/sinγ, c·√(1 − cx² − cy²)). */
    static double[] cellMatrix(double a, double b, double c, double alpha, double beta, double gamma) {
        double ca = cosd(alpha), cb = cosd(beta), cg = cosd(gamma);
        double sg = gamma == 90 ? 1 : Math.sin(Math.toRadians(gamma));
        double cy = (ca - cb * cg) / sg;
        double cz2 = 1 - cb * cb - cy * cy;
        return new double[] {a, 0, 0, b * cg, b * sg, 0, c * cb, c * cy, c * Math.sqrt(Math.max(cz2, 0))};
    }

    /** P1 CIF of the cell (lengths and angles) and fractional sites; labels are symbol + running number. */
    public static void write(Writer w, Atoms atoms, String name) throws IOException {
        double[] h = atoms.box().h();
        double[] len = new double[3];
        for (int i = 0; i < 3; i++) len[i] = Math.sqrt(h[3 * i] * h[3 * i] + h[3 * i + 1] * h[3 * i + 1] + h[3 * i + 2] * h[3 * i + 2]);
        double alpha = angle(h, 1, 2, len), beta = angle(h, 0, 2, len), gamma = angle(h, 0, 1, len);
        StringBuilder b = new StringBuilder();
        b.append("data_").append(name.replaceAll("\\s+", "_")).append('\n');
        b.append("_symmetry_space_group_name_H-M    'P 1'\n_symmetry_Int_Tables_number    1\n");
        b.append("_cell_length_a    ").append(AtomicFiles.num(len[0])).append('\n');
        b.append("_cell_length_b    ").append(AtomicFiles.num(len[1])).append('\n');
        b.append("_cell_length_c    ").append(AtomicFiles.num(len[2])).append('\n');
        b.append("_cell_angle_alpha    ").append(AtomicFiles.num(alpha)).append('\n');
        b.append("_cell_angle_beta    ").append(AtomicFiles.num(beta)).append('\n');
        b.append("_cell_angle_gamma    ").append(AtomicFiles.num(gamma)).append("\n\n");
        b.append("loop_\n_symmetry_equiv_pos_as_xyz\n  'x, y, z'\n\n");
        b.append("loop_\n_atom_site_label\n_atom_site_type_symbol\n_atom_site_fract_x\n_atom_site_fract_y\n_atom_site_fract_z\n_atom_site_occupancy\n");
        double[] inv = Box.inverse(h);
        int[] count = new int[atoms.typeNames().size()];
        for (int a = 0; a < atoms.size(); a++) {
            String sym = atoms.typeNames().get(atoms.type(a));
            b.append("  ").append(sym).append(++count[atoms.type(a)]).append(' ').append(sym);
            for (int k = 0; k < 3; k++) {
                double s = atoms.x(a, 0) * inv[k] + atoms.x(a, 1) * inv[3 + k] + atoms.x(a, 2) * inv[6 + k];
                b.append(' ').append(AtomicFiles.num(s));
            }
            b.append(" 1\n");
        }
        w.write(b.toString());
    }

    private static double angle(double[] h, int i, int j, double[] len) {
        double d = h[3 * i] * h[3 * j] + h[3 * i + 1] * h[3 * j + 1] + h[3 * i + 2] * h[3 * j + 2];
        return d == 0 ? 90 : Math.toDegrees(Math.acos(d / (len[i] * len[j])));
    }
}
