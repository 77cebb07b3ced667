package org.polymorph.materials.internal.io;

import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import org.polymorph.materials.space.Box;
import org.polymorph.materials.structure.Atoms;

/**
 * CIF: reads cell lengths/angles, the symmetry operations (_symmetry_equiv_pos_as_xyz or
 * _space_group_symop_operation_xyz; identity when absent) and fully occupied fractional sites, and
 * expands them to the P1 cell: every operation applied to every site, wrapped into [0, 1), and
 * images closer than 1e-4 (fractional, per component, periodic) merged. The Cartesian cell is the
 * standard one: a along x, b in the xy plane. Writes P1.
 */
public final class Cif {
    private Cif() { }

    /** Fractional tolerance for merging symmetry images. */
    public static final double TOLERANCE = 1e-4;

    public static Atoms read(LineSource src) {
        CifTokens cif = CifTokens.parse(src);
        double a = cell(cif, "_cell_length_a", src), b = cell(cif, "_cell_length_b", src), c = cell(cif, "_cell_length_c", src);
        double al = cell(cif, "_cell_angle_alpha", src), be = cell(cif, "_cell_angle_beta", src), ga = cell(cif, "_cell_angle_gamma", src);
        double[] h = cellMatrix(a, b, c, al, be, ga);
        if (!(Box.det(h) > 0)) {
            throw new IllegalArgumentException(src.name() + " line " + cif.items.get("_cell_angle_gamma").line()
                    + ": cell lengths/angles " + a + " " + b + " " + c + " " + al + " " + be + " " + ga + " give no valid cell");
        }
        List<double[]> ops = new ArrayList<>();
        CifTokens.Loop symLoop = cif.loopWith("_symmetry_equiv_pos_as_xyz", "_space_group_symop_operation_xyz");
        CifTokens.Token single = cif.items.getOrDefault("_symmetry_equiv_pos_as_xyz", cif.items.get("_space_group_symop_operation_xyz"));
        if (symLoop == null && single != null) {
            try {
                ops.add(SymOp.parse(single.text()));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(src.name() + " line " + single.line() + ": " + e.getMessage(), e);
            }
        } else if (symLoop == null) {
            ops.add(SymOp.parse("x,y,z"));
        } else {
            int col = symLoop.column("_symmetry_equiv_pos_as_xyz");
            if (col < 0) col = symLoop.column("_space_group_symop_operation_xyz");
            for (CifTokens.Token[] row : symLoop.rows()) {
                try {
                    ops.add(SymOp.parse(row[col].text()));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(src.name() + " line " + row[col].line() + ": " + e.getMessage(), e);
                }
            }
        }
        CifTokens.Loop sites = cif.loopWith("_atom_site_fract_x");
        if (sites == null) throw new IllegalArgumentException(src.name() + ": expected an _atom_site_ loop with _atom_site_fract_x/y/z");
        int cx = sites.column("_atom_site_fract_x"), cy = sites.column("_atom_site_fract_y"), cz = sites.column("_atom_site_fract_z");
        int csym = sites.column("_atom_site_type_symbol"), clab = sites.column("_atom_site_label"), cocc = sites.column("_atom_site_occupancy");
        if (cy < 0 || cz < 0) throw new IllegalArgumentException(src.name() + ": the _atom_site_ loop needs _atom_site_fract_y and _fract_z");
        if (csym < 0 && clab < 0) throw new IllegalArgumentException(src.name() + ": the _atom_site_ loop needs _atom_site_type_symbol or _atom_site_label");
        List<double[]> frac = new ArrayList<>();
        List<String> symbols = new ArrayList<>();
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
            for (double[] op : ops) add(frac, symbols, SymOp.apply(op, s), sym, src.name(), line);
        }
        return toAtoms(frac, symbols, h);
    }

    private static void add(List<double[]> frac, List<String> symbols, double[] s, String sym, String file, int line) {
        for (int k = 0; k < 3; k++) {
            s[k] -= Math.floor(s[k]);
            if (s[k] >= 1) s[k] = 0;
        }
        for (int i = 0; i < frac.size(); i++) {
            double[] o = frac.get(i);
            boolean same = true;
            for (int k = 0; k < 3 && same; k++) {
                double d = s[k] - o[k];
                same = Math.abs(d - Math.rint(d)) < TOLERANCE;
            }
            if (same) {
                if (!symbols.get(i).equals(sym)) {
                    throw new IllegalArgumentException(file + " line " + line + ": a symmetry image of this " + sym + " site falls on a "
                            + symbols.get(i) + " site; check the coordinates and symmetry operations");
                }
                return;
            }
        }
        frac.add(s);
        symbols.add(sym);
    }

    private static Atoms toAtoms(List<double[]> frac, List<String> symbols, double[] h) {
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

    /** Element symbol from a type symbol or label: leading capital plus optional lower-case letter ("Si1" → Si, "O2-" → O). */
    static String element(String label) {
        int e = 0;
        if (e < label.length() && Character.isUpperCase(label.charAt(e))) e++;
        if (e == 1 && e < label.length() && Character.isLowerCase(label.charAt(e))) e++;
        return e == 0 ? label : label.substring(0, e);
    }

    private static double cell(CifTokens cif, String tag, LineSource src) {
        CifTokens.Token t = cif.items.get(tag);
        if (t == null) throw new IllegalArgumentException(src.name() + ": expected " + tag + "; the data block has none");
        return value(t, tag, src);
    }

    /** A CIF number, standard uncertainty "(n)" dropped. */
    private static double value(CifTokens.Token t, String tag, LineSource src) {
        String s = t.text();
        int p = s.indexOf('(');
        if (p >= 0) s = s.substring(0, p);
        try {
            double v = Double.parseDouble(s);
            if (Double.isFinite(v)) return v;
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(src.name() + " line " + t.line() + ": expected a number for " + tag + ", got '" + t.text() + "'");
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
