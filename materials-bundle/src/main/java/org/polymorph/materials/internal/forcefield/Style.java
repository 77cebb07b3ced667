package org.polymorph.materials.internal.forcefield;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.polymorph.autodiff.Var;
import org.polymorph.materials.internal.potential.Edip;
import org.polymorph.materials.internal.potential.StillingerWeber;
import org.polymorph.materials.internal.potential.Tersoff;
import org.polymorph.materials.potential.Potential;

/**
 * A single-element three-body style (sw, edip, tersoff) seen as a flat parameter vector in the
 * LAMMPS file's order: read from a file, turned into the potential's differentiable Params record
 * (one scalar Var per number), into a Potential, and written back as a LAMMPS file. The integer-like
 * entries LAMMPS uses outside the formulas (sw tol, tersoff m) are kept fixed.
 */
public enum Style {
    SW("sw", StillingerWeber.FILE_PARAMETERS, "tol"),
    EDIP("edip", Edip.FILE_PARAMETERS, null),
    TERSOFF("tersoff", Tersoff.FILE_PARAMETERS, "m");

    private final String name;
    private final List<String> names;
    private final String fixedEntry;

    Style(String name, List<String> names, String fixedEntry) {
        this.name = name;
        this.names = names;
        this.fixedEntry = fixedEntry;
    }

    public static Style of(String name) {
        for (Style s : values()) if (s.name.equals(name)) return s;
        throw new IllegalArgumentException("potential style '" + name + "' cannot be fitted; use sw, edip or tersoff");
    }

    public String styleName() { return name; }

    /** All numbers of one file entry, in file order. */
    public List<String> names() { return names; }

    /** Whether {@code parameter} can be a free (differentiated) parameter. */
    public boolean differentiable(String parameter) { return names.contains(parameter) && !parameter.equals(fixedEntry); }

    public int index(String parameter) {
        int k = names.indexOf(parameter);
        if (k < 0) throw new IllegalArgumentException("free parameter '" + parameter + "' is not a " + name + " parameter; use one of " + names);
        return k;
    }

    /** The numbers of the entry {@code element element element} of a LAMMPS file (file order), checked by the style. */
    public double[] read(Path file, String element) {
        double[][] t = org.polymorph.materials.internal.potential.files.ThreeBodyFile.read(file, names, List.of(element), java.util.Set.of());
        double[] out = new double[names.size()];
        for (int k = 0; k < out.length; k++) out[k] = t[k][0];
        potential(out);          // the style's own checks (signs, c < a)
        return out;
    }

    /** The potential with these numbers (file order). */
    public Potential potential(double[] values) {
        double[][] t = new double[values.length][];
        for (int k = 0; k < values.length; k++) t[k] = new double[] {values[k]};
        return switch (this) {
            case SW -> new StillingerWeber(1, t);
            case EDIP -> new Edip(1, t);
            case TERSOFF -> new Tersoff(1, t);
        };
    }

    /** The style's Params record of scalar Vars {@code all} (file order; the fixed entry's Var is ignored). */
    public Object params(List<Var> all) {
        List<Var> d = new ArrayList<>(all);
        if (fixedEntry != null) d.remove(names.indexOf(fixedEntry));
        Var[] p = d.toArray(new Var[0]);
        return switch (this) {
            case SW -> new StillingerWeber.Params(p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7], p[8], p[9]);
            case EDIP -> new Edip.Params(p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7], p[8], p[9], p[10], p[11], p[12], p[13], p[14], p[15], p[16]);
            case TERSOFF -> new Tersoff.Params(p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7], p[8], p[9], p[10], p[11], p[12]);
        };
    }

    /** A LAMMPS parameter file with one entry {@code element element element}; %.17g keeps every double exactly. */
    public String write(String element, double[] values, String comment) {
        StringBuilder b = new StringBuilder();
        for (String line : comment.split("\n")) b.append("# ").append(line).append('\n');
        b.append("# ").append(element).append(' ').append(element).append(' ').append(element);
        for (String n : names) b.append(' ').append(n);
        b.append('\n').append(element).append(' ').append(element).append(' ').append(element);
        for (int k = 0; k < values.length; k++) {
            b.append(k % 4 == 0 ? "\n    " : " ").append(String.format(Locale.ROOT, "%.17g", values[k]));
        }
        return b.append('\n').toString();
    }
}
